"""Reading one scanned or photographed page of a machine-readable form.

The steps: find the page's QR code (in a corner first, then anywhere), which
says which form, page and respondent this is and, by the order of its corners,
which way up the page lies; predict the four corner markers from it and find
each one; map the page to the canonical frame through the markers; measure how
much ink is inside every box relative to the local paper brightness; classify
each row of boxes. Nothing uncertain becomes an answer: a row with no mark, two
marks, a faint mark or a correction is left unanswered with its reason.

OpenCV and numpy come from the optional `scan` extra and are imported lazily.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..i18n import N_, _
from ..model import Questionnaire
from ..render.documents import Paper
from .deps import require
from .layout import FormLayout, PageLayout, Rect, Row, form_layout
from .qrpayload import Payload, PayloadError, decode, matches_fingerprint

Image = Any  # a numpy array (grayscale uint8)

SCALE = 2.5  # canonical pixels per point (180 dpi)
WORK_LONG_SIDE = 2400  # larger images are reduced to this before reading
QR_RETRY_SCALES = (2.0, 3.0)  # a corner whose code was missed is enlarged this much ...
QR_RETRY_MAX = 2200  # ... while it stays within this many pixels (small codes only)
# Darkness is measured relative to the local paper: 0 = paper, 1 = black.
INK = 0.3  # a pixel this much darker than the paper is ink
INSET = 2.2  # points between a box's printed edge and the part measured
NOISE = 0.06  # paper grain, scanner noise: darkness below this counts as none
MARK_MEAN = 0.02  # a mark: mean darkness of the interior at least this ...
MARK_PEAK = 0.28  # ... drawn with ink at least this dark
EMPTY_MEAN = 0.005  # an empty box: at most this mean darkness ...
EMPTY_PEAK = 0.11  # ... and nothing darker than this
FILLED_MIN = 0.6  # a filled box: this share of the interior is ink
RING_MIN = 0.05  # ink above and below a filled box: crossed out
EDGE_OUT = 2.0  # points outside a box's printed edge that belong to its edge band
EDGE_EXTRA = 0.012  # an empty-looking box whose band is this much darker than the row's: flagged


class PageError(Exception):
    """A page that cannot be read (no QR code, no markers)."""


def layouts(versions: Mapping[str, Questionnaire]) -> Callable[[Payload], FormLayout]:
    """The layout of the form a payload names, checked against the questionnaire in use.

    `versions` holds the questionnaire in each language it is read in.
    """
    some = next(iter(versions.values()))

    def layout_for(payload: Payload) -> FormLayout:
        if payload.questionnaire != some.id or not matches_fingerprint(payload, some.fingerprint):
            raise PageError(
                _("the page belongs to another questionnaire ({id})").format(
                    id=payload.questionnaire
                )
            )
        if payload.language not in versions:
            raise PageError(
                _("the page is in a language the questionnaire does not have ({lang})").format(
                    lang=payload.language
                )
            )
        if payload.paper not in Paper.__members__:
            raise PageError(_("the QR code is not from a form of this program"))
        return form_layout(versions[payload.language], Paper(payload.paper))

    return layout_for


class Problem(StrEnum):
    """Why a statement is left unanswered."""

    none = "no mark"
    two = "two marks"
    faint = "faint mark"
    corrected = "corrected"
    edge = "mark on an edge"


PROBLEM_TEXTS = {
    Problem.none: N_("no mark"),
    Problem.two: N_("two marks"),
    Problem.faint: N_("a mark too faint to call"),
    Problem.corrected: N_("a corrected mark"),
    Problem.edge: N_("a mark on a box's edge"),
}


def problem_text(problem: Problem) -> str:
    """Why a statement was left unanswered, in the active language."""
    return _(PROBLEM_TEXTS[problem])


@dataclass(frozen=True)
class BoxReading:
    """What is inside one box, as fractions of the measured interior.

    `mean` is the mean darkness (blur spreads a stroke but keeps its sum), `peak`
    the darkness of the darkest few pixels (how dark the pen is), `cover` the
    share darker than ink, `ring` the ink in the bands above and below the box.
    """

    value: int
    mean: float
    peak: float
    cover: float
    ring: float
    edge: float = 0.0  # mean darkness on and just around the printed edge

    @property
    def state(self) -> str:
        """'empty', 'mark', 'filled', 'crossed' (a filled box crossed out) or 'doubtful'."""
        if self.cover >= FILLED_MIN:
            return "crossed" if self.ring >= RING_MIN else "filled"
        if self.mean >= MARK_MEAN and self.peak >= MARK_PEAK:
            return "mark"
        if self.mean <= EMPTY_MEAN and self.peak <= EMPTY_PEAK:
            return "empty"
        return "doubtful"

    @property
    def margin(self) -> float:
        """How far the box lies from the nearest decision threshold (0 = on it), 0..1."""
        state = self.state
        if state == "mark":
            return min(self.mean / MARK_MEAN - 1, self.peak / MARK_PEAK - 1, 1.0)
        if state == "empty":
            return min(1 - self.mean / EMPTY_MEAN, 1 - self.peak / EMPTY_PEAK)
        if state in ("filled", "crossed"):
            return min(self.cover / FILLED_MIN - 1, 1.0)
        return 0.0


@dataclass(frozen=True)
class RowReading:
    """One statement as read: the value, or the problem that left it unanswered."""

    section: str
    item: int
    label: str
    value: int | None
    problem: Problem | None
    confidence: float
    boxes: tuple[BoxReading, ...]
    crop: Image = None  # the row's boxes as seen, for review


@dataclass(frozen=True)
class PageReading:
    """One page as read."""

    payload: Payload
    rows: tuple[RowReading, ...]
    name_crop: Image = None


def load_image(data: bytes) -> Image:
    """Decode PNG/JPEG/... bytes into a grayscale array (None when not an image)."""
    np = require("numpy")
    cv2 = require("cv2")
    array = np.frombuffer(data, dtype=np.uint8)
    return cv2.imdecode(array, cv2.IMREAD_GRAYSCALE)


def pdf_pages(data: bytes, dpi: float = 200) -> list[Image]:
    """Every page of a PDF rendered as a grayscale array."""
    pdfium = require("pypdfium2")
    document = pdfium.PdfDocument(data)
    try:
        return [
            document[i].render(scale=dpi / 72, grayscale=True).to_numpy().copy()
            for i in range(len(document))
        ]
    finally:
        document.close()


def _working(gray: Image) -> Image:
    cv2 = require("cv2")
    long_side = max(gray.shape[:2])
    if long_side <= WORK_LONG_SIDE:
        return gray
    f = WORK_LONG_SIDE / long_side
    return cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)


def _decode_quad(gray: Image, quad: Image) -> tuple[str, Image] | None:
    """Straighten the quadrilateral a QR code was detected in and decode it there."""
    np = require("numpy")
    cv2 = require("cv2")
    n, m = 264, 48  # the code's side and the quiet zone around it, pixels
    square = np.array([[m, m], [m + n, m], [m + n, m + n], [m, m + n]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), square)
    flat = cv2.warpPerspective(
        gray, matrix, (n + 2 * m, n + 2 * m), flags=cv2.INTER_CUBIC, borderValue=255
    )
    for detector in (cv2.QRCodeDetector(), cv2.QRCodeDetectorAruco()):
        text, points, _straight = detector.detectAndDecode(flat)
        if text and points is not None:
            back = cv2.perspectiveTransform(
                points.reshape(-1, 1, 2).astype(np.float32), np.linalg.inv(matrix)
            )
            return text, back.reshape(4, 2).astype(np.float64)
    return None


def find_qr(gray: Image) -> tuple[str, Image]:
    """The QR text and its four corners (in the code's own order: TL, TR, BR, BL).

    Looks in each corner of the image (top right first: the page upright), on a
    reduced copy to find the code, then decodes it from the full image after
    straightening it; the whole image is the last resort.
    """
    np = require("numpy")
    cv2 = require("cv2")
    h, w = gray.shape[:2]
    side = int(max(w * 0.4, h * 0.3))
    corners = [(w - side, 0), (0, h - side), (0, 0), (w - side, h - side)]
    finder = cv2.QRCodeDetectorAruco()
    f = min(1.0, 640 / side)
    for x, y in corners:
        x, y = max(0, x), max(0, y)
        part = gray[y : y + side, x : x + side]
        small = cv2.resize(part, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1 else part
        found, quad = finder.detect(small)
        if not found or quad is None:
            continue
        quad = quad.reshape(-1, 2)[:4].astype(np.float64) / f + np.array([x, y])
        decoded = _decode_quad(gray, quad)
        if decoded is not None:
            return decoded
        for detector in (cv2.QRCodeDetector(), cv2.QRCodeDetectorAruco()):
            text, points, _straight = detector.detectAndDecode(part)
            if text and points is not None:
                return text, points.reshape(4, 2).astype(np.float64) + np.array([x, y])
    found = _find_small_qr(gray, corners, side)
    if found is not None:
        return found
    for detector in (cv2.QRCodeDetector(), cv2.QRCodeDetectorAruco()):
        text, points, _straight = detector.detectAndDecode(gray)
        if text and points is not None:
            return text, points.reshape(4, 2).astype(np.float64)
    raise PageError(_("no QR code found on the page"))


def _find_small_qr(
    gray: Image, corners: list[tuple[int, int]], side: int
) -> tuple[str, Image] | None:
    """The second try: each corner enlarged two and three times (bicubic) and decoded.

    A code photographed at 150 dpi has modules under 4 pixels wide; blur and JPEG
    blocks then hide its finder patterns from the detectors at that size, and
    enlargement brings them back (see bench_scan.py: about one phone-like page in
    ten at 150 dpi was lost without it).
    """
    np = require("numpy")
    cv2 = require("cv2")
    detectors = (cv2.QRCodeDetector(), cv2.QRCodeDetectorAruco())
    for x, y in corners:
        x, y = max(0, x), max(0, y)
        part = gray[y : y + side, x : x + side]
        for f in QR_RETRY_SCALES:
            if max(part.shape) * f > QR_RETRY_MAX:
                continue
            big = cv2.resize(part, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC)
            for detector in detectors:
                text, points, _straight = detector.detectAndDecode(big)
                if text and points is not None:
                    return text, points.reshape(4, 2).astype(np.float64) / f + np.array([x, y])
    return None


def _find_marker(
    gray: Image, centre: Image, side: float, reach: float
) -> tuple[float, float] | None:
    """The centre of the corner marker nearest `centre` (expected side `side` pixels).

    A marker is a dark square of about the expected size with a light middle; a
    filled box, a tick or text never has that shape.
    """
    np = require("numpy")
    cv2 = require("cv2")
    from .layout import MARKER, MARKER_HOLE

    h, w = gray.shape[:2]
    r = int(max(reach, 2 * side, 30))
    cx, cy = float(centre[0]), float(centre[1])
    x0, y0 = max(0, int(cx) - r), max(0, int(cy) - r)
    x1, y1 = min(w, int(cx) + r), min(h, int(cy) + r)
    if x1 - x0 < side or y1 - y0 < side:
        return None
    window = gray[y0:y1, x0:x1]
    # Halfway between the paper and the darkest ink: the marker keeps its size and hole
    # whatever the lighting and the background around the page.
    dark, paper = np.percentile(window, [0.5, 90])
    level = (float(dark) + float(paper)) / 2
    binary = (window < level).astype(np.uint8)
    count, _labels, stats, centroids = cv2.connectedComponentsWithStats(binary, connectivity=8)
    ring = side * side * (1 - (MARKER_HOLE / MARKER) ** 2)
    best: tuple[float, tuple[float, float]] | None = None
    for i in range(1, count):
        bx, by, bw, bh, n = (int(v) for v in stats[i])
        if not (0.7 * side <= bw <= 1.4 * side and 0.7 * side <= bh <= 1.4 * side):
            continue
        if not 0.5 * ring <= n <= 1.5 * ring:
            continue
        if binary[by + bh // 2, bx + bw // 2]:  # the middle must be light
            continue
        px, py = centroids[i][0] + x0, centroids[i][1] + y0
        distance = float(np.hypot(px - cx, py - cy))
        if best is None or distance < best[0]:
            best = (distance, (float(px), float(py)))
    return best[1] if best is not None else None


def _markers(gray: Image, lay: FormLayout, qr_corners: Image) -> list[tuple[float, float]]:
    """The centres of the four corner markers in the image, in the layout's order.

    An affine map from the QR code predicts each marker; the nearest markers are
    found first and then help predict the far ones (a small code extrapolates
    badly across a whole page in perspective).
    """
    np = require("numpy")
    cv2 = require("cv2")
    from .layout import MARKER

    q = lay.qr
    known_page = [(q.x, q.y), (q.x + q.width, q.y), (q.x + q.width, q.y + q.height)]
    known_page.append((q.x, q.y + q.height))
    known_image = [tuple(p) for p in qr_corners]
    qr_side = float(np.mean(np.linalg.norm(qr_corners - np.roll(qr_corners, 1, axis=0), axis=1)))
    side = MARKER * qr_side / q.width
    diagonal = float(np.hypot(*gray.shape[:2]))
    qr_centre = np.array([q.x + q.width / 2, q.y + q.height / 2])
    order = sorted(range(4), key=lambda i: float(np.hypot(*(np.array(lay.markers[i]) - qr_centre))))
    found: dict[int, tuple[float, float]] = {}
    for i in order:
        page_points = np.array(known_page, dtype=np.float32)
        image_points = np.array(known_image, dtype=np.float32)
        affine, _inliers = cv2.estimateAffine2D(page_points, image_points)
        if affine is None:
            raise PageError(_("a corner marker of the page cannot be found"))
        centre = affine @ np.array([*lay.markers[i], 1.0])
        reach = max(3 * side, (0.07 if len(found) < 2 else 0.12) * diagonal)
        spot = _find_marker(gray, centre, side, reach)
        if spot is None:
            raise PageError(_("a corner marker of the page cannot be found"))
        found[i] = spot
        known_page.append(lay.markers[i])
        known_image.append(spot)
    return [found[i] for i in range(4)]


def straighten(gray: Image, lay: FormLayout, qr_corners: Image) -> Image:
    """The page mapped onto the canonical frame (SCALE pixels per point)."""
    np = require("numpy")
    cv2 = require("cv2")
    found = _markers(gray, lay, qr_corners)
    canonical = np.array(lay.markers, dtype=np.float32) * SCALE
    transform = cv2.getPerspectiveTransform(canonical, np.array(found, dtype=np.float32))
    size = (round(lay.width * SCALE), round(lay.height * SCALE))
    return cv2.warpPerspective(
        gray,
        transform,
        size,
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_REPLICATE,
    )


def darkness(page: Image) -> Image:
    """How much darker than the local paper each pixel is (0 = paper, 1 = black)."""
    np = require("numpy")
    cv2 = require("cv2")
    k = int(22 * SCALE) | 1
    small = cv2.resize(page, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    paper = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (k // 4 | 1, k // 4 | 1)))
    paper = cv2.GaussianBlur(paper, (0, 0), 3)
    paper = cv2.resize(paper, (page.shape[1], page.shape[0]), interpolation=cv2.INTER_LINEAR)
    paper = np.maximum(paper.astype(np.float32), 40.0)
    return np.clip(1.0 - page.astype(np.float32) / paper, 0.0, 1.0)


def _px(value: float) -> int:
    return round(value * SCALE)


def _row_offset(dark: Image, row: Row) -> tuple[int, int]:
    """The shift (pixels) that best puts the printed box outlines of a row where expected."""
    np = require("numpy")
    m = 4
    edge = _px(row.boxes[0].rect.width)
    first = row.boxes[0].rect
    y0, x_left = _px(first.y), _px(first.x)
    height, width = dark.shape
    if y0 - m < 0 or y0 + edge + m + 1 > height:
        return 0, 0
    cols = np.zeros(edge + 2 * m + 1, dtype=np.float32)
    rows = np.zeros(edge + 2 * m + 1, dtype=np.float32)
    for box in row.boxes:
        x0 = _px(box.rect.x)
        if x0 - m < 0 or x0 + edge + m + 1 > width:
            return 0, 0
        patch = dark[y0 - m : y0 + edge + m + 1, x0 - m : x0 + edge + m + 1] > INK
        cols += patch.sum(axis=0)
        rows += patch.sum(axis=1)
    del x_left

    def best(profile: Image) -> int:
        scores = [profile[m + d] + profile[m + d + edge] for d in range(-m, m + 1)]
        return int(np.argmax(scores)) - m

    return best(cols), best(rows)


def read_box(dark: Image, rect: Rect, dx: int, dy: int, value: int) -> BoxReading:
    """Ink inside one box (its printed edge left out), around its edge, and in the bands
    above and below it."""
    x0, y0 = _px(rect.x + INSET) + dx, _px(rect.y + INSET) + dy
    x1, y1 = _px(rect.x + rect.width - INSET) + dx, _px(rect.y + rect.height - INSET) + dy
    inner = dark[y0:y1, x0:x1]
    # Bands above and below the box, wide enough to catch strokes crossing it diagonally.
    band = max(_px(2.0), 2)
    gap = _px(1.6)
    rx0, rx1 = max(0, _px(rect.x - 4) + dx), _px(rect.x + rect.width + 4) + dx
    top = dark[max(0, _px(rect.y) + dy - gap - band) : _px(rect.y) + dy - gap, rx0:rx1]
    bottom_y = _px(rect.y + rect.height) + dy + gap
    bottom = dark[bottom_y : bottom_y + band, rx0:rx1]
    ring = min(float((top > INK).mean()), float((bottom > INK).mean())) if top.size else 0.0
    if not inner.size:
        return BoxReading(value, EMPTY_MEAN * 2, 1.0, 0.0, 0.0)  # off the page: doubtful
    np = require("numpy")
    peak = float(np.partition(inner, int(inner.size * 0.97), axis=None)[int(inner.size * 0.97)])
    # The mean leaves out the paper's grain (darkness under NOISE), which would add up.
    inner_sum = float(np.maximum(inner - NOISE, 0).sum())
    mean = inner_sum / inner.size
    # The band between the measured interior and EDGE_OUT outside the box: the printed
    # edge (the same in every box of the row) plus any stroke that crosses it.
    ex0, ey0 = max(0, _px(rect.x - EDGE_OUT) + dx), max(0, _px(rect.y - EDGE_OUT) + dy)
    ex1, ey1 = _px(rect.x + rect.width + EDGE_OUT) + dx, _px(rect.y + rect.height + EDGE_OUT) + dy
    around = dark[ey0:ey1, ex0:ex1]
    edge_ink = float(np.maximum(around - NOISE, 0).sum()) - inner_sum
    edge = edge_ink / max(around.size - inner.size, 1)
    return BoxReading(value, mean, peak, float((inner > INK).mean()), ring, edge)


def classify(boxes: tuple[BoxReading, ...]) -> tuple[int | None, Problem | None, float]:
    """The value of a row of boxes, or why it has none; with a confidence in 0..1."""
    states = [b.state for b in boxes]
    confidence = max(0.0, min(b.margin for b in boxes))
    if "crossed" in states:
        return None, Problem.corrected, confidence
    if "doubtful" in states:
        return None, Problem.faint, confidence
    if _on_an_edge(boxes):
        return None, Problem.edge, 0.0
    marked = [b for b in boxes if b.state in ("mark", "filled")]
    if not marked:
        return None, Problem.none, confidence
    if len(marked) > 1:
        return None, Problem.two, confidence
    return marked[0].value, None, confidence


def _on_an_edge(boxes: tuple[BoxReading, ...]) -> bool:
    """Whether a box that looks empty inside has ink on or just outside its printed edge.

    Every box of a row has the same printed edge, so the row's typical edge darkness
    (its lower median) is what an untouched edge looks like; a mark drawn over the
    edge of a box adds to that box's band while its inside may stay almost clean.
    """
    edges = sorted(b.edge for b in boxes)
    usual = edges[(len(edges) - 1) // 2]
    return any(b.state == "empty" and b.edge - usual > EDGE_EXTRA for b in boxes)


def read_rows(page: Image, layout: PageLayout, keep_crops: bool = True) -> tuple[RowReading, ...]:
    """Every row of boxes on a straightened page."""
    np = require("numpy")
    dark = np.zeros(page.shape, dtype=np.float32)
    if layout.rows:  # only the column of boxes is measured
        rects = [b.rect for r in layout.rows for b in r.boxes]
        x0 = max(0, _px(min(b.x for b in rects) - 30))
        x1 = min(page.shape[1], _px(max(b.x + b.width for b in rects) + 20))
        dark[:, x0:x1] = darkness(page[:, x0:x1])
    out = []
    for row in layout.rows:
        dx, dy = _row_offset(dark, row)
        boxes = tuple(read_box(dark, b.rect, dx, dy, b.value) for b in row.boxes)
        value, problem, confidence = classify(boxes)
        crop = None
        if keep_crops and problem is not None:
            first, last = row.boxes[0].rect, row.boxes[-1].rect
            pad = 10.0
            crop = page[
                max(0, _px(first.y - pad) + dy) : _px(first.y + first.height + pad) + dy,
                max(0, _px(first.x - pad - 8) + dx) : _px(last.x + last.width + pad) + dx,
            ].copy()
        out.append(
            RowReading(row.section, row.item, row.label, value, problem, confidence, boxes, crop)
        )
    return tuple(out)


def read_page(
    gray: Image,
    layout_for: Callable[[Payload], FormLayout],
    keep_crops: bool = True,
) -> PageReading:
    """Read one page image. `layout_for` gives the form's layout for a payload (or raises)."""
    work = _working(gray)
    text, corners = find_qr(work)
    try:
        payload = decode(text)
    except PayloadError:
        raise PageError(_("the QR code is not from a form of this program")) from None
    lay = layout_for(payload)
    if payload.filler:
        return PageReading(payload, ())
    page_layout = lay.page(payload.page)
    if page_layout.digest != payload.layout:
        raise PageError(
            _("the form was printed by a version with a different layout; print it again")
        )
    page = straighten(work, lay, corners)
    rows = read_rows(page, page_layout, keep_crops)
    name_crop = None
    if keep_crops and payload.respondent is None and payload.page == 1:
        n = lay.name
        name_crop = page[_px(n.y - 6) : _px(n.y + n.height + 4), _px(n.x) : _px(n.x + n.width + 40)]
        name_crop = name_crop.copy()
    return PageReading(payload, rows, name_crop)

"""Where everything goes on a machine-readable form, from the QR code's facts alone.

`form_layout(questionnaire, paper)` is the one deterministic layout: the PDF
renderer draws at these places and the scanner reads the boxes at the same
places, so a scan needs no template file. Coordinates are PostScript points
with the origin at the page's top-left corner, y growing downwards; the scanner
maps them through the four corner markers. The layout depends on the
questionnaire (texts in one language), the paper, and nothing else: a
personalised form has the same boxes as a blank one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from reportlab.platypus import Flowable

from ..model import Questionnaire
from ..render.documents import PAPER_POINTS, Paper
from ..render.documents.pdf_common import MARGIN
from . import blocks

MARKER = 14.0  # side of a corner marker: a black square ...
MARKER_HOLE = 6.0  # ... with a white square in the middle (no pen mark looks like it)
MARKER_INSET = 17.0  # from the paper edge to the marker's outer edge
QR_SIZE = 60.0
QR_GAP = 9.0  # between the top-right marker and the QR code
HEADER_BASELINE = 31.0
LEGEND_TOP = 42.0
CONTENT_TOP = 80.0
CONTENT_BOTTOM = 38.0  # room for the footer and the bottom markers
ROW_PAD = 2.6
GAP_AFTER_SECTION = 8.0


@dataclass(frozen=True)
class Rect:
    """A rectangle: top-left corner, width and height (points, y down)."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Box:
    """One tick box: statement `item` (0-based) of `section`, scale point `value`."""

    section: str
    item: int
    value: int
    rect: Rect


@dataclass(frozen=True)
class Row:
    """One statement's row of boxes."""

    section: str
    item: int
    label: str  # "1.2", as printed in front of the statement
    rect: Rect
    boxes: tuple[Box, ...]


@dataclass(frozen=True)
class Element:
    """A printed piece (see `blocks.piece`) placed on a page."""

    kind: str
    key: str
    rect: Rect


@dataclass(frozen=True)
class PageLayout:
    """One page: its printed pieces and its rows of boxes."""

    number: int
    elements: tuple[Element, ...]
    rows: tuple[Row, ...]

    @property
    def digest(self) -> str:
        """A short hash of the box geometry (put in the QR code, checked by the scanner)."""
        text = ";".join(
            f"{b.section}.{b.item}={b.value}@{b.rect.x:.1f},{b.rect.y:.1f},{b.rect.width:.1f}"
            for r in self.rows
            for b in r.boxes
        )
        return hashlib.sha256(f"{self.number}|{text}".encode()).hexdigest()[:4]


@dataclass(frozen=True)
class FormLayout:
    """The whole form: page size, markers, QR place, name field and the pages."""

    paper: Paper
    width: float
    height: float
    markers: tuple[
        tuple[float, float], ...
    ]  # centres: top-left, top-right, bottom-right, bottom-left
    qr: Rect
    name: Rect  # where the respondent's name is printed or written
    legend: Rect  # the scale's labels, under the name on every page
    pages: tuple[PageLayout, ...]

    @property
    def frame(self) -> Rect:
        """The rectangle between the marker centres (the scanner's canonical frame)."""
        (x0, y0), _tr, (x1, y1), _bl = self.markers
        return Rect(x0, y0, x1 - x0, y1 - y0)

    def page(self, number: int) -> PageLayout:
        """Page `number` (1-based)."""
        return self.pages[number - 1]


def _markers(width: float, height: float) -> tuple[tuple[float, float], ...]:
    c = MARKER_INSET + MARKER / 2
    return ((c, c), (width - c, c), (width - c, height - c), (c, height - c))


def qr_rect(width: float) -> Rect:
    """Where the QR code goes: top right, left of the top-right marker."""
    right = width - MARKER_INSET - MARKER - QR_GAP
    return Rect(right - QR_SIZE, MARKER_INSET, QR_SIZE, QR_SIZE)


@dataclass(frozen=True)
class _Piece:
    kind: str
    key: str
    height: float
    gap_before: float


def _height(f: Flowable, width: float) -> float:
    return float(f.wrap(width, 10_000)[1])


def _groups(q: Questionnaire, width: float) -> Iterator[list[_Piece]]:
    """The form's pieces in reading order, in groups that stay together on one page."""
    head = [
        _Piece("title", "", _height(blocks.title(q), width), 0),
    ]
    head.append(_Piece("instructions", "", _height(blocks.instructions(q), width), 5))
    head.append(_Piece("how", "", _height(blocks.how_to_mark(q), width), 3))
    head.append(_Piece("who", "", _height(blocks.who(q, width), width), 4))
    yield head
    values = [p.value for p in q.scale.points]
    box_w = len(values) * blocks.cell_width(values)
    text_w = width - blocks.NUMBER_WIDTH - box_w - 6
    for n, section in enumerate(q.sections, start=1):
        group = [
            _Piece("heading", section.id, _height(blocks.heading(n, section), width), 8),
            _Piece("theme", section.id, _height(blocks.theme(q, section, width), width), 1),
        ]
        for i, item in enumerate(section.items):
            text_h = _height(blocks.statement(item.text), text_w)
            row_h = max(text_h, blocks.BOX) + 2 * ROW_PAD
            group.append(_Piece("row", f"{section.id}.{i}", row_h, 3 if i == 0 else 0))
        group.append(
            _Piece("score", section.id, _height(blocks.score_row(q, section, width), width), 1)
        )
        yield group
    for kind, pieces in (
        ("totals", blocks.totals(q, width)),
        ("meaning", blocks.meaning(q, width)),
    ):
        yield [
            _Piece(kind, str(i), _height(f, width), 8 if i == 0 else 3)
            for i, f in enumerate(pieces)
        ]


@lru_cache(maxsize=32)
def form_layout(questionnaire: Questionnaire, paper: Paper) -> FormLayout:
    """The layout of the machine-readable form of `questionnaire` on `paper`."""
    blocks.ready()
    q = questionnaire
    width, height = PAPER_POINTS[paper]
    content_w = width - 2 * MARGIN
    bottom = height - CONTENT_BOTTOM
    values = [p.value for p in q.scale.points]
    cell = blocks.cell_width(values)
    box_x0 = width - MARGIN - len(values) * cell + blocks.label_width(values)

    pages: list[list[Element]] = [[]]
    y = CONTENT_TOP

    def new_page() -> None:
        nonlocal y
        pages.append([])
        y = CONTENT_TOP

    for group in _groups(q, content_w):
        total = sum(p.height + p.gap_before for p in group)
        if y + total > bottom and pages[-1]:
            new_page()
        for piece in group:
            gap = piece.gap_before if pages[-1] else 0
            if y + gap + piece.height > bottom and pages[-1]:
                new_page()
                gap = 0
            y += gap
            pages[-1].append(
                Element(piece.kind, piece.key, Rect(MARGIN, y, content_w, piece.height))
            )
            y += piece.height

    layouts = []
    for number, elements in enumerate(pages, start=1):
        rows = []
        for e in elements:
            if e.kind != "row":
                continue
            section_id, _dot, index = e.key.rpartition(".")
            item = int(index)
            box_y = e.rect.y + (e.rect.height - blocks.BOX) / 2
            boxes = tuple(
                Box(
                    section_id,
                    item,
                    v,
                    Rect(box_x0 + k * cell, box_y, blocks.BOX, blocks.BOX),
                )
                for k, v in enumerate(values)
            )
            n = [s.id for s in q.sections].index(section_id) + 1
            rows.append(Row(section_id, item, f"{n}.{item + 1}", e.rect, boxes))
        layouts.append(PageLayout(number, tuple(elements), tuple(rows)))
    name = Rect(MARGIN, HEADER_BASELINE - 14, 250, 18)
    qr = qr_rect(width)
    legend_w = qr.x - 12 - MARGIN
    legend = Rect(MARGIN, LEGEND_TOP, legend_w, _height(blocks.legend(q), legend_w))
    return FormLayout(
        paper=paper,
        width=width,
        height=height,
        markers=_markers(width, height),
        qr=qr,
        name=name,
        legend=legend,
        pages=tuple(layouts),
    )


def piece(q: Questionnaire, element: Element) -> Flowable | None:
    """The flowable an element stands for (None for rows: the renderer draws those)."""
    width = element.rect.width
    if element.kind in ("totals", "meaning"):
        parts = blocks.totals(q, width) if element.kind == "totals" else blocks.meaning(q, width)
        return parts[int(element.key)]
    simple: dict[str, Callable[[], Flowable]] = {
        "title": lambda: blocks.title(q),
        "instructions": lambda: blocks.instructions(q),
        "how": lambda: blocks.how_to_mark(q),
        "who": lambda: blocks.who(q, width),
    }
    if element.kind in simple:
        return simple[element.kind]()
    if element.kind == "row":
        return None
    n, section = next((n, s) for n, s in enumerate(q.sections, 1) if s.id == element.key)
    if element.kind == "heading":
        return blocks.heading(n, section)
    if element.kind == "theme":
        return blocks.theme(q, section, width)
    return blocks.score_row(q, section, width)

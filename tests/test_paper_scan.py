"""Machine-readable forms read back: rendered, marked with a simulated pen, damaged, scanned.

Pages are generated here (the form PDF rasterised with pypdfium2, marks drawn
with OpenCV), so every expected value is known; a reading is right only when
every statement comes back as marked, and anything doubtful comes back
unanswered with its reason, never as a guess.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

cv2 = pytest.importorskip("cv2")
np = pytest.importorskip("numpy")
pytest.importorskip("pypdfium2")

from custserv_audit.model import Questionnaire  # noqa: E402
from custserv_audit.paper.assemble import Origin, ScannedPage, answer_text, assemble  # noqa: E402
from custserv_audit.paper.layout import form_layout  # noqa: E402
from custserv_audit.paper.pdf import Respondent, render  # noqa: E402
from custserv_audit.paper.qrpayload import decode  # noqa: E402
from custserv_audit.paper.scan import (  # noqa: E402
    PageError,
    Problem,
    layouts,
    load_image,
    pdf_pages,
    read_page,
)
from custserv_audit.paper.synthetic import Damage, Mark, degrade, draw_mark  # noqa: E402
from custserv_audit.render.documents import Paper  # noqa: E402
from custserv_audit.schema.definition import load_questionnaire  # noqa: E402

DPI = 150
STYLES = ("tick", "cross", "filled", "dot")


@pytest.fixture(scope="module")
def en() -> Questionnaire:
    return load_questionnaire(None, "en")


@pytest.fixture(scope="module")
def blank_pages(en: Questionnaire) -> list[Any]:
    """The two pages of Jane's personalised form, as a scanner at 150 dpi would see them."""
    return pdf_pages(render(en, Paper.a4, [Respondent("Jane Doe", "jane")]), dpi=DPI)


Truth = dict[tuple[str, int], int]


def fill(
    q: Questionnaire,
    pages: list[Any],
    seed: int,
    paper: Paper = Paper.a4,
    special: Callable[[Any, Any, Any], bool] | None = None,
) -> tuple[list[Any], Truth]:
    """Copies of `pages` with one random mark per statement; the values marked."""
    rng = np.random.default_rng(seed)
    lay = form_layout(q, paper)
    truth: Truth = {}
    out = []
    for number, page in enumerate(pages, start=1):
        image = page.copy()
        for k, row in enumerate(lay.page(number).rows):
            if special is not None and special(image, row, rng):
                continue
            value = int(rng.integers(q.scale.low, q.scale.high + 1))
            truth[(row.section, row.item)] = value
            mark = Mark(STYLES[(k + seed) % 4], ink=int(rng.integers(20, 90)))
            draw_mark(image, row.boxes[value - q.scale.low].rect, DPI, mark, rng)
        out.append(image)
    return out, truth


def read(q: Questionnaire, image: Any) -> Any:
    return read_page(image, layouts({q.language: q}))


def values(reading: Any) -> Truth:
    return {(r.section, r.item): r.value for r in reading.rows if r.value is not None}


def test_upright_pages_read_exactly(en: Questionnaire, blank_pages: list[Any]) -> None:
    pages, truth = fill(en, blank_pages, seed=1)
    got: Truth = {}
    for number, page in enumerate(pages, start=1):
        reading = read(en, page)
        assert reading.payload.page == number
        assert reading.payload.respondent == "jane"
        assert all(r.problem is None for r in reading.rows)
        got |= values(reading)
    assert got == truth
    assert len(got) == en.item_count


@pytest.mark.parametrize(
    "damage",
    [
        Damage(angle=180),
        Damage(angle=-4, perspective=0.015, scale=0.92, blur=0.8, noise=5, lighting=0.35, jpeg=55),
        Damage(angle=183, scale=0.95, jpeg=70),
    ],
    ids=["upside-down", "photo", "upside-down-skewed"],
)
def test_damaged_pages_read_exactly(
    en: Questionnaire, blank_pages: list[Any], damage: Damage
) -> None:
    pages, truth = fill(en, blank_pages, seed=2)
    rng = np.random.default_rng(3)
    got: Truth = {}
    for page in pages:
        got |= values(read(en, degrade(page, damage, rng)))
    assert got == truth


def test_jpeg_and_png_files_and_a_scanned_pdf(
    en: Questionnaire, blank_pages: list[Any], tmp_path: Path
) -> None:
    """Real files: a JPEG and a PNG photo, and a PDF of page images as a sheet feeder makes."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    pages, truth = fill(en, blank_pages, seed=4)
    ok, jpeg = cv2.imencode(".jpg", pages[0], [cv2.IMWRITE_JPEG_QUALITY, 60])
    assert ok
    (tmp_path / "p1.jpg").write_bytes(jpeg.tobytes())
    ok, png = cv2.imencode(".png", pages[1])
    (tmp_path / "p2.png").write_bytes(png.tobytes())
    got: Truth = {}
    for name in ("p1.jpg", "p2.png"):
        got |= values(read(en, load_image((tmp_path / name).read_bytes())))
    assert got == truth

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(595.2756, 841.8898))
    for page in reversed(pages):  # the sheets went in the wrong way round
        ok, data = cv2.imencode(".png", page)
        canvas.drawImage(ImageReader(io.BytesIO(data.tobytes())), 0, 0, 595.2756, 841.8898)
        canvas.showPage()
    canvas.save()
    scanned = pdf_pages(buffer.getvalue(), dpi=200)
    assert [read(en, p).payload.page for p in scanned] == [2, 1]
    got = {}
    for p in scanned:
        got |= values(read(en, p))
    assert got == truth


@pytest.mark.parametrize(
    ("marks", "problem"),
    [
        ([], Problem.none),
        ([(2, Mark("tick")), (4, Mark("cross"))], Problem.two),
        ([(3, Mark("tick", ink=195))], Problem.faint),
        ([(1, Mark("crossed")), (4, Mark("tick"))], Problem.corrected),
        # A second mark drawn over the lower right edge of box 3: almost nothing inside it.
        ([(2, Mark("cross")), (3, Mark("tick", shift=(0.32, 0.3)))], Problem.edge),
    ],
    ids=["no-mark", "two-marks", "faint", "corrected", "edge"],
)
def test_doubtful_rows_are_left_unanswered(
    en: Questionnaire, blank_pages: list[Any], marks: list[tuple[int, Mark]], problem: Problem
) -> None:
    lay = form_layout(en, Paper.a4)
    target = lay.page(1).rows[2]  # statement 1.3

    def special(image: Any, row: Any, rng: Any) -> bool:
        if row != target:
            return False
        for value, mark in marks:
            draw_mark(image, row.boxes[value - 1].rect, DPI, mark, rng)
        return True

    pages, truth = fill(en, blank_pages[:1], seed=5, special=special)
    reading = read(en, degrade(pages[0], Damage(angle=1.5, jpeg=75), np.random.default_rng(6)))
    row = next(r for r in reading.rows if r.label == "1.3")
    assert row.value is None
    assert row.problem == problem
    assert row.crop is not None and row.crop.size > 0
    assert values(reading) == truth  # every other statement still read


def test_light_and_edge_overlapping_marks_are_read(
    en: Questionnaire, blank_pages: list[Any]
) -> None:
    lay = form_layout(en, Paper.a4)
    expected: Truth = {}
    styles = [
        Mark("tick", ink=140),  # a light pen
        Mark("cross", pen=1.4, ink=10),  # heavy
        Mark("tick", shift=(0.25, -0.25)),  # over the top right edge
        Mark("cross", shift=(-0.2, 0.2), size=1.2),
        Mark("filled", ink=120),
    ]

    def special(image: Any, row: Any, rng: Any) -> bool:
        k = lay.page(1).rows.index(row)
        if k >= len(styles):
            return False
        value = 1 + (k * 2) % 5
        draw_mark(image, row.boxes[value - 1].rect, DPI, styles[k], rng)
        expected[(row.section, row.item)] = value
        return True

    pages, truth = fill(en, blank_pages[:1], seed=7, special=special)
    got = values(read(en, pages[0]))
    assert got == truth | expected


def test_letter_finnish_form() -> None:
    fi = load_questionnaire(None, "fi")
    pages = pdf_pages(render(fi, Paper.letter), dpi=DPI)
    filled, truth = fill(fi, pages, seed=8, paper=Paper.letter)
    got: Truth = {}
    for page in filled:
        reading = read(fi, page)
        assert reading.payload.language == "fi" and reading.payload.paper == "letter"
        assert reading.payload.respondent is None
        got |= values(reading)
    assert got == truth


def test_unreadable_and_foreign_pages_are_errors(en: Questionnaire, blank_pages: list[Any]) -> None:
    blank = np.full((1200, 900), 255, dtype=np.uint8)
    with pytest.raises(PageError, match="no QR code"):
        read(en, blank)
    mini = load_questionnaire(Path(__file__).parent / "assets" / "mini.yaml", "en")
    with pytest.raises(PageError, match="another questionnaire"):
        read_page(blank_pages[0], layouts({"en": mini}))
    with pytest.raises(PageError, match="language"):
        read_page(blank_pages[0], layouts({"fi": load_questionnaire(None, "fi")}))


def test_pages_in_any_order_make_whole_forms(en: Questionnaire) -> None:
    people = [Respondent("Anna", "a1"), Respondent("Ben", "b2"), Respondent("Cleo", "c3")]
    rendered = pdf_pages(render(en, Paper.a4, people), dpi=DPI)
    assert len(rendered) == 6
    readings = [read(en, p) for p in rendered]
    order = [5, 0, 3, 2, 4, 1]
    scanned = [ScannedPage(Origin("pile.pdf", n + 1), readings[i]) for n, i in enumerate(order)]
    forms, problems = assemble(en, scanned)
    assert problems == []
    # The QR code carries the roster's id and the printed name: no roster needed to tell them.
    assert sorted((f.respondent, f.respondent_id) for f in forms) == [
        ("Anna", "a1"),
        ("Ben", "b2"),
        ("Cleo", "c3"),
    ]
    anna = next(f for f in forms if f.respondent_id == "a1")
    assert [p.origin.page for p in anna.pages] == [2, 6]
    assert len(anna.doubts) == en.item_count  # nothing was marked: all listed, none guessed
    assert all(d.row.problem == Problem.none for d in anna.doubts)
    text = answer_text(en, anna, anna.ratings)
    assert "culture: [null, null, null, null]" in text
    assert "pile.pdf, page 2; pile.pdf, page 6" in text
    assert 'respondent: "Anna"' in text and 'respondent_id: "a1"' in text

    forms, problems = assemble(en, [*scanned, scanned[0]])
    assert [p.respondent for p in problems] == ["Cleo"]
    assert "page 2 was scanned twice" in problems[0].message
    forms, problems = assemble(en, scanned[1:])
    assert [p.respondent for p in problems] == ["Cleo"]
    assert "page 2 of 2 is missing" in problems[0].message
    assert len(forms) == 2


def test_blank_forms_take_their_name_from_the_file(en: Questionnaire) -> None:
    pages = pdf_pages(render(en, Paper.a4), dpi=DPI)
    readings = [read(en, p) for p in pages]
    assert readings[0].name_crop is not None and readings[0].name_crop.size > 0
    scanned = [
        ScannedPage(Origin("scans/anna.pdf", 1), readings[0]),
        ScannedPage(Origin("scans/anna.pdf", 2), readings[1]),
        ScannedPage(Origin("scans/ben.jpg"), readings[0]),
        ScannedPage(Origin("scans/ben2.jpg"), readings[1]),
    ]
    forms, problems = assemble(en, scanned)
    assert problems == []
    assert [f.respondent for f in forms] == ["anna", "ben"]
    forms, problems = assemble(en, scanned[:2], respondent="Anna K")
    assert [f.respondent for f in forms] == ["Anna K"]


def test_payload_names_the_page(en: Questionnaire, blank_pages: list[Any]) -> None:
    from custserv_audit.paper.scan import find_qr

    text, _corners = find_qr(blank_pages[1])
    payload = decode(text)
    lay = form_layout(en, Paper.a4)
    assert (payload.questionnaire, payload.page, payload.pages) == (en.id, 2, 2)
    assert payload.layout == lay.page(2).digest
    assert en.fingerprint.startswith(payload.fingerprint)


def test_a_small_blurred_qr_code_is_read_on_the_second_try(
    en: Questionnaire, blank_pages: list[Any]
) -> None:
    """150 dpi, blurred, noisy, JPEG 55: the detectors miss the code at its own size."""
    pages, truth = fill(en, blank_pages[:1], seed=4)
    damage = Damage(
        angle=2.5, perspective=0.01, scale=0.92, blur=1.0, noise=6, lighting=0.3, jpeg=55
    )
    page = degrade(pages[0], damage, np.random.default_rng(0))
    reading = read(en, page)
    assert (reading.payload.respondent, reading.payload.name) == ("jane", "Jane Doe")
    assert values(reading) == truth

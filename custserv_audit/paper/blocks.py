"""The printed pieces of a machine-readable form as reportlab flowables.

`layout` measures them and `pdf` draws them at the measured places, so both
build every piece here, the same way. Texts come from the questionnaire and
program messages only.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table

from ..model import Questionnaire, Section
from ..render.documents.pdf_common import (
    FONT,
    FONT_BOLD,
    HEADED_GRID,
    INK,
    MUTED,
    WriteIn,
    cell_style,
    para,
    register_fonts,
    style,
)
from ..render.documents.views import form_view

BODY = 9.5
NUMBER_WIDTH = 26.0
BOX = 11.0  # side of a tick box, points
LABEL_SIZE = 7.0  # the scale value printed left of each box
LABEL_GAP = 2.5
CELL_GAP = 5.0
ENDS_SIZE = 6.0  # the scale's end labels over the boxes


def ready() -> None:
    """Register the bundled fonts (needed before any measuring)."""
    register_fonts()


def label_width(values: list[int]) -> float:
    """Room for the widest scale value left of a box."""
    return max(stringWidth(str(v), FONT, LABEL_SIZE) for v in values) + LABEL_GAP


def cell_width(values: list[int]) -> float:
    """The width one scale point takes in the row of boxes."""
    return label_width(values) + BOX + CELL_GAP


def title(q: Questionnaire) -> Paragraph:
    """The questionnaire's title."""
    return para(form_view(q).title, style(15, bold=True))


def instructions(q: Questionnaire) -> Paragraph:
    """How to fill in the form."""
    return para(form_view(q).instructions, style(8.5, leading=11))


def how_to_mark(q: Questionnaire) -> Paragraph:
    """How to mark a box so the form can be read back by a scanner."""
    return para(form_view(q).how_to_mark, style(7.5, colour=MUTED, leading=9.5))


def who(q: Questionnaire, width: float) -> Table:
    """Company and date, each with a line to write on (the name is in the page header)."""
    v = form_view(q)
    labels = [v.company, v.date]
    label_w = [stringWidth(label, FONT_BOLD, 9) + 14 for label in labels]
    free = max(width - sum(label_w), 120)
    lines = [free * 0.7, free * 0.3]
    label = style(9, bold=True)
    cells = [[para(labels[0], label), "", para(labels[1], label), ""]]
    table = Table(cells, colWidths=[label_w[0], lines[0], label_w[1], lines[1]], rowHeights=[20])
    table.setStyle(
        cell_style(
            "BOTTOM",
            ("LINEBELOW", (1, 0), (1, 0), 0.8, INK),
            ("LINEBELOW", (3, 0), (3, 0), 0.8, INK),
            bottom=2,
            left=2,
            right=6,
        )
    )
    return table


def heading(n: int, section: Section) -> Paragraph:
    """A section's number and title."""
    return para(f"{n}. {section.title}", style(11, bold=True))


def theme(q: Questionnaire, section: Section, width: float) -> Table:
    """The question a section answers and, over the tick boxes, the scale's two ends
    ('Never … Always')."""
    values = [p.value for p in q.scale.points]
    boxes = len(values) * cell_width(values)
    low, high = form_view(q).ends
    end = style(ENDS_SIZE, colour=MUTED, leading=ENDS_SIZE + 1)
    # The highest label takes what it needs at the right, the lowest the rest.
    high_w = min(stringWidth(high, FONT, ENDS_SIZE) + 4, (boxes - CELL_GAP) / 2)
    ends = Table(
        [[para(low, end), para(high, style(ENDS_SIZE, colour=MUTED, align=TA_RIGHT))]],
        colWidths=[boxes - CELL_GAP - high_w, high_w],
    )
    ends.setStyle(cell_style("BOTTOM", top=0, bottom=0, left=0, right=0))
    row = Table(
        [[para(section.theme, style(8.5, colour=MUTED)), ends]],
        colWidths=[width - boxes, boxes],
    )
    row.setStyle(
        cell_style("BOTTOM", ("RIGHTPADDING", (1, 0), (1, 0), CELL_GAP), top=0, bottom=0, left=0)
    )
    return row


def legend(q: Questionnaire) -> Paragraph:
    """The scale: '1 = Never · 2 = Rarely · …'."""
    # Non-breaking spaces keep "3 = Sometimes" together and the gaps visible.
    text = "\u00a0\u00a0·\u00a0\u00a0".join(
        f"{p.value}\u00a0=\u00a0{' '.join(p.label.split())}" for p in form_view(q).scale
    )
    return para(text, style(7.5, colour=MUTED))


def item_number(label: str) -> Paragraph:
    """'1.2' in front of a statement."""
    return para(label, style(BODY, colour=MUTED))


def statement(text: str) -> Paragraph:
    """One statement to rate."""
    return para(text, style(BODY, leading=BODY * 1.22))


def score_row(q: Questionnaire, section: Section, width: float) -> Table:
    """'Sum [ ] ÷ n = [ ] Section score', to score the section by hand."""
    v = form_view(q)
    count = len(section.items)
    row = Table(
        [
            [
                para(v.sum_label, style(8.5, align=TA_RIGHT)),
                WriteIn(),
                para(f"÷ {count} =", style(10, bold=True, align=TA_CENTER)),
                WriteIn(),
                para(v.section_score, style(8.5, bold=True)),
            ]
        ],
        colWidths=[width - 50 - 50 - 48 - 110, 50, 48, 50, 110],
    )
    row.setStyle(cell_style("MIDDLE", top=3, bottom=1, left=3, right=3))
    return row


def block_heading(text: str) -> Paragraph:
    """A heading of the closing part ('Your total', 'What your total means')."""
    return para(text, style(11, bold=True))


def totals(q: Questionnaire, width: float) -> list[Flowable]:
    """The total: every section score copied into one row of boxes and added up."""
    v = form_view(q)
    total_w = 92.0
    # A column is at least as wide as the longest word of a title (Finnish compounds are long).
    longest = max(stringWidth(w, FONT, 7) for s in q.sections for w in f"0. {s.title}".split())
    per_row = max(1, min(len(q.sections), int((width - total_w) // max(52, longest + 8))))
    cell_w = (width - total_w) / per_row
    name = style(7, leading=8.5)
    cells: list[list[object]] = []
    for start in range(0, len(q.sections), per_row):
        chunk = list(enumerate(q.sections, start=1))[start : start + per_row]
        pad = [""] * (per_row - len(chunk))
        names: list[object] = [para(f"{n}. {s.title}", name) for n, s in chunk]
        boxes: list[object] = [WriteIn(44, 18) for _n in chunk]
        cells += [[*names, *pad, ""], [*boxes, *pad, ""]]
    cells[-2][-1] = para(v.total_label, style(8.5, bold=True))
    cells[-1][-1] = WriteIn(56, 22)
    table = Table(cells, colWidths=[cell_w] * per_row + [total_w], hAlign="LEFT")
    table.setStyle(
        cell_style(
            "BOTTOM",
            ("LINEBEFORE", (-1, 0), (-1, -1), 1, INK),
            ("LEFTPADDING", (-1, 0), (-1, -1), 8),  # the total's box, after its rule
            top=1,
            bottom=3,
            left=3,
        )
    )
    return [block_heading(v.total_heading), para(v.copy_note, style(8.5)), table]


def meaning(q: Questionnaire, width: float) -> list[Flowable]:
    """What the total means: the verdict bands, best first."""
    v = form_view(q)
    head = style(8.5, bold=True)
    rows = [[para(h, head) for h in v.meaning_heads]]
    for band in v.bands:
        rows.append(
            [
                para(band.range, style(9, bold=True)),
                para(band.label, style(9, bold=True)),
                para(band.meaning, style(8.5, leading=10.5)),
            ]
        )
    bands = Table(rows, colWidths=[width * 0.17, width * 0.25, width * 0.58], hAlign="LEFT")
    bands.setStyle(cell_style("TOP", *HEADED_GRID, top=3, bottom=4))
    return [
        block_heading(v.meaning_heading),
        bands,
        para(v.weakest_note, style(8.5, colour=INK)),
    ]

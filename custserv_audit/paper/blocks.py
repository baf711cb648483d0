"""The printed pieces of a machine-readable form as reportlab flowables.

`layout` measures them and `pdf` draws them at the measured places, so both
build every piece here, the same way. Texts come from the questionnaire and
program messages only.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table

from ..i18n import gettext_for
from ..model import Questionnaire, Section
from ..render.documents import band_range, ordered_bands
from ..render.documents.pdf_common import (
    FONT,
    FONT_BOLD,
    INK,
    MUTED,
    RULE,
    SHADE,
    WriteIn,
    para,
    register_fonts,
    style,
    table_style,
)

BODY = 9.5
NUMBER_WIDTH = 26.0
BOX = 11.0  # side of a tick box, points
LABEL_SIZE = 7.0  # the scale value printed left of each box
LABEL_GAP = 2.5
CELL_GAP = 5.0


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
    return para(q.title, style(15, bold=True))


def instructions(q: Questionnaire) -> Paragraph:
    """How to fill in the form."""
    return para(q.instructions, style(8.5, leading=11))


def how_to_mark(q: Questionnaire) -> Paragraph:
    """How to mark a box so the form can be read back by a scanner."""
    _ = gettext_for(q.language)
    note = _(
        "Mark one box per statement with a cross or a tick. To change an answer, fill the "
        "wrong box completely, cross it out, and mark the right one."
    )
    return para(note, style(7.5, colour=MUTED, leading=9.5))


def who(q: Questionnaire, width: float) -> Table:
    """Company and date, each with a line to write on (the name is in the page header)."""
    _ = gettext_for(q.language)
    labels = [_("Company"), _("Date")]
    label_w = [stringWidth(label, FONT_BOLD, 9) + 14 for label in labels]
    free = max(width - sum(label_w), 120)
    lines = [free * 0.7, free * 0.3]
    label = style(9, bold=True)
    cells = [[para(labels[0], label), "", para(labels[1], label), ""]]
    table = Table(cells, colWidths=[label_w[0], lines[0], label_w[1], lines[1]], rowHeights=[20])
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (1, 0), (1, 0), 0.8, INK),
                ("LINEBELOW", (3, 0), (3, 0), 0.8, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def heading(n: int, section: Section) -> Paragraph:
    """A section's number and title."""
    return para(f"{n}. {section.title}", style(11, bold=True))


def theme(section: Section) -> Paragraph:
    """The question a section answers."""
    return para(section.theme, style(8.5, colour=MUTED))


def legend(q: Questionnaire) -> Paragraph:
    """The scale: '1 = Never · 2 = Rarely · …'."""
    # Non-breaking spaces keep "3 = Sometimes" together and the gaps visible.
    text = "\u00a0\u00a0·\u00a0\u00a0".join(
        f"{p.value}\u00a0=\u00a0{' '.join(p.label.split())}" for p in q.scale.points
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
    _ = gettext_for(q.language)
    count = len(section.items)
    row = Table(
        [
            [
                para(_("Sum"), style(8.5, align=TA_RIGHT)),
                WriteIn(),
                para(f"÷ {count} =", style(10, bold=True, align=TA_CENTER)),
                WriteIn(),
                para(_("Section score"), style(8.5, bold=True)),
            ]
        ],
        colWidths=[width - 50 - 50 - 48 - 110, 50, 48, 50, 110],
    )
    row.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return row


def block_heading(text: str) -> Paragraph:
    """A heading of the closing part ('Your total', 'What your total means')."""
    return para(text, style(11, bold=True))


def totals(q: Questionnaire, width: float) -> list[Flowable]:
    """The total: every section score copied into one row of boxes and added up."""
    _ = gettext_for(q.language)
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
    total_label = _("Total ({low} to {high})").format(low=q.min_total, high=q.max_total)
    cells[-2][-1] = para(total_label, style(8.5, bold=True))
    cells[-1][-1] = WriteIn(56, 22)
    table = Table(cells, colWidths=[cell_w] * per_row + [total_w], hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBEFORE", (-1, 0), (-1, -1), 1, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (-1, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    copy = _("Copy each section score into its box and add them up.")
    return [block_heading(_("Your total")), para(copy, style(8.5)), table]


def meaning(q: Questionnaire, width: float) -> list[Flowable]:
    """What the total means: the verdict bands, best first."""
    _ = gettext_for(q.language)
    head = style(8.5, bold=True)
    rows = [[para(_("Total"), head), para(_("Band"), head), para(_("What it means"), head)]]
    for band in ordered_bands(q):
        rows.append(
            [
                para(band_range(band, _, q.language), style(9, bold=True)),
                para(band.label, style(9, bold=True)),
                para(band.meaning, style(8.5, leading=10.5)),
            ]
        )
    bands = Table(rows, colWidths=[width * 0.17, width * 0.25, width * 0.58], hAlign="LEFT")
    bands.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    weakest = _("Start improving in the sections where your score is lowest.")
    return [
        block_heading(_("What your total means")),
        bands,
        para(weakest, style(8.5, colour=INK)),
    ]

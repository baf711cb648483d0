"""Shared PDF pieces: the bundled font, paragraph styles, tick boxes and the page template.

Imports reportlab at module level, so only the PDF renderers import this
module (lazily, from `documents.render_form` / `render_report`).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from importlib import resources
from typing import Any, Literal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, TableStyle

from ...schema.definition import PRINTED_TEXT_LIMIT
from . import PAPER_POINTS, Paper

# DejaVu Sans covers all of Latin Extended (Finnish ä ö å, Slovak č ď ľ ĺ ň ŕ š ť ž ô)
# and is embedded as a subset, so the PDF reads the same on every printer.
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#8a8a8a")
SHADE = colors.HexColor("#f0f0f0")
MARGIN = 15 * mm


def register_fonts() -> None:
    """Register the bundled DejaVu Sans (regular and bold) once per process."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = resources.files("custserv_audit") / "fonts"
    for name, file in ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf")):
        with resources.as_file(folder / file) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )


def fit(value: str, limit: int = PRINTED_TEXT_LIMIT) -> str:
    """`value` on one line, cut to `limit` characters with a mark (long words are split
    where they meet the edge of their cell: reportlab's splitLongWords)."""
    flat = " ".join(value.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return flat


def text(value: str) -> str:
    """Questionnaire or answer text made safe for Paragraph markup (shown literally)."""
    return escape(fit(value))


def style(
    size: float,
    bold: bool = False,
    colour: Any = INK,
    leading: float | None = None,
    space_before: float = 0,
    space_after: float = 0,
    align: Literal[0, 1, 2, 4] = TA_LEFT,
) -> ParagraphStyle:
    """A paragraph style in the bundled font."""
    return ParagraphStyle(
        name=f"s{size}{'b' if bold else ''}",
        fontName=FONT_BOLD if bold else FONT,
        fontSize=size,
        leading=leading if leading is not None else size * 1.25,
        textColor=colour,
        spaceBefore=space_before,
        spaceAfter=space_after,
        alignment=align,
    )


def para(value: str, st: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped)."""
    return Paragraph(text(value), st)


def table_style(commands: list[tuple[Any, ...]]) -> TableStyle:
    """A table style whose plain-string cells use the bundled font (not Helvetica)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


# A table with a shaded header row and a thin grid around every cell.
HEADED_GRID = (
    ("BACKGROUND", (0, 0), (-1, 0), SHADE),
    ("GRID", (0, 0), (-1, -1), 0.5, RULE),
)


def cell_style(
    valign: str,
    *commands: tuple[Any, ...],
    top: float | None = None,
    bottom: float | None = None,
    left: float | None = None,
    right: float | None = None,
) -> TableStyle:
    """A table style: every cell aligned `valign` and padded where a side is given, then
    `commands` (which may override the padding of some cells)."""
    pads = [
        (f"{side}PADDING", (0, 0), (-1, -1), points)
        for side, points in (("TOP", top), ("BOTTOM", bottom), ("LEFT", left), ("RIGHT", right))
        if points is not None
    ]
    return table_style([("VALIGN", (0, 0), (-1, -1), valign), *pads, *commands])


class WriteIn(Flowable):
    """An empty box to write a number in."""

    def __init__(self, width: float = 42, height: float = 16) -> None:
        super().__init__()
        self.width = width
        self.height = height

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setLineWidth(1)
        self.canv.setStrokeColor(INK)
        self.canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)


def build(
    story: list[Flowable],
    paper: Paper,
    title: str,
    footer: Callable[[int], str],
    lang: str,
) -> bytes:
    """Lay out `story` on pages of `paper` with a footer on each page; returns the PDF bytes."""
    register_fonts()
    buffer = io.BytesIO()
    width, height = PAPER_POINTS[paper]

    def on_page(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        right = footer(doc.page)
        # The title takes what the page number leaves free (a long respondent name is cut).
        room = width - 2 * MARGIN - stringWidth(right, FONT, 7.5) - 12
        left = title[:120]
        while left and stringWidth(left, FONT, 7.5) > room:
            left = left[:-2] + "…" if len(left) > 2 else ""
        canvas.drawString(MARGIN, 9 * mm, left)
        canvas.drawRightString(width - MARGIN, 9 * mm, right)
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=(width, height),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=13 * mm,
        bottomMargin=13 * mm,
        title=title,
        author="",
        creator="custserv-audit",
        lang=lang,
        # The canvas would otherwise start every page in (unembedded) Helvetica.
        initialFontName=FONT,
        initialFontSize=9,
        # No creation timestamp or random id: the same input gives the same bytes.
        invariant=True,
    )
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


def fitted_widths(
    width: float, shares: list[float], columns: list[list[str]], size: float = 8, flex: int = -1
) -> list[float]:
    """Column widths: shares of `width`, each widened to hold its longest word in bold
    `size` (plus the cell padding) so no word is split; column `flex` gives up the room."""
    widths = [width * share for share in shares]
    for n, texts in enumerate(columns):
        words = [word for value in texts for word in value.split()]
        longest = max((stringWidth(word, FONT_BOLD, size) for word in words), default=0.0)
        widths[n] = max(widths[n], longest + 12.5)
    flex %= len(widths)
    widths[flex] = width - sum(w for n, w in enumerate(widths) if n != flex)
    return widths

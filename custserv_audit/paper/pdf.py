"""The machine-readable PDF form: corner markers, a QR code and the name on every page.

Draws every piece where `layout.form_layout` puts it, so the scanner finds the
boxes from the QR code's facts alone. One PDF can hold several personalised
forms (one per respondent), each padded to an even page count for
double-sided printing.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from ..i18n import gettext_for
from ..model import Questionnaire
from ..render.documents import Paper
from ..render.documents.pdf_common import FONT, FONT_BOLD, INK, MARGIN, MUTED, RULE
from . import blocks
from .layout import HEADER_BASELINE, MARKER, MARKER_HOLE, FormLayout, PageLayout, form_layout, piece
from .qrpayload import Payload, encode, with_name


@dataclass(frozen=True)
class Respondent:
    """Whom a personalised form is for: the printed name and the id in the QR code."""

    name: str
    id: str


def render(
    questionnaire: Questionnaire,
    paper: Paper = Paper.a4,
    respondents: Sequence[Respondent] | None = None,
    even_pages: bool = False,
) -> bytes:
    """The form as PDF bytes: one blank form, or one personalised form per respondent.

    With several respondents (or `even_pages`), every form gets an even number of
    pages, so each starts on a new sheet when printed double-sided.
    """
    q = questionnaire
    lay = form_layout(q, paper)
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(lay.width, lay.height),
        invariant=True,
        initialFontName=FONT,  # type: ignore[arg-type]  # the stub says float
        initialFontSize=9,
        lang=q.language,
    )
    canvas.setTitle(q.title)
    canvas.setAuthor("")
    canvas.setCreator("custserv-audit")
    people: Sequence[Respondent | None] = respondents if respondents else [None]
    pad = even_pages or len(people) > 1
    for person in people:
        for page in lay.pages:
            _page(canvas, q, lay, page, person)
        if pad and len(lay.pages) % 2:
            _filler(canvas, q, lay, person)
    canvas.save()
    return buffer.getvalue()


def roster_forms(questionnaire: Questionnaire, paper: Paper, roster: Path) -> bytes:
    """One personalised form per participant of a roster CSV, each starting on a new sheet."""
    from ..sources import read_bytes
    from .roster import read_roster

    people = read_roster(read_bytes(roster), str(roster))
    return render(questionnaire, paper, [Respondent(p.name, p.id) for p in people], True)


def payload(
    q: Questionnaire, lay: FormLayout, number: int, respondent: Respondent | None
) -> Payload:
    """The QR payload of page `number` (N + 1: the blank back page)."""
    digest = lay.page(number).digest if number <= len(lay.pages) else "-"
    plain = Payload(
        questionnaire=q.id,
        fingerprint=q.fingerprint,
        language=q.language,
        paper=lay.paper.value,
        page=number,
        pages=len(lay.pages),
        layout=digest,
        respondent=respondent.id if respondent else None,
    )
    return with_name(plain, respondent.name) if respondent else plain


def _frame(
    canvas: Canvas, q: Questionnaire, lay: FormLayout, number: int, person: Respondent | None
) -> None:
    """Markers, QR code, name, 'page n of N' and the footer: what every page has."""
    _ = gettext_for(q.language)
    h = lay.height
    for cx, cy in lay.markers:
        canvas.setFillColor(INK)
        canvas.rect(cx - MARKER / 2, h - cy - MARKER / 2, MARKER, MARKER, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        hole = MARKER_HOLE
        canvas.rect(cx - hole / 2, h - cy - hole / 2, hole, hole, stroke=0, fill=1)
    _qr(canvas, encode(payload(q, lay, number, person)), lay)
    label = _("Respondent")
    canvas.setFont(FONT_BOLD, 9)
    base = h - HEADER_BASELINE
    canvas.drawString(MARGIN, base, label)
    start = MARGIN + canvas.stringWidth(label, FONT_BOLD, 9) + 6
    if person is not None:
        canvas.setFont(FONT, 10)
        canvas.drawString(start, base, person.name[:60])
    else:
        canvas.setLineWidth(0.8)
        canvas.setStrokeColor(INK)
        canvas.line(start, base - 2, lay.name.x + lay.name.width, base - 2)
    pages = len(lay.pages)
    where = _("Page {page} of {pages}").format(page=min(number, pages), pages=pages)
    if number > pages:
        where = _("Back of page {page}").format(page=pages)
    canvas.setFont(FONT, 8.5)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(lay.qr.x - 12, base, where)
    canvas.setFont(FONT, 7.5)
    canvas.drawString(MARGIN, 25.5, q.title[:120])
    legend = blocks.legend(q)
    legend.wrapOn(canvas, lay.legend.width, 100)
    legend.drawOn(canvas, lay.legend.x, h - lay.legend.y - legend.height)


def _qr(canvas: Canvas, text: str, lay: FormLayout) -> None:
    """The QR code, drawn module by module (reportlab's encoder, our canvas and colours)."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.L)
    code.addData(text)
    code.make()
    count = code.getModuleCount()  # type: ignore[no-untyped-call]
    module = lay.qr.width / count
    top = lay.height - lay.qr.y
    canvas.setFillColor(colors.black)
    for r, row in enumerate(code.modules):
        c = 0
        for dark, run in itertools.groupby(bool(m) for m in row):
            n = len(list(run))
            if dark:
                x = lay.qr.x + c * module
                canvas.rect(x, top - (r + 1) * module, n * module, module, stroke=0, fill=1)
            c += n


def _page(
    canvas: Canvas,
    q: Questionnaire,
    lay: FormLayout,
    page: PageLayout,
    person: Respondent | None,
) -> None:
    _frame(canvas, q, lay, page.number, person)
    h = lay.height
    for element in page.elements:
        flowable = piece(q, element)
        if flowable is None:
            continue
        flowable.wrapOn(canvas, element.rect.width, 10_000)
        flowable.drawOn(canvas, element.rect.x, h - element.rect.y - element.rect.height)
    items = {s.id: s.items for s in q.sections}
    for row in page.rows:
        r = row.rect
        text_w = row.boxes[0].rect.x - blocks.label_width([b.value for b in row.boxes]) - 6
        text_w -= r.x + blocks.NUMBER_WIDTH
        number = blocks.item_number(row.label)
        number.wrapOn(canvas, blocks.NUMBER_WIDTH, 100)
        statement = blocks.statement(items[row.section][row.item].text)
        _w, text_h = statement.wrapOn(canvas, text_w, 10_000)
        top = h - r.y - (r.height - text_h) / 2
        number.drawOn(canvas, r.x + 2, top - number.height)
        statement.drawOn(canvas, r.x + blocks.NUMBER_WIDTH, top - text_h)
        # The rule under a row stops before the boxes, so nothing but ink is near them.
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(r.x, h - r.y - r.height, r.x + blocks.NUMBER_WIDTH + text_w, h - r.y - r.height)
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.9)
        for box in row.boxes:
            b = box.rect
            canvas.rect(b.x, h - b.y - b.height, b.width, b.height, stroke=1, fill=0)
            canvas.setFillColor(MUTED)
            canvas.setFont(FONT, blocks.LABEL_SIZE)
            canvas.drawRightString(
                b.x - blocks.LABEL_GAP,
                h - b.y - b.height / 2 - blocks.LABEL_SIZE * 0.35,
                str(box.value),
            )
    canvas.showPage()


def _filler(canvas: Canvas, q: Questionnaire, lay: FormLayout, person: Respondent | None) -> None:
    """The blank back of a form's last sheet (markers and QR, so a scanner skips it)."""
    _ = gettext_for(q.language)
    _frame(canvas, q, lay, len(lay.pages) + 1, person)
    canvas.setFont(FONT, 9)
    canvas.setFillColor(MUTED)
    canvas.drawCentredString(lay.width / 2, lay.height / 2, _("This page is left blank."))
    canvas.showPage()

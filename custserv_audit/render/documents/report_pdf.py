"""One respondent's result as PDF: band, vector charts, weakest sections, advice, answers."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from ...i18n import gettext_for
from ...model import Advice, Questionnaire, Result
from ...norms.model import Norm
from ..numbers import number, score_text, signed
from . import (
    PAPER_POINTS,
    Paper,
    band_colour,
    chart_axis,
    chart_note,
    percentile_note,
    previous_sections,
    section_band,
    section_thresholds,
)
from .pdf_common import (
    FONT,
    FONT_BOLD,
    INK,
    MARGIN,
    MUTED,
    RULE,
    SHADE,
    build,
    fit,
    para,
    register_fonts,
    style,
    table_style,
    text,
)

PREVIOUS = colors.HexColor("#9e9e9e")


def render_report(
    result: Result,
    previous: Result | None = None,
    paper: Paper = Paper.a4,
    norm: Norm | None = None,
) -> bytes:
    """The result of one audit as PDF bytes; `previous` adds the change since that audit,
    `norm` the percentiles in it."""
    register_fonts()
    q = result.questionnaire
    _ = gettext_for(q.language)
    width = PAPER_POINTS[paper][0] - 2 * MARGIN
    story: list[Flowable] = [
        para(q.title, style(15, bold=True, space_after=2)),
        para(_("Audit result"), style(10, colour=MUTED, space_after=8)),
        _who(result, width),
        Spacer(1, 8),
        _verdict(result, previous, width),
        Spacer(1, 6),
        TotalGauge(result, previous, width),
        Spacer(1, 10),
        KeepTogether(
            [
                para(_("Section scores"), style(12, bold=True, space_after=4)),
                SectionChart(result, previous, width),
                Spacer(1, 3),
                para(chart_note(q, previous), style(7.5, colour=MUTED, leading=9.5)),
            ]
        ),
        Spacer(1, 8),
    ]
    if norm is not None:
        story += [para(percentile_note(result, norm), style(8.5, leading=11)), Spacer(1, 8)]
    story += _weakest(result, width)
    story += _answers(result, previous, width)
    name = result.answers.respondent or result.answers.source
    return build(
        story,
        paper,
        f"{q.title} — {name}" if name else q.title,
        lambda page: _("Page {page}").format(page=page),
        q.language,
    )


def _who(result: Result, width: float) -> Table:
    q = result.questionnaire
    _ = gettext_for(q.language)
    label = style(9, bold=True)
    value = style(9.5)
    answers = result.answers
    cells = [
        [
            para(_("Respondent"), label),
            para(answers.respondent or "—", value),
            para(_("Date"), label),
            para(answers.date or "—", value),
        ]
    ]
    label_w = [
        stringWidth(_("Respondent"), FONT_BOLD, 9) + 10,
        stringWidth(_("Date"), FONT_BOLD, 9) + 10,
    ]
    table = Table(
        cells,
        colWidths=[label_w[0], width * 0.55, label_w[1], width * 0.45 - sum(label_w)],
        hAlign="LEFT",
    )
    table.setStyle(
        table_style(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ]
        )
    )
    return table


def _verdict(result: Result, previous: Result | None, width: float) -> Table:
    """The total of the maximum, the band's label in its colour, and what it means."""
    q = result.questionnaire
    _ = gettext_for(q.language)
    colour = colors.HexColor(band_colour(q, result.band.id))
    tint = colors.HexColor(band_colour(q, result.band.id, tint=True))
    # 24 pt unless a long total (a custom questionnaire's 108.00 / 240) needs a smaller size.
    figure, of = score_text(result.total, q.language), f" / {q.max_total}"
    room = width * 0.27 - 22
    size = 24.0
    while size > 12 and (
        stringWidth(figure, FONT_BOLD, size) + stringWidth(of, FONT_BOLD, size * 0.46) > room
    ):
        size -= 1
    total = Paragraph(
        f'<font size="{size:g}">{figure}</font>'
        f'<font size="{size * 0.46:.1f}" color="#555555">{of}</font>',
        style(size, bold=True, leading=size * 1.17),
    )
    left: list[Flowable] = [para(_("Total"), style(8.5, colour=MUTED)), total]
    if previous is not None:
        change = _("{change} since the previous audit").format(
            change=signed(result.total - previous.total, q.language)
        )
        left.append(para(change, style(8, colour=MUTED)))
    right = [
        para(_("Band"), style(8.5, colour=MUTED)),
        para(result.band.label, style(13, bold=True, colour=colour, space_after=2)),
        para(result.band.meaning, style(9, leading=11.5)),
    ]
    table = Table([[left, right]], colWidths=[width * 0.27, width * 0.73])
    table.setStyle(
        table_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), tint),
                ("LINEBEFORE", (0, 0), (0, 0), 4, colour),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    return table


class TotalGauge(Flowable):
    """The total on a bar from the lowest to the highest possible total, bands tinted."""

    def __init__(self, result: Result, previous: Result | None, width: float) -> None:
        super().__init__()
        self.result = result
        self.previous = previous
        self.width = width
        self.height = 44.0

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        q = self.result.questionnaire
        low, high = q.min_total, q.max_total
        x0, x1, y, h = 6.0, self.width - 6.0, 22.0, 12.0

        def x_of(value: Fraction | int) -> float:
            return x0 + float(Fraction(value) - low) / (high - low) * (x1 - x0)

        # Band zones, each labelled under the bar; boundaries are numbered below the labels.
        for band in q.bands:
            start = max(Fraction(low), band.lower) if band.lower is not None else Fraction(low)
            end = min(Fraction(high), band.upper) if band.upper is not None else Fraction(high)
            c.setFillColor(colors.HexColor(band_colour(q, band.id, tint=True)))
            c.rect(x_of(start), y, x_of(end) - x_of(start), h, stroke=0, fill=1)
            c.setFillColor(colors.HexColor(band_colour(q, band.id)))
            c.setFont(FONT, 7)
            room = x_of(end) - x_of(start) - 6
            # No character is narrower than 1 pt at 7 pt: cut first, then shorten to fit.
            label = fit(band.label, max(int(room), 1))
            while label and stringWidth(label, FONT, 7) > room:
                label = label[:-2] + "…" if len(label) > 2 else ""
            c.drawCentredString((x_of(start) + x_of(end)) / 2, y - 9, label)
        c.setStrokeColor(RULE)
        c.setLineWidth(0.6)
        c.rect(x0, y, x1 - x0, h, stroke=1, fill=0)
        c.setFillColor(MUTED)
        c.setFont(FONT, 7.5)
        ticks = {Fraction(low), Fraction(high)} | {
            t for b in q.bands for t in (b.lower, b.upper) if t is not None and low < t < high
        }
        for t in sorted(ticks):
            c.line(x_of(t), y - 20, x_of(t), y + h)
            if t == high:
                c.drawRightString(x_of(t) - 2, y - 19, number(t, q.language))
            else:
                c.drawString(x_of(t) + 2, y - 19, number(t, q.language))
        if self.previous is not None:
            px = x_of(min(max(self.previous.total, Fraction(low)), Fraction(high)))
            c.setStrokeColor(PREVIOUS)
            c.setLineWidth(2.5)
            c.line(px, y + 1, px, y + h - 1)
        tx = x_of(self.result.total)
        c.setFillColor(INK)
        path = c.beginPath()
        path.moveTo(tx, y + h)
        path.lineTo(tx - 5, y + h + 8)
        path.lineTo(tx + 5, y + h + 8)
        path.close()
        c.drawPath(path, stroke=0, fill=1)
        c.setStrokeColor(INK)
        c.setLineWidth(2)
        c.line(tx, y, tx, y + h)


class SectionChart(Flowable):
    """Horizontal bars of the section scores, band thresholds as dashed lines (vector)."""

    ROW = 22.0
    TOP = 16.0
    BOTTOM = 14.0

    def __init__(self, result: Result, previous: Result | None, width: float) -> None:
        super().__init__()
        self.result = result
        self.before = previous_sections(result, previous) if previous is not None else {}
        self.width = width
        self.label_w = width * 0.3
        self.value_w = 82.0 if previous is not None else 40.0
        self.height = self.TOP + self.ROW * len(result.sections) + self.BOTTOM

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        q: Questionnaire = self.result.questionnaire
        lo, hi = chart_axis(q)
        x0 = self.label_w + 6
        x1 = self.width - self.value_w
        top = self.height - self.TOP
        bottom = self.BOTTOM

        def x_of(value: Fraction | int) -> float:
            return x0 + float(Fraction(value) - lo) / (hi - lo) * (x1 - x0)

        self._draw_axes(x_of, lo, hi, top, bottom)
        label_style = style(8.5, leading=10)
        weak = {s.id for s in self.result.weakest}
        for i, s in enumerate(self.result.sections):
            row_top = top - i * self.ROW
            mid = row_top - self.ROW / 2
            title = f"{i + 1}. {text(s.section.title)}"
            if s.section.id in weak:
                title = f"<b>{title}</b>"
            label = Paragraph(title, label_style)
            _w, lh = label.wrap(self.label_w, self.ROW)
            if lh > self.ROW:  # a very long title: show what fits on two lines
                label = Paragraph(title, style(7, leading=8))
                _w, lh = label.wrap(self.label_w, self.ROW)
            label.drawOn(c, 0, mid - lh / 2)
            change = self.before.get(s.section.id)
            bar_h = 10.0 if change is None else 8.0
            bar_y = mid - bar_h / 2 + (2.5 if change is not None else 0)
            colour = colors.HexColor(band_colour(q, section_band(q, s.score).id))
            c.setFillColor(colour)
            c.rect(x_of(lo), bar_y, x_of(s.score) - x_of(lo), bar_h, stroke=0, fill=1)
            value = score_text(s.score, q.language)
            if change is not None and change.previous is not None:
                prev = change.previous.score
                c.setFillColor(PREVIOUS)
                c.rect(x_of(lo), bar_y - 4.5, x_of(prev) - x_of(lo), 3.5, stroke=0, fill=1)
                value += f"  ({signed(s.score - prev, q.language)})"
            c.setFillColor(INK)
            c.setFont(FONT_BOLD if s.section.id in weak else FONT, 8.5)
            c.drawString(x1 + 5, mid - 3, value)
        c.setStrokeColor(INK)
        c.setLineWidth(0.8)
        c.line(x_of(lo), bottom, x_of(lo), top)

    def _draw_axes(
        self, x_of: Callable[[Fraction | int], float], lo: int, hi: int, top: float, bottom: float
    ) -> None:
        """The grid, one line per scale point, and the band thresholds as section averages."""
        c = self.canv
        q: Questionnaire = self.result.questionnaire
        # Grid: one line per scale point, labelled below the chart.
        c.setLineWidth(0.3)
        c.setStrokeColor(colors.HexColor("#d0d0d0"))
        c.setFillColor(MUTED)
        c.setFont(FONT, 7.5)
        for v in range(lo, hi + 1):
            c.line(x_of(v), bottom, x_of(v), top)
            c.drawCentredString(x_of(v), bottom - 10, str(v))
        # Band thresholds, as the average section score that gives that total.
        c.setLineWidth(0.9)
        c.setDash(3, 2)
        for th in section_thresholds(q):
            if not lo < th.per_section < hi:
                continue
            colour = colors.HexColor(band_colour(q, th.band.id))
            c.setStrokeColor(colour)
            c.setFillColor(colour)
            c.line(x_of(th.per_section), bottom, x_of(th.per_section), top + 3)
            c.setFont(FONT, 7)
            c.drawCentredString(x_of(th.per_section), top + 6, number(th.per_section, q.language))
        c.setDash()


def _tip(
    tip: Advice, text: ParagraphStyle, note: ParagraphStyle, _: Callable[[str], str]
) -> list[Flowable]:
    """One piece of advice, with its source note on a small line below when it has one."""
    out: list[Flowable] = [para(tip.text, text)]
    if tip.source:
        out.append(para(_("Source: {source}").format(source=tip.source), note))
    return out


def _weakest(result: Result, width: float) -> list[Flowable]:
    q = result.questionnaire
    _ = gettext_for(q.language)
    out: list[Flowable] = [
        para(_("Weakest sections and what to do"), style(12, bold=True, space_after=3))
    ]
    if not result.weakest:
        out.append(
            para(_("No weak sections: every section is at the top of the scale."), style(9.5))
        )
        out.append(Spacer(1, 8))
        return out
    scores = {s.section.id: s.score for s in result.sections}
    bullet = style(9, leading=11.5)
    note = style(7, leading=8.5, colour=MUTED)
    for section in result.weakest:
        n = next(i for i, s in enumerate(q.sections, start=1) if s.id == section.id)
        block: list[Flowable] = [
            para(
                f"{n}. {section.title} — {score_text(scores[section.id], q.language)}",
                style(10, bold=True, space_before=3, space_after=2),
            )
        ]
        rows = [[para("•", bullet), _tip(tip, bullet, note, _)] for tip in section.advice]
        if rows:
            tips = Table(rows, colWidths=[12, width - 12])
            tips.setStyle(
                table_style(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 2),
                        ("TOPPADDING", (0, 0), (-1, -1), 1),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ]
                )
            )
            block.append(tips)
        # The heading travels with the first block so that it never ends a page alone.
        if len(out) == 1:
            block.insert(0, out.pop())
        out.append(KeepTogether(block))
    out.append(Spacer(1, 8))
    return out


def _answers(result: Result, previous: Result | None, width: float) -> list[Flowable]:
    """Every statement with its rating (and the previous rating), section by section."""
    q = result.questionnaire
    _ = gettext_for(q.language)
    before = previous_sections(result, previous)
    out: list[Flowable] = [para(_("Your answers"), style(12, bold=True, space_after=2))]
    head = style(8, bold=True, colour=MUTED)
    body = style(9, leading=11)
    right = style(9, leading=11, align=TA_RIGHT)
    has_prev = previous is not None
    rating_w = 140.0 if has_prev else 118.0
    prev_w = 56.0 if has_prev else 0.0
    num_w = 26.0
    for n, s in enumerate(result.sections, start=1):
        change = before[s.section.id]
        title = f"{n}. {s.section.title}"
        score_line = _("Section score {score}").format(score=score_text(s.score, q.language))
        if has_prev and change.previous is not None:
            score_line += "  (" + signed(s.score - change.previous.score, q.language) + ")"
        header = [
            para("", head),
            para(title, style(9.5, bold=True)),
            para(score_line, style(9, bold=True, align=TA_RIGHT)),
        ]
        if has_prev:
            header.append(para(_("Previous"), style(8, bold=True, colour=MUTED, align=TA_RIGHT)))
        rows = [header]
        for i, (item, rating) in enumerate(zip(s.section.items, s.ratings, strict=True), start=1):
            label = q.scale.label(rating)
            row = [
                para(f"{n}.{i}", style(9, colour=MUTED)),
                para(item.text, body),
                Paragraph(f"<b>{rating}</b> <font color='#555555'>{text(label)}</font>", right),
            ]
            if has_prev:
                old = change.rating(i - 1)
                row.append(para("—" if old is None else str(old), right))
            rows.append(row)
        widths = [num_w, width - num_w - rating_w - prev_w, rating_w] + (
            [prev_w] if has_prev else []
        )
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(
            table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        first = [out.pop()] if n == 1 else []  # the heading stays with the first table
        out += [KeepTogether([*first, table]), Spacer(1, 6)]
    return out

"""One respondent's result as PDF: band, vector charts, weakest sections, advice, answers.

Lays out the format-neutral `views.ReportView`; the charts draw `charts.GaugeView`
and `charts.ChartView` in points.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from ...model import Result
from ...norms.model import Norm
from . import PAPER_POINTS, Paper, percentile_note
from .charts import ChartView, GaugeView, Zone, label_lines
from .followup_pdf import followup_flowables
from .followup_view import FollowUpView
from .pdf_common import (
    FONT,
    FONT_BOLD,
    INK,
    MARGIN,
    MUTED,
    RULE,
    SHADE,
    build,
    cell_style,
    para,
    register_fonts,
    style,
    text,
)
from .views import AnswerSection, ReportView, Tip, report_view

PREVIOUS = colors.HexColor("#9e9e9e")


def render_report(
    result: Result,
    previous: Result | None = None,
    paper: Paper = Paper.a4,
    norm: Norm | None = None,
    followup: FollowUpView | None = None,
) -> bytes:
    """The result of one audit as PDF bytes; `previous` adds the change since that audit,
    `norm` the percentiles in it, `followup` the follow-up of the respondent's action plan."""
    register_fonts()
    v = report_view(result, previous)
    width = PAPER_POINTS[paper][0] - 2 * MARGIN
    story: list[Flowable] = [
        _title(v, width),
        _who(v, width),
        Spacer(1, 6),
        _verdict(v, width),
        Spacer(1, 6),
        TotalGauge(v.gauge, width),
        Spacer(1, 8),
        KeepTogether(
            [
                para(v.chart_heading, style(12, bold=True, space_after=4)),
                SectionChart(v.chart, width),
                Spacer(1, 3),
                para(v.chart.note, style(7.5, colour=MUTED, leading=9.5)),
            ]
        ),
        Spacer(1, 6),
    ]
    if norm is not None:
        story += [para(percentile_note(result, norm), style(8.5, leading=11)), Spacer(1, 8)]
    story += _weakest(v, width)
    story += _answers(v, width)
    if followup is not None:
        story += followup_flowables(followup, width)
    return build(
        story,
        paper,
        v.document_title,
        lambda page: v.page_label.format(page=page),
        v.language,
    )


def _title(v: ReportView, width: float) -> Table:
    """The questionnaire's title, and 'Audit result' on the same line at the right."""
    subtitle = para(v.subtitle, style(10, colour=MUTED, align=TA_RIGHT))
    room = min(stringWidth(v.subtitle, FONT, 10) + 8, width * 0.3)
    table = Table([[para(v.title, style(15, bold=True)), subtitle]], colWidths=[width - room, room])
    table.setStyle(cell_style("BOTTOM", top=0, bottom=4, left=0, right=0))
    return table


def _who(v: ReportView, width: float) -> Table:
    label = style(9, bold=True)
    value = style(9.5)
    cells = [
        [
            para(v.respondent_head, label),
            para(v.respondent, value),
            para(v.date_head, label),
            para(v.date, value),
        ]
    ]
    label_w = [
        stringWidth(v.respondent_head, FONT_BOLD, 9) + 10,
        stringWidth(v.date_head, FONT_BOLD, 9) + 10,
    ]
    table = Table(
        cells,
        colWidths=[label_w[0], width * 0.55, label_w[1], width * 0.45 - sum(label_w)],
        hAlign="LEFT",
    )
    table.setStyle(cell_style("BOTTOM", ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE), left=2))
    return table


def _verdict(v: ReportView, width: float) -> Table:
    """The total of the maximum, the band's label in its colour, and what it means."""
    colour = colors.HexColor(v.colour)
    # 24 pt unless a long total (a custom questionnaire's 108.00 / 240) needs a smaller size.
    figure, of = v.total_text, f" / {v.max_total}"
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
    left: list[Flowable] = [para(v.total_head, style(8.5, colour=MUTED)), total]
    if v.change is not None:
        left.append(para(v.change, style(8, colour=MUTED)))
    right = [
        para(v.band_head, style(8.5, colour=MUTED)),
        para(v.band_label, style(13, bold=True, colour=colour, space_after=2)),
        para(v.band_meaning, style(9, leading=11.5)),
    ]
    table = Table([[left, right]], colWidths=[width * 0.27, width * 0.73])
    table.setStyle(
        cell_style(
            "TOP",
            ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(v.tint)),
            ("LINEBEFORE", (0, 0), (0, 0), 4, colour),
            top=6,
            bottom=8,
            left=10,
        )
    )
    return table


class TotalGauge(Flowable):
    """The total on a bar from the lowest to the highest possible total, bands tinted."""

    X0 = 6.0
    LINE = 8.0  # between two lines of a zone's label

    def __init__(self, gauge: GaugeView, width: float) -> None:
        super().__init__()
        self.gauge = gauge
        self.width = width
        # Each zone's label, broken between words to fit the zone at 7 pt.
        self.labels = [label_lines(z.label, self._room(z), self._measure) for z in gauge.zones]
        self.extra = self.LINE * (max((len(lines) for lines in self.labels), default=1) - 1)
        self.height = 44.0 + self.extra

    @staticmethod
    def _measure(text: str) -> float:
        return float(stringWidth(text, FONT, 7))

    def _room(self, zone: Zone) -> float:
        g = self.gauge
        x1 = self.width - self.X0
        return g.axis.at(zone.end, self.X0, x1) - g.axis.at(zone.start, self.X0, x1) - 6

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        g = self.gauge
        x0, x1, y, h = self.X0, self.width - self.X0, 22.0 + self.extra, 12.0

        def x_of(value: Fraction) -> float:
            return g.axis.at(value, x0, x1)

        # Band zones, each labelled under the bar; boundaries are numbered below the labels.
        for zone, lines in zip(g.zones, self.labels, strict=True):
            start, end = x_of(zone.start), x_of(zone.end)
            c.setFillColor(colors.HexColor(zone.tint))
            c.rect(start, y, end - start, h, stroke=0, fill=1)
            c.setFillColor(colors.HexColor(zone.colour))
            c.setFont(FONT, 7)
            for n, line in enumerate(lines):
                c.drawCentredString((start + end) / 2, y - 9 - n * self.LINE, line)
        c.setStrokeColor(RULE)
        c.setLineWidth(0.6)
        c.rect(x0, y, x1 - x0, h, stroke=1, fill=0)
        c.setFillColor(MUTED)
        c.setFont(FONT, 7.5)
        for tick in g.ticks:
            at = x_of(tick.value)
            bottom = y - 19 - self.extra
            c.line(at, bottom - 1, at, y + h)
            if tick.last:
                c.drawRightString(at - 2, bottom, tick.text)
            else:
                c.drawString(at + 2, bottom, tick.text)
        if g.previous is not None:
            px = x_of(g.previous)
            c.setStrokeColor(PREVIOUS)
            c.setLineWidth(2.5)
            c.line(px, y + 1, px, y + h - 1)
        tx = x_of(g.total)
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

    ROW = 18.0
    TOP = 16.0
    BOTTOM = 14.0

    def __init__(self, chart: ChartView, width: float) -> None:
        super().__init__()
        self.chart = chart
        self.width = width
        self.label_w = width * 0.3
        self.value_w = 82.0 if chart.with_history else 40.0
        self.height = self.TOP + self.ROW * len(chart.bars) + self.BOTTOM

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def x_of(self, value: Fraction | int) -> float:
        """Where `value` lies between the labels and the value column."""
        return self.chart.axis.at(value, self.label_w + 6, self.width - self.value_w)

    def draw(self) -> None:
        c = self.canv
        ch = self.chart
        x_lo = self.x_of(ch.axis.lo)
        x1 = self.width - self.value_w
        top = self.height - self.TOP
        bottom = self.BOTTOM
        self._draw_axes(top, bottom)
        label_style = style(8.5, leading=9)
        for i, bar in enumerate(ch.bars):
            mid = top - i * self.ROW - self.ROW / 2
            title = f"{bar.number}. {text(bar.name)}"
            if bar.weak:
                title = f"<b>{title}</b>"
            label = Paragraph(title, label_style)
            _w, lh = label.wrap(self.label_w, self.ROW)
            if lh > self.ROW:  # a very long title: show what fits on two lines
                label = Paragraph(title, style(7, leading=8))
                _w, lh = label.wrap(self.label_w, self.ROW)
            label.drawOn(c, 0, mid - lh / 2)
            bar_h = 8.0 if ch.with_history else 10.0
            bar_y = mid - bar_h / 2 + (2.5 if ch.with_history else 0)
            c.setFillColor(colors.HexColor(bar.colour))
            c.rect(x_lo, bar_y, self.x_of(bar.score) - x_lo, bar_h, stroke=0, fill=1)
            value = bar.value_text
            if bar.previous is not None:
                c.setFillColor(PREVIOUS)
                c.rect(x_lo, bar_y - 4.5, self.x_of(bar.previous) - x_lo, 3.5, stroke=0, fill=1)
                value += f"  ({bar.change_text})"
            c.setFillColor(INK)
            c.setFont(FONT_BOLD if bar.weak else FONT, 8.5)
            c.drawString(x1 + 5, mid - 3, value)
        c.setStrokeColor(INK)
        c.setLineWidth(0.8)
        c.line(x_lo, bottom, x_lo, top)

    def _draw_axes(self, top: float, bottom: float) -> None:
        """The grid, one line per scale point, and the band thresholds as section averages."""
        c = self.canv
        c.setLineWidth(0.3)
        c.setStrokeColor(colors.HexColor("#d0d0d0"))
        c.setFillColor(MUTED)
        c.setFont(FONT, 7.5)
        for line in self.chart.grid:
            c.line(self.x_of(line.value), bottom, self.x_of(line.value), top)
            c.drawCentredString(self.x_of(line.value), bottom - 10, line.text)
        c.setLineWidth(0.9)
        c.setDash(3, 2)
        for th in self.chart.thresholds:
            colour = colors.HexColor(th.colour)
            c.setStrokeColor(colour)
            c.setFillColor(colour)
            c.line(self.x_of(th.value), bottom, self.x_of(th.value), top + 3)
            c.setFont(FONT, 7)
            c.drawCentredString(self.x_of(th.value), top + 6, th.text)
        c.setDash()


def _tip(tip: Tip, body: ParagraphStyle) -> Paragraph:
    """One piece of advice, followed by its source note in small grey type when it has one."""
    markup = text(tip.text)
    if tip.source:
        markup += f'&nbsp;&nbsp;<font size="6.5" color="#666666">{text(tip.source)}</font>'
    return Paragraph(markup, body)


# How many pieces of advice stay on the page of their section's heading.
TIPS_WITH_HEADING = 2


def _tips(rows: list[list[Any]], width: float) -> Table:
    """Pieces of advice as bullet rows (a page may break between two rows)."""
    tips = Table(rows, colWidths=[12, width - 12])
    tips.setStyle(cell_style("TOP", top=0.5, bottom=1.5, left=2))
    return tips


def _weakest(v: ReportView, width: float) -> list[Flowable]:
    """The weakest sections with their advice, flowing on from the chart.

    A page breaks between two pieces of advice, never between a section's heading and
    its first pieces, so several weak sections do not push each other to a new page.
    """
    heading = para(v.weakest_heading, style(12, bold=True, space_after=3))
    if not v.weakest:
        return [heading, para(v.no_weakest, style(9.5)), Spacer(1, 8)]
    bullet = style(8.4, leading=10)
    out: list[Flowable] = []
    for n, section in enumerate(v.weakest):
        block: list[Flowable] = [
            para(section.heading, style(10, bold=True, space_before=2, space_after=2))
        ]
        if n == 0:  # the heading never ends a page alone
            block.insert(0, heading)
        rows = [[para("•", bullet), _tip(tip, bullet)] for tip in section.tips]
        if rows:
            block.append(_tips(rows[:TIPS_WITH_HEADING], width))
        out.append(KeepTogether(block))
        if rows[TIPS_WITH_HEADING:]:
            out.append(_tips(rows[TIPS_WITH_HEADING:], width))
    out.append(Spacer(1, 8))
    return out


ANSWER_SIZE = 8.0


def _score_line(section: AnswerSection) -> str:
    """'Section score 3.25  (+0.50)'."""
    if section.change is None:
        return section.score_line
    return f"{section.score_line}  ({section.change})"


def _answer_widths(v: ReportView, width: float) -> list[float]:
    """Column widths shared by every section's table: the rating columns as wide as their
    widest entry, the statements take the rest (the section score in the header row
    reaches over the statements' column)."""
    pad = 6 + 1
    rating_w = max(
        stringWidth(f"{r.rating} ", FONT_BOLD, ANSWER_SIZE)
        + stringWidth(r.rating_label, FONT, ANSWER_SIZE)
        for s in v.answers
        for r in s.rows
    )
    widths = [22.0, 0.0, min(rating_w + pad, width * 0.3)]
    if v.previous_head is not None:
        widths.append(stringWidth(v.previous_head, FONT_BOLD, ANSWER_SIZE - 0.5) + pad)
    widths[1] = width - sum(widths)
    return widths


def _answer_table(v: ReportView, section: AnswerSection, widths: list[float]) -> Table:
    """One section's statements and ratings, the section score in the header."""
    size = ANSWER_SIZE
    head = style(size, bold=True, colour=MUTED)
    body = style(size, leading=size + 1.5)
    right = style(size, leading=size + 1.5, align=TA_RIGHT)
    # The heading and the section score share the statements' and ratings' columns.
    score = _score_line(section)
    score_w = min(stringWidth(score, FONT_BOLD, size) + 6, widths[1] + widths[2] - 60)
    title = Table(
        [
            [
                para(section.heading, style(size + 0.5, bold=True)),
                para(score, style(size, bold=True, align=TA_RIGHT)),
            ]
        ],
        colWidths=[widths[1] + widths[2] - 6 - score_w, score_w],
    )
    title.setStyle(cell_style("MIDDLE", top=0, bottom=0, left=0, right=0))
    header: list[Flowable] = [para("", head), title, para("", head)]
    if v.previous_head is not None:
        header.append(
            para(v.previous_head, style(size - 0.5, bold=True, colour=MUTED, align=TA_RIGHT))
        )
    rows = [header]
    for answer in section.rows:
        row: list[Flowable] = [
            para(answer.label, style(size, colour=MUTED)),
            para(answer.text, body),
            Paragraph(
                f"<b>{answer.rating}</b> <font color='#555555'>{text(answer.rating_label)}</font>",
                right,
            ),
        ]
        if answer.previous is not None:
            row.append(para(answer.previous, right))
        rows.append(row)
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        cell_style(
            "MIDDLE",
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("SPAN", (1, 0), (2, 0)),
            top=0.5,
            bottom=0.5,
            left=3,
            right=3,
        )
    )
    return table


def _answers(v: ReportView, width: float) -> list[Flowable]:
    """Every statement with its rating (and the previous rating), section by section."""
    out: list[Flowable] = [para(v.answers_heading, style(12, bold=True, space_after=2))]
    widths = _answer_widths(v, width)
    for n, section in enumerate(v.answers, start=1):
        table = _answer_table(v, section, widths)
        first = [out.pop()] if n == 1 else []  # the heading stays with the first table
        # A table may break between rows (its header row repeats), so no page ends early.
        out += [KeepTogether([*first, table]) if first else table, Spacer(1, 2)]
    return out

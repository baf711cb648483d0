"""One respondent's result as one self-contained HTML file with inline SVG charts.

Lays out the format-neutral `views.ReportView`; the charts draw `charts.GaugeView`
and `charts.ChartView` in SVG units.
"""

from __future__ import annotations

from fractions import Fraction

from ...model import Result
from ...norms.model import Norm
from . import Paper, percentile_note
from .charts import Axis, ChartView, GaugeView, label_lines
from .followup_html import FOLLOWUP_CSS, followup_html
from .followup_view import FollowUpView
from .html_common import esc, page
from .views import AnswerSection, ReportView, WeakSection, report_view

REPORT_CSS = """
.who { display: flex; gap: 24pt; border-bottom: 0.5pt solid #8a8a8a; padding: 3pt 2pt;
       margin: 8pt 0; }
.who b { margin-right: 6pt; }
.verdict { display: flex; gap: 14pt; padding: 6pt 10pt 8pt; border-left: 4pt solid; }
.verdict .total { flex: 0 0 auto; min-width: 25%; }
.verdict .big { font-size: 24pt; font-weight: bold; line-height: 1.15; white-space: nowrap; }
.verdict .big small { font-size: 11pt; color: #555; }
.verdict .label { font-size: 13pt; font-weight: bold; margin-bottom: 2pt; }
svg { display: block; width: 100%; height: auto; margin: 4pt 0; }
svg text { font-family: inherit; }
.advice { margin: 2pt 0 8pt; padding-left: 14pt; }
.advice li { margin-bottom: 2pt; }
.advice .source { font-size: 7.5pt; color: #666; margin-top: 1pt; }
table.answers { margin-bottom: 6pt; }
table.answers td, table.answers th { border-bottom: 0.4pt solid #8a8a8a; padding: 2.5pt 3pt 3pt;
                                     vertical-align: middle; }
table.answers thead th { background: #f0f0f0; }
table.answers .num { width: 26pt; color: #555; }
table.answers .rating { text-align: right; white-space: nowrap; width: 1%; }
table.answers .rating span { color: #555; }
table.answers thead th.rating { white-space: nowrap; }
.weak { font-weight: bold; }
.area h3 { break-after: avoid; page-break-after: avoid; }
.advice li { break-inside: avoid; page-break-inside: avoid; }
/* Printed, the report takes two pages as the PDF does: denser type, each tip's source run
   in after it, and a page may break between two tips of an area (never inside a tip, never
   right after an area's heading) and between two rows of an answer table (its header
   repeats). */
@media print {
  body { font-size: 8.5pt; line-height: 1.15; }
  h1 { font-size: 14pt; }
  h2 { margin: 5pt 0 1pt; break-after: avoid; page-break-after: avoid; }
  h3 { margin: 4pt 0 1pt; font-size: 9.5pt; }
  .who { margin: 3pt 0; }
  .verdict { padding: 3pt 10pt 4pt; }
  svg { margin: 1pt 0; }
  .advice { margin: 1pt 0 2pt; }
  .advice li { margin-bottom: 0.5pt; }
  .advice .source { display: inline; margin: 0 0 0 4pt; font-size: 7pt; }
  .chart svg { width: 80%; }
  table.answers { margin-bottom: 2pt; font-size: 8pt; }
  table.answers.keep { break-inside: auto; page-break-inside: auto; }
  table.answers tr { break-inside: avoid; page-break-inside: avoid; }
  table.answers td, table.answers th { padding: 0.5pt 3pt 1pt; }
}
"""

PREVIOUS = "#9e9e9e"


def render_report(
    result: Result,
    previous: Result | None = None,
    paper: Paper = Paper.a4,
    norm: Norm | None = None,
    followup: FollowUpView | None = None,
) -> str:
    """The result of one audit as an HTML document; `previous` adds the change since then,
    `norm` the percentiles in it, `followup` the follow-up of the respondent's action plan."""
    v = report_view(result, previous)
    change = f'<div class="small muted">{esc(v.change)}</div>' if v.change is not None else ""
    parts = [
        f"<h1>{esc(v.title)}</h1>\n",
        f'<p class="muted">{esc(v.subtitle)}</p>\n',
        '<div class="who">'
        f"<span><b>{esc(v.respondent_head)}</b>{esc(v.respondent)}</span>"
        f"<span><b>{esc(v.date_head)}</b>{esc(v.date)}</span></div>\n",
        f'<div class="verdict keep" style="background:{v.tint};border-color:{v.colour}">'
        f'<div class="total"><div class="small muted">{esc(v.total_head)}</div>'
        f'<div class="big">{v.total_text}<small>&nbsp;/&nbsp;{v.max_total}</small></div>'
        f"{change}</div>"
        f'<div><div class="small muted">{esc(v.band_head)}</div>'
        f'<div class="label" style="color:{v.colour}">{esc(v.band_label)}</div>'
        f"<div>{esc(v.band_meaning)}</div></div></div>\n",
        total_gauge(v.gauge),
        f'<section class="chart keep">\n<h2>{esc(v.chart_heading)}</h2>\n',
        section_chart(v.chart),
        f'<p class="tiny muted">{esc(v.chart.note)}</p>\n</section>\n',
        f"<p>{esc(percentile_note(result, norm))}</p>\n" if norm is not None else "",
        _weakest(v),
        _answers(v),
    ]
    css = REPORT_CSS
    if followup is not None:
        parts.append(followup_html(followup))
        css += FOLLOWUP_CSS
    title = f"{v.title} — {v.respondent}" if v.named else v.title
    return page(title, v.language, "".join(parts), css, paper)


def _wrap(text: str, width: int, lines: int = 2) -> list[str]:
    """Words into at most `lines` lines of about `width` characters (SVG text does not wrap)."""
    out: list[str] = []
    for word in text.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = [*out[: lines - 1], " ".join(out[lines - 1 :])]
    return [line if len(line) <= width else line[: width - 1] + "…" for line in out]


def _chars(text: str) -> float:
    """About how wide `text` is in SVG units at 10 units a character height."""
    return len(text) * 6.0


def _at(axis: Axis, value: Fraction | int, start: float, end: float) -> float:
    """An SVG coordinate: the axis position rounded to two decimals."""
    return round(axis.at(value, start, end), 2)


def total_gauge(g: GaugeView) -> str:
    """The total on a bar from the lowest to the highest possible total, bands tinted (SVG)."""
    w, x0, x1, y, h = 680.0, 6.0, 674.0, 12.0, 16.0

    def x_of(value: Fraction) -> float:
        return _at(g.axis, value, x0, x1)

    # Labels break between words (about 6 units a character at 10 units).
    labels = [label_lines(z.label, x_of(z.end) - x_of(z.start) - 4, _chars) for z in g.zones]
    extra = 12 * (max((len(lines) for lines in labels), default=1) - 1)
    out = [f'<svg viewBox="0 0 {w:g} {58 + extra}" role="img" aria-label="{esc(g.total_text)}">']
    for zone, lines in zip(g.zones, labels, strict=True):
        start, end = x_of(zone.start), x_of(zone.end)
        out.append(
            f'<rect x="{start}" y="{y}" width="{end - start:.2f}" height="{h}" fill="{zone.tint}"/>'
        )
        out += [
            f'<text x="{(start + end) / 2:.2f}" y="{y + h + 12 + 12 * n}" font-size="10" '
            f'text-anchor="middle" fill="{zone.colour}">{esc(line)}</text>'
            for n, line in enumerate(lines)
        ]
    out.append(
        f'<rect x="{x0}" y="{y}" width="{x1 - x0}" height="{h}" fill="none" stroke="#8a8a8a" '
        'stroke-width="0.8"/>'
    )
    for tick in g.ticks:
        anchor, dx = ("end", -3) if tick.last else ("start", 3)
        at = x_of(tick.value)
        out.append(
            f'<line x1="{at}" y1="{y}" x2="{at}" y2="{y + h + 28 + extra}" stroke="#8a8a8a" '
            'stroke-width="0.8"/>'
            f'<text x="{at + dx}" y="{y + h + 27 + extra}" font-size="10" fill="#555" '
            f'text-anchor="{anchor}">{tick.text}</text>'
        )
    if g.previous is not None:
        px = x_of(g.previous)
        out.append(
            f'<line x1="{px}" y1="{y + 2}" x2="{px}" y2="{y + h - 2}" stroke="{PREVIOUS}" '
            'stroke-width="3"/>'
        )
    tx = x_of(g.total)
    out.append(
        f'<line x1="{tx}" y1="{y}" x2="{tx}" y2="{y + h}" stroke="#1a1a1a" stroke-width="2.5"/>'
        f'<path d="M{tx} {y} l-6 -11 h12 z" fill="#1a1a1a"/>'
    )
    out.append("</svg>\n")
    return "".join(out)


def section_chart(ch: ChartView) -> str:
    """Horizontal bars of the section scores with the band thresholds as dashed lines (SVG)."""
    row, top_pad, bottom_pad = 30.0, 20.0, 20.0
    w, label_w = 680.0, 200.0
    value_w = 110.0 if ch.with_history else 50.0
    x0, x1 = label_w + 8, w - value_w
    top = top_pad
    bottom = top_pad + row * len(ch.bars)
    h = bottom + bottom_pad

    def x_of(value: Fraction | int) -> float:
        return _at(ch.axis, value, x0, x1)

    out = [f'<svg viewBox="0 0 {w:g} {h:g}" role="img" font-size="11">']
    for line in ch.grid:
        at = x_of(line.value)
        out.append(
            f'<line x1="{at}" y1="{top}" x2="{at}" y2="{bottom}" stroke="#d0d0d0" '
            'stroke-width="0.6"/>'
            f'<text x="{at}" y="{bottom + 14}" text-anchor="middle" font-size="10" '
            f'fill="#555">{line.text}</text>'
        )
    for th in ch.thresholds:
        at = x_of(th.value)
        out.append(
            f'<line x1="{at}" y1="{top - 4}" x2="{at}" '
            f'y2="{bottom}" stroke="{th.colour}" stroke-width="1.2" stroke-dasharray="4 3"/>'
            f'<text x="{at}" y="{top - 7}" text-anchor="middle" font-size="10" '
            f'fill="{th.colour}">{th.text}</text>'
        )
    x_lo = x_of(ch.axis.lo)
    for i, bar in enumerate(ch.bars):
        mid = top + i * row + row / 2
        lines = _wrap(bar.title, 34)
        weight = ' font-weight="bold"' if bar.weak else ""
        first = mid + 4 - (len(lines) - 1) * 6.5
        spans = "".join(
            f'<tspan x="0" y="{first + n * 13:.1f}">{esc(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        out.append(f"<text{weight}>{spans}</text>")
        bar_h = 10.0 if ch.with_history else 12.0
        bar_y = mid - bar_h / 2 - (3 if ch.with_history else 0)
        out.append(
            f'<rect x="{x_lo}" y="{bar_y:.1f}" width="{x_of(bar.score) - x_lo:.2f}" '
            f'height="{bar_h}" fill="{bar.colour}"/>'
        )
        value = bar.value_text
        if bar.previous is not None:
            out.append(
                f'<rect x="{x_lo}" y="{bar_y + bar_h + 1:.1f}" '
                f'width="{x_of(bar.previous) - x_lo:.2f}" height="4" fill="{PREVIOUS}"/>'
            )
            value += f" ({bar.change_text})"
        out.append(f'<text x="{x1 + 6}" y="{mid + 4}"{weight}>{value}</text>')
    out.append(f'<line x1="{x_lo}" y1="{top}" x2="{x_lo}" y2="{bottom}" stroke="#1a1a1a"/>')
    out.append("</svg>\n")
    return "".join(out)


def _weak_section(section: WeakSection) -> str:
    tips = "".join(
        f"<li>{esc(tip.text)}"
        + (f'<div class="source">{esc(tip.source)}</div>' if tip.source else "")
        + "</li>"
        for tip in section.tips
    )
    return (
        f'<div class="area"><h3>{esc(section.heading)}</h3>\n'
        + (f'<ul class="advice">{tips}</ul>' if tips else "")
        + "</div>\n"
    )


def _weakest(v: ReportView) -> str:
    out = [f"<h2>{esc(v.weakest_heading)}</h2>\n"]
    if not v.weakest:
        out.append(f"<p>{esc(v.no_weakest)}</p>\n")
    out += [_weak_section(section) for section in v.weakest]
    return "".join(out)


def _answer_table(v: ReportView, section: AnswerSection) -> str:
    score_line = section.score_line
    if section.change is not None:
        score_line += f" ({section.change})"
    prev_head = (
        f'<th class="rating">{esc(v.previous_head)}</th>' if v.previous_head is not None else ""
    )
    rows = []
    for answer in section.rows:
        cells = (
            f'<td class="num">{answer.label}</td><td>{esc(answer.text)}</td>'
            f'<td class="rating"><b>{answer.rating}</b> '
            f"<span>{esc(answer.rating_label)}</span></td>"
        )
        if answer.previous is not None:
            cells += f'<td class="rating">{answer.previous}</td>'
        rows.append(f"<tr>{cells}</tr>\n")
    return (
        '<table class="answers keep">\n'
        f'<thead><tr><th class="num"></th><th>{esc(section.heading)}</th>'
        f'<th class="rating">{esc(score_line)}</th>{prev_head}</tr></thead>\n'
        f"<tbody>\n{''.join(rows)}</tbody>\n</table>\n"
    )


def _answers(v: ReportView) -> str:
    # The heading travels with the first table so that it never ends a page alone.
    out = [f'<div class="keep"><h2>{esc(v.answers_heading)}</h2>\n']
    for n, section in enumerate(v.answers, start=1):
        out.append(_answer_table(v, section))
        if n == 1:
            out.append("</div>\n")
    return "".join(out)

"""One respondent's result as one self-contained HTML file with inline SVG charts."""

from __future__ import annotations

from fractions import Fraction

from ...i18n import gettext_for
from ...model import Questionnaire, Result
from ...norms.model import Norm
from ..numbers import number, score_text, signed
from . import (
    Paper,
    band_colour,
    chart_axis,
    chart_note,
    percentile_note,
    previous_sections,
    section_band,
    section_thresholds,
)
from .html_common import esc, page

REPORT_CSS = """
.who { display: flex; gap: 24pt; border-bottom: 0.5pt solid #8a8a8a; padding: 3pt 2pt;
       margin: 8pt 0; }
.who b { margin-right: 6pt; }
.verdict { display: flex; gap: 14pt; padding: 6pt 10pt 8pt; border-left: 4pt solid; }
.verdict .total { flex: 0 0 25%; }
.verdict .big { font-size: 24pt; font-weight: bold; line-height: 1.15; }
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
table.answers thead th.rating { white-space: normal; }
.weak { font-weight: bold; }
"""

PREVIOUS = "#9e9e9e"


def render_report(
    result: Result,
    previous: Result | None = None,
    paper: Paper = Paper.a4,
    norm: Norm | None = None,
) -> str:
    """The result of one audit as an HTML document; `previous` adds the change since then,
    `norm` the percentiles in it."""
    q = result.questionnaire
    _ = gettext_for(q.language)
    a = result.answers
    colour = band_colour(q, result.band.id)
    tint = band_colour(q, result.band.id, tint=True)
    total = score_text(result.total, q.language)
    change = ""
    if previous is not None:
        text = _("{change} since the previous audit").format(
            change=signed(result.total - previous.total, q.language)
        )
        change = f'<div class="small muted">{esc(text)}</div>'
    parts = [
        f"<h1>{esc(q.title)}</h1>\n",
        f'<p class="muted">{esc(_("Audit result"))}</p>\n',
        '<div class="who">'
        f"<span><b>{esc(_('Respondent'))}</b>{esc(a.respondent or '—')}</span>"
        f"<span><b>{esc(_('Date'))}</b>{esc(a.date or '—')}</span></div>\n",
        f'<div class="verdict keep" style="background:{tint};border-color:{colour}">'
        f'<div class="total"><div class="small muted">{esc(_("Total"))}</div>'
        f'<div class="big">{total}<small>&nbsp;/&nbsp;{q.max_total}</small></div>'
        f"{change}</div>"
        f'<div><div class="small muted">{esc(_("Band"))}</div>'
        f'<div class="label" style="color:{colour}">{esc(result.band.label)}</div>'
        f"<div>{esc(result.band.meaning)}</div></div></div>\n",
        total_gauge(result, previous),
        f'<section class="keep">\n<h2>{esc(_("Section scores"))}</h2>\n',
        section_chart(result, previous),
        f'<p class="tiny muted">{esc(chart_note(q, previous))}</p>\n</section>\n',
        f"<p>{esc(percentile_note(result, norm))}</p>\n" if norm is not None else "",
        _weakest(result),
        _answers(result, previous),
    ]
    title = f"{q.title} — {a.respondent}" if a.respondent else q.title
    return page(title, q.language, "".join(parts), REPORT_CSS, paper)


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


def total_gauge(result: Result, previous: Result | None) -> str:
    """The total on a bar from the lowest to the highest possible total, bands tinted (SVG)."""
    q = result.questionnaire
    total = score_text(result.total, q.language)
    low, high = q.min_total, q.max_total
    w, x0, x1, y, h = 680.0, 6.0, 674.0, 12.0, 16.0

    def x_of(value: Fraction | int) -> float:
        return round(x0 + float(Fraction(value) - low) / (high - low) * (x1 - x0), 2)

    out = [f'<svg viewBox="0 0 {w:g} 58" role="img" aria-label="{esc(total)}">']
    for band in q.bands:
        start = max(Fraction(low), band.lower) if band.lower is not None else Fraction(low)
        end = min(Fraction(high), band.upper) if band.upper is not None else Fraction(high)
        out.append(
            f'<rect x="{x_of(start)}" y="{y}" width="{x_of(end) - x_of(start):.2f}" height="{h}" '
            f'fill="{band_colour(q, band.id, tint=True)}"/>'
        )
        chars = int((x_of(end) - x_of(start)) / 6)
        label = _wrap(band.label, chars, 1)[0] if chars > 2 else ""
        out.append(
            f'<text x="{(x_of(start) + x_of(end)) / 2:.2f}" y="{y + h + 12}" font-size="10" '
            f'text-anchor="middle" fill="{band_colour(q, band.id)}">{esc(label)}</text>'
        )
    out.append(
        f'<rect x="{x0}" y="{y}" width="{x1 - x0}" height="{h}" fill="none" stroke="#8a8a8a" '
        'stroke-width="0.8"/>'
    )
    ticks = {Fraction(low), Fraction(high)} | {
        t for b in q.bands for t in (b.lower, b.upper) if t is not None and low < t < high
    }
    for t in sorted(ticks):
        anchor, dx = ("end", -3) if t == high else ("start", 3)
        out.append(
            f'<line x1="{x_of(t)}" y1="{y}" x2="{x_of(t)}" y2="{y + h + 28}" stroke="#8a8a8a" '
            'stroke-width="0.8"/>'
            f'<text x="{x_of(t) + dx}" y="{y + h + 27}" font-size="10" fill="#555" '
            f'text-anchor="{anchor}">{number(t, q.language)}</text>'
        )
    if previous is not None:
        px = x_of(min(max(previous.total, Fraction(low)), Fraction(high)))
        out.append(
            f'<line x1="{px}" y1="{y + 2}" x2="{px}" y2="{y + h - 2}" stroke="{PREVIOUS}" '
            'stroke-width="3"/>'
        )
    tx = x_of(result.total)
    out.append(
        f'<line x1="{tx}" y1="{y}" x2="{tx}" y2="{y + h}" stroke="#1a1a1a" stroke-width="2.5"/>'
        f'<path d="M{tx} {y} l-6 -11 h12 z" fill="#1a1a1a"/>'
    )
    out.append("</svg>\n")
    return "".join(out)


def section_chart(result: Result, previous: Result | None) -> str:
    """Horizontal bars of the section scores with the band thresholds as dashed lines (SVG)."""
    q: Questionnaire = result.questionnaire
    before = previous_sections(result, previous) if previous is not None else {}
    lo, hi = chart_axis(q)
    row, top_pad, bottom_pad = 30.0, 20.0, 20.0
    w, label_w = 680.0, 200.0
    value_w = 110.0 if previous is not None else 50.0
    x0, x1 = label_w + 8, w - value_w
    top = top_pad
    bottom = top_pad + row * len(result.sections)
    h = bottom + bottom_pad

    def x_of(value: Fraction | int) -> float:
        return round(x0 + float(Fraction(value) - lo) / (hi - lo) * (x1 - x0), 2)

    out = [f'<svg viewBox="0 0 {w:g} {h:g}" role="img" font-size="11">']
    for v in range(lo, hi + 1):
        out.append(
            f'<line x1="{x_of(v)}" y1="{top}" x2="{x_of(v)}" y2="{bottom}" stroke="#d0d0d0" '
            'stroke-width="0.6"/>'
            f'<text x="{x_of(v)}" y="{bottom + 14}" text-anchor="middle" font-size="10" '
            f'fill="#555">{v}</text>'
        )
    for th in section_thresholds(q):
        if not lo < th.per_section < hi:
            continue
        colour = band_colour(q, th.band.id)
        out.append(
            f'<line x1="{x_of(th.per_section)}" y1="{top - 4}" x2="{x_of(th.per_section)}" '
            f'y2="{bottom}" stroke="{colour}" stroke-width="1.2" stroke-dasharray="4 3"/>'
            f'<text x="{x_of(th.per_section)}" y="{top - 7}" text-anchor="middle" font-size="10" '
            f'fill="{colour}">{number(th.per_section, q.language)}</text>'
        )
    weak = {s.id for s in result.weakest}
    for i, s in enumerate(result.sections):
        mid = top + i * row + row / 2
        lines = _wrap(f"{i + 1}. {s.section.title}", 34)
        weight = ' font-weight="bold"' if s.section.id in weak else ""
        first = mid + 4 - (len(lines) - 1) * 6.5
        spans = "".join(
            f'<tspan x="0" y="{first + n * 13:.1f}">{esc(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        out.append(f"<text{weight}>{spans}</text>")
        change = before.get(s.section.id)
        bar_h = 12.0 if change is None else 10.0
        bar_y = mid - bar_h / 2 - (3 if change is not None else 0)
        colour = band_colour(q, section_band(q, s.score).id)
        out.append(
            f'<rect x="{x_of(lo)}" y="{bar_y:.1f}" width="{x_of(s.score) - x_of(lo):.2f}" '
            f'height="{bar_h}" fill="{colour}"/>'
        )
        value = score_text(s.score, q.language)
        if change is not None and change.previous is not None:
            prev = change.previous.score
            out.append(
                f'<rect x="{x_of(lo)}" y="{bar_y + bar_h + 1:.1f}" '
                f'width="{x_of(prev) - x_of(lo):.2f}" height="4" fill="{PREVIOUS}"/>'
            )
            value += f" ({signed(s.score - prev, q.language)})"
        out.append(f'<text x="{x1 + 6}" y="{mid + 4}"{weight}>{value}</text>')
    out.append(f'<line x1="{x_of(lo)}" y1="{top}" x2="{x_of(lo)}" y2="{bottom}" stroke="#1a1a1a"/>')
    out.append("</svg>\n")
    return "".join(out)


def _weakest(result: Result) -> str:
    q = result.questionnaire
    _ = gettext_for(q.language)
    out = [f"<h2>{esc(_('Weakest sections and what to do'))}</h2>\n"]
    if not result.weakest:
        out.append(
            f"<p>{esc(_('No weak sections: every section is at the top of the scale.'))}</p>\n"
        )
        return "".join(out)
    scores = {s.section.id: s.score for s in result.sections}
    for section in result.weakest:
        n = next(i for i, s in enumerate(q.sections, start=1) if s.id == section.id)
        tips = "".join(
            f"<li>{esc(tip.text)}"
            + (
                f'<div class="source">{esc(_("Source: {source}").format(source=tip.source))}</div>'
                if tip.source
                else ""
            )
            + "</li>"
            for tip in section.advice
        )
        out.append(
            f'<div class="keep"><h3>{n}. {esc(section.title)} — '
            f"{score_text(scores[section.id], q.language)}</h3>\n"
            + (f'<ul class="advice">{tips}</ul>' if tips else "")
            + "</div>\n"
        )
    return "".join(out)


def _answers(result: Result, previous: Result | None) -> str:
    q = result.questionnaire
    _ = gettext_for(q.language)
    before = previous_sections(result, previous)
    # The heading travels with the first table so that it never ends a page alone.
    out = [f'<div class="keep"><h2>{esc(_("Your answers"))}</h2>\n']
    for n, s in enumerate(result.sections, start=1):
        change = before[s.section.id]
        score_line = _("Section score {score}").format(score=score_text(s.score, q.language))
        if previous is not None and change.previous is not None:
            score_line += f" ({signed(s.score - change.previous.score, q.language)})"
        prev_head = f'<th class="rating">{esc(_("Previous"))}</th>' if previous is not None else ""
        rows = []
        for i, (item, rating) in enumerate(zip(s.section.items, s.ratings, strict=True), start=1):
            cells = (
                f'<td class="num">{n}.{i}</td><td>{esc(item.text)}</td>'
                f'<td class="rating"><b>{rating}</b> <span>{esc(q.scale.label(rating))}</span></td>'
            )
            if previous is not None:
                old = change.rating(i - 1)
                cells += f'<td class="rating">{"—" if old is None else old}</td>'
            rows.append(f"<tr>{cells}</tr>\n")
        out.append(
            '<table class="answers keep">\n'
            f'<thead><tr><th class="num"></th><th>{n}. {esc(s.section.title)}</th>'
            f'<th class="rating">{esc(score_line)}</th>{prev_head}</tr></thead>\n'
            f"<tbody>\n{''.join(rows)}</tbody>\n</table>\n"
        )
        if n == 1:
            out.append("</div>\n")
    return "".join(out)

"""The blank form as one self-contained HTML file; the browser's print matches the PDF."""

from __future__ import annotations

from ...i18n import gettext_for
from ...model import Questionnaire, Section
from . import Paper, band_range, ordered_bands
from .html_common import esc, page

FORM_CSS = """
.who { display: flex; gap: 10pt; margin: 6pt 0 10pt; font-weight: bold; font-size: 9pt; }
.who span { display: flex; flex: 1 1 auto; align-items: flex-end; gap: 5pt; }
.who span.date { flex: 0 0 32%; }
.who i { flex: 1; border-bottom: 0.8pt solid #1a1a1a; height: 14pt; }
.legend { font-size: 7.5pt; color: #555; margin-bottom: 3pt; }
.legend span { white-space: nowrap; margin-right: 1.2em; }
table.items { border-top: 0.8pt solid #1a1a1a; border-bottom: 0.8pt solid #1a1a1a; }
table.items tr + tr td, table.items tr + tr th { border-top: 0.4pt solid #8a8a8a; }
table.items th { width: 26pt; font-weight: normal; color: #555; }
table.items td, table.items th { vertical-align: middle; }
td.boxes { text-align: right; white-space: nowrap; width: 1%; padding-left: 8pt; }
.tick { display: inline-flex; align-items: center; margin-left: 5pt; }
.tick b { font-weight: normal; font-size: 7pt; color: #555; margin-right: 2pt; }
.tick i { display: inline-block; width: 10pt; height: 10pt; border: 0.8pt solid #1a1a1a; }
.write { display: inline-block; width: 42pt; height: 16pt; border: 1pt solid #1a1a1a;
         vertical-align: middle; }
.score { display: flex; justify-content: flex-end; align-items: center; gap: 8pt;
         margin: 3pt 0 7pt; font-size: 8.5pt; }
.score .op { font-size: 10pt; font-weight: bold; }
.sums { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 6pt 8pt; }
.sums div { width: 50pt; font-size: 7pt; line-height: 1.2; overflow-wrap: break-word; }
.sums div .write { display: block; margin-top: 3pt; width: 44pt; height: 18pt; }
.sums div.total { width: auto; font-size: 8.5pt; font-weight: bold; border-left: 1pt solid #1a1a1a;
                  padding-left: 8pt; }
.sums div.total .write { width: 56pt; height: 22pt; }
.bands td:first-child, .bands td:nth-child(2) { font-weight: bold; white-space: nowrap; }
.bands td:nth-child(2) { white-space: normal; width: 25%; }
.bands td:last-child { font-size: 8.5pt; }
"""


def render_form(questionnaire: Questionnaire, paper: Paper = Paper.a4) -> str:
    """The printable blank form of `questionnaire` as an HTML document."""
    q = questionnaire
    _ = gettext_for(q.language)
    parts = [f"<h1>{esc(q.title)}</h1>\n"]
    if q.instructions:
        parts.append(f'<p class="small">{esc(q.instructions)}</p>\n')
    parts.append(
        '<div class="who">'
        f"<span>{esc(_('Company'))}<i></i></span>"
        f"<span>{esc(_('Respondent'))}<i></i></span>"
        f'<span class="date">{esc(_("Date"))}<i></i></span>'
        "</div>\n"
    )
    for n, section in enumerate(q.sections, start=1):
        parts.append(_section(q, n, section))
    parts.append(_scoring(q))
    return page(q.title, q.language, "".join(parts), FORM_CSS, paper)


def _boxes(q: Questionnaire) -> str:
    return "".join(f'<span class="tick"><b>{p.value}</b><i></i></span>' for p in q.scale.points)


def _section(q: Questionnaire, n: int, section: Section) -> str:
    _ = gettext_for(q.language)
    legend = "".join(f"<span>{p.value} = {esc(p.label)}</span>" for p in q.scale.points)
    boxes = _boxes(q)
    rows = "".join(
        f'<tr><th>{n}.{i}</th><td>{esc(item.text)}</td><td class="boxes">{boxes}</td></tr>\n'
        for i, item in enumerate(section.items, start=1)
    )
    return (
        '<section class="keep">\n'
        f"<h2>{n}. {esc(section.title)}</h2>\n"
        f'<p class="small muted">{esc(section.theme)}</p>\n'
        f'<p class="legend">{legend}</p>\n'
        f'<table class="items">\n{rows}</table>\n'
        '<div class="score">'
        f'<span>{esc(_("Sum"))}</span><span class="write"></span>'
        f'<span class="op">÷ {len(section.items)} =</span><span class="write"></span>'
        f"<b>{esc(_('Section score'))}</b></div>\n"
        "</section>\n"
    )


def _scoring(q: Questionnaire) -> str:
    _ = gettext_for(q.language)
    cells = "".join(
        f'<div>{n}. {esc(s.title)}<span class="write"></span></div>'
        for n, s in enumerate(q.sections, start=1)
    )
    total = _("Total ({low} to {high})").format(low=q.min_total, high=q.max_total)
    cells += f'<div class="total">{esc(total)}<span class="write"></span></div>'
    rows = "".join(
        f"<tr><td>{esc(band_range(b, _, q.language))}</td><td>{esc(b.label)}</td>"
        f"<td>{esc(b.meaning)}</td></tr>\n"
        for b in ordered_bands(q)
    )
    weakest = _("Start improving in the sections where your score is lowest.")
    return (
        '<section class="keep">\n'
        f"<h2>{esc(_('Your total'))}</h2>\n"
        f'<p class="small">{esc(_("Copy each section score into its box and add them up."))}</p>\n'
        f'<div class="sums">{cells}</div>\n'
        "</section>\n"
        '<section class="keep">\n'
        f"<h2>{esc(_('What your total means'))}</h2>\n"
        '<table class="grid bands">\n'
        f"<thead><tr><th>{esc(_('Total'))}</th><th>{esc(_('Band'))}</th>"
        f"<th>{esc(_('What it means'))}</th></tr></thead>\n"
        f"<tbody>\n{rows}</tbody>\n</table>\n"
        '<p class="small" style="margin-top:5pt">'
        f"{esc(weakest)}"
        "</p>\n</section>\n"
    )

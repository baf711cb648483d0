"""The blank form as one self-contained HTML file; the browser's print matches the PDF."""

from __future__ import annotations

from ...model import Questionnaire
from . import Paper
from .html_common import esc, page
from .views import FormSection, FormView, form_view

FORM_CSS = """
.who { display: flex; gap: 10pt; margin: 6pt 0 10pt; font-weight: bold; font-size: 9pt; }
.who span { display: flex; flex: 1 1 auto; align-items: flex-end; gap: 5pt; }
.who span.date { flex: 0 0 32%; }
.who i { flex: 1; border-bottom: 0.8pt solid #1a1a1a; height: 14pt; }
.legend { font-size: 7.5pt; color: #555; margin-bottom: 3pt; }
.legend span { white-space: nowrap; margin-right: 1.2em; }
table.items { border-bottom: 0.8pt solid #1a1a1a; }
table.items tbody tr:first-child td, table.items tbody tr:first-child th {
  border-top: 0.8pt solid #1a1a1a; }
table.items tr + tr td, table.items tr + tr th { border-top: 0.4pt solid #8a8a8a; }
table.items thead td { padding: 0 0 1pt; }
.ends { display: flex; justify-content: space-between; gap: 4pt; padding-left: 5pt;
        font-size: 6.5pt; line-height: 1.1; color: #555; white-space: normal; }
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
.sums div { width: min-content; min-width: 50pt; font-size: 7pt; line-height: 1.2; }
.sums div .write { display: block; margin-top: 3pt; width: 44pt; height: 18pt; }
.sums div.total { width: auto; font-size: 8.5pt; font-weight: bold; border-left: 1pt solid #1a1a1a;
                  padding-left: 8pt; }
.sums div.total .write { width: 56pt; height: 22pt; }
.bands td:first-child, .bands td:nth-child(2) { font-weight: bold; white-space: nowrap; }
.bands td:nth-child(2) { white-space: normal; width: 25%; }
.bands td:last-child { font-size: 8.5pt; }
/* Printed, every built-in form keeps to two pages on A4 and on Letter, as the PDF does. */
@media print {
  body { line-height: 1.15; }
  h2 { margin-top: 6pt; }
  table.items td, table.items th { padding: 2pt 2pt; }
  .score { margin: 2pt 0 5pt; }
}
"""


def render_form(questionnaire: Questionnaire, paper: Paper = Paper.a4) -> str:
    """The printable blank form of `questionnaire` as an HTML document."""
    v = form_view(questionnaire)
    parts = [f"<h1>{esc(v.title)}</h1>\n"]
    if v.instructions:
        parts.append(f'<p class="small">{esc(v.instructions)}</p>\n')
    parts.append(
        '<div class="who">'
        f"<span>{esc(v.company)}<i></i></span>"
        f"<span>{esc(v.respondent)}<i></i></span>"
        f'<span class="date">{esc(v.date)}<i></i></span>'
        "</div>\n"
    )
    parts += [_section(v, section) for section in v.sections]
    parts.append(_scoring(v))
    return page(v.title, v.language, "".join(parts), FORM_CSS, paper)


def _section(v: FormView, section: FormSection) -> str:
    legend = "".join(f"<span>{p.value} = {esc(p.label)}</span>" for p in v.scale)
    boxes = "".join(f'<span class="tick"><b>{p.value}</b><i></i></span>' for p in v.scale)
    low, high = v.ends
    ends = (
        '<thead><tr><td></td><td></td><td class="boxes"><div class="ends">'
        f"<span>{esc(low)}</span><span>{esc(high)}</span></div></td></tr></thead>\n"
    )
    rows = "".join(
        f'<tr><th>{s.label}</th><td>{esc(s.text)}</td><td class="boxes">{boxes}</td></tr>\n'
        for s in section.statements
    )
    return (
        '<section class="keep">\n'
        f"<h2>{esc(section.heading)}</h2>\n"
        f'<p class="small muted">{esc(section.theme)}</p>\n'
        f'<p class="legend">{legend}</p>\n'
        f'<table class="items">\n{ends}<tbody>\n{rows}</tbody>\n</table>\n'
        '<div class="score">'
        f'<span>{esc(v.sum_label)}</span><span class="write"></span>'
        f'<span class="op">÷ {len(section.statements)} =</span><span class="write"></span>'
        f"<b>{esc(v.section_score)}</b></div>\n"
        "</section>\n"
    )


def _scoring(v: FormView) -> str:
    cells = "".join(f'<div>{esc(s.heading)}<span class="write"></span></div>' for s in v.sections)
    cells += f'<div class="total">{esc(v.total_label)}<span class="write"></span></div>'
    rows = "".join(
        f"<tr><td>{esc(b.range)}</td><td>{esc(b.label)}</td><td>{esc(b.meaning)}</td></tr>\n"
        for b in v.bands
    )
    heads = "".join(f"<th>{esc(h)}</th>" for h in v.meaning_heads)
    return (
        '<section class="keep">\n'
        f"<h2>{esc(v.total_heading)}</h2>\n"
        f'<p class="small">{esc(v.copy_note)}</p>\n'
        f'<div class="sums">{cells}</div>\n'
        "</section>\n"
        '<section class="keep">\n'
        f"<h2>{esc(v.meaning_heading)}</h2>\n"
        '<table class="grid bands">\n'
        f"<thead><tr>{heads}</tr></thead>\n"
        f"<tbody>\n{rows}</tbody>\n</table>\n"
        '<p class="small" style="margin-top:5pt">'
        f"{esc(v.weakest_note)}"
        "</p>\n</section>\n"
    )

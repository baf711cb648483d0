"""The action plan as one self-contained HTML page that prints like the PDF."""

from __future__ import annotations

import datetime as dt

from ...plan.model import Plan, SectionPlan, Status
from ..dates import date_text
from . import Paper
from .html_common import esc, page
from .plan_common import (
    figure,
    heading_lines,
    measure_state,
    score_text,
    status_label,
    translator,
    unit_label,
)

PLAN_CSS = """
.area { break-inside: avoid; page-break-inside: avoid; margin-bottom: 12pt; }
.target { margin: 0 0 4pt; }
.grid { margin-bottom: 4pt; table-layout: fixed; }
.grid td.num { text-align: right; }
.grid td.due { white-space: nowrap; }
.overdue { color: #c62828; font-weight: bold; }
.done { color: #2e7d32; font-weight: bold; }
tr.row-dropped td { color: #777; text-decoration: line-through; }
tr.row-dropped td.status { text-decoration: none; }
.notes { display: block; font-size: 8pt; color: #555; margin-top: 1pt; }
"""


def _actions(plan: Plan, section: SectionPlan, today: dt.date) -> str:
    _ = translator(plan)
    head = "".join(f"<th>{esc(h)}</th>" for h in (_("Action"), _("Owner"), _("Due"), _("Status")))
    rows = []
    for action in section.actions:
        label = status_label(action.status, plan.language)
        if action.overdue(today):
            status = f'<span class="overdue">{esc(_("overdue"))} ({esc(label)})</span>'
        elif action.status is Status.done:
            status = f'<span class="done">{esc(label)}</span>'
        else:
            status = esc(label)
        notes = (
            f'<span class="notes">{esc(_("Notes: {notes}").format(notes=action.notes))}</span>'
            if action.notes.strip()
            else ""
        )
        rows.append(
            f'<tr class="row-{action.status.value}"><td>{esc(action.text)}{notes}</td>'
            f'<td class="owner">{esc(action.owner)}</td>'
            f'<td class="due">{date_text(action.due, plan.language)}</td>'
            f'<td class="status">{status}</td></tr>'
        )
    return (
        f'<table class="grid">{_cols(50, 16, 16, 18)}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>\n"
    )


def _cols(*widths: int) -> str:
    return "<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths) + "</colgroup>"


def _measures(plan: Plan, section: SectionPlan) -> str:
    _ = translator(plan)
    heads = (_("Measure"), _("Unit"), _("Baseline"), _("Target"), _("Measured"), "")
    head = "".join(f"<th>{esc(h)}</th>" for h in heads)
    rows = [
        f"<tr><td>{esc(m.text)}</td><td>{esc(unit_label(m.unit, plan.language))}</td>"
        + "".join(
            f'<td class="num">{figure(value, plan.language)}</td>'
            for value in (m.baseline, m.target, m.measured)
        )
        + f"<td>{esc(measure_state(m, plan.language))}</td></tr>"
        for m in section.measures
    ]
    return (
        f'<table class="grid">{_cols(38, 11, 13, 12, 14, 12)}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>\n"
    )


def render_plan(plan: Plan, paper: Paper = Paper.a4, today: dt.date | None = None) -> str:
    """The plan as an HTML document; actions past due on `today` are marked."""
    _ = translator(plan)
    on = today or dt.date.today()
    title, under = heading_lines(plan)
    parts = [f"<h1>{esc(title)}</h1>\n"]
    parts += [f'<p class="muted">{esc(line)}</p>\n' for line in under]
    for section in plan.sections:
        target = _("Score at the audit: {score}; target at the next audit: {target}").format(
            score=score_text(section.score, plan.language),
            target=score_text(section.target_score, plan.language),
        )
        parts.append(
            f'<section class="area">\n<h2>{esc(section.title or section.section)}</h2>\n'
            f'<p class="target small muted">{esc(target)}</p>\n'
        )
        if section.actions:
            parts.append(_actions(plan, section, on))
        if section.measures:
            parts.append(_measures(plan, section))
        parts.append("</section>\n")
    return page(title, plan.language, "".join(parts), PLAN_CSS, paper)

"""The action plan as one self-contained HTML page that prints like the PDF.

Lays out the format-neutral `plan_common.PlanView`.
"""

from __future__ import annotations

import datetime as dt

from ...plan.model import Plan
from . import Paper
from .html_common import esc, page
from .plan_common import ActionRow, PlanSection, PlanView, plan_view

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


def _action(v: PlanView, action: ActionRow) -> str:
    if action.overdue:
        status = f'<span class="overdue">{esc(v.overdue)} ({esc(action.status)})</span>'
    elif action.done:
        status = f'<span class="done">{esc(action.status)}</span>'
    else:
        status = esc(action.status)
    notes = f'<span class="notes">{esc(action.notes_line)}</span>' if action.notes_line else ""
    return (
        f'<tr class="row-{action.kind}"><td>{esc(action.text)}{notes}</td>'
        f'<td class="owner">{esc(action.owner)}</td>'
        f'<td class="due">{action.due}</td>'
        f'<td class="status">{status}</td></tr>'
    )


def _actions(v: PlanView, section: PlanSection) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in v.action_heads)
    rows = "".join(_action(v, action) for action in section.actions)
    return (
        f'<table class="grid">{_cols(50, 16, 16, 18)}<thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table>\n"
    )


def _cols(*widths: int) -> str:
    return "<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths) + "</colgroup>"


def _measures(v: PlanView, section: PlanSection) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in v.measure_heads)
    rows = [
        f"<tr><td>{esc(m.text)}</td><td>{esc(m.unit)}</td>"
        + "".join(f'<td class="num">{value}</td>' for value in (m.baseline, m.target, m.measured))
        + f"<td>{esc(m.state)}</td></tr>"
        for m in section.measures
    ]
    return (
        f'<table class="grid">{_cols(38, 11, 13, 12, 14, 12)}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>\n"
    )


def render_plan(plan: Plan, paper: Paper = Paper.a4, today: dt.date | None = None) -> str:
    """The plan as an HTML document; actions past due on `today` are marked."""
    v = plan_view(plan, today or dt.date.today())
    parts = [f"<h1>{esc(v.title)}</h1>\n"]
    parts += [f'<p class="muted">{esc(line)}</p>\n' for line in v.lines]
    for section in v.sections:
        parts.append(
            f'<section class="area">\n<h2>{esc(section.heading)}</h2>\n'
            f'<p class="target small muted">{esc(section.target)}</p>\n'
        )
        if section.actions:
            parts.append(_actions(v, section))
        if section.measures:
            parts.append(_measures(v, section))
        parts.append("</section>\n")
    return page(v.title, v.language, "".join(parts), PLAN_CSS, paper)

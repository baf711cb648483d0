"""The action plan as Markdown: one section per area, a table of actions and of measures.

Lays out the format-neutral `plan_common.PlanView`.
"""

from __future__ import annotations

import datetime as dt

from ...plan.model import Plan
from .form_markdown import md, md_line
from .plan_common import PlanSection, PlanView, plan_view


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _actions(v: PlanView, section: PlanSection) -> list[str]:
    lines = [_row([md(h) for h in (*v.action_heads, v.notes_head)]), _row(["---"] * 5)]
    for action in section.actions:
        status = md(action.status)
        if action.overdue:
            status = f"**{md(v.overdue)}** ({status})"
        lines.append(
            _row([md(action.text), md(action.owner), action.due, status, md(action.notes)])
        )
    return [*lines, ""]


def _measures(v: PlanView, section: PlanSection) -> list[str]:
    lines = [_row([md(h) for h in v.measure_heads]), _row(["---"] * 6)]
    lines += [
        _row([md(m.text), md(m.unit), m.baseline, m.target, m.measured, md(m.state)])
        for m in section.measures
    ]
    return [*lines, ""]


def render_plan(plan: Plan, today: dt.date | None = None) -> str:
    """The plan as Markdown; actions past due on `today` are marked overdue."""
    v = plan_view(plan, today or dt.date.today())
    lines = [f"# {md(v.title)}", "", *(md_line(line) + "  " for line in v.lines), ""]
    for section in v.sections:
        lines += [f"## {md(section.heading)}", "", md_line(section.target), ""]
        if section.actions:
            lines += _actions(v, section)
        if section.measures:
            lines += _measures(v, section)
    return "\n".join(lines).rstrip("\n") + "\n"

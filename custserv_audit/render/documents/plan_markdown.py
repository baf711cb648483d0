"""The action plan as Markdown: one section per area, a table of actions and of measures."""

from __future__ import annotations

import datetime as dt

from ...plan.model import Plan
from ..dates import date_text
from .form_markdown import md
from .plan_common import (
    figure,
    heading_lines,
    measure_state,
    score_text,
    status_label,
    translator,
    unit_label,
)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def render_plan(plan: Plan, today: dt.date | None = None) -> str:
    """The plan as Markdown; actions past due on `today` are marked overdue."""
    _ = translator(plan)
    on = today or dt.date.today()
    title, under = heading_lines(plan)
    lines = [f"# {md(title)}", "", *(md(line) + "  " for line in under), ""]
    for section in plan.sections:
        lines += [
            f"## {md(section.title or section.section)}",
            "",
            md(
                _("Score at the audit: {score}; target at the next audit: {target}").format(
                    score=score_text(section.score, plan.language),
                    target=score_text(section.target_score, plan.language),
                )
            ),
            "",
        ]
        if section.actions:
            lines += [
                _row([_("Action"), _("Owner"), _("Due"), _("Status"), _("Notes")]),
                _row(["---"] * 5),
            ]
            for action in section.actions:
                status = status_label(action.status, plan.language)
                if action.overdue(on):
                    status = f"**{md(_('overdue'))}** ({md(status)})"
                else:
                    status = md(status)
                lines.append(
                    _row(
                        [
                            md(action.text),
                            md(action.owner),
                            date_text(action.due, plan.language),
                            status,
                            md(action.notes),
                        ]
                    )
                )
            lines.append("")
        if section.measures:
            lines += [
                _row([_("Measure"), _("Unit"), _("Baseline"), _("Target"), _("Measured"), ""]),
                _row(["---"] * 6),
            ]
            for m in section.measures:
                lines.append(
                    _row(
                        [
                            md(m.text),
                            md(unit_label(m.unit, plan.language)),
                            figure(m.baseline, plan.language),
                            figure(m.target, plan.language),
                            figure(m.measured, plan.language),
                            md(measure_state(m, plan.language)),
                        ]
                    )
                )
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"

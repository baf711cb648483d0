"""Rich terminal views of an action plan (`plan show`) and of its follow-up at the next audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ...i18n import gettext_for, ngettext_for
from ...plan.followup import FollowUp
from ...plan.model import MeasureState, Plan, Status
from ..dates import date_text
from ..documents.plan_common import (
    figure,
    heading_lines,
    measure_line,
    measure_state,
    ordered_actions,
    score_text,
    state_label,
    status_label,
    summary_lines,
    translator,
    unit_label,
    with_unit,
)
from .safe_console import keep_together

_STATE_STYLES = {
    MeasureState.met: "green",
    MeasureState.not_met: "red",
    MeasureState.not_measured: "dim",
    MeasureState.no_target: "dim",
}

_STATUS_STYLES = {
    Status.doing: "cyan",
    Status.open: "",
    Status.done: "green",
    Status.dropped: "dim",
}


def plan_view(plan: Plan, today: dt.date) -> RenderableType:
    """The plan's actions by status and due date, overdue ones marked; then targets, measures."""
    _ = translator(plan)
    ngettext = plural(plan)
    title, under = heading_lines(plan)
    parts: list[RenderableType] = [Text(title, style="bold"), *(Text(line) for line in under)]
    actions = Table(title=_("Actions"), title_justify="left", expand=False)
    for column in (_("Status"), _("Due"), _("Owner"), _("Section")):
        actions.add_column(column, overflow="fold")
    actions.add_column(_("Action"), overflow="fold", ratio=1)  # narrowed last
    overdue = 0
    for section, action in ordered_actions(plan):
        label = status_label(action.status, plan.language)
        style = _STATUS_STYLES[action.status]
        if action.overdue(today):
            overdue += 1
            label = keep_together(_("overdue") + f" ({label})")  # one label, one line
            style = "bold red"
        actions.add_row(
            Text(label, style=style),
            keep_together(date_text(action.due, plan.language, "—")),  # a date on one line
            Text(action.owner or "—"),
            Text(section.title or section.section),
            Text(action.text + (f"\n{action.notes.strip()}" if action.notes.strip() else "")),
        )
    parts.append(actions)
    if overdue:
        parts.append(
            Text(
                ngettext(
                    "{count} action overdue on {date}.",
                    "{count} actions overdue on {date}.",
                    overdue,
                ).format(count=overdue, date=date_text(today, plan.language)),
                style="bold red",
            )
        )
    targets = Table(title=_("Targets for the next audit"), title_justify="left", expand=False)
    targets.add_column(_("Section"))
    targets.add_column(_("Score"), justify="right")
    targets.add_column(_("Target"), justify="right")
    for section in plan.sections:
        targets.add_row(
            Text(section.title or section.section),
            score_text(section.score, plan.language),
            score_text(section.target_score, plan.language),
        )
    parts.append(targets)
    measures = [(s, m) for s in plan.sections for m in s.measures]
    if measures:
        table = Table(title=_("Measures"), title_justify="left", expand=False)
        table.add_column(_("Measure"), overflow="fold", ratio=1)
        for column in (_("Unit"), _("Baseline"), _("Target"), _("Measured"), ""):
            table.add_column(column, overflow="fold")
        for _section, m in measures:
            table.add_row(
                Text(m.text),
                unit_label(m.unit, plan.language),
                figure(m.baseline, plan.language),
                figure(m.target, plan.language),
                figure(m.measured, plan.language),
                measure_state(m, plan.language),
            )
        parts.append(table)
    return Group(*parts)


def followup_view(follow: FollowUp, lang: str | None = None) -> RenderableType:
    """Each planned area's target against the score reached; the actions by status.

    In `lang` (the command's language), else the plan's."""
    plan = follow.plan
    lang = lang or plan.language
    _ = gettext_for(lang)
    ngettext = ngettext_for(lang)
    table = Table(
        title=targets_met(follow, lang),
        title_justify="left",
        expand=False,
    )
    table.add_column(_("Section"))
    table.add_column(_("Planned from"), justify="right")
    table.add_column(_("Target"), justify="right")
    table.add_column(_("Reached"), justify="right")
    table.add_column("")
    for outcome in follow.sections:
        met = outcome.met
        table.add_row(
            Text(outcome.plan.title or outcome.plan.section),
            score_text(outcome.plan.score, lang),
            score_text(outcome.plan.target_score, lang),
            score_text(outcome.reached, lang),
            Text(_("met") if met else _("not met"), style="green" if met else "red"),
        )
    counts = ", ".join(
        f"{status_label(status, lang)} {count}" for status, count in follow.status_counts if count
    )
    parts: list[RenderableType] = [table]
    if follow.measures:
        measures = Table(title=_("Measures"), title_justify="left", expand=False)
        for column in (_("Measure"), _("Baseline"), _("Target"), _("Measured"), ""):
            measures.add_column(column, overflow="fold")
        for _section, m in follow.measures:
            measures.add_row(
                Text(m.text),
                with_unit(m.baseline, m.unit, lang),
                with_unit(m.target, m.unit, lang),
                with_unit(m.measured, m.unit, lang),
                Text(state_label(m.state, lang), style=_STATE_STYLES[m.state]),
            )
        parts.append(measures)
    parts += [Text(line) for line in summary_lines(follow, lang)]
    parts.append(Text(_("Actions: {counts}").format(counts=counts)))
    if follow.overdue:
        parts.append(
            Text(
                ngettext(
                    "{count} action was past due and not done.",
                    "{count} actions were past due and not done.",
                    len(follow.overdue),
                ).format(count=len(follow.overdue)),
                style="red",
            )
        )
    return Group(*parts)


def plural(plan: Plan) -> Callable[[str, str, int], str]:
    """The `ngettext` of the plan's language."""
    return ngettext_for(plan.language)


def targets_met(follow: FollowUp, lang: str | None = None) -> str:
    """ "Action plan of DATE: MET of N targets met" in `lang`, else the plan's language."""
    plan, count = follow.plan, len(follow.sections)
    lang = lang or plan.language
    ngettext = ngettext_for(lang)
    return ngettext(
        "Action plan of {date}: {met} of {count} target met",
        "Action plan of {date}: {met} of {count} targets met",
        count,
    ).format(date=date_text(plan.created, lang), met=follow.targets_met, count=count)


def followup_lines(follow: FollowUp, lang: str | None = None) -> list[str]:
    """The follow-up as plain lines (for standard error or a Markdown note).

    In `lang` (the command's language), else the plan's."""
    plan = follow.plan
    lang = lang or plan.language
    _ = gettext_for(lang)
    lines = [targets_met(follow, lang)]
    for outcome in follow.sections:
        lines.append(
            _("  {area}: target {target}, reached {reached} ({state})").format(
                area=outcome.plan.title or outcome.plan.section,
                target=score_text(outcome.plan.target_score, lang),
                reached=score_text(outcome.reached, lang),
                state=_("met") if outcome.met else _("not met"),
            )
        )
    for _section, measure in follow.measures:
        lines.append("  " + measure_line(measure, lang))
    return lines

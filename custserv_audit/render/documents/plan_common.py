"""The action plan's words and figures that every plan format shares (no format imported here).

`plan_view` turns a plan into a frozen `PlanView`: every heading, row and label,
translated and formatted, that the PDF, HTML and Markdown writers lay out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from importlib import import_module

from ...i18n import gettext_for
from ...plan.followup import FollowUp
from ...plan.model import Action, Measure, MeasureState, Plan, SectionPlan, Status
from ..dates import date_text
from ..numbers import localise, number
from ..numbers import score_text as total_text
from . import Paper


class PlanFormat(StrEnum):
    """Formats of the printable plan."""

    pdf = "pdf"
    html = "html"
    markdown = "markdown"


def render_plan_document(
    plan: Plan, fmt: PlanFormat, paper: Paper = Paper.a4, today: dt.date | None = None
) -> bytes | str:
    """The printable plan in one format: PDF as bytes, HTML and Markdown as text."""
    if fmt is PlanFormat.markdown:
        from .plan_markdown import render_plan

        return render_plan(plan, today)
    module = import_module(f".plan_{fmt.value}", __package__)
    render: Callable[..., bytes | str] = module.render_plan
    return render(plan, paper, today)


def status_label(status: Status, lang: str) -> str:
    """An action's status in the plan's language."""
    _ = gettext_for(lang)
    labels = {
        Status.open: _("open"),
        Status.doing: _("doing"),
        Status.done: _("done"),
        Status.dropped: _("dropped"),
    }
    return labels[status]


def unit_label(unit: str, lang: str) -> str:
    """A measure's unit in the plan's language."""
    _ = gettext_for(lang)
    labels = {
        "seconds": _("seconds"),
        "minutes": _("minutes"),
        "hours": _("hours"),
        "days": _("days"),
        "percent": "%",
        "count": _("count"),
    }
    return labels.get(unit, unit)


def figure(value: float | Fraction | None, lang: str) -> str:
    """A figure as people write it in `lang` (empty when not filled in)."""
    if value is None:
        return ""
    if isinstance(value, float) and value != int(value):
        return localise(f"{value:g}", lang)
    return number(Fraction(value), lang)


def score_text(value: Fraction, lang: str) -> str:
    """A section score as people write it in `lang` (at most two decimals)."""
    return number(value, lang)


def target_line(plan: Plan, section: SectionPlan) -> str:
    """'Score at the audit: 2.33; target at the next audit: 3' in the plan's language."""
    _ = gettext_for(plan.language)
    return _("Score at the audit: {score}; target at the next audit: {target}").format(
        score=score_text(section.score, plan.language),
        target=score_text(section.target_score, plan.language),
    )


def ordered_actions(plan: Plan) -> list[tuple[SectionPlan, Action]]:
    """Actions by status (doing, open, done, dropped), then due date (none last), then order."""
    order = {Status.doing: 0, Status.open: 1, Status.done: 2, Status.dropped: 3}
    indexed = list(enumerate(plan.actions))
    indexed.sort(
        key=lambda item: (
            order[item[1][1].status],
            item[1][1].due or dt.date.max,
            item[0],
        )
    )
    return [pair for _n, pair in indexed]


def measure_state(measure: Measure, lang: str) -> str:
    """'met', 'not met' or empty until the figures are in."""
    _ = gettext_for(lang)
    if measure.met is None:
        return ""
    return _("met") if measure.met else _("not met")


def state_label(state: MeasureState, lang: str) -> str:
    """A measure's state at the follow-up in `lang`."""
    _ = gettext_for(lang)
    labels = {
        MeasureState.met: _("met"),
        MeasureState.not_met: _("not met"),
        MeasureState.not_measured: _("not measured yet"),
        MeasureState.no_target: _("no target set"),
    }
    return labels[state]


def with_unit(value: float | None, unit: str, lang: str) -> str:
    """A measure's figure with its unit ('80 %', '20 seconds'); '—' when not filled in."""
    if value is None:
        return "—"
    shown = figure(value, lang)
    return f"{shown}\u00a0%" if unit == "percent" else f"{shown} {unit_label(unit, lang)}"


def measure_line(measure: Measure, lang: str) -> str:
    """'Share of returns: target 3 %, measured 2.5 % (met)' in `lang`."""
    _ = gettext_for(lang)
    if measure.state is MeasureState.not_measured:
        if measure.target is None:
            return _("{measure}: not measured yet").format(measure=measure.text)
        return _("{measure}: target {target}, not measured yet").format(
            measure=measure.text, target=with_unit(measure.target, measure.unit, lang)
        )
    return _("{measure}: target {target}, measured {measured} ({state})").format(
        measure=measure.text,
        target=with_unit(measure.target, measure.unit, lang),
        measured=with_unit(measure.measured, measure.unit, lang),
        state=state_label(measure.state, lang),
    )


def summary_lines(follow: FollowUp, lang: str) -> list[str]:
    """Which section targets and which measures were met, named (for the follow-up's end)."""
    _ = gettext_for(lang)

    def names(items: tuple[str, ...]) -> str:
        return "; ".join(items)

    lines = []
    met = follow.sections_where(met=True)
    missed = follow.sections_where(met=False)
    if met:
        lines.append(
            _("Score targets met: {sections}.").format(
                sections=names(tuple(s.title or s.section for s in met))
            )
        )
    if missed:
        lines.append(
            _("Score targets not met: {sections}.").format(
                sections=names(tuple(s.title or s.section for s in missed))
            )
        )
    if follow.measures:
        counts = follow.measure_counts
        lines.append(
            _(
                "Measures: {met} met, {not_met} not met, {not_measured} not measured yet "
                "(of {count})."
            ).format(
                met=counts[MeasureState.met],
                not_met=counts[MeasureState.not_met],
                not_measured=counts[MeasureState.not_measured],
                count=len(follow.measures),
            )
        )
        if counts[MeasureState.no_target]:
            lines.append(
                _("Measures with a measured figure but no target set: {count}.").format(
                    count=counts[MeasureState.no_target]
                )
            )
    return lines


def heading_lines(plan: Plan) -> tuple[str, list[str]]:
    """The plan's title and the lines under it (respondent, audit, next audit)."""
    _ = gettext_for(plan.language)
    title = _("Action plan: {respondent}").format(respondent=plan.respondent or "—")
    lines = [
        _("Made on {created} from the audit of {date}: total {total}.").format(
            created=date_text(plan.created, plan.language),
            date=date_text(plan.audit_date, plan.language),
            total=total_text(plan.audit_total, plan.language),
        )
    ]
    if plan.next_audit is not None:
        lines.append(_("Next audit: {date}").format(date=date_text(plan.next_audit, plan.language)))
    return title, lines


def translator(plan: Plan) -> Callable[[str], str]:
    """The `_` of the plan's language."""
    return gettext_for(plan.language)


@dataclass(frozen=True)
class ActionRow:
    """One action as printed: its status in words and how to mark it."""

    text: str
    owner: str
    due: str  # the date as the language writes it, or empty
    status: str  # "open", "doing", …
    kind: str  # the status's id ("open", "dropped", …), for styling
    overdue: bool  # past due on the plan's day and not finished
    done: bool
    notes: str  # as written (empty when none)
    notes_line: str  # "Notes: …", empty when there are no notes


@dataclass(frozen=True)
class MeasureRow:
    """One measure with its figures in the plan's language."""

    text: str
    unit: str
    baseline: str
    target: str
    measured: str
    state: str  # "met", "not met" or empty


@dataclass(frozen=True)
class PlanSection:
    """One planned section: its heading, its target line, actions and measures."""

    heading: str
    target: str
    actions: tuple[ActionRow, ...]
    measures: tuple[MeasureRow, ...]


@dataclass(frozen=True)
class PlanView:
    """The printable plan: every text it shows, in reading order."""

    language: str
    title: str
    lines: tuple[str, ...]  # under the title: when made, from which audit, next audit
    sections: tuple[PlanSection, ...]
    action_heads: tuple[str, str, str, str]  # action, owner, due, status
    notes_head: str
    measure_heads: tuple[str, str, str, str, str, str]  # measure, unit, …, state (empty)
    overdue: str
    page_label: str  # "Page {page}"


def _action_row(action: Action, lang: str, today: dt.date) -> ActionRow:
    _ = gettext_for(lang)
    notes = action.notes
    return ActionRow(
        text=action.text,
        owner=action.owner,
        due=date_text(action.due, lang),
        status=status_label(action.status, lang),
        kind=action.status.value,
        overdue=action.overdue(today),
        done=action.status is Status.done,
        notes=notes,
        notes_line=_("Notes: {notes}").format(notes=notes) if notes.strip() else "",
    )


def _measure_row(m: Measure, lang: str) -> MeasureRow:
    return MeasureRow(
        text=m.text,
        unit=unit_label(m.unit, lang),
        baseline=figure(m.baseline, lang),
        target=figure(m.target, lang),
        measured=figure(m.measured, lang),
        state=measure_state(m, lang),
    )


def plan_view(plan: Plan, today: dt.date) -> PlanView:
    """The plan as printed on `today` (actions past due then are marked overdue)."""
    _ = gettext_for(plan.language)
    lang = plan.language
    title, lines = heading_lines(plan)
    return PlanView(
        language=lang,
        title=title,
        lines=tuple(lines),
        sections=tuple(
            PlanSection(
                heading=section.title or section.section,
                target=target_line(plan, section),
                actions=tuple(_action_row(a, lang, today) for a in section.actions),
                measures=tuple(_measure_row(m, lang) for m in section.measures),
            )
            for section in plan.sections
        ),
        action_heads=(_("Action"), _("Owner"), _("Due"), _("Status")),
        notes_head=_("Notes"),
        measure_heads=(_("Measure"), _("Unit"), _("Baseline"), _("Target"), _("Measured"), ""),
        overdue=_("overdue"),
        page_label=_("Page {page}"),
    )

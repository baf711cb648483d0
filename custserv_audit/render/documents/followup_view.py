"""The follow-up of an action plan as a report section, once for every document format.

`followup_view` turns a `FollowUp` into a frozen `FollowUpView`: the heading, each
planned section's target against the score reached, each measure met or not, and
the actions by status, translated into the report's language. The PDF and HTML
report writers lay it out after the answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...i18n import gettext_for
from ...plan.followup import FollowUp
from ...plan.model import MeasureState
from .plan_common import (
    ordered_actions,
    score_text,
    state_label,
    status_label,
    summary_lines,
    with_unit,
)


@dataclass(frozen=True)
class TargetRow:
    """One planned section: score when planned, target, score reached, met or not."""

    section: str
    planned_from: str
    target: str
    reached: str
    state: str
    met: bool


@dataclass(frozen=True)
class MeasureRow:
    """One measure: baseline, target, measured, and its state (met, not met, not measured)."""

    measure: str
    baseline: str
    target: str
    measured: str
    state: str
    met: bool | None  # None: not measured yet, or no target set


@dataclass(frozen=True)
class ActionRow:
    """One action: status (overdue marked), due date, owner, section, text."""

    status: str
    due: str
    owner: str
    section: str
    action: str
    overdue: bool
    done: bool


@dataclass(frozen=True)
class FollowUpView:
    """'Follow-up of the action plan': every text and figure of the section, in order."""

    heading: str
    intro: str
    target_heads: tuple[str, str, str, str, str]
    targets: tuple[TargetRow, ...]
    measure_heads: tuple[str, str, str, str, str]
    measures: tuple[MeasureRow, ...]
    summary: tuple[str, ...]  # which targets were met, how many measures
    action_heading: str
    action_heads: tuple[str, str, str, str, str]
    actions: tuple[ActionRow, ...]
    action_counts: str


def followup_view(follow: FollowUp, lang: str) -> FollowUpView:
    """The follow-up section of a report in `lang` (the plan's own texts as written)."""
    _ = gettext_for(lang)
    plan = follow.plan
    on = follow.result.answers.date or ""
    targets = tuple(
        TargetRow(
            section=o.plan.title or o.plan.section,
            planned_from=score_text(o.plan.score, lang),
            target=score_text(o.plan.target_score, lang),
            reached=score_text(o.reached, lang),
            state=_("met") if o.met else _("not met"),
            met=o.met,
        )
        for o in follow.sections
    )
    measures = tuple(
        MeasureRow(
            measure=m.text,
            baseline=with_unit(m.baseline, m.unit, lang),
            target=with_unit(m.target, m.unit, lang),
            measured=with_unit(m.measured, m.unit, lang),
            state=state_label(m.state, lang),
            met=None
            if m.state in (MeasureState.not_measured, MeasureState.no_target)
            else m.state is MeasureState.met,
        )
        for _s, m in follow.measures
    )
    overdue = {id(a) for _s, a in follow.overdue}
    actions = tuple(
        ActionRow(
            status=(_("overdue") + f" ({status_label(a.status, lang)})")
            if id(a) in overdue
            else status_label(a.status, lang),
            due=a.due.isoformat() if a.due else "—",
            owner=a.owner or "—",
            section=s.title or s.section,
            action=a.text,
            overdue=id(a) in overdue,
            done=not a.status.pending,
        )
        for s, a in ordered_actions(plan)
    )
    counts = ", ".join(
        f"{status_label(status, lang)} {count}" for status, count in follow.status_counts if count
    )
    return FollowUpView(
        heading=_("Follow-up of the action plan"),
        intro=_(
            "Action plan of {created}, made from the audit of {audit}; followed up by this "
            "audit of {date}. Score targets met: {met} of {count}."
        ).format(
            created=plan.created.isoformat(),
            audit=plan.audit_date.isoformat(),
            date=on or "—",
            met=follow.targets_met,
            count=len(follow.sections),
        ),
        target_heads=(_("Section"), _("Planned from"), _("Target"), _("Reached"), ""),
        targets=targets,
        measure_heads=(_("Measure"), _("Baseline"), _("Target"), _("Measured"), ""),
        measures=measures,
        summary=tuple(summary_lines(follow, lang)),
        action_heading=_("Actions"),
        action_heads=(_("Status"), _("Due"), _("Owner"), _("Section"), _("Action")),
        actions=actions,
        action_counts=_("Actions: {counts}").format(counts=counts),
    )

"""Following a plan up at the next audit: target against reached score, actions' status."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from ..comparison import CompareError
from ..i18n import _
from ..model import Result
from .model import Action, Measure, MeasureState, Plan, SectionPlan, Status


@dataclass(frozen=True)
class SectionOutcome:
    """One planned section at the next audit."""

    plan: SectionPlan
    reached: Fraction

    @property
    def met(self) -> bool:
        """True when the score reached is at least the target (exact comparison)."""
        return self.reached >= self.plan.target_score

    @property
    def change(self) -> Fraction:
        """Reached minus the score when the plan was made."""
        return self.reached - self.plan.score


@dataclass(frozen=True)
class FollowUp:
    """A plan followed up by a later audit of the same respondent."""

    plan: Plan
    result: Result
    sections: tuple[SectionOutcome, ...]
    status_counts: tuple[tuple[Status, int], ...]
    overdue: tuple[tuple[SectionPlan, Action], ...]

    @property
    def targets_met(self) -> int:
        """How many sections reached their target score."""
        return sum(1 for s in self.sections if s.met)

    @property
    def measures(self) -> tuple[tuple[SectionPlan, Measure], ...]:
        """Every measurable target with its section."""
        return tuple((s, m) for s in self.plan.sections for m in s.measures)

    @property
    def measure_counts(self) -> dict[MeasureState, int]:
        """How many measures are met, not met, not measured yet, or lack a target."""
        counts = Counter(m.state for _s, m in self.measures)
        return {state: counts[state] for state in MeasureState}

    def sections_where(self, met: bool) -> tuple[SectionPlan, ...]:
        """The planned sections whose score target was (or was not) met."""
        return tuple(o.plan for o in self.sections if o.met is met)

    def measures_in(self, state: MeasureState) -> tuple[Measure, ...]:
        """The measures in one state, in plan order."""
        return tuple(m for _s, m in self.measures if m.state is state)


def follow_up(plan: Plan, result: Result) -> FollowUp:
    """Each planned section's target against the score reached; actions counted by status.

    Overdue actions are those past due on the date of the new audit and not done or dropped.
    """
    q = result.questionnaire
    if plan.questionnaire != q.id:
        raise CompareError(
            _("the plan is for questionnaire {plan!r}, but the audit is of {q!r}").format(
                plan=plan.questionnaire, q=q.id
            )
        )
    reached = {s.section.id: s.score for s in result.sections}
    outcomes = tuple(
        SectionOutcome(section, reached[section.section])
        for section in plan.sections
        if section.section in reached
    )
    on = dt.date.fromisoformat(result.answers.date) if result.answers.date else dt.date.today()
    counts = Counter(a.status for _s, a in plan.actions)
    return FollowUp(
        plan=plan,
        result=result,
        sections=outcomes,
        status_counts=tuple((status, counts[status]) for status in Status),
        overdue=tuple((s, a) for s, a in plan.actions if a.overdue(on)),
    )

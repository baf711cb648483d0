"""The action plan as frozen data: sections to improve, their actions and measurable targets.

A plan is made from one scored audit and written as an editable YAML file;
people fill in owners, due dates, statuses and figures, and the next audit of
the same respondent is followed up against it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

#: The version of the plan file format (the `plan:` key).
PLAN_FORMAT = 1


class Status(StrEnum):
    """Where an action stands."""

    open = "open"
    doing = "doing"
    done = "done"
    dropped = "dropped"

    @property
    def pending(self) -> bool:
        """True while the action still needs doing (open or under way)."""
        return self in (Status.open, Status.doing)


@dataclass(frozen=True)
class Action:
    """One thing to do: who does it, by when, how far it is."""

    text: str
    owner: str = ""
    due: dt.date | None = None
    status: Status = Status.open
    notes: str = ""

    def overdue(self, today: dt.date) -> bool:
        """Past its due date and not done or dropped."""
        return self.status.pending and self.due is not None and self.due < today


class MeasureState(StrEnum):
    """Where a measurable target stands at the follow-up."""

    met = "met"
    not_met = "not_met"
    not_measured = "not_measured"
    no_target = "no_target"


@dataclass(frozen=True)
class Measure:
    """A measurable target: the figure before, the figure aimed at, the figure reached."""

    id: str
    text: str
    unit: str
    better: str
    baseline: float | None = None
    target: float | None = None
    measured: float | None = None

    @property
    def met(self) -> bool | None:
        """Whether the measured figure reaches the target (None until both are filled in).

        `better` comes from the questionnaire's `targets:`: "lower" is met at or
        below the target (an answer time, a share of returns), "higher" at or above
        it (a share of satisfied complainants).
        """
        if self.target is None or self.measured is None:
            return None
        if self.better == "lower":
            return self.measured <= self.target
        return self.measured >= self.target

    @property
    def state(self) -> MeasureState:
        """Met, not met, not measured yet, or measured with no target set."""
        if self.measured is None:
            return MeasureState.not_measured
        if self.target is None:
            return MeasureState.no_target
        return MeasureState.met if self.met else MeasureState.not_met


@dataclass(frozen=True)
class SectionPlan:
    """One section to improve: its score at the audit and the score aimed at next time."""

    section: str
    title: str
    score: Fraction
    target_score: Fraction
    actions: tuple[Action, ...] = ()
    measures: tuple[Measure, ...] = ()


@dataclass(frozen=True)
class Plan:
    """An action plan made from one audit (`audit_record` is its history id, if recorded)."""

    questionnaire: str
    fingerprint: str
    language: str
    respondent: str
    audit_date: dt.date
    audit_total: Fraction
    audit_band: str
    sections: tuple[SectionPlan, ...]
    created: dt.date
    next_audit: dt.date | None = None
    audit_record: int | None = None
    key: str = ""
    """The respondent's stable key (a client id) when the audit had one; "" when matched by name."""

    @property
    def actions(self) -> tuple[tuple[SectionPlan, Action], ...]:
        """Every action with its section, in plan order."""
        return tuple((s, a) for s in self.sections for a in s.actions)

    def section(self, section_id: str) -> SectionPlan | None:
        """The plan for one section, if the plan has it."""
        return next((s for s in self.sections if s.section == section_id), None)

"""Pure comparison of audits: two side by side, and a respondent's series over time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from .errors import AuditError
from .i18n import _
from .model import Questionnaire, Result, Section
from .stats.change import Change, welch_change
from .stats.disclosure import Disclosure, disclosure
from .summary import NO_GROUP, GroupSummary, Stats, Summary

if TYPE_CHECKING:
    from .history.db import Record


class CompareError(AuditError):
    """The two audits cannot be compared (different questionnaires)."""


@dataclass(frozen=True)
class SectionChange:
    """One section's score before and after."""

    section: Section
    before: Fraction
    after: Fraction

    @property
    def change(self) -> Fraction:
        """After minus before (positive: improved)."""
        return self.after - self.before


@dataclass(frozen=True)
class Comparison:
    """Two audits side by side; `before` is the first one given."""

    before: Result
    after: Result
    sections: tuple[SectionChange, ...]
    most_improved: tuple[Section, ...]
    most_declined: tuple[Section, ...]

    @property
    def total_change(self) -> Fraction:
        """The change of the total (positive: improved)."""
        return self.after.total - self.before.total

    @property
    def band_changed(self) -> bool:
        """True when the verdict band is not the same."""
        return self.before.band.id != self.after.band.id


def check_comparable(before: Result, after: Result) -> None:
    """Refuse two audits of different questionnaires (or of one changed in structure)."""
    a, b = before.questionnaire, after.questionnaire
    if a.id != b.id:
        raise CompareError(
            _("cannot compare audits of different questionnaires: {a!r} and {b!r}").format(
                a=a.id, b=b.id
            )
        )
    if a.fingerprint != b.fingerprint:
        raise CompareError(
            _(
                "cannot compare audits of questionnaire {id!r} with different structures "
                "({a} and {b})"
            ).format(id=a.id, a=a.fingerprint, b=b.fingerprint)
        )


def compare(before: Result, after: Result) -> Comparison:
    """Each section's change, and the sections that improved or declined the most (all ties).

    No section is "most improved" when none improved, nor "most declined" when
    none declined.
    """
    check_comparable(before, after)
    previous = {s.section.id: s.score for s in before.sections}
    changes = tuple(
        SectionChange(s.section, previous[s.section.id], s.score) for s in after.sections
    )
    best = max((c.change for c in changes), default=Fraction(0))
    worst = min((c.change for c in changes), default=Fraction(0))
    return Comparison(
        before=before,
        after=after,
        sections=changes,
        most_improved=tuple(c.section for c in changes if best > 0 and c.change == best),
        most_declined=tuple(c.section for c in changes if worst < 0 and c.change == worst),
    )


@dataclass(frozen=True)
class Series:
    """One respondent's audits of one questionnaire, in date order."""

    respondent: str
    questionnaire: str
    records: tuple[Record, ...]

    @property
    def section_ids(self) -> tuple[str, ...]:
        """Every section id seen, in the order first seen."""
        seen: dict[str, None] = {}
        for record in self.records:
            seen.update(dict.fromkeys(record.scores))
        return tuple(seen)

    def scores(self, section_id: str) -> list[Fraction | None]:
        """The section's score in each audit (None where an audit lacks it)."""
        return [r.scores.get(section_id) for r in self.records]

    @property
    def totals(self) -> list[Fraction]:
        """The total of each audit."""
        return [r.total for r in self.records]

    def change(self, index: int) -> Fraction | None:
        """The total's change since the audit before `index` (None for the first)."""
        if index == 0:
            return None
        return self.records[index].total - self.records[index - 1].total


def series_of(records: Sequence[Record]) -> list[Series]:
    """Group records by respondent and questionnaire; each group keeps date order.

    Groups come in the order of their first audit.
    """
    groups: dict[tuple[str, str], list[Record]] = {}
    for record in sorted(records, key=lambda r: (r.date, r.id)):
        groups.setdefault((record.respondent_key, record.questionnaire), []).append(record)
    return [
        Series(
            respondent=group[-1].respondent,
            questionnaire=group[0].questionnaire,
            records=tuple(group),
        )
        for group in groups.values()
    ]


# --- two waves of many respondents -----------------------------------------------------------


@dataclass(frozen=True)
class WaveGroup:
    """One group (or everyone) in two waves: each section's change and the total's.

    `sections` and `total` are empty/None when the group is withheld: fewer than
    the minimum group size in either wave (`disclosure` decides it on the smaller
    count), so no one can be singled out by comparing two small groups.
    """

    name: str
    before_count: int
    after_count: int
    disclosure: Disclosure
    sections: tuple[tuple[Section, Change], ...]
    total: Change | None

    @property
    def shown(self) -> bool:
        """False when the group's figures are withheld."""
        return self.disclosure.shown


@dataclass(frozen=True)
class WaveComparison:
    """Two waves side by side: everyone, then each group of `group_by`."""

    questionnaire: Questionnaire
    group_by: str | None
    min_group: int
    overall: WaveGroup
    groups: tuple[WaveGroup, ...]
    before_rejected: int = 0
    after_rejected: int = 0


def _wave_group(
    name: str, before: GroupSummary | None, after: GroupSummary | None, min_group: int
) -> WaveGroup:
    n1 = before.count if before is not None else 0
    n2 = after.count if after is not None else 0
    rule = disclosure(min(n1, n2), min_group)
    if not rule.shown or before is None or after is None or not n1 or not n2:
        return WaveGroup(name, n1, n2, rule, (), None)

    def change(one: Stats, two: Stats) -> Change:
        assert one.mean is not None and two.mean is not None
        return welch_change(
            (one.count, one.mean, one.variance), (two.count, two.mean, two.variance)
        )

    sections = tuple(
        (b.section, change(b.stats, a.stats))
        for b, a in zip(before.sections, after.sections, strict=True)
    )
    return WaveGroup(name, n1, n2, rule, sections, change(before.total, after.total))


def compare_waves(before: Summary, after: Summary, min_group: int) -> WaveComparison:
    """Per group and section, the change of the mean with Welch's 95 % interval.

    Both summaries must be made without withholding (minimum group 1); the rule
    is applied here, to the smaller of a group's two counts. The overall figures
    are always shown (with an interval once each wave has two respondents).
    """
    check_same(before.questionnaire, after.questionnaire)
    one = {g.group: g for g in before.groups}
    two = {g.group: g for g in after.groups}
    names = sorted(set(one) | set(two), key=lambda k: (k == NO_GROUP, k))
    return WaveComparison(
        questionnaire=after.questionnaire,
        group_by=after.group_by,
        min_group=min_group,
        overall=_wave_group(NO_GROUP, before.overall, after.overall, 0),
        groups=tuple(_wave_group(k, one.get(k), two.get(k), min_group) for k in names),
        before_rejected=before.rejected,
        after_rejected=after.rejected,
    )


def check_same(a: Questionnaire, b: Questionnaire) -> None:
    """Two waves must be of the same questionnaire with the same structure."""
    if a.id != b.id or a.fingerprint != b.fingerprint:
        raise CompareError(
            _(
                "cannot compare audits of questionnaire {id!r} with different structures "
                "({a} and {b})"
            ).format(id=a.id, a=a.fingerprint, b=b.fingerprint)
        )

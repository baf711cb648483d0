"""Making a plan from a scored audit: the weak sections, their advice as actions, targets."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..errors import UsageError
from ..i18n import _
from ..model import Questionnaire, Result
from ..scoring import band_for
from .model import Action, Measure, Plan, SectionPlan

#: Days from the plan to the suggested next audit (about three months).
NEXT_AUDIT_DAYS = 91


def target_score(score: Fraction, high: int) -> Fraction:
    """The score to aim at next time: the next whole point above today's, at most the top."""
    return Fraction(min(high, math.floor(score) + 1))


def plan_sections(
    questionnaire: Questionnaire, weakest: Iterable[str], extra: Iterable[str] = ()
) -> tuple[str, ...]:
    """The weakest sections and any others asked for, in questionnaire order.

    An unknown section id is a usage error naming the ids there are.
    """
    q = questionnaire
    known = [s.id for s in q.sections]
    wanted = set(weakest)
    for sid in extra:
        if sid not in known:
            raise UsageError(
                _("--section {id!r} is not a section of {q!r} (its sections: {ids})").format(
                    id=sid, q=q.id, ids=", ".join(known)
                )
            )
        wanted.add(sid)
    return tuple(sid for sid in known if sid in wanted)


@dataclass(frozen=True)
class Audited:
    """What a plan starts from: one audit, or the mean scores of a group of audits."""

    questionnaire: Questionnaire
    respondent: str
    date: dt.date | None
    scores: Mapping[str, Fraction]
    weakest: tuple[str, ...]
    record_id: int | None = None
    key: str = ""

    @property
    def total(self) -> Fraction:
        """The sum of the section scores."""
        return sum(self.scores.values(), Fraction(0))


def lowest(scores: Mapping[str, Fraction], top: int) -> tuple[str, ...]:
    """The sections with the lowest score (all ties); none when that score is the top."""
    low = min(scores.values())
    return () if low >= top else tuple(sid for sid, value in scores.items() if value == low)


def audited(result: Result, record_id: int | None = None) -> Audited:
    """One scored audit as a plan's starting point."""
    answers = result.answers
    return Audited(
        questionnaire=result.questionnaire,
        respondent=answers.respondent or answers.key or "",
        date=dt.date.fromisoformat(answers.date) if answers.date else None,
        scores={s.section.id: s.score for s in result.sections},
        weakest=tuple(s.id for s in result.weakest),
        record_id=record_id,
        key=" ".join((answers.key or "").split()),
    )


def group_audited(results: Sequence[Result], name: str) -> Audited:
    """A group's mean section scores (exact) as a plan's starting point; dated by its last audit."""
    q = results[0].questionnaire
    sums: dict[str, Fraction] = {s.id: Fraction(0) for s in q.sections}
    for result in results:
        for s in result.sections:
            sums[s.section.id] += s.score
    dates = [r.answers.date for r in results if r.answers.date]
    means = {sid: total / len(results) for sid, total in sums.items()}
    return Audited(
        questionnaire=q,
        respondent=name,
        date=dt.date.fromisoformat(max(dates)) if dates else None,
        scores=means,
        weakest=lowest(means, q.scale.high),
    )


def make_plan(
    start: Audited | Result,
    extra_sections: Iterable[str] = (),
    today: dt.date | None = None,
    record_id: int | None = None,
) -> Plan:
    """A new plan: one entry per weakest (or chosen) section, its advice as open actions."""
    base = audited(start, record_id) if isinstance(start, Result) else start
    q = base.questionnaire
    created = today or dt.date.today()
    sections = []
    chosen = plan_sections(q, base.weakest, extra_sections)
    if not chosen:
        raise UsageError(
            _(
                "{name}: no section is weak (every one is at the top of the scale); "
                "choose sections to plan for with --section ID"
            ).format(name=base.respondent or _("the audit"))
        )
    for sid in chosen:
        section = q.section(sid)
        sections.append(
            SectionPlan(
                section=sid,
                title=section.title,
                score=base.scores[sid],
                target_score=target_score(base.scores[sid], q.scale.high),
                actions=tuple(Action(text=advice.text) for advice in section.advice),
                measures=tuple(
                    Measure(id=t.id, text=t.text, unit=t.unit, better=t.better)
                    for t in section.targets
                ),
            )
        )
    return Plan(
        questionnaire=q.id,
        fingerprint=q.fingerprint,
        language=q.language,
        respondent=" ".join(base.respondent.split()),
        audit_date=base.date or created,
        audit_total=base.total,
        audit_band=band_for(q.bands, base.total).id,
        sections=tuple(sections),
        created=created,
        next_audit=created + dt.timedelta(days=NEXT_AUDIT_DAYS),
        audit_record=base.record_id,
        key=base.key,
    )

"""Making a plan from a scored audit: the weak sections, their advice as actions, targets."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from fractions import Fraction

from ..errors import UsageError
from ..i18n import _
from ..model import Questionnaire, Result
from .model import Action, Measure, Plan, SectionPlan

#: Days from the plan to the suggested next audit (about three months).
NEXT_AUDIT_DAYS = 91


def target_score(score: Fraction, high: int) -> Fraction:
    """The score to aim at next time: the next whole point above today's, at most the top."""
    return Fraction(min(high, math.floor(score) + 1))


def plan_sections(result: Result, extra: Iterable[str] = ()) -> tuple[str, ...]:
    """The weakest sections and any others asked for, in questionnaire order.

    An unknown section id is a usage error naming the ids there are.
    """
    q = result.questionnaire
    known = [s.id for s in q.sections]
    wanted = {s.id for s in result.weakest}
    for sid in extra:
        if sid not in known:
            raise UsageError(
                _("--section {id!r} is not a section of {q!r} (its sections: {ids})").format(
                    id=sid, q=q.id, ids=", ".join(known)
                )
            )
        wanted.add(sid)
    return tuple(sid for sid in known if sid in wanted)


def make_plan(
    result: Result,
    extra_sections: Iterable[str] = (),
    today: dt.date | None = None,
    record_id: int | None = None,
    respondent: str | None = None,
) -> Plan:
    """A new plan for this audit: one entry per weak (or chosen) section, every action open."""
    q: Questionnaire = result.questionnaire
    created = today or dt.date.today()
    answers = result.answers
    audit_date = dt.date.fromisoformat(answers.date) if answers.date else created
    scores = {s.section.id: s.score for s in result.sections}
    sections = []
    for sid in plan_sections(result, extra_sections):
        section = q.section(sid)
        sections.append(
            SectionPlan(
                section=sid,
                title=section.title,
                score=scores[sid],
                target_score=target_score(scores[sid], q.scale.high),
                actions=tuple(Action(text=advice) for advice in section.advice),
                measures=tuple(
                    Measure(id=t.id, text=t.text, unit=t.unit, better=t.better)
                    for t in section.targets
                ),
            )
        )
    name = respondent if respondent is not None else (answers.respondent or "")
    return Plan(
        questionnaire=q.id,
        fingerprint=q.fingerprint,
        language=q.language,
        respondent=" ".join(name.split()),
        audit_date=audit_date,
        audit_total=result.total,
        audit_band=result.band.id,
        sections=tuple(sections),
        created=created,
        next_audit=created + dt.timedelta(days=NEXT_AUDIT_DAYS),
        audit_record=record_id,
    )

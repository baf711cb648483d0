"""The plan file: strict reading with a line for every problem, and writing it back.

Everything in the file is checked, and every problem found is reported, each
on its own line naming the file, the line and the field. A plan is written as
plain YAML with every text double-quoted, so it reads back exactly.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from ..errors import InputError, Location, QuestionnaireError
from ..i18n import _, gettext_for
from ..model import TARGET_DIRECTIONS, TARGET_UNITS, Questionnaire
from ..parsing import Path_, decode, parse_yaml, show
from ..scoring import rounded
from .model import PLAN_FORMAT, Action, Measure, Plan, SectionPlan, Status

_ID = re.compile(r"[a-z][a-z0-9_-]{0,39}\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
#: The largest plan file read (a plan is a few kilobytes).
MAX_PLAN_BYTES = 1024 * 1024

_ROOT_KEYS = (
    "plan",
    "questionnaire",
    "fingerprint",
    "language",
    "respondent",
    "key",
    "audit",
    "created",
    "next_audit",
    "sections",
)
_AUDIT_KEYS = ("date", "record", "total", "band")
_SECTION_KEYS = ("section", "title", "score", "target_score", "actions", "measures")
_ACTION_KEYS = ("action", "owner", "due", "status", "notes")
_MEASURE_KEYS = ("id", "text", "unit", "better", "baseline", "target", "measured")


class PlanError(QuestionnaireError):
    """A plan file with problems; each one is reported on its own line."""


def _where(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or _("the file")


class _Checker:
    """Reads values out of the parsed file, noting each problem with its line."""

    def __init__(self, source: str, marks: dict[Path_, int]) -> None:
        self.source = source
        self.marks = marks
        self.problems: list[InputError] = []

    def add(self, path: Path_, message: str) -> None:
        probe = path
        line = self.marks.get(probe)
        while line is None and probe:
            probe = probe[:-1]
            line = self.marks.get(probe)
        self.problems.append(InputError(self.source, message, Location(line=line)))

    def mapping(self, value: object, path: Path_, keys: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.add(path, _("{where}: expected a mapping").format(where=_where(path)))
            return {}
        for key in value:
            if key not in keys:
                self.add(
                    (*path, key),
                    _("{where}: unknown key {key}").format(where=_where(path), key=show(key)),
                )
        return value

    def need(self, data: dict[str, Any], path: Path_, *keys: str) -> None:
        for key in keys:
            if key not in data:
                self.add(path, _("{where}: missing {key!r}").format(where=_where(path), key=key))

    def items(self, value: object, path: Path_) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(path, _("{where}: expected a list").format(where=_where(path)))
            return []
        return value

    def text(self, value: object, path: Path_, required: bool = True) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.add(path, _("{where}: expected a text").format(where=_where(path)))
            return ""
        return value

    def ident(self, value: object, path: Path_) -> str:
        if not isinstance(value, str) or not _ID.match(value):
            self.add(
                path,
                _("{where}: expected an id (lower-case letters, digits, - and _)").format(
                    where=_where(path)
                ),
            )
            return ""
        return value

    def date(self, value: object, path: Path_, required: bool = False) -> dt.date | None:
        if value is None and not required:
            return None
        if isinstance(value, str) and _DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        if required:
            message = _("{where}: expected a date (YYYY-MM-DD)")
        else:
            message = _("{where}: expected a date (YYYY-MM-DD) or nothing")
        self.add(path, message.format(where=_where(path)))
        return None

    def number(self, value: object, path: Path_, required: bool = True) -> float | None:
        if value is None and not required:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or (isinstance(value, float) and not math.isfinite(value))
        ):
            message = (
                _("{where}: expected a number")
                if required
                else _("{where}: expected a number or nothing")
            )
            self.add(path, message.format(where=_where(path)))
            return None
        return float(value) if isinstance(value, float) else value

    def choice(self, value: object, path: Path_, choices: tuple[str, ...]) -> str:
        if not isinstance(value, str) or value not in choices:
            self.add(
                path,
                _("{where}: expected one of {choices} (not {value})").format(
                    where=_where(path), choices=", ".join(choices), value=show(value)
                ),
            )
            return choices[0]
        return value


def _exact(value: float | None) -> Fraction:
    """A decimal as written in the file (2.33 is 233/100, not the nearest binary fraction)."""
    if value is None:
        return Fraction(0)
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


def parse_plan(data: bytes, source: str, questionnaire: Questionnaire | None = None) -> Plan:
    """Read and check a plan file; with `questionnaire`, its sections and scale are checked too.

    Raises PlanError listing every problem, each with its line.
    """
    value, marks = parse_yaml(decode(data, source, limit=MAX_PLAN_BYTES), source)
    c = _Checker(source, marks)
    root = c.mapping(value, (), _ROOT_KEYS)
    if not root:
        if not c.problems:
            c.add((), _("{where}: expected a mapping").format(where=_where(())))
        raise PlanError(c.problems)
    c.need(root, (), "plan", "questionnaire", "respondent", "audit", "sections")
    if "plan" in root and (type(root["plan"]) is not int or root["plan"] != PLAN_FORMAT):
        c.add(
            ("plan",),
            _("plan: format {version} is not supported (expected {expected})").format(
                version=show(root["plan"]), expected=PLAN_FORMAT
            ),
        )
    qid = c.ident(root.get("questionnaire"), ("questionnaire",)) if "questionnaire" in root else ""
    fingerprint = c.text(root.get("fingerprint"), ("fingerprint",), required=False)
    language = c.text(root.get("language"), ("language",), required=False) or "en"
    respondent = c.text(root.get("respondent"), ("respondent",)) if "respondent" in root else ""
    key = c.text(root.get("key"), ("key",)) if "key" in root else ""
    audit_date, record, total, band = _audit(c, root)
    created = c.date(root.get("created"), ("created",))
    next_audit = c.date(root.get("next_audit"), ("next_audit",))

    sections = _sections(c, root)
    if questionnaire is not None and not c.problems:
        _check_with(c, questionnaire, qid, fingerprint, sections)
    if c.problems:
        raise PlanError(c.problems)
    assert audit_date is not None
    return Plan(
        questionnaire=qid,
        fingerprint=fingerprint,
        language=language,
        respondent=" ".join(respondent.split()),
        audit_date=audit_date,
        audit_total=_exact(total),
        audit_band=band,
        sections=tuple(sections),
        created=created or audit_date,
        next_audit=next_audit,
        audit_record=record,
        key=" ".join(key.split()),
    )


def _audit(
    c: _Checker, root: dict[str, Any]
) -> tuple[dt.date | None, int | None, float | None, str]:
    """The audit the plan was made from: its date, record id, total and band."""
    audit = c.mapping(root.get("audit", {}), ("audit",), _AUDIT_KEYS)
    if "audit" in root and audit:
        c.need(audit, ("audit",), "date")
    audit_date = c.date(audit.get("date"), ("audit", "date"), required=True) if audit else None
    record = audit.get("record")
    if record is not None and (type(record) is not int or record < 1):
        c.add(
            ("audit", "record"),
            _("{where}: expected a history record id (a whole number) or nothing").format(
                where="audit.record"
            ),
        )
        record = None
    total = c.number(audit.get("total"), ("audit", "total"), required=False)
    band = c.ident(audit["band"], ("audit", "band")) if "band" in audit else ""
    return audit_date, record, total, band


def _sections(c: _Checker, root: dict[str, Any]) -> list[SectionPlan]:
    """Every planned section, each id once."""
    sections: list[SectionPlan] = []
    raw_sections = c.items(root.get("sections"), ("sections",))
    if "sections" in root and not raw_sections:
        c.add(("sections",), _("sections: at least one section is needed"))
    seen: set[str] = set()
    for i, raw in enumerate(raw_sections):
        section = _section(c, raw, ("sections", i), seen)
        if section is not None:
            sections.append(section)
    return sections


def _section(c: _Checker, raw: object, path: Path_, seen: set[str]) -> SectionPlan | None:
    sec = c.mapping(raw, path, _SECTION_KEYS)
    if not sec:
        return None
    c.need(sec, path, "section", "target_score")
    sid = c.ident(sec.get("section"), (*path, "section")) if "section" in sec else ""
    if sid and sid in seen:
        c.add(
            (*path, "section"),
            _("{where}: section {id!r} is listed twice").format(
                where=_where((*path, "section")), id=sid
            ),
        )
    seen.add(sid)
    title = c.text(sec.get("title"), (*path, "title"), required=False)
    score = c.number(sec.get("score"), (*path, "score"), required=False)
    target = (
        c.number(sec.get("target_score"), (*path, "target_score"))
        if "target_score" in sec
        else None
    )
    actions: list[Action] = []
    for n, raw_action in enumerate(c.items(sec.get("actions"), (*path, "actions"))):
        action = _action(c, raw_action, (*path, "actions", n))
        if action is not None:
            actions.append(action)
    measures: list[Measure] = []
    ids: set[str] = set()
    for n, m in enumerate(c.items(sec.get("measures"), (*path, "measures"))):
        measure = _measure(c, m, (*path, "measures", n))
        if measure is None:
            continue
        if measure.id in ids:
            c.add(
                (*path, "measures", n, "id"),
                _("{where}: the id {id!r} is listed twice").format(
                    where=_where((*path, "measures", n, "id")), id=measure.id
                ),
            )
        ids.add(measure.id)
        measures.append(measure)
    return SectionPlan(
        section=sid,
        title=title,
        score=_exact(score),
        target_score=_exact(target),
        actions=tuple(actions),
        measures=tuple(measures),
    )


def _action(c: _Checker, raw: object, path: Path_) -> Action | None:
    act = c.mapping(raw, path, _ACTION_KEYS)
    if not act:
        return None
    c.need(act, path, "action")
    text = c.text(act.get("action"), (*path, "action")) if "action" in act else ""
    owner = c.text(act.get("owner"), (*path, "owner"), required=False)
    due = c.date(act.get("due"), (*path, "due"))
    status = c.choice(act.get("status", "open"), (*path, "status"), tuple(Status))
    notes = c.text(act.get("notes"), (*path, "notes"), required=False)
    return Action(text=text, owner=owner.strip(), due=due, status=Status(status), notes=notes)


def _measure(c: _Checker, raw: object, path: Path_) -> Measure | None:
    m = c.mapping(raw, path, _MEASURE_KEYS)
    if not m:
        return None
    c.need(m, path, "id", "text", "unit", "better")
    mid = c.ident(m.get("id"), (*path, "id")) if "id" in m else ""
    text = c.text(m.get("text"), (*path, "text")) if "text" in m else ""
    unit = c.choice(m.get("unit"), (*path, "unit"), TARGET_UNITS) if "unit" in m else "count"
    better = "lower"
    if "better" in m:
        better = c.choice(m.get("better"), (*path, "better"), TARGET_DIRECTIONS)
    figures: dict[str, float | None] = {}
    for key in ("baseline", "target", "measured"):
        value = c.number(m.get(key), (*path, key), required=False)
        if value is not None and value < 0:
            c.add((*path, key), _("{where}: cannot be negative").format(where=_where((*path, key))))
        elif value is not None and unit == "percent" and value > 100:
            c.add(
                (*path, key),
                _("{where}: a percentage is between 0 and 100").format(where=_where((*path, key))),
            )
        figures[key] = value
    return Measure(id=mid, text=text, unit=unit, better=better, **figures)


def _check_with(
    c: _Checker, q: Questionnaire, qid: str, fingerprint: str, sections: list[SectionPlan]
) -> None:
    """The plan must belong to the questionnaire in use, its scores on its scale."""
    if qid != q.id:
        c.add(
            ("questionnaire",),
            _(
                "questionnaire: the plan is for {plan!r}, but the questionnaire in use is {q!r}"
            ).format(plan=qid, q=q.id),
        )
        return
    if fingerprint and fingerprint != q.fingerprint:
        c.add(
            ("fingerprint",),
            _(
                "fingerprint: the plan was made for another structure of {q!r} ({plan}, now {now})"
            ).format(q=q.id, plan=fingerprint, now=q.fingerprint),
        )
    known = {s.id for s in q.sections}
    low, high = q.scale.low, q.scale.high
    for i, section in enumerate(sections):
        path: Path_ = ("sections", i)
        if section.section not in known:
            c.add(
                (*path, "section"),
                _("{where}: section {id!r} is not in questionnaire {q!r}").format(
                    where=_where((*path, "section")), id=section.section, q=q.id
                ),
            )
        if not low <= section.target_score <= high:
            c.add(
                (*path, "target_score"),
                _("{where}: a section score is between {low} and {high}").format(
                    where=_where((*path, "target_score")), low=low, high=high
                ),
            )
        if section.section in known:
            _check_measures(c, q, section, path)


def _check_measures(c: _Checker, q: Questionnaire, section: SectionPlan, path: Path_) -> None:
    """A measure the questionnaire defines keeps the questionnaire's unit and direction.

    Whether a figure is met depends on which way is better; that is the
    questionnaire's to say, so a plan file that turned it round is refused.
    Measures people add themselves keep their own.
    """
    targets = {t.id: t for t in q.section(section.section).targets}
    for n, measure in enumerate(section.measures):
        target = targets.get(measure.id)
        if target is None:
            continue
        for key, got, expected in (
            ("unit", measure.unit, target.unit),
            ("better", measure.better, target.better),
        ):
            if got != expected:
                where = _where((*path, "measures", n, key))
                c.add(
                    (*path, "measures", n, key),
                    _("{where}: the questionnaire's target {id!r} has {key} {expected}").format(
                        where=where, id=measure.id, key=key, expected=expected
                    ),
                )


# --- writing ---------------------------------------------------------------------------------


def _q(text: str) -> str:
    """A double-quoted YAML scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def _num(value: Fraction | float | None) -> str:
    """A figure as written in the file: whole numbers without a point, scores to 2 decimals."""
    if value is None:
        return "null"
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        value = rounded(value)
    return str(int(value)) if value == int(value) else repr(value)


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else "null"


def dump_plan(plan: Plan) -> str:
    """The plan as an editable YAML file with short comments in the plan's language."""
    _: Callable[[str], str] = gettext_for(plan.language)
    lines = [
        "# "
        + _("Action plan for {respondent}, made from the audit of {date}.").format(
            respondent=" ".join(plan.respondent.split()), date=plan.audit_date.isoformat()
        ),
        "# "
        + _(
            "Fill in each action's owner and due date (YYYY-MM-DD); status is one of "
            "open, doing, done, dropped."
        ),
        "# "
        + _(
            "Measures: fill in baseline (today's figure), target and, at the next audit, measured."
        ),
        f"plan: {PLAN_FORMAT}",
        f"questionnaire: {_q(plan.questionnaire)}",
        f"fingerprint: {_q(plan.fingerprint)}",
        f"language: {_q(plan.language)}",
        f"respondent: {_q(plan.respondent)}",
        *([f"key: {_q(plan.key)}"] if plan.key else []),
        "audit:",
        f"  date: {_date(plan.audit_date)}",
        f"  record: {plan.audit_record if plan.audit_record is not None else 'null'}",
        f"  total: {_num(plan.audit_total)}",
        f"  band: {_q(plan.audit_band)}",
        f"created: {_date(plan.created)}",
        f"next_audit: {_date(plan.next_audit)}",
        "sections:",
    ]
    for s in plan.sections:
        lines += [
            f"  - section: {_q(s.section)}",
            f"    title: {_q(s.title)}",
            f"    score: {_num(s.score)}",
            f"    target_score: {_num(s.target_score)}",
            "    actions:" + ("" if s.actions else " []"),
        ]
        for a in s.actions:
            lines += [
                f"      - action: {_q(a.text)}",
                f"        owner: {_q(a.owner)}",
                f"        due: {_date(a.due)}",
                f"        status: {a.status.value}",
                f"        notes: {_q(a.notes)}",
            ]
        lines.append("    measures:" + ("" if s.measures else " []"))
        for m in s.measures:
            lines += [
                f"      - id: {_q(m.id)}",
                f"        text: {_q(m.text)}",
                f"        unit: {m.unit}",
                f"        better: {m.better}",
                f"        baseline: {_num(m.baseline)}",
                f"        target: {_num(m.target)}",
                f"        measured: {_num(m.measured)}",
            ]
    return "\n".join(lines) + "\n"

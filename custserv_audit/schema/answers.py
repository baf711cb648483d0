"""Answer files (YAML, JSON): checked against the questionnaire."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Protocol, TypeGuard

from ..errors import InputError, Location
from ..i18n import _
from ..model import Answers, Questionnaire, Scale, Section
from ..parsing import LineOf, Path_, line_for, show
from .document import parse_document
from .ratings import rating_problem

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
ANSWER_KEYS = frozenset({"questionnaire", "respondent", "date", "answers", "metadata"})


class _Fail(Protocol):
    def __call__(
        self, path: Path_, message: str, section: str | None = None, item: str | None = None
    ) -> InputError: ...


def answers_from_data(
    data: object,
    line_of: LineOf,
    source: str,
    questionnaire: Questionnaire,
    partial: bool = False,
) -> Answers:
    """Check a parsed answer file against the questionnaire (first problem is raised).

    With `partial`, sections may be missing or short (an interview to resume).
    """

    def fail(
        path: Path_, message: str, section: str | None = None, item: str | None = None
    ) -> InputError:
        location = Location(line=line_for(line_of, path), section=section, item=item)
        return InputError(source, message, location)

    if not isinstance(data, dict):
        raise fail((), _("an answer file is a mapping with 'questionnaire' and 'answers'"))
    _check_header(data, questionnaire, fail)
    respondent, date = _respondent_and_date(data, fail)
    metadata = _metadata(data.get("metadata"), fail)
    answers = data.get("answers")
    if answers is None:
        raise fail((), _("missing 'answers'"))
    if not isinstance(answers, dict):
        raise fail(("answers",), _("answers must be a mapping of section ids to lists of ratings"))
    _check_known_sections(answers, questionnaire, fail)
    ratings: dict[str, tuple[int, ...]] = {}
    for section in questionnaire.sections:
        if section.id in answers:
            ratings[section.id] = _section_ratings(
                section, answers[section.id], questionnaire.scale, fail, partial
            )
        elif not partial:
            message = _("section {id!r} is missing").format(id=section.id)
            raise fail(("answers",), message, section=section.id)
    return Answers(
        questionnaire=questionnaire.id,
        ratings=ratings,
        respondent=respondent,
        date=date,
        metadata=metadata,
        source=source,
    )


def _check_header(data: dict[Any, Any], questionnaire: Questionnaire, fail: _Fail) -> None:
    """Known keys only, and the questionnaire id of the questionnaire being scored."""
    for key in data:
        if key not in ANSWER_KEYS:
            raise fail(
                (key,),
                _("unknown key {key} (expected {expected})").format(
                    key=show(key), expected=", ".join(sorted(ANSWER_KEYS))
                ),
            )
    qid = data.get("questionnaire")
    if qid is None:
        raise fail((), _("missing 'questionnaire' (the questionnaire id)"))
    if qid != questionnaire.id:
        raise fail(
            ("questionnaire",),
            _("questionnaire {given} does not match {expected!r}").format(
                given=show(qid), expected=questionnaire.id
            ),
        )


def _respondent_and_date(data: dict[Any, Any], fail: _Fail) -> tuple[str | None, str | None]:
    respondent = data.get("respondent")
    if respondent is not None and not isinstance(respondent, str):
        raise fail(("respondent",), _("respondent must be text (put it in quotes)"))
    date = data.get("date")
    if date is not None:
        date = check_date(date)
        if date is None:
            message = _("date {date} is not an ISO date (YYYY-MM-DD)")
            raise fail(("date",), message.format(date=show(data.get("date"))))
    return respondent, date


def _check_known_sections(
    answers: dict[Any, Any], questionnaire: Questionnaire, fail: _Fail
) -> None:
    known = {s.id for s in questionnaire.sections}
    for key in answers:
        if key not in known:
            raise fail(
                ("answers", key),
                _("unknown section {key} (expected {expected})").format(
                    key=show(key), expected=", ".join(s.id for s in questionnaire.sections)
                ),
                section=str(key),
            )


def _metadata(raw: object, fail: _Fail) -> dict[str, str]:
    """The `metadata:` mapping as text values."""
    metadata: dict[str, str] = {}
    if raw is None:
        return metadata
    if not isinstance(raw, dict):
        raise fail(("metadata",), _("metadata must be a mapping of names to values"))
    for key, value in raw.items():
        if isinstance(value, (dict, list)):
            raise fail(
                ("metadata", key),
                _("metadata {key}: the value must be a single value").format(key=show(key)),
            )
        name = str(key)
        if name in metadata:
            # {1: a, "1": b}: two keys that are one name as text; never keep just the last.
            raise fail(
                ("metadata", key),
                _("metadata {key}: the same name as another key").format(key=show(name)),
            )
        metadata[name] = "" if value is None else str(value)
    return metadata


def _section_ratings(
    section: Section, values: object, scale: Scale, fail: _Fail, partial: bool
) -> tuple[int, ...]:
    """One section's ratings: a list of whole numbers on the scale, one per statement."""
    sid, count = section.id, len(section.items)
    if _all_ratings(values, count, scale.low, scale.high):
        return tuple(values)
    if not isinstance(values, list):
        message = _("section {id!r}: expected a list of {count} ratings")
        raise fail(("answers", sid), message.format(id=sid, count=count), section=sid)
    for n, value in enumerate(values):
        if n >= count:
            raise fail(
                ("answers", sid, n),
                _(
                    "section {id!r}: extra rating {value} at position {position}; "
                    "the section has {count} statements"
                ).format(id=sid, value=show(value), position=n + 1, count=count),
                section=sid,
            )
        problem = rating_problem(value, scale.low, scale.high)
        if problem is not None:
            item = section.items[n].id
            message = _("{item}: {problem}").format(item=item, problem=problem)
            raise fail(("answers", sid, n), message, section=sid, item=item)
    if len(values) < count and not partial:
        item = section.items[len(values)].id
        raise fail(
            ("answers", sid),
            _("{item}: missing rating (section {id!r} has {given} of {count})").format(
                item=item, id=sid, given=len(values), count=count
            ),
            section=sid,
            item=item,
        )
    return tuple(values)


def _all_ratings(values: object, count: int, low: int, high: int) -> TypeGuard[list[int]]:
    """Whether `values` is exactly `count` whole numbers on the scale (the common case).

    One cheap pass; when it says no, the full check finds and words the first problem.
    """
    if type(values) is not list or len(values) != count:
        return False
    # A bool's type is not int, so True is no rating here either.
    return all(type(v) is int and low <= v <= high for v in values)


def check_date(value: object) -> str | None:
    """The ISO date text, or None when `value` is not a valid date."""
    # Only YYYY-MM-DD: fromisoformat also takes week dates (2026-W48-3) the message does not name.
    if not isinstance(value, str) or not _DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def load_answers(
    data: bytes,
    source: str,
    questionnaire: Questionnaire,
    kind: str = "yaml",
    partial: bool = False,
) -> Answers:
    """Parse and check one YAML or JSON answer file."""
    value, line_of = parse_document(data, source, kind, lines=False)
    return answers_from_data(value, line_of, source, questionnaire, partial)


# --- CSV -----------------------------------------------------------------------------------

"""Answer files (YAML, JSON): checked against the questionnaire."""

from __future__ import annotations

import datetime as dt
import re

from ..errors import InputError, Location
from ..i18n import _
from ..model import Answers, Questionnaire
from ..parsing import (
    LineOf,
    Path_,
    show,
)
from .document import parse_document
from .ratings import rating_problem

BUILTIN_ID = "customer-orientation"
_ID = re.compile(r"[a-z][a-z0-9_-]{0,39}\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_INT_KEY = re.compile(r"-?[0-9]{1,6}\Z")
_LANG = re.compile(r"[a-z]{2,3}\Z")
_QUESTIONNAIRE_KEYS = {
    "schema",
    "id",
    "languages",
    "title",
    "instructions",
    "scale",
    "sections",
    "bands",
}
_ANSWER_KEYS = {"questionnaire", "respondent", "date", "answers", "metadata"}


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
        line = None
        probe = path
        while line is None:
            line = line_of(probe)
            if not probe:
                break
            probe = probe[:-1]
        return InputError(source, message, Location(line=line, section=section, item=item))

    if not isinstance(data, dict):
        raise fail((), _("an answer file is a mapping with 'questionnaire' and 'answers'"))
    for key in data:
        if key not in _ANSWER_KEYS:
            raise fail(
                (key,),
                _("unknown key {key} (expected {expected})").format(
                    key=show(key), expected=", ".join(sorted(_ANSWER_KEYS))
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
    respondent = data.get("respondent")
    if respondent is not None and not isinstance(respondent, str):
        raise fail(("respondent",), _("respondent must be text (put it in quotes)"))
    date = data.get("date")
    if date is not None:
        date = check_date(date)
        if date is None:
            raise fail(
                ("date",),
                _("date {date} is not an ISO date (YYYY-MM-DD)").format(
                    date=show(data.get("date"))
                ),
            )
    metadata: dict[str, str] = {}
    raw_meta = data.get("metadata")
    if raw_meta is not None:
        if not isinstance(raw_meta, dict):
            raise fail(("metadata",), _("metadata must be a mapping of names to values"))
        for key, value in raw_meta.items():
            if isinstance(value, (dict, list)):
                raise fail(
                    ("metadata", key),
                    _("metadata {key}: the value must be a single value").format(key=show(key)),
                )
            metadata[str(key)] = "" if value is None else str(value)
    answers = data.get("answers")
    if answers is None:
        raise fail((), _("missing 'answers'"))
    if not isinstance(answers, dict):
        raise fail(("answers",), _("answers must be a mapping of section ids to lists of ratings"))
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
    low, high = questionnaire.scale.low, questionnaire.scale.high
    ratings: dict[str, tuple[int, ...]] = {}
    for section in questionnaire.sections:
        sid = section.id
        if sid not in answers:
            if partial:
                continue
            raise fail(("answers",), _("section {id!r} is missing").format(id=sid), section=sid)
        values = answers[sid]
        if not isinstance(values, list):
            raise fail(
                ("answers", sid),
                _("section {id!r}: expected a list of {count} ratings").format(
                    id=sid, count=len(section.items)
                ),
                section=sid,
            )
        for n, value in enumerate(values):
            if n >= len(section.items):
                raise fail(
                    ("answers", sid, n),
                    _(
                        "section {id!r}: extra rating {value} at position {position}; "
                        "the section has {count} statements"
                    ).format(id=sid, value=show(value), position=n + 1, count=len(section.items)),
                    section=sid,
                )
            problem = rating_problem(value, low, high)
            if problem is not None:
                item = section.items[n].id
                raise fail(
                    ("answers", sid, n),
                    _("{item}: {problem}").format(item=item, problem=problem),
                    section=sid,
                    item=item,
                )
        if len(values) < len(section.items) and not partial:
            item = section.items[len(values)].id
            raise fail(
                ("answers", sid),
                _("{item}: missing rating (section {id!r} has {given} of {count})").format(
                    item=item, id=sid, given=len(values), count=len(section.items)
                ),
                section=sid,
                item=item,
            )
        ratings[sid] = tuple(values)
    return Answers(
        questionnaire=questionnaire.id,
        ratings=ratings,
        respondent=respondent,
        date=date,
        metadata=metadata,
        source=source,
    )


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

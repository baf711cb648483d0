"""JSON and NDJSON: SPEC's stable field names, one object per respondent or error."""

from __future__ import annotations

import json
from typing import Any

from ..errors import InputError
from ..model import Result
from ..scoring import rounded, rounded_ratio


def result_to_dict(result: Result) -> dict[str, Any]:
    """The JSON object of one scored respondent (field names never change)."""
    answers = result.answers
    return {
        "source": answers.source,
        "row": answers.row,
        "respondent": answers.respondent,
        "date": answers.date,
        "questionnaire": result.questionnaire.id,
        "sections": [
            {
                "id": s.section.id,
                "title": s.section.title,
                "score": rounded_ratio(s.points, len(s.ratings)),
                "answers": list(s.ratings),
            }
            for s in result.sections
        ],
        "total": rounded(result.total),
        "band": {"id": result.band.id, "label": result.band.label},
        "weakest": [s.id for s in result.weakest],
        "metadata": dict(answers.metadata),
    }


def error_to_dict(error: InputError) -> dict[str, Any]:
    """The JSON object standing in place of an input that could not be scored."""
    return {
        "source": error.source,
        "error": {"message": error.message, "location": error.location.as_dict()},
    }


def outcome_to_dict(outcome: Result | InputError) -> dict[str, Any]:
    """Either form, by type."""
    if isinstance(outcome, InputError):
        return error_to_dict(outcome)
    return result_to_dict(outcome)


def dumps(obj: object) -> str:
    """Compact, UTF-8-friendly JSON."""
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))


class JsonRenderer:
    """One JSON array, one object per input respondent, in input order."""

    def __init__(self) -> None:
        self._count = 0

    def start(self) -> str:
        return "["

    def item(self, outcome: Result | InputError) -> str:
        prefix = "\n" if self._count == 0 else ",\n"
        self._count += 1
        return prefix + "  " + dumps(outcome_to_dict(outcome))

    def end(self) -> str:
        return "\n]\n" if self._count else "]\n"


class NdjsonRenderer:
    """The same objects as JSON, one per line."""

    def start(self) -> str:
        return ""

    def item(self, outcome: Result | InputError) -> str:
        return dumps(outcome_to_dict(outcome)) + "\n"

    def end(self) -> str:
        return ""

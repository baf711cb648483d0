"""JSON and NDJSON: the stable fields of docs/reference.md, one object per respondent or error."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ...errors import InputError
from ...model import Questionnaire, Result
from ...scoring import rounded, rounded_ratio

if TYPE_CHECKING:  # imported where percentiles are asked for (--norms)
    from ...norms.model import Norm, Percentiles


def percentiles_to_dict(p: Percentiles) -> dict[str, Any]:
    """`{"sections": {id: percentile}, "total": percentile}`, one decimal, 0–100."""
    from ...norms.model import shown_percentile

    return {
        "sections": {sid: shown_percentile(v) for sid, v in p.sections},
        "total": shown_percentile(p.total),
    }


def with_percentiles(text: str, outcome: Result | InputError, norm: Norm | None) -> str:
    """A result's JSON object with its `percentiles` in the norm added (errors unchanged)."""
    if norm is None or isinstance(outcome, InputError):
        return text
    from ...norms.model import result_percentiles

    extra = dumps(percentiles_to_dict(result_percentiles(norm, outcome)))
    return text[:-1] + ', "percentiles": ' + extra + "}"


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


def result_to_json(result: Result) -> str:
    """`dumps(result_to_dict(result))`, built from cached pieces: the hot path of big batches."""
    answers = result.answers
    pieces = _pieces(result.questionnaire)
    text = json_string
    parts = [
        '{"source": ',
        text(answers.source),
        ', "row": ',
        "null" if answers.row is None else str(answers.row),
        ', "respondent": ',
        "null" if answers.respondent is None else text(answers.respondent),
        ', "date": ',
        "null" if answers.date is None else text(answers.date),
        pieces.questionnaire,
    ]
    tails = pieces.tails
    for s, head in zip(result.sections, pieces.sections, strict=True):
        parts.append(head)
        tail = tails.get(s.ratings)
        if tail is None:
            tail = pieces.tail(s.points, s.ratings)
        parts.append(tail)
    parts.append('], "total": ')
    parts.append(repr(rounded(result.total)))
    parts.append(pieces.bands[result.band.id])
    parts.append(', "weakest": [')
    parts.append(", ".join([pieces.ids[s.id] for s in result.weakest]))
    parts.append('], "metadata": ')
    metadata = answers.metadata
    parts.append(
        "{" + ", ".join([text(k) + ": " + text(v) for k, v in metadata.items()]) + "}"
        if metadata
        else "{}"
    )
    parts.append("}")
    return "".join(parts)


class _Pieces:
    """JSON fragments that are the same for every result of one questionnaire."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = ', "questionnaire": ' + dumps(questionnaire.id) + ', "sections": ['
        self.sections = [
            (", " if n else "")
            + '{"id": '
            + dumps(s.id)
            + ', "title": '
            + dumps(s.title)
            + ', "score": '
            for n, s in enumerate(questionnaire.sections)
        ]
        self.ids = {s.id: dumps(s.id) for s in questionnaire.sections}
        self.bands = {
            b.id: ', "band": ' + dumps({"id": b.id, "label": b.label}) for b in questionnaire.bands
        }
        # The score and answers of a section depend only on its ratings: few distinct tuples.
        self.tails: dict[tuple[int, ...], str] = {}

    def tail(self, points: int, ratings: tuple[int, ...]) -> str:
        """The JSON after a section's title: its score and answers (cached)."""
        text = section_tail(points, ratings)
        if len(self.tails) < 100_000:
            self.tails[ratings] = text
        return text


def section_tail(points: int, ratings: tuple[int, ...]) -> str:
    """The JSON after a section's title: its score and answers."""
    return (
        repr(rounded_ratio(points, len(ratings)))
        + ', "answers": ['
        + ", ".join(map(str, ratings))
        + "]}"
    )


def section_heads(questionnaire: Questionnaire) -> list[str]:
    """Per section, the JSON from its separator to `"score": ` (see `result_to_json`)."""
    return list(_pieces(questionnaire).sections)


def questionnaire_piece(questionnaire: Questionnaire) -> str:
    """The JSON from the questionnaire's id to the opening of the sections."""
    return _pieces(questionnaire).questionnaire


def band_pieces(questionnaire: Questionnaire) -> dict[str, str]:
    """Per band id, the JSON `, "band": {…}`."""
    return dict(_pieces(questionnaire).bands)


_PIECES: dict[int, tuple[Questionnaire, _Pieces]] = {}


def _pieces(questionnaire: Questionnaire) -> _Pieces:
    entry = _PIECES.get(id(questionnaire))
    if entry is None or entry[0] is not questionnaire:
        entry = (questionnaire, _Pieces(questionnaire))
        _PIECES.clear()
        _PIECES[id(questionnaire)] = entry
    return entry[1]


def outcome_to_json(outcome: Result | InputError) -> str:
    """One outcome as compact JSON text."""
    if isinstance(outcome, InputError):
        return dumps(error_to_dict(outcome))
    return result_to_json(outcome)


def error_to_dict(error: InputError) -> dict[str, Any]:
    """The JSON object standing in place of an input that could not be scored."""
    return {
        "source": error.source,
        "error": {"message": error.message, "location": error.location.as_dict()},
    }


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))
# The C string encoder json uses for ensure_ascii=False (the Python one where C is missing).
json_string = (
    getattr(json.encoder, "c_encode_basestring", None) or json.encoder.py_encode_basestring
)


def dumps(obj: object) -> str:
    """Compact, UTF-8-friendly JSON."""
    return _ENCODER.encode(obj)


class JsonRenderer:
    """One JSON array, one object per input respondent, in input order."""

    def __init__(self, norm: Norm | None = None) -> None:
        self._count = 0
        self.norm = norm

    def start(self) -> str:
        return "["

    def item(self, outcome: Result | InputError) -> str:
        return self.item_json(with_percentiles(outcome_to_json(outcome), outcome, self.norm))

    def item_json(self, text: str) -> str:
        """One outcome already rendered as JSON (by a worker process)."""
        prefix = "\n" if self._count == 0 else ",\n"
        self._count += 1
        return prefix + "  " + text

    def items_json(self, join: Callable[[str], str], count: int) -> str:
        """`count` outcomes already rendered as JSON, as `join(separator)` puts them together."""
        prefix = "\n" if self._count == 0 else ",\n"
        self._count += count
        return prefix + "  " + join(",\n  ")

    def end(self) -> str:
        return "\n]\n" if self._count else "]\n"


class NdjsonRenderer:
    """The same objects as JSON, one per line."""

    def __init__(self, norm: Norm | None = None) -> None:
        self.norm = norm

    def start(self) -> str:
        return ""

    def item(self, outcome: Result | InputError) -> str:
        return self.item_json(with_percentiles(outcome_to_json(outcome), outcome, self.norm))

    def item_json(self, text: str) -> str:
        """One outcome already rendered as JSON (by a worker process)."""
        return text + "\n"

    def items_json(self, join: Callable[[str], str], _count: int) -> str:
        """Outcomes already rendered as JSON, as `join(separator)` puts them together."""
        return join("\n") + "\n"

    def end(self) -> str:
        return ""

"""Answer files scored straight to their JSON text, on the path almost every file takes.

A batch of thousands of small files spends its time on per-file work in Python. A file
that reads, parses and checks cleanly needs none of what the reference path builds for
the places of problems (line maps, the duplicate-key hook, `Answers` and `Result`
objects): here it is read with one `os.read`, parsed by the C parser and checked with
plain type tests, and its JSON text is built from cached pieces. Anything unusual (a
problem, a special file, a BOM, escapes that may hide a surrogate, a text whose keys
cannot be counted for certain) gives None, and the reference path
(`scoring.score_source`) reads the file again and words every problem exactly as before.
So what the user sees never depends on which path ran.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable
from typing import Any

from ..model import Questionnaire
from ..parsing import MAX_BYTES, SURROGATE_ESCAPE
from ..render.data.json_format import (
    band_pieces,
    json_string,
    questionnaire_piece,
    section_heads,
    section_tail,
)
from ..schema.answers import ANSWER_KEYS, check_date
from ..schema.canonical import canonical_answers
from ..scoring import band_of_scaled, rounded_ratio, scoring_plan

_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
# The end of a JSON key: its closing quote, optional white space and the colon. Every key
# ends so, and nothing else can but a string value holding `\":`.
_KEY_END = re.compile(r'"[ \t\n\r]*:')
_JSON_ERRORS = (ValueError, RecursionError, StopIteration)
# As `json.loads` parses: the scanner of a decoder with the default settings.
_SCAN: Callable[[str, int], tuple[Any, int]] = vars(json.JSONDecoder())["scan_once"]
_JSON_SPACE = " \t\n\r"


def read_small(path: str) -> bytes | None:
    """A regular file's bytes with one `os.read`; None when it is not a non-empty regular
    file within the size cap, or cannot be read (the reference read says why).

    Only a regular file is opened (a FIFO opened and closed here would end its writer);
    a file that changes size while it is read is left to the reference read.
    """
    try:
        info = os.stat(path)
        size = info.st_size
        if not stat.S_ISREG(info.st_mode) or not 0 < size <= MAX_BYTES:
            return None
        fd = os.open(path, _FLAGS)
    except OSError:
        return None
    try:
        data = os.read(fd, size + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) == size else None


class FileScorer:
    """Scores answer files of one questionnaire straight to their JSON text."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        plan = scoring_plan(questionnaire)
        self.q = questionnaire
        self.qid = questionnaire.id
        self.low = questionnaire.scale.low
        self.high = questionnaire.scale.high
        self.top = plan.top
        self.denominator = plan.denominator
        heads = section_heads(questionnaire)
        # (id, the types of its ratings, factor to the common denominator, JSON up to the score)
        self.sections = [
            (s.id, (int,) * len(s.items), factor, head)
            for (s, factor), head in zip(plan.sections, heads, strict=True)
        ]
        self.ids = [json_string(s.id) for s in questionnaire.sections]
        self.head = questionnaire_piece(questionnaire)
        self.bands = band_pieces(questionnaire)
        # A section's ratings -> (sum, its JSON after the title); only valid ratings enter.
        self.tails: dict[tuple[int, ...], tuple[int, str]] = {}
        # A scaled total -> its JSON from the total to the band.
        self.totals: dict[int, str] = {}
        self.dates: dict[str, str | None] = {}  # a date as given -> as checked

    def file_json(self, path: str, name: str, kind: str) -> str | None:
        """The JSON object of a valid YAML or JSON answer file; None: use the reference path."""
        data = read_small(path)
        if data is None:
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if kind == "json":
            return self.json_text(text, name)
        if kind != "yaml":
            return None
        value = canonical_answers(text)
        return None if value is None else self.scored(value, name)

    def json_text(self, text: str, name: str) -> str | None:
        """The JSON object of one valid JSON answer file's text; None on any doubt."""
        try:
            if text.startswith("{"):
                # `json.loads` without its Python layers: the same C scanner and decoder.
                value, end = _SCAN(text, 0)
                if end != len(text) and text[end:].strip(_JSON_SPACE):
                    return None  # more after the object (the reference says what)
            elif text.startswith("\ufeff"):
                return None
            else:
                value = json.loads(text)
        except _JSON_ERRORS:
            return None
        if type(value) is not dict:
            return None  # a list of respondents, or a problem
        if "\\u" in text and SURROGATE_ESCAPE.search(text):
            return None
        return self.scored(value, name, text)

    def scored(self, data: dict[Any, Any], name: str, text: str | None = None) -> str | None:
        """The JSON object of one respondent's valid answers (`data` as parsed); None when
        anything is not as it must be. With `text` (JSON), its keys must be counted there
        as often as the values hold them: the C parser keeps the last of a duplicate key.
        """
        header = self._header(data)
        if header is None:
            return None
        respondent, date, metadata, keys = header
        answers = data.get("answers")
        if type(answers) is not dict or len(answers) != len(self.sections):
            return None
        keys += len(answers)
        if text is not None and text.count(":") != keys and len(_KEY_END.findall(text)) != keys:
            return None
        body = self._body(answers)
        if body is None:
            return None
        string = json_string
        return "".join(
            [
                '{"source": ',
                string(name),
                ', "row": null, "respondent": ',
                "null" if respondent is None else string(respondent),
                ', "date": ',
                "null" if date is None else string(date),
                self.head,
                body,
                '], "metadata": ',
                metadata,
                "}",
            ]
        )

    def _header(self, data: dict[Any, Any]) -> tuple[str | None, str | None, str, int] | None:
        """(respondent, date, the metadata's JSON, how many keys its mappings hold), or None
        when a key is unknown or a value is not as the reference requires."""
        if not data.keys() <= ANSWER_KEYS or data.get("questionnaire") != self.qid:
            return None
        respondent = data.get("respondent")
        if respondent is not None and type(respondent) is not str:
            return None
        date = data.get("date")
        if date is not None:
            date = self._date(date)
            if date is None:
                return None
        keys = len(data)
        metadata = data.get("metadata")
        if metadata is None or metadata == {}:
            return respondent, date, "{}", keys
        if type(metadata) is not dict:
            return None
        meta = self._metadata(metadata)
        return None if meta is None else (respondent, date, meta, keys + len(metadata))

    def _date(self, value: object) -> str | None:
        """The checked ISO date (cached: a batch has few distinct dates), or None."""
        if type(value) is not str:
            return None
        if value in self.dates:
            return self.dates[value]
        checked = check_date(value)
        if len(self.dates) < 10_000:
            self.dates[value] = checked
        return checked

    def _body(self, answers: dict[Any, Any]) -> str | None:
        """The JSON from the first section to the opening of the weakest list, and the
        weakest sections' ids; None unless every section is a list of ratings on the scale."""
        tails = self.tails
        parts = []
        scaled = []
        total = 0
        for sid, types, factor, head in self.sections:
            values = answers.get(sid)
            if type(values) is not list:
                return None
            ratings = tuple(values)
            # First the types: a cache lookup would take 1.0 or True for 1.
            if tuple(map(type, ratings)) != types:
                return None
            found = tails.get(ratings) or self._tail(ratings)
            if found is None:
                return None
            points, tail = found
            parts.append(head)
            parts.append(tail)
            value = points * factor
            scaled.append(value)
            total += value
        parts.append(self.totals.get(total) or self._ending(total))
        lowest = min(scaled)
        if lowest < self.top:
            ids = self.ids
            parts.append(", ".join([ids[i] for i, value in enumerate(scaled) if value == lowest]))
        return "".join(parts)

    def _tail(self, ratings: tuple[int, ...]) -> tuple[int, str] | None:
        """Sum and JSON of a section's whole-number ratings, if all are on the scale."""
        low, high = self.low, self.high
        if not all(low <= v <= high for v in ratings):
            return None
        points = sum(ratings)
        found = (points, section_tail(points, ratings))
        if len(self.tails) < 100_000:
            self.tails[ratings] = found
        return found

    def _ending(self, total: int) -> str:
        """The JSON from the closing of the sections to the opening of the weakest."""
        band = band_of_scaled(self.q, total)
        text = (
            '], "total": '
            + repr(rounded_ratio(total, self.denominator))
            + self.bands[band.id]
            + ', "weakest": ['
        )
        self.totals[total] = text
        return text

    @staticmethod
    def _metadata(metadata: dict[Any, Any]) -> str | None:
        """The metadata object's JSON; None when a value is not a single value."""
        string = json_string
        pieces = []
        for key, value in metadata.items():
            if isinstance(value, (dict, list)) or type(key) is not str:
                return None
            pieces.append(string(key) + ": " + string("" if value is None else str(value)))
        return "{" + ", ".join(pieces) + "}"

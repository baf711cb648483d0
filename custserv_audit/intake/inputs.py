"""Inputs beside our own answer files: tables of any kind, NDJSON and JSON arrays."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

from ..errors import AuditError, InputError, Location
from ..i18n import _
from ..model import Answers, Questionnaire
from ..parsing import MAX_BYTES, LineOf, Path_, parse_json
from .reader import TableOptions, bytes_records, read_answers, table_records
from .table import MAX_TABLE_BYTES, Record, our_csv_header

Outcome = Answers | InputError
__all__ = [
    "MAX_TABLE_BYTES",
    "json_list_answers",
    "ndjson_answers",
    "our_csv_header",
    "table_answers",
]


@cache
def _languages_of(source: str, fingerprint: str) -> tuple[Questionnaire, ...]:
    from ..schema.definition import BUILTIN_ID, read_questionnaire

    path = None if source == f"{BUILTIN_ID}.yaml" else Path(source)
    try:
        versions = read_questionnaire(path, None)
    except (AuditError, OSError):
        return ()
    return tuple(v for v in versions.values() if v.fingerprint == fingerprint)


def languages(questionnaire: Questionnaire) -> tuple[Questionnaire, ...]:
    """The questionnaire in every language it has, `questionnaire` first.

    Statement texts and scale labels of every language find the columns of a table.
    """
    others = _languages_of(questionnaire.source, questionnaire.fingerprint)
    return (questionnaire, *(q for q in others if q.language != questionnaire.language))


def table_answers(
    path: Path | None,
    data: bytes | None,
    source: str,
    questionnaire: Questionnaire,
    options: TableOptions | None = None,
) -> Iterator[Outcome]:
    """Every respondent of a table file (or of `data`), each as Answers or its problem."""
    opts = options or TableOptions()
    try:
        records: Iterator[Record]
        if path is not None:
            records = table_records(path, source, opts)
        else:
            records = bytes_records(data or b"", source, opts)
        yield from read_answers(records, source, languages(questionnaire), opts.mapping)
    except InputError as exc:
        yield exc


def _element_lines(line_of: LineOf, index: int) -> LineOf:
    def lookup(path: Path_) -> int | None:
        return line_of((index, *path))

    return lookup


def json_list_answers(
    value: list[object],
    line_of: LineOf,
    source: str,
    questionnaire: Questionnaire,
) -> Iterator[Outcome]:
    """A JSON array: answer objects (each checked), or flat objects read as a table's rows."""
    from ..schema.answers import answers_from_data

    if value and all(isinstance(v, dict) and "answers" not in v for v in value):
        yield from _flat_objects(value, source, questionnaire)
        return
    for index, element in enumerate(value):
        try:
            yield answers_from_data(element, _element_lines(line_of, index), source, questionnaire)
        except InputError as exc:
            yield exc


def _flat_objects(
    value: list[object], source: str, questionnaire: Questionnaire
) -> Iterator[Outcome]:
    """Objects such as a form platform's results ({"culture.1": 4, ...}) as rows of a table."""
    header: list[str] = []
    for element in value:
        assert isinstance(element, dict)
        header += [str(k) for k in element if str(k) not in header]
    records: list[Record] = [(1, header)]
    for index, element in enumerate(value, start=2):
        assert isinstance(element, dict)
        cells = []
        for key in header:
            cell = element.get(key)
            cells.append("" if cell is None else str(cell) if not isinstance(cell, bool) else "")
        records.append((index, cells))
    try:
        yield from read_answers(iter(records), source, languages(questionnaire))
    except InputError as exc:
        yield exc


def _same_line(number: int) -> LineOf:
    def lookup(_path: Path_) -> int | None:
        return number

    return lookup


def ndjson_answers(data: bytes, source: str, questionnaire: Questionnaire) -> Iterator[Outcome]:
    """One answer object per line; a bad line is named by its number, the others go on."""
    from ..schema.answers import answers_from_data

    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        if len(raw) > MAX_BYTES:
            yield InputError(source, _("the line is too long"), Location(line=number))
            continue
        try:
            text = raw.decode("utf-8").removeprefix("\ufeff")
            value, _line_of = parse_json(text, source)
            yield answers_from_data(value, _same_line(number), source, questionnaire)
        except UnicodeDecodeError:
            yield InputError(source, _("not UTF-8 text"), Location(line=number))
        except InputError as exc:
            yield InputError(exc.source, exc.message, Location(line=number))

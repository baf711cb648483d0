"""Outcomes of every input, in input order; a bad input never stops the rest."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Generator, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..model import Answers, Questionnaire, Result
from ..parsing import MAX_BYTES
from ..schema.answers import answers_from_data, load_answers
from ..schema.csv_input import (
    CsvBlock,
    CsvLayout,
    csv_block_records,
    csv_stream_records,
    read_csv,
    rest_lines,
)
from ..schema.document import parse_document
from ..scoring import score
from ..sources import Source, _expanded, open_input, read_bytes, sniff, unreadable

Outcome = Result | InputError


TABLE_KINDS = ("csv", "xlsx", "table", "ndjson")
Read = Iterator[Answers | InputError]


def read_source(source: Source, questionnaire: Questionnaire) -> Read:
    """Every respondent's checked answers in one input (a CSV file gives one per row).

    A CSV in our own layout streams; any other table (a platform export, a workbook, a
    spreadsheet CSV in another delimiter or encoding) is read by `intake`.
    """
    try:
        if source.path is None:
            yield from _read_stdin(source, questionnaire)
        elif source.kind in TABLE_KINDS:
            yield from _read_table(source, source.path, questionnaire)
        else:
            data = read_bytes(source.path, source.name)
            yield from _read_document(data, source.kind, source.name, questionnaire)
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(source.name, unreadable(exc))


def _read_stdin(source: Source, questionnaire: Questionnaire) -> Read:
    if sys.stdin.isatty():
        # Someone typing (or a forgotten pipe) would otherwise meet a silent wait.
        from ..i18n import _
        from ..output import err

        err(
            _(
                "Reading answers from standard input; "
                "end them with Ctrl-D (Ctrl-Z, Enter on Windows)."
            )
        )
    stdin = sys.stdin.buffer
    first = stdin.readline(MAX_BYTES + 1)
    kind = source.kind or sniff(first)
    if kind not in TABLE_KINDS:
        # One document: read no more than the size cap allows (decode reports the excess).
        data = first + stdin.read(MAX_BYTES + 1 - len(first))
        yield from _read_document(data, kind, source.name, questionnaire)
        return
    from ..intake import inputs

    if kind == "csv" and source.table is None and inputs.our_csv_header(first):
        # Streams: each row is read as it arrives.
        rest = iter(lambda: stdin.readline(MAX_BYTES + 1), b"")  # bounded: no endless line
        yield from read_csv(itertools.chain([first], rest), source.name, questionnaire)
        return
    data = first + stdin.read(inputs.MAX_TABLE_BYTES + 1 - len(first))
    if kind == "ndjson":
        yield from inputs.ndjson_answers(data, source.name, questionnaire)
    else:
        yield from inputs.table_answers(None, data, source.name, questionnaire, source.table)


def _read_table(source: Source, path: Path, questionnaire: Questionnaire) -> Read:
    from ..intake.table import our_csv_header

    if source.kind == "csv" and source.table is None:
        with open_input(path) as handle:
            if our_csv_header(handle.readline(MAX_BYTES + 1)):
                handle.seek(0)
                yield from read_csv(handle, source.name, questionnaire)
                return
    from ..intake import inputs

    if source.kind == "ndjson":
        data = read_bytes(path, source.name, inputs.MAX_TABLE_BYTES)
        yield from inputs.ndjson_answers(data, source.name, questionnaire)
        return
    yield from inputs.table_answers(path, None, source.name, questionnaire, source.table)


def _read_document(data: bytes, kind: str, name: str, questionnaire: Questionnaire) -> Read:
    """A YAML or JSON answer file; a JSON array holds several respondents."""
    if kind != "json":
        yield load_answers(data, name, questionnaire, kind)
        return
    value, line_of = parse_document(data, name, "json")
    if isinstance(value, list):
        from ..intake import inputs

        yield from inputs.json_list_answers(value, line_of, name, questionnaire)
    else:
        yield answers_from_data(value, line_of, name, questionnaire)


def score_source(source: Source, questionnaire: Questionnaire) -> Iterator[Outcome]:
    """Every outcome of one input (a CSV file gives one per row)."""
    for answers in read_source(source, questionnaire):
        yield answers if isinstance(answers, InputError) else score(questionnaire, answers)


def score_record(record: tuple[int, list[str]] | InputError, layout: CsvLayout) -> Outcome:
    """The outcome of one CSV record: (row number, cells) or the error of a broken one."""
    if isinstance(record, InputError):
        return record
    answers = layout.answers(record[1], record[0])
    return answers if isinstance(answers, InputError) else score(layout.questionnaire, answers)


def score_block(block: CsvBlock, layout: CsvLayout) -> Generator[Outcome, None, bool]:
    """The outcomes of a block of whole CSV records; returns True when a fault (a line over
    the size cap) ended the file there, as it ends a file read in one go."""
    try:
        for record in csv_block_records(block.data, layout.source, block.row, block.offset):
            yield score_record(record, layout)
    except InputError as exc:
        yield exc
        return True
    return False


def score_rest(block: CsvBlock, handle: BinaryIO, layout: CsvLayout) -> Iterator[Outcome]:
    """The outcomes of a `rest` block and of the rest of its file, record by record."""
    lines = rest_lines(block, handle)
    for record in csv_stream_records(lines, layout.source, block.row, block.offset):
        yield score_record(record, layout)


def read_all(
    paths: Iterable[str | Source | InputError],
    questionnaire: Questionnaire,
    input_format: str | None = None,
) -> Iterator[Answers | InputError]:
    """Checked answers of every input, in input order; a bad input never stops the rest."""
    for source in _expanded(paths, input_format):
        if isinstance(source, InputError):
            yield source
        else:
            yield from read_source(source, questionnaire)


def score_all(
    paths: Iterable[str | Source | InputError],
    questionnaire: Questionnaire,
    input_format: str | None = None,
) -> Iterator[Outcome]:
    """Outcomes of every input, in input order; a bad input never stops the rest.

    `paths` are command-line paths, or inputs already expanded by `expand`.
    """
    for source in _expanded(paths, input_format):
        if isinstance(source, InputError):
            yield source
        else:
            yield from score_source(source, questionnaire)


# --- parallel JSON rendering ---------------------------------------------------------------
# The expensive part of a big batch is parsing and checking; it runs in worker processes,

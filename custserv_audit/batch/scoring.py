"""Outcomes of every input, in input order; a bad input never stops the rest."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable, Iterator

from ..errors import InputError
from ..model import Answers, Questionnaire, Result
from ..parsing import MAX_BYTES
from ..schema.answers import load_answers
from ..schema.csv_input import read_csv
from ..scoring import score
from ..sources import Source, _expanded, read_bytes, sniff, unreadable

Outcome = Result | InputError


def read_source(source: Source, questionnaire: Questionnaire) -> Iterator[Answers | InputError]:
    """Every respondent's checked answers in one input (a CSV file gives one per row)."""
    try:
        if source.path is None:
            stdin = sys.stdin.buffer
            first = stdin.readline(MAX_BYTES + 1)
            kind = source.kind or sniff(first)
            if kind == "csv":
                # Streams: each row is read as it arrives.
                rest = iter(lambda: stdin.readline(MAX_BYTES + 1), b"")  # bounded: no endless line
                yield from read_csv(itertools.chain([first], rest), source.name, questionnaire)
                return
            # One document: read no more than the size cap allows (decode reports the excess).
            data = first + stdin.read(MAX_BYTES + 1 - len(first))
        else:
            if source.kind == "csv":
                with source.path.open("rb") as handle:
                    yield from read_csv(handle, source.name, questionnaire)
                return
            data = read_bytes(source.path, source.name)
            kind = source.kind
        yield load_answers(data, source.name, questionnaire, kind)
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(source.name, unreadable(exc))


def score_source(source: Source, questionnaire: Questionnaire) -> Iterator[Outcome]:
    """Every outcome of one input (a CSV file gives one per row)."""
    for answers in read_source(source, questionnaire):
        yield answers if isinstance(answers, InputError) else score(questionnaire, answers)


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

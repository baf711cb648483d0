"""Batch scoring: expand paths, read every input, yield results and errors in input order."""

from __future__ import annotations

import glob
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .i18n import _
from .loader import kind_of, load_answers, read_bytes, read_csv
from .model import Questionnaire, Result
from .scoring import score

ANSWER_SUFFIXES = (".yaml", ".yml", ".json", ".csv")
STDIN = "-"

Outcome = Result | InputError


@dataclass(frozen=True)
class Source:
    """One input: a file, or standard input (`path` None)."""

    name: str
    path: Path | None
    kind: str


def expand(paths: Iterable[str], input_format: str | None = None) -> Iterator[Source | InputError]:
    """Files, folders (every answer file below, sorted), globs and `-`, in the order given."""
    for raw in paths:
        if raw == STDIN:
            yield Source("<stdin>", None, input_format or "")
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.suffix.lower() in ANSWER_SUFFIXES and p.is_file() and not p.name.startswith(".")
            )
            if not found:
                yield InputError(
                    raw, _("the folder holds no answer files (.yaml, .yml, .json, .csv)")
                )
            for p in found:
                yield Source(str(p), p, input_format or kind_of(p.name))
        elif path.exists():
            yield Source(raw, path, input_format or kind_of(path.name))
        elif glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            files = [m for m in matches if Path(m).is_file()]
            if not files:
                yield InputError(raw, _("no file matches the pattern"))
            for m in files:
                yield Source(m, Path(m), input_format or kind_of(m))
        else:
            yield InputError(raw, _("no such file or folder"))


def sniff(data: bytes) -> str:
    """Guess the format of standard input: JSON, CSV (a header with item ids) or YAML."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head in (b"{", b"["):
        return "json"
    first_line = data.split(b"\n", 1)[0]
    if b"," in first_line and b"respondent" in first_line and b":" not in first_line:
        return "csv"
    return "yaml"


def score_source(source: Source, questionnaire: Questionnaire) -> Iterator[Outcome]:
    """Every outcome of one input (a CSV file gives one per row)."""
    try:
        if source.path is None:
            data = sys.stdin.buffer.read()
            kind = source.kind or sniff(data)
            if kind == "csv":
                yield from _score_csv(data.splitlines(keepends=True), source.name, questionnaire)
                return
        else:
            if source.kind == "csv":
                with source.path.open("rb") as handle:
                    yield from _score_csv(handle, source.name, questionnaire)
                return
            data = read_bytes(source.path, source.name)
            kind = source.kind
        yield score(questionnaire, load_answers(data, source.name, questionnaire, kind))
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(source.name, exc.strerror or _("cannot be read"))


def _score_csv(chunks: Iterable[bytes], name: str, questionnaire: Questionnaire) -> Iterator[Outcome]:
    for row in read_csv(chunks, name, questionnaire):
        yield row if isinstance(row, InputError) else score(questionnaire, row)


def score_all(
    paths: Iterable[str], questionnaire: Questionnaire, input_format: str | None = None
) -> Iterator[Outcome]:
    """Outcomes of every input, in input order; a bad input never stops the rest."""
    for source in expand(paths, input_format):
        if isinstance(source, InputError):
            yield source
        else:
            yield from score_source(source, questionnaire)

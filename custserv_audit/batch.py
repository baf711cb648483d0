"""Batch scoring: expand paths, read every input, yield results and errors in input order."""

from __future__ import annotations

import glob
import itertools
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError
from .i18n import _, active_language, set_language
from .loader import kind_of, load_answers, read_bytes, read_csv
from .model import Questionnaire, Result
from .parsing import MAX_BYTES
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
            found = sorted(_answer_files(raw))
            if not found:
                yield InputError(
                    raw, _("the folder holds no answer files (.yaml, .yml, .json, .csv)")
                )
            for name in found:
                yield Source(name, Path(name), input_format or kind_of(name))
        elif path.exists():
            yield Source(raw, path, input_format or kind_of(path.name))
        elif glob.has_magic(raw):
            # glob.glob, not Path.glob: patterns may be absolute or start with '..'.
            matches = sorted(glob.glob(raw, recursive=True))
            files = [m for m in matches if Path(m).is_file()]
            if not files:
                yield InputError(raw, _("no file matches the pattern"))
            for m in files:
                yield Source(m, Path(m), input_format or kind_of(m))
        else:
            yield InputError(raw, _("no such file or folder"))


def _expanded(
    paths: Iterable[str | Source | InputError], input_format: str | None
) -> Iterator[Source | InputError]:
    for path in paths:
        if isinstance(path, str):
            yield from expand([path], input_format)
        else:
            yield path


def _answer_files(folder: str) -> Iterator[str]:
    """Every answer file below a folder (hidden files and folders skipped)."""
    import os

    for top, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith(".") and name.lower().endswith(ANSWER_SUFFIXES):
                yield os.path.join(top, name)  # strings, not Path: cheaper for 10,000s


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
            stdin = sys.stdin.buffer
            first = stdin.readline(MAX_BYTES + 1)
            kind = source.kind or sniff(first)
            if kind == "csv":
                # Streams: each row is scored as it arrives.
                rest = iter(lambda: stdin.readline(MAX_BYTES + 1), b"")  # bounded: no endless line
                yield from _score_csv(itertools.chain([first], rest), source.name, questionnaire)
                return
            # One document: read no more than the size cap allows (decode reports the excess).
            data = first + stdin.read(MAX_BYTES + 1 - len(first))
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


def _score_csv(
    chunks: Iterable[bytes], name: str, questionnaire: Questionnaire
) -> Iterator[Outcome]:
    for row in read_csv(chunks, name, questionnaire):
        yield row if isinstance(row, InputError) else score(questionnaire, row)


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
# which return finished JSON text. The main process reads CSV records, hands out work in
# order and writes results in input order, with a bounded number of units in flight so
# memory stays flat however large the input.

FILES_PER_UNIT = 48
ROWS_PER_UNIT = 2000
PARALLEL_MIN_FILES = 200
PARALLEL_MIN_CSV_BYTES = 1 << 20
CSV_BLOCK_BYTES = 1 << 18  # about 2,500 rows: output of a few blocks in flight stays small

Rendered = tuple[str, str | None]  # (JSON text of the outcome, stderr line when it is an error)

_worker_questionnaire: Questionnaire | None = None


def _init_worker(questionnaire: Questionnaire, lang: str = "en") -> None:
    global _worker_questionnaire
    _worker_questionnaire = questionnaire
    # A worker that was not forked starts in English; its messages follow the command.
    set_language(lang)


def _render(outcome: Outcome) -> Rendered:
    from .render.json_format import outcome_to_json

    return outcome_to_json(outcome), str(outcome) if isinstance(outcome, InputError) else None


def _files_unit(sources: list[Source]) -> list[Rendered]:
    assert _worker_questionnaire is not None
    q = _worker_questionnaire
    return [_render(o) for source in sources for o in score_source(source, q)]


def _rows_unit(args: tuple[str, list[str], int, int, bytes]) -> tuple[list[Rendered], bool]:
    """Score one block of CSV lines; True when the block hit a fault that ends the file."""
    from .loader import CsvLayout, csv_block_records

    assert _worker_questionnaire is not None
    q = _worker_questionnaire
    name, header, first_row, offset, block = args
    from .render.json_format import result_to_json

    layout = CsvLayout(header, name, q)
    out: list[Rendered] = []
    try:
        for record in csv_block_records(block, name, first_row, offset):
            if isinstance(record, InputError):
                out.append(_render(record))
                continue
            answers = layout.answers(record[1], record[0])
            if isinstance(answers, InputError):
                out.append(_render(answers))
            else:
                out.append((result_to_json(score(q, answers)), None))
    except InputError as exc:
        out.append(_render(exc))
        return out, True
    return out, False


def _csv_blocks(handle: Any, size: int | None = None) -> Iterator[tuple[int, int, bytes]]:
    """(first row, byte offset, block) for blocks of whole CSV records after the header.

    A block ends at a line end outside quotes (quote characters come in pairs in CSV,
    so an even count so far means no quoted cell is open).
    """
    from .loader import count_records

    size = size or CSV_BLOCK_BYTES
    header = handle.readline(MAX_BYTES + 1)
    offset = len(header)
    row = 2
    while True:
        block = handle.read(size)
        if not block:
            return
        if not block.endswith(b"\n"):
            block += handle.readline(MAX_BYTES + 1)
        while block.count(b'"') % 2:
            more = handle.readline(MAX_BYTES + 1)
            if not more:
                break
            block += more
        yield row, offset, block
        row += count_records(block)
        offset += len(block)


def _units(sources: list[Source | InputError], questionnaire: Questionnaire) -> Iterator[Any]:
    """Work units in input order: ('done', rendered) for work done here, or (func, args, key)."""
    from .loader import CsvLayout, csv_records

    files: list[Source] = []
    for source in sources:
        here = isinstance(source, InputError) or source.kind == "csv" or source.path is None
        if files and here:
            yield (_files_unit, files, None)
            files = []
        if isinstance(source, InputError):
            yield ("done", [_render(source)], None)
        elif source.path is None:
            yield ("done", [_render(o) for o in score_source(source, questionnaire)], None)
        elif source.kind == "csv":
            try:
                with source.path.open("rb") as handle:
                    header, _records = csv_records([handle.readline(MAX_BYTES + 1)], source.name)
                    if header is None:
                        raise InputError(source.name, _("the file is empty"))
                    CsvLayout(header, source.name, questionnaire)  # a bad header fails here, once
                    handle.seek(0)
                    for row, offset, block in _csv_blocks(handle):
                        yield (_rows_unit, (source.name, header, row, offset, block), source.name)
            except InputError as exc:
                yield ("done", [_render(exc)], None)
            except OSError as exc:
                yield (
                    "done",
                    [_render(InputError(source.name, exc.strerror or _("cannot be read")))],
                    None,
                )
        else:
            files.append(source)
            if len(files) == FILES_PER_UNIT:
                yield (_files_unit, files, None)
                files = []
    if files:
        yield (_files_unit, files, None)


def worth_parallel(sources: list[Source | InputError]) -> bool:
    """Whether a batch is big enough to pay for starting worker processes."""
    files = 0
    for source in sources:
        if isinstance(source, Source) and source.path is not None:
            if source.kind == "csv":
                try:
                    if source.path.stat().st_size >= PARALLEL_MIN_CSV_BYTES:
                        return True
                except OSError:
                    continue
            else:
                files += 1
    return files >= PARALLEL_MIN_FILES


def render_json_parallel(
    sources: list[Source | InputError], questionnaire: Questionnaire, jobs: int
) -> Iterator[list[Rendered]]:
    """JSON text of every outcome, in input order, computed by `jobs` worker processes.

    Yields blocks (lists) of outcomes, so the writer handles a block at a time.
    """
    import collections
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pending: collections.deque[tuple[str, Any, str | None]] = collections.deque()
    window = jobs * 3
    ended: set[str] = set()  # CSV files whose rest is unreadable (as in one process)

    def take() -> list[Rendered]:
        kind, value, key = pending.popleft()
        if kind == "done":
            return value  # type: ignore[no-any-return]
        result = value.get()
        if key is None:
            return result  # type: ignore[no-any-return]
        if key in ended:
            return []
        rendered, fatal = result
        if fatal:
            ended.add(key)
        return rendered  # type: ignore[no-any-return]

    with context.Pool(
        jobs, initializer=_init_worker, initargs=(questionnaire, active_language())
    ) as pool:
        for func, args, key in _units(sources, questionnaire):
            if func == "done":
                pending.append(("done", args, None))
            else:
                pending.append(("async", pool.apply_async(func, (args,)), key))
            while len(pending) > window or (pending and pending[0][0] == "done"):
                yield take()
        while pending:
            yield take()

"""Parallel rendering in worker processes, output in input order.

The expensive part of a big batch is parsing and checking; it runs in worker processes,
which return finished text made by the encoder the caller passes in (the JSON format's).
The main process reads CSV records, hands out work in order and writes results in input
order, with a bounded number of units in flight so memory stays flat however large the
input.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from ..errors import InputError
from ..i18n import active_language, set_language
from ..model import Questionnaire
from ..parsing import MAX_BYTES
from ..render.data.json_format import outcome_to_json
from ..schema.csv_input import CsvBlock, CsvLayout, csv_blocks, header_layout
from ..signals import quiet_worker
from ..sources import Source, open_input, unreadable
from .files import FileScorer
from .scoring import Outcome, score_block, score_rest, score_source

FILES_PER_UNIT = 160
ROWS_PER_UNIT = 2000
PARALLEL_MIN_FILES = 200
PARALLEL_MIN_CSV_BYTES = 1 << 20
CSV_BLOCK_BYTES = 1 << 18  # about 2,500 rows: output of a few blocks in flight stays small

_READ_HERE = ("csv", "xlsx", "table", "ndjson")  # tables: read in blocks, or here as a whole
Rendered = tuple[str, str | None]  # (JSON text of the outcome, stderr line when it is an error)

Encoder = Callable[[Outcome], str]

_worker_questionnaire: Questionnaire | None = None
_worker_encode: Encoder | None = None
_worker_files: FileScorer | None = None


def _init_worker(questionnaire: Questionnaire, encode: Encoder, lang: str = "en") -> None:
    _set_scorer(questionnaire, encode)
    # A worker that was not forked starts in English; its messages follow the command.
    set_language(lang)
    quiet_worker()


def _set_scorer(questionnaire: Questionnaire, encode: Encoder) -> None:
    """What `_files_unit` and `_rows_unit` score with, in this process."""
    global _worker_questionnaire, _worker_encode, _worker_files
    _worker_questionnaire = questionnaire
    _worker_encode = encode
    # The common path writes exactly what `outcome_to_json` writes, and only that.
    _worker_files = FileScorer(questionnaire) if encode is outcome_to_json else None


def _rendered(outcome: Outcome, encode: Encoder) -> Rendered:
    return encode(outcome), str(outcome) if isinstance(outcome, InputError) else None


def _render(outcome: Outcome) -> Rendered:
    """In a worker: the outcome encoded by the encoder the worker was started with."""
    assert _worker_encode is not None
    return _rendered(outcome, _worker_encode)


class Joined(NamedTuple):
    """Outcomes of a unit as one text: their JSON texts joined by newlines (a JSON text
    holds none: JSON escapes them), how many, and the errors among them (place, line)."""

    text: str
    number: int
    errors: list[tuple[int, str]]

    def join(self, separator: str) -> str:
        """The texts joined by `separator` instead."""
        return self.text if separator == "\n" else self.text.replace("\n", separator)


Block = list[Rendered] | Joined  # what the workers give back, in input order


def rendered(block: Block) -> list[Rendered]:
    """A block's outcomes one by one: (JSON text, error line or None)."""
    if not isinstance(block, Joined):
        return block
    errors = dict(block.errors)
    texts = block.text.split("\n") if block.number else []
    return [(text, errors.get(i)) for i, text in enumerate(texts)]


def _files_unit(files: list[tuple[str, str, str]]) -> Block:
    """Score answer files, given as (path, name, kind): on the common path straight to
    text, else by the reference path. Plain strings cost the least to send here, and one
    joined text the least to send back."""
    assert _worker_questionnaire is not None
    q = _worker_questionnaire
    file_json = _worker_files.file_json if _worker_files is not None else None
    texts: list[str] = []
    errors: dict[int, str] = {}  # the place of an error among the texts -> its line
    for path, name, kind in files:
        text = None if file_json is None else file_json(path, name, kind)
        if text is not None:
            texts.append(text)
            continue
        for text, error in map(_render, score_source(Source(name, path, kind), q)):
            if error is not None:
                errors[len(texts)] = error
            texts.append(text)
    joined = "\n".join(texts)
    if joined.count("\n") == len(texts) - 1:
        return Joined(joined, len(texts), list(errors.items()))
    return [(text, errors.get(i)) for i, text in enumerate(texts)]  # pragma: no cover


def _rows_unit(args: tuple[str, list[str], CsvBlock]) -> tuple[list[Rendered], bool]:
    """Score one block of CSV records; True when the block hit a fault that ends the file."""
    assert _worker_questionnaire is not None
    name, header, block = args
    outcomes = score_block(block, CsvLayout(header, name, _worker_questionnaire))
    out: list[Rendered] = []
    while True:
        try:
            out.append(_render(next(outcomes)))
        except StopIteration as end:
            return out, end.value


def _here(outcomes: Iterator[Outcome], encode: Encoder) -> Iterator[Any]:
    """Outcomes computed in this process, as units of rendered outcomes."""
    out: list[Rendered] = []
    for outcome in outcomes:
        out.append(_rendered(outcome, encode))
        if len(out) >= ROWS_PER_UNIT:
            yield ("done", out, None)
            out = []
    if out:
        yield ("done", out, None)


def _units(
    sources: list[Source | InputError], questionnaire: Questionnaire, encode: Encoder
) -> Iterator[Any]:
    """Work units in input order: ('done', rendered) for work done here, or (func, args, key)."""
    files: list[tuple[str, str, str]] = []
    for source in sources:
        if (
            type(source) is Source
            and source.file is not None
            and source.table is None
            and source.kind not in _READ_HERE
        ):  # an answer file: the common case, checked first
            files.append((os.fspath(source.file), source.name, source.kind))
            if len(files) == FILES_PER_UNIT:
                yield (_files_unit, files, None)
                files = []
            continue
        here = isinstance(source, InputError) or source.kind == "csv" or source.file is None
        # Other tables (workbooks, platform exports) are read here, as a whole.
        table = not isinstance(source, InputError) and (
            source.table is not None or source.kind in ("xlsx", "table", "ndjson")
        )
        if files and (here or table):
            yield (_files_unit, files, None)
            files = []
        if isinstance(source, InputError):
            yield ("done", [_rendered(source, encode)], None)
        elif source.file is None or table or not _ours(source):
            done = [_rendered(o, encode) for o in score_source(source, questionnaire)]
            yield ("done", done, None)
        elif source.kind == "csv":
            yield from _csv_units(source, questionnaire, encode)
        else:
            files.append((os.fspath(source.file), source.name, source.kind))
            if len(files) == FILES_PER_UNIT:
                yield (_files_unit, files, None)
                files = []
    if files:
        yield (_files_unit, files, None)


def _ours(source: Source) -> bool:
    """Whether a CSV file is in our own layout (read in blocks by the workers)."""
    from ..intake.table import our_csv_header

    if source.kind != "csv" or source.path is None:
        return True
    try:
        with open_input(source.path) as handle:
            return our_csv_header(handle.readline(MAX_BYTES + 1))
    except OSError:
        return True  # the error is reported where the file is read


def _csv_units(source: Source, questionnaire: Questionnaire, encode: Encoder) -> Iterator[Any]:
    """Units of blocks of one CSV file's rows, after its header is checked once here."""
    assert source.path is not None
    try:
        with open_input(source.path) as handle:
            layout = header_layout(handle, source.name, questionnaire)
            if layout is None:  # a header cell may span lines: the whole file is read here
                yield from _here(score_source(source, questionnaire), encode)
                return
            for block in csv_blocks(handle, layout.end, CSV_BLOCK_BYTES):
                if block.rest:
                    yield from _here(score_rest(block, handle, layout), encode)
                else:
                    yield (_rows_unit, (source.name, layout.header, block), source.name)
    except InputError as exc:
        yield ("done", [_rendered(exc, encode)], None)
    except OSError as exc:
        problem = InputError(source.name, unreadable(exc))
        yield ("done", [_rendered(problem, encode)], None)


def _forkable(source: Source | InputError) -> bool:
    """Whether an input is an answer file (scored by `_files_unit`) or a problem already found."""
    if type(source) is Source:
        return source.file is not None and source.table is None and source.kind not in _READ_HERE
    return isinstance(source, InputError)


def _file_units(sources: list[Source | InputError], encode: Encoder) -> list[Any]:
    """Answer files and problems in input order, as units: a list of (path, name, kind)
    to score, or a rendered problem (a tuple). There are never more than `shares.MAX_UNITS`."""
    from .shares import MAX_UNITS

    size = max(FILES_PER_UNIT, -(-len(sources) // MAX_UNITS))
    units: list[Any] = []
    files: list[tuple[str, str, str]] = []
    for source in sources:
        if type(source) is Source:
            assert source.file is not None
            files.append((os.fspath(source.file), source.name, source.kind))
            if len(files) == size:
                units.append(files)
                files = []
        else:
            assert isinstance(source, InputError)
            if files:
                units.append(files)
                files = []
            units.append(([_rendered(source, encode)],))
    if files:
        units.append(files)
    return units


def worth_parallel(sources: list[Source | InputError]) -> bool:
    """Whether a batch is big enough to pay for starting worker processes."""
    files = 0
    for source in sources:
        if isinstance(source, Source) and source.file is not None:
            if source.kind == "csv":
                try:
                    if os.stat(source.file).st_size >= PARALLEL_MIN_CSV_BYTES:
                        return True
                except OSError:
                    continue
            else:
                files += 1
    return files >= PARALLEL_MIN_FILES


def render_parallel(
    sources: list[Source | InputError], questionnaire: Questionnaire, jobs: int, encode: Encoder
) -> Iterator[Block]:
    """Text of every outcome (`encode`), in input order, computed by `jobs` processes.

    Yields blocks of outcomes (lists of them, or `Joined`), so the writer handles a block at
    a time.
    """
    import gc

    from . import shares

    if hasattr(os, "fork") and all(map(_forkable, sources)):
        _set_scorer(questionnaire, encode)
        units = _file_units(sources, encode)
        gc.freeze()
        try:
            yield from shares.shared(units, _files_unit, jobs)
        finally:
            gc.unfreeze()
        return
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    # What exists before the run (modules, the list of inputs) lives through it: frozen, the
    # collector does not walk it, and forked workers do not copy the pages it would touch.
    gc.freeze()
    try:
        yield from _in_pool(context, sources, questionnaire, jobs, encode)
    finally:
        gc.unfreeze()


def _in_pool(
    context: Any,
    sources: list[Source | InputError],
    questionnaire: Questionnaire,
    jobs: int,
    encode: Encoder,
) -> Iterator[Block]:
    """`render_parallel`'s work in a pool of `jobs` worker processes."""
    import collections

    pending: collections.deque[tuple[str, Any, str | None]] = collections.deque()
    window = jobs * 3
    ended: set[str] = set()  # CSV files whose rest is unreadable (as in one process)

    def take() -> Block:
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

    pool = context.Pool(
        jobs, initializer=_init_worker, initargs=(questionnaire, encode, active_language())
    )
    try:
        for func, args, key in _units(sources, questionnaire, encode):
            if func == "done":
                pending.append(("done", args, None))
            else:
                pending.append(("async", pool.apply_async(func, (args,)), key))
            while len(pending) > window or (pending and pending[0][0] == "done"):
                yield take()
        while pending:
            yield take()
    finally:
        # Closed and joined, never terminated: a worker killed while it sends a result keeps
        # the result queue's lock and the pool's shutdown waits for it forever. After Ctrl-C
        # or a closed pipe the units in flight (at most `window`) finish instead.
        pool.close()
        pool.join()

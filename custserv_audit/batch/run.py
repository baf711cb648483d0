"""The `score` use case: expand inputs, score them, render, record, summarise."""

from __future__ import annotations

import itertools
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ExitCode, InputError, UsageError
from ..i18n import _
from ..model import Questionnaire, Result
from ..output import err
from ..render.base import OutputFormat, Renderer, renderer_for, summary_renderer_for
from ..sources import Source, expand
from .progress import BatchProgress
from .scoring import score_all

if TYPE_CHECKING:
    from ..history.service import Recorder
    from ..intake.reader import TableOptions
    from ..norms.model import Norm
    from ..summary import SummaryBuilder
    from .columnar import Engine


@dataclass(frozen=True)
class BatchOptions:
    """What `score` was asked to do (everything but the inputs and the questionnaire)."""

    output_format: OutputFormat = OutputFormat.table
    output: Path | None = None
    force: bool = False
    input_format: str | None = None
    summary: bool = False
    summary_only: bool = False
    group_by: str | None = None
    min_group: int = 3
    jobs: int = 0
    quiet: bool = False
    record: bool = False
    db: Path | None = None
    respondent_column: str | None = None
    table: TableOptions | None = None  # how to read tables: delimiter, encoding, sheet, map
    norm: Norm | None = None  # --norms: percentiles of every result and group in it

    @property
    def wants_summary(self) -> bool:
        """Whether a summary is asked for (--summary, --summary-only or --group-by)."""
        return self.summary or self.summary_only or self.group_by is not None


def check_options(options: BatchOptions) -> None:
    """Reject a combination of options that cannot be honoured, before any work."""
    if options.output_format is OutputFormat.xlsx and options.output is None:
        raise UsageError(_("a workbook (--format xlsx) needs --output FILE.xlsx"))
    if (
        options.wants_summary
        and options.output_format is OutputFormat.csv
        and not options.summary_only
    ):
        raise UsageError(
            _(
                "CSV holds either results or a summary: use --summary-only, or --format json, "
                "ndjson or table for both"
            )
        )
    if options.respondent_column and not options.record:
        raise UsageError(_("--respondent-column keys the recorded audits: add --record"))


def run_batch(paths: Sequence[str], q: Questionnaire, options: BatchOptions) -> ExitCode:
    """Score every input in order and write the chosen format; the exit code says how it went."""
    from ..output import atomic_writer, check_writable

    check_options(options)
    if options.output is not None:
        check_writable(options.output, options.force)
    fmt = options.output_format
    color = options.output is None and fmt is OutputFormat.table and sys.stdout.isatty()
    builder: SummaryBuilder | None = None
    renderer: Renderer
    if options.wants_summary or fmt is OutputFormat.xlsx:
        # The summary accumulates as outcomes stream by; with --summary-only no
        # results renderer exists, so nothing per respondent is kept.
        renderer, builder = summary_renderer_for(
            fmt,
            q,
            options.group_by,
            options.summary_only,
            color=color,
            min_group=options.min_group,
            norm=options.norm,
        )
    else:
        renderer = renderer_for(fmt, q, color=color, norm=options.norm)
    sources = list(expand(paths, options.input_format, options.table, note=err))
    recorder = None
    if options.record:
        from ..history.service import Recorder

        # Opened before scoring, so a database that cannot be used stops the command early.
        recorder = Recorder(options.db, q.language, options.respondent_column)
    progress = BatchProgress(len(sources), enabled=not options.quiet)
    job = _Job(q, renderer, sources, options, progress, recorder, builder)
    try:
        if fmt is OutputFormat.xlsx and options.output is not None:
            from ..output import write_atomic
            from ..render.data.xlsx_format import XlsxRenderer

            job.run(_discard)
            assert isinstance(renderer, XlsxRenderer)
            write_atomic(options.output, renderer.to_bytes(), force=options.force)
        elif options.output is None:
            job.run(sys.stdout.write)
            sys.stdout.flush()
        else:
            with atomic_writer(options.output, force=options.force) as handle:
                job.run(handle.write)
    finally:
        progress.close()
        if recorder is not None:
            recorder.close()
    if builder is not None and options.group_by is not None:
        _warn_ungrouped(builder, options.group_by)
    recording_failed = recorder is not None and recorder.failed
    return ExitCode.INPUT if job.failed or recording_failed else ExitCode.OK


def _discard(text: str) -> int:
    """A writer for renderers that build a file instead of text (the workbook)."""
    return len(text)


class _Job:
    """One batch run: feeds outcomes to the renderer and counts the rejected inputs."""

    def __init__(
        self,
        q: Questionnaire,
        renderer: Renderer,
        sources: list[Source | InputError],
        options: BatchOptions,
        progress: BatchProgress,
        recorder: Recorder | None,
        builder: SummaryBuilder | None = None,
    ) -> None:
        self.q = q
        self.builder = builder
        self.renderer = renderer
        self.sources = sources
        self.options = options
        self.progress = progress
        self.recorder = recorder
        self.failed = 0
        self.stream = options.output_format is OutputFormat.ndjson and options.output is None
        self.flushed = time.monotonic()
        self.looked: set[str | None] = set()
        self.shadowed = False

    def _parallel_workers(self, sources: list[Source | InputError]) -> int:
        """How many worker processes to use; 0 when the batch runs in this process."""
        from .parallel import worth_parallel

        options = self.options
        workers = options.jobs or os.cpu_count() or 1
        parallel = (
            workers > 1
            and not options.wants_summary
            and not options.record  # recording needs each result here, not text from a worker
            and options.norm is None  # percentiles are added here
            and options.output_format in (OutputFormat.json, OutputFormat.ndjson)
            and worth_parallel(sources)
        )
        return workers if parallel else 0

    def _columnar(self) -> Engine | None:
        """The engine that reads big CSV files by columns, when it applies to this run."""
        if not any(isinstance(s, Source) and s.kind == "csv" for s in self.sources):
            return None  # nothing to read by columns: the engine is not even imported
        from . import columnar

        options, fmt = self.options, self.options.output_format
        rows = not options.wants_summary and fmt in (OutputFormat.json, OutputFormat.ndjson)
        summary = options.summary_only and fmt is not OutputFormat.xlsx
        if options.record or options.norm is not None or not (rows or summary):
            return None  # recording and percentiles need each result
        if not columnar.usable(self.q):
            return None
        if not any(columnar.suits(s) for s in self.sources) or not columnar.engine_installed():
            return None
        return columnar.Engine(self.q)

    def _emit(self, write: Callable[[str], object], piece: str) -> None:
        write(piece)
        # NDJSON streams: the first lines reach the reader at once, then about
        # ten times a second (a flush per line would cost more than the scoring).
        if self.stream and (
            self.failed + self.progress.respondents <= 1 or time.monotonic() - self.flushed > 0.1
        ):
            sys.stdout.flush()
            self.flushed = time.monotonic()

    def run(self, write: Callable[[str], object]) -> None:
        """Render every outcome through `write`."""
        write(self.renderer.start())
        engine = self._columnar()
        if engine is None:
            self._run_sources(write, self.sources)
        else:
            from . import columnar
            from .parallel import _ours

            wide = [isinstance(s, Source) and columnar.suits(s) and _ours(s) for s in self.sources]
            start = 0
            for by_columns, run in itertools.groupby(range(len(wide)), key=wide.__getitem__):
                count = len(list(run))
                sources = self.sources[start : start + count]
                start += count
                if by_columns:
                    for source in sources:
                        assert isinstance(source, Source)
                        self._run_columns(write, engine, source)
                else:
                    self._run_sources(write, sources)
        write(self.renderer.end())

    def _run_sources(
        self, write: Callable[[str], object], sources: list[Source | InputError]
    ) -> None:
        workers = self._parallel_workers(sources)
        if workers:
            self._run_parallel(write, workers, sources)
        else:
            self._run_here(write, sources)

    def _run_columns(self, write: Callable[[str], object], engine: Engine, source: Source) -> None:
        """One big CSV file: blocks read by columns, the rest by the reference reader."""
        from ..render.data.json_format import JsonRenderer, NdjsonRenderer, dumps
        from . import columnar
        from .columnar import Block

        name = dumps(source.name)
        if self.builder is None:
            size = columnar.BLOCK_BYTES
        elif self.options.group_by is None:
            size = columnar.SUMMARY_BLOCK_BYTES
        else:
            size = columnar.GROUPED_BLOCK_BYTES
        for item in engine.outcomes_and_blocks(source, size):
            if not isinstance(item, Block):
                self._one(write, item)
                continue
            layout = item.layout
            self._look(source.name, [name for _i, name in layout.meta_cols])
            count = item.frame.height
            if self.builder is not None:
                engine.tally(item, self.builder, self.options.group_by)
            else:
                assert isinstance(self.renderer, (JsonRenderer, NdjsonRenderer))
                texts = engine.json_texts(item, name)
                for start in range(0, count, WRITE_ROWS):
                    part = texts.slice(start, WRITE_ROWS)
                    joined = self.renderer.items_json(partial(_joined, part), part.len())
                    self._emit(write, joined)
            self.progress.advance(count)
        if self.builder is not None:
            engine.flush(self.builder)

    def _run_parallel(
        self, write: Callable[[str], object], workers: int, sources: list[Source | InputError]
    ) -> None:
        from ..render.data.json_format import JsonRenderer, NdjsonRenderer, outcome_to_json
        from .parallel import Joined, render_parallel

        assert isinstance(self.renderer, (JsonRenderer, NdjsonRenderer))
        item_json = self.renderer.item_json
        for block in render_parallel(sources, self.q, workers, outcome_to_json):
            if isinstance(block, Joined):
                for _place, line in block.errors:
                    self.failed += 1
                    err(line)
                if block.number:
                    self._emit(write, self.renderer.items_json(block.join, block.number))
                self.progress.advance(block.number)
                continue
            for _text, error_line in block:
                if error_line is not None:
                    self.failed += 1
                    err(error_line)
            self._emit(write, "".join([item_json(text) for text, _error in block]))
            self.progress.advance(len(block))

    def _run_here(self, write: Callable[[str], object], sources: list[Source | InputError]) -> None:
        for outcome in score_all(sources, self.q):
            self._one(write, outcome)

    def _one(self, write: Callable[[str], object], outcome: Result | InputError) -> None:
        if isinstance(outcome, InputError):
            self.failed += 1
            err(str(outcome))
        else:
            self._look_at_columns(outcome)
            if self.recorder is not None:
                self.recorder.add(outcome)
        piece = self.renderer.item(outcome)
        if piece:
            self._emit(write, piece)
        self.progress.advance()

    def _look_at_columns(self, result: Result) -> None:
        """Say once per input what its own columns may be mistaken for: a column named like a
        section (kept as metadata, not ratings), and the --group-by field it shadows."""
        self._look(result.answers.source, list(result.answers.metadata))

    def _look(self, source: str | None, metadata: list[str]) -> None:
        if source in self.looked:
            return
        self.looked.add(source)
        sections = {s.id for s in self.q.sections}
        for name in metadata:
            if name in sections:
                message = _(
                    "{source}: the column {name!r} is kept as metadata; ratings are in the "
                    "columns {name}.1, {name}.2 …"
                )
                err(message.format(source=source, name=name))
        field = self.options.group_by
        if field is None:
            return
        from ..summary import BUILTIN_FIELDS  # only a summary has a --group-by

        if field in BUILTIN_FIELDS and field in metadata and not self.shadowed:
            self.shadowed = True
            message = _(
                "--group-by {field}: grouped by the answers' own {field}; for the input's "
                "column of that name use --group-by metadata.{field}"
            )
            err(message.format(field=field))


#: Rows of a block's JSON written at a time: the text held by Python at once stays small.
WRITE_ROWS = 1000


def _joined(texts: Any, separator: str) -> str:
    """A column of texts (a polars Series) joined by `separator`."""
    return str(texts.str.join(separator).item())


def _warn_ungrouped(builder: SummaryBuilder, field: str) -> None:
    """A --group-by field that no scored respondent has is most likely a typo: say so."""
    from ..summary import NO_GROUP

    if builder.group_names() == [NO_GROUP]:
        err(
            _(
                "Warning: no scored respondent has the field {field!r}; "
                "all are in the group (none)."
            ).format(field=field)
        )

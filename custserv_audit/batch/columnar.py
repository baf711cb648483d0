"""Big answer CSVs in the tool's own layout, read by columns (polars, the `fast` extra).

The pure-Python reader (`schema.csv_input`) is the reference. Here a file is read in
blocks of whole lines; a block is taken by columns only when every check holds for the
whole block at once:

- no quote, no carriage return but in a CRLF line end, no blank line, UTF-8 throughout,
  no byte order mark at its start;
- every line has exactly the header's number of cells;
- every rating cell is exactly the text of a point of the scale;
- no text cell needs escaping in JSON (no backslash, no control character), no line is
  over the size cap, the questionnaire column is empty or the questionnaire's id, and
  every date is a valid ISO date.

Any other block goes to the reference reader, row by row, so every message, row and
column is exactly the one the reference gives; from a block holding a quote (a cell may
span lines) the rest of the file goes there. Scores, totals and bands are exact:
integer sums scaled by the lcm of the section sizes, and each section's JSON piece is
looked up by the pattern of its ratings, made once by the reference renderer.
"""

from __future__ import annotations

import importlib.util
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..model import Questionnaire, Result
from ..parsing import MAX_BYTES
from ..render.data.json_format import dumps, section_tail
from ..schema.answers import check_date
from ..schema.csv_input import CsvLayout, csv_blocks, header_layout, read_csv
from ..scoring import band_of_scaled, rounded_ratio, score, scoring_plan
from ..sources import Source, open_input, unreadable
from ..stats.quality import long_string_length
from ..summary import NO_GROUP, GroupTally, SummaryBuilder
from .scoring import score_block, score_rest

if TYPE_CHECKING:
    import polars as pl

#: Files smaller than this are read by the reference reader: the engine's import costs more.
MIN_BYTES = 4 << 20
#: Bytes read at a time (then up to the end of the line) for per-respondent output: a
#: block's JSON is about 13 times its CSV, so this keeps the peak flat and low.
BLOCK_BYTES = 1 << 18
#: The same for the summary (4 MiB), whose blocks become a few sums: fewer, bigger blocks
#: (each block costs polars about 18 ms besides its rows: 1.5 MiB took 2.3 s for a
#: million rows, 4 MiB 1.7 s, for about 30 MB more peak memory).
SUMMARY_BLOCK_BYTES = 4 << 20
#: With --group-by (512 KiB): grouping by a text column holds more per block.
GROUPED_BLOCK_BYTES = 1 << 19
#: Per-group sums kept by columns are handed to the summary when they reach this many
#: rows (grouping by respondent, say), else at the end of each file.
PENDING_ROWS = 200_000
#: Blocks' sums are merged into one frame every this many blocks.
MERGE_EVERY = 16
#: A section with more rating patterns than this is not looked up (custom questionnaires).
MAX_PATTERNS = 50_000
#: The weakest sections are looked up by a bit mask of the sections: at most this many.
MAX_SECTIONS = 12

Outcome = Result | InputError


def engine_installed() -> bool:
    """Whether polars can be imported (looked up without importing it)."""
    return importlib.util.find_spec("polars") is not None


def suits(source: Source | InputError) -> bool:
    """Whether an input is a CSV file big enough to be read by columns."""
    if isinstance(source, InputError) or source.path is None:
        return False
    if source.kind != "csv" or source.table is not None:
        return False
    try:
        return source.path.stat().st_size >= MIN_BYTES
    except OSError:
        return False


def usable(questionnaire: Questionnaire) -> bool:
    """Whether the questionnaire's sections are few and small enough for lookup tables."""
    points = questionnaire.scale.high - questionnaire.scale.low + 1
    return len(questionnaire.sections) <= MAX_SECTIONS and all(
        points ** len(s.items) <= MAX_PATTERNS for s in questionnaire.sections
    )


@dataclass(frozen=True)
class Block:
    """A block of rows that passed every check, as columns (`c0` … in header order)."""

    frame: pl.DataFrame
    first_row: int
    layout: CsvLayout


@dataclass(frozen=True)
class _Lookups:
    """Tables indexed by position: per section its JSON piece by the code of its ratings;
    the total's piece by the scaled total less the lowest; the weakest by their bit mask."""

    tails: list[pl.Series]
    totals: pl.Series
    weakest: pl.Series


class Engine:
    """The questionnaire's lookup tables and the checks, for every file of a run."""

    def __init__(self, questionnaire: Questionnaire) -> None:

        self.q = questionnaire
        plan = scoring_plan(questionnaire)
        self.denominator = plan.denominator
        self.top = plan.top
        self.low = questionnaire.scale.low
        self.high = questionnaire.scale.high
        self.points = questionnaire.scale.high - self.low + 1
        self.valid = [str(v) for v in range(self.low, questionnaire.scale.high + 1)]
        self.factors = plan.factors
        self.ids = [dumps(s.id) for s in questionnaire.sections]
        sizes = plan.sizes
        lowest = sum(self.low * k * f for k, f in zip(sizes, self.factors, strict=True))
        highest = sum(
            questionnaire.scale.high * k * f for k, f in zip(sizes, self.factors, strict=True)
        )
        self.totals = range(lowest, highest + 1)
        self.band_index = {b.id: i for i, b in enumerate(questionnaire.bands)}
        self.band_of = {
            t: self.band_index[band_of_scaled(questionnaire, t).id] for t in self.totals
        }
        self._tails: list[dict[int, str]] | None = None
        self._decoded: list[dict[int, tuple[int, ...]]] | None = None
        self._lookups: _Lookups | None = None
        self._bands: pl.Series | None = None
        self._pending: _Pending | None = None

    # --- reading -----------------------------------------------------------------------

    def outcomes_and_blocks(
        self, source: Source, block_bytes: int | None = None
    ) -> Iterator[Block | Outcome]:
        """A CSV file as blocks read by columns and, where a check fails, reference outcomes."""
        assert source.path is not None
        name = source.name
        try:
            with open_input(source.path) as handle:
                yield from self._file(handle, name, block_bytes or BLOCK_BYTES)
        except InputError as exc:
            yield exc
        except OSError as exc:
            yield InputError(name, unreadable(exc))

    def _file(self, handle: Any, name: str, block_bytes: int) -> Iterator[Block | Outcome]:
        layout = header_layout(handle, name, self.q)
        if layout is None:  # a header cell may span lines: the reference reads the file
            for answers in read_csv(handle, name, self.q):
                yield answers if isinstance(answers, InputError) else score(self.q, answers)
            return
        checker = _Checker(self, layout)
        for block in csv_blocks(handle, layout.end, block_bytes):
            if block.rest:  # the rest of the file, record by record
                yield from score_rest(block, handle, layout)
                return
            frame = checker.check(block.data)
            if frame is not None:
                yield Block(frame, block.row, layout)
            elif (yield from score_block(block, layout)):
                return

    # --- per-respondent JSON -------------------------------------------------------------

    def tails(self) -> list[dict[int, str]]:
        """Per section: pattern code -> the JSON of the section (its head, score, answers)."""
        if self._tails is None:
            heads = _section_heads(self.q)
            tables = []
            for section, head in zip(self.q.sections, heads, strict=True):
                table = {}
                for combo in itertools.product(range(self.points), repeat=len(section.items)):
                    ratings = tuple(self.low + v for v in combo)
                    table[self._code(combo)] = head + section_tail(sum(ratings), ratings)
                tables.append(table)
            self._tails = tables
        return self._tails

    def _code(self, offsets: tuple[int, ...]) -> int:
        return sum(v * self.points**i for i, v in enumerate(offsets))

    def json_texts(self, block: Block, source_json: str) -> pl.Series:
        """The JSON text of every row of a block, as the reference renderer writes it.

        Every piece that depends on the ratings is looked up by position (`gather`) in a
        table made once: a section's piece by the code of its ratings, the total's piece
        by the scaled total, the weakest sections by the set of sections at the lowest
        score (a bit mask).
        """
        import polars as pl

        layout = block.layout
        lookups = self._json_lookups()
        count = len(self.q.sections)
        scaled = [pl.col(f"s{i}") for i in range(count)]
        lowest = pl.min_horizontal(scaled)
        mask = (
            pl.when(lowest >= self.top)
            .then(0)
            .otherwise(
                pl.sum_horizontal(
                    [(v == lowest).cast(pl.Int64) * (1 << i) for i, v in enumerate(scaled)]
                )
            )
        )
        parts: list[Any] = [
            pl.lit('{"source": ' + source_json + ', "row": '),
            pl.int_range(block.first_row, block.first_row + pl.len()).cast(pl.String),
            pl.lit(', "respondent": '),
            _quoted_or_null(pl.col(f"c{layout.respondent_col}")),
            pl.lit(', "date": '),
            pl.lit("null")
            if layout.date_col is None
            else _quoted_or_null(pl.col(f"c{layout.date_col}")),
            pl.lit(_questionnaire_piece(self.q)),
        ]
        for i, table in enumerate(lookups.tails):
            parts.append(pl.lit(table).gather(pl.col(f"p{i}")))
        parts += [
            pl.lit(lookups.totals).gather(pl.sum_horizontal(scaled) - self.totals.start),
            pl.lit(lookups.weakest).gather(mask),
            pl.lit('], "metadata": '),
        ]
        if layout.meta_cols:
            parts.append(pl.lit("{"))
            for n, (i, name) in enumerate(layout.meta_cols):
                sep = ", " if n else ""
                parts += [pl.lit(sep + dumps(name) + ': "'), pl.col(f"c{i}"), pl.lit('"')]
            parts.append(pl.lit("}}"))
        else:
            parts.append(pl.lit("{}}"))
        return (
            self._measures(block).select(pl.concat_str(parts).alias("json")).collect().to_series()
        )

    def _measures(self, block: Block) -> pl.LazyFrame:
        """The block's cells (empty text cells as ''), and per row and section the code of
        its ratings (`p0` …) and its scaled points (`s0` …)."""
        codes, points = self._codes_and_points(block.layout)
        scaled = [
            (m * f).alias(f"s{n}")
            for n, (m, f) in enumerate(zip(points, self.factors, strict=True))
        ]
        return self._ints(block).with_columns(*codes, *scaled)

    def _ints(self, block: Block) -> pl.LazyFrame:
        """The block's cells, empty text cells as '' and rating cells as numbers
        (`r0` … in questionnaire order)."""
        import polars as pl

        layout = block.layout
        cells = [col for _sid, columns in layout.plan for col, _item in columns]
        texts = text_columns(layout)
        frame = block.frame.lazy()
        if texts:  # an empty cell is read as null
            frame = frame.with_columns(pl.col(texts).fill_null(""))
        return frame.with_columns(
            pl.col(f"c{col}").cast(pl.Int64).alias(f"r{n}") for n, col in enumerate(cells)
        )

    def _codes_and_points(self, layout: CsvLayout) -> tuple[list[pl.Expr], list[pl.Expr]]:
        """Per section, over the columns of `_ints`: the code of its ratings (`p0` …) and
        its points (`m0` …)."""
        import polars as pl

        codes, points, start = [], [], 0
        for n, (_sid, columns) in enumerate(layout.plan):
            cells = [pl.col(f"r{start + i}") for i in range(len(columns))]
            start += len(columns)
            codes.append(
                pl.sum_horizontal(
                    [(c - self.low) * self.points**i for i, c in enumerate(cells)]
                ).alias(f"p{n}")
            )
            points.append(pl.sum_horizontal(cells).alias(f"m{n}"))
        return codes, points

    def _json_lookups(self) -> _Lookups:
        import polars as pl

        if self._lookups is None:
            tails = [
                pl.Series([table[code] for code in range(len(table))], dtype=pl.String)
                for table in self.tails()
            ]
            pieces = self._total_pieces()
            totals = pl.Series([pieces[t] for t in self.totals], dtype=pl.String)
            weakest = pl.Series(
                [
                    ", ".join(i for n, i in enumerate(self.ids) if mask >> n & 1)
                    for mask in range(1 << len(self.ids))
                ],
                dtype=pl.String,
            )
            self._lookups = _Lookups(tails, totals, weakest)
        return self._lookups

    def _total_pieces(self) -> dict[int, str]:
        """Scaled total -> `], "total": …, "band": …, "weakest": [`."""
        from ..render.data.json_format import band_pieces

        bands = band_pieces(self.q)
        ids = [b.id for b in self.q.bands]
        return {
            t: '], "total": '
            + repr(rounded_ratio(t, self.denominator))
            + bands[ids[self.band_of[t]]]
            + ', "weakest": ['
            for t in self.totals
        }

    # --- the summary ---------------------------------------------------------------------

    def tally(self, block: Block, builder: SummaryBuilder, group_by: str | None) -> None:
        """Add a block's exact sums to the summary, per group, and its flagged rows.

        The sums and the counts of rating patterns are kept by columns across blocks
        (`_Pending`) and handed to the summary by `flush`, or when they grow.
        """
        import polars as pl

        layout = block.layout
        key = group_expr(layout, group_by)
        codes, points = self._codes_and_points(layout)
        count = len(points)
        scaled = [m * f for m, f in zip(points, builder.factors, strict=True)]
        keys = [] if key is None else ["key"]  # without groups, no key to group by
        ints = self._ints(block).select(
            *[] if key is None else [key.alias("key")],
            pl.int_range(block.first_row, block.first_row + pl.len()).alias("row"),
            pl.col(f"c{layout.respondent_col}").alias("respondent"),
            pl.col("^r[0-9]+$"),
        )
        frame = ints.select(
            *keys,
            *codes,
            *points,
            pl.sum_horizontal(scaled).alias(f"m{count}"),
        ).with_columns(
            pl.lit(self._band_lookup())
            .gather(
                pl.sum_horizontal([pl.col(f"m{n}") * f for n, f in enumerate(self.factors)])
                - self.totals.start
            )
            .alias("band")
        )
        names = [f"m{i}" for i in range(count + 1)]
        sums = [
            pl.len().alias("count"),
            *[pl.col(n).sum().alias(f"sum_{n}") for n in names],
            *[(pl.col(n) * pl.col(n)).sum().alias(f"sq_{n}") for n in names],
            *[pl.col(n).min().alias(f"lo_{n}") for n in names],
            *[pl.col(n).max().alias(f"hi_{n}") for n in names],
            *[(pl.col("band") == b).sum().alias(f"band_{b}") for b in range(len(self.q.bands))],
        ]
        if key is None:
            one = pl.lit(NO_GROUP).alias("key")
            queries = [
                frame.select(one, *sums),
                *[frame.group_by(f"p{i}").len().select(one, pl.all()) for i in range(count)],
            ]
        else:
            queries = [
                frame.group_by("key").agg(*sums),
                *[frame.group_by("key", f"p{i}").len() for i in range(count)],
            ]
        queries.append(self._flag_candidates(ints, layout))
        aggregates, *patterns, flagged = pl.collect_all(queries)
        pending = self._pending
        if pending is None or pending.key != group_by:
            pending = self._pending = _Pending(group_by, names, len(self.q.bands), count)
        pending.add(aggregates, patterns)
        self._add_flagged(flagged, builder, key is not None, layout)
        if pending.rows > PENDING_ROWS:
            self.flush(builder)

    def flush(self, builder: SummaryBuilder) -> None:
        """Hand the sums kept since the last flush to the summary."""
        pending, self._pending = self._pending, None
        if pending is None:
            return
        decode = self._decoders()
        for key, tally in pending.tallies(decode):
            builder.add_tally(key, tally)

    def _band_lookup(self) -> pl.Series:
        """Band index by scaled total less the lowest total."""
        import polars as pl

        if self._bands is None:
            self._bands = pl.Series([self.band_of[t] for t in self.totals], dtype=pl.Int64)
        return self._bands

    def _decoders(self) -> list[dict[int, tuple[int, ...]]]:
        """Per section: pattern code -> the ratings."""
        if self._decoded is None:
            self._decoded = self._make_decoders()
        return self._decoded

    def _make_decoders(self) -> list[dict[int, tuple[int, ...]]]:
        return [
            {
                self._code(combo): tuple(self.low + v for v in combo)
                for combo in itertools.product(range(self.points), repeat=len(s.items))
            }
            for s in self.q.sections
        ]

    def _flag_candidates(self, ints: pl.LazyFrame, layout: CsvLayout) -> pl.LazyFrame:
        """Rows that may carry a quality flag: a necessary condition, by columns (each such
        row is then checked by the reference rule)."""
        import polars as pl

        n = sum(len(columns) for _sid, columns in layout.plan)
        flat = [pl.col(f"r{i}") for i in range(n)]
        if n < 2:
            return ints.head(0)
        maybe = pl.all_horizontal([v == flat[0] for v in flat[1:]])
        needed = long_string_length(n)
        if needed < n:
            middle = flat[n - needed : needed]
            maybe = maybe | pl.all_horizontal([v == middle[0] for v in middle[1:]])
        if n >= 4:
            even = [v == flat[0] for v in flat[2::2]]
            odd = [v == flat[1] for v in flat[3::2]]
            maybe = maybe | ((flat[1] != flat[0]) & pl.all_horizontal([*even, *odd]))
        return ints.filter(maybe)

    def _add_flagged(
        self, found: pl.DataFrame, builder: SummaryBuilder, grouped: bool, layout: CsvLayout
    ) -> None:
        """Each candidate row's flags, by the reference rule, in row order."""
        sizes = [len(columns) for _sid, columns in layout.plan]
        for record in found.iter_rows():
            if not grouped:
                record = (NO_GROUP, *record)
            group, row, respondent = record[0], record[1], record[2]
            values = record[3:]
            ratings = []
            start = 0
            for k in sizes:
                ratings.append(tuple(values[start : start + k]))
                start += k
            builder.add_flagged(
                group if grouped else None, ratings, layout.source, row, respondent or None
            )


class _Pending:
    """Per-group sums and rating-pattern counts of blocks not yet handed to the summary,
    as small frames merged now and then (all integers: merging is exact)."""

    def __init__(self, key: str | None, names: list[str], bands: int, sections: int) -> None:
        self.key = key
        self.names = names
        self.bands = bands
        self.aggregates: list[pl.DataFrame] = []
        self.patterns: list[list[pl.DataFrame]] = [[] for _ in range(sections)]
        self.rows = 0
        self._merged_at = 0

    def add(self, aggregates: pl.DataFrame, patterns: list[pl.DataFrame]) -> None:
        self.aggregates.append(aggregates)
        for found, frame in zip(self.patterns, patterns, strict=True):
            found.append(frame)
        self.rows += aggregates.height + sum(p.height for p in patterns)
        if len(self.aggregates) >= MERGE_EVERY:
            self._merge()

    def _merge(self) -> None:
        import polars as pl

        names = self.names
        self.aggregates = [
            pl.concat(self.aggregates)
            .group_by("key")
            .agg(
                pl.col("count").sum(),
                *[pl.col(f"sum_{n}").sum() for n in names],
                *[pl.col(f"sq_{n}").sum() for n in names],
                *[pl.col(f"lo_{n}").min() for n in names],
                *[pl.col(f"hi_{n}").max() for n in names],
                *[pl.col(f"band_{b}").sum() for b in range(self.bands)],
            )
        ]
        self.patterns = [
            [pl.concat(found).group_by("key", f"p{i}").agg(pl.col("len").sum())]
            for i, found in enumerate(self.patterns)
        ]
        self.rows = self.aggregates[0].height + sum(p[0].height for p in self.patterns)

    def tallies(
        self, decode: list[dict[int, tuple[int, ...]]]
    ) -> Iterator[tuple[str | None, GroupTally]]:
        """Every group's tally."""
        if not self.aggregates:
            return
        self._merge()
        names = self.names
        patterns: dict[str, list[dict[tuple[int, ...], int]]] = {}
        for i, (found,) in enumerate(self.patterns):
            table = decode[i]
            for group, code, n in found.iter_rows():
                groups = patterns.setdefault(group, [{} for _ in self.patterns])
                groups[i][table[code]] = n
        for record in self.aggregates[0].iter_rows(named=True):
            group = record["key"]
            yield (
                None if self.key is None else group,
                GroupTally(
                    count=record["count"],
                    sums=tuple(record[f"sum_{n}"] for n in names),
                    squares=tuple(record[f"sq_{n}"] for n in names),
                    lows=tuple(record[f"lo_{n}"] for n in names),
                    highs=tuple(record[f"hi_{n}"] for n in names),
                    bands=tuple(record[f"band_{b}"] for b in range(self.bands)),
                    patterns=tuple(patterns[group]),
                ),
            )


class _Checker:
    """The checks of one file's blocks (see the module's docstring).

    When every point of the scale is written with one character (a 1-5 scale), rating
    cells are read as numbers: a block passes when every one is a number of the scale
    and the cells' bytes add up to exactly one byte per rating cell besides the text
    cells, so each rating cell is exactly one digit (never `03`, `+3` or ` 3`).
    Otherwise they are read as text and compared with the scale's points.
    """

    def __init__(self, engine: Engine, layout: CsvLayout) -> None:
        import polars as pl

        self.engine = engine
        self.layout = layout
        self.width = layout.width
        rating_cols = {col for _sid, columns in layout.plan for col, _item in columns}
        self.ratings = [f"c{i}" for i in sorted(rating_cols)]
        self.texts = [f"c{i}" for i in range(layout.width) if i not in rating_cols]
        self.digits = all(len(v) == 1 for v in engine.valid)
        number = pl.Int64 if self.digits else pl.String
        self.schema = {
            f"c{i}": number if i in rating_cols else pl.String for i in range(layout.width)
        }
        self.checks = self._checks()

    def _checks(self) -> list[pl.Expr]:
        """Whether a block passes every check of its cells (an empty text cell is read as
        null); and the bytes of its text cells."""
        import polars as pl

        engine, layout, texts = self.engine, self.layout, self.texts
        if self.digits:
            ratings = [pl.col(c).is_between(engine.low, engine.high) for c in self.ratings]
        else:
            ratings = [pl.col(c).fill_null("").is_in(engine.valid) for c in self.ratings]
        checks = [pl.all_horizontal(ratings).fill_null(False).all()]  # null: an empty cell
        lengths = pl.sum_horizontal([pl.col(c).str.len_bytes().cast(pl.Int64) for c in texts])
        if texts:
            widest = lengths.max() + len(self.ratings) * len(max(engine.valid, key=len))
            checks.append(widest + self.width + 1 <= MAX_BYTES)
            bad = pl.any_horizontal([pl.col(c).str.contains(r"[\x00-\x1f\\]") for c in texts])
            checks.append(~bad.any())
        if layout.qid_col is not None:
            checks.append(pl.col(f"c{layout.qid_col}").is_in(["", engine.q.id]).all())
        return [
            pl.all_horizontal(checks).alias("passed"),
            (lengths.sum() if texts else pl.lit(0, dtype=pl.Int64)).alias("bytes"),
        ]

    def check(self, block: bytes) -> pl.DataFrame | None:
        """The block's cells, or None when the reference reader must read it."""
        returns = block.count(b"\r")
        if returns != block.count(b"\r\n"):
            return None
        if block.startswith((b"\n", b"\r\n")) or b"\n\n" in block or b"\n\r\n" in block:
            return None
        if block.startswith(b"\xef\xbb\xbf"):  # the engine would drop it as a file's BOM
            return None
        newlines = block.count(b"\n")
        lines = newlines + (0 if block.endswith(b"\n") else 1)
        commas = block.count(b",")
        if commas != lines * (self.width - 1):
            return None
        try:
            block.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return self._cells(block, lines, len(block) - commas - newlines - returns)

    def _cells(self, block: bytes, lines: int, cell_bytes: int) -> pl.DataFrame | None:
        import polars as pl

        layout = self.layout
        try:
            # A line with more cells than the header is an error here; one with fewer is
            # ruled out by the count of commas above (no line has more, so none has fewer).
            # A rating cell that is not a whole number is an error here too.
            frame = pl.read_csv(
                io.BytesIO(block),
                has_header=False,
                quote_char=None,
                schema=self.schema,
            )
        except pl.exceptions.PolarsError:
            return None
        if frame.height != lines:
            return None
        passed, text_bytes = frame.select(self.checks).row(0)
        if not passed:
            return None
        if self.digits and (text_bytes or 0) + lines * len(self.ratings) != cell_bytes:
            return None
        if layout.date_col is not None:
            dates = frame.get_column(f"c{layout.date_col}").unique().to_list()
            if any(d and check_date(d) != d for d in dates):
                return None
        return frame


def _quoted_or_null(cell: pl.Expr) -> pl.Expr:
    import polars as pl

    return (
        pl.when(cell == "")
        .then(pl.lit("null"))
        .otherwise(pl.concat_str([pl.lit('"'), cell, pl.lit('"')]))
    )


def _section_heads(questionnaire: Questionnaire) -> list[str]:
    from ..render.data.json_format import section_heads

    return section_heads(questionnaire)


def _questionnaire_piece(questionnaire: Questionnaire) -> str:
    from ..render.data.json_format import questionnaire_piece

    return questionnaire_piece(questionnaire)


def text_columns(layout: CsvLayout) -> list[str]:
    """The names of a block's columns that are not ratings."""
    ratings = {col for _sid, columns in layout.plan for col, _item in columns}
    return [f"c{i}" for i in range(layout.width) if i not in ratings]


def group_column(layout: CsvLayout, field: str, source: str) -> tuple[str, Any]:
    """Where a row's --group-by value comes from, as `summary.group_key` finds it:
    ('column', index), ('constant', value)."""
    meta = {name: i for i, name in layout.meta_cols}
    if field == "respondent":
        return "column", layout.respondent_col
    if field == "date":
        return (
            ("column", layout.date_col) if layout.date_col is not None else ("constant", NO_GROUP)
        )
    if field == "source":
        return "constant", source or NO_GROUP
    if field.startswith("metadata.") and field not in meta:
        field = field.removeprefix("metadata.")
    if field in meta:
        return "column", meta[field]
    return "constant", NO_GROUP


def group_expr(layout: CsvLayout, field: str | None) -> pl.Expr | None:
    """The --group-by key of every row as an expression (None without --group-by)."""
    import polars as pl

    if field is None:
        return None
    kind, value = group_column(layout, field, layout.source)
    if kind == "column":
        return pl.col(f"c{value}")
    return pl.lit(value, dtype=pl.String)

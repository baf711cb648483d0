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
#: Bytes read at a time (then up to the end of the line): memory stays flat.
BLOCK_BYTES = 1 << 20
#: A section with more rating patterns than this is not looked up (custom questionnaires).
MAX_PATTERNS = 50_000

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
    """Whether the questionnaire's sections are small enough for pattern tables."""
    points = questionnaire.scale.high - questionnaire.scale.low + 1
    return all(points ** len(s.items) <= MAX_PATTERNS for s in questionnaire.sections)


@dataclass(frozen=True)
class Block:
    """A block of rows that passed every check, as columns (`c0` … in header order)."""

    frame: pl.DataFrame
    first_row: int
    layout: CsvLayout


class Engine:
    """The questionnaire's lookup tables and the checks, for every file of a run."""

    def __init__(self, questionnaire: Questionnaire) -> None:

        self.q = questionnaire
        plan = scoring_plan(questionnaire)
        self.denominator = plan.denominator
        self.top = plan.top
        self.low = questionnaire.scale.low
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

    # --- reading -----------------------------------------------------------------------

    def outcomes_and_blocks(self, source: Source) -> Iterator[Block | Outcome]:
        """A CSV file as blocks read by columns and, where a check fails, reference outcomes."""
        assert source.path is not None
        name = source.name
        try:
            with open_input(source.path) as handle:
                yield from self._file(handle, name)
        except InputError as exc:
            yield exc
        except OSError as exc:
            yield InputError(name, unreadable(exc))

    def _file(self, handle: Any, name: str) -> Iterator[Block | Outcome]:
        layout = header_layout(handle, name, self.q)
        if layout is None:  # a header cell may span lines: the reference reads the file
            for answers in read_csv(handle, name, self.q):
                yield answers if isinstance(answers, InputError) else score(self.q, answers)
            return
        checker = _Checker(self, layout)
        for block in csv_blocks(handle, layout.end, BLOCK_BYTES):
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
        """The JSON text of every row of a block, as the reference renderer writes it."""
        import polars as pl

        frame, layout = block.frame, block.layout
        codes = self._codes(layout)
        scaled = self._scaled(layout)
        lowest = pl.min_horizontal(scaled)
        weakest = (
            pl.when(lowest >= self.top)
            .then(pl.lit(""))
            .otherwise(
                pl.concat_str(
                    [
                        pl.when(v == lowest).then(pl.lit(i))
                        for v, i in zip(scaled, self.ids, strict=True)
                    ],
                    separator=", ",
                    ignore_nulls=True,
                )
            )
        )
        total = pl.sum_horizontal(scaled).replace_strict(
            self._total_pieces(), return_dtype=pl.String
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
        for code, table in zip(codes, self.tails(), strict=True):
            parts.append(code.replace_strict(table, return_dtype=pl.String))
        parts += [total, weakest, pl.lit('], "metadata": ')]
        if layout.meta_cols:
            parts.append(pl.lit("{"))
            for n, (i, name) in enumerate(layout.meta_cols):
                sep = ", " if n else ""
                parts += [pl.lit(sep + dumps(name) + ': "'), pl.col(f"c{i}"), pl.lit('"')]
            parts.append(pl.lit("}}"))
        else:
            parts.append(pl.lit("{}}"))
        return frame.select(pl.concat_str(parts).alias("json")).to_series()

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

    def _codes(self, layout: CsvLayout) -> list[pl.Expr]:
        import polars as pl

        codes = []
        for _sid, columns in layout.plan:
            code = pl.lit(0, dtype=pl.Int64)
            for i, (col, _item) in enumerate(columns):
                code = code + (pl.col(f"c{col}").cast(pl.Int64) - self.low) * self.points**i
            codes.append(code)
        return codes

    def _points(self, layout: CsvLayout) -> list[pl.Expr]:
        import polars as pl

        return [
            pl.sum_horizontal([pl.col(f"c{col}").cast(pl.Int64) for col, _item in columns])
            for _sid, columns in layout.plan
        ]

    def _scaled(self, layout: CsvLayout) -> list[pl.Expr]:
        return [p * f for p, f in zip(self._points(layout), self.factors, strict=True)]

    # --- the summary ---------------------------------------------------------------------

    def tally(self, block: Block, builder: SummaryBuilder, group_by: str | None) -> None:
        """Add a block's exact sums to the summary, per group, and its flagged rows."""
        import polars as pl

        layout = block.layout
        key = group_expr(layout, group_by)
        points = self._points(layout)
        scaled = [p * f for p, f in zip(points, builder.factors, strict=True)]
        names = [f"m{i}" for i in range(len(points) + 1)]
        codes = self._codes(layout)
        frame = block.frame.select(
            (key if key is not None else pl.lit(NO_GROUP)).alias("key"),
            *[m.alias(n) for m, n in zip([*points, pl.sum_horizontal(scaled)], names, strict=True)],
            *[c.alias(f"p{i}") for i, c in enumerate(codes)],
            pl.sum_horizontal(self._scaled(layout))
            .replace_strict(self.band_of, return_dtype=pl.Int64)
            .alias("band"),
        )
        aggregates = frame.group_by("key").agg(
            pl.len().alias("count"),
            *[pl.col(n).sum().alias(f"sum_{n}") for n in names],
            *[(pl.col(n) * pl.col(n)).sum().alias(f"sq_{n}") for n in names],
            *[pl.col(n).min().alias(f"lo_{n}") for n in names],
            *[pl.col(n).max().alias(f"hi_{n}") for n in names],
        )
        band_count = len(self.q.bands)
        bands: dict[str, list[int]] = {}
        for group, band, n in frame.group_by("key", "band").len().iter_rows():
            bands.setdefault(group, [0] * band_count)[band] = n
        decode = self._decoders()
        patterns: dict[str, list[dict[tuple[int, ...], int]]] = {}
        for i in range(len(codes)):
            table = decode[i]
            for group, code, n in frame.group_by("key", f"p{i}").len().iter_rows():
                found = patterns.setdefault(group, [{} for _ in codes])
                found[i][table[code]] = n
        for record in aggregates.iter_rows(named=True):
            group = record["key"]
            builder.add_tally(
                None if key is None else group,
                GroupTally(
                    count=record["count"],
                    sums=tuple(record[f"sum_{n}"] for n in names),
                    squares=tuple(record[f"sq_{n}"] for n in names),
                    lows=tuple(record[f"lo_{n}"] for n in names),
                    highs=tuple(record[f"hi_{n}"] for n in names),
                    bands=tuple(bands[group]),
                    patterns=tuple(patterns[group]),
                ),
            )
        self._flagged(block, builder, key)

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

    def _flagged(self, block: Block, builder: SummaryBuilder, key: pl.Expr | None) -> None:
        """Rows that may carry a quality flag (a necessary condition, by columns), then each
        such row checked by the reference rule, in row order."""
        import polars as pl

        layout = block.layout
        flat = [
            pl.col(f"c{col}").cast(pl.Int64) for _sid, columns in layout.plan for col, _i in columns
        ]
        n = len(flat)
        if n < 2:
            return
        maybe = pl.all_horizontal([v == flat[0] for v in flat[1:]])
        needed = long_string_length(n)
        if needed < n:
            middle = flat[n - needed : needed]
            maybe = maybe | pl.all_horizontal([v == middle[0] for v in middle[1:]])
        if n >= 4:
            even = [v == flat[0] for v in flat[2::2]]
            odd = [v == flat[1] for v in flat[3::2]]
            maybe = maybe | ((flat[1] != flat[0]) & pl.all_horizontal([*even, *odd]))
        sizes = [len(columns) for _sid, columns in layout.plan]
        found = (
            block.frame.with_row_index("at")
            .filter(maybe)
            .select(
                (pl.col("at") + block.first_row).alias("row"),
                pl.col(f"c{layout.respondent_col}").alias("respondent"),
                (key if key is not None else pl.lit(NO_GROUP)).alias("key"),
                *[v.alias(f"r{i}") for i, v in enumerate(flat)],
            )
        )
        for record in found.iter_rows():
            row, respondent, group = record[0], record[1], record[2]
            values = record[3:]
            ratings = []
            start = 0
            for k in sizes:
                ratings.append(tuple(values[start : start + k]))
                start += k
            builder.add_flagged(
                None if key is None else group, ratings, layout.source, row, respondent or None
            )


class _Checker:
    """The checks of one file's blocks (see the module's docstring)."""

    def __init__(self, engine: Engine, layout: CsvLayout) -> None:
        import polars as pl

        self.engine = engine
        self.layout = layout
        self.width = layout.width
        self.schema = {f"c{i}": pl.String for i in range(layout.width)}
        rating_cols = {col for _sid, columns in layout.plan for col, _item in columns}
        self.ratings = [f"c{i}" for i in sorted(rating_cols)]
        self.texts = [f"c{i}" for i in range(layout.width) if i not in rating_cols]

    def check(self, block: bytes) -> pl.DataFrame | None:
        """The block's cells, or None when the reference reader must read it."""
        if block.count(b"\r") != block.count(b"\r\n"):
            return None
        if block.startswith((b"\n", b"\r\n")) or b"\n\n" in block or b"\n\r\n" in block:
            return None
        if block.startswith(b"\xef\xbb\xbf"):  # the engine would drop it as a file's BOM
            return None
        lines = block.count(b"\n") + (0 if block.endswith(b"\n") else 1)
        if block.count(b",") != lines * (self.width - 1):
            return None
        try:
            block.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return self._cells(block, lines)

    def _cells(self, block: bytes, lines: int) -> pl.DataFrame | None:
        import polars as pl

        engine, layout = self.engine, self.layout
        try:
            # A line with more cells than the header is an error here; one with fewer is
            # ruled out by the count of commas above (no line has more, so none has fewer).
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
        frame = frame.with_columns(pl.all().fill_null(""))  # an empty cell is read as null
        checks = [pl.all_horizontal([pl.col(c).is_in(engine.valid) for c in self.ratings]).all()]
        if self.texts:
            lengths = pl.sum_horizontal([pl.col(c).str.len_bytes() for c in self.texts])
            checks.append(
                (
                    lengths.max()
                    + len(self.ratings) * len(max(engine.valid, key=len))
                    + self.width
                    + 1
                )
                <= MAX_BYTES
            )
            checks.append(
                ~pl.any_horizontal(
                    [pl.col(c).str.contains(r"[\x00-\x1f\\]") for c in self.texts]
                ).any()
            )
        if layout.qid_col is not None:
            checks.append(pl.col(f"c{layout.qid_col}").is_in(["", engine.q.id]).all())
        if not all(frame.select([c.alias(f"k{i}") for i, c in enumerate(checks)]).row(0)):
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

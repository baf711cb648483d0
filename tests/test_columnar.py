"""Big CSVs read by columns (polars) give exactly the output of the reference reader.

Whatever the file holds (a BOM, stray and quoted quotes, cells over several lines, bare
carriage returns, blank lines, bytes that are not UTF-8, ratings that are not points of
the scale, short and long rows, duplicate headers, text that JSON must escape, huge
values, bad dates), standard output, standard error and the exit code must be byte for
byte those of the pure-Python reader: per respondent (NDJSON, JSON) and for the summary
(overall and grouped).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_support import ITEMS

from custserv_audit.batch import columnar
from custserv_audit.batch import run as batch_run
from custserv_audit.batch.run import BatchOptions, run_batch
from custserv_audit.model import Questionnaire
from custserv_audit.parsing import MAX_BYTES
from custserv_audit.render.base import OutputFormat
from custserv_audit.schema.definition import load_questionnaire
from custserv_audit.summary import GroupTally, SummaryBuilder

pytest.importorskip("polars")

GOOD_RATINGS = [b"1", b"2", b"3", b"4", b"5"]
BAD_RATINGS = [b"0", b"6", b"01", b"+3", b" 3", b"", b"x", b"3.0", b"\xff"]
NAMES = [
    b"Plain",
    b"",
    b"Caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x98\x80",  # non-ASCII, U+2028, an emoji
    b'Acme 5" Oy',
    b'"Two\nlines"',
    b'"With ""quotes"", and a comma"',
    b"Bare\rCR",
    b"Caf\xe9",  # not UTF-8
    b"back\\slash",
    b"tab\there",
    b"nul\x00byte",
    b"\xef\xbb\xbfinner BOM",
]
DATES = [b"", b"2026-11-25", b"2026-02-30", b"0000-01-01", b"2026-W48-3", b"25.11.2026"]
REGIONS = [b"north", b"south", b"", b"x" * 40]


@pytest.fixture(scope="module")
def builtin_q() -> Questionnaire:
    return load_questionnaire(None, "en")


def header(extra: list[bytes]) -> list[bytes]:
    return [b"respondent", *[i.encode() for i in ITEMS], *extra]


FAULTS = ["none", "respondent", "date", "questionnaire", "rating", "width", "metadata"]


@st.composite
def rows(draw: st.DrawFn, columns: list[bytes]) -> bytes:
    """One line: mostly valid; a hostile one has one fault (so no other check hides it)."""
    fault = draw(st.sampled_from(FAULTS)) if draw(st.integers(0, 4)) == 0 else "none"
    cells = []
    for column in columns:
        if column == b"respondent":
            cells.append(draw(st.sampled_from(NAMES if fault == "respondent" else NAMES[:3])))
        elif column == b"date":
            cells.append(draw(st.sampled_from(DATES if fault == "date" else DATES[:2])))
        elif column == b"questionnaire":
            ids = [b"", b"customer-orientation", b"other"]
            cells.append(draw(st.sampled_from(ids if fault == "questionnaire" else ids[:2])))
        elif column in (b"region", b"staff"):
            pool = [*REGIONS, *NAMES] if fault == "metadata" else REGIONS
            cells.append(draw(st.sampled_from(pool)))
        else:
            pool = GOOD_RATINGS + BAD_RATINGS if fault == "rating" else GOOD_RATINGS
            cells.append(draw(st.sampled_from(pool)))
    if fault == "width":
        cut = draw(st.integers(0, len(cells)))
        cells = cells[:cut] if draw(st.booleans()) else [*cells, b"extra"]
    return b",".join(cells)


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    extra = draw(
        st.sampled_from(
            [
                [b"region"],
                [],
                [b"date", b"questionnaire", b"region"],
                [b"region", b"staff"],  # a column named like a section: kept as metadata
                [b"region", b"region"],  # a duplicate header
                [b"culture.9"],  # an unknown item
            ]
        )
    )
    columns = header(extra)
    if draw(st.integers(0, 9)) == 0:
        columns = columns[1:]  # no respondent column
    lines = draw(st.lists(rows(columns), min_size=1, max_size=40))
    ending = draw(st.sampled_from([b"\n", b"\r\n"]))
    blank = draw(st.integers(0, 5))
    if blank == 0:
        lines.insert(len(lines) // 2, b"")
    bom = draw(st.sampled_from([b"", b"\xef\xbb\xbf"]))
    end = draw(st.sampled_from([b"", ending]))
    return bom + b",".join(columns) + ending + ending.join(lines) + end


def outputs(
    path: Path, options: BatchOptions, q: Questionnaire, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    capsys.readouterr()
    code = run_batch([str(path)], q, options)
    captured = capsys.readouterr()
    return int(code), captured.out, captured.err


def both(
    path: Path,
    options: BatchOptions,
    q: Questionnaire,
    capsys: pytest.CaptureFixture[str],
    block: int,
) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    """(by columns, reference) outputs of one run."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(columnar, "MIN_BYTES", 0)
        patch.setattr(columnar, "BLOCK_BYTES", block)
        patch.setattr(columnar, "SUMMARY_BLOCK_BYTES", block)
        patch.setattr(columnar, "GROUPED_BLOCK_BYTES", block)
        patch.setattr(batch_run, "WRITE_ROWS", 7)  # a block's JSON is written in parts
        patch.setattr(columnar, "MERGE_EVERY", 2)  # the summary's sums merged, handed on
        patch.setattr(columnar, "PENDING_ROWS", 40)  # before the end of the file
        fast = outputs(path, options, q, capsys)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(columnar, "MIN_BYTES", 1 << 62)
        reference = outputs(path, options, q, capsys)
    return fast, reference


RUNS = [
    BatchOptions(output_format=OutputFormat.ndjson, quiet=True),
    BatchOptions(output_format=OutputFormat.json, quiet=True),
    BatchOptions(output_format=OutputFormat.json, summary_only=True, quiet=True),
    BatchOptions(output_format=OutputFormat.json, group_by="region", quiet=True, min_group=1),
    BatchOptions(output_format=OutputFormat.csv, summary_only=True, group_by="respondent"),
    BatchOptions(output_format=OutputFormat.json, summary_only=True, group_by="date"),
    BatchOptions(output_format=OutputFormat.json, summary_only=True, group_by="staff"),
    BatchOptions(output_format=OutputFormat.table, summary_only=True, group_by="source"),
]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    data=csv_files(),
    block=st.sampled_from([64, 300, 4096]),
    run=st.sampled_from(RUNS),
)
def test_columns_give_the_reference_output(
    data: bytes,
    block: int,
    run: BatchOptions,
    builtin_q: Questionnaire,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path_factory.mktemp("csv") / "big.csv"
    path.write_bytes(data)
    options = BatchOptions(**{**run.__dict__, "quiet": True})
    fast, reference = both(path, options, builtin_q, capsys, block)
    assert fast == reference


def clean_csv(path: Path, count: int, extra: bool = True) -> Path:
    """Valid rows only: the columns take every block."""
    lines = [b",".join(header([b"date", b"region"] if extra else []))]
    for n in range(count):
        ratings = [GOOD_RATINGS[(n * 7 + i * (n % 5 + 1)) % 5] for i in range(len(ITEMS))]
        if n % 11 == 0:  # straight-lining, then long strings and alternation: quality flags
            ratings = [GOOD_RATINGS[n % 5]] * len(ITEMS)
        elif n % 13 == 0:
            ratings = [b"4"] * 20 + [b"1"] * (len(ITEMS) - 20)
        elif n % 17 == 0:
            ratings = [b"5", b"1"] * (len(ITEMS) // 2) + [b"5"] * (len(ITEMS) % 2)
        cells = [f"Client {n % 6}".encode(), *ratings]  # six respondents' groups
        if extra:
            cells += [b"2026-11-%02d" % (n % 5 + 1), REGIONS[n % 3]]
        lines.append(b",".join(cells))
    path.write_bytes(b"\r\n".join(lines) + b"\r\n")
    return path


def test_a_clean_file_is_read_by_columns(
    tmp_path: Path, builtin_q: Questionnaire, capsys: pytest.CaptureFixture[str]
) -> None:
    """The columns really are used (so the comparisons above compare two paths)."""
    path = clean_csv(tmp_path / "clean.csv", 500)
    seen: list[int] = []
    real = columnar.Engine.json_texts

    def spy(self: columnar.Engine, block: columnar.Block, source_json: str) -> object:
        seen.append(block.frame.height)
        return real(self, block, source_json)

    options = BatchOptions(output_format=OutputFormat.ndjson, quiet=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(columnar.Engine, "json_texts", spy)
        fast, reference = both(path, options, builtin_q, capsys, 2048)
    assert sum(seen) == 500 and len(seen) > 1
    assert fast == reference
    first = json.loads(fast[1].splitlines()[0])
    assert first["row"] == 2 and first["metadata"] == {"region": "north"}


@pytest.mark.parametrize("group_by", [None, "region", "respondent", "date", "nothing"])
def test_the_summary_from_columns_is_the_reference_summary(
    tmp_path: Path,
    builtin_q: Questionnaire,
    capsys: pytest.CaptureFixture[str],
    group_by: str | None,
) -> None:
    """Every figure: means, spreads, intervals, statements, reliability, quality flags with
    their first examples, bands, per group; compared as the full JSON document."""
    path = clean_csv(tmp_path / "clean.csv", 400)
    tallies: list[int] = []
    real = SummaryBuilder.add_tally

    def spy(self: SummaryBuilder, key: str | None, tally: object) -> None:
        tallies.append(1)
        real(self, key, tally)  # type: ignore[arg-type]

    options = BatchOptions(
        output_format=OutputFormat.json, summary_only=True, group_by=group_by, min_group=1
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SummaryBuilder, "add_tally", spy)
        fast, reference = both(path, options, builtin_q, capsys, 4096)
    assert tallies
    assert fast == reference
    summary = json.loads(fast[1])["summary"]
    assert summary["count"] == 400
    flags = {q["flag"]: q for q in summary["quality"]}
    assert all(flags[f]["count"] > 0 for f in ("straight_line", "long_string", "alternating"))
    assert flags["straight_line"]["examples"][0]["row"] == 2


def test_a_line_over_the_size_cap_is_reported_as_the_reference_does(
    tmp_path: Path, builtin_q: Questionnaire, capsys: pytest.CaptureFixture[str]
) -> None:
    good = b"A," + b",".join([b"3"] * len(ITEMS))
    huge = b"B" * (MAX_BYTES + 10) + b"," + b",".join([b"3"] * len(ITEMS))
    path = tmp_path / "huge.csv"
    path.write_bytes(b",".join(header([])) + b"\n" + b"\n".join([good, huge, good]) + b"\n")
    options = BatchOptions(output_format=OutputFormat.ndjson, quiet=True)
    fast, reference = both(path, options, builtin_q, capsys, 1 << 20)
    assert fast == reference
    assert fast[0] == 1 and "longer than" in fast[2]


SINGLE_FAULTS = [
    *[("respondent", name) for name in NAMES[3:]],
    *[("date", date) for date in DATES[2:]],
    ("questionnaire", b"other"),
    *[("rating", rating) for rating in BAD_RATINGS],
    ("width", b"short"),
    ("width", b"long"),
    *[("region", value) for value in (b"back\\slash", b"tab\there", b"Caf\xe9", b"x" * 5000)],
    ("blank", b""),
]


def per_respondent_or_summary(summary: bool, group: str) -> BatchOptions:
    """NDJSON per respondent, or the JSON summary grouped by `group` (groups of one shown)."""
    return BatchOptions(
        output_format=OutputFormat.json if summary else OutputFormat.ndjson,
        summary_only=summary,
        group_by=group if summary else None,
        min_group=1,
        quiet=True,
    )


@pytest.mark.parametrize(
    ("column", "value", "summary"),
    [
        *[(column, value, False) for column, value in SINGLE_FAULTS],
        *[(c, v, True) for c, v in SINGLE_FAULTS if c in ("date", "width", "blank")],
        ("rating", b"", True),
        ("respondent", b"Caf\xe9", True),
    ],
)
def test_one_fault_among_clean_rows(
    column: str,
    value: bytes,
    summary: bool,
    tmp_path: Path,
    builtin_q: Questionnaire,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each check on its own: one faulty row in the middle of clean ones, in every block
    size, gives the reference's output and messages."""
    columns = header([b"date", b"questionnaire", b"region"])
    lines = [b",".join(columns)]
    for n in range(30):
        cells = dict.fromkeys(columns, b"3")
        cells.update({b"respondent": b"Client %d" % n, b"date": b"2026-11-25", b"region": b"north"})
        cells[b"questionnaire"] = b"customer-orientation"
        line = b",".join(cells.values())
        if n == 15:
            if column == "width":
                line = line.rsplit(b",", 1)[0] if value == b"short" else line + b",x"
            elif column == "blank":
                line = b""
            else:
                cells[b"culture.2" if column == "rating" else column.encode()] = value
                line = b",".join(cells.values())
        lines.append(line)
    path = tmp_path / "one.csv"
    path.write_bytes(b"\r\n".join(lines) + b"\r\n")
    options = per_respondent_or_summary(summary, "region")
    for block in (1 << 20,) if summary else (150, 1 << 20):
        fast, reference = both(path, options, builtin_q, capsys, block)
        assert fast == reference
        assert not any(line.rstrip().endswith(":") for line in fast[2].splitlines())  # says why


def test_a_block_that_starts_with_a_byte_order_mark_keeps_it(
    tmp_path: Path, builtin_q: Questionnaire, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only the file's first bytes can be its BOM; one at the start of a later line is text."""
    first = b"A," + b",".join([b"3"] * len(ITEMS))
    second = b"\xef\xbb\xbfB," + b",".join([b"4"] * len(ITEMS))
    path = tmp_path / "bom.csv"
    path.write_bytes(b",".join(header([])) + b"\n" + first + b"\n" + second + b"\n")
    options = BatchOptions(output_format=OutputFormat.ndjson, quiet=True)
    fast, reference = both(path, options, builtin_q, capsys, len(first) + 1)
    assert fast == reference
    assert '"respondent": "\ufeffB"' in fast[1]


def test_groups_below_the_minimum_from_columns_are_the_reference_groups(
    tmp_path: Path, builtin_q: Questionnaire, capsys: pytest.CaptureFixture[str]
) -> None:
    """--min-group 3 (the default), grouped by respondent: groups of one and two stay
    withheld (packed), groups that reach three within a block or over several are shown,
    flagged respondents named in row order; the same documents as the reference reader's."""
    path = clean_csv(tmp_path / "clean.csv", 300)
    lines = path.read_bytes().split(b"\r\n")
    for n in range(300):
        name = f"Team {n % 6}" if n % 3 else f"Pair {n // 6}"
        if n % 50 == 1:
            name = "Spread"  # one a block of 4096 bytes: it reaches three in the third
        lines[n + 1] = name.encode() + lines[n + 1][lines[n + 1].index(b",") :]
    path.write_bytes(b"\r\n".join(lines))
    tallies: list[int] = []
    real = SummaryBuilder.add_tally

    def spy(self: SummaryBuilder, key: str | None, tally: GroupTally) -> None:
        tallies.append(tally.count)
        real(self, key, tally)

    for block in (200, 4096):
        for fmt in (OutputFormat.json, OutputFormat.table):
            options = BatchOptions(output_format=fmt, summary_only=True, group_by="respondent")
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(SummaryBuilder, "add_tally", spy)
                fast, reference = both(path, options, builtin_q, capsys, block)
            assert fast == reference
            if fmt is OutputFormat.json:
                groups = {g["group"]: g for g in json.loads(fast[1])["summary"]["groups"]}
                assert groups["Spread"]["count"] == 6 and "sections" in groups["Spread"]
                assert groups["Pair 7"]["count"] == 2 and "sections" not in groups["Pair 7"]
    assert 1 in tallies and 2 in tallies  # one respondent, two of a pair in one block


MINI = Path(__file__).parent / "assets" / "mini.yaml"


@pytest.mark.parametrize("high", [3, 10])
@pytest.mark.parametrize("summary", [False, True])
def test_a_custom_scale_gives_the_reference_output(
    high: int, summary: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 0-3 scale is read as digits, a 0-10 scale as text: either way a cell that only
    looks like a point (`03`, `+3`, ` 3`, `٣`, `11`, empty) goes to the reference reader."""
    text = MINI.read_text(encoding="utf-8")
    labels = "".join(f'    {v}: "Point {v}"\n' for v in range(high + 1))
    start, end = text.index("  labels:\n") + len("  labels:\n"), text.index("sections:")
    definition = tmp_path / "scale.yaml"
    definition.write_text(
        text[:start].replace("high: 3", f"high: {high}") + labels + text[end:], encoding="utf-8"
    )
    q = load_questionnaire(definition, "en")
    items = [f"{s.id}.{n}" for s in q.sections for n in range(1, len(s.items) + 1)]
    lines = [",".join(["respondent", *items, "team"]).encode()]
    odd = [b"03", b"+3", b" 3", "\u0663".encode(), str(high + 1).encode(), b""]
    for n in range(60):
        cells = [str((n * 7 + i * 3) % (high + 1)).encode() for i in range(len(items))]
        if n % 9 == 4:
            cells[n % len(items)] = odd[n // 9 % len(odd)]
        lines.append(b",".join([b"R%d" % n, *cells, b"ab"[n % 2 :][:1]]))
    path = tmp_path / "custom.csv"
    path.write_bytes(b"\n".join(lines) + b"\n")
    options = per_respondent_or_summary(summary, "team")
    taken: list[int] = []
    real = columnar._Checker._cells

    def spy(self: columnar._Checker, *args: object) -> object:
        frame = real(self, *args)  # type: ignore[arg-type]
        taken.append(frame is not None)
        return frame

    for block in (64, 1 << 20):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(columnar._Checker, "_cells", spy)
            fast, reference = both(path, options, q, capsys, block)
        assert fast == reference
        assert fast[0] == 1 and fast[2].count("\n") == 7  # rows 6, 15, … 60
    assert any(taken) and not all(taken)  # blocks by columns and by the reference

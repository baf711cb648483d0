"""`score --summary`, `--summary-only`, `--group-by`: figures checked against hand-computed values.

The data set (the mini questionnaire: `speed` has 2 statements, `care` 3, scale
0–3, band `good` from 3.5, `weak` below):

| respondent | region | speed | care | total | band |
|---|---|---|---|---|---|
| R1 | north | [3, 3] → 3   | [3, 3, 3] → 3 | 6   | good |
| R2 | north | [1, 2] → 1.5 | [3, 3, 0] → 2 | 3.5 | good |
| R3 | north | [0, 1] → 0.5 | [2, 2, 2] → 2 | 2.5 | weak |
| R4 | south | [2, 2] → 2   | [1, 1, 1] → 1 | 3   | weak |
| R5 | —     | [3, 2] → 2.5 | [1, 2, 0] → 1 | 3.5 | good |

Worked by hand (sample standard deviation, divisor n − 1):

- all five: speed mean 9.5/5 = 1.9, squared deviations 1.21 + 0.16 + 1.96 +
  0.01 + 0.36 = 3.7, variance 3.7/4 = 0.925, SD 0.9618 → 0.96; care mean 1.8,
  squares 1.44 + 0.04 + 0.04 + 0.64 + 0.64 = 2.8, variance 0.7, SD 0.8367 →
  0.84; total mean 18.5/5 = 3.7, squares 5.29 + 0.04 + 1.44 + 0.49 + 0.04 = 7.3,
  variance 1.825, SD 1.3509 → 1.35. Bands: good 3, weak 2. Weakest on average:
  care (1.8 < 1.9). No area is named as the largest spread: that takes at
  least 10 respondents (see the statistics tests).
- north (R1–R3): speed mean 5/3 → 1.67, squares 16/9 + 1/36 + 49/36 = 19/6,
  variance 19/12, SD 1.2583 → 1.26; care mean 7/3 → 2.33, squares 6/9,
  variance 1/3, SD 0.5774 → 0.58; total mean 4, squares 4 + 0.25 + 2.25 = 6.5,
  variance 3.25, SD 1.8028 → 1.8. Bands good 2, weak 1. Weakest: speed.
- south (R4) and no region (R5): one respondent each, so no SD and no spread;
  their figures are shown only with `--min-group 1` (the default 3 withholds them).
"""

from __future__ import annotations

import json
import re
import statistics
import tracemalloc
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from custserv_audit.cli import app
from custserv_audit.errors import InputError
from custserv_audit.model import Answers, Questionnaire, Result
from custserv_audit.render.base import OutputFormat, summary_renderer_for
from custserv_audit.schema.answers import load_answers
from custserv_audit.schema.definition import load_questionnaire
from custserv_audit.scoring import score
from custserv_audit.summary import (
    NO_GROUP,
    GroupTally,
    SummaryBuilder,
    group_key,
    rounded_stdev,
)

MINI = str(Path(__file__).parent / "assets" / "mini.yaml")

# (respondent, region or None, speed ratings, care ratings)
PEOPLE = [
    ("R1", "north", [3, 3], [3, 3, 3]),
    ("R2", "north", [1, 2], [3, 3, 0]),
    ("R3", "north", [0, 1], [2, 2, 2]),
    ("R4", "south", [2, 2], [1, 1, 1]),
    ("R5", None, [3, 2], [1, 2, 0]),
]

BAD_ROW = "R6,3,x,1,2,0,east\n"  # 'x' is not a rating: rejected, row 7


def answer_yaml(name: str, region: str | None, speed: list[int], care: list[int]) -> str:
    meta = f"metadata:\n  region: {region}\n  team: t1\n" if region else ""
    return (
        f"questionnaire: mini\nrespondent: {name}\n{meta}"
        f"answers:\n  speed: {speed}\n  care: {care}\n"
    )


def csv_text(bad: bool = False) -> str:
    lines = ["respondent,speed.1,speed.2,care.1,care.2,care.3,region\n"]
    for name, region, speed, care in PEOPLE:
        lines.append(",".join([name, *map(str, speed + care), region or ""]) + "\n")
    if bad:
        lines.append(BAD_ROW)
    return "".join(lines)


@pytest.fixture
def mini() -> Questionnaire:
    return load_questionnaire(Path(MINI), "en")


@pytest.fixture
def results(mini: Questionnaire) -> list[Result]:
    return [
        score(mini, load_answers(answer_yaml(*p).encode(), f"{p[0]}.yaml", mini, "yaml"))
        for p in PEOPLE
    ]


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "export.csv"
    path.write_text(csv_text(bad=True), encoding="utf-8")
    return path


@pytest.fixture
def yaml_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "answers"
    folder.mkdir()
    for p in PEOPLE:
        (folder / f"{p[0]}.yaml").write_text(answer_yaml(*p), encoding="utf-8")
    return folder


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["score", *args, "-q", MINI, "--lang", "en"])
    return result.exit_code, result.stdout, result.stderr


def invoke_small(*args: str) -> tuple[int, str, str]:
    """`invoke` with groups of one shown (`--min-group 1`), as the hand computation needs."""
    return invoke(*args, "--min-group", "1")


BASE_FIELDS = ("count", "sections", "total", "bands", "weakest", "largest_spread")
BASE_STATS = ("id", "title", "label", "count", "mean", "min", "max", "stdev", "group")


def base(group: dict[str, object]) -> dict[str, object]:
    """The figures every summary had before the statistics were added, as worked by hand."""

    def keep(value: object) -> object:
        if isinstance(value, list):
            return [keep(v) for v in value]
        if isinstance(value, dict):
            return {k: keep(v) for k, v in value.items() if k in BASE_STATS}
        return value

    fields = [k for k in ("group", *BASE_FIELDS) if k in group]
    return {k: keep(group[k]) for k in fields}


# --- the core: exact figures --------------------------------------------------


def test_overall_figures_match_the_hand_computation(
    mini: Questionnaire, results: list[Result]
) -> None:
    builder = SummaryBuilder(mini)
    for r in results:
        builder.add(r)
    summary = builder.finish()
    assert summary.count == 5
    assert summary.rejected == 0
    assert summary.groups == ()
    speed, care = (s.stats for s in summary.overall.sections)
    assert (speed.count, speed.mean, speed.minimum, speed.maximum, speed.variance) == (
        5,
        Fraction(19, 10),
        Fraction(1, 2),
        Fraction(3),
        Fraction(37, 40),
    )
    assert (care.mean, care.minimum, care.maximum, care.variance) == (
        Fraction(9, 5),
        Fraction(1),
        Fraction(3),
        Fraction(7, 10),
    )
    total = summary.overall.total
    assert (total.mean, total.minimum, total.maximum, total.variance) == (
        Fraction(37, 10),
        Fraction(5, 2),
        Fraction(6),
        Fraction(73, 40),
    )
    assert [(b.band.id, b.count) for b in summary.overall.bands] == [("good", 3), ("weak", 2)]
    assert [s.id for s in summary.overall.weakest] == ["care"]
    assert summary.overall.largest_spread == ()  # five respondents are too few to tell


def test_groups_from_yaml_metadata(mini: Questionnaire, results: list[Result]) -> None:
    builder = SummaryBuilder(mini, "region", min_group=1)
    for r in results:
        builder.add(r)
    summary = builder.finish()
    assert [g.group for g in summary.groups] == ["north", "south", NO_GROUP]
    north, south, none = summary.groups
    assert north.count == 3
    speed, care = (s.stats for s in north.sections)
    assert (speed.mean, speed.minimum, speed.maximum, speed.variance) == (
        Fraction(5, 3),
        Fraction(1, 2),
        Fraction(3),
        Fraction(19, 12),
    )
    assert (care.mean, care.variance) == (Fraction(7, 3), Fraction(1, 3))
    assert (north.total.mean, north.total.variance) == (Fraction(4), Fraction(13, 4))
    assert [(b.band.id, b.count) for b in north.bands] == [("good", 2), ("weak", 1)]
    assert [s.id for s in north.weakest] == ["speed"]
    assert north.largest_spread == ()
    # One respondent: the figures are that respondent's, with no spread at all.
    assert (south.count, south.total.mean, south.total.variance) == (1, Fraction(3), None)
    assert south.total.stdev is None
    assert south.largest_spread == ()
    assert [s.id for s in south.weakest] == ["care"]
    assert [(b.band.id, b.count) for b in south.bands] == [("good", 0), ("weak", 1)]
    assert (none.count, none.total.mean) == (1, Fraction(7, 2))


def test_weakest_on_average_keeps_ties_and_ignores_the_top(mini: Questionnaire) -> None:
    def result(speed: list[int], care: list[int]) -> Result:
        text = answer_yaml("X", None, speed, care).encode()
        return score(mini, load_answers(text, "x.yaml", mini, "yaml"))

    tied = SummaryBuilder(mini)
    tied.add(result([3, 3], [3, 3, 3]))  # speed 3, care 3
    tied.add(result([1, 1], [1, 1, 1]))  # speed 1, care 1: both means 2, both variances 2
    summary = tied.finish()
    assert [s.id for s in summary.overall.weakest] == ["speed", "care"]
    assert summary.overall.sections[0].stats.variance == Fraction(2)

    perfect = SummaryBuilder(mini)
    perfect.add(result([3, 3], [3, 3, 3]))
    perfect.add(result([3, 3], [3, 3, 3]))
    summary = perfect.finish()
    assert summary.overall.weakest == ()  # the top of the scale is never a weak area
    assert summary.overall.largest_spread == ()  # everyone agrees: all spreads are 0
    assert summary.overall.total.variance == Fraction(0)


def test_rejected_inputs_are_counted_not_summarised(
    mini: Questionnaire, results: list[Result]
) -> None:
    builder = SummaryBuilder(mini, "region", min_group=1)
    builder.add_outcome(InputError("bad.yaml", "broken"))
    builder.add_outcome(results[3])
    builder.add_outcome(InputError("worse.yaml", "broken"))
    summary = builder.finish()
    assert (summary.rejected, summary.count) == (2, 1)
    assert [g.group for g in summary.groups] == ["south"]


def test_an_empty_summary_has_no_figures(mini: Questionnaire) -> None:
    builder = SummaryBuilder(mini)
    builder.add_rejected()
    summary = builder.finish()
    assert summary.count == 0
    assert summary.overall.total.mean is None
    assert summary.overall.weakest == ()
    assert [b.count for b in summary.overall.bands] == [0, 0]


def test_group_key_reads_builtin_fields_then_metadata(results: list[Result]) -> None:
    r1, r5 = results[0], results[4]
    assert group_key(r1, "respondent") == "R1"
    assert group_key(r1, "source") == "R1.yaml"
    assert group_key(r1, "date") == NO_GROUP  # no date in the file
    assert group_key(r1, "team") == "t1"
    assert group_key(r5, "region") == NO_GROUP


@pytest.mark.parametrize(
    ("variance", "shown"),
    [
        (Fraction(0), 0.0),
        (Fraction(1, 64), 0.13),  # SD exactly 0.125: half up, as every other figure
        (Fraction(1, 40000), 0.01),  # SD exactly 0.005
        (Fraction(2), 1.41),
        (Fraction(37, 40), 0.96),
        (Fraction(98), 9.9),
        (Fraction(1), 1.0),
    ],
)
def test_rounded_stdev_is_exact_half_up(variance: Fraction, shown: float) -> None:
    assert rounded_stdev(variance) == shown


def test_summary_only_keeps_no_results(mini: Questionnaire) -> None:
    # Memory: with --summary-only no results renderer exists (the table one
    # would hold every row); only the builder's per-group accumulators remain.
    for fmt in OutputFormat:
        renderer, _builder = summary_renderer_for(fmt, mini, "region", summary_only=True)
        assert getattr(renderer, "results", None) is None, fmt


ratings_strategy = st.lists(
    st.tuples(
        st.lists(st.integers(0, 3), min_size=2, max_size=2),
        st.lists(st.integers(0, 3), min_size=3, max_size=3),
        st.sampled_from(["a", "b", ""]),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(people=ratings_strategy)
def test_figures_equal_the_statistics_module_on_exact_fractions(
    people: list[tuple[list[int], list[int], str]],
) -> None:
    # An independent reference: `statistics` computes exactly on Fractions.
    q = load_questionnaire(Path(MINI), "en")
    builder = SummaryBuilder(q, "team", min_group=1)
    results = []
    for speed, care, team in people:
        answers = Answers(
            "mini", {"speed": tuple(speed), "care": tuple(care)}, metadata={"team": team}
        )
        results.append(score(q, answers))
        builder.add(results[-1])
    summary = builder.finish()
    for name, group in [(None, summary.overall), *((g.group, g) for g in summary.groups)]:
        members = [r for r in results if name is None or r.answers.metadata["team"] == name]
        assert group.count == len(members)
        measures = [
            [s.score for r in members for s in r.sections if s.section.id == sid]
            for sid in ("speed", "care")
        ] + [[r.total for r in members]]
        stats = [s.stats for s in group.sections] + [group.total]
        for values, got in zip(measures, stats, strict=True):
            assert got.mean == statistics.mean(values)
            assert (got.minimum, got.maximum) == (min(values), max(values))
            expected = statistics.variance(values) if len(values) > 1 else None
            assert got.variance == expected
        assert [b.count for b in group.bands] == [
            sum(r.band.id == band.id for r in members) for band in q.bands
        ]


def test_memory_does_not_grow_with_the_number_of_respondents(results: list[Result]) -> None:
    mini = results[0].questionnaire
    builder = SummaryBuilder(mini, "region")
    for r in results:  # every group exists before measuring
        builder.add(r)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for _ in range(2000):
        for r in results:
            builder.add(r)
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    # Holding even one reference per respondent would take 80 kB (10,000 × 8 bytes).
    assert grown < 20_000
    assert builder.finish().count == 10_005


# --- the command ------------------------------------------------------------------

EXPECTED_OVERALL = {
    "count": 5,
    "sections": [
        {"id": "speed", "title": "Speed", "mean": 1.9, "min": 0.5, "max": 3.0, "stdev": 0.96},
        {"id": "care", "title": "Care", "mean": 1.8, "min": 1.0, "max": 3.0, "stdev": 0.84},
    ],
    "total": {"mean": 3.7, "min": 2.5, "max": 6.0, "stdev": 1.35},
    "bands": [
        {"id": "good", "label": "Good", "count": 3},
        {"id": "weak", "label": "Weak", "count": 2},
    ],
    "weakest": ["care"],
    "largest_spread": [],
}
EXPECTED_GROUPS = [
    {
        "group": "north",
        "count": 3,
        "sections": [
            {"id": "speed", "title": "Speed", "mean": 1.67, "min": 0.5, "max": 3.0, "stdev": 1.26},
            {"id": "care", "title": "Care", "mean": 2.33, "min": 2.0, "max": 3.0, "stdev": 0.58},
        ],
        "total": {"mean": 4.0, "min": 2.5, "max": 6.0, "stdev": 1.8},
        "bands": [
            {"id": "good", "label": "Good", "count": 2},
            {"id": "weak", "label": "Weak", "count": 1},
        ],
        "weakest": ["speed"],
        "largest_spread": [],
    },
    {
        "group": "south",
        "count": 1,
        "sections": [
            {"id": "speed", "title": "Speed", "mean": 2.0, "min": 2.0, "max": 2.0, "stdev": None},
            {"id": "care", "title": "Care", "mean": 1.0, "min": 1.0, "max": 1.0, "stdev": None},
        ],
        "total": {"mean": 3.0, "min": 3.0, "max": 3.0, "stdev": None},
        "bands": [
            {"id": "good", "label": "Good", "count": 0},
            {"id": "weak", "label": "Weak", "count": 1},
        ],
        "weakest": ["care"],
        "largest_spread": [],
    },
    {
        "group": None,
        "count": 1,
        "sections": [
            {"id": "speed", "title": "Speed", "mean": 2.5, "min": 2.5, "max": 2.5, "stdev": None},
            {"id": "care", "title": "Care", "mean": 1.0, "min": 1.0, "max": 1.0, "stdev": None},
        ],
        "total": {"mean": 3.5, "min": 3.5, "max": 3.5, "stdev": None},
        "bands": [
            {"id": "good", "label": "Good", "count": 1},
            {"id": "weak", "label": "Weak", "count": 0},
        ],
        "weakest": ["care"],
        "largest_spread": [],
    },
]


def test_json_summary_grouped_by_a_csv_column_with_a_bad_row(export: Path) -> None:
    code, out, err = invoke_small(
        str(export), "--format", "json", "--summary", "--group-by", "region"
    )
    assert code == 1  # one row rejected; the others are scored and summarised
    assert err == f"{export}: row 7, column speed.2: 'x' is not a whole number 0–3\n"
    doc = json.loads(out)
    assert list(doc) == ["results", "summary"]
    assert [r.get("respondent") for r in doc["results"]] == ["R1", "R2", "R3", "R4", "R5", None]
    assert doc["results"][5]["error"]["location"]["row"] == 7
    summary = doc["summary"]
    assert (summary["questionnaire"], summary["group_by"]) == ("mini", "region")
    assert (summary["rejected"], summary["min_group"]) == (1, 1)
    assert base(summary) == EXPECTED_OVERALL
    assert [base(g) for g in summary["groups"]] == EXPECTED_GROUPS


def test_json_summary_only_grouped_by_yaml_metadata_with_a_bad_file(yaml_dir: Path) -> None:
    (yaml_dir / "R9.yaml").write_text(
        "questionnaire: mini\nanswers:\n  speed: [3, 4]\n  care: [1, 1, 1]\n", encoding="utf-8"
    )
    code, out, err = invoke_small(
        str(yaml_dir), "-f", "json", "--summary-only", "--group-by", "region"
    )
    assert code == 1
    assert "R9.yaml" in err and "speed.2" in err
    doc = json.loads(out)
    assert list(doc) == ["summary"]
    assert doc["summary"]["rejected"] == 1
    assert base(doc["summary"]) == EXPECTED_OVERALL
    assert [base(g) for g in doc["summary"]["groups"]] == EXPECTED_GROUPS


def test_summary_without_groups_and_all_good_exits_0(yaml_dir: Path) -> None:
    code, out, err = invoke(str(yaml_dir), "-f", "json", "--summary-only")
    assert (code, err) == (0, "")
    summary = json.loads(out)["summary"]
    assert (summary["group_by"], summary["rejected"], summary["groups"]) == (None, 0, [])
    assert base(summary) == EXPECTED_OVERALL


def test_ndjson_summary_is_the_last_line(export: Path) -> None:
    code, out, _err = invoke(str(export), "-f", "ndjson", "--summary")
    assert code == 1
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 7
    assert [line.get("respondent") for line in lines[:5]] == ["R1", "R2", "R3", "R4", "R5"]
    assert "error" in lines[5]
    assert list(lines[6]) == ["summary"]
    assert lines[6]["summary"]["rejected"] == 1
    assert base(lines[6]["summary"])["total"] == EXPECTED_OVERALL["total"]

    code, out, _err = invoke(str(export), "-f", "ndjson", "--summary-only")
    assert code == 1
    assert len(out.splitlines()) == 1
    assert json.loads(out)["summary"]["count"] == 5


def test_group_by_implies_summary(export: Path) -> None:
    code, out, _err = invoke_small(str(export), "-f", "json", "--group-by", "region")
    assert code == 1
    assert [base(g) for g in json.loads(out)["summary"]["groups"]] == EXPECTED_GROUPS


def test_group_by_respondent_source_and_unknown_field(yaml_dir: Path) -> None:
    code, out, _err = invoke_small(
        str(yaml_dir), "-f", "json", "--summary-only", "--group-by", "respondent"
    )
    assert code == 0
    groups = json.loads(out)["summary"]["groups"]
    assert [(g["group"], g["count"]) for g in groups] == [(f"R{i}", 1) for i in range(1, 6)]

    code, out, err = invoke(str(yaml_dir), "-f", "json", "--summary-only", "--group-by", "regoin")
    assert code == 0
    assert (
        err
        == "Warning: no scored respondent has the field 'regoin'; all are in the group (none).\n"
    )
    groups = json.loads(out)["summary"]["groups"]
    assert [(g["group"], g["count"]) for g in groups] == [(None, 5)]


def test_csv_summary_only_rows(export: Path) -> None:
    args = ["score", str(export), "-f", "csv", "--summary-only", "--group-by", "region", "-q", MINI]
    result = CliRunner().invoke(app, [*args, "--min-group", "1"])
    assert result.exit_code == 1
    lines = result.stdout_bytes.decode("utf-8").split("\r\n")  # CRLF, as the results CSV
    assert lines[0] == (
        "scope,group,kind,id,label,count,mean,min,max,stdev,weakest,largest_spread,"
        "ci_low,ci_high,either_band,share,bottom_share,top_share,alpha,spread"
    )
    kinds = ("rejected", "section", "total", "band")
    cells = [line.split(",") for line in lines[1:-1]]
    old = [",".join(c[:12]) for c in cells if c[2] in kinds]
    assert [lines[0].rsplit(",ci_low", 1)[0], *old[:11]] == [
        "scope,group,kind,id,label,count,mean,min,max,stdev,weakest,largest_spread",
        "all,,rejected,rejected,,1,,,,,,",
        "all,,section,speed,Speed,5,1.9,0.5,3.0,0.96,false,false",
        "all,,section,care,Care,5,1.8,1.0,3.0,0.84,true,false",
        "all,,total,total,Total,5,3.7,2.5,6.0,1.35,,",
        "all,,band,good,Good,3,,,,,,",
        "all,,band,weak,Weak,2,,,,,,",
        "group,north,section,speed,Speed,3,1.67,0.5,3.0,1.26,true,false",
        "group,north,section,care,Care,3,2.33,2.0,3.0,0.58,false,false",
        "group,north,total,total,Total,3,4.0,2.5,6.0,1.8,,",
        "group,north,band,good,Good,2,,,,,,",
        "group,north,band,weak,Weak,1,,,,,,",
    ]
    assert "group,,section,speed,Speed,1,2.5,2.5,2.5,,false,false" in old  # no region
    assert lines[-1] == ""
    # Per scope: 2 sections, the total, 2 bands, 5 statements with 4 rating rows each, 3 flags.
    assert len(lines) == 1 + 1 + 4 * (5 + 5 * 5 + 3) + 1  # header, rejected, …, final CRLF


def test_csv_results_with_a_summary_is_a_usage_error(export: Path) -> None:
    code, out, err = invoke(str(export), "-f", "csv", "--summary")
    assert (code, out) == (2, "")
    assert err.startswith("Error: CSV holds either results or a summary")


def test_table_summary_after_the_results(export: Path) -> None:
    code, out, _err = invoke_small(str(export), "--summary", "--group-by", "region")
    assert code == 1
    assert out.index("Source") < out.index("Summary: 5 scored, 1 rejected")
    rows = [" ".join(line.replace("│", " ").split()) for line in out.splitlines()]
    # overall, then north, south, (none): the Speed row of each in order
    speed_rows = [r for r in rows if r.startswith("Speed ")]
    # mean, 95 % interval (1.9 ± t(0.975, 4) · √(0.925 / 5) = 1.9 ± 1.19), SD, spread, alpha
    assert speed_rows == [
        "Speed 1.90 0.71–3.00 0.96 1.05 – could be either band",  # 3.09 cut to the scale
        "Speed 1.67 0.00–3.00 1.26 1.29 – weakest on average, could be either band",
        "Speed 2.00 – – – –",
        "Speed 2.50 – – – –",
    ]
    assert "Total 3.70 2.02–5.38 1.35 could be either band" in rows
    assert "Good: 3 (60 %) · Weak: 2 (40 %)" in rows
    assert "region = (none): 1 scored" in rows
    assert "north: too few respondents to tell" in rows


def test_table_summary_only_has_no_results_table(export: Path) -> None:
    code, out, _err = invoke(str(export), "--summary-only")
    assert code == 1
    assert "Source" not in out and "(row 2)" not in out
    assert out.lstrip().startswith("Summary: 5 scored, 1 rejected")
    assert "Where respondents disagree most" not in out  # only with --group-by


def test_every_input_bad_gives_an_empty_summary(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("questionnaire: other\nanswers: {}\n", encoding="utf-8")
    code, out, err = invoke(
        str(bad), str(tmp_path / "missing.yaml"), "-f", "json", "--summary-only"
    )
    assert code == 1
    assert len(err.splitlines()) == 2
    summary = json.loads(out)["summary"]
    assert (summary["count"], summary["rejected"]) == (0, 2)
    assert summary["total"] == {
        "mean": None,
        "min": None,
        "max": None,
        "stdev": None,
        "ci": None,
        "could_be_either_band": False,
    }
    assert summary["weakest"] == [] and summary["largest_spread"] == []


def test_the_consultants_command_on_the_built_in_questionnaire(tmp_path: Path) -> None:
    """`score export.csv --summary --group-by region`, checked by hand.

    R1 rates everything 4 (total 28, asset), R2 everything 2 (14, at-risk), both
    north; R3 everything 3 (21, adequate), south. Every section: means 3, SDs
    of (4, 2, 3) = 1 overall and of (4, 2) = √2 ≈ 1.41 in the north, so all seven
    sections tie as weakest. Totals (28, 14, 21): mean 21, SD 7; north (28, 14):
    SD √98 ≈ 9.90. Three respondents are too few to name a largest spread, and
    with the default minimum group size of 3 both groups are withheld; with
    `--min-group 2` the north is shown.
    """
    from custserv_audit.schema.definition import load_questionnaire as load

    q = load(None, "en")
    items = [i.id for s in q.sections for i in s.items]
    rows = ["respondent," + ",".join(items) + ",region"]
    for name, rating, region in (("R1", 4, "north"), ("R2", 2, "north"), ("R3", 3, "south")):
        rows.append(",".join([name, *[str(rating)] * len(items), region]))
    export = tmp_path / "export.csv"
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    runner = CliRunner()
    table = runner.invoke(
        app, ["score", str(export), "--summary", "--group-by", "region", "--lang", "en"]
    )
    assert table.exit_code == 0
    assert "Summary: 3 scored, 0 rejected" in table.stdout
    result = runner.invoke(
        app, ["score", str(export), "-f", "json", "--summary-only", "--group-by", "region"]
    )
    assert result.exit_code == 0
    summary = json.loads(result.stdout)["summary"]
    ids = [s.id for s in q.sections]
    assert [(s["id"], s["mean"], s["min"], s["max"], s["stdev"]) for s in summary["sections"]] == [
        (i, 3.0, 2.0, 4.0, 1.0) for i in ids
    ]
    assert base(summary)["total"] == {"mean": 21.0, "min": 14.0, "max": 28.0, "stdev": 7.0}
    assert [(b["id"], b["count"]) for b in summary["bands"]] == [
        ("asset", 1),
        ("adequate", 1),
        ("at-risk", 1),
    ]
    assert summary["weakest"] == ids
    assert summary["largest_spread"] == []
    assert summary["groups"] == [
        {"group": "north", "count": 2, "withheld": True},
        {"group": "south", "count": 1, "withheld": True},
    ]
    # Everyone gave one rating to every statement: all three are listed for follow-up.
    straight = summary["quality"][0]
    assert (straight["flag"], straight["count"]) == ("straight_line", 3)
    assert [e["respondent"] for e in straight["examples"]] == ["R1", "R2", "R3"]
    result = runner.invoke(
        app,
        ["score", str(export), "-f", "json", "--group-by", "region", "--min-group", "2"],
    )
    north, south = json.loads(result.stdout)["summary"]["groups"]
    assert (north["group"], north["count"], north["withheld"]) == ("north", 2, False)
    assert {s["stdev"] for s in north["sections"]} == {1.41}
    assert base(north)["total"] == {"mean": 21.0, "min": 14.0, "max": 28.0, "stdev": 9.9}
    assert south == {"group": "south", "count": 1, "withheld": True}


def test_summary_written_to_a_file(export: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "summary.json"
    code, out, _err = invoke(str(export), "-f", "json", "--summary-only", "-o", str(out_file))
    assert (code, out) == (1, "")
    assert (
        base(json.loads(out_file.read_text(encoding="utf-8"))["summary"])["total"]
        == (EXPECTED_OVERALL["total"])
    )


def shifted_mini(tmp_path: Path, low: int) -> Questionnaire:
    """The mini questionnaire on the scale low..low+3 (bands moved with it)."""
    text = Path(MINI).read_text(encoding="utf-8")
    text = text.replace("low: 0\n  high: 3", f"low: {low}\n  high: {low + 3}")
    text = re.sub(r"(?m)^    (\d): ", lambda m: f"    {low + int(m[1])}: ", text)
    text = text.replace("3.5", str(2 * low + 3.5))
    path = tmp_path / "shifted.yaml"
    path.write_text(text, encoding="utf-8")
    return load_questionnaire(path, "en")


def grouped_json(builder: SummaryBuilder) -> str:
    from custserv_audit.render.data.json_format import dumps
    from custserv_audit.render.data.summary_json import summary_to_dict

    return dumps(summary_to_dict(builder.finish()))


@settings(max_examples=40, deadline=None)
@given(
    people=st.lists(
        st.tuples(
            st.lists(st.integers(0, 3), min_size=2, max_size=2),
            st.lists(st.integers(0, 3), min_size=3, max_size=3),
            st.sampled_from(["a", "b", "c", "d", "e", ""]),
            st.booleans(),  # straight-lining: a quality flag, with the respondent named
        ),
        min_size=1,
        max_size=40,
    ),
    min_group=st.integers(2, 5),
    low=st.sampled_from([0, -2, 250]),
)
def test_groups_below_the_minimum_are_packed_without_changing_a_figure(
    people: list[tuple[list[int], list[int], str, bool]],
    min_group: int,
    low: int,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Groups kept packed until they reach --min-group (a scale from 0, one below 0 and
    one past a byte) give the JSON document of groups kept as sums from the start."""
    q = shifted_mini(tmp_path_factory.mktemp("q"), low)
    packed = SummaryBuilder(q, "team", min_group=min_group)
    plain = SummaryBuilder(q, "team", min_group=min_group)
    plain._packs = False
    for n, (speed, care, team, straight) in enumerate(people):
        if straight:
            speed, care = [speed[0]] * 2, [speed[0]] * 3
        ratings = {"speed": tuple(low + v for v in speed), "care": tuple(low + v for v in care)}
        answers = Answers("mini", ratings, respondent=f"R{n}", metadata={"team": team})
        result = score(q, answers)
        packed.add(result)
        plain.add(result)
    assert grouped_json(packed) == grouped_json(plain)
    sizes = {team: sum(p[2] == team for p in people) for team in {p[2] for p in people}}
    assert set(packed._pending) == {t for t, n in sizes.items() if n < min_group}


def test_a_group_that_reaches_the_minimum_mid_stream(mini: Questionnaire) -> None:
    """Packed while it has fewer respondents than --min-group, then sums; the examples of
    flagged respondents stay in the order they came."""
    packed = SummaryBuilder(mini, "team", min_group=3)
    plain = SummaryBuilder(mini, "team", min_group=3)
    plain._packs = False
    rows = [("x", (3, 3), (3, 3, 3)), ("y", (1, 2), (0, 1, 2)), ("x", (0, 0), (0, 0, 0))]
    rows += [("x", (1, 2), (3, 2, 1)), ("x", (2, 2), (2, 2, 2)), ("y", (3, 2), (1, 1, 1))]
    for n, (team, speed, care) in enumerate(rows):
        answers = Answers(
            "mini", {"speed": speed, "care": care}, respondent=f"P{n}", metadata={"team": team}
        )
        packed.add(score(mini, answers))
        plain.add(score(mini, answers))
        if n == 2:
            assert "x" in packed._pending and not packed._groups
            assert grouped_json(packed) == grouped_json(plain)
    assert set(packed._groups) == {"x"} and set(packed._pending) == {"y"}
    assert grouped_json(packed) == grouped_json(plain)
    x = next(g for g in packed.finish().groups if g.group == "x")
    assert x.shown and x.count == 4
    straight = next(t for t in x.figures.quality if t.flag.value == "straight_line")
    assert [e.respondent for e in straight.examples] == ["P0", "P2", "P4"]


def one_per_respondent(mini: Questionnaire, count: int) -> list[Result]:
    """`count` respondents R0, R1, ..., each answering the mini questionnaire once."""
    return [
        score(
            mini,
            Answers("mini", {"speed": (n % 4, 1), "care": (2, n % 3, 1)}, respondent=f"R{n}"),
        )
        for n in range(count)
    ]


def test_memory_per_group_below_the_minimum_is_small(mini: Questionnaire) -> None:
    """Grouping by respondent: each group of one is a few dozen bytes, not sums and patterns."""
    results = one_per_respondent(mini, 5000)
    builder = SummaryBuilder(mini, "respondent")
    builder.add(results[0])
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for result in results[1:]:
        builder.add(result)
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert grown / 4999 < 400  # sums and rating patterns per group took over 4,000 bytes
    assert builder.finish().count == 5000


def one_tally(builder: SummaryBuilder, result: Result) -> GroupTally:
    """One respondent as the columnar reader adds it (`add_tally`)."""
    values = [s.points for s in result.sections]
    values.append(sum(v * f for v, f in zip(values, builder.factors, strict=True)))
    bands = tuple(int(b.id == result.band.id) for b in result.questionnaire.bands)
    patterns = tuple({s.ratings: 1} for s in result.sections)
    squares = tuple(v * v for v in values)
    return GroupTally(1, tuple(values), squares, tuple(values), tuple(values), bands, patterns)


def test_memory_per_group_below_the_minimum_is_small_from_tallies(mini: Questionnaire) -> None:
    """The same for respondents added by their sums (the columnar reader), and the same
    figures as added one by one."""
    results = one_per_respondent(mini, 5000)
    builder = SummaryBuilder(mini, "respondent")
    builder.add_tally(str(results[0].answers.respondent), one_tally(builder, results[0]))
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for result in results[1:]:  # each tally is made here: kept whole, it would count
        builder.add_tally(str(result.answers.respondent), one_tally(builder, result))
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert grown / 4999 < 400
    one_by_one = SummaryBuilder(mini, "respondent")
    for result in results:
        one_by_one.add(result)
    assert grouped_json(builder) == grouped_json(one_by_one)


@pytest.mark.parametrize("lang", ["en", "fi", "sk"])
def test_section_titles_wrap_at_spaces_never_cut(lang: str) -> None:
    """The summary table is wide enough for the longest word of every section title."""
    q = load_questionnaire(None, lang)
    renderer, builder = summary_renderer_for(OutputFormat.table, q, summary_only=True)
    for i in range(6):
        ratings = {s.id: tuple((i + j) % 5 + 1 for j in range(len(s.items))) for s in q.sections}
        builder.add(score(q, Answers(questionnaire=q.id, ratings=ratings, respondent=f"r{i}")))
    text = renderer.end()
    table = text[: text.index("└")]
    assert "…" not in table
    for s in q.sections:
        for word in s.title.split():
            assert word in table, word


def test_no_color_drops_colours_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR (no-color.org) removes colours from the tables; bold stays."""
    from rich.text import Text

    from custserv_audit.render.text.table import to_text

    red = Text("weak", style="bold red")
    assert "\x1b[1;31m" in to_text(red, color=True)
    monkeypatch.setenv("NO_COLOR", "1")
    shown = to_text(red, color=True)
    assert "\x1b[1m" in shown and "31" not in shown

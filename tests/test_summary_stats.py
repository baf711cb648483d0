"""`score --summary` with the statistics: every new figure against NumPy/SciPy on a team export."""

from __future__ import annotations

import csv
import io
import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats as sps
from typer.testing import CliRunner

from custserv_audit.cli import app
from custserv_audit.schema.definition import load_questionnaire
from custserv_audit.stats import QualityFlag, quality_flags
from custserv_audit.stats.quality import long_string_length, longest_run

Q = load_questionnaire(None, "en")
ITEMS = [i.id for s in Q.sections for i in s.items]
SIZES = [len(s.items) for s in Q.sections]
TEAMS = {"sales": 24, "support": 31, "warehouse": 12, "board": 2}


def make_export(path: Path) -> np.ndarray:
    """A realistic export: four teams, correlated ratings, two straight-liners, one tiny team."""
    rng = np.random.default_rng(13)
    rows, blocks = [], []
    for team, n in TEAMS.items():
        parts = []
        for k in SIZES:
            trait = rng.normal(size=(n, 1))
            parts.append(np.clip(np.rint(3.4 + 0.8 * trait + 0.9 * rng.normal(size=(n, k))), 1, 5))
        block = np.hstack(parts).astype(int)
        if team == "support":
            block[0, :] = 4  # a straight-liner
            block[1, :] = 2
        blocks.append(block)
        rows += [(team, r) for r in block.tolist()]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["respondent", *ITEMS, "team"])
        for i, (team, ratings) in enumerate(rows):
            writer.writerow([f"P{i + 1}", *ratings, team])
    return np.vstack(blocks)


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, np.ndarray]:
    path = tmp_path_factory.mktemp("stats") / "export.csv"
    return path, make_export(path)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["score", *args, "--lang", "en"])
    return result.exit_code, result.stdout


def team_rows(data: np.ndarray, team: str | None) -> np.ndarray:
    if team is None:
        return data
    start = 0
    for name, n in TEAMS.items():
        if name == team:
            return data[start : start + n]
        start += n
    raise KeyError(team)


def section_means(data: np.ndarray) -> list[np.ndarray]:
    bounds = np.cumsum([0, *SIZES])
    return [data[:, a:b].mean(axis=1) for a, b in itertools.pairwise(bounds)]


def t_interval(values: np.ndarray) -> tuple[float, float]:
    low, high = sps.t.interval(0.95, len(values) - 1, loc=values.mean(), scale=sps.sem(values))
    return float(low), float(high)


def alpha(x: np.ndarray) -> float:
    k = x.shape[1]
    return float(k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1)))


@pytest.mark.parametrize("team", [None, "sales", "support", "warehouse"])
def test_json_figures_agree_with_numpy_and_scipy(
    export: tuple[Path, np.ndarray], team: str | None
) -> None:
    path, data = export
    code, out = run(str(path), "-f", "json", "--summary-only", "--group-by", "team")
    assert code == 0
    summary = json.loads(out)["summary"]
    group = summary if team is None else next(g for g in summary["groups"] if g["group"] == team)
    x = team_rows(data, team).astype(float)
    means = section_means(x)
    bounds = np.cumsum([0, *SIZES])
    for s, section in enumerate(group["sections"]):
        low, high = t_interval(means[s])
        assert section["ci"]["low"] == pytest.approx(max(low, 1), abs=0.005)
        assert section["ci"]["high"] == pytest.approx(min(high, 5), abs=0.005)
        assert section["could_be_either_band"] == (low < 3 <= high or low < 4 <= high)
        block = x[:, bounds[s] : bounds[s + 1]]
        assert section["reliability"]["alpha"] == pytest.approx(alpha(block), abs=0.0005)
        for i, statement in enumerate(section["statements"]):
            col = block[:, i]
            assert statement["mean"] == pytest.approx(col.mean(), abs=0.005)
            assert statement["sd"] == pytest.approx(col.std(ddof=1), abs=0.005)
            assert statement["bottom_share"] == pytest.approx(np.mean(col <= 2), abs=0.00005)
            assert statement["top_share"] == pytest.approx(np.mean(col >= 4), abs=0.00005)
            counts = np.bincount(col.astype(int), minlength=6)[1:].tolist()
            assert list(statement["distribution"].values()) == counts
            assert list(statement["distribution"]) == ["1", "2", "3", "4", "5"]
        assert section["spread"] == pytest.approx(
            np.sqrt(block.var(axis=0, ddof=1).mean()), abs=0.005
        )
    totals = np.sum(means, axis=0)
    low, high = t_interval(totals)
    assert group["total"]["ci"]["low"] == pytest.approx(low, abs=0.005)
    assert group["total"]["ci"]["high"] == pytest.approx(high, abs=0.005)
    assert group["total"]["could_be_either_band"] == (low < 21 <= high or low < 28 <= high)
    bands = [np.sum(totals >= 28), np.sum((totals >= 21) & (totals < 28)), np.sum(totals < 21)]
    assert [b["count"] for b in group["bands"]] == bands
    assert [b["share"] for b in group["bands"]] == [
        pytest.approx(b / len(x), abs=5e-5) for b in bands
    ]
    # The lowest statements are the five lowest means, lowest first.
    everything = sorted((round(float(x[:, j].mean()), 2), ITEMS[j]) for j in range(len(ITEMS)))
    assert [s["mean"] for s in group["lowest_statements"]] == [m for m, _ in everything[:5]]


def test_a_team_below_the_minimum_is_withheld(export: tuple[Path, np.ndarray]) -> None:
    path, _data = export
    code, out = run(str(path), "-f", "json", "--summary-only", "--group-by", "team")
    assert code == 0
    summary = json.loads(out)["summary"]
    assert summary["min_group"] == 3
    board = next(g for g in summary["groups"] if g["group"] == "board")
    assert board == {"group": "board", "count": 2, "withheld": True}
    assert summary["count"] == sum(TEAMS.values())  # still counted overall
    code, out = run(
        str(path), "-f", "json", "--summary-only", "--group-by", "team", "--min-group", "13"
    )
    groups = {g["group"]: g["withheld"] for g in json.loads(out)["summary"]["groups"]}
    assert groups == {"board": True, "sales": False, "support": False, "warehouse": True}
    code, out = run(str(path), "--summary-only", "--group-by", "team")
    assert (
        "team = board: 2 scored; figures withheld (groups under 3 respondents are not shown)" in out
    )
    code, _out = run(str(path), "--summary-only", "--min-group", "0")
    assert code == 2


def test_straight_liners_are_listed_and_keep_their_scores(export: tuple[Path, np.ndarray]) -> None:
    path, _data = export
    _code, out = run(str(path), "-f", "json", "--summary", "--group-by", "team")
    doc = json.loads(out)
    support = next(g for g in doc["summary"]["groups"] if g["group"] == "support")
    straight = next(q for q in support["quality"] if q["flag"] == "straight_line")
    assert straight["count"] == 2
    first = TEAMS["sales"] + 1
    assert [e["respondent"] for e in straight["examples"]] == [f"P{first}", f"P{first + 1}"]
    assert [e["row"] for e in straight["examples"]] == [first + 1, first + 2]
    # Their results are scored as usual.
    scored = {r["respondent"]: r for r in doc["results"]}
    assert scored[f"P{first}"]["total"] == 28.0
    assert scored[f"P{first + 1}"]["total"] == 14.0
    _code, out = run(str(path), "--summary-only", "--group-by", "team")
    assert f"the same rating for every statement: 2 — P{first}, P{first + 1}" in out


def test_csv_summary_carries_the_new_columns(export: tuple[Path, np.ndarray]) -> None:
    path, data = export
    code, out = run(str(path), "-f", "csv", "--summary-only", "--group-by", "team")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    culture = next(r for r in rows if r["scope"] == "all" and r["kind"] == "section")
    low, high = t_interval(section_means(data.astype(float))[0])
    assert float(culture["ci_low"]) == pytest.approx(low, abs=0.005)
    assert float(culture["ci_high"]) == pytest.approx(high, abs=0.005)
    assert float(culture["alpha"]) == pytest.approx(alpha(data[:, :4].astype(float)), abs=0.0005)
    statement = next(r for r in rows if r["scope"] == "all" and r["id"] == "culture.1")
    assert float(statement["bottom_share"]) == pytest.approx(np.mean(data[:, 0] <= 2), abs=5e-5)
    ratings = [
        r for r in rows if r["scope"] == "all" and r["kind"] == "rating" and r["id"] == "culture.1"
    ]
    assert [int(r["count"]) for r in ratings] == np.bincount(data[:, 0], minlength=6)[1:].tolist()
    assert [r["kind"] for r in rows if r["group"] == "board"] == ["withheld"]
    flags = {r["id"]: r["count"] for r in rows if r["scope"] == "all" and r["kind"] == "quality"}
    assert flags["straight_line"] == "2"


# --- the quality flags' fast checks agree with their plain definitions --------------------


def plain_flags(flat: list[int]) -> set[QualityFlag]:
    n = len(flat)
    if n < 2:
        return set()
    if len(set(flat)) == 1:
        return {QualityFlag.STRAIGHT_LINE}
    out = set()
    if longest_run(flat) >= long_string_length(n):
        out.add(QualityFlag.LONG_STRING)
    if n >= 4 and len(set(flat)) == 2 and all(flat[i] != flat[i + 1] for i in range(n - 1)):
        out.add(QualityFlag.ALTERNATING)
    return out


@given(st.lists(st.integers(1, 3), min_size=0, max_size=12), st.integers(1, 4))
def test_fast_flags_equal_the_definitions(flat: list[int], split: int) -> None:
    sections = [tuple(flat[i : i + split]) for i in range(0, len(flat), split)]
    assert quality_flags(sections) == plain_flags(flat)

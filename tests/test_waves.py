"""Two waves compared per group and section: Welch's interval of the change, checked
against SciPy computed from the raw ratings; the minimum group size; rejected inputs."""

from __future__ import annotations

import json
import random
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from scipy import stats
from typer.testing import CliRunner, Result

from custserv_audit.cli import app
from custserv_audit.stats.change import welch_change

SIZES = {
    "culture": 4,
    "products": 4,
    "feedback": 3,
    "knowledge": 3,
    "accessibility": 3,
    "staff": 5,
    "improvement": 3,
}
HEADER = "respondent,date,team," + ",".join(
    f"{section}.{n + 1}" for section, count in SIZES.items() for n in range(count)
)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [*map(str, args), "--lang", "en"])


def wave(path: Path, teams: dict[str, int], lift: dict[str, float], seed: int) -> list[list[Any]]:
    """A CSV wave: `teams[t]` respondents per team, ratings around 3 (+ the team's lift)."""
    rng = random.Random(seed)
    rows, lines = [], [HEADER]
    for team, count in teams.items():
        for n in range(count):
            ratings = [
                min(5, max(1, round(rng.gauss(3 + lift.get(team, 0), 1.0)))) for _ in range(25)
            ]
            rows.append([team, *ratings])
            lines.append(f"P{team}{n},2026-03-01,{team}," + ",".join(map(str, ratings)))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return rows


def section_scores(rows: list[list[Any]], team: str | None) -> dict[str, list[float]]:
    """Each respondent's section means and total, worked out independently of the program."""
    out: dict[str, list[float]] = {s: [] for s in [*SIZES, "total"]}
    for row in rows:
        if team is not None and row[0] != team:
            continue
        ratings, start, total = row[1:], 0, 0.0
        for section, count in SIZES.items():
            mean = sum(ratings[start : start + count]) / count
            out[section].append(mean)
            total += mean
            start += count
        out["total"].append(total)
    return out


def test_welch_change_agrees_with_scipy() -> None:
    rng = random.Random(7)
    for n1, n2 in [(2, 2), (3, 9), (12, 5), (40, 33)]:
        one = [Fraction(rng.randint(3, 15), 3) for _ in range(n1)]
        two = [Fraction(rng.randint(4, 15), 3) for _ in range(n2)]

        def moments(xs: list[Fraction]) -> tuple[int, Fraction, Fraction]:
            m = sum(xs, Fraction(0)) / len(xs)
            return len(xs), m, sum(((x - m) ** 2 for x in xs), Fraction(0)) / (len(xs) - 1)

        change = welch_change(moments(one), moments(two))
        test = stats.ttest_ind([float(x) for x in two], [float(x) for x in one], equal_var=False)
        low, high = test.confidence_interval(0.95)
        assert change.low == pytest.approx(low, abs=1e-9)
        assert change.high == pytest.approx(high, abs=1e-9)
        assert change.df == pytest.approx(test.df, rel=1e-12)
        assert change.beyond_noise is bool(test.pvalue < 0.05)


def test_too_few_or_no_spread() -> None:
    one = welch_change((1, Fraction(3), None), (5, Fraction(4), Fraction(1)))
    assert one.low is None and one.beyond_noise is None and one.difference == 1
    flat = welch_change((3, Fraction(3), Fraction(0)), (4, Fraction(4), Fraction(0)))
    assert (flat.low, flat.high, flat.df, flat.beyond_noise) == (1.0, 1.0, None, True)


def test_waves_per_team_match_an_independent_computation(tmp_path: Path) -> None:
    # Sales improves by a point; Support stays; Solo has two people (withheld).
    first = wave(tmp_path / "w1.csv", {"Sales": 8, "Support": 9, "Solo": 2}, {}, seed=1)
    second = wave(
        tmp_path / "w2.csv", {"Sales": 7, "Support": 10, "Solo": 2}, {"Sales": 1.0}, seed=2
    )
    out = run(
        "compare", tmp_path / "w1.csv", tmp_path / "w2.csv", "--group-by", "team", "-f", "json"
    )
    assert out.exit_code == 0, out.stderr
    data = json.loads(out.stdout)
    groups = {g["group"]: g for g in data["groups"]}
    assert list(groups) == ["Sales", "Solo", "Support"]
    assert groups["Solo"] == {
        "group": "Solo",
        "before_count": 2,
        "after_count": 2,
        "withheld": True,
    }
    for name, group in [*groups.items(), (None, data["overall"])]:
        if group["withheld"]:
            continue
        before, after = section_scores(first, name), section_scores(second, name)
        assert (group["before_count"], group["after_count"]) == (
            len(before["total"]),
            len(after["total"]),
        )
        for entry in [*group["sections"], {**group["total"], "id": "total"}]:
            one, two = before[entry["id"]], after[entry["id"]]
            test = stats.ttest_ind(two, one, equal_var=False)
            low, high = test.confidence_interval(0.95)
            assert entry["low"] == round(low, 2), (name, entry["id"])
            assert entry["high"] == round(high, 2), (name, entry["id"])
            assert entry["df"] == round(test.df, 2)
            assert entry["beyond_noise"] is bool(test.pvalue < 0.05)
            assert entry["before"] == pytest.approx(sum(one) / len(one), abs=0.005)
            assert entry["after"] == pytest.approx(sum(two) / len(two), abs=0.005)
    # The point of lift in Sales is beyond the noise in its total; Support's is not.
    assert groups["Sales"]["total"]["beyond_noise"] is True
    assert groups["Support"]["total"]["beyond_noise"] is False

    table = run("compare", tmp_path / "w1.csv", tmp_path / "w2.csv", "--group-by", "team")
    assert "team = Solo: 2 and 2 scored; figures withheld" in table.stdout
    assert "team = Sales: 8 and 7 scored" in table.stdout
    shown = run(
        "compare",
        tmp_path / "w1.csv",
        tmp_path / "w2.csv",
        "--group-by",
        "team",
        "--min-group",
        "2",
        "-f",
        "json",
    )
    solo = next(g for g in json.loads(shown.stdout)["groups"] if g["group"] == "Solo")
    assert solo["withheld"] is False and solo["total"]["df"] > 0


def test_a_rejected_row_is_named_and_the_rest_compared(tmp_path: Path) -> None:
    wave(tmp_path / "w1.csv", {"Sales": 4}, {}, seed=3)
    wave(tmp_path / "w2.csv", {"Sales": 4}, {}, seed=4)
    text = (tmp_path / "w2.csv").read_text(encoding="utf-8")
    (tmp_path / "w2.csv").write_text(text + "Late,2026-03-02,Sales,9" + ",3" * 24 + "\n")
    out = run("compare", tmp_path / "w1.csv", tmp_path / "w2.csv", "-f", "json")
    assert out.exit_code == 1
    assert f"{tmp_path / 'w2.csv'}: row 6, column culture.1:" in out.stderr
    data = json.loads(out.stdout)
    assert (data["after"]["respondents"], data["after"]["rejected"]) == (4, 1)
    empty = tmp_path / "empty.csv"
    empty.write_text(HEADER + "\n", encoding="utf-8")
    nothing = run("compare", tmp_path / "w1.csv", empty)
    assert nothing.exit_code == 1
    assert nothing.stderr.strip().endswith("no respondent in this wave could be scored")

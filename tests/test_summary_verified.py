"""`score --summary-only --group-by` JSON: every figure of every group against NumPy/SciPy
(`summary_check`), including alpha-if-deleted, item-rest r, spread_z, the disagreement
verdict and all three answer patterns, on a small export with a withheld team."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from summary_check import SIZES, check_group
from typer.testing import CliRunner

from custserv_audit.cli import app
from custserv_audit.schema.definition import load_questionnaire

ITEMS = [i.id for s in load_questionnaire(None, "en").sections for i in s.items]
TEAMS = {"north": 30, "south": 24, "west": 12, "board": 2}


def ratings(rng: np.random.Generator, n: int) -> np.ndarray:
    """Correlated ratings (a trait per section), so alpha and item-rest r mean something."""
    parts = [
        np.clip(np.rint(3.3 + 0.8 * rng.normal(size=(n, 1)) + 0.9 * rng.normal(size=(n, k))), 1, 5)
        for k in SIZES
    ]
    return np.hstack(parts).astype(int)


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, np.ndarray]]:
    rng = np.random.default_rng(29)
    data = {team: ratings(rng, n) for team, n in TEAMS.items()}
    data["north"][0] = 4  # the same rating for every statement
    data["north"][1] = [2] * 18 + [3, 4, 5, 1, 3, 4, 5]  # one rating in an 18-long run
    data["south"][0] = [1, 2] * 12 + [1]  # two ratings taking turns
    path = tmp_path_factory.mktemp("verified") / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["respondent", "team", *ITEMS])
        for team, x in data.items():
            for i, row in enumerate(x.tolist()):
                writer.writerow([f"{team}-{i}", team, *row])
    return path, data


def test_every_figure_of_every_group(export: tuple[Path, dict[str, np.ndarray]]) -> None:
    path, data = export
    args = ["score", str(path), "--summary-only", "--group-by", "team", "-f", "json"]
    result = CliRunner().invoke(app, [*args, "--lang", "en"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)["summary"]
    everyone = np.vstack(list(data.values()))
    check_group(summary, everyone, ITEMS)
    assert {q["flag"]: q["count"] for q in summary["quality"]} == {
        "straight_line": 1,
        "long_string": 1,
        "alternating": 1,
    }
    shown = [g for g in summary["groups"] if not g.get("withheld")]
    assert [g["group"] for g in shown] == ["north", "south", "west"]
    for group in shown:
        check_group(group, data[group["group"]], ITEMS)
    board = next(g for g in summary["groups"] if g["group"] == "board")
    assert board == {"group": "board", "count": 2, "withheld": True}

"""`score --format xlsx`: the workbook read back with openpyxl."""

from __future__ import annotations

import csv
import io
import itertools
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest
from scipy import stats as sps
from typer.testing import CliRunner

from custserv_audit.cli import app
from custserv_audit.schema.definition import load_questionnaire

Q = load_questionnaire(None, "en")
ITEMS = [i.id for s in Q.sections for i in s.items]


def export(tmp_path: Path) -> Path:
    path = tmp_path / "export.csv"
    rows = [["respondent", *ITEMS, "team"]]
    for n in range(6):
        rows.append([f'=HYPERLINK("x","P{n}")', *[str(1 + (n + j) % 5) for j in range(25)], "a"])
    rows.append(["bad", "x", *["3"] * 24, "a"])
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["score", *args, "--lang", "en"])
    return result.exit_code, result.stdout + result.stderr


def test_workbook_sheets_hold_numbers_as_numbers(tmp_path: Path) -> None:
    book_path = tmp_path / "out.xlsx"
    code, _out = run(str(export(tmp_path)), "-f", "xlsx", "-o", str(book_path))
    assert code == 1  # one bad row, the rest scored
    book = openpyxl.load_workbook(book_path)
    assert book.sheetnames == ["results", "summary", "statements"]
    results = list(book["results"].iter_rows(values_only=True))
    header = results[0]
    assert header[:6] == ("source", "row", "respondent", "date", "questionnaire", "culture")
    first = dict(zip(header, results[1], strict=True))
    assert isinstance(first["row"], int) and first["row"] == 2
    assert isinstance(first["culture"], float | int) and isinstance(first["total"], float | int)
    # A cell that looks like a formula stays the text it was.
    assert first["respondent"] == '=HYPERLINK("x","P0")'
    assert book["results"]["C2"].data_type == "s"
    bad = dict(zip(header, results[-1], strict=True))
    assert bad["row"] == 8 and "x" in str(bad["error"])

    # The summary sheets are the summary CSV's rows, numbers as numbers.
    args = ["score", str(export(tmp_path)), "-f", "csv", "--summary-only", "--lang", "en"]
    csv_rows = list(csv.reader(io.StringIO(CliRunner().invoke(app, args).stdout)))
    summary = list(book["summary"].iter_rows(values_only=True))
    statements = list(book["statements"].iter_rows(values_only=True))
    assert summary[0] == tuple(csv_rows[0]) == statements[0]
    figures = [r for r in csv_rows[1:] if r and r[2] not in ("statement", "rating")]
    assert len(summary) - 1 == len(figures)
    for got, want in zip(summary[1:], figures, strict=True):
        for value, cell in zip(got, want, strict=True):
            if cell == "":
                assert value is None
            elif isinstance(value, int | float):
                assert value == float(cell)
            else:
                assert value == cell
    total = next(r for r in summary if r[2] == "total")
    assert isinstance(total[6], float) and isinstance(total[12], float)
    assert {r[2] for r in statements[1:]} == {"statement", "rating"}


def test_a_workbook_needs_an_output_file(tmp_path: Path) -> None:
    code, out = run(str(export(tmp_path)), "-f", "xlsx")
    assert code == 2
    assert "needs --output" in out


def _ratings(seed: int, n: int) -> list[list[int]]:
    """Random ratings with a respondent level, so sections and totals spread and tie."""
    rng = np.random.default_rng(seed)
    level = rng.normal(size=(n, 1))
    data = np.clip(np.rint(3.2 + 0.8 * level + rng.normal(size=(n, len(ITEMS)))), 1, 5)
    return [[int(v) for v in row] for row in data]


def _write(path: Path, data: list[list[int]], teams: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["respondent", "team", *ITEMS])
        for i, (row, team) in enumerate(zip(data, teams, strict=True)):
            writer.writerow([f"P{i}", team, *row])
    return path


def _scores(data: list[list[int]]) -> tuple[list[list[Fraction]], list[Fraction]]:
    """Each respondent's exact section means and total, worked out here from the ratings."""
    bounds = list(itertools.accumulate((len(s.items) for s in Q.sections), initial=0))
    pairs = list(itertools.pairwise(bounds))
    sections = [[Fraction(sum(r[a:b]), b - a) for a, b in pairs] for r in data]
    return sections, [sum(row, Fraction(0)) for row in sections]


def _mean(values: list[Fraction]) -> float:
    """An exact mean as a float, so a mean equal to a norm's score ties with it."""
    return float(sum(values, Fraction(0)) / len(values))


class _Expected:
    """Percentiles worked out by SciPy from the norm's own ratings (ties count half)."""

    def __init__(self, norm_data: list[list[int]]) -> None:
        self.sections, self.totals = _scores(norm_data)

    def __call__(self, column: int | None, value: float) -> float:
        pool = self.totals if column is None else [row[column] for row in self.sections]
        return float(sps.percentileofscore([float(v) for v in pool], value, kind="mean"))


NAMES = [s.id for s in Q.sections]
TEAMS = ["north"] * 11 + ["south"] * 9 + ["solo"] * 2
MEMBERS = {None: range(22), "north": range(11), "south": range(11, 20)}


def _check_results(book: Any, batch: list[list[int]], expected: _Expected) -> None:
    """The results sheet: a percentile per section and the total, stored as numbers."""
    sheet = book["results"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    at = header.index("error") + 1
    assert header[at : at + 8] == [f"percentile.{sid}" for sid in NAMES] + ["percentile.total"]
    assert header[-1] == "team"  # the metadata columns still follow
    sections, totals = _scores(batch)
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == len(batch)
    for i, row in enumerate(rows):
        cells = dict(zip(header, row, strict=True))
        for j, sid in enumerate(NAMES):
            cell = cells[f"percentile.{sid}"]
            assert cell.data_type == "n"
            assert cell.value == pytest.approx(expected(j, float(sections[i][j])), abs=0.0501)
        total = cells["percentile.total"]
        assert total.data_type == "n"
        assert total.value == pytest.approx(expected(None, float(totals[i])), abs=0.0501)


def _check_summary(book: Any, batch: list[list[int]], expected: _Expected) -> None:
    """The summary sheet: a group's percentile is that of its mean among the norm's scores."""
    sections, totals = _scores(batch)
    sheet = book["summary"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[-1] == "percentile"
    seen: set[tuple[str | None, str]] = set()
    for row in sheet.iter_rows(min_row=2):
        cells = dict(zip(header, row, strict=True))
        kind, group, cell = cells["kind"].value, cells["group"].value, cells["percentile"]
        if group == "solo":  # withheld: below --min-group, no figure at all
            assert kind == "withheld" and cell.value is None
        elif kind not in ("section", "total"):
            assert cell.value is None
        else:
            who = MEMBERS[group]
            if kind == "total":
                want = expected(None, _mean([totals[i] for i in who]))
            else:
                j = NAMES.index(cells["id"].value)
                want = expected(j, _mean([sections[i][j] for i in who]))
            assert cell.data_type == "n"
            assert cell.value == pytest.approx(want, abs=0.0501), (group, cells["id"].value)
            seen.add((group, cells["id"].value))
    assert len(seen) == 3 * (len(NAMES) + 1)


def test_workbook_percentiles_match_scipy(tmp_path: Path) -> None:
    norm_data, batch = _ratings(7, 80), _ratings(8, 22)
    norm_csv = _write(tmp_path / "norm.csv", norm_data, ["x"] * 80)
    batch_csv = _write(tmp_path / "batch.csv", batch, TEAMS)
    norm_path = tmp_path / "norm.json"
    built = CliRunner().invoke(app, ["norms", "build", str(norm_csv), "-o", str(norm_path)])
    assert built.exit_code == 0, built.output
    book_path = tmp_path / "out.xlsx"
    args = ["--norms", str(norm_path), "--group-by", "team", "-f", "xlsx", "-o", str(book_path)]
    code, out = run(str(batch_csv), *args)
    assert code == 0, out
    book = openpyxl.load_workbook(book_path)
    expected = _Expected(norm_data)
    _check_results(book, batch, expected)
    _check_summary(book, batch, expected)

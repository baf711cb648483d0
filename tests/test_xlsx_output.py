"""`score --format xlsx`: the workbook read back with openpyxl."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
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

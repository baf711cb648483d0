"""--output's extension chooses the format when --format is not given; a contradiction is a
usage error (exit 2) in one line, and nothing is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLE_YAML, Invoke


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.yaml").write_text(EXAMPLE_YAML, encoding="utf-8")
    (tmp_path / "other.yaml").write_text(EXAMPLE_YAML.replace("Example Oy", "B"), "utf-8")
    return tmp_path


def test_score_takes_json_from_the_extension(cli: Invoke, here: Path) -> None:
    assert cli("score", "good.yaml", "-o", "out.json").exit_code == 0
    data = json.loads((here / "out.json").read_text("utf-8"))
    assert data[0]["total"] == 27


def test_score_takes_ndjson_and_csv_from_the_extension(cli: Invoke, here: Path) -> None:
    assert cli("score", "good.yaml", "other.yaml", "-o", "out.ndjson").exit_code == 0
    lines = (here / "out.ndjson").read_text("utf-8").splitlines()
    assert [json.loads(line)["respondent"] for line in lines] == ["Example Oy", "B"]
    assert cli("score", "good.yaml", "-o", "OUT.CSV").exit_code == 0
    assert (here / "OUT.CSV").read_text("utf-8").startswith("source,")


def test_score_to_a_txt_file_or_unknown_extension_is_the_table(cli: Invoke, here: Path) -> None:
    assert cli("score", "good.yaml", "other.yaml", "-o", "out.txt").exit_code == 0
    assert "Example Oy" in (here / "out.txt").read_text("utf-8")
    assert not (here / "out.txt").read_text("utf-8").startswith("[")


@pytest.mark.parametrize(
    "argv",
    [
        ["score", "good.yaml", "--format", "csv", "-o", "x.json"],
        ["form", "--format", "pdf", "-o", "x.html"],
        ["form", "-f", "markdown", "-o", "x.pdf"],
        ["report", "good.yaml", "--format", "pdf", "-o", "x.html"],
    ],
)
def test_a_contradiction_is_a_usage_error(cli: Invoke, here: Path, argv: list[str]) -> None:
    result = cli(*argv)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--format" in lines[0] and "x." in lines[0]
    assert not list(here.glob("x.*"))


def test_form_and_report_take_the_format_from_the_extension(cli: Invoke, here: Path) -> None:
    assert cli("form", "-o", "lomake.html", "--lang", "fi").exit_code == 0
    assert (here / "lomake.html").read_text("utf-8").lstrip().lower().startswith("<!doctype html")
    assert cli("form", "-o", "form.md").exit_code == 0
    assert (here / "form.md").read_text("utf-8").startswith("# ")
    assert cli("report", "good.yaml", "-o", "r.html").exit_code == 0
    assert "<html" in (here / "r.html").read_text("utf-8")
    assert cli("report", "good.yaml", "-o", "r.pdf").exit_code == 0
    assert (here / "r.pdf").read_bytes().startswith(b"%PDF")
    # the same format said twice is no contradiction
    assert cli("form", "-f", "html", "-o", "same.HTML").exit_code == 0


def test_compatible_formats_are_no_contradiction(cli: Invoke, here: Path) -> None:
    assert cli("score", "good.yaml", "-f", "ndjson", "-o", "lines.json").exit_code == 0
    assert json.loads((here / "lines.json").read_text("utf-8"))["total"] == 27
    assert cli("score", "good.yaml", "-f", "csv", "-o", "table.txt").exit_code == 0
    assert (here / "table.txt").read_text("utf-8").startswith("source,")

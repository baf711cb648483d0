"""A plain `score` command line runs without Typer and gives exactly what the Typer command
gives: the same standard output, standard error, exit code and files."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLE_YAML
from typer.testing import CliRunner

from custserv_audit.cli import app
from custserv_audit.cli.fast import fast_score, split_score_args

CSV = (
    "respondent,culture.1,culture.2,culture.3,culture.4,products.1,products.2,products.3,"
    "products.4,feedback.1,feedback.2,feedback.3,knowledge.1,knowledge.2,knowledge.3,"
    "accessibility.1,accessibility.2,accessibility.3,staff.1,staff.2,staff.3,staff.4,staff.5,"
    "improvement.1,improvement.2,improvement.3,region\r\n"
    "A,5,4,4,3,4,4,5,3,3,3,4,4,4,3,5,4,4,4,4,4,3,5,3,4,4,north\r\n"
    "B,1,2,3,4,5,1,2,3,4,5,1,2,3,4,5,1,2,3,4,5,1,2,3,4,5,south\r\n"
    "C,1,2,x,4,5,1,2,3,4,5,1,2,3,4,5,1,2,3,4,5,1,2,3,4,5,south\r\n"
)


@pytest.fixture
def inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.yaml").write_text(EXAMPLE_YAML, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(EXAMPLE_YAML.replace("[3, 3, 4]", "[3, 9, 4]"), "utf-8")
    (tmp_path / "good.json").write_text(
        '{"questionnaire": "customer-orientation", "answers": {"culture": [1, 2, 3, 4]}}', "utf-8"
    )
    (tmp_path / "export.csv").write_text(CSV, encoding="utf-8", newline="")
    return tmp_path


CASES = [
    ["score", "good.yaml", "-f", "json"],
    ["score", "good.yaml", "--format=ndjson", "--lang", "fi"],
    ["score", "good.yaml", "bad.yaml", "missing.yaml", "good.json", "-f", "ndjson"],
    ["score", "export.csv", "--format", "csv"],
    ["score", "export.csv", "good.yaml", "--summary", "--group-by", "region", "-f", "json"],
    ["score", "export.csv", "--summary-only", "-f", "csv", "--lang", "sk"],
    ["score", "export.csv", "--group-by", "region", "--min-group", "1", "-f", "json"],
    ["score", "export.csv", "--summary", "-f", "csv"],  # a usage error from the core
    ["score", "good.yaml", "-f", "table", "--quiet", "-j", "1"],
    ["score", ".", "-f", "ndjson", "--jobs", "2"],
    ["score", "good.yaml", "-f", "json", "-o", "out.json"],
    ["score", "good.yaml", "-f", "json", "-o", "good.yaml"],  # refuses to replace
    ["score", "good.yaml", "--questionnaire", "nowhere.yaml"],
    ["score", "good.yaml", "bad.yaml", "-o", "out.ndjson"],  # the format from the extension
    ["score", "good.yaml", "-f", "csv", "-o", "out.json"],  # a contradiction
]


@pytest.mark.parametrize("argv", CASES, ids=[" ".join(c[1:]) for c in CASES])
def test_the_fast_path_gives_what_typer_gives(
    argv: list[str], inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = CliRunner().invoke(app, argv)
    typer_files = {p.name: p.read_bytes() for p in inputs.iterdir()}
    for made in set(typer_files) - {"good.yaml", "bad.yaml", "good.json", "export.csv"}:
        (inputs / made).unlink()
    code = fast_score(argv)
    out = capsys.readouterr()
    assert code is not None, "the fast path declined a plain score command line"
    # (the runner's text turns CRLF into LF; the CSV writer's line ends are not in question)
    fast = (code, out.out.replace("\r\n", "\n"), out.err)
    assert fast == (result.exit_code, result.stdout, result.stderr)
    assert {p.name: p.read_bytes() for p in inputs.iterdir()} == typer_files


@pytest.mark.parametrize(
    "argv",
    [
        ["score"],
        ["score", "--help"],
        ["score", "a.yaml", "-h"],
        ["score", "a.yaml", "-f", "xml"],
        ["score", "a.yaml", "-f", "json", "-f", "ndjson"],
        ["score", "a.yaml", "-fjson"],
        ["score", "a.yaml", "--jobs", "-1"],
        ["score", "a.yaml", "--jobs", "two"],
        ["score", "a.yaml", "--jobs", "65"],
        ["score", "a.yaml", "--min-group", "0"],
        ["score", "a.yaml", "--delimiter", ";"],
        ["score", "a.yaml", "--lang", "de"],
        ["score", "a.yaml", "--format"],
        ["score", "a.yaml", "--output", "."],
        ["score", "a.yaml", "--summary=yes"],
        ["score", "a.yaml", "--unknown"],
        ["run"],
        [],
    ],
)
def test_anything_else_goes_to_typer(argv: list[str]) -> None:
    from custserv_audit.cli.fast import convert

    split = split_score_args(argv)
    assert split is None or convert(split[1]) is None

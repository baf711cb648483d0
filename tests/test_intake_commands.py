"""Every command that reads answers takes the intake options of `score`.

`report`, `compare` and `plan` read a legacy Excel CSV with --encoding and --delimiter,
a workbook's named sheet with --sheet, and a code-headed export with --map, and get
the same figures as `score` does from the same file.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import intake_exports as ex
import pytest
import yaml
from conftest import Invoke

from custserv_audit.schema.definition import read_questionnaire

LANGS = read_questionnaire(None, None)
Q = LANGS["en"]
ONE = ex.respondents(LANGS["fi"], count=3)[::2]  # names that cp1252 can hold


def _total(ratings: dict[str, int]) -> float:
    parts = (Fraction(sum(ratings[i.id] for i in s.items), len(s.items)) for s in Q.sections)
    return round(float(sum(parts, Fraction(0))), 2)


def _cp1252(tmp_path: Path, who: int) -> Path:
    """A one-respondent Finnish "CSV (semicolon delimited)" in cp1252."""
    name, data = ex.excel_locale(LANGS["fi"], [ONE[who]], "cp1252")
    path = tmp_path / f"{who}-{name}"
    path.write_bytes(data)
    return path


def _second_sheet(tmp_path: Path, who: int) -> Path:
    """A workbook whose first sheet is notes and whose answers are on sheet 'Answers'."""
    import openpyxl

    source = ex.plain_workbook(Q, [ONE[who]], tmp_path)
    book = openpyxl.load_workbook(source)
    notes = book.create_sheet("Notes", 0)
    notes.append(["collected at the workshop"])
    path = tmp_path / f"{who}-book.xlsx"
    book.save(path)
    return path


def _lime(tmp_path: Path, who: int) -> tuple[Path, Path]:
    """A LimeSurvey export with code headers and the mapping that places them."""
    name, data = ex.limesurvey(Q, [ONE[who]], incomplete=False)
    export = tmp_path / f"{who}-{name}"
    export.write_bytes(data)
    sections = [s.id for s in Q.sections]
    items = {
        i.id: f"Q{sections.index(s.id) + 1}[SQ{int(i.id.partition('.')[2]):03d}]"
        for s in Q.sections
        for i in s.items
    }
    mapping = tmp_path / f"{who}-map.yaml"
    mapping.write_text(
        yaml.safe_dump({"questionnaire": Q.id, "date": "submitdate", "items": items}),
        encoding="utf-8",
    )
    return export, mapping


def _inputs(tmp_path: Path, kind: str, who: int) -> tuple[Path, list[str]]:
    """One respondent's file of `kind` and the options it needs."""
    if kind == "encoding":
        return _cp1252(tmp_path, who), ["--encoding", "cp1252", "--delimiter", ";"]
    if kind == "sheet":
        return _second_sheet(tmp_path, who), ["--sheet", "Answers"]
    export, mapping = _lime(tmp_path, who)
    return export, ["--map", str(mapping)]


KINDS = ["encoding", "sheet", "map"]


@pytest.mark.parametrize("kind", KINDS)
def test_report_reads_with_the_intake_options(cli: Invoke, tmp_path: Path, kind: str) -> None:
    path, options = _inputs(tmp_path, kind, 0)
    assert cli("report", path, "--format", "html").exit_code == 1  # not without them
    result = cli("report", path, "--format", "html", *options)
    assert result.exit_code == 0, result.output
    assert f"{_total(ONE[0].ratings):.2f}" in result.output


@pytest.mark.parametrize("kind", KINDS)
def test_compare_reads_with_the_intake_options(cli: Invoke, tmp_path: Path, kind: str) -> None:
    before, options = _inputs(tmp_path, kind, 0)
    after, _same = _inputs(tmp_path, kind, 1)
    assert cli("compare", before, after, "--format", "json").exit_code == 1
    result = cli("compare", before, after, "--format", "json", *options)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["before"]["total"] == _total(ONE[0].ratings)
    assert data["after"]["total"] == _total(ONE[1].ratings)


def test_compare_takes_a_table_of_several_as_a_wave(cli: Invoke, tmp_path: Path) -> None:
    name, data = ex.excel_locale(LANGS["fi"], ONE, "utf-8")
    both = tmp_path / name
    both.write_bytes(data)
    result = cli("compare", both, both, "--encoding", "utf-8", "--lang", "en")
    assert result.exit_code == 0, result.output
    words = " ".join(result.output.split())
    assert f"Waves compared: {both} (2 scored) and {both} (2 scored)" in words


@pytest.mark.parametrize("kind", KINDS)
def test_plan_reads_with_the_intake_options(cli: Invoke, tmp_path: Path, kind: str) -> None:
    path, options = _inputs(tmp_path, kind, 0)
    out = tmp_path / "plan.yaml"
    common = ["--no-record", "--today", "2026-12-01", "--output", str(out)]
    assert cli("plan", path, *common).exit_code == 1
    result = cli("plan", path, *common, *options)
    assert result.exit_code == 0, result.output
    plan = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert plan["audit"]["total"] == _total(ONE[0].ratings)


def test_the_options_are_declared_once() -> None:
    """score, map, report, compare, plan and norms build show the same option texts."""
    from typer.main import get_command

    from custserv_audit.cli import app

    group = get_command(app)
    helps = {}
    for name in ("score", "report", "compare", "plan", "map"):
        command = group.commands[name]  # type: ignore[attr-defined]
        helps[name] = {
            p.name: p.help for p in command.params if p.name in ("delimiter", "encoding", "sheet")
        }
        assert len(helps[name]) == 3, name
    build = group.commands["norms"].commands["build"]  # type: ignore[attr-defined]
    helps["norms build"] = {
        p.name: p.help for p in build.params if p.name in ("delimiter", "encoding", "sheet")
    }
    assert all(h == helps["score"] for h in helps.values())

"""`score` and `map` on exports, workbooks, TSV, NDJSON and JSON arrays, as a user runs them."""

from __future__ import annotations

import json
import sys
from fractions import Fraction
from pathlib import Path

import intake_exports as ex
import pytest
from conftest import EXAMPLE_RATINGS, Invoke

from custserv_audit.errors import UsageError
from custserv_audit.schema.definition import read_questionnaire

LANGS = read_questionnaire(None, None)
Q = LANGS["en"]
PEOPLE = ex.respondents(Q, count=3)
ITEMS = [i.id for s in Q.sections for i in s.items]


def _total(ratings: dict[str, int]) -> float:
    total = sum(
        (Fraction(sum(ratings[i.id] for i in s.items), len(s.items)) for s in Q.sections),
        Fraction(0),
    )
    return round(float(total), 2)


def _results(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_score_workbook_and_folder_of_tables(cli: Invoke, tmp_path: Path) -> None:
    ex.microsoft_forms(Q, PEOPLE, tmp_path)
    tsv = "\t".join(["respondent", *ITEMS]) + "\n" + "\t".join(["T", *["4"] * 25]) + "\n"
    (tmp_path / "team.tsv").write_text(tsv, encoding="utf-8")
    spec = {"questionnaire": Q.id, "respondent": "N", "answers": EXAMPLE_RATINGS}
    (tmp_path / "more.ndjson").write_text(json.dumps(spec) + "\n", encoding="utf-8")
    result = cli("score", "--format", "ndjson", "--quiet", tmp_path)
    assert result.exit_code == 0, result.output
    rows = _results(result.output)
    by_name = {r["respondent"]: r for r in rows}
    for person in PEOPLE:
        assert by_name[person.name]["total"] == _total(person.ratings)
    assert by_name["T"]["total"] == 28
    assert by_name["N"]["total"] == 27


def test_map_edit_and_score_round_trip(cli: Invoke, tmp_path: Path) -> None:
    name, data = ex.limesurvey(Q, PEOPLE)
    export = tmp_path / name
    export.write_bytes(data)
    refused = cli("score", export)
    assert refused.exit_code == 1
    assert "custserv-audit map" in refused.output
    mapping = tmp_path / "map.yaml"
    assert cli("map", export, "--output", mapping).exit_code == 0
    text = mapping.read_text(encoding="utf-8")
    assert 'culture.1: "Q1[SQ001]"' in text and "proposed: true" in text
    unchecked = cli("score", export, "--map", mapping)
    assert unchecked.exit_code == 1 and "delete the line 'proposed'" in unchecked.output
    mapping.write_text(text.replace("proposed: true\n", ""), encoding="utf-8")
    result = cli("score", export, "--map", mapping, "--format", "ndjson", "--quiet")
    assert result.exit_code == 1  # the incomplete response is reported, the rest scored
    rows = _results(result.stdout)
    assert [r["total"] for r in rows[:-1]] == [_total(p.ratings) for p in PEOPLE]
    assert "incomplete response" in result.output


def test_a_google_export_maps_by_itself(cli: Invoke, tmp_path: Path) -> None:
    name, data = ex.google_grid(LANGS["fi"], PEOPLE)
    (tmp_path / name).write_bytes(data)
    result = cli("map", tmp_path / name)
    assert result.exit_code == 0
    assert "proposed" not in result.output
    assert '"Usein": 4' in result.output


def test_semicolon_file_of_our_layout_and_bad_options(cli: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(
        (";".join(["respondent", *ITEMS]) + "\r\n" + ";".join(["S", *["3"] * 25]) + "\r\n").encode()
    )
    ok = cli("score", path, "--format", "ndjson", "--quiet")
    assert ok.exit_code == 0 and _results(ok.stdout)[0]["total"] == 21
    forced = cli("score", path, "--delimiter", ",")
    assert forced.exit_code == 1
    assert "separated by ';'" in forced.output and "Error" not in forced.output
    assert cli("score", path, "--encoding", "klingon").exit_code == 2
    assert cli("score", path, "--delimiter", "|").exit_code == 2


def test_json_array_and_ndjson_errors_name_their_place(cli: Invoke, tmp_path: Path) -> None:
    good = {"questionnaire": Q.id, "respondent": "A", "answers": EXAMPLE_RATINGS}
    bad = {"questionnaire": Q.id, "respondent": "B", "answers": {**EXAMPLE_RATINGS, "staff": [9]}}
    (tmp_path / "all.json").write_text(json.dumps([good, bad], indent=1), encoding="utf-8")
    result = cli("score", tmp_path / "all.json", "--format", "ndjson", "--quiet")
    assert result.exit_code == 1
    assert [r["respondent"] for r in _results(result.stdout) if "total" in r] == ["A"]
    lines = "\n".join(json.dumps(x) for x in (good, bad, good))
    (tmp_path / "all.ndjson").write_text(lines, encoding="utf-8")
    result = cli("score", tmp_path / "all.ndjson", "--quiet")
    assert result.exit_code == 1
    assert "all.ndjson:2: staff.1: rating 9 is outside the scale 1–5" in result.output


def test_missing_xlsx_extra_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from custserv_audit.intake.xlsx import read_workbook

    monkeypatch.setitem(sys.modules, "python_calamine", None)
    path = ex.plain_workbook(Q, PEOPLE, tmp_path)
    with pytest.raises(UsageError, match=r"custserv-audit\[xlsx\]"):
        read_workbook(path, "answers.xlsx")


def _by_name(output: str) -> dict[object, dict[str, object]]:
    return {r["respondent"]: r for r in _results(output) if "error" not in r}


def test_score_ods_named_sheet_with_date_and_number_cells(cli: Invoke, tmp_path: Path) -> None:
    path = ex.ods_workbook(Q, PEOPLE, tmp_path)
    first = cli("score", path, "--format", "ndjson", "--quiet")
    assert first.exit_code == 1  # the first sheet holds notes, not answers
    result = cli("score", path, "--sheet", "Answers", "--format", "ndjson", "--quiet")
    assert result.exit_code == 0, result.output
    got = _by_name(result.output)
    for person in PEOPLE:
        assert got[person.name]["total"] == _total(person.ratings)
        assert got[person.name]["date"] == person.when.date().isoformat()
        assert got[person.name]["metadata"] == {"team": "north"}


def test_score_xls_and_a_folder_of_workbooks(cli: Invoke, tmp_path: Path) -> None:
    ex.xls_workbook(Q, PEOPLE[:2], tmp_path)
    ods = ex.ods_workbook(Q, PEOPLE[2:], tmp_path)
    result = cli("score", tmp_path / "answers.xls", "--format", "ndjson", "--quiet")
    assert result.exit_code == 0, result.output
    got = _by_name(result.output)
    assert set(got) == {p.name for p in PEOPLE[:2]}
    for person in PEOPLE[:2]:
        assert got[person.name]["total"] == _total(person.ratings)
        assert got[person.name]["date"] == person.when.date().isoformat()
    # A folder picks up both kinds (the .ods answers are on its second sheet: reported).
    folder = cli("score", tmp_path, "--format", "ndjson", "--quiet")
    assert folder.exit_code == 1
    assert {p.name for p in PEOPLE[:2]} <= set(_by_name(folder.stdout))
    assert f"{ods.name}: row 1: no column header names a statement" in folder.stderr

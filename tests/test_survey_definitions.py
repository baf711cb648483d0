"""Survey definitions for platforms: valid for the platform, every language, and their
exports (built from the definition's own names and texts) score without a mapping."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import intake_exports as ex
import pytest
from conftest import Invoke

from custserv_audit.errors import InputError
from custserv_audit.intake.inputs import table_answers
from custserv_audit.model import Answers
from custserv_audit.render.survey import SurveyFormat, render_survey
from custserv_audit.schema.definition import read_questionnaire

LANGS = read_questionnaire(None, None)
QS = list(LANGS.values())
Q = LANGS["en"]
PEOPLE = ex.respondents(Q, count=3)
ITEMS = [i.id for s in Q.sections for i in s.items]


def _score_table(tmp_path: Path, name: str, rows: list[list[Any]], delimiter: str = ",") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path = tmp_path / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    outcomes = list(table_answers(path, None, name, Q))
    assert not [o for o in outcomes if isinstance(o, InputError)], outcomes
    for got, person in zip(outcomes, PEOPLE, strict=True):
        assert isinstance(got, Answers)
        flat = {i.id: got.ratings[s.id][n] for s in Q.sections for n, i in enumerate(s.items)}
        assert flat == person.ratings


def test_xlsform_is_valid_for_pyxform_and_its_kobo_export_scores(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    pyxform = pytest.importorskip("pyxform.xls2xform")
    data = render_survey(QS, SurveyFormat.xlsform)
    assert isinstance(data, bytes)
    path = tmp_path / "form.xlsx"
    path.write_bytes(data)
    result = pyxform.convert(xlsform=str(path))
    xform = result.xform
    for q in QS:
        assert f'lang="{q.language}"' in xform
        assert q.sections[0].items[0].text in xform
    sheet = openpyxl.load_workbook(path)["survey"]
    rows = list(sheet.iter_rows(values_only=True))
    # Kobo's export names each field by its group's path: culture/culture_1.
    fields: list[str] = []
    group = ""
    for r in rows:
        if r[0] == "begin_group":
            group = str(r[1])
        elif str(r[0]).startswith("select_one"):
            fields.append(f"{group}/{r[1]}")
    assert len(fields) == len(ITEMS)
    header = ["start", "end", "respondent", *fields, "_id", "_uuid", "_submission_time"]
    table: list[list[Any]] = [header]
    for n, p in enumerate(PEOPLE):
        stamp = p.when.isoformat()
        table.append([stamp, stamp, p.name, *[p.ratings[i] for i in ITEMS], n, f"u{n}", stamp])
    _score_table(tmp_path, "kobo.csv", table, ";")


def test_limesurvey_structure_and_its_code_export_scores(tmp_path: Path) -> None:
    text = render_survey(QS, SurveyFormat.limesurvey)
    assert isinstance(text, str)
    lines = [line.split("\t") for line in text.splitlines()]
    assert all(len(cells) == len(lines[0]) for cells in lines)
    column = {name: n for n, name in enumerate(lines[0])}
    for q in QS:
        mine = [c for c in lines[1:] if c[column["language"]] == q.language]
        assert sum(1 for c in mine if c[column["class"]] == "SQ") == len(ITEMS)
        assert sum(1 for c in mine if c[column["class"]] == "A") == 5 * len(Q.sections)
    header: list[str] = []
    question = ""
    for cells in lines[1:]:
        if cells[column["language"]] != "en":
            continue
        if cells[column["class"]] == "Q" and cells[column["type/scale"]] == "F":
            question = cells[column["name"]]
        elif cells[column["class"]] == "SQ":
            header.append(f"{question}[{cells[column['name']]}]")
    table: list[list[Any]] = [["id", "submitdate", "respondent", *header]]
    for n, p in enumerate(PEOPLE):
        table.append([n, f"{p.when:%Y-%m-%d %H:%M:%S}", p.name, *[p.ratings[i] for i in ITEMS]])
    _score_table(tmp_path, "lime.csv", table, ";")


def test_surveyjs_json_in_every_language_and_its_results_score(tmp_path: Path, cli: Invoke) -> None:
    text = render_survey(QS, SurveyFormat.surveyjs)
    assert isinstance(text, str)
    survey = json.loads(text)
    ratings = [e for page in survey["pages"] for e in page["elements"] if e["type"] == "rating"]
    assert len(ratings) == len(ITEMS)
    assert ratings[0]["title"]["fi"] == LANGS["fi"].sections[0].items[0].text
    assert [v["value"] for v in ratings[0]["rateValues"]] == [1, 2, 3, 4, 5]
    results = [
        {
            "respondent": p.name,
            **{e["name"]: p.ratings[i] for e, i in zip(ratings, ITEMS, strict=True)},
        }
        for p in PEOPLE
    ]
    path = tmp_path / "results.json"
    path.write_text(json.dumps(results), encoding="utf-8")
    result = cli("score", path, "--format", "ndjson", "--quiet")
    assert result.exit_code == 0, result.output
    names = [json.loads(line)["respondent"] for line in result.stdout.splitlines()]
    assert names == [p.name for p in PEOPLE]


@pytest.mark.parametrize("lang", ["en", "fi", "sk"])
def test_apps_script_grid_export_scores(tmp_path: Path, lang: str) -> None:
    q = LANGS[lang]
    text = render_survey([q], SurveyFormat.google_apps_script)
    assert isinstance(text, str)
    titles = [json.loads(t) for t in re.findall(r"\.setTitle\((\".*?\")\)", text)]
    rows = [json.loads(r) for r in re.findall(r"\.setRows\((\[.*?\])\)", text)]
    labels = json.loads(re.search(r"var labels = (\[.*?\]);", text).group(1))  # type: ignore[union-attr]
    assert len(rows) == len(q.sections) and sum(len(r) for r in rows) == len(ITEMS)
    header = ["Timestamp", titles[0]]
    header += [
        f"{title} [{statement}]"
        for title, grid in zip(titles[1:], rows, strict=True)
        for statement in grid
    ]
    table: list[list[Any]] = [header]
    for p in PEOPLE:
        stamp = f"{p.when:%Y/%m/%d %I:%M:%S %p} GMT+2"
        table.append([stamp, p.name, *[labels[p.ratings[i] - 1] for i in ITEMS]])
    _score_table(tmp_path, "google.csv", table)


def test_form_command_writes_each_definition(cli: Invoke, tmp_path: Path) -> None:
    for fmt in SurveyFormat:
        out = tmp_path / f"survey-{fmt.value}"
        result = cli("form", "--format", fmt.value, "--output", out)
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000
    refused = cli("form", "--format", "xlsform")
    assert refused.exit_code == 2 and "--output" in refused.output

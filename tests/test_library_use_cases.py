"""The use cases the commands call, called as a script would: reports, norms, the
questionnaire check and template, comparisons, mapping drafts and roster forms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLE_RATINGS, answers_yaml

from custserv_audit.batch.report import ReportRequest, only_respondent, write_report
from custserv_audit.batch.waves import WavesRequest, compare_inputs
from custserv_audit.errors import ExitCode, InputError
from custserv_audit.intake.draft import draft_mapping_of
from custserv_audit.model import Questionnaire, Result
from custserv_audit.norms.file import parse_norm
from custserv_audit.norms.service import write_norm_file
from custserv_audit.render.documents import Paper, ReportFormat
from custserv_audit.schema.definition import builtin_path, check_definition
from custserv_audit.schema.template import commented_template, template

LOW = {sid: [2] * len(values) for sid, values in EXAMPLE_RATINGS.items()}


def table_csv(rows: dict[str, dict[str, list[int]]]) -> str:
    """A CSV in the tool's own layout: respondent, then one column per statement."""
    first = next(iter(rows.values()))
    heads = [f"{sid}.{i}" for sid, values in first.items() for i in range(1, len(values) + 1)]
    lines = [",".join(["respondent", *heads])]
    for name, ratings in rows.items():
        lines.append(",".join([name, *(str(v) for vs in ratings.values() for v in vs)]))
    return "\n".join(lines) + "\n"


def test_one_file_of_one_respondent_is_an_individual_report(
    builtin: Questionnaire, tmp_path: Path
) -> None:
    one = tmp_path / "acme.yaml"
    one.write_text(answers_yaml(EXAMPLE_RATINGS, respondent="Acme"), encoding="utf-8")
    many = tmp_path / "team.csv"
    many.write_text(table_csv({"A": EXAMPLE_RATINGS, "B": LOW}), encoding="utf-8")
    result, read = only_respondent(str(one), builtin)
    assert isinstance(result, Result) and result.total == 27 and read is None
    assert only_respondent(str(many), builtin) == (None, None)
    assert only_respondent(str(tmp_path), builtin) == (None, None)  # a folder: a batch
    with pytest.raises(InputError, match="no such file or folder"):
        only_respondent(str(tmp_path / "missing.yaml"), builtin)


def test_a_team_report_is_written_and_a_rejected_input_makes_the_exit_code_1(
    builtin: Questionnaire, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team = tmp_path / "team.csv"
    team.write_text(table_csv({"A": EXAMPLE_RATINGS, "B": LOW}), encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("questionnaire: customer-orientation\nanswers: {}\n", encoding="utf-8")
    out = tmp_path / "team.html"
    request = ReportRequest([str(team)], ReportFormat.html, Paper.a4, out, min_group=1)
    assert write_report(request, builtin) == ExitCode.OK
    assert "<html" in out.read_text(encoding="utf-8")
    again = ReportRequest([str(team), str(bad)], ReportFormat.html, Paper.a4, out, force=True)
    assert write_report(again, builtin) == ExitCode.INPUT
    assert str(bad) in capsys.readouterr().err
    only_bad = ReportRequest([str(bad), str(bad)], ReportFormat.html, Paper.a4, out, force=True)
    assert write_report(only_bad, builtin) == ExitCode.INPUT  # no report, each input told
    assert capsys.readouterr().err.count(str(bad)) == 2


def test_a_norm_file_is_written_with_the_rejected_inputs_counted(
    builtin: Questionnaire, tmp_path: Path
) -> None:
    team = tmp_path / "team.csv"
    team.write_text(table_csv({"A": EXAMPLE_RATINGS, "B": LOW}), encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("questionnaire: customer-orientation\n", encoding="utf-8")
    out = tmp_path / "norms.json"
    notes: list[str] = []
    assert write_norm_file(out, builtin, notes.append, [str(team), str(bad)]) == 1
    norm = parse_norm(out.read_bytes(), str(out), builtin)
    assert norm.count == 2
    assert any(line.startswith(f"Wrote {out}: a norm of 2 respondents") for line in notes)
    assert any("not in the norm): 1" in line for line in notes)


def test_the_check_of_a_definition_describes_it_and_warns_of_long_texts(
    builtin: Questionnaire, tmp_path: Path
) -> None:
    notes: list[str] = []
    line = check_definition(builtin_path(), notes.append)
    assert f"valid questionnaire {builtin.id!r}" in line
    assert f"statements: {builtin.item_count}" in line and notes == []
    long = tmp_path / "long.yaml"
    text = builtin_path().read_text(encoding="utf-8")
    first = builtin.sections[0].items[0].text
    long.write_text(text.replace(first, first + " x" * 400, 1), encoding="utf-8")
    check_definition(long, notes.append)
    assert len(notes) == 1 and notes[0].startswith(f"{long}:")


def test_the_template_is_the_questionnaire_under_a_comment() -> None:
    body = template("fi")
    text = commented_template("fi")
    head = text.removesuffix(body)
    assert head != text and head.count("\n") >= 2
    assert all(line.startswith("# ") and len(line) <= 90 for line in head.splitlines())
    assert "custserv-audit validate FILE" in " ".join(head.split())


def test_compare_inputs_compares_two_audits_or_two_waves(
    builtin: Questionnaire, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before, after = tmp_path / "before.yaml", tmp_path / "after.yaml"
    before.write_text(answers_yaml(LOW, respondent="Acme"), encoding="utf-8")
    after.write_text(answers_yaml(EXAMPLE_RATINGS, respondent="Acme"), encoding="utf-8")
    request = WavesRequest(str(before), str(after), as_json=True)
    assert compare_inputs(request, builtin, tmp_path / "h.sqlite3", "en") == ExitCode.OK
    audits = json.loads(capsys.readouterr().out)
    assert audits["before"]["total"] == 14.0  # every rating 2: seven sections of mean 2
    assert audits["after"]["total"] == 27.0 and audits["after"]["respondent"] == "Acme"
    wave = tmp_path / "wave.csv"
    wave.write_text(table_csv({"A": EXAMPLE_RATINGS, "B": LOW}), encoding="utf-8")
    waves = WavesRequest(str(wave), str(wave), min_group=1, as_json=True)
    assert compare_inputs(waves, builtin, None, "en") == ExitCode.OK
    compared = json.loads(capsys.readouterr().out)
    assert compared["before"]["respondents"] == compared["after"]["respondents"] == 2


def test_a_mapping_is_drafted_for_an_export_file(builtin: Questionnaire, tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(table_csv({"A": EXAMPLE_RATINGS}), encoding="utf-8")
    text = draft_mapping_of(export, builtin)
    assert f"questionnaire: {builtin.id}" in text
    assert '  culture.1: "culture.1"  # B' in text


def test_roster_forms_give_each_participant_whole_sheets(
    builtin: Questionnaire, tmp_path: Path
) -> None:
    pytest.importorskip("reportlab")
    from custserv_audit.paper.pdf import render, roster_forms

    roster = tmp_path / "roster.csv"
    roster.write_text("name,team\nAnna,north\nBen,south\n", encoding="utf-8")
    data = roster_forms(builtin, Paper.a4, roster)
    one = render(builtin, Paper.a4)
    pages = one.count(b"/Type /Page\n")
    assert data.startswith(b"%PDF") and pages >= 1
    assert data.count(b"/Type /Page\n") == 2 * (pages + pages % 2)  # each on its own sheets

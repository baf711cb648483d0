"""Respondents matched by a stable key, not by how their name is spelled in each wave:
the mapping file's `key:`, plans keyed by it, and unnamed rows that match no one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from history_data import Q1, Q2
from typer.testing import CliRunner, Result

from custserv_audit.cli import app
from custserv_audit.errors import QuestionnaireError
from custserv_audit.history.db import open_history
from custserv_audit.intake.mapping import parse_mapping
from custserv_audit.schema.definition import load_questionnaire

ITEMS = [(section, n) for section, ratings in Q1.items() for n in range(len(ratings))]


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [*map(str, args), "--lang", "en"])


def export(path: Path, rows: list[tuple[str, str, str, dict[str, list[int]]]]) -> None:
    """A survey platform's export: name, client id, date, then Q1…Q25."""
    head = "Your name,Client ID,Submitted," + ",".join(f"Q{n + 1}" for n in range(len(ITEMS)))
    lines = [head]
    for name, client, date, ratings in rows:
        values = [str(ratings[s][n]) for s, n in ITEMS]
        lines.append(f"{name},{client},{date}," + ",".join(values))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


MAPPING = (
    "questionnaire: customer-orientation\n"
    'respondent: "Your name"\n'
    'key: "Client ID"\n'
    'date: "Submitted"\n'
    "items:\n" + "".join(f'  {s}.{n + 1}: "Q{i + 1}"\n' for i, (s, n) in enumerate(ITEMS))
)


@pytest.fixture
def mapping(tmp_path: Path) -> Path:
    path = tmp_path / "map.yaml"
    path.write_text(MAPPING, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("key: 12", "map.yaml:3: key: expected a column header in quotes, got 12"),
        ("key:", "map.yaml:3: key: expected a column header in quotes, got None"),
        ("keys: x", "map.yaml:3: unknown key 'keys'"),
    ],
)
def test_a_bad_key_is_named_with_its_line(line: str, message: str) -> None:
    q = load_questionnaire(None, "en")
    text = MAPPING.replace('key: "Client ID"', line)
    with pytest.raises(QuestionnaireError) as info:
        parse_mapping(text.encode(), "map.yaml", q)
    assert str(info.value.problems[0]).startswith(message)


def test_a_key_column_that_is_missing_or_holds_a_statement_is_refused(
    tmp_path: Path, mapping: Path
) -> None:
    wave = tmp_path / "w.csv"
    export(wave, [("Mänty", "c-7", "2026-02-15", Q1)])
    mapping.write_text(MAPPING.replace('key: "Client ID"', 'key: "Client"'), encoding="utf-8")
    missing = run("score", wave, "--map", mapping)
    assert missing.exit_code == 1
    assert "key: no column 'Client' (did you mean 'Client ID'?)" in missing.stderr
    mapping.write_text(MAPPING.replace('key: "Client ID"', 'key: "Q3"'), encoding="utf-8")
    item = run("score", wave, "--map", mapping)
    assert item.exit_code == 1
    assert "key: 'Q3' is the column of item culture.3" in item.stderr


def test_waves_line_up_by_the_key_and_the_plan_follows_up(tmp_path: Path, mapping: Path) -> None:
    db = tmp_path / "h.sqlite3"
    first, second = tmp_path / "spring" / "export.csv", tmp_path / "summer" / "export.csv"
    first.parent.mkdir()
    second.parent.mkdir()
    export(
        first, [("Kahvila Mänty Oy", "C-7", "2026-02-15", Q1), ("Beta", "c-9", "2026-02-15", Q2)]
    )
    # Three months later the name is written differently and the rows come in another order.
    export(second, [("Beta", "c-9", "2026-05-15", Q1), ("Mänty", "c-7", "2026-05-15", Q2)])
    assert run("score", "--record", "--db", db, "--map", mapping, first).exit_code == 0
    plan = tmp_path / "plan.yaml"
    made = run("plan", "1", "--db", db, "-o", plan, "--today", "2026-02-20")
    assert made.exit_code == 0, made.stderr
    assert 'key: "c-7"' in plan.read_text(encoding="utf-8")
    again = run("score", "--record", "--db", db, "--map", mapping, second)
    assert again.exit_code == 0, again.stderr
    # The plan was made for client c-7 (feedback 7/3, target 3); "Mänty" reached 11/3.
    assert f"{second}: Customer feedback: target 3, reached 3.67 (met)" in again.stderr
    with open_history(db) as history:
        c7 = history.records(respondent="C-7")
    assert [(r.respondent, r.date) for r in c7] == [
        ("Kahvila Mänty Oy", "2026-02-15"),
        ("Mänty", "2026-05-15"),
    ]
    conn = sqlite3.connect(db)
    keys = conn.execute("SELECT respondent_key FROM action_plan").fetchall()
    followed = conn.execute("SELECT followed_by, met FROM plan_followup").fetchall()
    conn.close()
    assert keys == [("c-7",)]
    assert followed == [(4, 1)]


def test_unnamed_rows_without_a_key_match_no_other_audit(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    header = "respondent,date," + ",".join(f"{s}.{n + 1}" for s, n in ITEMS)

    def row(date: str, ratings: dict[str, list[int]]) -> str:
        return f",{date}," + ",".join(str(ratings[s][n]) for s, n in ITEMS)

    wave = tmp_path / "export.csv"
    wave.write_text(f"{header}\n{row('2026-02-15', Q1)}\n", encoding="utf-8")
    first = run("score", "--record", "--db", db, wave)
    assert first.exit_code == 0
    assert f"{wave}: row 2: no respondent name or key; recorded as an unnamed respondent" in (
        first.stderr
    )
    # The next wave saved under the same name: row 2 is not the same person.
    wave.write_text(f"{header}\n{row('2026-05-15', Q2)}\n", encoding="utf-8")
    assert run("score", "--record", "--db", db, wave).exit_code == 0
    with open_history(db) as history:
        records = history.records()
    assert [r.respondent for r in records] == ["unnamed respondent", "unnamed respondent"]
    assert len({r.respondent_key for r in records}) == 2
    assert all("row" not in r.respondent for r in records)
    # Recording the same file again adds nothing.
    assert "already recorded as audit #2" in run("score", "--record", "--db", db, wave).stderr

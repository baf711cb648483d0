"""`score --record`, `history`, `history import`, `compare` and `report --db` as a user runs them.

Every test uses a database in its own temporary folder (CUSTSERV_AUDIT_DB), never
the real user data folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from history_data import Q1, Q2, answers_yaml
from typer.testing import CliRunner, Result

from custserv_audit.cli import app

ASSETS = Path(__file__).parent / "assets"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "db" / "history.sqlite3"
    monkeypatch.setenv("CUSTSERV_AUDIT_DB", str(path))
    monkeypatch.chdir(tmp_path)
    return path


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    q1 = tmp_path / "q1.yaml"
    q2 = tmp_path / "q2.yaml"
    q1.write_text(answers_yaml(Q1, "Example Oy", "2026-02-15"), encoding="utf-8")
    q2.write_text(answers_yaml(Q2, "Example Oy", "2026-05-15"), encoding="utf-8")
    return q1, q2


def run(*args: str | Path) -> Result:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- score --record -------------------------------------------------------------------------


def test_score_record_keeps_the_same_answers_once(db: Path, files: tuple[Path, Path]) -> None:
    q1, q2 = files
    first = run("score", "--record", "-f", "json", q1, q2)
    assert first.exit_code == 0
    assert first.stderr == f"Recorded 2 new audit(s) in {db} (0 already recorded).\n"
    assert [r["total"] for r in json.loads(first.stdout)] == [21.73, 24.75]
    again = run("score", "--record", "-f", "json", q1)
    assert again.exit_code == 0
    assert again.stderr.splitlines() == [
        f"{q1}: already recorded as audit #1",
        f"Recorded 0 new audit(s) in {db} (1 already recorded).",
    ]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT id, respondent, date FROM audit ORDER BY id").fetchall() == [
            (1, "Example Oy", "2026-02-15"),
            (2, "Example Oy", "2026-05-15"),
        ]
    conn.close()


def test_db_option_overrides_the_environment(
    db: Path, files: tuple[Path, Path], tmp_path: Path
) -> None:
    other = tmp_path / "other.sqlite3"
    assert run("score", "--record", "--db", other, files[0]).exit_code == 0
    assert other.exists()
    assert not db.exists()


def test_answers_without_name_or_date_are_recorded_under_file_name_and_today(
    db: Path, tmp_path: Path
) -> None:
    anon = tmp_path / "acme.yaml"
    anon.write_text(answers_yaml(Q1, None, None), encoding="utf-8")
    result = run("score", "--record", "-f", "json", anon)
    today = dt.date.today().isoformat()
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"{anon}: no respondent name; recorded as 'acme.yaml'",
        f"{anon}: no date in the answers; recorded with today's date {today}",
        f"Recorded 1 new audit(s) in {db} (0 already recorded).",
    ]
    data = json.loads(run("history", "-f", "json").stdout)
    assert [(a["respondent"], a["date"], a["date_assumed"]) for a in data["audits"]] == [
        ("acme.yaml", today, True)
    ]


def test_a_bad_answer_file_is_not_recorded_and_the_rest_are(
    db: Path, files: tuple[Path, Path], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(answers_yaml({**Q1, "feedback": [2, 3, 9]}, "X", "2026-01-01"), encoding="utf-8")
    result = run("score", "--record", "-f", "json", bad, files[0])
    assert result.exit_code == 1
    assert (
        result.stderr.splitlines()[-1] == f"Recorded 1 new audit(s) in {db} (0 already recorded)."
    )


@pytest.mark.usefixtures("db")
def test_score_record_refuses_a_file_that_is_not_a_history_before_scoring(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\n" * 10, encoding="utf-8")
    before = digest(notes)
    result = run("score", "--record", "--db", notes, "-f", "json", files[0])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{notes}: not a custserv-audit history database (not an SQLite database file); it was "
        "left unchanged; give another file with --db\n"
    )
    assert digest(notes) == before


# --- history ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("db")
def test_history_of_a_respondent_shows_audits_in_date_order_and_each_sections_trend(
    files: tuple[Path, Path],
) -> None:
    q1, q2 = files
    run("score", "--record", q2)  # recorded first, shown second: date order
    run("score", "--record", q1)
    result = run("history", "--respondent", "example oy")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Example Oy — Customer orientation self-assessment"
    audits = [line for line in lines if "2026-" in line]
    assert [line.split("│")[1:5] for line in audits] == [
        [" 2 ", " 2026-02-15 ", " 21.73 ", "        "],
        [" 1 ", " 2026-05-15 ", " 24.75 ", "  +3.02 "],
    ]

    def row(title: str) -> list[str]:
        found = next(line for line in lines if line.startswith(f"│ {title} "))
        return [cell.strip() for cell in found.split("│")[2:-1]]

    # Blocks (0-7) on the scale 1-5: culture 3.5 -> 4, 4.25 -> 6;
    # feedback 7/3 -> 2.33 -> 2, 11/3 -> 4.67 -> 5.
    assert row("Company culture") == ["▅▇", "3.50", "4.25", "+0.75"]
    assert row("Customer feedback") == ["▃▆", "2.33", "3.67", "+1.33"]
    assert row("Continuous improvement") == ["▄▃", "2.67", "2.33", "-0.33"]
    assert row("Total") == ["▅▅", "21.73", "24.75", "+3.02"]


def test_history_of_one_respondent_and_of_none(
    db: Path, files: tuple[Path, Path], tmp_path: Path
) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(answers_yaml(Q2, "Other Ltd", "2026-01-01"), encoding="utf-8")
    run("score", "--record", files[0], other)
    data = json.loads(run("history", "--respondent", "other  LTD", "-f", "json").stdout)
    assert [a["respondent"] for a in data["audits"]] == ["Other Ltd"]
    missing = run("history", "--respondent", "Nobody")
    assert missing.exit_code == 0
    assert missing.stderr == f"No audits of 'Nobody' are recorded in {db}.\n"


def test_history_without_a_database_says_so_and_creates_nothing(db: Path) -> None:
    result = run("history")
    assert result.exit_code == 0
    assert result.stderr == f"No audits are recorded in {db} yet.\n"
    assert not db.exists()
    empty = json.loads(run("history", "-f", "json").stdout)
    assert empty == {"format": "custserv-audit-history", "version": 1, "audits": [], "trends": []}


@pytest.mark.usefixtures("db")
def test_history_json_has_answers_scores_and_trends(files: tuple[Path, Path]) -> None:
    run("score", "--record", *files)
    data = json.loads(run("history", "-f", "json").stdout)
    first, second = data["audits"]
    assert {k: first[k] for k in ("id", "respondent", "date", "date_assumed", "questionnaire")} == {
        "id": 1,
        "respondent": "Example Oy",
        "date": "2026-02-15",
        "date_assumed": False,
        "questionnaire": "customer-orientation",
    }
    assert first["answers"] == Q1
    assert first["scale"] == {"low": 1, "high": 5}
    assert first["sections"][2] == {"id": "feedback", "score": 2.33}
    assert (first["total"], first["change"], second["change"]) == (21.73, None, 3.02)
    assert first["band"] == {"id": "adequate", "label": "Adequate, but needs work"}
    [trend] = data["trends"]
    assert trend["audits"] == [1, 2]
    assert trend["total"] == [21.73, 24.75]
    assert trend["total_change"] == 3.02
    assert trend["sections"][0] == {"id": "culture", "scores": [3.5, 4.25]}


@pytest.mark.usefixtures("db")
def test_export_then_import_round_trip(files: tuple[Path, Path], tmp_path: Path) -> None:
    run("score", "--record", *files)
    backup = tmp_path / "backup.json"
    backup.write_text(run("history", "-f", "json").stdout, encoding="utf-8")
    restored = tmp_path / "restored.sqlite3"
    result = run("history", "import", backup, "--db", restored)
    assert result.exit_code == 0
    assert result.stdout == f"Imported 2 audit(s) into {restored}; 0 were already recorded.\n"
    again = run("history", "import", backup, "--db", restored)
    assert again.stdout == f"Imported 0 audit(s) into {restored}; 2 were already recorded.\n"
    assert run("history", "-f", "json", "--db", restored).stdout == backup.read_text(
        encoding="utf-8"
    )


@pytest.mark.usefixtures("db")
def test_an_import_with_one_bad_audit_imports_nothing(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    run("score", "--record", *files)
    data = json.loads(run("history", "-f", "json").stdout)
    data["audits"][1]["band"] = {"id": "asset", "label": None}  # 24.75 is not an asset
    backup = tmp_path / "edited.json"
    backup.write_text(json.dumps(data, indent=2), encoding="utf-8")
    restored = tmp_path / "restored.sqlite3"
    result = run("history", "import", backup, "--db", restored)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{backup}: audits[1].band: 'asset' does not match the answers (they give 'adequate')\n"
    )
    assert not restored.exists()


# --- compare ---------------------------------------------------------------------------------


def test_compare_two_answer_files(db: Path, files: tuple[Path, Path]) -> None:
    result = run("compare", *files)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        f"Before: Example Oy 2026-02-15 ({files[0]})",
        f"After: Example Oy 2026-05-15 ({files[1]})",
    ]
    assert "Band: Adequate, but needs work (unchanged)" in lines
    assert lines[-2:] == [
        "Most improved: Customer feedback",
        "Most declined: Continuous improvement",
    ]
    assert not db.exists()  # comparing files needs no history


@pytest.mark.usefixtures("db")
def test_compare_json_by_files_and_by_record_ids_agree(files: tuple[Path, Path]) -> None:
    by_file = json.loads(run("compare", "-f", "json", *files).stdout)
    run("score", "--record", *files)
    by_id = json.loads(run("compare", "-f", "json", "1", "#2").stdout)
    assert by_file["total"] == by_id["total"] == {"before": 21.73, "after": 24.75, "change": 3.02}
    assert by_file["sections"] == by_id["sections"]
    assert [s["change"] for s in by_id["sections"]] == [0.75, 0.0, 1.33, 0.67, 0.0, 0.6, -0.33]
    assert by_id["most_improved"] == ["feedback"]
    assert by_id["most_declined"] == ["improvement"]
    assert (by_id["before"]["reference"], by_id["after"]["reference"]) == ("1", "#2")


@pytest.mark.usefixtures("db")
def test_compare_refuses_audits_of_different_questionnaires(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    mini = tmp_path / "mini.yaml"
    mini.write_text(
        answers_yaml({"speed": [1, 2], "care": [0, 1, 2]}, "X", "2026-01-01").replace(
            "customer-orientation", "mini"
        ),
        encoding="utf-8",
    )
    result = run("compare", files[0], mini)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot compare audits of different questionnaires: {files[0]} is "
        f"'customer-orientation', {mini} is 'mini'\n"
    )


@pytest.mark.usefixtures("db", "files")
@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["nothing.yaml", "q1.yaml"],
            1,
            "nothing.yaml: no such answer file, and not a history record id",
        ),
        (["q1.yaml", "7"], 1, "no audits have been recorded yet"),
    ],
)
def test_compare_names_what_it_cannot_find(args: list[str], code: int, message: str) -> None:
    result = run("compare", *args)
    assert result.exit_code == code
    assert message in result.stderr


def test_compare_an_unknown_record_id(db: Path, files: tuple[Path, Path]) -> None:
    run("score", "--record", files[0])
    result = run("compare", "1", "9")
    assert result.exit_code == 1
    assert result.stderr == f"{db}: there is no recorded audit #9\n"


@pytest.mark.usefixtures("db")
def test_compare_with_a_table_of_many_respondents_compares_waves(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    from custserv_audit.schema.definition import load_questionnaire

    items = [i.id for s in load_questionnaire(None, "en").sections for i in s.items]
    rows = [",".join(["respondent", *items])] + [",".join([n, *["3"] * 25]) for n in "AB"]
    table = tmp_path / "many.csv"
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run("compare", files[0], table)
    assert result.exit_code == 0, result.stderr
    assert "Waves compared:" in result.stdout  # one audit against a wave of two
    single = tmp_path / "one.csv"
    single.write_text("\n".join(rows[:2]) + "\n", encoding="utf-8")
    one = run("compare", files[0], single)
    assert one.exit_code == 0, one.stderr
    assert "Waves compared" not in one.stdout  # a table of one row is one audit


# --- a history that is not to be trusted -------------------------------------------------------


def test_history_refuses_a_newer_database_and_leaves_it(db: Path, files: tuple[Path, Path]) -> None:
    run("score", "--record", files[0])
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 5")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = digest(db)
    for args in (["history"], ["score", "--record", str(files[1])], ["compare", "1", "1"]):
        result = run(*args)
        assert result.exit_code == 1
        assert result.stderr.startswith(
            f"{db}: this history database was written by a newer custserv-audit (schema version 5;"
        )
    assert digest(db) == before


@pytest.mark.usefixtures("files")
def test_history_refuses_a_damaged_database_and_leaves_it(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"SQLite format 3\x00" + b"\x00\x10" + b"\xff" * 4000)
    before = digest(db)
    result = run("history")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{db}: the history database is damaged (")
    assert result.stderr.count("\n") == 1
    assert digest(db) == before


# --- report ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("db", "tmp_path")
def test_report_shows_the_change_since_the_previous_recorded_audit(
    files: tuple[Path, Path],
) -> None:
    q1, q2 = files
    alone = run("report", "-f", "html", q2)
    assert alone.exit_code == 0
    assert "since the previous audit" not in alone.stdout
    run("score", "--record", q1, q2)
    result = run("report", "-f", "html", q2)
    assert result.exit_code == 0
    # The previous audit is Q1 (the Q2 record itself is not before Q2's date).
    assert "+3.02 since the previous audit" in result.stdout
    assert result.stderr == "Showing the change since audit #1 of 2026-02-15 in the history.\n"
    first = run("report", "-f", "html", q1)
    assert "since the previous audit" not in first.stdout


# --- two programs at once ----------------------------------------------------------------------


def test_two_score_record_commands_at_once_record_everything(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    folders = []
    for tag in ("a", "b"):
        folder = tmp_path / tag
        folder.mkdir()
        for n in range(25):
            (folder / f"{n}.yaml").write_text(
                answers_yaml(Q1, f"{tag} {n}", "2026-02-15"), encoding="utf-8"
            )
        folders.append(folder)
    env = {**os.environ, "CUSTSERV_AUDIT_DB": str(db), "LANG": "en_US.UTF-8"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    commands = [
        subprocess.Popen(
            [sys.executable, "-m", "custserv_audit", "score", "--record", "-f", "json", str(f)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for f in folders
    ]
    for command in commands:
        _, errors = command.communicate(timeout=120)
        assert command.returncode == 0, errors
        assert errors.splitlines()[-1] == f"Recorded 25 new audit(s) in {db} (0 already recorded)."
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("SELECT count(*) FROM audit").fetchone() == (50,)
    assert conn.execute("SELECT count(*) FROM section_score").fetchone() == (50 * 7,)
    conn.close()


def test_score_record_records_every_respondent_of_a_batch_big_enough_for_workers(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from custserv_audit.batch import parallel as batch

    monkeypatch.setattr(batch, "PARALLEL_MIN_FILES", 2)  # this batch would go to workers
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(6):
        (folder / f"{n}.yaml").write_text(answers_yaml(Q1, f"R{n}", "2026-02-15"), "utf-8")
    result = run("score", "--record", "--jobs", "2", "-f", "json", folder)
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 6
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM audit").fetchone() == (6,)
    conn.close()


@pytest.mark.usefixtures("db")
def test_a_backup_larger_than_an_answer_file_may_be_imports(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    run("score", "--record", files[0])
    data = json.loads(run("history", "-f", "json").stdout)
    one = data["audits"][0]
    data["audits"] = [{**one, "respondent": f"Company {n}"} for n in range(2000)]
    backup = tmp_path / "big.json"
    backup.write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert backup.stat().st_size > 1024 * 1024  # over the cap on answer files
    restored = tmp_path / "restored.sqlite3"
    result = run("history", "import", backup, "--db", restored)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Imported 2000 audit(s) into {restored}; 0 were already recorded.\n"

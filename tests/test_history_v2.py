"""History schema version 2: the upgrade of a version-1 file made by release 0.1, plain numbers
for SQL readers, metadata, stable respondent keys, deleting, and the views.

The fixture `fixtures/history-v1/` was written by release 0.1 and is never changed; each
test works on a copy.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from custserv_audit.cli import app
from custserv_audit.history import db as store
from custserv_audit.history.backup import history_to_dict
from custserv_audit.history.db import HistoryError, open_history
from custserv_audit.schema.definition import load_questionnaire

FIXTURE = Path(__file__).parent / "fixtures" / "history-v1"
V1_JSON = json.loads((FIXTURE / "history-v1.json").read_text(encoding="utf-8"))


@pytest.fixture
def v1(tmp_path: Path) -> Path:
    path = tmp_path / "history.sqlite3"
    shutil.copyfile(FIXTURE / "history-v1.sqlite3", path)
    return path


def exact_total(answers: dict[str, list[int]]) -> Fraction:
    """A total worked out from the answers alone: the sum of the section means."""
    return sum((Fraction(sum(r), len(r)) for r in answers.values()), Fraction(0))


def cli(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_the_fixture_is_a_version_1_file_as_release_0_1_left_it() -> None:
    data = (FIXTURE / "history-v1.sqlite3").read_bytes()
    assert hashlib.sha256(data).hexdigest() == (
        "fd98733d1c29f27610d327a51bd427dadc4acb613c6349bda46785d69d2b8aa2"
    )
    assert int.from_bytes(data[60:64], "big") == 1  # user_version in the file header


def test_opening_a_version_1_file_upgrades_it_and_loses_nothing(v1: Path) -> None:
    q = load_questionnaire(None, "en")
    with open_history(v1) as history:
        records = history.records()
    conn = sqlite3.connect(v1)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    assert conn.execute("PRAGMA application_id").fetchone()[0] == store.APPLICATION_ID
    conn.close()
    now = history_to_dict(records, q)
    # Everything release 0.1 exported is there, field for field; only new fields are added.
    assert len(now["audits"]) == len(V1_JSON["audits"]) == 10
    for old, new in zip(V1_JSON["audits"], now["audits"], strict=True):
        assert {k: new[k] for k in old} == old
        assert new["metadata"] == {} and new["respondent_key"] is None
    assert now["trends"] == V1_JSON["trends"]


def test_upgraded_totals_and_scores_are_plain_numbers_beside_the_exact_fractions(v1: Path) -> None:
    with open_history(v1):
        pass
    conn = sqlite3.connect(v1)
    rows = conn.execute("SELECT id, total, total_exact, answers FROM audit").fetchall()
    for _id, total, exact, answers in rows:
        assert isinstance(total, float)
        assert Fraction(exact) == exact_total(json.loads(answers))
        assert total == float(Fraction(exact))
    scores = conn.execute("SELECT score, score_exact FROM section_score").fetchall()
    assert len(scores) == 65
    assert all(isinstance(s, float) and s == float(Fraction(e)) for s, e in scores)
    conn.close()


def mean_total_by_sql(path: Path, where: str) -> float:
    """`select avg(total)` read the way a consultant would: the sqlite3 shell if there is one."""
    query = f"select avg(total) from audits where {where};"
    shell = shutil.which("sqlite3")
    if shell is not None:
        out = subprocess.run([shell, str(path), query], capture_output=True, text=True, check=True)
        return float(out.stdout.strip())
    conn = sqlite3.connect(path)
    value = float(conn.execute(query).fetchone()[0])
    conn.close()
    return value


def test_plain_sql_gives_the_right_average_total(v1: Path) -> None:
    with open_history(v1):
        pass
    built_in = [a for a in V1_JSON["audits"] if a["questionnaire"] == "customer-orientation"]
    expected = sum(exact_total(a["answers"]) for a in built_in) / len(built_in)
    got = mean_total_by_sql(v1, "questionnaire = 'customer-orientation'")
    # The shell prints 15 significant digits; version 1 gave the mean of the numerators.
    assert got == pytest.approx(float(expected), rel=1e-12)
    assert round(got, 2) == 22.94  # 3097/135: the nine totals of the built-in questionnaire


def test_an_upgrade_that_fails_half_way_leaves_the_file_at_version_1(
    v1: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = hashlib.sha256(v1.read_bytes()).hexdigest()
    broken = (*store.MIGRATIONS[1][:-1], "CREATE VIEW audits AS SELECT nonsense FROM nowhere")
    monkeypatch.setattr(store, "MIGRATIONS", (store.MIGRATIONS[0], broken))
    with pytest.raises(HistoryError):
        open_history(v1)
    conn = sqlite3.connect(v1)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM audit").fetchone()[0] == 10
    assert conn.execute("SELECT total FROM audit WHERE id = 1").fetchone()[0] == "326/15"
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    monkeypatch.undo()
    with open_history(v1) as history:
        assert len(history.records()) == 10
    assert before != hashlib.sha256(v1.read_bytes()).hexdigest()


# --- metadata, --where, stable keys, csv -----------------------------------------------------

CSV = (
    "respondent,date,client_id,team,culture.1,culture.2,culture.3,culture.4,products.1,"
    "products.2,products.3,products.4,feedback.1,feedback.2,feedback.3,knowledge.1,knowledge.2,"
    "knowledge.3,accessibility.1,accessibility.2,accessibility.3,staff.1,staff.2,staff.3,staff.4,"
    "staff.5,improvement.1,improvement.2,improvement.3\n"
)


def csv_row(name: str, date: str, client: str, team: str, rating: int) -> str:
    return f"{name},{date},{client},{team}," + ",".join([str(rating)] * 25) + "\n"


def test_metadata_is_stored_and_where_selects_by_it(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    wave = tmp_path / "wave1.csv"
    wave.write_text(
        CSV
        + csv_row("Acme", "2026-01-10", "c-1", "Sales", 4)
        + csv_row("Beta", "2026-01-11", "c-2", "Support", 2)
        + csv_row("Gamma", "2026-01-12", "c-3", "Sales", 3),
        encoding="utf-8",
    )
    assert cli("score", "--record", "--db", db, "-f", "json", wave).exit_code == 0
    with open_history(db) as history:
        sales = history.records(where=[("team", "Sales")])
        both = history.records(where=[("team", "Sales"), ("respondent", "gamma")])
    assert [r.respondent for r in sales] == ["Acme", "Gamma"]
    assert sales[0].metadata == {"client_id": "c-1", "team": "Sales"}
    assert [r.respondent for r in both] == ["Gamma"]
    listed = cli("history", "--db", db, "--where", "team=Sales", "-f", "csv")
    lines = listed.stdout.splitlines()
    assert lines[0].split(",")[:8] == [
        "id",
        "respondent",
        "respondent_key",
        "date",
        "date_assumed",
        "questionnaire",
        "total",
        "band",
    ]
    assert lines[0].endswith(",client_id,team,source,recorded_at")
    assert [line.split(",")[1] for line in lines[1:]] == ["Acme", "Gamma"]
    assert [line.split(",")[6] for line in lines[1:]] == ["28.0", "21.0"]
    bad = cli("history", "--db", db, "--where", "team")
    assert bad.exit_code == 2
    assert "expected FIELD=VALUE" in bad.stderr


def test_respondents_without_names_line_up_by_the_column_given(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    first, second = tmp_path / "q1.csv", tmp_path / "q2.csv"
    first.write_text(CSV + csv_row("", "2026-01-10", "c-7", "Sales", 3), encoding="utf-8")
    # A later wave: another file, another row, the same client.
    second.write_text(
        CSV
        + csv_row("", "2026-04-10", "c-9", "Sales", 2)
        + csv_row("", "2026-04-10", "C-7", "Sales", 4),
        encoding="utf-8",
    )
    for wave in (first, second):
        result = cli("score", "--record", "--respondent-column", "client_id", "--db", db, wave)
        assert result.exit_code == 0
    with open_history(db) as history:
        records = history.records(respondent="c-7")
    assert [(r.respondent, r.date, r.total) for r in records] == [
        ("c-7", "2026-01-10", Fraction(21)),
        ("C-7", "2026-04-10", Fraction(28)),
    ]
    listing = cli("history", "--db", db)
    rows = [line for line in listing.stdout.splitlines() if "c-7" in line.casefold()]
    assert len(rows) == 1  # one row per respondent, with the change since the previous audit
    assert "+7.00" in rows[0]
    needs_record = cli("score", "--respondent-column", "client_id", first)
    assert needs_record.exit_code == 2


def test_a_stable_key_survives_a_backup_and_an_import(tmp_path: Path) -> None:
    db, restored = tmp_path / "h.sqlite3", tmp_path / "r.sqlite3"
    wave = tmp_path / "w.csv"
    wave.write_text(CSV + csv_row("", "2026-01-10", "c-7", "Sales", 3), encoding="utf-8")
    cli("score", "--record", "--respondent-column", "client_id", "--db", db, wave)
    backup = tmp_path / "backup.json"
    backup.write_text(cli("history", "--db", db, "-f", "json").stdout, encoding="utf-8")
    assert cli("history", "import", backup, "--db", restored).exit_code == 0
    with open_history(restored) as history:
        (record,) = history.records(respondent="C-7")
    assert record.metadata == {"client_id": "c-7", "team": "Sales"}


# --- delete ----------------------------------------------------------------------------------


def test_delete_with_yes_removes_the_audits_their_scores_and_metadata(v1: Path) -> None:
    result = cli("history", "delete", "3", "#5", "--yes", "--db", v1)
    assert result.exit_code == 0
    assert result.stdout == f"Deleted 2 audits from {v1}.\n"
    conn = sqlite3.connect(v1)
    assert [r[0] for r in conn.execute("SELECT id FROM audit ORDER BY id")] == [
        1,
        2,
        4,
        6,
        7,
        8,
        9,
        10,
    ]
    assert (
        conn.execute("SELECT count(*) FROM section_score WHERE audit_id IN (3, 5)").fetchone()[0]
        == 0
    )
    conn.close()


def test_delete_of_an_unknown_id_deletes_nothing(v1: Path) -> None:
    result = cli("history", "delete", "2", "99", "--yes", "--db", v1)
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("there is no recorded audit #99")
    with open_history(v1) as history:
        assert len(history.records()) == 10


def test_delete_without_a_terminal_and_without_yes_is_refused(v1: Path) -> None:
    result = cli("history", "delete", "2", "--db", v1)
    assert result.exit_code == 2
    assert "add --yes" in result.stderr
    bad = cli("history", "delete", "two", "--yes", "--db", v1)
    assert bad.exit_code == 2
    with open_history(v1) as history:
        assert len(history.records()) == 10


# --- views -----------------------------------------------------------------------------------


def test_the_views_give_one_row_per_concept(v1: Path) -> None:
    with open_history(v1):
        pass
    conn = sqlite3.connect(v1)
    kahvila = conn.execute(
        "SELECT respondent, audits, first_date, last_date, first_total, last_total "
        "FROM respondents WHERE respondent_key = 'kahvila mänty oy'"
    ).fetchone()
    assert kahvila == (
        "Kahvila Mänty Oy",
        3,
        "2026-02-16",
        "2026-08-20",
        float(Fraction(326, 15)),
        float(Fraction(364, 15)),
    )
    count = conn.execute("SELECT count(*) FROM section_scores WHERE audit_id = 1").fetchone()[0]
    assert count == 7
    feedback = conn.execute(
        "SELECT score FROM section_scores WHERE audit_id = 1 AND section = 'feedback'"
    ).fetchone()[0]
    assert feedback == float(Fraction(7, 3))
    conn.close()

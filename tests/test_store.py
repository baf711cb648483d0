"""The history database against real SQLite files in temporary folders.

Recording, de-duplication, date order, the previous audit, transactions that
leave nothing half-written, refusal of foreign, damaged and newer files, and
the JSON backup read back.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Mapping, Sequence
from fractions import Fraction
from pathlib import Path

import pytest
from history_data import Q1, Q2

from custserv_audit.errors import InputError
from custserv_audit.history import db as store
from custserv_audit.history.backup import history_to_dict, parse_backup
from custserv_audit.history.db import History, HistoryError, open_history
from custserv_audit.model import Answers, Questionnaire, Result
from custserv_audit.schema.definition import load_questionnaire
from custserv_audit.scoring import score

ASSETS = Path(__file__).parent / "assets"


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return load_questionnaire(None, "en")


def result(
    q: Questionnaire,
    ratings: Mapping[str, Sequence[int]],
    respondent: str | None = "Example Oy",
    date: str | None = "2026-02-15",
    source: str = "q1.yaml",
) -> Result:
    answers = Answers(
        questionnaire=q.id,
        ratings={k: tuple(v) for k, v in ratings.items()},
        respondent=respondent,
        date=date,
        source=source,
    )
    return score(q, answers)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def count(path: Path, table: str = "audit") -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


# --- recording -----------------------------------------------------------------------------


def test_a_new_database_is_marked_versioned_and_in_wal_mode(
    tmp_path: Path, q: Questionnaire
) -> None:
    path = tmp_path / "sub" / "folder" / "history.sqlite3"
    with open_history(path) as history:
        history.record(store.new_record(result(q, Q1)))
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == store.APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION == 2
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_a_record_keeps_respondent_date_questionnaire_answers_and_exact_scores(
    tmp_path: Path, q: Questionnaire
) -> None:
    with open_history(tmp_path / "h.sqlite3") as history:
        done = history.record(store.new_record(result(q, Q1)))
        [record] = history.records()
    assert (done.id, done.already) == (1, False)
    assert record.respondent == "Example Oy"
    assert record.date == "2026-02-15"
    assert record.date_assumed is False
    assert record.questionnaire == "customer-orientation"
    assert record.fingerprint == q.fingerprint
    assert record.source == "q1.yaml"
    assert {k: list(v) for k, v in record.ratings.items()} == Q1
    assert list(record.ratings) == [s.id for s in q.sections]
    assert dict(record.scores) == {
        "culture": Fraction(7, 2),
        "products": Fraction(7, 2),
        "feedback": Fraction(7, 3),
        "knowledge": Fraction(3),
        "accessibility": Fraction(10, 3),
        "staff": Fraction(17, 5),
        "improvement": Fraction(8, 3),
    }
    assert record.total == Fraction(326, 15)
    assert record.band == "adequate"
    assert (record.scale_low, record.scale_high) == (1, 5)
    assert record.recorded_at.endswith("Z")


def test_no_name_is_recorded_as_the_file_name_and_no_date_as_today(q: Questionnaire) -> None:
    new = store.new_record(
        result(q, Q1, respondent=None, date=None, source="in/acme.yaml"), today="2026-11-25"
    )
    assert (new.respondent, new.date, new.date_assumed) == ("acme.yaml", "2026-11-25", True)


def test_the_same_answers_for_the_same_respondent_and_date_are_kept_once(
    tmp_path: Path, q: Questionnaire
) -> None:
    path = tmp_path / "h.sqlite3"
    with open_history(path) as history:
        first = history.record(store.new_record(result(q, Q1)))
        again = history.record(store.new_record(result(q, Q1, source="copy.yaml")))
        # Case and spacing of the name do not make another respondent.
        spaced = history.record(store.new_record(result(q, Q1, respondent="  example   OY ")))
        other_date = history.record(store.new_record(result(q, Q1, date="2026-02-16")))
        other_answers = history.record(store.new_record(result(q, Q2)))
    assert (first.id, first.already) == (1, False)
    assert (again.id, again.already) == (1, True)
    assert (spaced.id, spaced.already) == (1, True)
    assert (other_date.id, other_date.already) == (2, False)
    assert (other_answers.id, other_answers.already) == (3, False)
    assert count(path) == 3
    assert count(path, "section_score") == 3 * 7


def test_history_is_in_date_order_then_in_recording_order(tmp_path: Path, q: Questionnaire) -> None:
    with open_history(tmp_path / "h.sqlite3") as history:
        for date, ratings in [
            ("2026-05-15", Q2),
            ("2026-02-15", Q1),
            ("2026-08-15", Q1),
            ("2026-05-15", Q1),
        ]:
            history.record(store.new_record(result(q, ratings, date=date)))
        history.record(store.new_record(result(q, Q1, respondent="Other Ltd", date="2026-01-01")))
        everyone = [(r.id, r.date) for r in history.records()]
        one = [(r.id, r.date) for r in history.records("EXAMPLE oy")]
    assert everyone == [
        (5, "2026-01-01"),
        (2, "2026-02-15"),
        (1, "2026-05-15"),
        (4, "2026-05-15"),
        (3, "2026-08-15"),
    ]
    assert one == [(2, "2026-02-15"), (1, "2026-05-15"), (4, "2026-05-15"), (3, "2026-08-15")]


def test_the_previous_audit_is_the_latest_one_before(tmp_path: Path, q: Questionnaire) -> None:
    with open_history(tmp_path / "h.sqlite3") as history:
        history.record(store.new_record(result(q, Q1, date="2026-02-15")))  # 1
        history.record(store.new_record(result(q, Q2, date="2026-05-15")))  # 2
        history.record(store.new_record(result(q, Q1, date="2026-05-15")))  # 3, same day again
        history.record(store.new_record(result(q, Q2, respondent="Other", date="2026-04-01")))
        found = history.previous("example oy", q.id, q.fingerprint, "2026-05-15")
        same_day = history.previous("Example Oy", q.id, q.fingerprint, "2026-05-15", before_id=3)
        first = history.previous("Example Oy", q.id, q.fingerprint, "2026-02-15", before_id=1)
        other_structure = history.previous("Example Oy", q.id, "0" * 16, "2026-12-31")
    assert found is not None and found.id == 1
    assert same_day is not None and same_day.id == 2
    assert first is None
    assert other_structure is None


def test_record_audit_returns_the_previous_audit_rescored(tmp_path: Path, q: Questionnaire) -> None:
    with open_history(tmp_path / "h.sqlite3") as history:
        done, previous = store.record_audit(history, result(q, Q1))
        assert (done.id, previous) == (1, None)
        done, previous = store.record_audit(history, result(q, Q2, date="2026-05-15"))
    assert done.id == 2
    assert previous is not None
    assert previous.total == Fraction(326, 15)
    assert previous.answers.date == "2026-02-15"


def test_a_record_of_another_structure_is_not_rescored(tmp_path: Path, q: Questionnaire) -> None:
    mini = load_questionnaire(ASSETS / "mini.yaml", "en")
    with open_history(tmp_path / "h.sqlite3") as history:
        history.record(store.new_record(result(q, Q1)))
        record = history.get(1)
    with pytest.raises(HistoryError) as caught:
        store.to_result(record, mini)
    message = str(caught.value)
    assert message.startswith(
        "history record #1: it is an audit of questionnaire 'customer-orientation'"
    )
    assert q.fingerprint in message and mini.fingerprint in message


@pytest.mark.usefixtures("q")
def test_an_unknown_record_id_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with open_history(path) as history, pytest.raises(HistoryError) as caught:
        history.get(7)
    assert str(caught.value) == f"{path}: there is no recorded audit #7"


# --- nothing half-written --------------------------------------------------------------------


def test_an_interrupted_write_leaves_no_half_record(
    tmp_path: Path, q: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "h.sqlite3"

    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    with open_history(path) as history:
        history.record(store.new_record(result(q, Q1)))
        # The audit row is written, then Ctrl-C arrives before its section scores.
        monkeypatch.setattr(History, "_insert_scores", interrupted)
        with pytest.raises(KeyboardInterrupt):
            history.record(store.new_record(result(q, Q2, date="2026-05-15")))
        monkeypatch.undo()
        assert [r.id for r in history.records()] == [1]
        # The database is still usable: the same audit records fine afterwards.
        done = history.record(store.new_record(result(q, Q2, date="2026-05-15")))
    assert done.already is False
    assert count(path) == 2
    assert count(path, "section_score") == 14


def test_an_import_is_all_or_nothing(tmp_path: Path, q: Questionnaire) -> None:
    path = tmp_path / "h.sqlite3"
    good = store.new_record(result(q, Q1))
    bad = store.NewRecord(**{**good.__dict__, "respondent": "", "date": "2026-03-01"})
    with open_history(path) as history:
        with pytest.raises(HistoryError):
            history.record_many([good, bad])  # the empty name breaks a CHECK constraint
        assert history.records() == []


# --- refusing what is not ours --------------------------------------------------------------


def test_a_file_that_is_not_sqlite_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my precious notes\n" * 20, encoding="utf-8")
    before = digest(path)
    with pytest.raises(HistoryError) as caught:
        open_history(path)
    assert str(caught.value).startswith(f"{path}: not a custserv-audit history database")
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_another_programs_sqlite_database_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('Ann')")
    conn.close()
    before = digest(path)
    with pytest.raises(HistoryError) as caught:
        open_history(path)
    assert "an SQLite database of another program" in str(caught.value)
    assert digest(path) == before


def test_a_newer_schema_version_is_refused_and_left_unchanged(
    tmp_path: Path, q: Questionnaire
) -> None:
    path = tmp_path / "h.sqlite3"
    with open_history(path) as history:
        history.record(store.new_record(result(q, Q1)))
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 3")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = digest(path)
    with pytest.raises(HistoryError) as caught:
        open_history(path)
    assert str(caught.value) == (
        f"{path}: this history database was written by a newer custserv-audit (schema version "
        "3; this version reads up to 2); upgrade custserv-audit to use it. The file was left "
        "unchanged."
    )
    assert digest(path) == before


def test_a_damaged_database_is_refused_and_left_unchanged(tmp_path: Path, q: Questionnaire) -> None:
    path = tmp_path / "h.sqlite3"
    with open_history(path) as history:
        for n in range(40):
            history.record(store.new_record(result(q, Q1, respondent=f"Company {n}")))
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) >= 3 * page
    data[2 * page : 3 * page] = b"\xde\xad\xbe\xef" * (page // 4)  # the third page is garbage
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(HistoryError) as caught, open_history(path) as history:
        history.records()
    message = str(caught.value)
    assert message.startswith(f"{path}: the history database is damaged (")
    assert "it was left unchanged" in message
    assert digest(path) == before


def test_an_empty_file_becomes_a_new_database(tmp_path: Path, q: Questionnaire) -> None:
    path = tmp_path / "h.sqlite3"
    path.touch()
    with open_history(path) as history:
        history.record(store.new_record(result(q, Q1)))
    assert count(path) == 1


def test_reading_without_a_database_does_not_create_one(tmp_path: Path) -> None:
    path = tmp_path / "none.sqlite3"
    with pytest.raises(HistoryError) as caught:
        open_history(path, create=False)
    assert "no audits have been recorded yet" in str(caught.value)
    assert not path.exists()


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(HistoryError) as caught:
        open_history(tmp_path)
    assert "is a folder" in str(caught.value)


def test_an_older_schema_is_migrated_in_one_step_each(
    tmp_path: Path, q: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A later version adds a column; a version-2 file is brought up to date on opening.
    path = tmp_path / "h.sqlite3"
    with open_history(path) as history:
        history.record(store.new_record(result(q, Q1)))
    monkeypatch.setattr(store, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(
        store, "MIGRATIONS", (*store.MIGRATIONS, ("ALTER TABLE audit ADD COLUMN note TEXT",))
    )
    with open_history(path) as history:
        assert [r.id for r in history.records()] == [1]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    columns = [row[1] for row in conn.execute("PRAGMA table_info(audit)")]
    conn.close()
    assert columns[-1] == "note"


def test_default_path_comes_from_the_environment_else_the_user_data_folder(tmp_path: Path) -> None:
    assert store.default_path({store.ENV_VAR: str(tmp_path / "x.db")}) == tmp_path / "x.db"
    import platformdirs

    expected = platformdirs.user_data_path("custserv-audit", appauthor=False) / "history.sqlite3"
    assert store.default_path({}) == expected
    assert store.resolve_path(tmp_path / "given.db") == tmp_path / "given.db"


# --- backup and import ----------------------------------------------------------------------


def test_export_then_import_restores_every_audit(tmp_path: Path, q: Questionnaire) -> None:
    source = tmp_path / "a.sqlite3"
    with open_history(source) as history:
        history.record(store.new_record(result(q, Q1)))
        history.record(store.new_record(result(q, Q2, date="2026-05-15")))
        history.record(store.new_record(result(q, Q2, respondent=None, date=None, source="x.yaml")))
        originals = history.records()
    backup = json.dumps(history_to_dict(originals, q)).encode()

    target = tmp_path / "b.sqlite3"
    parsed = parse_backup(backup, "backup.json")
    with open_history(target) as history:
        done = history.record_many(parsed)
        restored = history.records()
        again = history.record_many(parse_backup(backup, "backup.json"))

    def essence(r: store.Record) -> tuple[object, ...]:
        return (
            r.respondent,
            r.date,
            r.date_assumed,
            r.questionnaire,
            r.fingerprint,
            dict(r.ratings),
            dict(r.scores),
            r.total,
            r.band,
            r.source,
            r.recorded_at,
        )

    assert [d.already for d in done] == [False, False, False]
    assert [essence(r) for r in restored] == [essence(r) for r in originals]
    assert [d.already for d in again] == [True, True, True]
    assert count(target) == 3


def test_a_backup_whose_total_does_not_add_up_is_refused_with_its_line(q: Questionnaire) -> None:
    record = store.new_record(result(q, Q1))
    data = {
        "format": store.BACKUP_FORMAT,
        "version": 1,
        "audits": [
            {
                "respondent": record.respondent,
                "date": record.date,
                "questionnaire": record.questionnaire,
                "fingerprint": record.fingerprint,
                "scale": {"low": 1, "high": 5},
                "answers": Q1,
                "total": 30.0,
                "band": {"id": "adequate", "label": None},
            }
        ],
    }
    text = json.dumps(data, indent=2)
    with pytest.raises(InputError) as caught:
        parse_backup(text.encode(), "b.json")
    line = text.splitlines().index('      "total": 30.0,') + 1
    assert (
        str(caught.value)
        == f"b.json:{line}: audits[0].total: 30.0 does not match the answers (they give 21.73)"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]", "b.json:1: not a custserv-audit history backup"),
        (
            '{"format": "custserv-audit-history", "version": 9, "audits": []}',
            "b.json:1: backup version 9",
        ),
        (
            '{"format": "custserv-audit-history", "version": 1, "audits": [{"respondent": "A", '
            '"date": "2026-13-01"}]}',
            "b.json:1: audits[0].date: expected an ISO date",
        ),
    ],
)
def test_a_broken_backup_names_the_file_and_the_place(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_backup(text.encode(), "b.json")
    assert str(caught.value).startswith(message)


def test_our_database_without_its_tables_is_damaged_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {store.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("CREATE TABLE audit (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(HistoryError) as caught:
        open_history(path)
    assert "the history database is damaged (the table 'section_score' is missing)" in str(
        caught.value
    )
    assert digest(path) == before


def test_a_record_edited_into_nonsense_is_reported_not_guessed(
    tmp_path: Path, q: Questionnaire
) -> None:
    path = tmp_path / "h.sqlite3"
    with open_history(path) as history:
        history.record(store.new_record(result(q, Q1)))
    with sqlite3.connect(path) as conn:
        conn.execute('UPDATE audit SET answers = \'{"culture": ["x"]}\'')
    conn.close()
    with open_history(path) as history, pytest.raises(HistoryError) as caught:
        history.records()
    assert str(caught.value).startswith(
        f"{path}: the history database is damaged (audit #1 cannot be read)"
    )

"""A history database edited by hand outside the program: every row the program reads back
is checked, so a bad number, deep or odd JSON, missing sections or a trigger give one clear
error (the file named, left unchanged), never a traceback, a hang or silent nonsense."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from history_data import Q1, Q2
from reliability_support import run_cli

from custserv_audit.history.db import HistoryError, new_record, open_history
from custserv_audit.model import Answers, Questionnaire
from custserv_audit.schema.definition import load_questionnaire
from custserv_audit.scoring import score

SIX = '{"culture":[4,4,3,3],"products":[3,4,4,3],"feedback":[2,3,2],"knowledge":[3,3,3]'
SEVEN = SIX + ',"accessibility":[4,3,3],"staff":[4,3,3,3,4],"improvement":[3,2,3]}'

# Each edit is made to audit #1 (Q1 below) of a database the program wrote.
EDITS = {
    "total divided by zero": "UPDATE audit SET total_exact = '1/0' WHERE id = 1",
    "total with a huge exponent": "UPDATE audit SET total_exact = '1e999999999' WHERE id = 1",
    "total a million digits long": f"UPDATE audit SET total_exact = '{'9' * 10**6}' WHERE id = 1",
    "total not a number": "UPDATE audit SET total_exact = 'abc' WHERE id = 1",
    "score divided by zero": "UPDATE section_score SET score_exact = '1/0' WHERE audit_id = 1",
    "score with a huge exponent": (
        "UPDATE section_score SET score_exact = '1e-999999999' WHERE audit_id = 1"
    ),
    "answers nested deep": f"UPDATE audit SET answers = '{'[' * 200_000}' WHERE id = 1",
    "answers an object nested deep": (
        f"""UPDATE audit SET answers = '{'{"a":' * 50_000}1{"}" * 50_000}' WHERE id = 1"""
    ),
    "answers a list": "UPDATE audit SET answers = '[1, 2]' WHERE id = 1",
    "a section missing from the answers": f"UPDATE audit SET answers = '{SIX}}}' WHERE id = 1",
    "answers of another length": (
        f"UPDATE audit SET answers = '{SEVEN.replace('[4,4,3,3]', '[4]')}' WHERE id = 1"
    ),
    "an answer off the scale": (
        f"UPDATE audit SET answers = '{SEVEN.replace('[4,4,3,3]', '[9,4,3,3]')}' WHERE id = 1"
    ),
    "a fractional answer": (
        f"UPDATE audit SET answers = '{SEVEN.replace('[4,4,3,3]', '[4.0,4,3,3]')}' WHERE id = 1"
    ),
    "an answer true": (
        f"UPDATE audit SET answers = '{SEVEN.replace('[4,4,3,3]', '[true,4,3,3]')}' WHERE id = 1"
    ),
    "every section score missing": "DELETE FROM section_score WHERE audit_id = 1",
    "some section scores missing": "DELETE FROM section_score WHERE audit_id = 1 AND position > 2",
    "a section score renamed": (
        "UPDATE section_score SET section = 'zzz' WHERE audit_id = 1 AND position = 0"
    ),
    "a section score changed": (
        "UPDATE section_score SET score_exact = '5' WHERE audit_id = 1 AND position = 0"
    ),
    "the scale upside down": "UPDATE audit SET scale_low = 5, scale_high = 1 WHERE id = 1",
    "a name that is bytes": "UPDATE audit SET respondent = x'ff00ff' WHERE id = 1",
    "a trigger that runs on every record": (
        "CREATE TRIGGER t AFTER INSERT ON audit BEGIN DELETE FROM audit WHERE id <> NEW.id; END"
    ),
    "a trigger that calls itself": (
        "CREATE TRIGGER t AFTER INSERT ON audit_metadata BEGIN "
        "INSERT INTO audit_metadata VALUES (NEW.audit_id, NEW.name || 'x', NEW.value); END"
    ),
}


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return load_questionnaire(None, "en")


def _result(q: Questionnaire, ratings: dict[str, list[int]], date: str) -> object:
    answers = Answers(
        questionnaire=q.id,
        ratings={k: tuple(v) for k, v in ratings.items()},
        respondent="Example Oy",
        date=date,
        source="a.yaml",
    )
    return score(q, answers)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory, q: Questionnaire) -> bytes:
    """A database the program wrote: Q1 (#1) and Q2 (#2) of one respondent."""
    path = tmp_path_factory.mktemp("written") / "h.sqlite3"
    with open_history(path) as history:
        history.record(new_record(_result(q, Q1, "2026-02-15")))  # type: ignore[arg-type]
        history.record(new_record(_result(q, Q2, "2026-05-15")))  # type: ignore[arg-type]
    return path.read_bytes()


def _tampered(tmp_path: Path, written: bytes, edit: str) -> Path:
    path = tmp_path / "h.sqlite3"
    path.write_bytes(written)
    with sqlite3.connect(path) as conn:
        conn.executescript(edit)
    conn.close()
    return path


def test_the_untouched_database_reads_back(tmp_path: Path, written: bytes) -> None:
    path = _tampered(tmp_path, written, "SELECT 1")
    with open_history(path, create=False) as history:
        assert [r.date for r in history.records(None)] == ["2026-02-15", "2026-05-15"]


@pytest.mark.parametrize("edit", list(EDITS.values()), ids=list(EDITS))
def test_a_hand_edited_database_is_refused(tmp_path: Path, written: bytes, edit: str) -> None:
    path = _tampered(tmp_path, written, edit)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(HistoryError) as caught, open_history(path, create=False) as history:
        history.records(None)
    assert "damaged" in str(caught.value) and "h.sqlite3" in str(caught.value)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


@pytest.mark.parametrize(
    "edit", [EDITS["total with a huge exponent"], EDITS["answers nested deep"]]
)
def test_the_history_command_says_one_line(tmp_path: Path, written: bytes, edit: str) -> None:
    path = _tampered(tmp_path, written, edit)
    run = run_cli("history", "--db", path, cwd=tmp_path, timeout=30)
    assert run.code == 1, run.err
    assert len(run.err_lines) == 1 and "h.sqlite3" in run.err_lines[0], run.err_lines

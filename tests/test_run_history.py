"""`run` and the history: a completed audit is recorded and shows the change since the
previous one; an interrupted audit records nothing; a history that cannot be used
never costs the answers. The interview is typed line by line (the plain interview), and an
interrupted one through prompt_toolkit's pipe input."""

from __future__ import annotations

import hashlib
import io
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from history_data import Q1, Q2
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from custserv_audit.errors import ExitCode
from custserv_audit.history.db import open_history
from custserv_audit.interactive.plain import PlainIO
from custserv_audit.interactive.session import run_session
from custserv_audit.model import Questionnaire
from custserv_audit.schema.answers import load_answers
from custserv_audit.schema.definition import load_questionnaire


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return load_questionnaire(None, "en")


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe:
        yield pipe


def typed(ratings: Mapping[str, Sequence[int]]) -> str:
    """Every rating on a line of its own, then 'a' to accept the review (the plain
    interview: the history sees the same result whichever way the answers were asked)."""
    return "".join(f"{r}\n" for values in ratings.values() for r in values) + "a\n"


def audit(
    q: Questionnaire,
    text: str,
    save: Path,
    date: str,
    history: Path | None,
    respondent: str | None = "Example Oy",
    keys: PipeInput | None = None,
) -> tuple[int, str]:
    """One `run`: `text` typed line by line, or with `keys` as keys into the prompts."""
    out = io.StringIO()
    if keys is not None:
        keys.send_text(text)
        io_options: dict[str, Any] = {"input": keys, "output": DummyOutput()}
    else:
        io_options = {"plain": PlainIO(io.StringIO(text), io.StringIO())}  # questions apart
    code = run_session(
        q,
        respondent=respondent,
        save=save,
        resume=None,
        date=date,
        console=Console(file=out, width=1000, no_color=True, highlight=False),
        history=history,
        **io_options,
    )
    return code, out.getvalue()


def test_two_audits_are_recorded_and_the_second_shows_the_change(
    q: Questionnaire, tmp_path: Path
) -> None:
    db = tmp_path / "history.sqlite3"
    code, first = audit(q, typed(Q1), tmp_path / "q1.yaml", "2026-02-15", db)
    assert code == 0
    assert f"Recorded in the history as audit #1 ({db})." in first
    assert "Change" not in first
    code, second = audit(q, typed(Q2), tmp_path / "q2.yaml", "2026-05-15", db)
    assert code == 0
    assert f"Recorded in the history as audit #2 ({db})." in second
    # Total 99/4 - 326/15 = 181/60 = 3.0167 since the Q1 audit; feedback 7/3 -> 11/3 is +1.33.
    assert "+3.02 since the last audit" in second
    feedback = next(line for line in second.splitlines() if "Customer feedback" in line)
    assert feedback.rstrip(" │").endswith("+1.33")
    with open_history(db, create=False) as history:
        assert [(r.id, r.date, r.respondent) for r in history.records()] == [
            (1, "2026-02-15", "Example Oy"),
            (2, "2026-05-15", "Example Oy"),
        ]


def test_the_same_audit_twice_is_kept_once(q: Questionnaire, tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    audit(q, typed(Q1), tmp_path / "a.yaml", "2026-02-15", db)
    code, out = audit(q, typed(Q1), tmp_path / "b.yaml", "2026-02-15", db)
    assert code == 0
    assert "This audit is already in the history as #1." in out
    with open_history(db, create=False) as history:
        assert len(history.records()) == 1


def test_an_interrupted_audit_records_nothing(
    q: Questionnaire, keys: PipeInput, tmp_path: Path
) -> None:
    db = tmp_path / "history.sqlite3"
    code, _ = audit(q, "4\r4\r\x03", tmp_path / "part.yaml", "2026-02-15", db, keys=keys)
    assert code == ExitCode.INTERRUPTED
    assert not db.exists()


def test_without_a_history_nothing_is_recorded(q: Questionnaire, tmp_path: Path) -> None:
    code, out = audit(q, typed(Q1), tmp_path / "a.yaml", "2026-02-15", None)
    assert code == 0
    assert "Recorded in the history" not in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]


def test_a_history_that_cannot_be_used_never_costs_the_answers(
    q: Questionnaire, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "notes.txt"
    db.write_text("not a database\n" * 10, encoding="utf-8")
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    save = tmp_path / "q1.yaml"
    code, out = audit(q, typed(Q1), save, "2026-02-15", db)
    assert code == ExitCode.INPUT
    assert "21.73" in out  # the result is still shown
    errors = capsys.readouterr().err.splitlines()
    assert errors == [
        f"{db}: not a custserv-audit history database (not an SQLite database file); it was "
        "left unchanged; give another file with --db",
        f"Your answers are safe in {save}; record them later with: custserv-audit score "
        f"--record {save}",
    ]
    answers = load_answers(save.read_bytes(), str(save), q)
    assert {k: list(v) for k, v in answers.ratings.items()} == Q1
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_a_nameless_audit_is_kept_under_its_file_name(q: Questionnaire, tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    # The first question asks for the name; Enter leaves it empty.
    code, out = audit(q, "\n" + typed(Q1), tmp_path / "mine.yaml", "2026-02-15", db, None)
    assert code == 0
    assert "No name was given, so the history keeps it under 'mine.yaml'." in out
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT respondent FROM audit").fetchall() == [("mine.yaml",)]
    conn.close()

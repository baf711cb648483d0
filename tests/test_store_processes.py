"""The history database shared by real processes: two writers at once, and a writer killed
in the middle of its work. Afterwards every committed audit is whole and SQLite's own
integrity check passes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# Records audits of the built-in questionnaire: `count` of its own (respondent
# "<tag> n") and the ten shared ones ("Shared n"), which both writers record.
WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from custserv_audit.history import db as store
    from custserv_audit.schema.definition import load_questionnaire
    from custserv_audit.model import Answers
    from custserv_audit.scoring import score

    db, tag, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    q = load_questionnaire(None, "en")

    def audit(name, n):
        ratings = {s.id: tuple(1 + (n + i) % 5 for i in range(len(s.items))) for s in q.sections}
        answers = Answers(q.id, ratings, respondent=name, date="2026-03-01", source=name)
        return store.new_record(score(q, answers))

    while not go.exists():  # both writers start together
        time.sleep(0.005)
    forever = count < 0
    n = 0
    while forever or n < count:
        with store.open_history(Path(db)) as history:
            done = history.record(audit(f"{tag} {n}", n))
            if n < 10:
                history.record(audit(f"Shared {n}", n))
        print(done.id, flush=True)
        n += 1
    """
)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = (
        str(Path(__file__).resolve().parents[1]) + os.pathsep + env.get("PYTHONPATH", "")
    )
    return env


def _check_whole(path: Path) -> tuple[int, int]:
    """(audits, audits with all 7 section scores), after SQLite's integrity check."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        audits = conn.execute("SELECT count(*) FROM audit").fetchone()[0]
        whole = conn.execute(
            "SELECT count(*) FROM (SELECT audit_id FROM section_score GROUP BY audit_id "
            "HAVING count(*) = 7)"
        ).fetchone()[0]
    finally:
        conn.close()
    return audits, whole


def test_two_writers_at_once_lose_nothing_and_duplicate_nothing(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    go = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), tag, "30", str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for tag in ("Alpha", "Beta")
    ]
    go.touch()
    outputs = [w.communicate(timeout=120) for w in writers]
    for writer, (out, errors) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, errors
        assert len(out.split()) == 30
    # 30 own audits each, and the 10 shared ones once although both recorded them.
    assert _check_whole(db) == (70, 70)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_writer_killed_mid_work_leaves_only_whole_records(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    go = tmp_path / "go"
    go.touch()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), "Killed", "-1", str(go)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    assert writer.stdout is not None
    committed = [writer.stdout.readline() for _ in range(25)]
    writer.send_signal(signal.SIGKILL)  # no chance to clean up, as with a power cut
    writer.wait(timeout=30)
    assert all(line.strip().isdigit() for line in committed)
    audits, whole = _check_whole(db)
    assert audits == whole
    assert audits >= 25 + 10  # every audit reported as committed is there, whole

    from custserv_audit.history import db as store

    with store.open_history(db) as history:  # and the file is still ours and usable
        assert len(history.records()) == audits


# Opens (and creates) each history it is told of on standard input, as soon as it reads
# its name; prints how many audits it holds.
OPENER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from custserv_audit.history import db as store

    print("ready", flush=True)
    for line in sys.stdin:
        with store.open_history(Path(line.rstrip("\\n"))) as history:
            print(len(history.records()), flush=True)
    """
)


def test_programs_creating_the_history_at_once_all_see_it_as_theirs(tmp_path: Path) -> None:
    # A program opening the file while another creates it once read the marker before and
    # the tables after the creation, and took the file for another program's database.
    # Three programs, started once, race to create each of 20 new files: all three are
    # blocked reading their standard input when the file's name is written to them.
    openers = [
        subprocess.Popen(
            [sys.executable, "-c", OPENER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for _ in range(3)
    ]
    try:
        for opener in openers:
            assert opener.stdout is not None
            assert opener.stdout.readline() == "ready\n"
        for round_ in range(20):
            db = tmp_path / f"h{round_}.sqlite3"
            for opener in openers:
                assert opener.stdin is not None
                opener.stdin.write(f"{db}\n")
                opener.stdin.flush()
            for opener in openers:
                assert opener.stdout is not None
                assert opener.stdout.readline() == "0\n", f"round {round_}"
            assert _check_whole(db) == (0, 0)
    finally:
        for opener in openers:
            assert opener.stdin is not None
            opener.stdin.close()
    for opener in openers:
        assert opener.stdout is not None and opener.stderr is not None
        assert opener.wait(timeout=60) == 0, opener.stderr.read()
        assert opener.stdout.read() == ""
        opener.stdout.close()
        opener.stderr.close()

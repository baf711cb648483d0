"""The fault matrix: what the tool promises when the disk, the file system, signals or the
history database fail it. Each case: the promised exit code, one line on standard error,
nothing the user had on disk lost, nothing outside the target touched."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reliability_support import (
    SmallDisk,
    answer_yaml,
    assert_one_line,
    command,
    env_for,
    run_cli,
    small_disk,
)

__all__ = ["small_disk"]  # a fixture


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "a.yaml").write_text(answer_yaml("Alpha"), encoding="utf-8")
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below a folder with its content (links as their target)."""
    out: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            out[str(path.relative_to(folder))] = os.readlink(path).encode()
        elif path.is_file():
            out[str(path.relative_to(folder))] = path.read_bytes()
    return out


# --- the disk ---------------------------------------------------------------------------


def test_full_disk_on_output(work: Path, small_disk: SmallDisk) -> None:
    small_disk.fill()
    before = snapshot(small_disk.path)
    run = run_cli("score", "a.yaml", "-f", "json", "-o", small_disk.path / "out.json", cwd=work)
    assert_one_line(run, "out.json", "No space left")
    assert snapshot(small_disk.path) == before  # no partial file, no temporary file


def test_full_disk_on_history(work: Path, small_disk: SmallDisk) -> None:
    db = small_disk.path / "h.sqlite3"
    first = run_cli("score", "a.yaml", "--record", "--db", db, "-f", "json", cwd=work)
    assert first.code == 0
    small_disk.fill()
    (work / "b.yaml").write_text(answer_yaml("Beta" * 20000), encoding="utf-8")
    run = run_cli("score", "b.yaml", "--record", "--db", db, "-f", "json", cwd=work)
    assert run.code == 1, run.err
    assert len(run.err_lines) == 1, run.err_lines
    os.unlink(small_disk.path / "filler")
    listed = run_cli("history", "--db", db, "--format", "json", cwd=work)
    assert listed.code == 0 and "Alpha" in listed.text


def test_read_only_folder_for_output(work: Path, small_disk: SmallDisk) -> None:
    (small_disk.path / "keep.txt").write_text("mine", encoding="utf-8")
    small_disk.read_only()
    run = run_cli("score", "a.yaml", "-o", small_disk.path / "out.json", cwd=work)
    assert_one_line(run, "out.json")
    assert snapshot(small_disk.path) == {"keep.txt": b"mine"}


def test_missing_folder_for_output(work: Path) -> None:
    run = run_cli("score", "a.yaml", "-o", "nowhere/out.json", cwd=work)
    assert_one_line(run, "nowhere/out.json", "No such file or directory")
    assert not (work / "nowhere").exists()


def test_missing_folder_for_history_is_refused(work: Path) -> None:
    run = run_cli("score", "a.yaml", "--record", "--db", "new/h.sqlite3", "-f", "json", cwd=work)
    assert_one_line(run, "new/h.sqlite3", "does not exist")
    assert not (work / "new").exists()


def test_symlinked_target_touches_only_the_link(work: Path) -> None:
    (work / "elsewhere.json").write_text("mine", encoding="utf-8")
    os.symlink("elsewhere.json", work / "out.json")
    refused = run_cli("score", "a.yaml", "-f", "json", "-o", "out.json", cwd=work)
    assert_one_line(refused, "out.json", "--force")
    forced = run_cli("score", "a.yaml", "-f", "json", "-o", "out.json", "--force", cwd=work)
    assert forced.code == 0
    assert (work / "elsewhere.json").read_text("utf-8") == "mine"
    assert "Alpha" in (work / "out.json").read_text("utf-8")


# --- signals ----------------------------------------------------------------------------


def test_sigkill_during_output_keeps_the_old_file(work: Path) -> None:
    (work / "out.json").write_text("old", encoding="utf-8")
    proc = subprocess.Popen(
        command("score", "-", "-f", "json", "-o", "out.json", "--force"),
        cwd=work,
        env=env_for(work),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while not list(work.glob(".out.json.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.kill()
    proc.communicate(timeout=30)
    assert (work / "out.json").read_text("utf-8") == "old"


def _spawn_run(work: Path, *args: str) -> object:
    pexpect = pytest.importorskip("pexpect")
    env = env_for(work, {"TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"})
    return pexpect.spawn(
        sys.executable,
        ["-m", "custserv_audit", "run", *args],
        cwd=str(work),
        env=env,
        dimensions=(40, 120),
        encoding="utf-8",
        timeout=30,
    )


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP])
def test_signal_during_run_keeps_typed_answers(work: Path, sig: int) -> None:
    child = _spawn_run(work, "--respondent", "Acme", "--save", "s.yaml", "--lang", "en")
    for n, rating in enumerate([5, 4, 3], start=1):
        child.expect_exact(f"[{n}/25]")  # type: ignore[attr-defined]
        child.send(f"{rating}\r")  # type: ignore[attr-defined]
    child.expect_exact("[4/25]")  # type: ignore[attr-defined]
    os.kill(child.pid, sig)  # type: ignore[attr-defined]
    child.expect(__import__("pexpect").EOF)  # type: ignore[attr-defined]
    child.close()  # type: ignore[attr-defined]
    saved = (work / "s.yaml").read_text("utf-8")
    assert "culture: [5, 4, 3" in saved.replace("\n    - ", ", ") or "[5, 4, 3" in saved, saved
    resumed = _spawn_run(work, "--resume", "s.yaml", "--lang", "en")
    resumed.expect_exact("[4/25]")  # type: ignore[attr-defined]
    resumed.sendcontrol("c")  # type: ignore[attr-defined]
    resumed.expect(__import__("pexpect").EOF)  # type: ignore[attr-defined]


# --- the history database -----------------------------------------------------------------


def test_two_processes_writing_the_history(work: Path) -> None:
    db = work / "h.sqlite3"
    procs = []
    for name in ("One", "Two", "Three", "Four"):
        (work / f"{name}.yaml").write_text(answer_yaml(name), encoding="utf-8")
        procs.append(
            subprocess.Popen(
                command("score", f"{name}.yaml", "--record", "--db", db, "-f", "json"),
                cwd=work,
                env=env_for(work),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        )
    for proc in procs:
        _out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    listed = run_cli("history", "--db", db, "--format", "json", cwd=work)
    for name in ("One", "Two", "Three", "Four"):
        assert name in listed.text


def test_locked_history_waits_for_the_other_writer(work: Path) -> None:
    import threading

    db = work / "h.sqlite3"
    assert run_cli("score", "a.yaml", "--record", "--db", db, "-f", "json", cwd=work).code == 0
    (work / "b.yaml").write_text(answer_yaml("Beta"), encoding="utf-8")
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(1.5, holder.close)
    release.start()
    try:
        run = run_cli("score", "b.yaml", "--record", "--db", db, "-f", "json", cwd=work)
    finally:
        release.join()
    assert run.code == 0, run.err
    listed = run_cli("history", "--db", db, "--format", "json", cwd=work)
    assert "Alpha" in listed.text and "Beta" in listed.text


@pytest.mark.parametrize(
    "garbage",
    [b"not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 4000],
    ids=["text", "bad-pages"],
)
@pytest.mark.parametrize("args", [["history"], ["score", "a.yaml", "--record", "-f", "json"]])
def test_corrupted_history_is_reported_and_left_alone(
    work: Path, garbage: bytes, args: list[str]
) -> None:
    db = work / "h.sqlite3"
    db.write_bytes(garbage)
    run = run_cli(*args, "--db", db, cwd=work)
    assert run.code == 1
    assert sum("h.sqlite3" in line for line in run.err_lines) == 1, run.err_lines
    assert db.read_bytes() == garbage

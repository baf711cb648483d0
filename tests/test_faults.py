"""The fault matrix: what the tool promises when the disk, the file system, signals or the
history database fail it. Each case: the promised exit code, one line on standard error,
nothing the user had on disk lost, nothing outside the target touched."""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
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

from custserv_audit.errors import ExitCode

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
    assert_one_line(run, "out.json", "cannot be written: the disk is full")
    assert snapshot(small_disk.path) == before  # no partial file, no temporary file


def test_full_disk_on_history(work: Path, small_disk: SmallDisk) -> None:
    db = small_disk.path / "h.sqlite3"
    first = run_cli("score", "a.yaml", "--record", "--db", db, "-f", "json", cwd=work)
    assert first.code == 0
    small_disk.fill()
    (work / "b.yaml").write_text(answer_yaml("Beta" * 20000), encoding="utf-8")
    run = run_cli("score", "b.yaml", "--record", "--db", db, "-f", "json", cwd=work)
    assert_one_line(run, "h.sqlite3", "No space left on device")
    os.unlink(small_disk.path / "filler")
    listed = run_cli("history", "--db", db, "--format", "json", cwd=work)
    assert listed.code == 0 and "Alpha" in listed.text


def test_full_disk_while_recording_scores_on_and_says_what_was_not_recorded(
    work: Path, small_disk: SmallDisk
) -> None:
    db = small_disk.path / "h.sqlite3"
    assert run_cli("score", "a.yaml", "--record", "--db", db, "-f", "json", cwd=work).code == 0
    (work / "b.yaml").write_text(answer_yaml("Beta"), encoding="utf-8")
    (work / "c.yaml").write_text(answer_yaml("Gamma" * 20000), encoding="utf-8")
    (work / "d.yaml").write_text(answer_yaml("Delta"), encoding="utf-8")
    small_disk.fill(leave=64 * 1024)  # room to open the database, not for Gamma's record
    run = run_cli(
        "score", "b.yaml", "c.yaml", "d.yaml", "--record", "--db", db, "-f", "json", cwd=work
    )
    # Every input is still scored and in the output; one line says what was not recorded.
    assert [r["source"] for r in json.loads(run.out)] == ["b.yaml", "c.yaml", "d.yaml"]
    assert_one_line(
        run,
        "h.sqlite3",
        "full",
        "c.yaml and the results after it (1) were not recorded",
        "recorded before it: 1 new",
    )
    assert not any("Recorded" in line for line in run.err_lines)
    os.unlink(small_disk.path / "filler")
    listed = run_cli("history", "--db", db, "--format", "json", cwd=work)
    assert sorted(r["respondent"] for r in json.loads(listed.out)["audits"]) == ["Alpha", "Beta"]


def test_read_only_folder_for_output(work: Path, small_disk: SmallDisk) -> None:
    (small_disk.path / "keep.txt").write_text("mine", encoding="utf-8")
    small_disk.read_only()
    run = run_cli("score", "a.yaml", "-o", small_disk.path / "out.json", cwd=work)
    assert_one_line(run, "out.json")
    assert snapshot(small_disk.path) == {"keep.txt": b"mine"}


def test_missing_folder_for_output(work: Path) -> None:
    run = run_cli("score", "a.yaml", "-o", "nowhere/out.json", cwd=work)
    assert_one_line(run, "nowhere/out.json", "the folder nowhere does not exist")
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


def _watch_creations(folder: Path) -> int:
    """An inotify descriptor that reports every file created in `folder` (Linux)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    fd = libc.inotify_init1(os.O_CLOEXEC)
    if fd < 0 or libc.inotify_add_watch(fd, os.fsencode(folder), 0x100) < 0:  # IN_CREATE
        pytest.skip("no inotify on this system")
    return int(fd)


def _created_names(fd: int, timeout: float) -> list[str]:
    import select
    import struct

    if not select.select([fd], [], [], timeout)[0]:
        return []
    data, names, at = os.read(fd, 65536), [], 0
    while at < len(data):
        _wd, _mask, _cookie, size = struct.unpack_from("iIII", data, at)
        names.append(data[at + 16 : at + 16 + size].rstrip(b"\0").decode())
        at += 16 + size
    return names


@pytest.mark.parametrize("answer", [2, 3])
def test_sigkill_during_runs_autosave_keeps_a_resumable_file(work: Path, answer: int) -> None:
    """Killed while the file of answer `answer` is being written (its temporary file was
    just made): the answer file holds the answers before it, or all of them, and resumes."""
    child = _spawn_run(work, "--respondent", "Acme", "--save", "s.yaml", "--lang", "en")
    ratings = [5, 4, 3]
    for n, rating in enumerate(ratings[: answer - 1], start=1):
        child.expect_exact(f"[{n}/25]")  # type: ignore[attr-defined]
        child.send(f"{rating}\r")  # type: ignore[attr-defined]
    child.expect_exact(f"[{answer}/25]")  # type: ignore[attr-defined]
    watch = _watch_creations(work)
    try:
        child.send(f"{ratings[answer - 1]}\r")  # type: ignore[attr-defined]
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if any(n.startswith(".s.yaml.") for n in _created_names(watch, 1.0)):
                break
        else:
            pytest.fail("the autosave never began")
        os.kill(child.pid, signal.SIGKILL)  # type: ignore[attr-defined]
    finally:
        os.close(watch)
    child.expect(__import__("pexpect").EOF)  # type: ignore[attr-defined]
    child.close()  # type: ignore[attr-defined]
    saved = _saved(work / "s.yaml")
    assert saved in (ratings[: answer - 1], ratings[:answer]), saved
    resumed = _spawn_run(work, "--resume", "s.yaml", "--lang", "en")
    resumed.expect_exact(f"[{len(saved) + 1}/25]")  # type: ignore[attr-defined]
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


# --- run's autosave on a full or read-only disk --------------------------------------------


class _Keyboard(io.StringIO):
    """Typed lines; before the line numbered `at` (from 0) is read, `then` runs once."""

    def __init__(self, typed: list[str], at: dict[int, Callable[[], None]]) -> None:
        super().__init__("".join(f"{t}\n" for t in typed))
        self.read_lines, self.at = 0, at

    def readline(self, size: int = -1, /) -> str:  # type: ignore[override]
        action = self.at.pop(self.read_lines, None)
        if action is not None:
            action()
        self.read_lines += 1
        return super().readline(size)


def _plain_run(
    save: Path, keyboard: _Keyboard, out: io.StringIO, options: Sequence[str] = ("--plain",)
) -> int:
    from custserv_audit.interactive.plain import PlainIO
    from custserv_audit.interactive.session import run_session
    from custserv_audit.render.text.safe_console import SafeConsole  # as the program prints
    from custserv_audit.schema.definition import load_questionnaire

    return run_session(
        load_questionnaire(None, "en"),
        respondent="Acme",
        save=save,
        resume=None,
        date="2026-11-25",
        console=SafeConsole(file=out, width=400, color_system=None),
        resume_options=options,
        plain=PlainIO(keyboard, out),
    )


def _saved(path: Path) -> list[int]:
    from custserv_audit.schema.answers import load_answers
    from custserv_audit.schema.definition import load_questionnaire

    q = load_questionnaire(None, "en")
    answers = load_answers(path.read_bytes(), str(path), q, partial=True)
    return [r for values in answers.ratings.values() for r in values]


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The home folder a failed save moves to; the temporary folder is the same."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(tempfile, "tempdir", str(home))
    return home


@pytest.mark.parametrize("fault", ["full", "read-only"])
def test_full_disk_during_run_moves_the_answers_home(
    small_disk: SmallDisk, elsewhere: Path, fault: str
) -> None:
    save = small_disk.path / "s.yaml"
    spoil = small_disk.fill if fault == "full" else small_disk.read_only
    out = io.StringIO()
    code = _plain_run(save, _Keyboard(["5", "4", "3", "2", "1"], {3: spoil}), out)
    assert code == ExitCode.INTERRUPTED  # the keys ran out: stopped as with Ctrl-C
    assert _saved(save) == [5, 4, 3]  # the file as it was before the disk failed
    assert _saved(elsewhere / "s.yaml") == [5, 4, 3, 2, 1]  # nothing typed is lost
    reason = "the disk is full" if fault == "full" else "the disk is read-only"
    said = [line for line in out.getvalue().splitlines() if reason in line]
    assert len(said) == 1, out.getvalue()
    assert str(elsewhere / "s.yaml") in said[0]
    resume = f"custserv-audit run --resume {elsewhere / 's.yaml'} --plain"
    assert f"Continue later with: {resume}" in out.getvalue()


def test_full_disk_everywhere_keeps_the_answers_and_shows_them(
    small_disk: SmallDisk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(small_disk.path))
    monkeypatch.setattr(tempfile, "tempdir", str(small_disk.path))
    save = small_disk.path / "s.yaml"
    out = io.StringIO()
    code = _plain_run(save, _Keyboard(["5", "4", "3", "2", "1"], {3: small_disk.fill}), out)
    assert code == ExitCode.INTERRUPTED
    text = out.getvalue()
    assert sum("the disk is full" in line for line in text.splitlines()) == 1, text
    assert "Ctrl-C" in text
    shown = text[text.index("continue with: ") :].split("\n", 1)[1]
    copied = small_disk.path.parent / "copied.yaml"
    copied.write_text(shown, encoding="utf-8")
    assert _saved(copied) == [5, 4, 3, 2, 1]
    assert f"custserv-audit run --resume {save} --plain" in text


def test_room_again_saves_every_answer_in_place(
    small_disk: SmallDisk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(small_disk.path))
    monkeypatch.setattr(tempfile, "tempdir", str(small_disk.path))
    save = small_disk.path / "s.yaml"

    def room_again() -> None:
        os.unlink(small_disk.path / "filler")

    out = io.StringIO()
    keys = _Keyboard(["5", "4", "3", "2", "1"], {2: small_disk.fill, 4: room_again})
    code = _plain_run(save, keys, out)
    assert code == ExitCode.INTERRUPTED
    assert _saved(save) == [5, 4, 3, 2, 1]
    assert f"Your answers are saved in {save} again." in out.getvalue()
    assert f"Interrupted. 5 of 25 answers are saved in {save}." in out.getvalue()


def test_full_disk_at_the_end_still_shows_the_result_and_the_answers(
    small_disk: SmallDisk, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import EXAMPLE_RATINGS

    monkeypatch.setenv("HOME", str(small_disk.path))
    monkeypatch.setattr(tempfile, "tempdir", str(small_disk.path))
    flat = [str(r) for values in EXAMPLE_RATINGS.values() for r in values]
    out = io.StringIO()
    keys = _Keyboard([*flat, "a"], {25: small_disk.fill})  # full before the review's "a"
    code = _plain_run(small_disk.path / "s.yaml", keys, out)
    assert code == ExitCode.INPUT
    text = out.getvalue()
    assert "Total: 27.00 / 35" in text
    assert "Answers saved in" not in text
    shown = text[text.index("continue with: ") :].split("\n", 1)[1]
    copied = small_disk.path.parent / "copied.yaml"
    copied.write_text(shown, encoding="utf-8")
    assert _saved(copied) == [int(r) for r in flat]

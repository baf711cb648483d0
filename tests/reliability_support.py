"""Helpers of the reliability tests: run the program as a user does, in its own process.

These tests drive `python -m custserv_audit` through a subprocess, so they see exactly
what a terminal or a script sees: the exit code, standard output and standard error
as bytes, signals and file descriptors included.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import EXAMPLE_RATINGS

SECTIONS: dict[str, int] = {sid: len(values) for sid, values in EXAMPLE_RATINGS.items()}
ITEMS: list[str] = [f"{s}.{i}" for s, n in SECTIONS.items() for i in range(1, n + 1)]

ANSWERS_BLOCK = """\
answers:
  culture: [5, 4, 4, 3]
  products: [4, 4, 5, 3]
  feedback: [3, 3, 4]
  knowledge: [4, 4, 3]
  accessibility: [5, 4, 4]
  staff: [4, 4, 4, 3, 5]
  improvement: [3, 4, 4]
"""


def answer_yaml(respondent: str = "Example Oy", extra: str = "") -> str:
    """A valid answer file of the built-in questionnaire (total 27)."""
    return (
        "questionnaire: customer-orientation\n"
        f"respondent: {json.dumps(respondent)}\n"
        "date: 2026-11-25\n" + extra + ANSWERS_BLOCK
    )


def csv_bytes(rows: Sequence[bytes], extra_columns: Sequence[str] = ()) -> bytes:
    """A CSV of the built-in questionnaire: one row per respondent name, every rating 4."""
    header = ",".join(["respondent", *extra_columns, *ITEMS]).encode()
    lines = [header]
    for name in rows:
        cells = [name, *[b"x"] * len(extra_columns), *[b"4"] * len(ITEMS)]
        lines.append(b",".join(cells))
    return b"\n".join(lines) + b"\n"


@dataclass(frozen=True)
class Run:
    """What one run of the program left: exit code and both streams (bytes)."""

    code: int
    out: bytes
    err: bytes

    @property
    def err_lines(self) -> list[str]:
        return self.err.decode("utf-8", "replace").splitlines()

    @property
    def text(self) -> str:
        return self.out.decode("utf-8", "replace")


def env_for(tmp: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """An English environment with a private history database."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LC_", "PYTHON")) and k != "LANGUAGE"
    }
    env.update(
        LANG="en_US.UTF-8",
        CUSTSERV_AUDIT_DB=str(tmp / "history.sqlite3"),
        PYTHONPATH=str(Path(__file__).resolve().parent.parent),
    )
    if extra:
        env.update(extra)
    return env


def command(*args: str | os.PathLike[str] | bytes) -> list[str | bytes | os.PathLike[str]]:
    """The program's command line."""
    return [sys.executable, "-m", "custserv_audit", *args]


def run_cli(
    *args: str | os.PathLike[str] | bytes,
    cwd: Path,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
    stdout: int | None = None,
    timeout: float = 60,
    pass_fds: Sequence[int] = (),
) -> Run:
    """Run the program to its end; a traceback on standard error is always a failure."""
    proc = subprocess.run(
        command(*args),
        cwd=cwd,
        input=stdin if stdin is not None else b"",
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(env) if env is not None else env_for(cwd),
        timeout=timeout,
        check=False,
        pass_fds=pass_fds,
    )
    result = Run(proc.returncode, proc.stdout or b"", proc.stderr)
    assert b"Traceback" not in result.err, result.err.decode("utf-8", "replace")
    return result


def assert_one_line(run: Run, *needles: str) -> None:
    """A rejection: exit 1 and exactly one line on standard error holding every needle."""
    assert run.code == 1, (run.code, run.err)
    assert len(run.err_lines) == 1, run.err_lines
    for needle in needles:
        assert needle in run.err_lines[0], (needle, run.err_lines)


def make_device(path: Path, major: int, minor: int) -> Path:
    """A character device node of our own (1,7 behaves as a full disk; 1,5 endless zeros)."""
    import stat

    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
    return path


def is_root() -> bool:
    return os.geteuid() == 0


class SmallDisk:
    """A small folder of its own: a 256 KiB tmpfs (root), else a plain folder.

    `fill()` leaves it without free space and `read_only()` makes it refuse writes; both
    hold for root only on the tmpfs, so without one the tests that need them are skipped.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(path)],
            capture_output=True,
            check=False,
        )
        self.mounted = done.returncode == 0

    def fill(self, leave: int = 0) -> None:
        """Fill the disk, all but about `leave` bytes."""
        if not self.mounted:
            pytest.skip("a full disk needs a tmpfs (root)")
        spare = self.path / "spare"
        spare.write_bytes(b"\0" * leave)
        fd = os.open(self.path / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
            spare.unlink()

    def read_only(self) -> None:
        if self.mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(self.path)], check=True)
        elif is_root():
            pytest.skip("a read-only folder needs a tmpfs or a user other than root")
        else:
            os.chmod(self.path, 0o555)
            for child in self.path.iterdir():
                os.chmod(child, 0o444)

    def close(self) -> None:
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.path)], check=False)
        else:
            os.chmod(self.path, 0o755)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    """A small folder that a test can fill up or make read-only (see SmallDisk)."""
    disk = SmallDisk(tmp_path / "disk")
    try:
        yield disk
    finally:
        disk.close()

"""The command line's manners: a --db in a folder that does not exist, standard input read
from a terminal, and the other small things a careful user trips over."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest
from conftest import EXAMPLE_YAML, Invoke


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.yaml").write_text(EXAMPLE_YAML, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "argv",
    [
        ["score", "good.yaml", "--record", "--db", "{db}"],
        ["history", "--db", "{db}"],
        ["compare", "1", "2", "--db", "{db}"],
    ],
)
def test_a_db_in_a_missing_folder_is_an_error_not_a_new_tree(
    cli: Invoke, here: Path, argv: list[str]
) -> None:
    db = here / "typo" / "deeper" / "h.sqlite3"
    result = cli(*[a.replace("{db}", str(db)) for a in argv])
    assert result.exit_code == 1
    assert not (here / "typo").exists()
    [line] = [ln for ln in result.stderr.splitlines() if "typo" in ln]
    assert "does not exist" in line and str(db) in line


def test_the_default_history_folder_is_still_made(
    cli: Invoke, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CUSTSERV_AUDIT_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(here / "data"))
    monkeypatch.setenv("HOME", str(here))
    assert cli("score", "good.yaml", "--record", "-f", "json").exit_code == 0
    assert list((here / "data").rglob("history.sqlite3"))


def test_standard_input_on_a_terminal_says_it_is_waiting(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(LANG="en_US.UTF-8", TERM="dumb", CUSTSERV_AUDIT_DB=str(tmp_path / "h.sqlite3"))
    child = pexpect.spawn(
        sys.executable,
        ["-m", "custserv_audit", "score", "-", "-f", "json"],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=30,
    )
    child.expect("standard input")
    child.expect("Ctrl-D")
    for line in EXAMPLE_YAML.splitlines():
        child.sendline(line)
    child.sendeof()
    child.expect('"total": 27')
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.usefixtures("here")
def test_standard_input_from_a_pipe_says_nothing(cli: Invoke) -> None:
    result = cli("score", "-", "-f", "json", input=EXAMPLE_YAML)
    assert result.exit_code == 0 and result.stderr == ""

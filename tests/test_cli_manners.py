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


def _audit(path: Path, respondent: str, date: str) -> Path:
    text = EXAMPLE_YAML.replace("Example Oy", respondent).replace("2026-11-25", date)
    path.write_text(text, encoding="utf-8")
    return path


def test_compare_warns_about_different_respondents(cli: Invoke, tmp_path: Path) -> None:
    a = _audit(tmp_path / "a.yaml", "Acme Oy", "2026-01-10")
    b = _audit(tmp_path / "b.yaml", "Kaviareň Žilina", "2026-05-10")
    same = _audit(tmp_path / "same.yaml", "ACME  oy", "2026-05-10")
    result = cli("compare", a, b)
    assert result.exit_code == 0
    [warning] = result.stderr.splitlines()
    assert warning.startswith("Warning:") and "Acme Oy" in warning and "Kaviareň Žilina" in warning
    assert cli("compare", a, same).stderr == ""  # case and spacing do not make another one


def test_compare_warns_about_reverse_dates(cli: Invoke, tmp_path: Path) -> None:
    early = _audit(tmp_path / "early.yaml", "Acme Oy", "2026-01-10")
    late = _audit(tmp_path / "late.yaml", "Acme Oy", "2026-05-10")
    result = cli("compare", late, early, "--format", "json")
    assert result.exit_code == 0
    [warning] = result.stderr.splitlines()
    assert "2026-05-10" in warning and "2026-01-10" in warning and "first" in warning
    assert result.stdout.startswith("{")  # the JSON is untouched
    finnish = cli("compare", late, early, "--lang", "fi")
    assert "Varoitus" in finnish.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["score", "nope.yaml"],
        ["report", "nope.yaml", "-o", "r.pdf"],
        ["score", "good.yaml", "--map", "nope.yaml"],
        ["validate", "nope.yaml"],
        ["history", "import", "nope.yaml"],
        ["map", "nope.yaml"],
        ["form", "-q", "nope.yaml", "-f", "markdown"],
        ["plan", "show", "nope.yaml"],
    ],
)
@pytest.mark.usefixtures("here")
def test_a_missing_file_is_told_in_one_style_everywhere(cli: Invoke, argv: list[str]) -> None:
    result = cli(*argv)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "nope.yaml: no such file or folder"
    finnish = cli(*argv, "--lang", "fi")
    assert finnish.stderr.splitlines()[-1] == "nope.yaml: tiedostoa tai kansiota ei ole"

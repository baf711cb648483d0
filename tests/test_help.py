"""The command line as documentation: real metavars, an example in every command's help,
`help COMMAND`, `--lang` before the command, and shell completion."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from conftest import EXAMPLE_YAML, Invoke

from custserv_audit.cli import app

TYPER_LOOKS = ("<bool>", "<list[", "<int range>", "<str>", "<file>", "<path>", "x>=", "x<=", "{")


def commands() -> list[list[str]]:
    """Every command path: [], ['score'], ['history', 'import'], ..."""
    found: list[list[str]] = []

    def walk(command: object, path: list[str]) -> None:
        found.append(path)
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return found


ALL = commands()


@pytest.mark.parametrize("path", ALL, ids=[" ".join(p) or "(root)" for p in ALL])
def test_help_names_values_as_people_do_and_shows_examples(
    cli: Invoke, path: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = cli(*path, "--help")
    assert result.exit_code == 0
    text = result.stdout
    for look in TYPER_LOOKS:
        assert look not in text, (look, path)
    assert "Examples:" in text
    assert f"custserv-audit {' '.join(path)}".strip() in text.split("Examples:")[1]


def test_the_metavars_are_the_documented_ones(cli: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    score = cli("score", "--help").stdout
    assert "score [OPTIONS] FILE..." in score
    assert "--jobs" in score and "N [0<=N<=64]" in score
    assert "table|json|ndjson|csv|xlsx" in score
    run = cli("run", "--help").stdout
    assert "YYYY-MM-DD" in run and "NAME" in run
    assert "compare [OPTIONS] BEFORE AFTER" in cli("compare", "--help").stdout


def test_report_help_names_only_its_own_formats(cli: Invoke) -> None:
    assert "Markdown" not in cli("report", "--help").stdout


def test_a_bad_choice_does_not_leak_the_validator(cli: Invoke) -> None:
    result = cli("form", "--format", "pfd")
    assert result.exit_code == 2
    assert "'pfd' is not one of" in result.output and "Value error" not in result.output


@pytest.mark.parametrize("path", [["score"], ["history", "import"], []])
def test_help_command_is_the_help_option(cli: Invoke, path: list[str]) -> None:
    assert cli("help", *path).stdout == cli(*path, "--help").stdout


def test_help_of_an_unknown_command_is_a_usage_error(cli: Invoke) -> None:
    result = cli("help", "nope")
    assert result.exit_code == 2 and "nope" in result.output


def test_lang_before_the_command(cli: Invoke, tmp_path: Path) -> None:
    finnish = cli("--lang", "fi", "form", "--format", "markdown").stdout
    assert finnish == cli("form", "--format", "markdown", "--lang", "fi").stdout
    assert finnish != cli("form", "--format", "markdown").stdout
    # the command's own --lang wins
    assert (
        cli("--lang", "fi", "form", "-f", "markdown", "--lang", "sk").stdout
        == cli("form", "-f", "markdown", "--lang", "sk").stdout
    )
    missing = cli("--lang", "sk", "score", str(tmp_path / "nothing.yaml"))
    assert "neexistuje" in missing.stderr


def test_lang_before_score_then_a_plain_score_is_english_again(
    cli: Invoke, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from custserv_audit.cli.fast import fast_score

    cli("--lang", "fi", "score", str(tmp_path / "nothing.yaml"))
    assert fast_score(["score", str(tmp_path / "nothing.yaml")]) == 1
    assert "no such file" in capsys.readouterr().err


def _tool() -> str:
    return str(Path(sys.executable).with_name("custserv-audit"))


def test_completion_is_offered_and_completes(tmp_path: Path) -> None:
    env = {**os.environ, "HOME": str(tmp_path), "SHELL": "/bin/bash"}
    # The shell is told by the parent process, as when a user types it.
    script = subprocess.run(
        ["bash", "-c", f"'{_tool()}' --show-completion; exit $?"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert script.returncode == 0 and "_CUSTSERV_AUDIT_COMPLETE" in script.stdout
    env.update(
        _CUSTSERV_AUDIT_COMPLETE="complete_bash",
        COMP_WORDS="custserv-audit form --format h",
        COMP_CWORD="3",
    )
    done = subprocess.run([_tool()], env=env, capture_output=True, text=True)
    assert done.stdout.split() == ["html"]
    env["COMP_WORDS"], env["COMP_CWORD"] = "custserv-audit sc", "1"
    done = subprocess.run([_tool()], env=env, capture_output=True, text=True)
    assert set(done.stdout.split()) == {"score", "scan"}


def test_a_plain_score_still_skips_typer(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(EXAMPLE_YAML, encoding="utf-8")
    code = "import sys, runpy; sys.argv = ['custserv-audit', 'score', 'a.yaml', '-f', 'json'];"
    code += "from custserv_audit.cli import main\ntry:\n    main()\nexcept SystemExit: pass\n"
    code += "print('typer' in sys.modules, file=sys.stderr)"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.stderr.strip().splitlines()[-1] == "False"

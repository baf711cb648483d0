"""`--help` at 60 columns in every language: no word cut or broken across lines, no
option name wrapped, no line wider than the terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

WIDTH = 60

# Renders every command's help in one language at WIDTH columns and prints, as JSON, each
# command's rendered help with the texts it was made from (the command's help and epilog,
# each parameter's help and names).
_RENDER = r"""
import contextlib, enum, io, json, sys
from custserv_audit.i18n import set_interface_language
set_interface_language(sys.argv[1])
import typer
from custserv_audit.cli import app

root = typer.main.get_command(app)
found = []

def walk(command, path):
    found.append((command, path))
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        walk(sub, [*path, name])

walk(root, [])
out = []
for command, path in found:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.suppress(SystemExit):
        root.main([*path, "--help"], prog_name="custserv-audit", standalone_mode=True)
    texts = [command.help or "", command.epilog or ""]
    names, values = [], []
    for param in command.params:
        if getattr(param, "hidden", False):
            continue
        texts.append(getattr(param, "help", None) or "")
        names += [o for o in (*param.opts, *param.secondary_opts) if o.startswith("-")]
        kind = getattr(getattr(param, "type_descriptor", None), "annotation", None)
        values += [m.value for m in kind] if isinstance(kind, type(enum.Enum)) else []
    if hasattr(command, "commands"):
        texts += [(sub.short_help or sub.help or "").split("\n\n")[0]
                  for sub in command.commands.values() if not sub.hidden]
    out.append({"path": path, "help": buffer.getvalue(), "texts": texts, "names": names,
                "values": values})
print(json.dumps(out))
"""


@pytest.fixture(scope="module", params=["en", "fi", "sk"])
def rendered(request: pytest.FixtureRequest) -> list[dict[str, object]]:
    env = {**os.environ, "COLUMNS": str(WIDTH), "TERMINAL_WIDTH": str(WIDTH)}
    env.pop("NO_COLOR", None)
    done = subprocess.run(
        [sys.executable, "-c", _RENDER, request.param],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    pages: list[dict[str, object]] = json.loads(done.stdout)
    return pages


def _words(text: str) -> list[str]:
    """The words of a help text as a reader sees them (Typer joins its lines)."""
    return text.replace("\b", " ").split()


def test_every_word_of_every_help_is_whole_at_60_columns(
    rendered: list[dict[str, object]],
) -> None:
    assert len(rendered) >= 19  # every command and sub-command
    for page in rendered:
        help_text = str(page["help"])
        where = " ".join(page["path"]) or "(root)"  # type: ignore[arg-type]
        lines = help_text.splitlines()
        assert help_text.strip(), where
        assert all(len(line) <= WIDTH for line in lines), where
        assert "…" not in help_text, where
        # Each word whole on one line (the box's borders are not part of any word).
        cells = [token.strip("│╭╮╰╯─") for line in lines for token in line.split()]
        seen = set(cells)
        for text in page["texts"]:  # type: ignore[attr-defined]
            for word in _words(str(text)):
                assert word in seen, (where, word)
        for name in page["names"]:  # type: ignore[attr-defined]
            assert any(name == c.rstrip(",") for c in cells), (where, name)
        choices = {part for cell in cells for part in cell.split("|")}
        for value in page["values"]:  # type: ignore[attr-defined]
            assert value in choices, (where, value)


def test_narrow_help_puts_each_option_on_its_own_line(
    rendered: list[dict[str, object]],
) -> None:
    score = next(p for p in rendered if p["path"] == ["score"])
    lines = str(score["help"]).splitlines()
    heads = [line.strip("│ ") for line in lines if line.startswith("│ --")]
    assert any(h.startswith("--format, -f  table|json|ndjson|csv|xlsx") for h in heads)
    assert any(h.startswith("--respondent-column  FIELD") for h in heads)
    # the help is indented under its option
    at = next(n for n, line in enumerate(lines) if line.startswith("│ --format"))
    assert lines[at + 1].startswith("│     ")


def test_a_long_list_of_choices_breaks_after_a_bar(rendered: list[dict[str, object]]) -> None:
    form = next(p for p in rendered if p["path"] == ["form"])
    assert "google-apps-script" in form["values"]  # type: ignore[operator]
    lines = [line.strip("│ ") for line in str(form["help"]).splitlines()]
    at = lines.index("--format, -f")
    assert lines[at + 1].startswith("pdf|html|") and lines[at + 1].endswith("|")


def test_a_dumb_terminal_gets_the_help_at_its_own_width() -> None:
    """Rich takes a dumb terminal for 80 columns; the help keeps the terminal's width."""
    env = {**os.environ, "COLUMNS": str(WIDTH), "TERM": "dumb", "FORCE_COLOR": "1"}
    for name in ("TERMINAL_WIDTH", "NO_COLOR"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-m", "custserv_audit", "score", "--help", "--lang", "fi"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= WIDTH and "\x1b" not in done.stdout
    assert any(line.startswith("│ --format, -f") for line in lines)  # the narrow layout

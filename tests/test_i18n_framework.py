"""Typer's and Click's own words ("Usage:", "Invalid value", ...) speak Finnish and Slovak.

The help screens are checked through the real console script (the language is chosen
from its command line before the help texts are built); the usage errors in process,
with the framework's words switched to each language and back.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer.core
from typer.testing import CliRunner

from custserv_audit.cli import app, framework
from custserv_audit.i18n import gettext_for, language_in_args

# Click's and Typer's English, as it shows in --help and in usage errors.
HELP_ENGLISH = (
    "Usage:",
    "[OPTIONS]",
    "COMMAND [ARGS]",
    "Show this message and exit.",
    "Options",
    "Arguments",
    "Commands",
    "[default:",
    "[required]",
)
ERROR_ENGLISH = (
    "Usage:",
    "[OPTIONS]",
    "Error",
    "for help",
    "Invalid value",
    "Missing argument",
    "No such option",
    "Possible options",
    "No such command",
    "requires an argument",
    "does not take a value",
    "unexpected extra",
    "is not one of",
    "Input should be",
    "is a directory",
    "Value error",
)
# One word of each language's own, so an empty or English output cannot pass.
NATIVE = {"fi": ("Käyttö:", "Virhe"), "sk": ("Použitie:", "Chyba")}


def _help(args: list[str], env: dict[str, str]) -> str:
    base = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    base.update(COLUMNS="200", PYTHONIOENCODING="utf-8", **env)
    done = subprocess.run(
        [sys.executable, "-m", "custserv_audit", *args],
        env=base,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=True,
    )
    return " ".join(done.stdout.split())


@pytest.mark.parametrize(
    ("lang", "args", "env"),
    [
        ("fi", ["score", "--help"], {"LANG": "fi_FI.UTF-8"}),
        ("sk", ["--help"], {"LANG": "en_US.UTF-8", "LANGUAGE": "sk:en"}),
        # --lang wins over the locale, for the help texts and Click's words alike.
        ("sk", ["compare", "--lang", "sk", "--help"], {"LANG": "fi_FI.UTF-8"}),
    ],
)
def test_help_has_no_english_of_clicks(lang: str, args: list[str], env: dict[str, str]) -> None:
    text = _help(args, env)
    assert NATIVE[lang][0] in text
    assert [word for word in HELP_ENGLISH if word in text] == []
    other = "fi" if lang == "sk" else "sk"
    assert NATIVE[other][0] not in text


def test_english_help_keeps_clicks_own_words() -> None:
    text = _help(["form", "--help"], {"LANG": "en_US.UTF-8"})
    for word in ("Usage: ", "form [OPTIONS]", "Show this message and exit.", "Options"):
        assert word in text


@pytest.fixture
def framework_words() -> Iterator[None]:
    """Switch the framework's words per test; put back the process's language after."""
    before = framework._state["lang"]
    yield
    framework.install(before)


BAD_COMMAND_LINES = [
    ["score", "x.yaml", "--jobs", "abc"],
    ["score", "x.yaml", "--jobs", "-5"],
    ["score", "x.yaml", "--format", "foo"],
    ["score", "x.yaml", "--output"],
    ["score", "--summar", "x.yaml"],
    ["form", "extra"],
    ["form", "--force=3"],
    ["form", "--lang", "xx"],
    ["compare"],
    ["nosuch"],
]


@pytest.mark.usefixtures("framework_words")
@pytest.mark.parametrize("lang", ["fi", "sk"])
@pytest.mark.parametrize("rich", [True, False], ids=["rich", "plain"])
def test_usage_errors_have_no_english_of_clicks(
    lang: str, rich: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    framework.install(lang)
    monkeypatch.setattr(typer.core, "HAS_RICH", rich)
    monkeypatch.setenv("COLUMNS", "200")
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    runner = CliRunner()
    for args in [*BAD_COMMAND_LINES, ["form", "--questionnaire", str(folder)]]:
        result = runner.invoke(app, args)
        text = " ".join(result.output.split())
        assert result.exit_code == 2, (args, text)
        assert NATIVE[lang][1] in text, (args, text)  # a parse error may come without usage
        assert [word for word in ERROR_ENGLISH if word in text] == [], (args, text)


def test_every_shape_of_clicks_messages_is_translated() -> None:
    samples = {
        "Invalid value for '--jobs' / '-j': Input should be a valid integer, unable to parse": (
            "Virheellinen arvo ('--jobs' / '-j'): arvon on oltava kokonaisluku"
        ),
        "Invalid value: Value error, 'x' is not one of 'a', 'b'.": (
            "Virheellinen arvo: 'x' ei ole mikään vaihtoehdoista 'a', 'b'."
        ),
        "Missing option '--name'.": "Valitsin '--name' puuttuu.",
        "No such option: -z": "Valitsinta -z ei ole.",
        "Option '--pair' requires 2 arguments.": "Valitsimelle '--pair' on annettava 2 arvoa.",
        "Argument 'pair' takes 2 values.": "Argumentille 'pair' annetaan 2 arvoa.",
        "Could not open file 'a.txt': Permission denied": (
            "Tiedostoa 'a.txt' ei voitu avata: Permission denied"
        ),
        "file 'a.yaml' does not exist.": "'a.yaml' ei ole olemassa.",
        "Input should be less than or equal to 64": "arvon on oltava enintään 64",
    }
    for english, finnish in samples.items():
        assert framework.translate(english, "fi") == finnish
        assert framework.translate(english, "en") == english
    # A message of the program's own (already in the language) is left alone.
    assert framework.translate("Tiedostoa ei ole.", "fi") == "Tiedostoa ei ole."
    # Every shape's msgid is in the catalogue with a translation of its own.
    for _shape, msgid in framework._SHAPES:
        if msgid != "{message}":
            assert gettext_for("sk")(msgid) != msgid, msgid


def test_the_command_line_language_is_found_before_the_command_runs() -> None:
    env = {"LANG": "fi_FI.UTF-8"}
    assert language_in_args(["score", "--lang", "sk", "--help"], env) == "sk"
    assert language_in_args(["--lang=en", "form"], env) == "en"
    assert language_in_args(["form", "--lang", "xx"], env) == "fi"  # not a language: the locale
    assert language_in_args(["run", "--", "--lang", "sk"], env) == "fi"  # after --: an argument
    assert language_in_args(["form"], {"LANG": "C"}) == "en"
    assert re.fullmatch(r"[a-z]{2}", language_in_args([], {}))

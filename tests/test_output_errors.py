"""Writing an output file fails: one line in the command's language naming the file and
what happened (never the system's English), exit 1, nothing left behind or replaced."""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE_YAML, Invoke
from reliability_support import SmallDisk, command, env_for, is_root, small_disk

from custserv_audit.i18n import gettext_for

__all__ = ["small_disk"]  # a fixture

LANGS = ["en", "fi", "sk"]
# The system's own words for the failures below: none may reach the user.
SYSTEM_WORDS = (
    "No space left",
    "Read-only file system",
    "Is a directory",
    "No such file or directory",
    "Permission denied",
    "Operation not permitted",
    "File name too long",
    "Errno",
)


def expected(lang: str, path: Path | str, reason: str, **parts: str) -> str:
    """The one line a failed write gives, built from the catalogue."""
    _ = gettext_for(lang)
    message = _("{path}: cannot be written: {reason}").format(
        path=path, reason=_(reason).format(**parts)
    )
    return _("Error: {message}").format(message=message) + "\n"


def form_to(cli: Invoke, target: Path, lang: str, *more: str) -> tuple[int, str]:
    result = cli("form", "-f", "markdown", "-o", str(target), "--lang", lang, *more)
    assert result.stdout == ""
    return result.exit_code, result.stderr


def assert_said(lang: str, code: int, said: str, line: str) -> None:
    assert code == 1, said
    assert said == line
    for words in SYSTEM_WORDS:
        assert words not in said, said
    if lang != "en":
        assert "cannot be written" not in said, said


@pytest.mark.parametrize("lang", LANGS)
def test_a_full_disk(cli: Invoke, small_disk: SmallDisk, lang: str) -> None:
    kept = small_disk.path / "form.md"
    kept.write_text("my own notes\n", encoding="utf-8")
    small_disk.fill()
    code, said = form_to(cli, kept, lang, "--force")
    assert_said(lang, code, said, expected(lang, kept, "the disk is full"))
    # The file it was to replace is untouched and no temporary file is left.
    assert kept.read_text(encoding="utf-8") == "my own notes\n"
    assert sorted(p.name for p in small_disk.path.iterdir()) == ["filler", "form.md"]


@pytest.mark.parametrize("command_line", [["score", "a.yaml", "-o"], ["report", "a.yaml", "-o"]])
def test_a_full_disk_in_score_and_report(
    cli: Invoke, small_disk: SmallDisk, tmp_path: Path, command_line: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text(EXAMPLE_YAML, encoding="utf-8")
    small_disk.fill()
    target = small_disk.path / ("out.json" if command_line[0] == "score" else "out.pdf")
    result = cli(*command_line, str(target), "--lang", "sk")
    assert_said("sk", result.exit_code, result.stderr, expected("sk", target, "the disk is full"))


@pytest.mark.parametrize("lang", LANGS)
def test_a_read_only_disk(cli: Invoke, small_disk: SmallDisk, lang: str) -> None:
    small_disk.read_only()
    target = small_disk.path / "form.md"
    code, said = form_to(cli, target, lang)
    reason = "the disk is read-only" if small_disk.mounted else "no permission to write there"
    assert_said(lang, code, said, expected(lang, target, reason))


@pytest.mark.parametrize("lang", LANGS)
def test_a_folder_where_the_file_should_be(cli: Invoke, tmp_path: Path, lang: str) -> None:
    code, said = form_to(cli, tmp_path, lang)
    _ = gettext_for(lang)
    line = _("Error: {message}").format(message=_("{path}: is a folder").format(path=tmp_path))
    assert_said(lang, code, said, line + "\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_missing_folder(cli: Invoke, tmp_path: Path, lang: str) -> None:
    target = tmp_path / "nope" / "form.md"
    code, said = form_to(cli, target, lang)
    folder = str(tmp_path / "nope")
    assert_said(lang, code, said, expected(lang, target, "the folder {folder} does not exist",
                                           folder=folder))  # fmt: skip
    assert not (tmp_path / "nope").exists()


@pytest.mark.parametrize("lang", LANGS)
def test_a_name_too_long(cli: Invoke, tmp_path: Path, lang: str) -> None:
    target = tmp_path / ("x" * 300 + ".md")
    code, said = form_to(cli, target, lang)
    assert_said(lang, code, said, expected(lang, target, "the name is too long"))


def _locked(folder: Path) -> Callable[[], None]:
    """Make `folder` refuse new files even to root (immutable), else by its mode."""
    if is_root():
        done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip("this file system cannot make a folder immutable")

        def unlock() -> None:
            subprocess.run(["chattr", "-i", str(folder)], check=False)

        return unlock
    folder.chmod(0o555)
    return lambda: folder.chmod(0o755)


@pytest.mark.parametrize("lang", LANGS)
def test_no_permission(cli: Invoke, tmp_path: Path, lang: str) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    unlock = _locked(folder)
    try:
        code, said = form_to(cli, folder / "form.md", lang)
    finally:
        unlock()
    assert_said(
        lang, code, said, expected(lang, folder / "form.md", "no permission to write there")
    )
    assert list(folder.iterdir()) == []


def test_permission_denied_as_the_system_says_it(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """EACCES (which root never meets) reads as EPERM does."""

    real_open = os.open

    def refuse(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if ".form.md." in str(file):  # the temporary file beside form.md
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    code, said = form_to(cli, tmp_path / "form.md", "fi")
    assert_said(
        "fi", code, said, expected("fi", tmp_path / "form.md", "no permission to write there")
    )


@pytest.mark.parametrize("lang", ["fi", "sk"])
def test_a_full_standard_output(tmp_path: Path, lang: str) -> None:
    (tmp_path / "a.yaml").write_text(EXAMPLE_YAML, encoding="utf-8")
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            command("score", "a.yaml", "-f", "json", "--lang", lang),
            cwd=tmp_path,
            env=env_for(tmp_path),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    _ = gettext_for(lang)
    assert_said(lang, done.returncode, done.stderr,
                expected(lang, _("standard output"), "the disk is full"))  # fmt: skip

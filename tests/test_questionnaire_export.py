"""`questionnaire export` writes the built-in questionnaire as a template that `validate`
accepts and `-q` uses, scoring exactly as the built-in one."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import EXAMPLE_YAML, Invoke

from custserv_audit.schema.definition import builtin_path, read_questionnaire


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.yaml").write_text(EXAMPLE_YAML, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("lang", ["en", "fi", "sk"])
def test_one_language_template_validates_and_scores_the_same(
    cli: Invoke, here: Path, lang: str
) -> None:
    assert cli("questionnaire", "export", "--lang", lang, "-o", "mine.yaml").exit_code == 0
    text = (here / "mine.yaml").read_text("utf-8")
    assert text.startswith("# ") and f"languages:\n- {lang}\n" in text
    checked = cli("validate", "mine.yaml")
    assert checked.exit_code == 0 and f"languages: {lang})" in checked.stdout
    own = cli("score", "good.yaml", "-q", "mine.yaml", "-f", "json", "--lang", lang)
    builtin = cli("score", "good.yaml", "-f", "json", "--lang", lang)
    assert json.loads(own.stdout) == json.loads(builtin.stdout)
    [version] = read_questionnaire(here / "mine.yaml", None).values()
    shipped = read_questionnaire(None, lang)[lang]
    assert replace(version, languages=shipped.languages, source=shipped.source) == shipped


def test_every_language_template_is_the_shipped_file(cli: Invoke, here: Path) -> None:
    result = cli("questionnaire", "export")
    assert result.exit_code == 0
    body = "".join(ln for ln in result.stdout.splitlines(True) if not ln.startswith("# A copy"))
    assert builtin_path().read_text("utf-8") in result.stdout
    (here / "all.yaml").write_text(body, encoding="utf-8")
    assert "languages: en, fi, sk" in cli("validate", "all.yaml").stdout


@pytest.mark.usefixtures("here")
def test_the_template_header_follows_the_language(cli: Invoke) -> None:
    finnish = cli("--lang", "fi", "questionnaire", "export").stdout
    assert finnish.splitlines()[0].startswith("# ") and "validate" in finnish.splitlines()[1]
    assert finnish.splitlines()[0] != cli("questionnaire", "export").stdout.splitlines()[0]
    assert "languages:\n- fi\n" in finnish  # --lang before the command chooses the language


def test_an_existing_file_is_kept_without_force(cli: Invoke, here: Path) -> None:
    (here / "mine.yaml").write_text("mine", encoding="utf-8")
    result = cli("questionnaire", "export", "-o", "mine.yaml")
    assert result.exit_code == 1 and "--force" in result.stderr
    assert (here / "mine.yaml").read_text("utf-8") == "mine"
    assert cli("questionnaire", "export", "-o", "mine.yaml", "--force").exit_code == 0

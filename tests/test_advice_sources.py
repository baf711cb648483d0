"""Where each piece of advice comes from: the `source` note, its checks and where it shows.

A piece of advice is a text, or a mapping `{text: ..., source: ...}`; the note is a text
of the questionnaire's languages, or one plain string for all of them. `validate` reports
a malformed note on its line; the reports and the terminal show it under the advice.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ASSETS, Invoke

from custserv_audit.model import Advice
from custserv_audit.schema.definition import builtin_path, load_questionnaire

MINI = (ASSETS / "mini.yaml").read_text(encoding="utf-8")
PLAIN = '      - "Set a reply-time standard and measure it."\n'


def with_advice(block: str) -> str:
    """The mini questionnaire with its one piece of advice replaced by `block`."""
    assert MINI.count(PLAIN) == 1
    return MINI.replace(PLAIN, block)


def line_of(text: str, needle: str) -> int:
    return text.count("\n", 0, text.index(needle)) + 1


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_plain_text_and_a_mapping_with_a_source_both_load(tmp_path: Path) -> None:
    text = with_advice(
        PLAIN + '      - text: "Answer within two rings."\n'
        '        source: "Service standards handbook, chapter 2"\n'
    )
    q = load_questionnaire(write(tmp_path, text), "en")
    assert q.section("speed").advice == (
        Advice("Set a reply-time standard and measure it."),
        Advice("Answer within two rings.", "Service standards handbook, chapter 2"),
    )


def test_a_source_mapping_gives_each_language_its_note_and_a_string_serves_all(
    tmp_path: Path,
) -> None:
    english = load_questionnaire(builtin_path(), "en").section("feedback").advice[0]
    finnish = load_questionnaire(builtin_path(), "fi").section("feedback").advice[0]
    assert english.source == "Service policy guide, part 1, step 1"
    assert finnish.source == "Asiakaspalvelupolitiikan opas, osa 1, vaihe 1"
    text = builtin_path().read_text(encoding="utf-8")
    start = text.index('          en: "Service policy guide, part 1, step 1"')
    end = text.index("\n", text.index("          sk: ", start)) + 1
    one = text[:start].rstrip(" ").removesuffix("source:\n") + 'source: "ISO 10002, 7.2"\n'
    path = write(tmp_path, one + text[end:])
    for lang in ("en", "fi", "sk"):
        tip = load_questionnaire(path, lang).section("feedback").advice[0]
        assert tip.source == "ISO 10002, 7.2"


BROKEN = [
    (
        "multi-line",
        '      - text: "Answer fast."\n        source: "Handbook,\\nchapter 2"\n',
        "        source:",
        "sections[0].advice[0].source: a source note is one line",
    ),
    (
        "too-long",
        '      - text: "Answer fast."\n        source: "' + "x" * 201 + '"\n',
        "        source:",
        "sections[0].advice[0].source: a source note is at most 200 characters, got 201",
    ),
    (
        "empty",
        '      - text: "Answer fast."\n        source: ""\n',
        "        source:",
        "sections[0].advice[0].source: the text is empty",
    ),
    (
        "missing-text",
        '      - source: "Handbook, chapter 2"\n',
        "      - source:",
        "sections[0].advice[0]: missing 'text' (the advice itself)",
    ),
    (
        "unknown-key",
        '      - text: "Answer fast."\n        sauce: "Handbook"\n',
        "        sauce:",
        "sections[0].advice[0]: unknown key 'sauce' (expected 'text' and 'source')",
    ),
    (
        "not-a-text",
        '      - text: "Answer fast."\n        source: [Handbook, 2]\n',
        "        source:",
        "sections[0].advice[0].source: expected a text",
    ),
]


@pytest.mark.parametrize(
    ("block", "needle", "message"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN]
)
def test_validate_reports_a_malformed_source_note_on_its_line(
    cli: Invoke, tmp_path: Path, block: str, needle: str, message: str
) -> None:
    text = with_advice(block)
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"{path}:{line_of(text, needle)}: {message}"]


def test_a_source_note_in_one_language_of_several_is_checked_in_that_language(
    cli: Invoke, tmp_path: Path
) -> None:
    text = builtin_path().read_text(encoding="utf-8")
    old = 'sk: "Návod na zásady zákazníckych služieb, časť 1, krok 1"'
    assert text.count(old) == 1
    text = text.replace(old, 'sk: "Návod,\\nčasť 1"')
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert result.exit_code == 1
    line = line_of(text, 'sk: "Návod,')
    expected = "sections[2].advice[0].source.sk: a source note is one line"
    assert result.stderr.splitlines() == [f"{path}:{line}: {expected}"]


def test_every_builtin_piece_of_advice_names_its_source_in_every_language() -> None:
    for lang in ("en", "fi", "sk"):
        q = load_questionnaire(builtin_path(), lang)
        for section in q.sections:
            assert 4 <= len(section.advice) <= 5, section.id
            for tip in section.advice:
                assert tip.text and tip.source, (lang, section.id, tip)
                assert "\n" not in tip.source and len(tip.source) <= 120


def test_the_reports_and_the_terminal_show_the_note_under_the_advice(
    cli: Invoke, example_file: Path
) -> None:
    # The example answers: feedback is the weakest section.
    tips = load_questionnaire(builtin_path(), "sk").section("feedback").advice
    html = cli("report", example_file, "--format", "html", "--lang", "sk").stdout
    for tip in tips:
        assert f'<div class="source">Zdroj: {tip.source}</div></li>' in html
    table = cli("score", example_file, "--lang", "sk").stdout
    flat = " ".join(table.replace("│", " ").split())
    assert f"Zdroj: {tips[0].source}" in flat

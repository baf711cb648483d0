"""The translators' glossary holds: no ruled-out term in a message or a built-in text.

The ruled-out terms are read from the table in `custserv_audit/locale/README.md`, so
adding a row there is enough to guard it. Checked: every `msgstr` of the fi and sk
catalogues, every English `msgid` (the source text), and every text of every
built-in questionnaire in its language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

PACKAGE = Path(__file__).resolve().parents[1] / "custserv_audit"
LOCALE = PACKAGE / "locale"
README = LOCALE / "README.md"
QUESTIONNAIRES = sorted((PACKAGE / "questionnaires").glob("*.yaml"))
LANGUAGES = ("en", "fi", "sk")
ROW = re.compile(r"^\|\s*(en|fi|sk)\s*\|\s*`([^`]+)`\s*\|")
# A field or key name in straight quotes ('audits') is typed by users, never translated.
FIELD_NAME = re.compile(r"'[\w.-]+'|\{[\w.!:]*\}")


def ruled_out() -> dict[str, list[str]]:
    """Language -> ruled-out terms, from the README's "Ruled-out terms" table."""
    text = README.read_text(encoding="utf-8")
    section = text.split("### Ruled-out terms", 1)[1].split("\n## ", 1)[0]
    terms: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    for line in section.splitlines():
        match = ROW.match(line)
        if match:
            terms[match.group(1)].append(match.group(2))
    return terms


def pattern(term: str) -> re.Pattern[str]:
    """A term at the start of a word; `*` = any ending; capitals match exactly."""
    stem = term.removesuffix("*")
    end = "" if term.endswith("*") else r"(?![\w-])"
    flags = 0 if any(c.isupper() for c in stem) else re.IGNORECASE
    return re.compile(r"(?<![\w-])" + re.escape(stem) + end, flags)


def catalogue(lang: str) -> list[tuple[str, str]]:
    """(msgid, msgstr) of one language's catalogue."""
    from babel.messages.pofile import read_po

    with (LOCALE / lang / "LC_MESSAGES" / "custserv_audit.po").open("rb") as handle:
        return [
            (m.id, m.string)
            for m in read_po(handle, locale=lang)
            if isinstance(m.id, str) and isinstance(m.string, str) and m.id
        ]


def texts(node: Any, where: str = "") -> Iterator[tuple[str, str, str]]:
    """(place, language, text) of every language mapping in a questionnaire file."""
    if isinstance(node, dict):
        if node and set(node) <= set(LANGUAGES) and all(isinstance(v, str) for v in node.values()):
            for lang, text in node.items():
                yield where, lang, text
            return
        for key, value in node.items():
            yield from texts(value, f"{where}.{key}" if where else str(key))
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from texts(value, f"{where}[{n}]")


def test_the_glossary_rules_out_terms_in_every_language() -> None:
    terms = ruled_out()
    for lang in LANGUAGES:
        assert terms[lang], f"no ruled-out {lang} term read from {README}"
    # The matcher itself: inflected forms, word starts, capitals.
    assert pattern("osa-alue*").search("Heikoimmat osa-alueesi")
    assert not pattern("audit*").search("custserv-audit score")
    assert pattern("audit*").search("Výsledok auditu")
    assert not pattern("SO").search("so zákazníkmi")
    assert pattern("rady").search("s radami") is None
    assert pattern("rady").search("dobré rady")
    assert FIELD_NAME.sub("", "'audits' musí byť zoznam") == " musí byť zoznam"


@pytest.mark.parametrize("lang", ["fi", "sk"])
def test_no_translated_message_uses_a_ruled_out_term(lang: str) -> None:
    checks = [pattern(t) for t in ruled_out()[lang]]
    found = [
        (check.pattern, msgstr)
        for _msgid, msgstr in catalogue(lang)
        for check in checks
        if check.search(FIELD_NAME.sub("", msgstr))
    ]
    assert found == []


def test_no_english_message_uses_a_ruled_out_term() -> None:
    checks = [pattern(t) for t in ruled_out()["en"]]
    found = [
        (check.pattern, msgid)
        for msgid, _msgstr in catalogue("fi")
        for check in checks
        if check.search(FIELD_NAME.sub("", msgid))
    ]
    assert found == []


@pytest.mark.parametrize("path", QUESTIONNAIRES, ids=lambda p: p.name)
def test_no_questionnaire_text_uses_a_ruled_out_term(path: Path) -> None:
    terms = ruled_out()
    checks = {lang: [pattern(t) for t in terms[lang]] for lang in LANGUAGES}
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    places = list(texts(raw))
    assert len(places) > 100  # the walker found the texts
    found = [
        (where, lang, check.pattern)
        for where, lang, text in places
        for check in checks[lang]
        if check.search(text)
    ]
    assert found == []


@pytest.mark.parametrize("path", QUESTIONNAIRES, ids=lambda p: p.name)
def test_finnish_and_slovak_keep_a_number_and_its_percent_sign_together(path: Path) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    loose = re.compile(r"\d[ \t]%")
    found = [
        (where, lang) for where, lang, text in texts(raw) if lang != "en" and loose.search(text)
    ]
    assert found == []


ROOT = PACKAGE.parent
# The user's documentation (the translators' README holds the glossary itself).
USER_DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# Code blocks and `code` spans are what users type or see from the program as it is.
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)


@pytest.mark.parametrize("path", USER_DOCS, ids=lambda p: p.name)
def test_the_documentation_uses_the_glossarys_english_terms(path: Path) -> None:
    checks = [pattern(t) for t in ruled_out()["en"]]
    prose = CODE.sub("", path.read_text(encoding="utf-8"))
    assert len(prose) > 1000  # the prose was read
    found = [
        (n, check.pattern, line.strip())
        for n, line in enumerate(prose.splitlines(), 1)
        for check in checks
        if check.search(line)
    ]
    assert found == []


def test_the_documentation_check_finds_a_ruled_out_term() -> None:
    checks = [pattern(t) for t in ruled_out()["en"]]
    prose = CODE.sub("", "The weakest areas get advice; run `score --areas` for the verdict.")
    assert sorted(c.pattern for c in checks if c.search(prose)) == sorted(
        pattern(t).pattern for t in ("area*", "verdict*")
    )
    assert not any(c.search(CODE.sub("", "Use `--area` as typed.")) for c in checks)


AUDIT = re.compile(r"(?<![\w-])audit", re.IGNORECASE)
RATING = re.compile(r"\brating", re.IGNORECASE)
# The word for a rating, not inside the word for the audit: fi arvio (not arviointi),
# sk hodnotenie (not sebahodnotenie).
RATING_WORD = {
    "fi": re.compile(r"(?<![^\W\d_])arvio(?!in)", re.IGNORECASE),
    "sk": re.compile(r"(?<![^\W\d_])hodnoten", re.IGNORECASE),
}
AUDIT_WORD = {
    "fi": re.compile(r"(?<![^\W\d_])arvioin", re.IGNORECASE),
    "sk": re.compile(r"sebahodnoten", re.IGNORECASE),
}


@pytest.mark.parametrize("lang", ["fi", "sk"])
def test_an_audit_and_a_rating_keep_their_own_words(lang: str) -> None:
    """A message about audits never calls one a rating, nor one about ratings an audit."""
    found = [
        msgid
        for msgid, msgstr in catalogue(lang)
        if (AUDIT.search(msgid) and not RATING.search(msgid) and RATING_WORD[lang].search(msgstr))
        or (RATING.search(msgid) and not AUDIT.search(msgid) and AUDIT_WORD[lang].search(msgstr))
    ]
    assert found == []
    # The checks themselves.
    assert RATING_WORD["sk"].search("Žiadne hodnotenie") and AUDIT.search("the audit")
    assert not RATING_WORD["sk"].search("Žiadne sebahodnotenie")
    assert not RATING_WORD["fi"].search("arvioinnin tulos") and RATING_WORD["fi"].search("arviot")
    assert not AUDIT.search("custserv-audit score")

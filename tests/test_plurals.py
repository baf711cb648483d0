"""Counts in messages take the plural form of their language (gettext's ngettext): English
and Finnish have two forms, Slovak three (1; 2-4; 5 and more)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import EXAMPLE_YAML, Invoke

from custserv_audit.i18n import ngettext_for

SOURCE = Path(__file__).resolve().parent.parent / "custserv_audit"


def test_no_message_fakes_a_plural_with_s_in_brackets() -> None:
    # cli/framework.py marks the command-line parser's own words: their msgids are its.
    fakes = [
        f"{path.relative_to(SOURCE)}: {line.strip()}"
        for path in SOURCE.rglob("*.py")
        if path.name != "framework.py"
        for line in path.read_text("utf-8").splitlines()
        if re.search(r"\w\(s\)", line) and not line.lstrip().startswith("#") and '"' in line
    ]
    assert fakes == []


@pytest.mark.parametrize(("lang", "forms"), [("fi", 2), ("sk", 3)])
def test_the_catalogues_declare_their_plural_forms(lang: str, forms: int) -> None:
    path = SOURCE / "locale" / lang / "LC_MESSAGES" / "custserv_audit.po"  # .po: not installed
    with path.open("rb") as f:
        catalogue = read_po(f)
    assert catalogue.num_plurals == forms
    plurals = [m for m in catalogue if m.pluralizable]
    assert len(plurals) >= 10
    for message in plurals:
        assert isinstance(message.string, tuple), message.id
        assert len(message.string) == forms and all(message.string), message.id


def test_slovak_counts_take_three_forms_and_finnish_two() -> None:
    sk = ngettext_for("sk")
    forms = [sk("{count} audit", "{count} audits", n).format(count=n) for n in (1, 3, 5, 22, 0)]
    assert forms == [
        "1 sebahodnotenie",
        "3 sebahodnotenia",
        "5 sebahodnotení",
        "22 sebahodnotení",
        "0 sebahodnotení",
    ]
    fi = ngettext_for("fi")
    assert fi("{count} audit", "{count} audits", 1).format(count=1) == "1 arviointi"
    assert fi("{count} audit", "{count} audits", 2).format(count=2) == "2 arviointia"
    en = ngettext_for("en")
    assert en("{count} audit", "{count} audits", 1) == "{count} audit"


def test_recording_one_audit_says_one_audit(cli: Invoke, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(EXAMPLE_YAML, encoding="utf-8")
    db = tmp_path / "h.sqlite3"
    first = cli("score", tmp_path / "a.yaml", "--record", "--db", db, "-f", "json")
    assert first.stderr == f"Recorded 1 new audit in {db}.\n"
    again = cli("score", tmp_path / "a.yaml", "--record", "--db", db, "-f", "json", "--lang", "sk")
    assert again.stderr.splitlines()[-1] == (
        f"Do {db} bolo zaznamenaných 0 nových sebahodnotení. 1 už bolo zaznamenané predtým."
    )

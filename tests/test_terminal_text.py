"""Untrusted text made inert before a terminal (unit level; the CLI tests cover the paths)."""

from __future__ import annotations

import os

from hypothesis import given
from hypothesis import strategies as st

from custserv_audit.terminal import display_name, inert


def test_escape_sequences_become_visible_text() -> None:
    assert inert("A\x1b]52;c;SGk=\x07B\x1b[2J\x9b") == "A\\x1b]52;c;SGk=\\x07B\\x1b[2J\\x9b"


def test_line_breaks_kept_only_when_asked() -> None:
    assert inert("a\nb\tc") == "a\\x0ab\\x09c"
    assert inert("a\nb\tc", keep_lines=True) == "a\nb\\x09c"


def test_plain_text_unchanged() -> None:
    assert inert("Äiti & Poika Oy – Žilina") == "Äiti & Poika Oy – Žilina"


def test_file_name_bytes_that_are_not_utf8() -> None:
    name = display_name(os.fsdecode(b"caf\xe9.yaml"))
    assert name == "caf\\xe9.yaml"
    name.encode("utf-8")  # storable and printable


@given(st.text())
def test_inert_text_has_no_control_characters(text: str) -> None:
    out = inert(text)
    out.encode("utf-8")
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in out)

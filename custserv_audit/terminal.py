"""Text that reaches a terminal: untrusted text made inert, file names made printable.

A respondent name, a metadata value, a questionnaire text or a file name may hold
control characters (ESC starts sequences that can set the clipboard, change the
window title or clear the screen). Every such text goes through `inert` before it is
printed; the characters are shown as visible escapes (`\\x1b`) instead.
"""

from __future__ import annotations

import os
import re

# C0 controls, DEL, C1 controls, lone surrogates (bytes of a file name that is not UTF-8),
# and the bidirectional overrides that reorder what is shown.
_OTHERS = r"\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(rf"[\x00-\x1f{_OTHERS}]")
_UNSAFE_KEEP_LINES = re.compile(rf"[\x00-\x09\x0b-\x1f{_OTHERS}]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that surrogateescape kept from a file name
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def inert(text: str, keep_lines: bool = False) -> str:
    """`text` with every control character shown as a visible escape (`\\x1b`, `\\x07`)."""
    pattern = _UNSAFE_KEEP_LINES if keep_lines else _UNSAFE
    return pattern.sub(_escape, text) if pattern.search(text) else text


def display_name(path: str | os.PathLike[str]) -> str:
    """A file name as it can be printed, stored and written as UTF-8.

    Bytes that are not UTF-8 (kept by Python as lone surrogates) become `\\xNN`, and so
    does every control character.
    """
    return inert(os.fspath(path))

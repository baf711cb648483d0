"""Program strings through gettext; the language comes from --lang or the locale."""

from __future__ import annotations

import contextlib
import gettext
import os
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "fi", "sk")
DOMAIN = "custserv_audit"
LOCALE_DIR = Path(__file__).parent / "locale"


def detect_language(environ: Mapping[str, str] | None = None) -> str:
    """The language from LC_ALL, LC_MESSAGES or LANG (first one set), else English."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            code = value.split(".")[0].split("_")[0].split("-")[0].lower()
            return code if code in LANGUAGES else "en"
    return "en"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue for `lang` (English is the source language)."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)


def gettext_for(lang: str) -> Callable[[str], str]:
    """The `_` function for one language."""
    return translations(lang).gettext


# The language of messages made deep in the core (loader, parsing, output), which
# does not know the command's --lang. The command sets it for its duration
# (`cli.handle_errors`); left alone it is English, so the core stays
# deterministic under test whatever the machine's locale.
_active = "en"


def set_language(lang: str) -> None:
    """Make `lang` the language of core messages from now on."""
    global _active
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    _active = lang


def active_language() -> str:
    """The language core messages are made in."""
    return _active


@contextlib.contextmanager
def language_scope(lang: str) -> Iterator[None]:
    """Core messages in `lang` inside the block; the previous language afterwards."""
    previous = _active
    set_language(lang)
    try:
        yield
    finally:
        set_language(previous)


def _(message: str) -> str:
    """`message` translated into the active language (core messages)."""
    return translations(_active).gettext(message)

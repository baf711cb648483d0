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
    """The language as GNU gettext picks it, else English.

    The locale is the first of LC_ALL, LC_MESSAGES and LANG that is set. Unless
    that locale is C or POSIX, LANGUAGE (a colon-separated list of preferences,
    `fi:en`) comes first; its first language the program has wins.
    """
    env = os.environ if environ is None else environ
    locale = next((env[v] for v in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(v)), "")
    if locale and locale.split(".")[0] not in ("C", "POSIX"):
        for choice in env.get("LANGUAGE", "").split(":"):
            code = _code(choice)
            if code in LANGUAGES:
                return code
    code = _code(locale)
    return code if code in LANGUAGES else "en"


def _code(value: str) -> str:
    """`fi_FI.UTF-8` → `fi`."""
    return value.split(".")[0].split("@")[0].split("_")[0].split("-")[0].lower()


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


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it here."""
    return message


def language_in_args(args: list[str], environ: Mapping[str, str] | None = None) -> str:
    """The language a command line asks for: its `--lang X` (or `--lang=X`), else the locale.

    Help texts and Typer's and Click's own words are made before the command reads its
    options, so the console script looks for `--lang` here first.
    """
    for n, arg in enumerate(args):
        if arg == "--":
            break
        value = arg.removeprefix("--lang=") if arg.startswith("--lang=") else None
        if arg == "--lang" and n + 1 < len(args):
            value = args[n + 1]
        if value in LANGUAGES:
            return value
    return detect_language(environ)


# The language of help texts and of Typer's and Click's own words, chosen once by the
# console script from its command line (`language_in_args`); else the locale's.
_interface: list[str] = []


def set_interface_language(lang: str) -> None:
    """Make `lang` the language of help texts and the framework's words."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    _interface[:] = [lang]


def interface_language() -> str:
    """The language of help texts: the command line's `--lang`, else the locale."""
    return _interface[0] if _interface else detect_language()

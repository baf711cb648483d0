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


def ngettext_for(lang: str) -> Callable[[str, str, int], str]:
    """The `ngettext` function for one language: the plural form that `n` takes there
    (English and Finnish have two forms, Slovak three: 1, 2-4, 5 and more)."""
    return translations(lang).ngettext


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


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for the count `n`, in the active language."""
    return translations(_active).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it here."""
    return message


# Typer's own words (help panels, the error box) go through the standard library's
# gettext with the process-wide text domain; these marks put them in our catalogue.
# Click's "Usage:", "Show this message and exit." and its error texts are fixed
# English in the Click that Typer bundles, so they cannot be translated.
FRAMEWORK_STRINGS = (
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("Error"),
    N_("Aborted."),
    N_("Aborted!"),
    N_("[default: {}]"),
    N_("[required]"),
    N_("Try [blue]'{command_path} {help_option}'[/] for help."),
    N_("Missing command."),
    N_("No such command {name!r}."),
)


def install_framework_translations() -> None:
    """Let Typer's own words follow the locale, as the help texts do.

    The standard library picks the language from LANGUAGE, LC_ALL, LC_MESSAGES
    and LANG itself; only a command-line program should call this.
    """
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)

"""Program strings through gettext; the language comes from --lang or the locale."""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable, Mapping
from functools import lru_cache
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


@lru_cache(maxsize=None)
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue for `lang` (English is the source language)."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)


def gettext_for(lang: str) -> Callable[[str], str]:
    """The `_` function for one language."""
    return translations(lang).gettext

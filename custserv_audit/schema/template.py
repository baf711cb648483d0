"""The built-in questionnaire as a template for one's own: every language, or one.

One language makes the simplest file to adapt: each text a plain string (as in a
one-language definition), `languages: [xx]`. Texts given only in English (the sources of
the advice) stay in English.
"""

from __future__ import annotations

import textwrap
from typing import Any

import yaml

from ..i18n import _
from .definition import builtin_path


def builtin_yaml() -> str:
    """The built-in definition as it is shipped (every language, with its comments)."""
    return builtin_path().read_text(encoding="utf-8")


def one_language(data: Any, lang: str, languages: frozenset[str]) -> Any:
    """`data` with every text mapping (language → string) replaced by its `lang` text."""
    if isinstance(data, dict):
        if data and set(data) <= languages and all(isinstance(v, str) for v in data.values()):
            return data.get(lang, data.get("en", next(iter(data.values()))))
        return {key: one_language(value, lang, languages) for key, value in data.items()}
    if isinstance(data, list):
        return [one_language(item, lang, languages) for item in data]
    return data


def template(lang: str | None) -> str:
    """The YAML text of the built-in questionnaire: every language (None) or one."""
    text = builtin_yaml()
    if lang is None:
        return text
    data = yaml.safe_load(text)
    languages = frozenset(data.get("languages", ()))
    single = one_language(data, lang, languages)
    single["languages"] = [lang]
    return yaml.safe_dump(single, allow_unicode=True, sort_keys=False, width=100)


def commented_template(lang: str | None) -> str:
    """`template(lang)` under a comment that says how to adapt, check and use it."""
    head = _(
        "A copy of the built-in questionnaire to adapt as your own. Give it an id of your "
        "own when you change its statements, check it with: custserv-audit validate FILE, "
        "and use it with: custserv-audit run -q FILE (score, form and report take -q too)."
    )
    return "".join(f"# {line}\n" for line in textwrap.wrap(head, 88)) + template(lang)

"""Dates as people read them: 25.11.2026 in Finnish, 25. 11. 2026 in Slovak, ISO in English.

Every screen, report and plan document formats the dates it shows here. Machine
outputs (JSON, NDJSON, CSV, YAML files, calendars) never do: they keep ISO dates
(2026-11-25) whatever the language.
"""

from __future__ import annotations

import datetime as dt
import re

# Day, month and year as each language writes a date in running text.
_PATTERNS = {"fi": "{d}.{m}.{y}", "sk": "{d}. {m}. {y}"}
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def date_text(value: dt.date | str | None, lang: str, missing: str = "") -> str:
    """`value` (a date, or an ISO date text) as `lang` writes it; other text as it is."""
    if value is None or value == "":
        return missing
    day = value
    if isinstance(value, str):
        if not _ISO.fullmatch(value):
            return value
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return value
    assert isinstance(day, dt.date)
    pattern = _PATTERNS.get(lang)
    if pattern is None:
        return day.isoformat()
    return pattern.format(d=day.day, m=day.month, y=day.year)

"""Timestamps and local dates as platforms write them, reduced to the ISO date they name."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

# The time after a date: "10:15", "10.15.00", "klo 10.15", "10:15:00 AM GMT+2", "T10:15:00Z" ...
_TIME = (
    r"(?:[T ]\s*(?:klo\s*)?[0-9]{1,2}[:.][0-9]{2}(?:[:.][0-9]{2}(?:[.,][0-9]+)?)?"
    r"(?:\s*[AaPp]\.?[Mm]\.?)?"
    r"(?:\s*(?:Z|UTC|GMT|[A-Z]{3,4})?\s*(?:[+-][0-9]{1,2}(?::?[0-9]{2})?)?)?)?"
)
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})" + _TIME + r"\Z")
_SLASHED_YMD = re.compile(r"([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})" + _TIME + r"\Z")
_DOTTED_DMY = re.compile(r"([0-9]{1,2})\.\s?([0-9]{1,2})\.\s?([0-9]{4})" + _TIME + r"\Z")
_SLASHED_XXY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})" + _TIME + r"\Z")


def slashed_order(cells: Iterable[str]) -> str | None:
    """ "month-first" or "day-first" when a column's year-last slashed dates show it for
    certain (a first number over 12 is a day, a second one over 12 is a day), else None."""
    orders: set[str] = set()
    for cell in cells:
        found = _SLASHED_XXY.match(cell.strip())
        if found:
            first, second = int(found.group(1)), int(found.group(2))
            if first > 12 >= second:
                orders.add("day-first")
            elif second > 12 >= first:
                orders.add("month-first")
    return orders.pop() if len(orders) == 1 else None


def reduce_date(text: str, order: str | None = None) -> str | None:
    """The ISO date (YYYY-MM-DD) a cell names, or None when it names no date for certain.

    Year first (ISO, Google's 2026/11/20) and day.month.year (Finnish and Slovak) are
    certain; a slashed date with the year last needs its column's `order`, or a day
    over 12.
    """
    text = text.strip()
    for pattern, fields in ((_ISO, "ymd"), (_SLASHED_YMD, "ymd"), (_DOTTED_DMY, "dmy")):
        found = pattern.match(text)
        if found:
            parts = dict(zip(fields, (int(g) for g in found.groups()), strict=True))
            return _date(parts["y"], parts["m"], parts["d"])
    found = _SLASHED_XXY.match(text)
    if found:
        first, second, year = (int(g) for g in found.groups())
        if order == "day-first":
            return _date(year, second, first)
        if order == "month-first":
            return _date(year, first, second)
        if first > 12 >= second:
            return _date(year, second, first)
        if second > 12 >= first:
            return _date(year, first, second)
    return None


def _date(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None

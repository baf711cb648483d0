"""Response-quality flags: answer patterns worth a follow-up question.

A flag never changes a score; it only lists the respondent for a second look.
The statements are taken in questionnaire order, across sections:

- `straight_line`: the same rating for every statement;
- `long_string`: one rating repeated for at least `LONG_STRING_SHARE` of the
  statements in an unbroken run (but not for all of them);
- `alternating`: two ratings taking turns for every statement (5, 1, 5, 1, …),
  at least four statements.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import StrEnum


class QualityFlag(StrEnum):
    """A pattern in one respondent's ratings that is worth following up."""

    STRAIGHT_LINE = "straight_line"
    LONG_STRING = "long_string"
    ALTERNATING = "alternating"


#: The share of the statements an unbroken run of one rating must cover to be flagged.
LONG_STRING_SHARE = 2 / 3


def long_string_length(item_count: int) -> int:
    """The shortest run that is flagged for a questionnaire of `item_count` statements."""
    return max(3, math.ceil(item_count * LONG_STRING_SHARE))


def longest_run(ratings: Sequence[int]) -> int:
    """The length of the longest unbroken run of one rating."""
    best = run = 0
    previous: int | None = None
    for x in ratings:
        run = run + 1 if x == previous else 1
        previous = x
        best = max(best, run)
    return best


_NONE: frozenset[QualityFlag] = frozenset()
_STRAIGHT = frozenset({QualityFlag.STRAIGHT_LINE})


def quality_flags(sections: Sequence[tuple[int, ...]]) -> frozenset[QualityFlag]:
    """The flags of one respondent, given each section's ratings in order.

    Called for every respondent of a batch, so each pattern is first ruled out
    by a cheap necessary condition: a run of L among n ratings always covers
    the positions n − L … L − 1, and alternation shows in the first four.
    """
    flat: tuple[int, ...] = sum(sections, ())
    n = len(flat)
    if n < 2:
        return _NONE
    first = flat[0]
    if flat.count(first) == n:
        return _STRAIGHT
    flags = set()
    needed = long_string_length(n)
    if needed < n:
        middle = flat[n - needed : needed]
        if middle.count(middle[0]) == len(middle) and longest_run(flat) >= needed:
            flags.add(QualityFlag.LONG_STRING)
    if (
        n >= 4
        and flat[1] != first
        and flat[2] == first
        and flat[3] == flat[1]
        and flat[0::2].count(first) == (n + 1) // 2
        and flat[1::2].count(flat[1]) == n // 2
    ):
        flags.add(QualityFlag.ALTERNATING)
    return frozenset(flags) if flags else _NONE

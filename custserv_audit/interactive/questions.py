"""One-line questions in a terminal, outside the interview: a point on the scale (paper
forms typed in or reviewed after a scan) and a yes/no confirmation."""

from __future__ import annotations

import re
import sys

from ..i18n import _


def ask_line(prompt: str) -> str:
    """Write `prompt` to standard output and read one line (EOFError at the end)."""
    return input(prompt)


def ask_scale_point(prompt: str, low: int, high: int, optional: bool = False) -> int | None:
    """Ask until the answer is a point of the scale `low`..`high`; with `optional`, an empty
    answer is None (the statement left unanswered)."""
    while True:
        answer = ask_line(prompt).strip()
        if optional and not answer:
            return None
        if re.fullmatch(r"-?\d+", answer) and low <= int(answer) <= high:
            return int(answer)
        print(
            _("{value} is not on the scale {low}–{high}").format(value=answer, low=low, high=high)
        )


def confirm(question: str, accepted: set[str]) -> bool:
    """Ask `question` on standard error; True when the answer is one of `accepted` (case
    and surrounding spaces ignored). The end of input is no."""
    sys.stderr.write(question)
    sys.stderr.flush()
    try:
        answer = input()
    except EOFError:
        return False
    return answer.strip().casefold() in {a.casefold() for a in accepted}

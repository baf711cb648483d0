"""One-line questions in a terminal, outside the interview: a point on the scale (paper
forms typed in or reviewed after a scan) and a yes/no confirmation.

`TerminalLines` is the operator the paper use cases (`paper.entry_service`,
`paper.scan_service`) are given: they ask and tell through it and never touch a terminal
themselves, so tests drive them with scripted lines.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass

from ..i18n import _


def ask_line(prompt: str) -> str:
    """Write `prompt` to standard output and read one line (EOFError at the end)."""
    return input(prompt)


def ask_scale_point(
    prompt: str,
    low: int,
    high: int,
    optional: bool = False,
    *,
    ask: Callable[[str], str] = ask_line,
    say: Callable[[str], None] = print,
) -> int | None:
    """Ask until the answer is a point of the scale `low`..`high`; with `optional`, an empty
    answer is None (the statement left unanswered). `ask` reads a line, `say` writes one."""
    while True:
        answer = ask(prompt).strip()
        if optional and not answer:
            return None
        if re.fullmatch(r"-?\d+", answer) and low <= int(answer) <= high:
            return int(answer)
        say(_("{value} is not on the scale {low}–{high}").format(value=answer, low=low, high=high))


@dataclass(frozen=True)
class TerminalLines:
    """Lines in and out of the terminal for the paper use cases; `echo` writes one line
    (the command line passes Typer's)."""

    echo: Callable[[str], None] = print

    def say(self, text: str = "") -> None:
        """Write one line."""
        self.echo(text)

    def ask(self, prompt: str) -> str:
        """Write `prompt` and read one line (EOFError at the end)."""
        return ask_line(prompt)

    def ask_point(self, prompt: str, low: int, high: int, optional: bool = False) -> int | None:
        """A point of the scale, asked until it is one (None: left empty, when `optional`)."""
        return ask_scale_point(prompt, low, high, optional)


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

"""The interview as plain lines: for dumb terminals, screen readers and line consoles.

One question a line, answered with a number and Enter; nothing is redrawn and
no escape sequence is written. The same state machine (`navigation`) decides
what comes next, so going back, the review and changes work as in the
full-screen prompts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TextIO

from ..i18n import gettext_for
from ..model import Questionnaire
from . import navigation
from .navigation import Interview, Stage
from .prompts import flat_items, progress, stop_hint


def wants_plain(environ: Mapping[str, str]) -> bool:
    """Whether the terminal asks for plain lines: TERM=dumb, or ACCESSIBLE set."""
    return environ.get("TERM", "") == "dumb" or bool(environ.get("ACCESSIBLE"))


class PlainIO:
    """Lines in and out: `ask` writes a prompt and reads one line (EOFError at the end)."""

    def __init__(self, stdin: TextIO, stdout: TextIO) -> None:
        self.stdin, self.stdout = stdin, stdout

    def say(self, text: str = "") -> None:
        """Write one line."""
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def ask(self, prompt: str) -> str:
        """Write `prompt` (no newline) and read the answer line."""
        self.stdout.write(prompt)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            self.stdout.write("\n")
            raise EOFError
        return line.strip()


def ask_text(message: str, lines: PlainIO) -> str:
    """A free-text question (the respondent's name)."""
    return lines.ask(message + " ")


def scale_line(questionnaire: Questionnaire) -> str:
    """The scale as one line: `1 Never / not at all, 2 Rarely, ...`."""
    return ", ".join(f"{p.value} {p.label}" for p in questionnaire.scale.points)


def interview(
    questionnaire: Questionnaire,
    given: Sequence[int | None],
    save: Callable[[Sequence[int | None]], None],
    lines: PlainIO,
) -> list[int]:
    """Ask every unanswered statement a line at a time, then the review; all ratings.

    `save` is called with the answers after each answer. KeyboardInterrupt and
    EOFError (the input ended) propagate.
    """
    _ = gettext_for(questionnaire.language)
    state = navigation.start(questionnaire.item_count, given)
    if state.stage is Stage.ASK:
        lines.say(_("Scale: {scale}").format(scale=scale_line(questionnaire)))
        lines.say(stop_hint(questionnaire))
    while state.stage is not Stage.DONE:
        if state.stage is Stage.REVIEW:
            state = _review(questionnaire, state, lines)
            continue
        answer = _ask(questionnaire, state, lines)
        if answer is None:
            state = navigation.back(state)
            continue
        state = navigation.answer(state, answer)
        save(list(state.ratings))
    return state.complete()


def _ask(questionnaire: Questionnaire, state: Interview, lines: PlainIO) -> int | None:
    """One statement: its rating, or None to go back."""
    _ = gettext_for(questionnaire.language)
    section, item = flat_items(questionnaire)[state.index]
    low, high = questionnaire.scale.low, questionnaire.scale.high
    lines.say("")
    lines.say(f"{progress(questionnaire, state.index)} {section.title}: {item.text}")
    parts = [_("Rating {low}–{high}").format(low=low, high=high)]
    if state.current is not None:
        parts.append(_("Enter keeps {rating}").format(rating=state.current))
    if state.can_go_back:
        parts.append(_("b goes back"))
    prompt = ", ".join(parts) + ": "
    while True:
        typed = lines.ask(prompt)
        if not typed:
            if state.current is not None:
                return state.current
            lines.say(
                _("Type a number from {low} to {high}, then press Enter.").format(
                    low=low, high=high
                )
            )
        elif typed.lower() == "b" and state.can_go_back:
            return None
        elif _rating(typed, low, high) is not None:
            return _rating(typed, low, high)
        else:
            lines.say(
                _("{key!r} is not a choice: type a number from {low} to {high}.").format(
                    key=typed, low=low, high=high
                )
            )


def _review(questionnaire: Questionnaire, state: Interview, lines: PlainIO) -> Interview:
    """The numbered list of answers; accept, or choose one to change."""
    _ = gettext_for(questionnaire.language)
    ratings = state.complete()
    lines.say("")
    lines.say(_("Review your answers."))
    current = None
    for i, (section, item) in enumerate(flat_items(questionnaire)):
        if section is not current:
            current = section
            lines.say(f"-- {section.title}")
        label = questionnaire.scale.label(ratings[i])
        lines.say(f"{i + 1}. {ratings[i]} {label}: {item.text}")
    count = questionnaire.item_count
    prompt = _("Type a to accept, or the number of a statement (1–{count}) to change it: ")
    while True:
        typed = lines.ask(prompt.format(count=count))
        if typed.lower() == "a":
            return navigation.accept(state)
        number = _rating(typed, 1, count)
        if number is not None:
            return navigation.change(state, number - 1)
        lines.say(_("Type a and press Enter to accept, or the number of a statement."))


def _rating(typed: str, low: int, high: int) -> int | None:
    """`typed` as a whole number from `low` to `high`, else None."""
    text = typed.strip()
    if text.lstrip("-").isdigit() and text.count("-") <= 1 and text.isascii():
        value = int(text)
        if low <= value <= high:
            return value
    return None

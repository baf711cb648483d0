"""Where the interview goes next: a pure state machine, no prompts.

The interview asks the unanswered statements in order, lets the user go back
one statement at a time, then shows a review where any answer can be changed
before the result. `prompts.py` (or the plain line mode) only asks what the
state says to ask and feeds the answer back through these functions.

After going back, answering walks forward one statement at a time up to the
furthest statement asked so far (the frontier), then on to the next open one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum


class Stage(Enum):
    """What the interview shows now."""

    ASK = "ask"  # a statement of the first pass (back is possible after the first)
    REVIEW = "review"  # the list of every answer
    CHANGE = "change"  # one statement chosen in the review; back to the review after
    DONE = "done"  # accepted


@dataclass(frozen=True)
class Interview:
    """The answers so far and the statement being asked."""

    ratings: tuple[int | None, ...]
    stage: Stage
    index: int  # the statement asked (ASK, CHANGE); len(ratings) otherwise
    frontier: int  # the furthest statement asked in the first pass

    @property
    def count(self) -> int:
        """How many statements there are."""
        return len(self.ratings)

    @property
    def can_go_back(self) -> bool:
        """Whether the current question offers the way back."""
        return self.stage is Stage.ASK and self.index > 0

    @property
    def current(self) -> int | None:
        """The answer already given to the statement being asked, if any."""
        if self.stage in (Stage.ASK, Stage.CHANGE):
            return self.ratings[self.index]
        return None

    @property
    def answered(self) -> int:
        """How many statements have an answer."""
        return sum(r is not None for r in self.ratings)

    def complete(self) -> list[int]:
        """Every rating, once all are given."""
        if any(r is None for r in self.ratings):
            raise ValueError("the interview is not complete")
        return [r for r in self.ratings if r is not None]


def start(count: int, given: Sequence[int | None] = ()) -> Interview:
    """A new or resumed interview: the first open statement, or the review when none is."""
    ratings = tuple(given) + (None,) * (count - len(given))
    first = _next_open(ratings, -1)
    stage = Stage.ASK if first < count else Stage.REVIEW
    return Interview(ratings, stage, first, first)


def answer(state: Interview, rating: int) -> Interview:
    """The current statement answered: on to the next statement, or the review."""
    if state.stage not in (Stage.ASK, Stage.CHANGE):
        raise ValueError(f"no statement is asked in stage {state.stage.value}")
    ratings = (*state.ratings[: state.index], rating, *state.ratings[state.index + 1 :])
    if state.stage is Stage.CHANGE:
        return replace(state, ratings=ratings, stage=Stage.REVIEW, index=state.count)
    if state.index < state.frontier:
        following = state.index + 1
    else:
        following = _next_open(ratings, state.index)
    if following >= state.count:
        return replace(state, ratings=ratings, stage=Stage.REVIEW, index=state.count)
    return replace(state, ratings=ratings, index=following, frontier=max(state.frontier, following))


def back(state: Interview) -> Interview:
    """One statement back (first pass only)."""
    if not state.can_go_back:
        raise ValueError("there is no statement to go back to")
    return replace(state, index=state.index - 1)


def change(state: Interview, index: int) -> Interview:
    """From the review, ask statement `index` again."""
    if state.stage is not Stage.REVIEW:
        raise ValueError("answers are changed from the review")
    if not 0 <= index < state.count:
        raise ValueError(f"there is no statement {index + 1}")
    return replace(state, stage=Stage.CHANGE, index=index)


def accept(state: Interview) -> Interview:
    """The review accepted: the interview is over."""
    if state.stage is not Stage.REVIEW:
        raise ValueError("only the review can be accepted")
    return replace(state, stage=Stage.DONE)


def _next_open(ratings: Sequence[int | None], after: int) -> int:
    """The first unanswered statement after `after`, or len(ratings)."""
    return next((i for i in range(after + 1, len(ratings)) if ratings[i] is None), len(ratings))


@dataclass(frozen=True)
class Picker:
    """One choice prompt: which option the pointer is on (None: no choice yet) and the
    feedback line. Keys select, arrows move, Enter confirms only a choice."""

    keys: tuple[str | None, ...]  # each option's key, or None
    selected: int | None = None
    feedback: str = ""

    def move(self, step: int) -> Picker:
        """The pointer one option down (1) or up (-1), wrapping; from no choice to an end."""
        if self.selected is None:
            chosen = 0 if step > 0 else len(self.keys) - 1
        else:
            chosen = (self.selected + step) % len(self.keys)
        return replace(self, selected=chosen, feedback="")

    def key(self, typed: str, unknown: str) -> Picker:
        """A typed key: the option it names, or `unknown` (with `{key}`) as feedback."""
        for n, key in enumerate(self.keys):
            if key is not None and typed.lower() == key:
                return replace(self, selected=n, feedback="")
        if typed.isprintable() and typed.strip():
            return replace(self, feedback=unknown.format(key=typed))
        return self

    def enter(self, nothing_chosen: str) -> tuple[Picker, int | None]:
        """Enter: the chosen option's index, or no choice and `nothing_chosen` as feedback."""
        if self.selected is None:
            return replace(self, feedback=nothing_chosen), None
        return self, self.selected


def keep_in_sight(top: int, first: int, last: int, height: int) -> int:
    """The first line a list of `height` lines shows, scrolled from `top` only as far as it
    takes to show lines `first` to `last` (the chosen option; its first line wins)."""
    if first < top:
        return first
    if last >= top + height:
        return min(last - height + 1, first)
    return top

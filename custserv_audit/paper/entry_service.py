"""The `enter` use case: a pile of paper forms typed in, then (`--verify`) typed again.

The operator is given (`Operator`: the terminal in the command, scripted lines in the
tests); the forms go through the pure state machine of `entry` and are saved by
`entrystore` after every form, so nothing typed is lost when the operator stops.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import NoReturn, Protocol

from ..i18n import _, ngettext
from ..model import Questionnaire
from . import entry, entrystore


class Operator(Protocol):
    """The person at the keyboard: told things a line at a time, asked for lines."""

    def say(self, text: str = "") -> None:
        """Write one line."""

    def ask(self, prompt: str) -> str:
        """Write `prompt` and read one line; EOFError when the input ends."""

    def ask_point(self, prompt: str, low: int, high: int, optional: bool = False) -> int | None:
        """A point of the scale `low`..`high`, asked until it is one; with `optional`, an
        empty answer is None."""


def enter_forms(q: Questionnaire, output: Path, operator: Operator, verify: bool) -> None:
    """Type forms into `output` (a CSV file or a folder), or with `verify` type the forms
    not yet entered twice again and settle every disagreement. The end of input stops
    quietly: every form finished so far is saved."""
    records = entrystore.load(output, q)
    try:
        if verify:
            verify_pass(q, output, records, operator)
        else:
            first_pass(q, output, records, operator)
    except _Stopped:
        pass
    except EOFError:
        operator.say("")


class _Stopped(EOFError):
    """The input ended in the middle of a form; the operator has been told."""


def _stopped(operator: Operator, what: str, stop: BaseException) -> NoReturn:
    """Close the prompt's open line, say what was not kept and stop as the input did."""
    operator.say("")
    if what:
        operator.say(what)
    if isinstance(stop, KeyboardInterrupt):
        raise stop
    raise _Stopped from None


def _unsaved(q: Questionnaire, state: entry.Entry, second: bool) -> str:
    """What is lost when typing stops at `state`: '' when nothing was typed yet."""
    if state.name is None or (second and not state.sections):
        return ""
    count = len(q.sections)
    if second:
        return _(
            "{name}: the second entry was not finished; the form stays as first typed, "
            "not yet checked."
        ).format(name=state.name)
    return ngettext(
        "{name}: the form was not finished and is not saved ({done} of {count} section typed).",
        "{name}: the form was not finished and is not saved ({done} of {count} sections typed).",
        count,
    ).format(name=state.name, done=len(state.sections), count=count)


def read_form(q: Questionnaire, operator: Operator, name: str | None = None) -> entry.Entry | None:
    """One form typed line by line (None: an empty name, the pile is done); with `name`
    given, only the sections are asked. When the input ends or Ctrl-C stops it mid-form,
    the operator is told what was not kept."""
    state = entry.Entry(name=name) if name is not None else entry.Entry()
    while not state.complete(q):
        try:
            if state.name is None and name is None:
                line = operator.ask(_("Respondent (Enter when the pile is done): "))
                if not line.strip():
                    return None
            else:
                line = operator.ask(f"  {entry.prompt(q, state)}: ")
        except (EOFError, KeyboardInterrupt) as stop:
            _stopped(operator, _unsaved(q, state, name is not None), stop)
        state = entry.step(q, state, line)
        if name is not None and state.name is None:  # "-" at the first section
            state = entry.Entry(name=name)
        if state.error:
            operator.say("  " + state.error)
    return state


def first_pass(
    q: Questionnaire, output: Path, records: list[entrystore.Record], operator: Operator
) -> list[entrystore.Record]:
    """Forms typed until an empty name, each saved as soon as it is complete; all records."""
    operator.say(
        _("Typing forms into {path} ({count} there so far). '-' goes back a section.").format(
            path=output, count=len(records)
        )
    )
    while True:
        operator.say("")
        state = read_form(q, operator)
        if state is None or state.name is None:
            return records
        records = [*records, entrystore.Record(state.name, state.ratings(q))]
        records = entrystore.save(output, q, records, len(records) - 1)
        operator.say(
            ngettext(
                "Saved {name} ({count} form in {path}).",
                "Saved {name} ({count} forms in {path}).",
                len(records),
            ).format(name=state.name, count=len(records), path=output)
        )


def verify_pass(
    q: Questionnaire, output: Path, records: list[entrystore.Record], operator: Operator
) -> list[entrystore.Record]:
    """Double entry: each form not yet checked typed again, every disagreement settled by
    the operator, the form saved as checked; all records."""
    records = list(records)
    todo = [i for i, r in enumerate(records) if not r.checked]
    if not todo:
        operator.say(_("Every form in {path} has been entered twice.").format(path=output))
        return records
    texts = {(s.id, i): item.text for s in q.sections for i, item in enumerate(s.items)}
    numbers = {s.id: n for n, s in enumerate(q.sections, start=1)}
    for done, index in enumerate(todo, start=1):
        record = records[index]
        operator.say("")
        operator.say(
            _("Second entry {n} of {count}: {name}").format(
                n=done, count=len(todo), name=record.name
            )
        )
        state = read_form(q, operator, record.name)
        assert state is not None  # the name is given: the form always completes
        ratings = dict(record.ratings)
        for d in entry.disagreements(q, record.ratings, state.ratings(q)):
            operator.say(
                _("{label}: first entry {first}, second entry {second}: {text}").format(
                    label=f"{numbers[d.section]}.{d.item + 1}",
                    text=texts[d.section, d.item],
                    first=d.first,
                    second=d.second,
                )
            )
            try:
                value = settle(q, operator)
            except (EOFError, KeyboardInterrupt) as stop:
                _stopped(operator, _unsaved(q, state, second=True), stop)
            ratings = entry.resolve(ratings, d, value)
        records[index] = replace(record, ratings=ratings, checked=True)
        records = entrystore.save(output, q, records, index)
        operator.say(_("Checked {name}.").format(name=record.name))
    return records


def settle(q: Questionnaire, operator: Operator) -> int:
    """The operator's value for one disagreement: a point of the scale, never empty."""
    low, high = q.scale.low, q.scale.high
    prompt = _("Which is right? ({low}–{high}): ").format(low=low, high=high)
    value = operator.ask_point(prompt, low, high)
    assert value is not None  # not optional: asked until it is a point of the scale
    return value

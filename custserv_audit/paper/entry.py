"""Keyboard entry of paper forms as a pure state machine (the `enter` command drives it).

One form is: the respondent's name, then one line of digits per section
(`4342` for a four-statement section, or `4 3 4 2`), each line checked against
the scale and the number of statements as it is entered. `-` goes back to the
previous section. A second pass (`--verify`, double entry) compares each
section with the first pass; every disagreement is resolved by the operator.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..i18n import _, ngettext
from ..model import Questionnaire

BACK = "-"


@dataclass(frozen=True)
class Entry:
    """One form being typed: the name (None: not yet given) and the sections done."""

    name: str | None = None
    sections: tuple[tuple[int, ...], ...] = ()
    error: str | None = None

    def complete(self, q: Questionnaire) -> bool:
        """True when the name and every section are in."""
        return self.name is not None and len(self.sections) == len(q.sections)

    def ratings(self, q: Questionnaire) -> dict[str, tuple[int, ...]]:
        """The ratings by section id (the sections entered so far)."""
        return {s.id: r for s, r in zip(q.sections, self.sections, strict=False)}


def parse_section(q: Questionnaire, index: int, text: str) -> tuple[int, ...] | str:
    """The ratings typed for section `index`, or the message saying what is wrong."""
    section = q.sections[index]
    count = len(section.items)
    low, high = q.scale.low, q.scale.high
    words = text.split()
    if len(words) == 1 and low >= 0 and high <= 9:
        words = list(words[0])
    if not words or any(not (w.isdigit() or (w[0] == "-" and w[1:].isdigit())) for w in words):
        return ngettext(
            "type {count} rating as a digit, e.g. {example}",
            "type {count} ratings as digits, e.g. {example}",
            count,
        ).format(count=count, example=str(high) * count)
    values = tuple(int(w) for w in words)
    bad = [v for v in values if not low <= v <= high]
    if bad:
        return _("{value} is not on the scale {low}–{high}").format(
            value=bad[0], low=low, high=high
        )
    if len(values) != count:
        typed = ngettext("{count} rating typed", "{count} ratings typed", len(values))
        has = ngettext(
            "this section has {count} statement", "this section has {count} statements", count
        )
        return f"{typed.format(count=len(values))}; {has.format(count=count)}"
    return values


def step(q: Questionnaire, state: Entry, line: str) -> Entry:
    """The state after the operator enters one line."""
    text = line.strip()
    if state.name is None:
        name = " ".join(text.split())
        if not name:
            return replace(state, error=_("type the respondent's name"))
        return Entry(name=name)
    if text == BACK:
        if not state.sections:
            return Entry()  # back to the name
        return replace(state, sections=state.sections[:-1], error=None)
    if state.complete(q):
        return state
    parsed = parse_section(q, len(state.sections), text)
    if isinstance(parsed, str):
        return replace(state, error=parsed)
    return replace(state, sections=(*state.sections, parsed), error=None)


def prompt(q: Questionnaire, state: Entry) -> str:
    """What to ask for next: the name, or 'n. Section title (k statements)'."""
    if state.name is None:
        return _("Respondent")
    index = len(state.sections)
    section = q.sections[index]
    return ngettext(
        "{n}. {title} ({count} statement)", "{n}. {title} ({count} statements)", len(section.items)
    ).format(n=index + 1, title=section.title, count=len(section.items))


@dataclass(frozen=True)
class Disagreement:
    """A statement the two passes of double entry read differently."""

    section: str
    item: int  # 0-based
    first: int
    second: int


def disagreements(
    q: Questionnaire, first: dict[str, tuple[int, ...]], second: dict[str, tuple[int, ...]]
) -> list[Disagreement]:
    """Every statement where the second entry differs from the first, in order."""
    out = []
    for section in q.sections:
        a, b = first.get(section.id, ()), second.get(section.id, ())
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            if x != y:
                out.append(Disagreement(section.id, i, x, y))
    return out


def resolve(
    ratings: dict[str, tuple[int, ...]], choice: Disagreement, value: int
) -> dict[str, tuple[int, ...]]:
    """The ratings with the operator's value for one disagreement."""
    part = list(ratings[choice.section])
    part[choice.item] = value
    return {**ratings, choice.section: tuple(part)}

"""Frozen data model: the questionnaire, one respondent's answers and the result.

Texts in a `Questionnaire` are already resolved to one language; structure
(ids, counts, scale, bands) never depends on the language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import NamedTuple


@dataclass(frozen=True)
class Item:
    """One statement to rate; `id` is `<section>.<n>`, n counted from 1."""

    id: str
    text: str


@dataclass(frozen=True)
class Advice:
    """One piece of advice for a weak section; `source` says where it comes from ("" if unsaid)."""

    text: str
    source: str = ""


@dataclass(frozen=True)
class Target:
    """A measurable service target a section calls for (the action plan copies it).

    `unit` is one of `TARGET_UNITS`; `better` says which way is better: "lower"
    (an answer time, a share of returns) or "higher" (a share of satisfied customers).
    """

    id: str
    text: str
    unit: str
    better: str


#: The units a measurable target can be given in.
TARGET_UNITS = ("seconds", "minutes", "hours", "days", "percent", "count")
#: Which way a target's figure is better.
TARGET_DIRECTIONS = ("lower", "higher")


@dataclass(frozen=True)
class Section:
    """A group of statements whose mean rating is the section score."""

    id: str
    title: str
    theme: str
    items: tuple[Item, ...]
    advice: tuple[Advice, ...] = ()
    targets: tuple[Target, ...] = ()


@dataclass(frozen=True)
class ScalePoint:
    """One point of the rating scale and its label."""

    value: int
    label: str


@dataclass(frozen=True)
class Scale:
    """The integer rating scale `low`..`high`, a label for every point."""

    low: int
    high: int
    points: tuple[ScalePoint, ...]

    def label(self, value: int) -> str:
        """The label of one scale point."""
        return self.points[value - self.low].label


@dataclass(frozen=True)
class Band:
    """A verdict band: `lower <= total < upper`; None means unbounded."""

    id: str
    label: str
    meaning: str
    lower: Fraction | None = None
    upper: Fraction | None = None

    def contains(self, total: Fraction) -> bool:
        """True when `total` lies in this band (exact comparison)."""
        if self.lower is not None and total < self.lower:
            return False
        return self.upper is None or total < self.upper


@dataclass(frozen=True)
class Questionnaire:
    """A validated questionnaire definition in one language."""

    id: str
    title: str
    instructions: str
    language: str
    languages: tuple[str, ...]
    scale: Scale
    sections: tuple[Section, ...]
    bands: tuple[Band, ...]
    fingerprint: str = ""
    source: str = ""

    @property
    def min_total(self) -> int:
        """The lowest possible total (every section at the bottom of the scale)."""
        return self.scale.low * len(self.sections)

    @property
    def max_total(self) -> int:
        """The highest possible total."""
        return self.scale.high * len(self.sections)

    @property
    def item_count(self) -> int:
        """How many statements there are in all."""
        return sum(len(s.items) for s in self.sections)

    @cached_property
    def common_denominator(self) -> int:
        """The lcm of the section sizes: every total times this is a whole number."""
        from math import lcm

        return lcm(*(len(s.items) for s in self.sections))

    def is_the_one(self, questionnaire_id: str, fingerprint: str) -> bool:
        """True when answers recorded with (`questionnaire_id`, `fingerprint`) were taken with this
        questionnaire's structure (its texts and language may differ)."""
        return self.id == questionnaire_id and self.fingerprint == fingerprint

    def section(self, section_id: str) -> Section:
        """The section with this id (KeyError if none)."""
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)


@dataclass(frozen=True)
class Answers:
    """One respondent's ratings, keyed by section id, in item order."""

    questionnaire: str
    ratings: Mapping[str, tuple[int, ...]]
    respondent: str | None = None
    date: str | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)
    source: str = ""
    row: int | None = None
    key: str | None = None
    """The respondent's stable key (a mapping file's `key:` column), when the input gives one."""


class SectionScore(NamedTuple):
    """A section's ratings and their sum; the score is their exact mean.

    A named tuple, not a dataclass: a big batch makes millions of them, and a
    tuple is built several times faster while being just as immutable.
    """

    section: Section
    ratings: tuple[int, ...]
    points: int

    @property
    def score(self) -> Fraction:
        """The exact mean rating."""
        return Fraction(self.points, len(self.ratings))


@dataclass(frozen=True)
class Result:
    """The scored audit of one respondent."""

    questionnaire: Questionnaire
    answers: Answers
    sections: tuple[SectionScore, ...]
    total: Fraction
    band: Band
    weakest: tuple[Section, ...]

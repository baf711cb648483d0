"""Norms: distributions of scores from many audits, and percentiles against them.

A norm holds, per section and for the total, how many respondents had each exact
score: nothing about who they were. A score is kept as a whole-number numerator
over a fixed denominator (a section's number of statements; for the total the
lcm of those), so every comparison is exact.

The percentile of a score x in a distribution of n scores is the *mid-rank*
percentile::

    P(x) = 100 · (count(score < x) + ½ · count(score = x)) / n

the share of the norm below x, counting ties as half below and half above.
It is what `scipy.stats.percentileofscore(norm, x, kind="mean")` gives; a
score below every norm score is 0, above every one 100, and the norm's own
median is about 50.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from fractions import Fraction
from itertools import accumulate

from ..model import Result

#: Below this many respondents a norm's percentiles are too uncertain to lean on:
#: the 95 % margin of a percentile near the middle is about ±100/√n points (±10 at 100).
TRUSTED_NORM = 100


@dataclass(frozen=True)
class Distribution:
    """How many respondents had each score numerator/denominator, lowest score first."""

    denominator: int
    values: tuple[int, ...]
    """The distinct numerators, ascending."""
    counts: tuple[int, ...]
    """How many respondents had each value (every count ≥ 1)."""

    @property
    def count(self) -> int:
        """How many respondents the distribution holds."""
        return sum(self.counts)

    def percentile(self, score: Fraction) -> Fraction | None:
        """The exact mid-rank percentile of `score` (None for an empty distribution)."""
        n = self.count
        if n == 0:
            return None
        scaled = score * self.denominator
        cumulative = [0, *accumulate(self.counts)]
        # Numerators are whole numbers: a score between two of them ties with none.
        below = cumulative[bisect_left(self.values, scaled)]
        at_or_below = cumulative[bisect_right(self.values, scaled)]
        return Fraction(100 * (below + at_or_below), 2 * n)

    def mean(self) -> Fraction | None:
        """The norm's mean score (None when empty)."""
        n = self.count
        if n == 0:
            return None
        points = sum(v * c for v, c in zip(self.values, self.counts, strict=True))
        return Fraction(points, n * self.denominator)


@dataclass(frozen=True)
class Norm:
    """The score distributions of many audits of one questionnaire structure."""

    questionnaire: str
    fingerprint: str
    count: int
    first_date: str | None
    last_date: str | None
    undated: int
    """How many respondents had no date (they are counted, just not in the date range)."""
    sections: tuple[tuple[str, Distribution], ...]
    total: Distribution
    source: str = ""

    def section(self, section_id: str) -> Distribution:
        """The distribution of one section (KeyError if the norm has none)."""
        for sid, dist in self.sections:
            if sid == section_id:
                return dist
        raise KeyError(section_id)

    @property
    def trusted(self) -> bool:
        """Whether the norm holds enough respondents for its percentiles to be steady."""
        return self.count >= TRUSTED_NORM


@dataclass(frozen=True)
class Percentiles:
    """Where one respondent's (or one group's mean) scores stand in a norm, 0–100."""

    sections: tuple[tuple[str, Fraction | None], ...]
    total: Fraction | None


def percentiles_of(
    norm: Norm, section_scores: tuple[tuple[str, Fraction | None], ...], total: Fraction | None
) -> Percentiles:
    """The percentile of each section score and of the total (None where a score is None)."""
    return Percentiles(
        sections=tuple(
            (sid, None if score is None else norm.section(sid).percentile(score))
            for sid, score in section_scores
        ),
        total=None if total is None else norm.total.percentile(total),
    )


def shown_percentile(value: Fraction | None) -> float | None:
    """A percentile as shown everywhere: one decimal, rounded half up."""
    if value is None:
        return None
    tenths = (value * 20 + 1) // 2  # half up, exactly
    return int(tenths) / 10


def result_percentiles(norm: Norm, result: Result) -> Percentiles:
    """Where one respondent's section scores and total stand in the norm."""
    return percentiles_of(
        norm, tuple((s.section.id, s.score) for s in result.sections), result.total
    )

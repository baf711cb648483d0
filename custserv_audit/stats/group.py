"""Every figure of one group, assembled from its running sums: what a summary shows.

`group_figures` is pure: it takes the group's section and total statistics
(count, exact mean and variance), its band counts and its accumulated ratings,
and returns one frozen `GroupFigures`. A group below the minimum size gets only
its count and the decision (`disclosure.shown` is False).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..model import Questionnaire
from .accumulate import QualityTally, RatingsAccumulator
from .disclosure import Disclosure, disclosure
from .figures import (
    MIN_RELIABILITY_COUNT,
    BandShare,
    Disagreement,
    Interval,
    Reliability,
    StatementStats,
    band_shares,
    disagreement,
    lowest_statements,
    mean_interval,
    reliability,
    statement_stats,
    thresholds_crossed,
)


@dataclass(frozen=True)
class Measure:
    """Count, exact mean and exact sample variance of one score (None when undefined)."""

    count: int
    mean: Fraction | None
    variance: Fraction | None


@dataclass(frozen=True)
class SectionFigures:
    """One section: the interval of its mean, its statements and its reliability.

    `crossed` lists the band thresholds (scaled to one section) inside the
    interval: when not empty, the section's mean could lie in either band.
    """

    interval: Interval | None
    crossed: tuple[Fraction, ...]
    statements: tuple[StatementStats, ...]
    reliability: Reliability


@dataclass(frozen=True)
class GroupFigures:
    """Everything beyond the means: intervals, statements, reliability, spread, quality."""

    disclosure: Disclosure
    sections: tuple[SectionFigures, ...]
    total_interval: Interval | None
    total_crossed: tuple[Fraction, ...]
    lowest: tuple[StatementStats, ...]
    disagreement: Disagreement | None
    bands: tuple[BandShare, ...]
    quality: tuple[QualityTally, ...]


def band_thresholds(questionnaire: Questionnaire) -> tuple[Fraction, ...]:
    """The distinct band boundaries of the total, lowest first."""
    bounds = {b for band in questionnaire.bands for b in (band.lower, band.upper) if b is not None}
    return tuple(sorted(bounds))


def section_thresholds(questionnaire: Questionnaire) -> tuple[Fraction, ...]:
    """The band boundaries at the pace of one section (28 over 7 sections → 4)."""
    count = len(questionnaire.sections)
    return tuple(t / count for t in band_thresholds(questionnaire)) if count else ()


def withheld(count: int, min_group: int) -> GroupFigures:
    """The figures of a group too small to show: only the count and the rule."""
    return GroupFigures(disclosure(count, min_group), (), None, (), (), None, (), ())


def group_figures(
    questionnaire: Questionnaire,
    sections: Sequence[Measure],
    total: Measure,
    band_counts: Sequence[int],
    ratings: RatingsAccumulator,
    min_group: int,
    min_reliability: int = MIN_RELIABILITY_COUNT,
) -> GroupFigures:
    """All figures of one group, or only the decision when the group is too small."""
    decision = disclosure(ratings.count, min_group)
    if not decision.shown:
        return withheld(ratings.count, min_group)
    moments = ratings.moments()
    per_section = section_thresholds(questionnaire)
    scale = questionnaire.scale
    out = []
    statements: list[StatementStats] = []
    for index, (measure, m) in enumerate(zip(sections, moments, strict=True)):
        interval = mean_interval(measure.count, measure.mean, measure.variance)
        if interval is not None:
            interval = interval.clipped(scale.low, scale.high)
        stats = statement_stats(index, m)
        statements.extend(stats)
        out.append(
            SectionFigures(
                interval=interval,
                crossed=() if interval is None else thresholds_crossed(interval, per_section),
                statements=stats,
                reliability=reliability(m, min_reliability),
            )
        )
    total_interval = mean_interval(total.count, total.mean, total.variance)
    if total_interval is not None:
        total_interval = total_interval.clipped(questionnaire.min_total, questionnaire.max_total)
    return GroupFigures(
        disclosure=decision,
        sections=tuple(out),
        total_interval=total_interval,
        total_crossed=()
        if total_interval is None
        else thresholds_crossed(total_interval, band_thresholds(questionnaire)),
        lowest=lowest_statements(statements, questionnaire.scale.high),
        disagreement=disagreement(moments, min_reliability),
        bands=band_shares(band_counts),
        quality=ratings.quality(),
    )

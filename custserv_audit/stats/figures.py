"""Statistics computed from the accumulated sums: pure functions, frozen results.

Statements, confidence intervals, Cronbach's alpha and a size-fair measure of
disagreement. Every figure is worked out exactly (fractions of the integer
sums) and turned into a float only at the end. Sections and statements are
referred to by position; the caller attaches titles.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from statistics import NormalDist

from .accumulate import SectionMoments
from .tdist import two_sided_critical

#: Respondents a group needs before Cronbach's alpha or the disagreement check is shown.
MIN_RELIABILITY_COUNT = 10

#: The confidence level of every interval.
LEVEL = 0.95

#: How many of the lowest statements a summary names.
LOWEST_COUNT = 5


class Reason(StrEnum):
    """Why a figure is not given."""

    TOO_FEW_RESPONDENTS = "too_few_respondents"
    TOO_FEW_STATEMENTS = "too_few_statements"
    NO_VARIANCE = "no_variance"


@dataclass(frozen=True)
class StatementStats:
    """One statement's ratings: mean, sample SD, full distribution and the two tails.

    `bottom_share` is the share rating at the lowest two points of the scale
    (1–2 on a 1–5 scale), `top_share` at the highest two (4–5).
    """

    section: int
    item: int
    count: int
    mean: Fraction | None
    variance: Fraction | None
    distribution: tuple[int, ...]
    bottom_share: Fraction | None
    top_share: Fraction | None

    @property
    def sd(self) -> float | None:
        """Sample standard deviation (n − 1); None below two ratings."""
        return None if self.variance is None else math.sqrt(self.variance)


def sample_variance(count: int, total: int, squares: int) -> Fraction | None:
    """The exact sample variance (divisor n − 1) from n, Σx and Σx²; None when n < 2."""
    if count < 2:
        return None
    return Fraction(count * squares - total * total, count * (count - 1))


def statement_stats(index: int, moments: SectionMoments) -> tuple[StatementStats, ...]:
    """The statistics of every statement of section number `index`."""
    n = moments.count
    out = []
    for i in range(moments.size):
        dist = moments.counts[i]
        tail = min(2, len(dist))
        out.append(
            StatementStats(
                section=index,
                item=i,
                count=n,
                mean=Fraction(moments.sums[i], n) if n else None,
                variance=sample_variance(n, moments.sums[i], moments.cross[i][i]),
                distribution=dist,
                bottom_share=Fraction(sum(dist[:tail]), n) if n else None,
                top_share=Fraction(sum(dist[-tail:]), n) if n else None,
            )
        )
    return tuple(out)


def lowest_statements(
    statements: Sequence[StatementStats], top: int, count: int = LOWEST_COUNT
) -> tuple[StatementStats, ...]:
    """The `count` statements with the lowest mean (then the larger bottom share, then order).

    Statements at the top of the scale are never named.
    """
    rated = [s for s in statements if s.mean is not None and s.mean < top]
    rated.sort(key=lambda s: (s.mean, -(s.bottom_share or 0), s.section, s.item))
    return tuple(rated[:count])


@dataclass(frozen=True)
class Interval:
    """A mean with its two-sided confidence interval (t distribution, n − 1 df)."""

    count: int
    mean: Fraction
    low: float
    high: float
    level: float

    def clipped(self, lowest: float, highest: float) -> Interval:
        """The interval cut to the possible range of the score (a mean cannot leave it)."""
        return Interval(
            self.count,
            self.mean,
            float(min(max(self.low, lowest), highest)),
            float(max(min(self.high, highest), lowest)),
            self.level,
        )

    def crosses(self, threshold: Fraction) -> bool:
        """True when the interval holds values on both sides of `threshold`."""
        return self.low < threshold <= self.high and self.low != self.high


def mean_interval(
    count: int, mean: Fraction | None, variance: Fraction | None, level: float = LEVEL
) -> Interval | None:
    """mean ± t(level, n − 1) · s / √n; None below two respondents."""
    if mean is None or variance is None or count < 2:
        return None
    half = two_sided_critical(level, count - 1) * math.sqrt(variance / count)
    centre = float(mean)
    return Interval(count, mean, centre - half, centre + half, level)


def thresholds_crossed(interval: Interval, thresholds: Sequence[Fraction]) -> tuple[Fraction, ...]:
    """The band thresholds inside the interval: when any, the mean "could be either band"."""
    return tuple(t for t in thresholds if interval.crosses(t))


@dataclass(frozen=True)
class Reliability:
    """Cronbach's alpha of one section, with alpha if each statement were left out.

    `item_rest[i]` is the correlation of statement i with the sum of the
    section's other statements. A None figure is undefined; `reason` says why
    none is given at all.
    """

    alpha: float | None
    if_deleted: tuple[float | None, ...]
    item_rest: tuple[float | None, ...]
    reason: Reason | None = None


def _covariances(m: SectionMoments) -> list[list[Fraction]]:
    n = m.count
    return [
        [Fraction(n * m.cross[i][j] - m.sums[i] * m.sums[j], n * (n - 1)) for j in range(m.size)]
        for i in range(m.size)
    ]


def _alpha(cov: list[list[Fraction]], keep: Sequence[int]) -> float | None:
    k = len(keep)
    if k < 2:
        return None
    total = sum(cov[i][j] for i in keep for j in keep)
    if total == 0:
        return None
    return float(Fraction(k, k - 1) * (1 - sum(cov[i][i] for i in keep) / total))


def reliability(m: SectionMoments, min_count: int = MIN_RELIABILITY_COUNT) -> Reliability:
    """Cronbach's alpha from the exact covariances; withheld below `min_count` respondents."""
    if m.size < 2:
        return Reliability(None, (), (), Reason.TOO_FEW_STATEMENTS)
    if m.count < max(2, min_count):
        return Reliability(None, (), (), Reason.TOO_FEW_RESPONDENTS)
    cov = _covariances(m)
    k = m.size
    if sum(cov[i][j] for i in range(k) for j in range(k)) == 0:
        return Reliability(None, (), (), Reason.NO_VARIANCE)
    everyone = range(k)
    deleted = tuple(_alpha(cov, [j for j in everyone if j != i]) for i in everyone)
    rest: list[float | None] = []
    for i in everyone:
        others = [j for j in everyone if j != i]
        covariance = sum(cov[i][j] for j in others)
        rest_variance = sum(cov[a][b] for a in others for b in others)
        product = cov[i][i] * rest_variance
        rest.append(None if product == 0 else float(covariance) / math.sqrt(product))
    return Reliability(_alpha(cov, everyone), deleted, tuple(rest))


@dataclass(frozen=True)
class SectionSpread:
    """How much respondents disagree within one section.

    `spread` is the typical statement standard deviation: the square root of the
    mean of the section's statement variances, in rating points. It does not
    depend on how many statements the section has (the SD of a section *mean*
    shrinks as statements are added). `z` compares the section's mean statement
    variance with the pooled one of all statements, in units of its own
    sampling error, so sections of any size have the same chance to stand out
    when there is no real difference.
    """

    spread: float | None
    z: float | None


@dataclass(frozen=True)
class Disagreement:
    """The spread of every section and where respondents disagree most.

    `named` holds the section(s) with the highest `z`. `within_noise` is True
    when no section stands out beyond chance (no z above `critical`, the
    one-sided 5 % level with a Bonferroni correction for the number of
    sections); `reason` says why nothing is named.
    """

    sections: tuple[SectionSpread, ...]
    named: tuple[int, ...]
    within_noise: bool
    critical: float
    reason: Reason | None = None


def _mean_item_variance(m: SectionMoments) -> Fraction:
    n = m.count
    total = sum(n * m.cross[i][i] - m.sums[i] * m.sums[i] for i in range(m.size))
    return Fraction(total, n * (n - 1) * m.size)


def _variance_of_mean_item_variance(m: SectionMoments) -> Fraction:
    """Delta-method variance of the mean statement variance.

    Per respondent, D = Σ_i (x_i − μ_i)²; the estimate is mean(D) / k, whose
    variance is Var(D) / (n·k²). Var(D) is expanded into the raw sums.
    """
    n, k = m.count, m.size
    mu = [Fraction(s, n) for s in m.sums]
    c = sum(x * x for x in mu)
    sum_a = sum(m.cross[i][i] for i in range(k))
    sum_b = sum(mu[i] * m.sums[i] for i in range(k))
    sum_aa = sum(m.quad[i][j] for i in range(k) for j in range(k))
    sum_bb = sum(mu[i] * mu[j] * m.cross[i][j] for i in range(k) for j in range(k))
    sum_ab = sum(mu[j] * m.cube[i][j] for i in range(k) for j in range(k))
    sum_d = sum_a - 2 * sum_b + n * c
    sum_dd = sum_aa + 4 * sum_bb + n * c * c - 4 * sum_ab + 2 * c * sum_a - 4 * c * sum_b
    mean_d = Fraction(sum_d) / n
    var_d = Fraction(sum_dd) / n - mean_d * mean_d
    return var_d / (n * k * k)


def disagreement(
    sections: Sequence[SectionMoments], min_count: int = MIN_RELIABILITY_COUNT
) -> Disagreement:
    """Each section's spread, and which section stands out (size-fair, with a noise check)."""
    count = sections[0].count if sections else 0
    spreads_only = tuple(
        SectionSpread(
            None if m.count < 2 or m.size == 0 else math.sqrt(_mean_item_variance(m)), None
        )
        for m in sections
    )
    critical = NormalDist().inv_cdf(1 - 0.05 / max(1, len(sections)))
    if len(sections) < 2:
        return Disagreement(spreads_only, (), True, critical, Reason.TOO_FEW_STATEMENTS)
    if count < max(3, min_count):
        return Disagreement(spreads_only, (), True, critical, Reason.TOO_FEW_RESPONDENTS)
    sizes = [m.size for m in sections]
    total_items = sum(sizes)
    v = [_mean_item_variance(m) for m in sections]
    var_v = [_variance_of_mean_item_variance(m) for m in sections]
    pooled = sum(k * x for k, x in zip(sizes, v, strict=True)) / total_items
    pooled_var = sum(Fraction(k, total_items) ** 2 * x for k, x in zip(sizes, var_v, strict=True))
    zs: list[float | None] = []
    for k, x, var in zip(sizes, v, var_v, strict=True):
        error = var * (1 - Fraction(2 * k, total_items)) + pooled_var
        zs.append(None if error <= 0 else float(x - pooled) / math.sqrt(error))
    spread = tuple(SectionSpread(s.spread, z) for s, z in zip(spreads_only, zs, strict=True))
    defined = [z for z in zs if z is not None]
    if not defined or all(s.spread == 0 for s in spreads_only):
        return Disagreement(spread, (), True, critical, Reason.NO_VARIANCE)
    top = max(defined)
    named = tuple(i for i, z in enumerate(zs) if z == top)
    return Disagreement(spread, named, top <= critical, critical)


@dataclass(frozen=True)
class BandShare:
    """How many respondents' totals fall in one band (by position) and their share."""

    band: int
    count: int
    share: Fraction | None


def band_shares(counts: Sequence[int]) -> tuple[BandShare, ...]:
    """Each band's count and share of all respondents; shares are None when there are none."""
    n = sum(counts)
    return tuple(BandShare(i, c, Fraction(c, n) if n else None) for i, c in enumerate(counts))

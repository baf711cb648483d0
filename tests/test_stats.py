"""The statistics package checked against NumPy/SciPy and against figures worked by hand."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from scipy import stats as sps

from custserv_audit.stats import (
    QualityFlag,
    RatingsAccumulator,
    Reason,
    SectionAccumulator,
    accumulate,
    band_shares,
    disagreement,
    disclosure,
    lowest_statements,
    mean_interval,
    quality_flags,
    reliability,
    statement_stats,
    t_cdf,
    t_quantile,
    thresholds_crossed,
)
from custserv_audit.stats.figures import _variance_of_mean_item_variance
from custserv_audit.stats.quality import long_string_length, longest_run

SIZES = (4, 4, 3, 3, 3, 5, 3)  # the built-in questionnaire's sections


def feed(data: np.ndarray, sizes: tuple[int, ...] = SIZES) -> RatingsAccumulator:
    """An accumulator fed every row of an n × Σsizes matrix of ratings 1..5."""
    acc = RatingsAccumulator(sizes, 1, 5)
    bounds = np.cumsum((0, *sizes))
    for row in data.tolist():
        acc.add([tuple(row[a:b]) for a, b in itertools.pairwise(bounds)])
    return acc


def columns(data: np.ndarray, section: int, sizes: tuple[int, ...] = SIZES) -> np.ndarray:
    start = sum(sizes[:section])
    return data[:, start : start + sizes[section]].astype(float)


# --- t distribution ---------------------------------------------------------------------------


@pytest.mark.parametrize("df", [1, 2, 3, 4, 5, 9, 10, 24, 29, 99, 299, 1000, 100_000])
@pytest.mark.parametrize("p", [0.025, 0.1, 0.5, 0.6, 0.9, 0.975, 0.995, 0.9995])
def test_t_quantile_agrees_with_scipy(df: int, p: float) -> None:
    assert t_quantile(p, df) == pytest.approx(sps.t.ppf(p, df), rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("df", [1, 3, 7, 30, 500])
@pytest.mark.parametrize("t", [-40.0, -3.2, -1.0, 0.0, 0.4, 2.0, 12.0])
def test_t_cdf_agrees_with_scipy(df: int, t: float) -> None:
    assert t_cdf(t, df) == pytest.approx(sps.t.cdf(t, df), rel=1e-10, abs=1e-14)


def test_t_quantile_of_a_textbook_value() -> None:
    # The 97.5 % point with 9 degrees of freedom, as printed in every t table.
    assert round(t_quantile(0.975, 9), 3) == 2.262
    with pytest.raises(ValueError):
        t_quantile(1.0, 5)


# --- accumulation ------------------------------------------------------------------------------


def random_ratings(n: int, seed: int, width: int = sum(SIZES)) -> np.ndarray:
    return np.random.default_rng(seed).integers(1, 6, size=(n, width))


def test_moments_are_the_exact_sums() -> None:
    data = random_ratings(57, 1)
    moments = feed(data).moments()
    for s, m in enumerate(moments):
        x = columns(data, s).astype(np.int64)
        assert m.count == 57
        assert list(m.sums) == x.sum(axis=0).tolist()
        assert [list(r) for r in m.cross] == (x.T @ x).tolist()
        assert [list(r) for r in m.cube] == ((x**2).T @ x).tolist()
        assert [list(r) for r in m.quad] == ((x**2).T @ x**2).tolist()
        assert [list(r) for r in m.counts] == [
            np.bincount(col, minlength=6)[1:].tolist() for col in x.T
        ]


def test_folding_patterns_early_and_merging_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    data = random_ratings(80, 2)
    whole = feed(data).moments()
    monkeypatch.setattr(accumulate, "PATTERN_CAP", 3)
    folded = feed(data).moments()
    first, second = feed(data[:31]), feed(data[31:])
    first.merge(second)
    assert folded == whole
    assert first.moments() == whole
    assert first.count == 80


def test_merging_different_sections_is_refused() -> None:
    with pytest.raises(ValueError):
        SectionAccumulator(3, 1, 5).merge(SectionAccumulator(4, 1, 5))


def test_memory_does_not_grow_with_respondents() -> None:
    acc = SectionAccumulator(3, 1, 5)
    for row in random_ratings(5000, 3, width=3).tolist():
        acc.add(tuple(row))
    # At most 5³ distinct patterns are ever buffered, however many respondents.
    assert len(acc.patterns) <= 125
    assert acc.moments().count == 5000


# --- statements --------------------------------------------------------------------------------


def test_statement_figures_agree_with_numpy() -> None:
    data = random_ratings(41, 4)
    moments = feed(data).moments()
    for s, m in enumerate(moments):
        x = columns(data, s)
        for st, col in zip(statement_stats(s, m), x.T, strict=True):
            assert st.mean is not None and st.bottom_share is not None
            assert st.top_share is not None
            assert float(st.mean) == pytest.approx(col.mean())
            assert st.sd == pytest.approx(col.std(ddof=1))
            assert float(st.bottom_share) == pytest.approx(np.mean(col <= 2))
            assert float(st.top_share) == pytest.approx(np.mean(col >= 4))
            assert st.distribution == tuple(np.bincount(col.astype(int), minlength=6)[1:])


def test_bottom_share_worked_by_hand() -> None:
    acc = SectionAccumulator(2, 1, 5)
    for r in [(1, 5), (2, 4), (3, 4), (2, 3), (5, 5), (1, 1), (4, 2)]:
        acc.add(r)
    first, second = statement_stats(0, acc.moments())
    # First statement: 1, 2, 3, 2, 5, 1, 4 — four of seven at 1–2, two at 4–5, mean 18/7.
    assert first.bottom_share == Fraction(4, 7)
    assert first.top_share == Fraction(2, 7)
    assert first.mean == Fraction(18, 7)
    assert first.distribution == (2, 2, 1, 1, 1)
    assert second.mean == Fraction(24, 7)


def test_lowest_statements_in_order_and_never_at_the_top() -> None:
    data = random_ratings(30, 5)
    data[:, 7] = 1  # the eighth statement (section 1, item 3) is rated 1 by everyone
    data[:, 0] = 5  # and the first at the top by everyone
    moments = feed(data).moments()
    everything = [st for s, m in enumerate(moments) for st in statement_stats(s, m)]
    lowest = lowest_statements(everything, top=5, count=4)
    assert (lowest[0].section, lowest[0].item) == (1, 3)
    means = [st.mean for st in lowest if st.mean is not None]
    assert means == sorted(means)
    assert means[-1] <= min(
        st.mean for st in everything if st not in lowest and st.mean is not None
    )
    assert all((st.section, st.item) != (0, 0) for st in lowest_statements(everything, 5, 25))


# --- intervals ---------------------------------------------------------------------------------


def test_interval_agrees_with_scipy() -> None:
    values = np.array([27, 26.5, 29, 25.25, 28, 30, 24.75, 27.5, 26, 28.5])
    n = len(values)
    mean = Fraction(str(values.mean()))
    variance = Fraction(str(values.var(ddof=1)))
    interval = mean_interval(n, mean, variance)
    low, high = sps.t.interval(0.95, n - 1, loc=values.mean(), scale=sps.sem(values))
    assert interval is not None
    assert interval.low == pytest.approx(low)
    assert interval.high == pytest.approx(high)


def test_interval_crossing_a_threshold_worked_by_hand() -> None:
    # n = 16, mean 27.5, SD 2: half width = t(0.975, 15) · 2 / 4 = 2.131450 / 2 = 1.065725.
    interval = mean_interval(16, Fraction(55, 2), Fraction(4))
    assert interval is not None
    assert interval.low == pytest.approx(26.434275, abs=1e-6)
    assert interval.high == pytest.approx(28.565725, abs=1e-6)
    assert thresholds_crossed(interval, [Fraction(21), Fraction(28)]) == (Fraction(28),)
    narrow = mean_interval(400, Fraction(55, 2), Fraction(4))
    assert narrow is not None and thresholds_crossed(narrow, [Fraction(21), Fraction(28)]) == ()


def test_interval_is_cut_to_the_possible_range() -> None:
    interval = mean_interval(3, Fraction(5, 3), Fraction(19, 12))
    assert interval is not None and interval.low < 0
    clipped = interval.clipped(0, 3)
    assert (clipped.low, clipped.high) == (0, 3)
    assert clipped.mean == interval.mean


def test_interval_needs_two_respondents() -> None:
    assert mean_interval(1, Fraction(3), None) is None
    zero = mean_interval(5, Fraction(3), Fraction(0))
    assert zero is not None and zero.low == zero.high == 3.0
    assert thresholds_crossed(zero, [Fraction(3)]) == ()


# --- reliability -------------------------------------------------------------------------------


def alpha_numpy(x: np.ndarray) -> float:
    k = x.shape[1]
    return float(k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1)))


def correlated_ratings(n: int, seed: int, loading: float = 0.9) -> np.ndarray:
    """Ratings that share one trait per section, so alpha is well above zero."""
    rng = np.random.default_rng(seed)
    parts = []
    for k in SIZES:
        trait = rng.normal(size=(n, 1))
        parts.append(np.clip(np.rint(3 + loading * trait + rng.normal(size=(n, k))), 1, 5))
    return np.hstack(parts).astype(int)


def test_alpha_agrees_with_numpy() -> None:
    data = correlated_ratings(60, 6)
    for s, m in enumerate(feed(data).moments()):
        x = columns(data, s)
        result = reliability(m)
        assert result.reason is None
        assert result.alpha == pytest.approx(alpha_numpy(x))
        for i in range(x.shape[1]):
            rest = np.delete(x, i, axis=1)
            assert result.if_deleted[i] == pytest.approx(alpha_numpy(rest))
            assert result.item_rest[i] == pytest.approx(
                np.corrcoef(x[:, i], rest.sum(axis=1))[0, 1]
            )


def test_alpha_worked_by_hand() -> None:
    # Three respondents × two statements: (1, 2), (3, 3), (5, 4).
    # Variances 4 and 1, variance of the sums (3, 6, 9) is 9: α = 2 · (1 − 5/9) = 8/9.
    acc = SectionAccumulator(2, 1, 5)
    for r in [(1, 2), (3, 3), (5, 4)]:
        acc.add(r)
    result = reliability(acc.moments(), min_count=3)
    assert result.alpha == pytest.approx(8 / 9)
    assert result.item_rest == pytest.approx((1.0, 1.0))
    assert result.if_deleted == (None, None)


def test_alpha_is_withheld_with_a_reason() -> None:
    small = feed(random_ratings(9, 7)).moments()[0]
    assert reliability(small).reason is Reason.TOO_FEW_RESPONDENTS
    assert reliability(small).alpha is None
    single = SectionAccumulator(1, 1, 5)
    for v in range(1, 6):
        single.add((v,))
    assert reliability(single.moments()).reason is Reason.TOO_FEW_STATEMENTS
    flat = SectionAccumulator(3, 1, 5)
    for _ in range(12):
        flat.add((4, 4, 4))
    assert reliability(flat.moments()).reason is Reason.NO_VARIANCE


# --- disagreement ------------------------------------------------------------------------------


def test_variance_of_the_spread_agrees_with_a_direct_computation() -> None:
    data = correlated_ratings(50, 8)
    for s, m in enumerate(feed(data).moments()):
        x = columns(data, s)
        d = ((x - x.mean(axis=0)) ** 2).sum(axis=1)
        expected = d.var(ddof=0) / (len(x) * x.shape[1] ** 2)
        assert float(_variance_of_mean_item_variance(m)) == pytest.approx(expected)


def test_spread_is_the_typical_statement_sd() -> None:
    data = random_ratings(35, 9)
    result = disagreement(feed(data).moments())
    for s, spread in enumerate(result.sections):
        x = columns(data, s)
        assert spread.spread == pytest.approx(math.sqrt(x.var(axis=0, ddof=1).mean()))


def old_measure(data: np.ndarray) -> int:
    """The section whose *mean* varies most across respondents (biased to small sections)."""
    return int(np.argmax([columns(data, s).mean(axis=1).var(ddof=1) for s in range(len(SIZES))]))


def test_with_no_real_difference_every_section_is_named_about_equally_often() -> None:
    runs = 700
    rng = np.random.default_rng(2026)
    named = np.zeros(len(SIZES))
    biased = np.zeros(len(SIZES))
    noisy = 0
    for _ in range(runs):
        # Every statement has the same distribution; statements within a section correlate.
        parts = []
        for k in SIZES:
            trait = rng.normal(size=(40, 1))
            parts.append(np.clip(np.rint(3 + 0.7 * trait + rng.normal(size=(40, k))), 1, 5))
        data = np.hstack(parts).astype(int)
        result = disagreement(feed(data).moments())
        named[result.named[0]] += 1
        biased[old_measure(data)] += 1
        noisy += result.within_noise
    # Fair: the counts are compatible with "equally often"; the old measure's are not.
    assert sps.chisquare(named).pvalue > 0.01
    assert sps.chisquare(biased).pvalue < 1e-6
    # And almost every run says the differences are within noise (5 % expected).
    assert noisy / runs > 0.9


def test_a_real_difference_is_named_and_not_within_noise() -> None:
    data = random_ratings(200, 10)
    data = np.clip(np.rint(3 + (data - 3) * 0.5), 1, 5).astype(int)  # narrow everywhere …
    start = sum(SIZES[:5])
    data[:, start : start + 5] = random_ratings(200, 11, width=5)  # … but the staff section
    result = disagreement(feed(data).moments())
    assert result.named == (5,)
    assert not result.within_noise
    assert result.sections[5].z is not None and result.sections[5].z > result.critical


def test_disagreement_needs_enough_respondents() -> None:
    result = disagreement(feed(random_ratings(5, 12)).moments())
    assert result.reason is Reason.TOO_FEW_RESPONDENTS
    assert result.named == ()
    assert all(s.spread is not None for s in result.sections)


# --- quality flags -----------------------------------------------------------------------------


def sections_of(flat: list[int]) -> list[tuple[int, ...]]:
    out, start = [], 0
    for k in SIZES:
        out.append(tuple(flat[start : start + k]))
        start += k
    return out


def test_straight_lining() -> None:
    assert quality_flags(sections_of([3] * 25)) == {QualityFlag.STRAIGHT_LINE}


def test_long_string() -> None:
    assert long_string_length(25) == 17
    flat = [4] * 17 + [2, 3, 5, 1, 2, 3, 5, 1]
    assert longest_run(flat) == 17
    assert quality_flags(sections_of(flat)) == {QualityFlag.LONG_STRING}
    shorter = [4] * 16 + [2, 4, 5, 1, 2, 3, 5, 1, 4]  # 16 in a row, 18 fours in all
    assert quality_flags(sections_of(shorter)) == frozenset()


def test_alternating() -> None:
    flat = [5, 1] * 12 + [5]
    assert quality_flags(sections_of(flat)) == {QualityFlag.ALTERNATING}
    broken = [5, 1] * 11 + [5, 5, 1]
    assert quality_flags(sections_of(broken)) == frozenset()


def test_flags_are_tallied_with_examples() -> None:
    acc = RatingsAccumulator(SIZES, 1, 5)
    acc.add(sections_of([2] * 25), accumulate.FlaggedRespondent("a.csv", 2, "r1"))
    acc.add(sections_of([5, 1] * 12 + [5]), accumulate.FlaggedRespondent("a.csv", 3, None))
    acc.add(sections_of([1, 2, 3, 4, 5] * 5), accumulate.FlaggedRespondent("a.csv", 4, "r3"))
    tallies = {t.flag: t for t in acc.quality()}
    assert tallies[QualityFlag.STRAIGHT_LINE].count == 1
    assert tallies[QualityFlag.STRAIGHT_LINE].examples[0].respondent == "r1"
    assert tallies[QualityFlag.ALTERNATING].examples[0].row == 3
    assert tallies[QualityFlag.LONG_STRING].count == 0


# --- group size and bands ----------------------------------------------------------------------


def test_min_group() -> None:
    assert not disclosure(2).shown
    assert disclosure(3).shown
    assert disclosure(1, min_group=1).shown
    assert not disclosure(4, min_group=5).shown
    assert disclosure(0, min_group=0).shown
    with pytest.raises(ValueError):
        disclosure(3, min_group=-1)


def test_band_shares() -> None:
    shares = band_shares([3, 5, 2])
    assert [s.share for s in shares] == [Fraction(3, 10), Fraction(1, 2), Fraction(1, 5)]
    assert band_shares([0, 0])[0].share is None

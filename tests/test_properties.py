"""Scoring invariants (hypothesis), over the built-in questionnaire and generated ones."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from custserv_audit.model import (
    Answers,
    Band,
    Item,
    Questionnaire,
    Result,
    Scale,
    ScalePoint,
    Section,
)
from custserv_audit.schema.definition import load_questionnaire
from custserv_audit.scoring import rounded, score

BUILTIN = load_questionnaire(None, "en")


@st.composite
def questionnaires(draw: st.DrawFn) -> Questionnaire:
    """Any shape: 1-6 sections of 1-6 items, a 2-8 point scale anywhere, 1-4 bands whose
    thresholds (one decimal, like a user writes them) tile every total, listed in any order."""
    low = draw(st.integers(-3, 3))
    high = low + draw(st.integers(1, 7))
    sizes = draw(st.lists(st.integers(1, 6), min_size=1, max_size=6))
    sections = tuple(
        Section(f"s{n}", f"S{n}", "", tuple(Item(f"s{n}.{i}", "") for i in range(1, size + 1)))
        for n, size in enumerate(sizes, start=1)
    )
    lo_total, hi_total = low * len(sizes), high * len(sizes)
    tenths = draw(
        st.lists(st.integers(lo_total * 10 + 1, hi_total * 10), unique=True, max_size=3).map(sorted)
    )
    cuts = [Fraction(t, 10) for t in tenths]
    edges: list[Fraction | None] = [None, *cuts, None]
    bands = [Band(f"b{i}", "", "", edges[i], edges[i + 1]) for i in range(len(cuts) + 1)]
    order = draw(st.permutations(bands))
    points = tuple(ScalePoint(v, str(v)) for v in range(low, high + 1))
    return Questionnaire(
        id="generated",
        title="",
        instructions="",
        language="en",
        languages=("en",),
        scale=Scale(low, high, points),
        sections=sections,
        bands=tuple(order),
    )


def ratings_for(q: Questionnaire) -> st.SearchStrategy[dict[str, tuple[int, ...]]]:
    rating = st.integers(q.scale.low, q.scale.high)
    return st.fixed_dictionaries(
        {
            s.id: st.lists(rating, min_size=len(s.items), max_size=len(s.items)).map(tuple)
            for s in q.sections
        }
    )


@st.composite
def audits(draw: st.DrawFn) -> tuple[Questionnaire, dict[str, tuple[int, ...]]]:
    """The built-in questionnaire or a generated one, with valid ratings for it."""
    q = draw(st.one_of(st.just(BUILTIN), questionnaires()))
    return q, draw(ratings_for(q))


Audit = tuple[Questionnaire, dict[str, tuple[int, ...]]]


def run(q: Questionnaire, ratings: dict[str, tuple[int, ...]]) -> Result:
    return score(q, Answers(questionnaire=q.id, ratings=ratings))


def band_rank(q: Questionnaire, band: Band) -> int:
    """Bands ordered by threshold, lowest first."""
    ordered = sorted(q.bands, key=lambda b: (b.lower is not None, b.lower or 0))
    return ordered.index(band)


@settings(max_examples=200)
@given(audits())
def test_total_is_the_exact_sum_of_means_within_the_range(audit: Audit) -> None:
    q, ratings = audit
    result = run(q, ratings)
    expected = sum((Fraction(sum(v), len(v)) for v in ratings.values()), Fraction(0))
    assert result.total == expected
    assert q.min_total <= result.total <= q.max_total
    assert [s.score for s in result.sections] == [
        Fraction(sum(ratings[s.id]), len(ratings[s.id])) for s in q.sections
    ]


@settings(max_examples=200)
@given(audits())
def test_the_band_is_the_one_band_whose_range_holds_the_total(audit: Audit) -> None:
    q, ratings = audit
    result = run(q, ratings)
    holding = [
        b
        for b in q.bands
        if (b.lower is None or b.lower <= result.total)
        and (b.upper is None or result.total < b.upper)
    ]
    assert holding == [result.band]


@settings(max_examples=200)
@given(audits(), st.data())
def test_raising_one_rating_never_lowers_the_total_or_the_band(
    audit: Audit, data: st.DataObject
) -> None:
    q, ratings = audit
    section = data.draw(st.sampled_from(q.sections))
    position = data.draw(st.integers(0, len(section.items) - 1))
    old = ratings[section.id][position]
    new = data.draw(st.integers(old, q.scale.high))
    values = list(ratings[section.id])
    values[position] = new
    before = run(q, ratings)
    after = run(q, {**ratings, section.id: tuple(values)})
    assert after.total - before.total == Fraction(new - old, len(section.items))
    assert band_rank(q, after.band) >= band_rank(q, before.band)


@settings(max_examples=200)
@given(audits(), st.data())
def test_a_section_score_does_not_depend_on_the_order_of_its_ratings(
    audit: Audit, data: st.DataObject
) -> None:
    q, ratings = audit
    shuffled = {sid: tuple(data.draw(st.permutations(v))) for sid, v in ratings.items()}
    a, b = run(q, ratings), run(q, shuffled)
    assert [s.score for s in a.sections] == [s.score for s in b.sections]
    assert (a.total, a.band, a.weakest) == (b.total, b.band, b.weakest)


@settings(max_examples=200)
@given(audits())
def test_weakest_are_exactly_the_lowest_sections_unless_at_the_top(audit: Audit) -> None:
    q, ratings = audit
    result = run(q, ratings)
    lowest = min(s.score for s in result.sections)
    if lowest == q.scale.high:
        assert result.weakest == ()
    else:
        assert result.weakest == tuple(s.section for s in result.sections if s.score == lowest)
        assert result.weakest != ()


@given(st.integers(0, 10_000), st.integers(1, 5_000))
def test_rounded_matches_decimal_half_up(numerator: int, denominator: int) -> None:
    exact = Decimal(numerator) / Decimal(denominator)
    expected = float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    # Decimal division carries 28 digits: enough for these small fractions to round alike.
    assert rounded(Fraction(numerator, denominator)) == expected

"""Scoring with exact values: section means, totals on the thresholds, bands, weakest areas."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from fractions import Fraction

import pytest
from conftest import EXAMPLE_RATINGS, EXAMPLE_YAML

from custserv_audit.model import Answers, Questionnaire, Result
from custserv_audit.schema.answers import load_answers
from custserv_audit.scoring import rounded, score

# Found by search: the exact total is 28 (or 21), but adding the section means as floats, in
# questionnaire order, gives 27.999999999999996 (20.999999999999996). A float implementation
# would put these respondents in the band below.
ON_28 = {
    "culture": [4, 5, 1, 3],
    "products": [5, 5, 3, 2],
    "feedback": [2, 5, 5],
    "knowledge": [3, 5, 5],
    "accessibility": [3, 5, 5],
    "staff": [5, 4, 5, 1, 5],
    "improvement": [3, 5, 5],
}
ON_21 = {
    "culture": [5, 1, 1, 1],
    "products": [5, 1, 3, 3],
    "feedback": [2, 4, 4],
    "knowledge": [4, 3, 1],
    "accessibility": [4, 4, 3],
    "staff": [2, 3, 4, 5, 1],
    "improvement": [1, 4, 5],
}


def scored(q: Questionnaire, ratings: Mapping[str, Sequence[int]]) -> Result:
    answers = Answers(
        questionnaire=q.id, ratings={sid: tuple(values) for sid, values in ratings.items()}
    )
    return score(q, answers)


def section_scores(result: Result) -> dict[str, Fraction]:
    return {s.section.id: s.score for s in result.sections}


def float_total(ratings: Mapping[str, Sequence[int]]) -> float:
    """The total as a spreadsheet or a naive script adds it: float means, left to right.

    (A plain loop, not sum(): from Python 3.12 on, sum() of floats compensates errors.)
    """
    total = 0.0
    for values in ratings.values():
        total += sum(values) / len(values)
    return total


def test_spec_example_scores_exactly(builtin: Questionnaire) -> None:
    result = scored(builtin, EXAMPLE_RATINGS)
    assert section_scores(result) == {
        "culture": Fraction(4),
        "products": Fraction(4),
        "feedback": Fraction(10, 3),
        "knowledge": Fraction(11, 3),
        "accessibility": Fraction(13, 3),
        "staff": Fraction(4),
        "improvement": Fraction(11, 3),
    }
    assert all(isinstance(s.score, Fraction) for s in result.sections)
    assert result.total == Fraction(27)
    assert isinstance(result.total, Fraction)
    assert result.band.id == "adequate"
    assert [s.id for s in result.weakest] == ["feedback"]
    assert [s.ratings for s in result.sections] == [tuple(v) for v in EXAMPLE_RATINGS.values()]


def test_spec_example_file_loads_and_scores(builtin: Questionnaire) -> None:
    answers = load_answers(EXAMPLE_YAML.encode(), "acme.yaml", builtin)
    assert answers.respondent == "Example Oy"
    assert answers.date == "2026-11-25"
    assert answers.source == "acme.yaml"
    assert {k: list(v) for k, v in answers.ratings.items()} == EXAMPLE_RATINGS
    result = score(builtin, answers)
    assert result.total == 27
    assert result.band.id == "adequate"


def test_total_exactly_28_is_an_asset_although_floats_say_27_999(builtin: Questionnaire) -> None:
    assert float_total(ON_28) != 28.0
    assert float_total(ON_28) < 28
    result = scored(builtin, ON_28)
    assert result.total == Fraction(28)
    assert result.band.id == "asset"


def test_total_exactly_21_is_adequate_although_floats_say_20_999(builtin: Questionnaire) -> None:
    assert float_total(ON_21) != 21.0
    assert float_total(ON_21) < 21
    result = scored(builtin, ON_21)
    assert result.total == Fraction(21)
    assert result.band.id == "adequate"


def test_a_third_below_each_threshold_falls_in_the_band_below(builtin: Questionnaire) -> None:
    below_28 = {**ON_28, "improvement": [3, 4, 5]}
    below_21 = {**ON_21, "improvement": [1, 3, 5]}
    assert scored(builtin, below_28).total == Fraction(83, 3)
    assert scored(builtin, below_28).band.id == "adequate"
    assert scored(builtin, below_21).total == Fraction(62, 3)
    assert scored(builtin, below_21).band.id == "at-risk"


def test_all_fives_is_a_perfect_audit_with_no_weakest_area(builtin: Questionnaire) -> None:
    result = scored(builtin, {s.id: [5] * len(s.items) for s in builtin.sections})
    assert result.total == 35 == builtin.max_total
    assert result.band.id == "asset"
    assert result.weakest == ()


def test_all_ones_makes_every_section_weakest(builtin: Questionnaire) -> None:
    result = scored(builtin, {s.id: [1] * len(s.items) for s in builtin.sections})
    assert result.total == 7 == builtin.min_total
    assert result.band.id == "at-risk"
    assert [s.id for s in result.weakest] == [s.id for s in builtin.sections]


def test_tied_lowest_sections_are_all_weakest_in_questionnaire_order(
    builtin: Questionnaire,
) -> None:
    ratings = {**EXAMPLE_RATINGS, "feedback": [4, 4, 4]}  # knowledge and improvement tie at 11/3
    result = scored(builtin, ratings)
    assert [s.id for s in result.weakest] == ["knowledge", "improvement"]
    assert result.total == Fraction(83, 3)


def test_weakest_below_the_top_even_when_every_section_is_equal(builtin: Questionnaire) -> None:
    result = scored(builtin, {s.id: [4] * len(s.items) for s in builtin.sections})
    assert result.total == 28
    assert result.band.id == "asset"
    assert len(result.weakest) == 7


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(17, 8), 2.13),  # 2.125: half up, not to even
        (Fraction(5, 8), 0.63),  # 0.625: round(0.625, 2) would give 0.62
        (Fraction(10, 3), 3.33),
        (Fraction(11, 3), 3.67),
        (Fraction(13, 3), 4.33),
        (Fraction(1, 200), 0.01),
        (Fraction(1, 201), 0.0),
        (Fraction(27), 27.0),
        (Fraction(83, 3), 27.67),
        (Fraction(0), 0.0),
    ],
)
def test_rounded_is_half_up_to_two_decimals(value: Fraction, expected: float) -> None:
    assert rounded(value) == expected


def test_custom_questionnaire_mini(mini: Questionnaire) -> None:
    assert (mini.scale.low, mini.scale.high) == (0, 3)
    assert (mini.min_total, mini.max_total) == (0, 6)
    on_threshold = scored(mini, {"speed": [2, 1], "care": [2, 2, 2]})
    assert on_threshold.total == Fraction(7, 2)
    assert on_threshold.band.id == "good"
    assert [s.id for s in on_threshold.weakest] == ["speed"]
    below = scored(mini, {"speed": [3, 3], "care": [0, 0, 1]})
    assert below.total == Fraction(10, 3)
    assert below.band.id == "weak"
    assert [s.id for s in below.weakest] == ["care"]
    top = scored(mini, {"speed": [3, 3], "care": [3, 3, 3]})
    assert (top.total, top.band.id, top.weakest) == (Fraction(6), "good", ())
    bottom = scored(mini, {"speed": [0, 0], "care": [0, 0, 0]})
    assert (bottom.total, bottom.band.id) == (Fraction(0), "weak")
    assert [s.id for s in bottom.weakest] == ["speed", "care"]


def test_band_for_puts_a_total_on_a_band_boundary_in_the_band_above(
    builtin: Questionnaire,
) -> None:
    """`band_for` (bands by exact comparison) agrees with `score` at every boundary."""
    from custserv_audit.scoring import band_for

    lowers = sorted(b.lower for b in builtin.bands if b.lower is not None)
    assert lowers
    for lower in lowers:
        above = band_for(builtin.bands, lower)
        assert above.lower == lower
        below = band_for(builtin.bands, lower - Fraction(1, 100))
        assert below.upper is not None and below.upper <= lower


def test_a_stale_plan_of_another_questionnaire_is_not_used(builtin: Questionnaire) -> None:
    """Plans are cached by identity: an entry left by a questionnaire that is gone (its id
    reused by a new one) must not score the new one."""
    from custserv_audit import scoring

    answers = load_answers(EXAMPLE_YAML.encode(), "a.yaml", builtin, "yaml")
    expected = score(builtin, answers)
    other = dataclasses.replace(builtin, sections=builtin.sections[:1])
    stale = scoring._plan(other)
    scoring._PLANS[id(builtin)] = (other, stale)
    try:
        assert score(builtin, answers) == expected
    finally:
        scoring._PLANS.pop(id(builtin), None)


def test_rounding_is_exact_just_below_a_half() -> None:
    """Half up on the exact ratio: a value a trillionth below .005 rounds down, which no
    float with a small nudge does."""
    from custserv_audit.scoring import rounded_ratio

    assert rounded_ratio(5 * 10**12 - 1, 10**15) == 0.0
    assert rounded_ratio(5 * 10**12, 10**15) == 0.01
    assert rounded_ratio(1, 8) == 0.13

"""Band classification of arbitrary questionnaires against a brute-force Fraction classifier,
and the boundary cases that hand-made mutants of scoring and loading survived before.

The questionnaires are generated as YAML text and go through the real loader; the expected
band is computed here from the generated thresholds alone, with Fraction, never from the
loaded questionnaire.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from custserv_audit.errors import InputError, QuestionnaireError
from custserv_audit.schema.answers import load_answers
from custserv_audit.schema.definition import questionnaire_from_data
from custserv_audit.schema.document import parse_document
from custserv_audit.scoring import rounded, score


def questionnaire_yaml(
    sizes: list[int], low: int, high: int, bands: list[tuple[str, str | None, str | None]]
) -> str:
    """A questionnaire with sections of the given sizes and bands (id, from, below)."""
    lines = ["id: gen", 'title: "Generated"', f"scale: {{low: {low}, high: {high}, labels: {{"]
    lines[-1] += ", ".join(f'{v}: "p{v}"' for v in range(low, high + 1)) + "}}"
    lines.append("sections:")
    for n, size in enumerate(sizes):
        items = ", ".join(f'"s{n} i{i}"' for i in range(size))
        lines.append(f'  - {{id: s{n}, title: "S{n}", theme: "T{n}", items: [{items}]}}')
    lines.append("bands:")
    for band_id, lower, upper in bands:
        bounds = "".join(
            f", {key}: {value}"
            for key, value in (("from", lower), ("below", upper))
            if value is not None
        )
        lines.append(f'  - {{id: {band_id}{bounds}, label: "{band_id}", meaning: "m"}}')
    return "\n".join(lines) + "\n"


def load_text(text: str) -> object:
    value, line_of = parse_document(text.encode(), "gen.yaml", "yaml")
    return questionnaire_from_data(value, line_of, "gen.yaml", "en")["en"]


def answers_yaml(ratings: list[list[int]]) -> bytes:
    body = "".join(f"  s{n}: [{', '.join(map(str, r))}]\n" for n, r in enumerate(ratings))
    return f"questionnaire: gen\nanswers:\n{body}".encode()


def brute_force_band(
    bands: list[tuple[str, str | None, str | None]], ratings: list[list[int]]
) -> str:
    total = sum((Fraction(sum(r), len(r)) for r in ratings), Fraction(0))
    found = [
        band_id
        for band_id, lower, upper in bands
        if (lower is None or Fraction(lower) <= total)
        and (upper is None or total < Fraction(upper))
    ]
    assert len(found) == 1, (total, bands)
    return found[0]


DECIMALS = st.sampled_from(["", ".5", ".25", ".75", ".2", ".1", ".125", ".3333"])


BandSpec = list[tuple[str, str | None, str | None]]
Case = tuple[list[int], int, int, BandSpec, list[list[int]]]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    sizes = draw(st.lists(st.integers(1, 6), min_size=1, max_size=4))
    low = draw(st.integers(-3, 5))
    high = low + draw(st.integers(1, 20))
    count = len(sizes)
    ratings = [draw(st.lists(st.integers(low, high), min_size=n, max_size=n)) for n in sizes]
    reached = sum((Fraction(sum(r), len(r)) for r in ratings), Fraction(0))
    # Thresholds: often the reached total itself (a total exactly on a threshold), else
    # a whole number or a decimal inside the possible range.
    picks = set()
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()) and reached.denominator in (1, 2, 4, 5, 10, 8):
            picks.add(str(float(reached)) if reached.denominator != 1 else str(reached))
        else:
            whole = draw(st.integers(low * count, high * count))
            picks.add(f"{whole}{draw(DECIMALS)}")
    thresholds = sorted(picks, key=Fraction)
    edges: list[str | None] = [None, *thresholds, None]
    bands = [(f"b{i}", edges[i], edges[i + 1]) for i in range(len(edges) - 1)]
    order = draw(st.permutations(bands))
    return sizes, low, high, list(order), ratings


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
# S2: a threshold's denominator (4.5) that the lcm of the section sizes (1) does not hold.
@example(([1, 1], 1, 5, [("hi", "4.5", None), ("lo", None, "4.5")], [[2], [2]]))
@example(([1, 1], 1, 5, [("hi", "4.5", None), ("lo", None, "4.5")], [[2], [3]]))
# S4: bands listed bottom-up, a total exactly on the threshold belongs to the upper band.
@example(([1, 1], 1, 5, [("lo", None, "4"), ("hi", "4", None)], [[2], [2]]))
@example(([2, 3], 0, 3, [("lo", None, "3.5"), ("hi", "3.5", None)], [[3, 2], [0, 0, 0]]))
def test_band_matches_brute_force(case: Case) -> None:
    sizes, low, high, bands, ratings = case
    try:
        q = load_text(questionnaire_yaml(sizes, low, high, bands))
    except QuestionnaireError as exc:
        # Only bands covering no possible total may be refused; nothing else is generated.
        assert all("cover" in str(p) or "no possible" in str(p) for p in exc.problems), exc
        return
    answers = load_answers(answers_yaml(ratings), "a.yaml", q)  # type: ignore[arg-type]
    result = score(q, answers)  # type: ignore[arg-type]
    assert result.band.id == brute_force_band(bands, ratings)
    assert result.total == sum((Fraction(sum(r), len(r)) for r in ratings), Fraction(0))


# --- loading: boundaries that the suite did not hold (mutants L6, L8, L12, L17, L19) -------

BANDS_OK = [("hi", "3", None), ("lo", None, "3")]


def test_twenty_one_point_scale_is_accepted_and_twenty_two_refused() -> None:
    assert load_text(questionnaire_yaml([1], 0, 20, [("all", None, None)])) is not None
    with pytest.raises(QuestionnaireError, match="21 points"):
        load_text(questionnaire_yaml([1], 0, 21, [("all", None, None)]))


@pytest.mark.parametrize("start", ["1.5", "2"])
def test_totals_below_the_lowest_band_are_refused(start: str) -> None:
    # Totals of one 1..5 statement start at 1; a lowest band from 1.5 or 2 leaves a gap
    # narrower than one point (mutant L14).
    with pytest.raises(QuestionnaireError, match="in no band"):
        load_text(questionnaire_yaml([1], 1, 5, [("all", start, None)]))


def test_band_below_the_lowest_total_is_refused() -> None:
    bands = [("none", None, "2"), ("all", "2", None)]  # totals of [1] on 2..5 start at 2
    with pytest.raises(QuestionnaireError):
        load_text(questionnaire_yaml([1], 2, 5, bands))


@pytest.fixture(scope="module")
def small() -> object:
    return load_text(questionnaire_yaml([1, 2], 1, 3, BANDS_OK))


def _answers(extra: str) -> bytes:
    return f"questionnaire: gen\n{extra}answers:\n  s0: [1]\n  s1: [2, 3]\n".encode()


@pytest.mark.parametrize(
    ("extra", "line"),
    [
        ("metadata: {region: [a, b]}\n", 2),
        ("metadata: {region: {a: 1}}\n", 2),
        ("respondent: 42\n", 2),
        ("respondent: [a]\n", 2),
    ],
)
def test_metadata_and_respondent_must_be_single_texts(small: object, extra: str, line: int) -> None:
    with pytest.raises(InputError) as caught:
        load_answers(_answers(extra), "a.yaml", small)  # type: ignore[arg-type]
    assert caught.value.location.line == line


def test_metadata_keys_that_are_one_name_as_text_are_refused(small: object) -> None:
    # 1 and "1" are two YAML keys but one metadata name (mutant L20).
    with pytest.raises(InputError, match="same name") as caught:
        load_answers(_answers('metadata: {1: a, "1": b}\n'), "a.yaml", small)  # type: ignore[arg-type]
    assert caught.value.location.line == 2


def test_empty_metadata_value_is_empty_text(small: object) -> None:
    answers = load_answers(_answers("metadata: {region: null, team: ''}\n"), "a.yaml", small)  # type: ignore[arg-type]
    assert answers.metadata == {"region": "", "team": ""}


# --- rounding of negative values (mutant S13): half up, towards +infinity ------------------


@given(st.fractions(min_value=-1000, max_value=1000, max_denominator=2000))
@example(Fraction(-5, 1000))
@example(Fraction(-15, 1000))
@example(Fraction(5, 1000))
def test_rounding_is_half_up_for_every_sign(value: Fraction) -> None:
    expected = Fraction(math.floor(value * 100 + Fraction(1, 2)), 100)
    assert Fraction(rounded(value)).limit_denominator(100) == expected

"""Pure scoring: section means, total, band and weakest areas, all exact.

Totals are sums of means, so they are compared in whole numbers scaled by the
lcm of the section sizes: a total exactly on a threshold is classified by the
threshold, whatever a floating-point sum would say, and no Fraction is built
in the hot path of a large batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import lcm

from .model import Answers, Band, Questionnaire, Result, Section, SectionScore


@dataclass(frozen=True)
class ScaledPlan:
    """Per-questionnaire constants for scaled whole-number arithmetic: a section's points
    times its factor is its mean times `denominator` (the lcm of the section sizes), so a
    total times `denominator` is the whole number sum(points · factor)."""

    denominator: int
    sections: tuple[tuple[Section, int], ...]  # (section, denominator // item count)
    bands: tuple[
        tuple[Band, int | None, int | None, int], ...
    ]  # band, lower·L·den, upper·L·den, den
    top: int  # the top of the scale, scaled

    @property
    def sizes(self) -> list[int]:
        """Each section's number of statements."""
        return [len(section.items) for section, _factor in self.sections]

    @property
    def factors(self) -> list[int]:
        """What each section's points are multiplied by in the scaled total."""
        return [factor for _section, factor in self.sections]


_PLANS: dict[int, tuple[Questionnaire, ScaledPlan]] = {}


def _plan(questionnaire: Questionnaire) -> ScaledPlan:
    # Keyed by identity: hashing a whole questionnaire on every call would cost more than scoring.
    entry = _PLANS.get(id(questionnaire))
    if entry is not None and entry[0] is questionnaire:
        return entry[1]
    if len(_PLANS) > 16:
        _PLANS.clear()
    plan = _make_plan(questionnaire)
    _PLANS[id(questionnaire)] = (questionnaire, plan)
    return plan


def _make_plan(questionnaire: Questionnaire) -> ScaledPlan:
    denominator = questionnaire.common_denominator
    bands = []
    for band in questionnaire.bands:
        den = 1
        for bound in (band.lower, band.upper):
            if bound is not None:
                den = lcm(den, bound.denominator)
        lower = None if band.lower is None else int(band.lower * denominator * den)
        upper = None if band.upper is None else int(band.upper * denominator * den)
        bands.append((band, lower, upper, den))
    return ScaledPlan(
        denominator=denominator,
        sections=tuple((s, denominator // len(s.items)) for s in questionnaire.sections),
        bands=tuple(bands),
        top=questionnaire.scale.high * denominator,
    )


def band_for(bands: tuple[Band, ...], total: Fraction) -> Band:
    """The band containing `total`; validated bands always cover every total."""
    for band in bands:
        if band.contains(total):
            return band
    raise ValueError(f"no band contains the total {total}")


def score(questionnaire: Questionnaire, answers: Answers) -> Result:
    """Score validated answers against the questionnaire they belong to."""
    plan = _plan(questionnaire)
    ratings = answers.ratings
    sections = []
    scaled = []
    for section, factor in plan.sections:
        values = ratings[section.id]
        points = sum(values)
        sections.append(SectionScore(section, values, points))
        scaled.append(points * factor)
    total = sum(scaled)
    band = _band(plan, total)
    lowest = min(scaled)
    weakest = (
        ()
        if lowest >= plan.top
        else tuple(
            s for (s, _), value in zip(plan.sections, scaled, strict=True) if value == lowest
        )
    )
    return Result(
        questionnaire=questionnaire,
        answers=answers,
        sections=tuple(sections),
        total=Fraction(total, plan.denominator),
        band=band,
        weakest=weakest,
    )


def _band(plan: ScaledPlan, total: int) -> Band:
    """The band of a total scaled by the plan's denominator."""
    for candidate, lower, upper, den in plan.bands:
        if (lower is None or total * den >= lower) and (upper is None or total * den < upper):
            return candidate
    raise ValueError(f"no band contains the total {Fraction(total, plan.denominator)}")


def scoring_plan(questionnaire: Questionnaire) -> ScaledPlan:
    """The questionnaire's constants for scoring in whole numbers (cached)."""
    return _plan(questionnaire)


def band_of_scaled(questionnaire: Questionnaire, total: int) -> Band:
    """The band of a total given as a whole number scaled by the common denominator."""
    return _band(_plan(questionnaire), total)


def rounded_ratio(numerator: int, denominator: int) -> float:
    """numerator/denominator rounded half up to two decimals."""
    return ((numerator * 200 + denominator) // (2 * denominator)) / 100


def rounded(value: Fraction) -> float:
    """Round half up to two decimals, for display and JSON output."""
    return rounded_ratio(value.numerator, value.denominator)

"""Pure scoring: section means, total, band and weakest areas, all exact."""

from __future__ import annotations

from fractions import Fraction

from .model import Answers, Band, Questionnaire, Result, Section, SectionScore


def band_for(bands: tuple[Band, ...], total: Fraction) -> Band:
    """The band containing `total`; validated bands always cover every total."""
    for band in bands:
        if band.contains(total):
            return band
    raise ValueError(f"no band contains the total {total}")


def weakest_sections(scores: tuple[SectionScore, ...], top: int) -> tuple[Section, ...]:
    """Every section at the lowest score, unless that score is the top of the scale."""
    if not scores:
        return ()
    lowest = min(s.score for s in scores)
    if lowest >= top:
        return ()
    return tuple(s.section for s in scores if s.score == lowest)


def score(questionnaire: Questionnaire, answers: Answers) -> Result:
    """Score validated answers against the questionnaire they belong to."""
    sections = tuple(
        SectionScore(section, tuple(answers.ratings[section.id]))
        for section in questionnaire.sections
    )
    total = sum((s.score for s in sections), Fraction(0))
    return Result(
        questionnaire=questionnaire,
        answers=answers,
        sections=sections,
        total=total,
        band=band_for(questionnaire.bands, total),
        weakest=weakest_sections(sections, questionnaire.scale.high),
    )


def rounded(value: Fraction) -> float:
    """Round half up to two decimals, for display and JSON output."""
    hundredths = (value.numerator * 200 + value.denominator) // (2 * value.denominator)
    return hundredths / 100

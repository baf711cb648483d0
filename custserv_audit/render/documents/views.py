"""What a form or a report says, in order, once for every format.

`form_view` and `report_view` are pure functions from the questionnaire (or the
result) to frozen dataclasses holding every text and number of the document,
already translated and formatted for the questionnaire's language. The PDF,
HTML and Markdown writers lay these out and add only their own markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ...i18n import gettext_for
from ...model import Questionnaire, Result
from ..dates import date_text
from ..numbers import score_text, signed
from . import band_colour, band_range, ordered_bands, previous_sections
from .charts import ChartView, GaugeView, chart_view, gauge_view


@dataclass(frozen=True)
class Point:
    """A scale point: its value and its label ('1', 'Never')."""

    value: int
    label: str


@dataclass(frozen=True)
class Statement:
    """A statement to rate, with its printed number ('1.2')."""

    label: str
    text: str


@dataclass(frozen=True)
class FormSection:
    """One section of the form: heading, theme question and statements."""

    id: str
    number: int
    title: str
    heading: str  # "1. Title"
    theme: str
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class BandRow:
    """One row of the 'what your total means' table."""

    range: str  # "28 or more"
    label: str
    meaning: str


@dataclass(frozen=True)
class FormView:
    """The blank form: every text it prints, in reading order."""

    language: str
    title: str
    instructions: str
    how_to_mark: str
    company: str
    respondent: str
    date: str
    scale: tuple[Point, ...]
    ends: tuple[str, str]  # the lowest and highest points' labels, over the tick boxes
    statement_head: str  # "Statement", over the statements where a table has a header
    sections: tuple[FormSection, ...]
    sum_label: str
    section_score: str
    score_sentence: str  # "Sum {sum} ÷ {count} = {score} section score", for plain text
    total_heading: str
    copy_note: str
    section_head: str
    total_label: str  # "Total (7 to 35)"
    meaning_heading: str
    meaning_heads: tuple[str, str, str]  # total, band, what it means
    bands: tuple[BandRow, ...]
    weakest_note: str


@lru_cache(maxsize=32)
def form_view(questionnaire: Questionnaire) -> FormView:
    """The blank form of `questionnaire`, in the questionnaire's language."""
    q = questionnaire
    _ = gettext_for(q.language)
    sections = tuple(
        FormSection(
            id=s.id,
            number=n,
            title=s.title,
            heading=f"{n}. {s.title}",
            theme=s.theme,
            statements=tuple(
                Statement(f"{n}.{i}", item.text) for i, item in enumerate(s.items, start=1)
            ),
        )
        for n, s in enumerate(q.sections, start=1)
    )
    points = q.scale.points
    return FormView(
        language=q.language,
        title=q.title,
        # A questionnaire without its own instructions still says how to score by hand.
        instructions=q.instructions
        or _(
            "Rate each statement from {low} ({low_label}) to {high} ({high_label}). A "
            "section's score is the sum of its ratings divided by the number of its "
            "statements; your total is the sum of the section scores ({min} to {max})."
        ).format(
            low=points[0].value,
            low_label=points[0].label,
            high=points[-1].value,
            high_label=points[-1].label,
            min=q.min_total,
            max=q.max_total,
        ),
        how_to_mark=_(
            "Mark one box per statement with a cross or a tick. To change an answer, fill the "
            "wrong box completely, cross it out, and mark the right one."
        ),
        company=_("Company"),
        respondent=_("Respondent"),
        date=_("Date"),
        scale=tuple(Point(p.value, p.label) for p in points),
        ends=(points[0].label, points[-1].label),
        statement_head=_("Statement"),
        sections=sections,
        sum_label=_("Sum"),
        section_score=_("Section score"),
        score_sentence=_("Sum {sum} ÷ {count} = {score} section score"),
        total_heading=_("Your total"),
        copy_note=_("Copy each section score into its box and add them up."),
        section_head=_("Section"),
        total_label=_("Total ({low} to {high})").format(low=q.min_total, high=q.max_total),
        meaning_heading=_("What your total means"),
        meaning_heads=(_("Total"), _("Band"), _("What it means")),
        bands=tuple(
            BandRow(band_range(b, _, q.language), b.label, b.meaning) for b in ordered_bands(q)
        ),
        weakest_note=_("Start improving in the sections where your score is lowest."),
    )


@dataclass(frozen=True)
class Tip:
    """One piece of advice and its source line ('' when it names no source)."""

    text: str
    source: str


@dataclass(frozen=True)
class WeakSection:
    """A weakest section: its heading with the score, and its advice."""

    heading: str  # "3. Feedback — 3.00"
    tips: tuple[Tip, ...]


@dataclass(frozen=True)
class AnswerRow:
    """One statement with its rating (and the previous audit's rating)."""

    label: str  # "1.2"
    text: str
    rating: int
    rating_label: str
    previous: str | None  # "4", or "—" when the statement had no rating; None: no history


@dataclass(frozen=True)
class AnswerSection:
    """One section's statements and ratings, with the section score in the header."""

    heading: str  # "1. Title"
    score_line: str  # "Section score 3.25"
    change: str | None  # "+0.50" since the previous audit, when there is one
    rows: tuple[AnswerRow, ...]


@dataclass(frozen=True)
class ReportView:
    """One respondent's report: every text, number and chart, in reading order."""

    language: str
    title: str
    subtitle: str
    document_title: str  # the title with the respondent's name (or the source)
    page_label: str  # "Page {page}"
    respondent_head: str
    respondent: str  # "—" when not given
    named: bool  # the answers name a respondent
    date_head: str
    date: str
    total_head: str
    total_text: str
    max_total: int
    change: str | None  # "+3.08 since the previous audit"
    band_head: str
    band_label: str
    band_meaning: str
    colour: str
    tint: str
    gauge: GaugeView
    chart_heading: str
    chart: ChartView
    weakest_heading: str
    no_weakest: str
    weakest: tuple[WeakSection, ...]
    answers_heading: str
    previous_head: str | None  # over the previous ratings, when there is a previous audit
    answers: tuple[AnswerSection, ...]


def _weakest(result: Result) -> tuple[WeakSection, ...]:
    q = result.questionnaire
    _ = gettext_for(q.language)
    scores = {s.section.id: s.score for s in result.sections}
    numbers = {s.id: n for n, s in enumerate(q.sections, start=1)}
    return tuple(
        WeakSection(
            heading=f"{numbers[section.id]}. {section.title} — "
            f"{score_text(scores[section.id], q.language)}",
            tips=tuple(
                Tip(tip.text, _("Source: {source}").format(source=tip.source) if tip.source else "")
                for tip in section.advice
            ),
        )
        for section in result.weakest
    )


def _answers(result: Result, previous: Result | None) -> tuple[AnswerSection, ...]:
    q = result.questionnaire
    _ = gettext_for(q.language)
    before = previous_sections(result, previous)
    out = []
    for n, s in enumerate(result.sections, start=1):
        change = before[s.section.id]
        rows = []
        for i, (item, rating) in enumerate(zip(s.section.items, s.ratings, strict=True), start=1):
            old: str | None = None
            if previous is not None:
                was = change.rating(i - 1)
                old = "—" if was is None else str(was)
            rows.append(AnswerRow(f"{n}.{i}", item.text, rating, q.scale.label(rating), old))
        moved = None
        if previous is not None and change.previous is not None:
            moved = signed(s.score - change.previous.score, q.language)
        out.append(
            AnswerSection(
                heading=f"{n}. {s.section.title}",
                score_line=_("Section score {score}").format(score=score_text(s.score, q.language)),
                change=moved,
                rows=tuple(rows),
            )
        )
    return tuple(out)


def report_view(result: Result, previous: Result | None = None) -> ReportView:
    """The report of `result`, with the change since `previous` when given."""
    q = result.questionnaire
    _ = gettext_for(q.language)
    a = result.answers
    name = a.respondent or a.source
    change = None
    if previous is not None:
        change = _("{change} since the previous audit").format(
            change=signed(result.total - previous.total, q.language)
        )
    return ReportView(
        language=q.language,
        title=q.title,
        subtitle=_("Audit result"),
        document_title=f"{q.title} — {name}" if name else q.title,
        page_label=_("Page {page}"),
        respondent_head=_("Respondent"),
        respondent=a.respondent or "—",
        named=bool(a.respondent),
        date_head=_("Date"),
        date=date_text(a.date, q.language, "—"),
        total_head=_("Total"),
        total_text=score_text(result.total, q.language),
        max_total=q.max_total,
        change=change,
        band_head=_("Band"),
        band_label=result.band.label,
        band_meaning=result.band.meaning,
        colour=band_colour(q, result.band.id),
        tint=band_colour(q, result.band.id, tint=True),
        gauge=gauge_view(result, previous),
        chart_heading=_("Section scores"),
        chart=chart_view(result, previous),
        weakest_heading=_("Weakest sections and what to do"),
        no_weakest=_("No weak sections: every section is at the top of the scale."),
        weakest=_weakest(result),
        answers_heading=_("Your answers"),
        previous_head=_("Previous") if previous is not None else None,
        answers=_answers(result, previous),
    )

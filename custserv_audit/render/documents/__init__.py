"""Printable documents (blank forms and result reports): the texts and numbers every format shares.

The format modules (`form_pdf`, `form_html`, `form_markdown`, `report_pdf`,
`report_html`) are imported lazily by `render_form` / `render_report`, so a
command pays only for the format it writes. Nothing here imports reportlab.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from importlib import import_module
from typing import TYPE_CHECKING

from ...i18n import gettext_for
from ...model import Band, Questionnaire, Result, SectionScore
from ...scoring import band_for
from ..dates import date_text
from ..numbers import band_rank as band_rank
from ..numbers import number
from ..numbers import ordered_bands as ordered_bands

if TYPE_CHECKING:
    from ...norms.model import Norm
    from ...plan.followup import FollowUp
    from .team_view import TeamReport


class FormFormat(StrEnum):
    """Formats of the blank form."""

    pdf = "pdf"
    html = "html"
    markdown = "markdown"
    # Survey definitions for form platforms (render/survey), in every language.
    xlsform = "xlsform"
    limesurvey = "limesurvey"
    surveyjs = "surveyjs"
    google_apps_script = "google-apps-script"


class ReportFormat(StrEnum):
    """Formats of the result report."""

    pdf = "pdf"
    html = "html"


class Paper(StrEnum):
    """Paper sizes of printed documents."""

    a4 = "a4"
    letter = "letter"


# Paper sizes in PostScript points (1/72 inch) and in CSS units.
PAPER_POINTS = {Paper.a4: (595.2756, 841.8898), Paper.letter: (612.0, 792.0)}
PAPER_CSS = {Paper.a4: "A4", Paper.letter: "letter"}

FORM_MODULES = {
    FormFormat.pdf: "form_pdf",
    FormFormat.html: "form_html",
    FormFormat.markdown: "form_markdown",
}
REPORT_MODULES = {ReportFormat.pdf: "report_pdf", ReportFormat.html: "report_html"}
TEAM_MODULES = {ReportFormat.pdf: "team_pdf", ReportFormat.html: "team_html"}

# Band colours from the best band down: green, amber, red, then neutral tones.
BAND_COLOURS = ("#2e7d32", "#b26a00", "#c62828", "#6a1b9a", "#00838f")
BAND_TINTS = ("#e3f1e4", "#fdf0d9", "#fbe3e3", "#efe3f5", "#dff3f5")


def render_form(
    questionnaire: Questionnaire, fmt: FormFormat, paper: Paper = Paper.a4
) -> bytes | str:
    """The blank form in one format: PDF as bytes, HTML and Markdown as text.

    A survey definition for a form platform comes in every language of the questionnaire
    (an XLSForm as bytes, the others as text).
    """
    if fmt not in FORM_MODULES:
        from ...intake.inputs import languages
        from ..survey import SurveyFormat, render_survey

        return render_survey(languages(questionnaire), SurveyFormat(fmt.value))
    module = import_module(f".{FORM_MODULES[fmt]}", __package__)
    render: Callable[[Questionnaire, Paper], bytes | str] = module.render_form
    return render(questionnaire, paper)


def render_report(
    result: Result,
    fmt: ReportFormat,
    previous: Result | None = None,
    paper: Paper = Paper.a4,
    norm: Norm | None = None,
    followup: FollowUp | None = None,
) -> bytes | str:
    """One respondent's result as a document: PDF as bytes, HTML as text; with `followup`,
    a section 'Follow-up of the action plan' at its end."""
    module = import_module(f".{REPORT_MODULES[fmt]}", __package__)
    render: Callable[..., bytes | str] = module.render_report
    if followup is None:
        return render(result, previous, paper=paper, norm=norm)
    from .followup_view import followup_view

    view = followup_view(followup, result.questionnaire.language)
    return render(result, previous, paper=paper, norm=norm, followup=view)


def render_team(report: TeamReport, fmt: ReportFormat, paper: Paper = Paper.a4) -> bytes | str:
    """The team report of many respondents: PDF as bytes, HTML as text."""
    module = import_module(f".{TEAM_MODULES[fmt]}", __package__)
    render: Callable[..., bytes | str] = module.render_team_report
    return render(report, paper=paper)


def percentile_note(result: Result, norm: Norm | None) -> str:
    """One line of the respondent's percentiles in the norm ("" without a norm)."""
    if norm is None:
        return ""
    from ...norms.model import result_percentiles, shown_percentile
    from ..numbers import localise

    q = result.questionnaire
    _ = gettext_for(q.language)
    found = result_percentiles(norm, result)

    def show(value: Fraction | None) -> str:
        shown = shown_percentile(value)
        return "–" if shown is None else localise(f"{shown:.1f}", q.language)

    titles = {s.id: s.title for s in q.sections}
    parts = [f"{titles[sid]} {show(v)}" for sid, v in found.sections]
    total = _("Total")
    parts.append(f"{total} {show(found.total)}")
    head = _("Percentiles among the {count} respondents of the norm").format(count=norm.count)
    return f"{head}: " + " · ".join(parts)


def band_colour(questionnaire: Questionnaire, band_id: str, tint: bool = False) -> str:
    """The colour of a band (a light tint for backgrounds)."""
    palette = BAND_TINTS if tint else BAND_COLOURS
    return palette[min(band_rank(questionnaire, band_id), len(palette) - 1)]


def band_range(band: Band, _: Callable[[str], str], lang: str) -> str:
    """The totals a band covers, in words: '28 or more', '21 to under 28', 'under 21'."""
    if band.lower is not None and band.upper is not None:
        return _("{lower} to under {upper}").format(
            lower=number(band.lower, lang), upper=number(band.upper, lang)
        )
    if band.lower is not None:
        return _("{lower} or more").format(lower=number(band.lower, lang))
    if band.upper is not None:
        return _("under {upper}").format(upper=number(band.upper, lang))
    return _("any total")


def thresholds(questionnaire: Questionnaire) -> list[Fraction]:
    """The band boundaries that lie inside the possible totals, lowest first."""
    low, high = questionnaire.min_total, questionnaire.max_total
    found = {b.lower for b in questionnaire.bands if b.lower is not None}
    found |= {b.upper for b in questionnaire.bands if b.upper is not None}
    return sorted(t for t in found if low < t <= high)


@dataclass(frozen=True)
class Threshold:
    """A band boundary on the total, and the same boundary as an average section score."""

    total: Fraction
    per_section: Fraction
    band: Band  # the band that starts at this boundary


def section_thresholds(questionnaire: Questionnaire) -> list[Threshold]:
    """Boundaries for the section chart: a total of 28 over 7 sections is an average of 4."""
    count = len(questionnaire.sections)
    return [
        Threshold(t, t / count, band_for(questionnaire.bands, t)) for t in thresholds(questionnaire)
    ]


def section_band(questionnaire: Questionnaire, section_score: Fraction) -> Band:
    """The band a total would fall in if every section scored like this one (for colouring)."""
    return band_for(questionnaire.bands, section_score * len(questionnaire.sections))


@dataclass(frozen=True)
class Change:
    """A section compared with the respondent's previous audit."""

    previous: SectionScore | None

    def rating(self, index: int) -> int | None:
        """The previous rating of the statement at `index`, when there was one."""
        if self.previous is None or index >= len(self.previous.ratings):
            return None
        return self.previous.ratings[index]


def previous_sections(result: Result, previous: Result | None) -> dict[str, Change]:
    """Each section's previous score, matched by section id (None when it did not exist)."""
    before = {s.section.id: s for s in previous.sections} if previous is not None else {}
    return {s.section.id: Change(before.get(s.section.id)) for s in result.sections}


def chart_axis(questionnaire: Questionnaire) -> tuple[int, int]:
    """The value range of the section chart: the scale's lowest point to its highest, as on
    the terminal's bars (a section score can be neither lower nor higher)."""
    return questionnaire.scale.low, questionnaire.scale.high


def one_line(text: str) -> str:
    """A text with its line breaks and runs of spaces collapsed (for table cells)."""
    return " ".join(text.split())


def chart_note(questionnaire: Questionnaire, previous: Result | None) -> str:
    """The key under the section chart: what the dashed lines (and grey bars) mean."""
    _ = gettext_for(questionnaire.language)
    marks = "; ".join(
        _("{value} = {band}").format(
            value=number(th.per_section, questionnaire.language), band=th.band.label
        )
        for th in section_thresholds(questionnaire)
    )
    note = _(
        "Dashed lines: the average section score at which the total reaches a band ({marks})."
    ).format(marks=marks)
    if previous is not None:
        when = date_text(previous.answers.date, questionnaire.language) or previous.answers.source
        note += " " + _("Grey bars and marker: the previous audit ({date}).").format(date=when)
    return note

"""Pages as a reader sees them: page budgets, the chart's axis, unbroken words and labels."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import answers_yaml
from documents_support import pdf_pages, pdf_text

from custserv_audit.model import Questionnaire, Result
from custserv_audit.render.documents import (
    FormFormat,
    Paper,
    ReportFormat,
    render_form,
    render_report,
)
from custserv_audit.render.documents.charts import chart_view, label_lines
from custserv_audit.render.documents.form_markdown import md, md_line
from custserv_audit.schema.answers import load_answers
from custserv_audit.schema.definition import load_questionnaire
from custserv_audit.scoring import score

LANGS = ("en", "fi", "sk")

# Three sections tie for the weakest (3.00); the others score 4 or more.
THREE_WEAKEST = {
    "culture": [5, 4, 4, 3],
    "products": [4, 4, 5, 3],
    "feedback": [3, 3, 3],
    "knowledge": [3, 3, 3],
    "accessibility": [5, 4, 4],
    "staff": [4, 4, 4, 3, 5],
    "improvement": [3, 3, 3],
}


def pdf_bytes(data: bytes | str) -> bytes:
    assert isinstance(data, bytes)
    return data


def scored(q: Questionnaire, ratings: dict[str, list[int]]) -> Result:
    return score(q, load_answers(answers_yaml(ratings, respondent="Kahvila Oy").encode(), "a", q))


@pytest.mark.parametrize("with_previous", [False, True])
@pytest.mark.parametrize("paper", list(Paper))
@pytest.mark.parametrize("lang", LANGS)
def test_a_report_with_three_weakest_sections_fits_two_pages(
    lang: str, paper: Paper, with_previous: bool, tmp_path: Path
) -> None:
    q = load_questionnaire(None, lang)
    result = scored(q, THREE_WEAKEST)
    assert len(result.weakest) == 3
    # A previous audit adds a column, grey bars and the change of every section.
    previous = scored(q, {**THREE_WEAKEST, "feedback": [2, 3, 3]}) if with_previous else None
    pdf = tmp_path / "r.pdf"
    report = render_report(result, ReportFormat.pdf, previous, paper=paper)
    pdf.write_bytes(pdf_bytes(report))
    assert pdf_pages(pdf) == 2
    # The advice starts on page 1, right under the chart, not on a page of its own.
    first = pdf_text(pdf, 1)
    weakest = result.weakest[0]
    number = [s.id for s in q.sections].index(weakest.id) + 1
    assert f"{number}. {weakest.title} —" in first
    assert weakest.advice[0].text.split()[0] in first.split(f"{number}. {weakest.title} —")[1]


def test_the_section_chart_starts_at_the_scales_lowest_point(
    builtin: Questionnaire, mini: Questionnaire
) -> None:
    result = scored(builtin, THREE_WEAKEST)
    assert [g.value for g in chart_view(result, None).grid] == [1, 2, 3, 4, 5]
    page = str(render_report(result, ReportFormat.html))
    chart = page.split("<svg")[2]
    assert ">0</text>" not in chart and ">1</text>" in chart
    low = score(
        mini,
        load_answers(
            b"questionnaire: mini\nanswers: {speed: [0, 1], care: [0, 0, 0]}\n", "m", mini
        ),
    )
    assert chart_view(low, None).grid[0].value == 0  # a 0-3 scale starts at 0


def test_band_labels_break_between_words_never_inside_one() -> None:
    label = "Riittävä, mutta kehitettävää on"
    assert label_lines(label, 20, len) == ["Riittävä, mutta", "kehitettävää on"]
    assert label_lines(label, 12, len) == ["Riittävä,", "mutta…"]
    assert label_lines(label, 40, len) == [label]


@pytest.mark.parametrize("lang", ("fi", "sk"))
def test_the_html_gauge_shows_every_band_label_whole(lang: str) -> None:
    q = load_questionnaire(None, lang)
    page = str(render_report(scored(q, THREE_WEAKEST), ReportFormat.html))
    gauge = page.split("<svg")[1].split("</svg>")[0]
    shown = re.findall(r'text-anchor="middle" fill="#[0-9a-f]{6}">([^<]*)</text>', gauge)
    assert "…" not in "".join(shown)
    for band in q.bands:
        assert band.label.split()[-1] in shown or any(
            line.endswith(band.label.split()[-1]) for line in shown
        ), band.label


def test_the_html_report_keeps_the_total_and_the_section_scores_on_one_line(
    builtin: Questionnaire,
) -> None:
    page = str(render_report(scored(builtin, THREE_WEAKEST), ReportFormat.html))
    assert re.search(r"\.verdict \.big \{[^}]*white-space: nowrap", page)
    assert re.search(r"table\.answers thead th\.rating \{ white-space: nowrap; \}", page)
    assert '<div class="big">25.33<small>&nbsp;/&nbsp;35</small></div>' in page


@pytest.mark.parametrize("lang", LANGS)
def test_the_html_form_hyphenates_in_its_language_and_heads_the_boxes(lang: str) -> None:
    q = load_questionnaire(None, lang)
    page = str(render_form(q, FormFormat.html))
    assert f'<html lang="{lang}">' in page
    assert "hyphens: auto" in page
    assert "break-word" not in page  # the sums' cells are as wide as their longest word
    low, high = q.scale.points[0].label, q.scale.points[-1].label
    assert page.count(f'<div class="ends"><span>{low}</span><span>{high}</span></div>') == 7


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_and_markdown_forms_head_the_boxes_with_the_scales_ends(
    lang: str, tmp_path: Path
) -> None:
    q = load_questionnaire(None, lang)
    low, high = q.scale.points[0].label, q.scale.points[-1].label
    pdf = tmp_path / "f.pdf"
    pdf.write_bytes(pdf_bytes(render_form(q, FormFormat.pdf)))
    text = pdf_text(pdf)
    for section in q.sections:
        # The theme question, then the two ends over the first statement's boxes.
        assert f"{section.theme} {low} {high}" in text, section.id
    markdown = str(render_form(q, FormFormat.markdown))
    assert markdown.count(f"| 1 {md(low)} | 2 | 3 | 4 | 5 {md(high)} |") == 7


def test_a_questionnaire_without_instructions_still_says_how_to_score(
    mini: Questionnaire, tmp_path: Path
) -> None:
    assert not mini.instructions
    rule = "Rate each statement from 0 (Not at all) to 3 (Fully)."
    total = "your total is the sum of the section scores (0 to 6)."
    for fmt in (FormFormat.html, FormFormat.markdown):
        text = " ".join(str(render_form(mini, fmt)).split())
        assert rule in text and total in text, fmt
    pdf = tmp_path / "f.pdf"
    pdf.write_bytes(pdf_bytes(render_form(mini, FormFormat.pdf)))
    assert rule in pdf_text(pdf)


def test_markdown_escapes_texts_the_same_way_in_cells_and_marks_only_line_starts(
    mini: Questionnaire,
) -> None:
    text = str(render_form(mini, FormFormat.markdown))
    assert "| 3.5 or more |" in text and "| under 3.5 |" in text
    assert md("3.5 or more") == "3.5 or more"
    assert md_line("3. Start") == "3\\. Start" and md("3. Start") == "3. Start"
    assert md("a | b *c*") == md_line("a | b *c*") == "a \\| b \\*c\\*"

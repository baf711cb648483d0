"""The format-neutral document views: one outline and one chart geometry for every format."""

from __future__ import annotations

import html
from fractions import Fraction

from conftest import EXAMPLE_RATINGS, answers_yaml

from custserv_audit.model import Questionnaire
from custserv_audit.render.documents import FormFormat, ReportFormat, render_form, render_report
from custserv_audit.render.documents.charts import Axis, chart_view, gauge_view
from custserv_audit.render.documents.form_markdown import md
from custserv_audit.render.documents.views import form_view, report_view
from custserv_audit.schema.answers import load_answers
from custserv_audit.schema.definition import load_questionnaire
from custserv_audit.scoring import score


def test_an_axis_puts_its_ends_at_the_line_ends_and_values_in_proportion() -> None:
    axis = Axis(7, 35)
    assert axis.at(7, 10.0, 290.0) == 10.0
    assert axis.at(35, 10.0, 290.0) == 290.0
    assert axis.at(Fraction(21), 10.0, 290.0) == 10.0 + 280.0 / 2


def test_the_gauge_has_a_zone_per_band_and_a_tick_at_every_boundary(builtin: Questionnaire) -> None:
    result = score(builtin, load_answers(answers_yaml(EXAMPLE_RATINGS).encode(), "a.yaml", builtin))
    gauge = gauge_view(result, None)
    assert [t.value for t in gauge.ticks] == [7, 21, 28, 35]
    assert [t.last for t in gauge.ticks] == [False, False, False, True]
    spans = sorted((z.start, z.end) for z in gauge.zones)
    assert spans == [
        (Fraction(a), Fraction(b)) for a, b in ((7, 21), (21, 28), (28, 35))
    ]  # the strip is covered once, end to end
    assert gauge.previous is None and gauge.total == result.total


def test_the_previous_total_is_kept_on_the_gauge_and_each_bar_knows_its_change(
    builtin: Questionnaire,
) -> None:
    ratings = {k: list(v) for k, v in EXAMPLE_RATINGS.items()}
    now = score(builtin, load_answers(answers_yaml(ratings).encode(), "a.yaml", builtin))
    ratings["feedback"] = [1, 1, 1]
    before = score(builtin, load_answers(answers_yaml(ratings).encode(), "b.yaml", builtin))
    assert gauge_view(now, before).previous == before.total
    chart = chart_view(now, before)
    feedback = next(b for b in chart.bars if b.name == builtin.section("feedback").title)
    assert feedback.previous == 1
    assert feedback.change_text == f"+{float(feedback.score - 1):.2f}"
    unchanged = next(b for b in chart.bars if b.name == builtin.section("culture").title)
    assert unchanged.change_text == "0.00"


def test_every_text_of_the_form_view_is_on_the_html_and_markdown_forms() -> None:
    for lang in ("en", "fi", "sk"):
        q = load_questionnaire(None, lang)
        view = form_view(q)
        page = str(render_form(q, FormFormat.html))
        text = str(render_form(q, FormFormat.markdown))
        texts = [view.title, view.total_label, view.copy_note, view.weakest_note]
        texts += [s.title for s in view.sections] + [s.theme for s in view.sections]
        texts += [st.text for s in view.sections for st in s.statements]
        texts += [b.range for b in view.bands] + [b.meaning for b in view.bands]
        for t in texts:
            assert html.escape(t) in page, (lang, t)
            assert md(t) in text, (lang, t)


def test_the_report_view_holds_what_both_report_formats_print(builtin: Questionnaire) -> None:
    result = score(builtin, load_answers(answers_yaml(EXAMPLE_RATINGS).encode(), "a.yaml", builtin))
    view = report_view(result)
    page = str(render_report(result, ReportFormat.html))
    assert [w.heading.split(" — ")[0] for w in view.weakest] == [
        f"{[s.id for s in builtin.sections].index(s.id) + 1}. {s.title}" for s in result.weakest
    ]
    for section in view.answers:
        assert html.escape(section.heading) in page
        assert section.score_line in page
    for weak in view.weakest:
        assert html.escape(weak.heading) in page
        for tip in weak.tips:
            assert html.escape(tip.text) in page

"""`custserv-audit report`: one respondent's result as a PDF or HTML document."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import EXAMPLE_RATINGS, EXAMPLE_YAML, Invoke, answers_yaml
from documents_support import ESCAPED, hostile_questionnaire, pdf_fonts, pdf_text

from custserv_audit.model import Questionnaire, Result
from custserv_audit.render.documents import ReportFormat, render_report
from custserv_audit.schema.answers import load_answers
from custserv_audit.scoring import score

# An earlier audit of the same respondent, made by hand: every section's change is known.
PREVIOUS_RATINGS = {
    "culture": [4, 4, 3, 3],  # 3.50 -> 4.00: +0.50
    "products": [4, 3, 5, 3],  # 3.75 -> 4.00: +0.25
    "feedback": [2, 3, 3],  # 2.67 -> 3.33: +0.67
    "knowledge": [4, 4, 3],  # 3.67 -> 3.67: 0.00
    "accessibility": [5, 5, 4],  # 4.67 -> 4.33: -0.33
    "staff": [3, 4, 4, 3, 4],  # 3.60 -> 4.00: +0.40
    "improvement": [2, 3, 4],  # 3.00 -> 3.67: +0.67
}


def scored(q: Questionnaire, text: str, source: str = "a.yaml") -> Result:
    return score(q, load_answers(text.encode(), source, q))


def json_figures(cli: Invoke, path: Path) -> dict[str, object]:
    result = cli("score", "--format", "json", path)
    assert result.exit_code == 0
    figures: dict[str, object] = json.loads(result.stdout)[0]
    return figures


def test_pdf_report_figures_match_score_json(
    tmp_path: Path, cli: Invoke, example_file: Path
) -> None:
    figures = json_figures(cli, example_file)
    out = tmp_path / "report.pdf"
    result = cli("report", example_file, "--output", out)
    assert result.exit_code == 0
    assert result.stdout == ""
    text = pdf_text(out)
    assert "Respondent Example Oy Date 2026-11-25" in text
    assert f"Total {figures['total']:.2f} / 35 Band Adequate, but needs work" in text
    sections = figures["sections"]
    assert isinstance(sections, list)
    for n, s in enumerate(sections, start=1):
        # Once in the chart, once over the section's answers.
        assert f"{n}. {s['title']} {s['score']:.2f}" in text
        assert f"{n}. {s['title']} Section score {s['score']:.2f}" in text
    assert [s["id"] for s in sections] == [
        "culture",
        "products",
        "feedback",
        "knowledge",
        "accessibility",
        "staff",
        "improvement",
    ]
    assert figures["weakest"] == ["feedback"]
    assert (
        "Weakest sections and what to do 3. Customer feedback — 3.33 • Start a complaint log today"
        in text
    )


def test_pdf_report_shows_every_answer_and_the_advice(
    tmp_path: Path, cli: Invoke, example_file: Path, builtin: Questionnaire
) -> None:
    out = tmp_path / "report.pdf"
    assert cli("report", example_file, "-o", out).exit_code == 0
    text = pdf_text(out)
    result = scored(builtin, EXAMPLE_YAML)
    for n, s in enumerate(result.sections, start=1):
        for i, (item, rating) in enumerate(zip(s.section.items, s.ratings, strict=True), start=1):
            assert f"{n}.{i} {item.text} {rating} {builtin.scale.label(rating)}" in text
    for tip in builtin.section("feedback").advice:
        assert " ".join(tip.text.split()) in text
        # Each piece of advice names where it comes from, on a line of its own below it.
        assert tip.source and f"{' '.join(tip.text.split())} Source: {tip.source}" in text
    assert builtin.section("culture").advice[0].text not in text  # only the weakest's advice


def test_pdf_report_shows_the_band_thresholds(
    tmp_path: Path, cli: Invoke, example_file: Path
) -> None:
    out = tmp_path / "report.pdf"
    assert cli("report", example_file, "-o", out).exit_code == 0
    text = pdf_text(out)
    # The total's scale with the band boundaries, and the same boundaries per section.
    assert "Service is an asset Adequate, but needs work Losing customers 7 21 28 35" in text
    assert "Section scores 1 2 3 4 5 3 4 1. Company culture" in text
    assert "(3 = Adequate, but needs work; 4 = Service is an asset)" in text


def test_pdf_report_embeds_its_font_and_renders_slovak(
    tmp_path: Path, cli: Invoke, example_file: Path
) -> None:
    out = tmp_path / "report-sk.pdf"
    assert cli("report", example_file, "-o", out, "--lang", "sk").exit_code == 0
    fonts = pdf_fonts(out)
    assert sorted(name.split("+")[-1] for name, _emb in fonts) == [
        "DejaVuSans",
        "DejaVuSans-Bold",
    ]
    assert all(emb == "yes" for _name, emb in fonts)
    text = pdf_text(out)
    assert "Primeraný, ale treba ho zlepšiť" in text
    assert "3. Spätná väzba od zákazníkov — 3,33" in text
    assert (
        "Ako majiteľ/ka idem príkladom a dávam najavo, že na zákazníckom servise záleží. 4 Často"
        in text
    )


def test_html_report_figures_match_score_json(cli: Invoke, example_file: Path) -> None:
    figures = json_figures(cli, example_file)
    result = cli("report", example_file, "--format", "html")
    assert result.exit_code == 0
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>")
    assert f'<div class="big">{figures["total"]:.2f}<small>&nbsp;/&nbsp;35</small></div>' in page
    sections = figures["sections"]
    assert isinstance(sections, list)
    for s in sections:
        assert f"Section score {s['score']:.2f}</th>" in page
        assert f">{s['score']:.2f}</text>" in page
    assert "<h3>3. Customer feedback — 3.33</h3>" in page
    # Inline SVG charts, nothing fetched.
    assert page.count("<svg ") == 2
    for needle in ("http://", "https://", "<link", "<script", "<img", "@import", "url("):
        assert needle not in page, needle


def test_html_chart_draws_the_band_thresholds_and_bars_in_band_colours(
    cli: Invoke, example_file: Path
) -> None:
    page = cli("report", example_file, "-f", "html").stdout
    chart = page[page.index("<svg ", page.index("<svg ") + 1) :]
    chart = chart[: chart.index("</svg>")]
    dashed = re.findall(r'<line x1="([\d.]+)"[^>]*stroke-dasharray', chart)
    assert len(dashed) == 2  # per-section averages 3 (21/7) and 4 (28/7)
    grid = dict(
        re.findall(
            r'<text x="([\d.]+)" y="[\d.]+" text-anchor="middle" font-size="10" '
            r'fill="#555">(\d)</text>',
            chart,
        )
    )
    assert sorted(dashed) == sorted(x for x, v in grid.items() if v in ("3", "4"))
    bars = re.findall(
        r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="12.0" fill="(#[0-9a-f]+)"/>', chart
    )
    # Sections at 4.00 and above: green (asset level); between 3 and 4: amber.
    assert bars == ["#2e7d32", "#2e7d32", "#b26a00", "#b26a00", "#2e7d32", "#2e7d32", "#b26a00"]


def test_html_report_escapes_questionnaire_and_answer_texts(tmp_path: Path, cli: Invoke) -> None:
    q = hostile_questionnaire(tmp_path)
    answers = tmp_path / "h.yaml"
    answers.write_text(
        'questionnaire: hostile\nrespondent: "<script>alert(2)</script> & \\"Co\\" \'s"\n'
        "answers:\n  alpha: [1, 7]\n  beta: [7]\n",
        encoding="utf-8",
    )
    result = cli("report", answers, "-q", q, "-f", "html")
    assert result.exit_code == 0
    page = result.stdout
    assert "<script" not in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt; &amp; &quot;Co&quot; &#x27;s" in page
    assert f"Statement one {ESCAPED}" in page
    assert f"<li>Advice {ESCAPED}</li>" in page
    assert "<b>7</b> <span>Seven &lt;/td&gt;</span>" in page
    # 4.00 + 7.00 = 11.00 of 14, from 10.5 up: the band whose label is hostile too.
    assert (
        '<div class="label" style="color:#2e7d32">High &lt;script&gt;alert(1)&lt;/script&gt; '
        "Tom &amp; Jerry&#x27;s &quot;best&quot;</div>"
    ) in page


def test_pdf_report_keeps_hostile_texts_intact(tmp_path: Path, cli: Invoke) -> None:
    q = hostile_questionnaire(tmp_path)
    answers = tmp_path / "h.yaml"
    answers.write_text(
        'questionnaire: hostile\nrespondent: "<script>alert(2)</script> & Co"\n'
        "answers:\n  alpha: [1, 7]\n  beta: [3]\n",
        encoding="utf-8",
    )
    out = tmp_path / "h.pdf"
    assert cli("report", answers, "-q", q, "-o", out).exit_code == 0
    text = pdf_text(out)
    assert "Respondent <script>alert(2)</script> & Co" in text
    assert "1.2 Statement two | with a pipe & an &amp; entity 7 Seven </td>" in text
    # Alpha 4.00 + beta 3.00 = 7.00 of 14, under the 10.5 threshold: "Low".
    assert "7.00 / 14 Band Low Low meaning" in text


@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_a_rejected_answer_file_gets_the_same_error_as_score(
    tmp_path: Path, cli: Invoke, fmt: str
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        EXAMPLE_YAML.replace("feedback: [3, 3, 4]", "feedback: [3, 6, 4]"), encoding="utf-8"
    )
    out = tmp_path / f"out.{fmt}"
    scored_ = cli("score", bad)
    reported = cli("report", bad, "--format", fmt, "--output", out)
    assert scored_.exit_code == reported.exit_code == 1
    assert (
        reported.stderr
        == scored_.stderr
        == f"{bad}:7: feedback.2: rating 6 is outside the scale 1–5\n"
    )
    assert not out.exists()


def test_a_missing_answer_file_gets_the_same_error_as_score(tmp_path: Path, cli: Invoke) -> None:
    missing = tmp_path / "nope.yaml"
    scored_ = cli("score", missing)
    reported = cli("report", missing, "-f", "html")
    assert scored_.exit_code == reported.exit_code == 1
    assert reported.stderr == scored_.stderr == f"{missing}: no such file or folder\n"


def test_csv_with_one_row_is_reported_and_with_two_gets_the_team_report(
    tmp_path: Path, cli: Invoke, builtin: Questionnaire
) -> None:
    ids = [item.id for s in builtin.sections for item in s.items]
    ratings = [r for s in builtin.sections for r in EXAMPLE_RATINGS[s.id]]
    header = "respondent," + ",".join(ids)
    one = tmp_path / "one.csv"
    one.write_text(f"{header}\nAcme,{','.join(map(str, ratings))}\n", encoding="utf-8")
    page = cli("report", one, "-f", "html").stdout
    assert '<div class="big">27.00<small>&nbsp;/&nbsp;35</small></div>' in page
    two = tmp_path / "two.csv"
    two.write_text(
        f"{header}\nA,{','.join(map(str, ratings))}\nB,{','.join(map(str, ratings))}\n",
        encoding="utf-8",
    )
    result = cli("report", two, "-f", "html")
    assert result.exit_code == 0
    assert "<h1>Team report</h1>" in result.stdout and "<b>2</b>" in result.stdout


def test_report_reads_standard_input(cli: Invoke) -> None:
    result = cli("report", "-", "-f", "html", input=EXAMPLE_YAML)
    assert result.exit_code == 0
    assert "<title>Customer orientation self-assessment — Example Oy</title>" in result.stdout


def test_a_perfect_audit_has_no_weak_areas(
    tmp_path: Path, cli: Invoke, builtin: Questionnaire
) -> None:
    perfect = tmp_path / "p.yaml"
    perfect.write_text(
        answers_yaml({s.id: [5] * len(s.items) for s in builtin.sections}), encoding="utf-8"
    )
    out = tmp_path / "p.pdf"
    assert cli("report", perfect, "-o", out).exit_code == 0
    text = pdf_text(out)
    assert "35.00 / 35 Band Service is an asset" in text
    assert (
        "Weakest sections and what to do "
        "No weak sections: every section is at the top of the scale." in text
    )


def test_previous_audit_adds_the_change_to_pdf(builtin: Questionnaire, tmp_path: Path) -> None:
    now = scored(builtin, EXAMPLE_YAML)
    before = scored(builtin, answers_yaml(PREVIOUS_RATINGS) + "date: 2025-11-20\n", "old.yaml")
    # 3.5 + 3.75 + 8/3 + 11/3 + 14/3 + 3.6 + 3 = 24.85, so the total rose by 2.15.
    assert before.total == Fraction(2485, 100)
    out = tmp_path / "r.pdf"
    out.write_bytes(render_report(now, ReportFormat.pdf, before))  # type: ignore[arg-type]
    text = pdf_text(out)
    assert "Total 27.00 / 35 +2.15 since the previous audit" in text
    for n, (title, figure) in enumerate(
        [
            ("Company culture", "4.00 (+0.50)"),
            ("Products and sales materials", "4.00 (+0.25)"),
            ("Customer feedback", "3.33 (+0.67)"),
            ("Knowing your customers", "3.67 (0.00)"),
            ("Ease of contact", "4.33 (-0.33)"),
            ("Your staff", "4.00 (+0.40)"),
            ("Continuous improvement", "3.67 (+0.67)"),
        ],
        start=1,
    ):
        assert f"{n}. {title} {figure}" in text
    # The answers table gains a column with the previous rating.
    assert "1. Company culture Section score 4.00 (+0.50) Previous" in text
    assert (
        "1.3 As the owner, I lead by example in showing that customer service matters. 4 Often 3"
        in text
    )
    assert "Grey bars and marker: the previous audit (2025-11-20)." in text


def test_previous_audit_adds_a_second_series_to_html(builtin: Questionnaire) -> None:
    now = scored(builtin, EXAMPLE_YAML)
    before = scored(builtin, answers_yaml(PREVIOUS_RATINGS), "old.yaml")
    page = render_report(now, ReportFormat.html, before)
    alone = render_report(now, ReportFormat.html)
    assert isinstance(page, str) and isinstance(alone, str)
    assert page.count('height="4" fill="#9e9e9e"') == 7
    assert alone.count('fill="#9e9e9e"') == 0
    assert ">3.33 (+0.67)</text>" in page
    assert ">4.33 (-0.33)</text>" in page
    assert 'Section score 4.00 (+0.50)</th><th class="rating">Previous</th>' in page
    assert "Grey bars and marker: the previous audit (old.yaml)." in page


def test_output_is_not_overwritten_without_force(
    tmp_path: Path, cli: Invoke, example_file: Path
) -> None:
    out = tmp_path / "r.html"
    out.write_text("keep", encoding="utf-8")
    result = cli("report", example_file, "-f", "html", "-o", out)
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8") == "keep"
    assert cli("report", example_file, "-f", "html", "-o", out, "--force").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_pdf_report_to_standard_output(cli: Invoke, example_file: Path) -> None:
    result = cli("report", example_file)
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"%PDF-1.")


def test_renderers_take_a_custom_scale(mini: Questionnaire) -> None:
    result = scored(mini, "questionnaire: mini\nanswers:\n  speed: [0, 3]\n  care: [1, 2, 3]\n")
    page = render_report(result, ReportFormat.html)
    assert isinstance(page, str)
    # 1.50 + 2.00 = 3.50: exactly on the threshold, so "Good".
    assert '<div class="big">3.50<small>&nbsp;/&nbsp;6</small></div>' in page
    assert ">Good</div>" in page
    assert "<b>0</b> <span>Not at all</span>" in page


@pytest.mark.parametrize("lang", ["en", "fi", "sk"])
def test_the_html_gauge_shows_every_band_label_whole(
    lang: str, cli: Invoke, example_file: Path
) -> None:
    from custserv_audit.schema.definition import load_questionnaire

    html = cli("report", example_file, "--format", "html", "--lang", lang).stdout
    gauge = html.split("<svg", 2)[1]  # the first drawing is the total's bar
    words = " ".join(re.findall(r'text-anchor="middle" fill="[^"]+">([^<]*)</text>', gauge))
    assert "…" not in words
    for band in load_questionnaire(None, lang).bands:
        assert band.label in words, band.label

"""The HTML report printed from a browser takes two pages, as the PDF report does, with
three weak areas and the previous audit's column (Chromium's own print; skipped without
a Chromium on the machine), on A4 and on Letter."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import Invoke
from documents_support import pdf_pages

BROWSER = next(
    (shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)),
    None,
)

THREE_WEAK = """\
questionnaire: customer-orientation
respondent: "Kahvila Mänty Oy"
date: {date}
answers:
  culture: [5, 4, 4, 3]
  products: [4, 4, 5, 3]
  feedback: [{feedback}]
  knowledge: [3, 2, 2]
  accessibility: [2, 2, 3]
  staff: [4, 4, 4, 3, 5]
  improvement: [3, 4, 4]
"""


def print_from_browser(page: Path, pdf: Path, profile: Path) -> None:
    assert BROWSER is not None
    subprocess.run(
        [
            BROWSER, "--headless", "--no-sandbox", "--disable-gpu",
            f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", page.as_uri(),
        ],
        capture_output=True, timeout=180, check=True,
    )  # fmt: skip


@pytest.mark.skipif(BROWSER is None, reason="no Chromium to print the HTML report with")
@pytest.mark.parametrize(("lang", "paper"), [("en", "a4"), ("fi", "letter"), ("sk", "letter")])
def test_the_printed_html_report_takes_two_pages(
    cli: Invoke, tmp_path: Path, lang: str, paper: str
) -> None:
    early, late = tmp_path / "early.yaml", tmp_path / "late.yaml"
    early.write_text(THREE_WEAK.format(date="2026-05-01", feedback="3, 3, 2"), encoding="utf-8")
    late.write_text(THREE_WEAK.format(date="2026-11-25", feedback="2, 3, 2"), encoding="utf-8")
    db, page, pdf = tmp_path / "h.sqlite3", tmp_path / "r.html", tmp_path / "printed.pdf"
    assert cli("score", str(early), "--record", "--db", str(db), "-f", "json").exit_code == 0
    made = cli(
        "report", str(late), "-f", "html", "-o", str(page), "--db", str(db),
        "--lang", lang, "--paper", paper,
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    print_from_browser(page, pdf, tmp_path / "profile")
    assert pdf_pages(pdf) == 2
    text = page.read_text(encoding="utf-8")
    assert text.count("<h3>") == 3  # three weak areas


# The longest advice ties: three weak areas with the most text, five statements in one.
@pytest.mark.parametrize("weak", [("feedback", "knowledge", "accessibility"),
                                  ("culture", "accessibility", "staff")])  # fmt: skip
@pytest.mark.parametrize("lang", ["en", "fi", "sk"])
def test_the_pdf_report_of_the_longest_advice_takes_two_pages_on_letter(
    tmp_path: Path, lang: str, weak: tuple[str, ...]
) -> None:
    from conftest import EXAMPLE_RATINGS, answers_yaml

    from custserv_audit.render.documents import Paper, ReportFormat, render_report
    from custserv_audit.schema.answers import load_answers
    from custserv_audit.schema.definition import load_questionnaire
    from custserv_audit.scoring import score

    q = load_questionnaire(None, lang)
    ratings = {s: [2 if s in weak else 4] * len(r) for s, r in EXAMPLE_RATINGS.items()}
    earlier = {**ratings, weak[0]: [3] * len(ratings[weak[0]])}
    result, previous = (
        score(q, load_answers(answers_yaml(r, respondent="Kahvila Mänty Oy").encode(), "a", q))
        for r in (ratings, earlier)
    )
    assert len(result.weakest) == 3
    pdf = tmp_path / "r.pdf"
    data = render_report(result, ReportFormat.pdf, previous, paper=Paper.letter)
    assert isinstance(data, bytes)
    pdf.write_bytes(data)
    assert pdf_pages(pdf) == 2


@pytest.mark.skipif(BROWSER is None, reason="no Chromium to print the HTML form with")
def test_the_printed_finnish_letter_form_takes_two_pages(cli: Invoke, tmp_path: Path) -> None:
    page, pdf = tmp_path / "lomake.html", tmp_path / "printed.pdf"
    made = cli("form", "-o", str(page), "--lang", "fi", "--paper", "letter")
    assert made.exit_code == 0, made.output
    print_from_browser(page, pdf, tmp_path / "profile")
    assert pdf_pages(pdf) == 2

"""`custserv-audit form`: the blank printable form in PDF, HTML and Markdown."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ASSETS, Invoke
from documents_support import (
    ESCAPED,
    HOSTILE_TEXTS,
    hostile_questionnaire,
    pdf_fonts,
    pdf_page_size,
    pdf_pages,
    pdf_text,
)

from custserv_audit.errors import UsageError
from custserv_audit.i18n import gettext_for
from custserv_audit.output import check_document_target
from custserv_audit.render import documents
from custserv_audit.render.documents import FormFormat, Paper, band_range, render_form
from custserv_audit.schema.definition import load_questionnaire

LANGS = ("en", "fi", "sk")


@pytest.fixture(scope="module")
def form_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The built-in A4 form in every language, rendered once for the module."""
    folder = tmp_path_factory.mktemp("forms")
    out = {}
    for lang in LANGS:
        path = folder / f"form-{lang}.pdf"
        path.write_bytes(render_form(load_questionnaire(None, lang), FormFormat.pdf))  # type: ignore[arg-type]
        out[lang] = path
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_form_holds_every_text_needed_to_fill_it_in_and_score_it(
    form_pdfs: dict[str, Path], lang: str
) -> None:
    q = load_questionnaire(None, lang)
    _ = gettext_for(lang)
    text = pdf_text(form_pdfs[lang])
    assert q.title in text
    assert " ".join(q.instructions.split()) in text
    for word in (_("Company"), _("Respondent"), _("Date")):
        assert word in text
    for n, section in enumerate(q.sections, start=1):
        assert f"{n}. {section.title}" in text
        assert section.theme in text
        for i, item in enumerate(section.items, start=1):
            # The statement, its number and the five tick boxes labelled 1-5 after it.
            assert f"{n}.{i} {item.text} 1 2 3 4 5" in text
        assert f"÷ {len(section.items)} =" in text
    legend = " · ".join(f"{p.value} = {p.label}" for p in q.scale.points)
    assert text.count(legend) == pdf_pages(form_pdfs[lang])  # at the top of every page
    for band in q.bands:
        assert band_range(band, _, q.language) in text
        assert band.label in text
        assert " ".join(band.meaning.split()) in text
    assert _("Total ({low} to {high})").format(low=7, high=35) in text


def test_pdf_form_states_the_band_thresholds_in_words(form_pdfs: dict[str, Path]) -> None:
    text = pdf_text(form_pdfs["en"])
    assert "28 or more Service is an asset" in text
    assert "21 to under 28 Adequate, but needs work" in text
    assert "under 21 Losing customers" in text
    assert "1 = Never / not at all · 2 = Rarely · 3 = Sometimes · 4 = Often · 5 = Always" in text


@pytest.mark.parametrize("lang", ["fi", "sk"])
def test_every_letter_of_the_questionnaire_comes_out_of_the_pdf(
    form_pdfs: dict[str, Path], lang: str
) -> None:
    q = load_questionnaire(None, lang)
    texts = [q.title, q.instructions, *(p.label for p in q.scale.points)]
    for section in q.sections:
        texts += [section.title, section.theme, *(item.text for item in section.items)]
    for band in q.bands:
        texts += [band.label, band.meaning]
    letters = {ch for t in texts for ch in t if not ch.isascii()}
    assert len(letters) >= 4  # fi: ä ö – ”; sk has many more
    text = pdf_text(form_pdfs[lang])
    assert sorted(ch for ch in letters if ch not in text) == []


ALL_DIACRITICS = "ä ö å Ä Ö Å č ď ľ ĺ ň ŕ š ť ž ô Č Ď Ľ Ĺ Ň Ŕ Š Ť Ž Ô á é í ó ú ý"


def test_every_finnish_and_slovak_letter_renders(tmp_path: Path, cli: Invoke) -> None:
    definition = (ASSETS / "mini.yaml").read_text(encoding="utf-8")
    custom = tmp_path / "letters.yaml"
    custom.write_text(
        definition.replace('"We greet every customer."', f'"Letters: {ALL_DIACRITICS}"'),
        encoding="utf-8",
    )
    out = tmp_path / "letters.pdf"
    assert cli("form", "-q", custom, "-o", out).exit_code == 0
    assert f"Letters: {ALL_DIACRITICS}" in pdf_text(out)


@pytest.mark.parametrize("lang", LANGS)
def test_the_font_is_embedded_and_no_other_font_is_used(
    form_pdfs: dict[str, Path], lang: str
) -> None:
    fonts = pdf_fonts(form_pdfs[lang])
    assert sorted(name.split("+")[-1] for name, _emb in fonts) == [
        "DejaVuSans",
        "DejaVuSans-Bold",
    ]
    assert all(emb == "yes" for _name, emb in fonts)


@pytest.mark.parametrize("lang", LANGS)
def test_the_builtin_a4_form_fits_the_page_budget(form_pdfs: dict[str, Path], lang: str) -> None:
    assert pdf_pages(form_pdfs[lang]) <= 3
    width, height = pdf_page_size(form_pdfs[lang])
    assert (round(width), round(height)) == (595, 842)


@pytest.mark.parametrize("lang", LANGS)
def test_no_section_splits_across_pages(form_pdfs: dict[str, Path], lang: str) -> None:
    q = load_questionnaire(None, lang)
    pdf = form_pdfs[lang]
    pages = [pdf_text(pdf, page) for page in range(1, pdf_pages(pdf) + 1)]
    for n, section in enumerate(q.sections, start=1):
        holding = [i for i, page in enumerate(pages) if f"{n}. {section.title}" in page]
        assert holding, section.id
        page = pages[holding[0]]
        for item in section.items:
            assert item.text in page, (section.id, item.id)


def test_letter_paper(tmp_path: Path, cli: Invoke) -> None:
    out = tmp_path / "letter.pdf"
    result = cli("form", "--paper", "letter", "--output", out)
    assert result.exit_code == 0
    assert pdf_page_size(out) == (612.0, 792.0)
    assert pdf_pages(out) <= 3


def test_custom_scale_and_fractional_threshold(tmp_path: Path, cli: Invoke) -> None:
    out = tmp_path / "mini.pdf"
    assert cli("form", "-q", ASSETS / "mini.yaml", "-o", out).exit_code == 0
    text = pdf_text(out)
    # Scale 0-3: four tick boxes labelled 0 to 3 after every statement.
    assert "1.1 We answer the phone quickly. 0 1 2 3" in text
    assert "2.3 We thank customers for complaints. 0 1 2 3" in text
    assert "0 = Not at all · 1 = A little · 2 = Mostly · 3 = Fully" in text
    assert "÷ 2 =" in text
    assert "÷ 3 =" in text
    assert "Total (0 to 6)" in text
    assert "3.5 or more Good" in text
    assert "under 3.5 Weak" in text


def test_hostile_texts_are_intact_in_pdf(tmp_path: Path, cli: Invoke) -> None:
    q = hostile_questionnaire(tmp_path)
    out = tmp_path / "hostile.pdf"
    assert cli("form", "-q", q, "-o", out).exit_code == 0
    text = pdf_text(out)
    # A long band label may wrap inside "alert(1)</script>", so compare without whitespace.
    squeezed = "".join(text.split())
    for value in HOSTILE_TEXTS:
        assert "".join(value.split()) in squeezed, value
    assert HOSTILE_TEXTS[2] in text
    assert "1 = Never <i> · 2 = Two & two · 3 = Three \"q\" · 4 = Four 'q'" in text
    assert "1 2 3 4 5 6 7" in text
    assert "10.5 or more" in text


def test_hostile_texts_are_escaped_in_html(tmp_path: Path, cli: Invoke) -> None:
    q = hostile_questionnaire(tmp_path)
    result = cli("form", "-q", q, "--format", "html")
    assert result.exit_code == 0
    page = result.stdout
    assert "<script" not in page
    for raw in ("<em>", "<b>bold", "Never <i>", "Seven </td>"):
        assert raw not in page, raw
    assert f"Statement one {ESCAPED}" in page
    assert "Statement two | with a pipe &amp; an &amp;amp; entity" in page
    assert f"<title>Title {ESCAPED}</title>" in page
    assert "Seven &lt;/td&gt;" in page


def test_html_form_is_self_contained_with_print_css(cli: Invoke) -> None:
    page = cli("form", "--format", "html", "--lang", "sk").stdout
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="sk">' in page
    # Nothing is fetched: no links, scripts, images, imported styles or remote fonts.
    for needle in ("http://", "https://", "<link", "<script", "<img", "@import", "url("):
        assert needle not in page, needle
    assert "@page { size: A4;" in page
    assert "break-inside: avoid" in page
    assert page.count('<section class="keep">') == 7 + 2
    assert page.count('<span class="tick">') == 25 * 5
    assert "Ako majiteľ/ka idem príkladom a dávam najavo, že na zákazníckom servise záleží." in page


def test_html_form_letter_paper(cli: Invoke) -> None:
    assert "@page { size: letter;" in cli("form", "-f", "html", "--paper", "letter").stdout


@pytest.mark.usefixtures("builtin")
def test_markdown_form_reads_as_tables(cli: Invoke) -> None:
    text = cli("form", "--format", "markdown").stdout
    lines = text.splitlines()
    assert lines[0] == "# Customer orientation self-assessment"
    assert "## 1. Company culture" in lines
    assert "| # | Statement | 1 Never / not at all | 2 | 3 | 4 | 5 Always |" in lines
    assert (
        "| 1.1 | We are committed to doing whatever it takes to create satisfied customers. "
        "| [ ] | [ ] | [ ] | [ ] | [ ] |"
    ) in lines
    assert sum(1 for line in lines if line.endswith("| [ ] | [ ] | [ ] | [ ] | [ ] |")) == 25
    assert "Sum `______` ÷ 4 = `______` section score" in lines
    assert (
        "| 28 or more | **Service is an asset** | Your customer service is a real strength: "
        "you respond quickly and tailor your service to what customers need. Keep working on "
        "the specific sections where you scored lowest. |" in lines
    )
    assert "| **Total (7 to 35)** | |" in lines


def test_markdown_form_escapes_markup_and_keeps_table_columns(tmp_path: Path, cli: Invoke) -> None:
    text = cli("form", "-q", hostile_questionnaire(tmp_path), "-f", "markdown").stdout
    assert "<script>" not in text
    assert '# Title \\<script\\>alert(1)\\</script\\> Tom & Jerry\'s "best"' in text.splitlines()
    row = next(line for line in text.splitlines() if line.startswith("| 1.2 |"))
    assert row == (
        "| 1.2 | Statement two \\| with a pipe & an \\&amp; entity "
        "| [ ] | [ ] | [ ] | [ ] | [ ] | [ ] | [ ] |"
    )
    # Every statement row has the same number of unescaped cell separators as the header.
    header = next(line for line in text.splitlines() if line.startswith("| # |"))
    cells = re.compile(r"(?<!\\)\|")
    for line in text.splitlines():
        if re.match(r"\| \d+\.\d+ \|", line):
            assert len(cells.findall(line)) == len(cells.findall(header))


def test_output_file_is_not_overwritten_without_force(tmp_path: Path, cli: Invoke) -> None:
    out = tmp_path / "form.pdf"
    out.write_bytes(b"keep me")
    result = cli("form", "--output", out)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {out}: already exists (use --force to replace it)\n"
    assert out.read_bytes() == b"keep me"
    assert cli("form", "--output", out, "--force").exit_code == 0
    assert out.read_bytes().startswith(b"%PDF-")
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind


def test_pdf_goes_to_standard_output_when_it_is_not_a_terminal(cli: Invoke) -> None:
    result = cli("form")
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"%PDF-1.")
    assert result.stdout_bytes.rstrip().endswith(b"%%EOF")


def test_pdf_is_refused_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Terminal())
    with pytest.raises(UsageError, match="give --output FILE"):
        check_document_target(True, None, False, "en")
    check_document_target(False, None, False, "en")  # HTML and Markdown are text: fine


def test_every_format_choice_has_a_renderer() -> None:
    q = load_questionnaire(None, "en")
    for fmt in documents.FormFormat:
        out = render_form(q, fmt, Paper.a4)
        binary = fmt in (FormFormat.pdf, FormFormat.xlsform)
        assert isinstance(out, bytes if binary else str)
        assert out


def test_pdf_output_is_reproducible() -> None:
    q = load_questionnaire(None, "fi")
    assert render_form(q, FormFormat.pdf) == render_form(q, FormFormat.pdf)


def test_other_commands_do_not_import_reportlab(tmp_path: Path) -> None:
    spec = tmp_path / "a.yaml"
    spec.write_text(
        "questionnaire: customer-orientation\nanswers:\n  culture: [5, 4, 4, 3]\n"
        "  products: [4, 4, 5, 3]\n  feedback: [3, 3, 4]\n  knowledge: [4, 4, 3]\n"
        "  accessibility: [5, 4, 4]\n  staff: [4, 4, 4, 3, 5]\n  improvement: [3, 4, 4]\n",
        encoding="utf-8",
    )
    code = (
        "import sys\n"
        "from custserv_audit.cli import app\n"
        "try:\n"
        f"    app(['score', '--format', 'json', {str(spec)!r}, '--lang', 'en'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write(str(sorted(m for m in sys.modules if m.startswith('reportlab'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr == "[]"
    assert '"total": 27.0' in done.stdout

"""Shared HTML pieces: escaping, the page shell and the print stylesheet.

Every document is one self-contained file: inline CSS and SVG, no scripts, no
fonts or images fetched from the network. Print CSS mirrors the PDF layout
(paper size, margins, sections kept whole on a page).
"""

from __future__ import annotations

import html

from . import PAPER_CSS, Paper

BASE_CSS = """
* { box-sizing: border-box; }
html { background: #e8e8e8; }
body {
  margin: 0; color: #1a1a1a;
  font-family: "DejaVu Sans", "Verdana", "Segoe UI", "Helvetica Neue", Arial, sans-serif;
  font-size: 9.5pt; line-height: 1.25;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
  /* Long words break at syllables of the page's language (html lang), never mid-syllable. */
  -webkit-hyphens: auto; hyphens: auto;
}
.page {
  max-width: 180mm; margin: 8mm auto; padding: 13mm 15mm 15mm; background: #fff;
  box-shadow: 0 1px 4px rgba(0, 0, 0, .25);
}
h1 { font-size: 15pt; margin: 0 0 4pt; }
h2 { font-size: 11pt; margin: 8pt 0 1pt; }
h3 { font-size: 10pt; margin: 8pt 0 2pt; }
p { margin: 0 0 4pt; }
.muted { color: #555; }
.small { font-size: 8.5pt; }
.tiny { font-size: 7.5pt; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 3pt 2pt; }
.grid th, .grid td { border: 0.5pt solid #8a8a8a; padding: 3pt 4pt 4pt; }
.grid thead th { background: #f0f0f0; font-size: 8.5pt; }
.keep { break-inside: avoid; page-break-inside: avoid; }
footer { margin-top: 10pt; font-size: 7.5pt; color: #555; }
@media print {
  html { background: none; }
  .page { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  a { color: inherit; text-decoration: none; }
}
"""


def esc(text: str) -> str:
    """Questionnaire or answer text escaped for HTML (element content and attributes)."""
    return html.escape(text, quote=True)


def page(title: str, lang: str, body: str, css: str, paper: Paper) -> str:
    """A complete HTML document: `body` is already-escaped markup."""
    at_page = f"@page {{ size: {PAPER_CSS[paper]}; margin: 13mm 15mm 15mm; }}"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="custserv-audit">\n'
        f"<title>{esc(title)}</title>\n"
        f"<style>\n{at_page}\n{BASE_CSS}{css}</style>\n</head>\n"
        f'<body>\n<main class="page">\n{body}</main>\n</body>\n</html>\n'
    )

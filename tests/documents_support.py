"""Helpers for the form and report tests: poppler's tools and a hostile questionnaire."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest


def poppler(tool: str) -> str:
    """The path of a poppler-utils tool; the tests need it and say so instead of skipping."""
    path = shutil.which(tool)
    if path is None:
        pytest.fail(
            f"{tool} is not installed: the PDF tests need poppler-utils "
            "(apt-get install poppler-utils)"
        )
    return path


def pdf_text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    """The PDF's text in content order (`pdftotext -raw`), whitespace collapsed to single spaces."""
    args = [poppler("pdftotext"), "-raw", "-enc", "UTF-8"]
    if first is not None:
        args += ["-f", str(first), "-l", str(last if last is not None else first)]
    out = subprocess.run([*args, str(pdf), "-"], capture_output=True, check=True).stdout
    return " ".join(out.decode("utf-8").split())


def pdf_pages(pdf: Path) -> int:
    """The number of pages (`pdfinfo`)."""
    out = subprocess.run([poppler("pdfinfo"), str(pdf)], capture_output=True, check=True, text=True)
    match = re.search(r"^Pages:\s+(\d+)$", out.stdout, re.M)
    assert match, out.stdout
    return int(match.group(1))


def pdf_page_size(pdf: Path) -> tuple[float, float]:
    """Width and height of page 1 in points (`pdfinfo`)."""
    out = subprocess.run([poppler("pdfinfo"), str(pdf)], capture_output=True, check=True, text=True)
    match = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", out.stdout, re.M)
    assert match, out.stdout
    return float(match.group(1)), float(match.group(2))


def pdf_fonts(pdf: Path) -> list[tuple[str, str]]:
    """(font name, embedded yes/no) of every font the PDF uses (`pdffonts`)."""
    out = subprocess.run(
        [poppler("pdffonts"), str(pdf)], capture_output=True, check=True, text=True
    )
    rows = []
    for line in out.stdout.splitlines()[2:]:
        fields = line.split()
        # name, type words..., encoding, emb, sub, uni, object, id: emb is the 5th from the end.
        rows.append((fields[0], fields[-5]))
    return rows


# The hostile text as it must appear in HTML.
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; Tom &amp; Jerry&#x27;s &quot;best&quot;"

# A custom questionnaire whose every text carries markup, an ampersand and both quotes;
# a 1-7 scale and a band threshold that is not a whole number.
HOSTILE_YAML = """\
id: hostile
title: "Title <script>alert(1)</script> Tom & Jerry's \\"best\\""
instructions: "Instructions <b>bold</b> & 'single' | pipe *star*"
scale:
  low: 1
  high: 7
  labels:
    1: "Never <i>"
    2: "Two & two"
    3: "Three \\"q\\""
    4: "Four 'q'"
    5: "Five"
    6: "Six"
    7: "Seven </td>"
sections:
  - id: alpha
    title: "Alpha <script>alert(1)</script> Tom & Jerry's \\"best\\""
    theme: "Theme & <em>emphasis</em>"
    items:
      - "Statement one <script>alert(1)</script> Tom & Jerry's \\"best\\""
      - "Statement two | with a pipe & an &amp; entity"
    advice:
      - "Advice <script>alert(1)</script> Tom & Jerry's \\"best\\""
  - id: beta
    title: "Beta section"
    theme: "Beta theme"
    items:
      - "Statement three"
bands:
  - id: high
    from: 10.5
    label: "High <script>alert(1)</script> Tom & Jerry's \\"best\\""
    meaning: "High meaning & more"
  - id: low
    below: 10.5
    label: "Low"
    meaning: "Low meaning"
"""


def hostile_questionnaire(folder: Path) -> Path:
    """Write the hostile questionnaire into `folder`; returns its path."""
    path = folder / "hostile.yaml"
    path.write_text(HOSTILE_YAML, encoding="utf-8")
    return path


HOSTILE_TEXTS = [
    'Title <script>alert(1)</script> Tom & Jerry\'s "best"',
    'Alpha <script>alert(1)</script> Tom & Jerry\'s "best"',
    'Statement one <script>alert(1)</script> Tom & Jerry\'s "best"',
    "Statement two | with a pipe & an &amp; entity",
    'High <script>alert(1)</script> Tom & Jerry\'s "best"',
    "Theme & <em>emphasis</em>",
]

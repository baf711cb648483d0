"""The team report's pages as a client gets them, in every language and on both papers:
one page per shown group, no empty page, no text outside the margins, a readable group
radar, no English left in a Finnish or Slovak report. Read back with `pdftotext -bbox`."""

from __future__ import annotations

import csv
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from conftest import Invoke

from custserv_audit.i18n import gettext_for
from custserv_audit.schema.definition import load_questionnaire

ITEMS = [i.id for s in load_questionnaire(None, "en").sections for i in s.items]
# Six teams with long names, one too small to be shown (2 < --min-group 3).
TEAMS = {
    "Customer care": 16,
    "Sales": 14,
    "Logistics": 12,
    "Finance": 11,
    "Marketing": 10,
    "Board": 2,
}
SHOWN = [t for t, n in TEAMS.items() if n >= 3]
MARGIN = 15 * 72 / 25.4  # the PDF's side margins, 15 mm


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    y0: float
    y1: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def body(self) -> list[Word]:
        """The words above the footer line."""
        return [w for w in self.words if w.y1 < self.height - 15 * 72 / 25.4]


def read_pages(path: Path) -> list[Page]:
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = []
    for chunk in out.split("<page ")[1:]:
        size = re.match(r'width="([\d.]+)" height="([\d.]+)"', chunk)
        assert size is not None
        words = [
            Word(t, float(a), float(b), float(c), float(d))
            for a, c, b, d, t in re.findall(
                r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', chunk
            )
        ]
        pages.append(Page(float(size[1]), float(size[2]), words))
    return pages


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("layout") / "export.csv"
    rng = np.random.default_rng(11)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["respondent", "team", *ITEMS])
        n = 0
        for team, size in TEAMS.items():
            level = 3.4 + rng.normal(scale=0.5) + rng.normal(size=(size, 1)) * 0.5
            data = np.clip(np.rint(level + rng.normal(size=(size, 25)) * 0.8), 1, 5)
            for row in data.astype(int).tolist():
                n += 1
                writer.writerow([f"R{n}", team, *row])
    return path


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("lang", ["en", "fi", "sk"])
def test_a_page_per_group_and_nothing_cut(
    cli: Invoke, export: Path, tmp_path: Path, lang: str, paper: str
) -> None:
    target = tmp_path / f"team-{lang}-{paper}.pdf"
    result = cli(
        "report", export, "--group-by", "team", "--lang", lang, "--paper", paper, "-o", target
    )
    assert result.exit_code == 0, result.output
    pages = read_pages(target)
    _ = gettext_for(lang)
    subtitle = _("Group by {field}").format(field="team")
    # Each shown group is exactly one page, in order, at the end; the overall part before
    # them is at most three pages.
    starts = [i for i, p in enumerate(pages) if subtitle in p.text]
    assert len(pages) - len(SHOWN) <= 3
    assert starts == list(range(len(pages) - len(SHOWN), len(pages)))
    for page, team in zip(pages[starts[0] :], sorted(SHOWN), strict=True):
        assert page.text.startswith(f"{team} {subtitle}"), page.text[:80]
    for number, page in enumerate(pages, start=1):
        assert page.body(), f"page {number} is empty"
        for word in page.words:  # a glyph's box may pass its advance by a point or two
            assert word.x0 >= MARGIN - 3 and word.x1 <= page.width - MARGIN + 4, (number, word)
    if lang != "en":
        english = ["Group by", "Respondents", "Everyone", "Lowest statements", "Total", "Page"]
        text = " ".join(p.text for p in pages)
        assert not [w for w in english if re.search(rf"\b{w}\b", text)], text


def test_group_radar_is_five_sixths_of_the_overall_one(
    cli: Invoke, export: Path, tmp_path: Path
) -> None:
    target = tmp_path / "team.pdf"
    assert cli("report", export, "--group-by", "team", "-o", target).exit_code == 0
    pages = read_pages(target)

    def spokes(page: Page) -> float:
        """From the first axis label (top spoke) down to the fourth (the lowest, at the foot)."""
        at = next(i for i, w in enumerate(page.words) if w.text == "Company")
        foot = next(w for w in page.words[at:] if w.text == "Knowing")  # drawn before the table
        return foot.y0 - page.words[at].y0

    overall = spokes(pages[0])
    group = spokes(next(p for p in pages if p.text.startswith("Customer care Group by")))
    # Radii 108 and 90 points (0.83), plus the same label offsets on both.
    assert 0.8 < group / overall < 0.88, (group, overall)


def test_html_group_radar_is_full_size_on_screen(cli: Invoke, export: Path, tmp_path: Path) -> None:
    target = tmp_path / "team.html"
    assert cli("report", export, "--group-by", "team", "-o", target).exit_code == 0
    page = target.read_text(encoding="utf-8")
    radars = re.findall(r"<svg viewBox=\"([^\"]+)\" role=\"img\" font-size=\"11\"([^>]*)>", page)
    assert len(radars) == 1 + len(SHOWN)
    assert {box for box, _ in radars} == {radars[0][0]}  # one size on screen
    assert [extra for _, extra in radars[1:]] == [' class="group"'] * len(SHOWN)
    assert "max-width" not in page.split("<body>", 1)[1]
    # A group's band shares stand in its chart's key, the counts kept with their share.
    chart = page.split('class="group"', 1)[1].split("</svg>", 1)[0]
    assert "Respondents by band" in chart and re.search(r"\d+\u00a0\(\d+\u00a0%\)", chart)

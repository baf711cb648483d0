"""The team report (`report INPUTS --group-by`): its figures read back from the PDF and the
HTML are the summary's (`score --summary-only --format json`); `--each` writes one per person."""

from __future__ import annotations

import csv
import html
import json
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from conftest import Invoke

from custserv_audit.schema.definition import load_questionnaire

Q = load_questionnaire(None, "en")
ITEMS = [i.id for s in Q.sections for i in s.items]
TEAMS = {"Sales": 14, "Care": 12, "Stock": 11, "Board": 2}


def write_export(path: Path, seed: int = 3, shift: float = 0.0, date: str = "") -> None:
    rng = np.random.default_rng(seed)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["respondent", "team", *ITEMS, *(["date"] if date else [])])
        n = 0
        for team, size in TEAMS.items():
            level = rng.normal(size=(size, 1)) * 0.6
            data = np.clip(np.rint(3.3 + shift + level + rng.normal(size=(size, 25))), 1, 5)
            for row in data.astype(int).tolist():
                n += 1
                writer.writerow([f"P{n}", team, *row, *([date] if date else [])])


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("team")
    write_export(folder / "export.csv")
    write_export(folder / "before.csv", seed=9, shift=-0.4)
    return folder


def summary_json(cli: Invoke, folder: Path) -> dict:  # type: ignore[type-arg]
    out = cli(
        "score", folder / "export.csv", "--group-by", "team", "--summary-only", "-f", "json"
    ).stdout
    return json.loads(out)["summary"]  # type: ignore[no-any-return]


def pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [" ".join(page.split()) for page in text.split("\f")]


def html_text(path: Path) -> str:
    body = path.read_text(encoding="utf-8")
    body = re.sub(r"<svg.*?</svg>", " ", body, flags=re.S)
    body = re.sub(r"<style.*?</style>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def figures(group: dict) -> list[str]:  # type: ignore[type-arg]
    """The figures a group's page must show, written as the report writes them."""
    ci = group["total"]["ci"]
    shown = [
        f"{group['total']['mean']:.2f} / 35",
        f"{ci['low']:.2f}–{ci['high']:.2f}",
        *(f"{s['mean']:.2f}" for s in group["sections"]),
        *(f"{s['ci']['low']:.2f}–{s['ci']['high']:.2f}" for s in group["sections"]),
    ]
    for statement in group["lowest_statements"]:
        shown.append(f"{round(statement['bottom_share'] * 100)} %")
    return shown


def test_pdf_figures_are_the_summary(cli: Invoke, export: Path) -> None:
    summary = summary_json(cli, export)
    target = export / "team.pdf"
    result = cli("report", export / "export.csv", "--group-by", "team", "-o", target, "--force")
    assert result.exit_code == 0, result.output
    pages = pdf_pages(target)
    first = pages[0]
    assert "Team report" in first and f"{summary['count']}" in first
    for band in summary["bands"]:
        assert f"{band['label']}: {band['count']} ({round(band['share'] * 100)} %)" in first
    everyone = first + next(p for p in pages if p.startswith("Everyone"))
    for value in figures(summary):
        assert value in everyone, value
    for group in summary["groups"]:
        page = next((p for p in pages if p.startswith(f"{group['group']} Group by team")), None)
        if group["withheld"]:
            assert page is None
            assert any(f"{group['group']}: {group['count']} respondents" in p for p in pages)
            continue
        assert page is not None, group["group"]
        for value in figures(group):
            assert value in page, (group["group"], value)
    # The sections-by-group table holds every shown group's section means.
    table = next(p for p in pages if "Sections by group" in p)
    for group in summary["groups"]:
        if not group["withheld"]:
            assert f"{group['sections'][0]['mean']:.2f}" in table


def test_html_figures_are_the_summary(cli: Invoke, export: Path) -> None:
    summary = summary_json(cli, export)
    target = export / "team.html"
    cli(
        "report", export / "export.csv", "--group-by", "team", "-f", "html", "-o", target, "--force"
    )
    raw = target.read_text(encoding="utf-8")
    assert raw.count("<svg") >= 1 + 2 * 3 and "<polygon" in raw  # charts are vectors
    text = html_text(target)
    for value in figures(summary):
        assert value in text, value
    for group in summary["groups"]:
        if group["withheld"]:
            assert f"{group['group']} Group by team" not in text
            continue
        part = text.split(f"{group['group']} Group by team", 1)[1][:3000]
        for value in figures(group):
            assert value in part, (group["group"], value)


def test_charts_are_vector_graphics(cli: Invoke, export: Path) -> None:
    target = export / "vector.pdf"
    cli("report", export / "export.csv", "--group-by", "team", "-o", target, "--force")
    images = subprocess.run(
        ["pdfimages", "-list", str(target)], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    assert len(images) == 2  # the header lines only: no raster image anywhere


def test_norm_previous_wave_and_finnish(cli: Invoke, export: Path) -> None:
    norm = export / "norm.json"
    cli("norms", "build", export / "before.csv", "--output", norm, "--force")
    summary = json.loads(
        cli("score", export / "export.csv", "--norms", norm, "--summary-only", "-f", "json").stdout
    )["summary"]
    target = export / "fi.pdf"
    result = cli(
        "report", export / "export.csv", "--group-by", "team", "--norms", norm,
        "--previous", export / "before.csv", "--lang", "fi", "-o", target, "--force",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = " ".join(pdf_pages(target))
    assert "Tiimiraportti" in text
    assert "Edellinen kierros (39 vastaajaa)" in text
    total = f"{summary['percentiles']['total']:.1f}".replace(".", ",")
    assert total in text
    assert f"{summary['total']['mean']:.2f}".replace(".", ",") in text


def test_each_writes_one_report_per_respondent(cli: Invoke, export: Path) -> None:
    folder = export / "each"
    result = cli(
        "report", export / "export.csv", "--each", "--output-dir", folder, "-f", "html", "--force"
    )
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in folder.iterdir())
    assert len(files) == sum(TEAMS.values()) and files[0] == "P1.html"
    assert "P7" in (folder / "P7.html").read_text(encoding="utf-8")
    again = cli("report", export / "export.csv", "--each", "--output-dir", folder, "-f", "html")
    assert again.exit_code == 1 and "--force" in again.stderr


def test_usage(cli: Invoke, export: Path) -> None:
    assert cli("report", export / "export.csv", "--each").exit_code == 2
    both = cli("report", export / "export.csv", "--each", "--output-dir", export, "-o", "x.pdf")
    assert both.exit_code == 2


def test_previous_wave_from_the_history(cli: Invoke, tmp_path: Path) -> None:
    """Without --previous, each respondent's earlier recorded audit makes the previous wave."""
    write_export(tmp_path / "q1.csv", seed=9, shift=-0.5, date="2026-03-02")
    write_export(tmp_path / "q2.csv", date="2026-06-01")
    assert cli("score", tmp_path / "q1.csv", "--record", "-f", "json").exit_code == 0
    target = tmp_path / "r.html"
    result = cli("report", tmp_path / "q2.csv", "--group-by", "team", "-f", "html", "-o", target)
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    key = " ".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", page))  # the chart key, wrapped
    assert "Previous audits (39, 2026-03-02 to 2026-03-02)" in key
    before = json.loads(cli("score", tmp_path / "q1.csv", "--summary-only", "-f", "json").stdout)[
        "summary"
    ]
    # The dashed polygon of the previous wave is drawn at the earlier wave's section means.
    assert page.count("<polygon") > 0 and f"{before['count']}" in page


def test_a_batch_on_standard_input_gets_the_team_report(cli: Invoke, export: Path) -> None:
    """Standard input is read once: a batch there still makes the whole team report."""
    data = (export / "export.csv").read_text(encoding="utf-8")
    result = cli("report", "-", "-f", "html", input=data)
    assert result.exit_code == 0, result.output
    assert "<h1>Team report</h1>" in result.stdout
    assert f"<b>{sum(TEAMS.values())}</b>" in result.stdout

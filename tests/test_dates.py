"""Dates as people read them: 25.11.2026 (fi), 25. 11. 2026 (sk), 2026-11-25 (en) on screens,
reports and plan documents; machine outputs (JSON, CSV, YAML, calendars) keep ISO dates."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import Invoke
from history_data import Q1, answers_yaml

from custserv_audit.render.dates import date_text

NATIVE = {"en": "2026-11-25", "fi": "25.11.2026", "sk": "25. 11. 2026"}


@pytest.mark.parametrize("lang", ["en", "fi", "sk"])
def test_a_date_is_written_as_the_language_writes_it(lang: str) -> None:
    assert date_text(dt.date(2026, 11, 25), lang) == NATIVE[lang]
    assert date_text("2026-11-25", lang) == NATIVE[lang]
    assert (
        date_text(dt.date(2027, 1, 5), lang)
        == {
            "en": "2027-01-05",
            "fi": "5.1.2027",
            "sk": "5. 1. 2027",
        }[lang]
    )
    # Nothing to show, or a text that is not an ISO date: as it is.
    assert date_text(None, lang, "—") == "—"
    assert date_text("", lang) == ""
    assert date_text("Q4 2026", lang) == "Q4 2026"
    assert date_text("2026-02-30", lang) == "2026-02-30"


@pytest.mark.parametrize("lang", ["fi", "sk"])
def test_reports_history_and_compare_show_native_dates(
    lang: str, cli: Invoke, example_file: Path, tmp_path: Path
) -> None:
    native, iso = NATIVE[lang], NATIVE["en"]
    report = cli("report", example_file, "--format", "html", "--lang", lang).stdout
    assert native in report and iso not in report
    db = tmp_path / "h.sqlite3"
    assert cli("score", example_file, "--record", "--db", db, "-f", "json").exit_code == 0
    table = cli("history", "--db", db, "--lang", lang).stdout
    assert native in table and iso not in table
    compared = cli("compare", example_file, example_file, "--lang", lang).stdout
    assert native in compared and iso not in compared
    # Machine formats keep the ISO date whatever the language.
    data = json.loads(cli("history", "--db", db, "--lang", lang, "--format", "json").stdout)
    assert iso in json.dumps(data) and native not in json.dumps(data)
    rows = cli("history", "--db", db, "--lang", lang, "--format", "csv").stdout
    assert iso in rows and native not in rows
    scored = cli("score", example_file, "--lang", lang, "-f", "csv").stdout
    assert native not in scored


def test_plans_show_native_dates_and_keep_iso_in_their_files(cli: Invoke, tmp_path: Path) -> None:
    answers, plan = tmp_path / "q1.yaml", tmp_path / "plan.yaml"
    answers.write_text(answers_yaml(Q1, "Kahvila Mänty Oy", "2026-02-15"), encoding="utf-8")
    made = cli("plan", answers, "--no-record", "-o", plan, "--today", "2026-02-20", "--lang", "sk")
    assert made.exit_code == 0, made.stderr
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("due: null", "due: 2026-03-01", 1), encoding="utf-8")
    assert "2026-02-15" in text and "15. 2. 2026" not in text  # the plan file: ISO
    shown = cli("plan", "show", plan, "--today", "2026-03-10").stdout
    assert "1. 3. 2026" in shown and "20. 2. 2026" in shown and "10. 3. 2026" in shown
    assert "2026-03-01" not in shown
    for fmt in ("markdown", "html"):
        document = cli("plan", plan, "--format", fmt, "--today", "2026-03-10").stdout
        assert "15. 2. 2026" in document and "1. 3. 2026" in document, fmt
        assert "2026-03-01" not in document, fmt

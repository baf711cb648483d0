"""Terminal tables fit the width without a cut word or number (or are stacked), and a
token such as "67 %" or "24.92 / 35" is never split across lines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import EXAMPLE_RATINGS, Invoke, answers_yaml
from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from custserv_audit.api import score_inputs
from custserv_audit.comparison import series_of
from custserv_audit.history.db import open_history
from custserv_audit.model import Result
from custserv_audit.render.dates import date_text
from custserv_audit.render.numbers import localise, score_text
from custserv_audit.render.text.fit import column_widths
from custserv_audit.render.text.history_table import history_view, respondents_view
from custserv_audit.render.text.safe_console import _STAND_INS, SafeConsole, keep_together
from custserv_audit.render.text.summary_table import TableSummaryRenderer, summary_view
from custserv_audit.render.text.table import result_view, to_text
from custserv_audit.schema.definition import load_questionnaire
from custserv_audit.summary import SummaryBuilder

ANSI = re.compile(r"\x1b\[[0-9;]*m")
NAMES = ["Kahvila Äijä ja pojat", "Rakennusliike Pitkänimi Oy", "Beta s.r.o. – Žilina", "Acme"]


def ratings(shift: int) -> dict[str, list[int]]:
    return {s: [min(5, max(1, r + shift)) for r in v] for s, v in EXAMPLE_RATINGS.items()}


@pytest.fixture
def answers(tmp_path: Path) -> list[Path]:
    files = []
    for n, name in enumerate(NAMES):
        path = tmp_path / f"a{n}.yaml"
        path.write_text(answers_yaml(ratings(n % 3 - 1), respondent=name), encoding="utf-8")
        files.append(path)
    return files


def whole(token: str, text: str) -> bool:
    """`token` stands in `text` with nothing of a number or word glued to either side."""
    return re.search(rf"(?<![\w.,]){re.escape(token)}(?![\w.,])", text) is not None


def check_lines(text: str, width: int) -> None:
    lines = ANSI.sub("", text).splitlines()
    assert max(cell_len(line) for line in lines) <= width
    assert "…" not in text
    assert not any(c in text for c in _STAND_INS)  # stand-ins never get out


@pytest.mark.parametrize("lang", ["en", "fi", "sk"])
@pytest.mark.parametrize("width", [60, 80, 100, 220])
def test_the_summary_fits_every_width_with_every_number_whole(
    answers: list[Path], width: int, lang: str
) -> None:
    q = load_questionnaire(None, lang)
    builder = SummaryBuilder(q)
    renderer = TableSummaryRenderer(builder, None, width=width)
    for outcome in score_inputs(answers, q):
        renderer.item(outcome)
    text = renderer.end()
    check_lines(text, width)
    summary = SummaryBuilder(q)
    for outcome in score_inputs(answers, q):
        summary.add_outcome(outcome)
    overall = summary.finish().overall
    for section, figures in zip(overall.sections, overall.figures.sections, strict=True):
        assert section.stats.mean is not None and figures.interval is not None
        assert whole(score_text(section.stats.mean, lang), text)
        low, high = figures.interval.low, figures.interval.high
        assert whole(localise(f"{low:.2f}–{high:.2f}", lang), text)
        for word in section.section.title.split():
            assert whole(word, text), word
    for band in q.bands:
        for word in band.label.split():
            assert whole(word, text), word
    assert overall.total.mean is not None and whole(score_text(overall.total.mean, lang), text)
    assert re.search(r"\(\d+ %\)", text)  # a share stays on one line with its sign


def test_a_terminal_summary_takes_the_terminal_width(
    answers: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    q = load_questionnaire(None, "fi")
    builder = SummaryBuilder(q)
    for outcome in score_inputs(answers, q):
        builder.add_outcome(outcome)
    summary = builder.finish()
    check_lines(to_text(summary_view(summary), color=True), 60)
    # Piped (not a terminal), the summary stays 100 columns wide whatever COLUMNS says.
    piped = to_text(summary_view(summary), color=False)
    assert max(cell_len(line) for line in piped.splitlines()) == 100


def test_columns_narrow_only_down_to_their_longest_word() -> None:
    table = Table()
    table.add_column("Name")
    table.add_column("Band")
    table.add_row("Kahvila Äijä ja pojat", "Riittävä, mutta kehitettävää on")
    console = SafeConsole(width=40)
    widths = column_widths(table, console, 40)
    assert widths is not None and sum(widths) + 3 <= 40
    assert widths[1] >= len("kehitettävää") + 2 and widths[0] >= len("Kahvila") + 2
    # Narrower than the two longest words side by side: no table, the rows are stacked.
    assert column_widths(table, console, 20) is None
    stacked = to_text(table, color=False, width=20)
    check_lines(stacked, 20)
    assert whole("kehitettävää", stacked) and "Band Riittävä," in stacked


@pytest.fixture
def history(tmp_path: Path, cli: Invoke) -> Path:
    """Three audits of each respondent, on three dates."""
    db = tmp_path / "h.sqlite3"
    for day in ("2026-01-15", "2026-06-15", "2026-11-15"):
        for n, name in enumerate(NAMES):
            text = answers_yaml(ratings(n % 3 - 1), respondent=name)
            path = tmp_path / f"h{n}-{day}.yaml"
            path.write_text(text + f"date: {day}\n", encoding="utf-8")
            assert cli("score", path, "--record", "--db", db, "--format", "json").exit_code == 0
    return db


@pytest.mark.parametrize("lang", ["en", "fi", "sk"])
@pytest.mark.parametrize("width", [60, 80, 100])
def test_history_views_cut_no_band_name_or_word(history: Path, width: int, lang: str) -> None:
    q = load_questionnaire(None, lang)
    with open_history(history, create=False) as db:
        records = db.records(None, [])
    series = series_of(records)
    everyone = to_text(respondents_view(series, q, lang), color=False, width=width)
    one = to_text(history_view(series[:1], q, lang), color=False, width=width)
    for text in (everyone, one):
        check_lines(text, width)
    for name in NAMES:
        assert all(whole(word, everyone) for word in name.split()), name
    for record in records:
        label = next(b.label for b in q.bands if b.id == record.band)
        if record.respondent == series[0].respondent:
            assert all(whole(word, one) for word in label.split()), label
            assert whole(score_text(record.total, lang), one)
            assert whole(date_text(record.date, lang), one)  # a date is never split
    for one_series in series:
        label = next(b.label for b in q.bands if b.id == one_series.records[-1].band)
        assert all(whole(word, everyone) for word in label.split()), label
        assert whole(date_text(one_series.records[-1].date, lang), everyone)


def test_rich_would_break_at_a_no_break_space_but_the_console_does_not() -> None:
    line = Text("aaaa bbbb 67\u00a0% cc")
    shown = to_text(line, color=False, width=12)
    assert "67\u00a0%" in shown.splitlines()[1]  # kept whole, printed as it was
    glued = to_text(Text("aaaa bbb " + keep_together("24,92 / 35")), color=False, width=12)
    assert glued.splitlines()[1] == "24,92 / 35"  # printed with ordinary spaces


@pytest.mark.parametrize("lang", ["en", "fi", "sk"])
def test_the_total_and_the_percentages_of_advice_never_split(
    answers: list[Path], lang: str
) -> None:
    q = load_questionnaire(None, lang)
    results = [o for o in score_inputs(answers, q) if isinstance(o, Result)]
    worst = min(results, key=lambda r: r.total)
    total = f"{score_text(worst.total, lang)} / {q.max_total}"
    for width in range(14, 30):
        assert total in to_text(result_view(worst), color=False, width=width), width
    for width in range(40, 101):
        text = to_text(result_view(worst), color=False, width=width)
        assert lang == "en" or "\u00a0%" in text  # the advice does quote shares
        starts = [ln for ln in text.splitlines() if re.match(r"^[\s│]*%", ln)]
        assert not starts, (width, starts)
        assert not re.search(r"^│\s*◀", text, re.M), width  # the marker stays by its title


def test_every_share_in_the_questionnaire_advice_is_written_with_a_no_break_space() -> None:
    """The advice is where "67 %" is printed: its space is the one the console keeps."""
    for lang in ("en", "fi", "sk"):
        q = load_questionnaire(None, lang)
        for section in q.sections:
            for tip in section.advice:
                assert not re.search(r"\d %", tip.text), tip.text


def test_a_panel_title_too_long_for_its_border_goes_above_the_panel() -> None:
    from rich.panel import Panel

    title = "Kde sa respondenti najviac rozchádzajú (workshop začnite tu)"
    text = to_text(Panel(Text("south: málo"), title=title, expand=False), color=False, width=60)
    check_lines(text, 60)
    assert text.splitlines()[0] == title
    short = to_text(Panel(Text("south: málo"), title="Kde", expand=False), color=False, width=60)
    assert "Kde" in short.splitlines()[0] and "╭" in short.splitlines()[0]


def test_a_dumb_terminal_keeps_its_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich takes every dumb terminal for 80 columns; the width given, or the terminal's
    own (COLUMNS), holds instead."""
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("COLUMNS", "50")
    text = to_text(Text("word " * 40), color=True, width=30)
    assert max(cell_len(line) for line in text.splitlines()) <= 30 and "\x1b" not in text
    assert SafeConsole(force_terminal=True).width == 50


@pytest.mark.parametrize("lang", ["fi", "sk"])
def test_a_stacked_row_with_a_percentile_wraps_its_last_line(
    cli: Invoke, answers: list[Path], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """The total, a long band label and the percentile do not fit 60 columns on one line."""
    norm = answers[0].parent / "norm.json"
    assert cli("norms", "build", *answers, "-o", norm).exit_code == 0
    monkeypatch.setenv("COLUMNS", "60")
    text = cli("score", *answers, "--norms", norm, "--lang", lang).stdout
    check_lines(text, 60)
    q = load_questionnaire(None, lang)
    for band in q.bands:
        if band.label in text.replace("\n  ", " "):
            assert all(whole(word, text) for word in band.label.split())
    assert len(re.findall(r"\d+,\d\b", text)) >= len(NAMES)  # every percentile whole


def test_a_stacked_row_keeps_a_no_break_space_too() -> None:
    table = Table(title="T")
    table.add_column("Name")
    table.add_column("Share")
    table.add_row("Rakennusliikepitkänimi", "aaaa bbbb cccc dddd 67\u00a0% eeee ffff")
    stacked = 0
    for width in range(12, 40):
        text = to_text(table, color=False, width=width)
        if "┃" not in text:
            stacked += 1
            assert "67\u00a0%" in text, width
    assert stacked > 10


def test_a_column_of_running_text_is_narrowed_last() -> None:
    """An action plan's action (a `ratio` column) keeps its room; the others give theirs
    first, down to their longest word."""
    table = Table()
    table.add_column("Section")
    table.add_column("Action", ratio=1)
    table.add_row("Spätná väzba od zákazníkov", "slovo " * 60)
    widths = column_widths(table, SafeConsole(width=60), 60)
    assert widths == [len("zákazníkov") + 2, 60 - 3 - len("zákazníkov") - 2]


@pytest.mark.parametrize("width", [20, 27, 33, 40, 100])
def test_a_users_private_use_characters_come_out_as_written(tmp_path: Path, width: int) -> None:
    """A group named with private-use characters (U+E000-U+E002, say an icon font's) and
    no-break spaces keeps every one of them, at any width: none is taken for a space."""
    name = "A\ue000B\ue001C\ue002D\u00a0E"
    q = load_questionnaire(None, "en")
    builder = SummaryBuilder(q, "respondent", min_group=1)
    renderer = TableSummaryRenderer(builder, None, width=width)
    for n, respondent in enumerate([name, "Acme", name]):
        path = tmp_path / f"g{n}.yaml"
        path.write_text(answers_yaml(ratings(n - 1), respondent=respondent), encoding="utf-8")
        for outcome in score_inputs([path], q):
            renderer.item(outcome)
    text = renderer.end()
    assert name in text.replace("\n", "")
    assert not any(c in text for c in _STAND_INS)

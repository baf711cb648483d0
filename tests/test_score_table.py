"""The default `score` table: rows printed as they are scored, a layout that fits the width
(a stacked one when no table does), numbers and names whole, the reason of a rejected input
in its row, and no control character from an input reaching the terminal."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import EXAMPLE_RATINGS, Invoke, answers_yaml
from rich.cells import cell_len

from custserv_audit.api import score_inputs
from custserv_audit.model import Questionnaire, Result
from custserv_audit.render.numbers import score_text
from custserv_audit.render.text.batch_table import choose_layout
from custserv_audit.render.text.table import TableRenderer
from custserv_audit.schema.definition import load_questionnaire

HOSTILE = "Evil \x1b]0;pwned\x07 Oy"


def ratings(shift: int) -> dict[str, list[int]]:
    return {s: [min(5, max(1, r + shift)) for r in v] for s, v in EXAMPLE_RATINGS.items()}


@pytest.fixture
def batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    monkeypatch.chdir(tmp_path)
    files = []
    for n, (name, shift) in enumerate([("Kahvila Äijä ja pojat", 0), ("Beta s.r.o. – Žilina", -2)]):
        path = Path(f"answers-{n}.yaml")
        path.write_text(answers_yaml(ratings(shift), respondent=name), encoding="utf-8")
        files.append(path)
    hostile = Path("hostile.json")  # JSON can carry an ESC that YAML refuses
    data = {"questionnaire": "customer-orientation", "respondent": HOSTILE, "answers": ratings(1)}
    hostile.write_text(json.dumps(data), encoding="utf-8")
    files.append(hostile)
    bad = Path("typo.yaml")
    bad.write_text(answers_yaml({**EXAMPLE_RATINGS, "feedback": [3, 9, 4]}), "utf-8")
    files.insert(1, bad)
    return files


def test_rows_are_printed_as_they_are_scored(builtin: Questionnaire, batch: list[Path]) -> None:
    outcomes = list(score_inputs(batch, builtin))
    renderer = TableRenderer(builtin, width=220)
    pieces = [renderer.start()] + [renderer.item(o) for o in outcomes]
    # The first outcome waits (one respondent alone gets the full result view); from the
    # second on, every outcome's row comes out at once.
    assert pieces[1] == ""
    assert "Kahvila Äijä ja pojat" in pieces[2] and "typo.yaml" in pieces[2]
    assert "Beta s.r.o. – Žilina" in pieces[3] and "Kahvila" not in pieces[3]
    assert "Evil" in pieces[4]
    assert renderer.end() == ""


def test_the_layout_comes_from_the_width_and_the_questionnaire_only(
    builtin: Questionnaire,
) -> None:
    assert choose_layout(builtin, 60).stacked and choose_layout(builtin, 80).stacked
    wide = choose_layout(builtin, 100)
    assert not wide.stacked and not wide.by_id
    assert choose_layout(builtin, 220).by_id


@pytest.mark.parametrize("lang", ["en", "fi", "sk"])
@pytest.mark.parametrize("width", [60, 80, 100, 220])
def test_every_line_fits_and_nothing_is_cut(batch: list[Path], width: int, lang: str) -> None:
    q = load_questionnaire(None, lang)
    outcomes = list(score_inputs(batch, q))
    renderer = TableRenderer(q, width=width)
    text = "".join([renderer.item(o) for o in outcomes]) + renderer.end()
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    assert "\x1b" not in text and "\\x1b]0;pwned\\x07" in text.replace("\n", "")
    for outcome in outcomes:
        if isinstance(outcome, Result):
            # every score whole, on one line
            cells = [score_text(s.score, lang) for s in outcome.sections]
            assert all(any(c in line for line in lines) for c in cells)
            assert any(score_text(outcome.total, lang) in line for line in lines)
    # names are whole, even when wrapped inside their column
    assert "…" not in text
    for name in ("Kahvila Äijä ja pojat", "typo.yaml"):
        assert all(word in text for word in name.split())
    # the rejected input's reason is in its row, not just "not scored"
    assert "9" in next(line for line in lines if "typo.yaml" in line) or "1–5" in text


def test_the_rejected_reason_stands_beside_its_source(
    builtin: Questionnaire, batch: list[Path]
) -> None:
    renderer = TableRenderer(builtin, width=220)
    text = "".join(renderer.item(o) for o in score_inputs(batch, builtin))
    [row] = [line for line in text.splitlines() if "typo.yaml" in line]
    assert "feedback.2" in row and "rating 9 is outside the scale 1–5" in row


def test_colour_styles_only_and_the_hostile_text_stays_inert(
    builtin: Questionnaire, batch: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    renderer = TableRenderer(builtin, color=True, width=100)
    text = "".join(renderer.item(o) for o in score_inputs(batch, builtin))
    assert "\x1b[" in text  # styled
    assert "\x1b]" not in text and "\x07" not in text


def test_no_color_gives_plain_text(
    builtin: Questionnaire, batch: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    renderer = TableRenderer(builtin, color=True, width=100)
    text = "".join(renderer.item(o) for o in score_inputs(batch, builtin))
    assert "\x1b[1m" in text  # bold stays
    assert "\x1b[3" not in text  # no colour


def test_a_dumb_terminal_gets_no_escape_at_all(
    builtin: Questionnaire, batch: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "dumb")
    renderer = TableRenderer(builtin, color=True, width=100)
    text = "".join(renderer.item(o) for o in score_inputs(batch, builtin))
    assert "\x1b" not in text


def test_one_respondent_still_gets_the_result_view(
    builtin: Questionnaire, batch: list[Path]
) -> None:
    renderer = TableRenderer(builtin, width=100)
    [outcome] = list(score_inputs(batch[:1], builtin))
    assert renderer.item(outcome) == ""
    assert "Total" in renderer.end()


def test_a_batch_with_nothing_scored_prints_nothing(
    builtin: Questionnaire, batch: list[Path]
) -> None:
    renderer = TableRenderer(builtin, width=100)
    text = "".join(renderer.item(o) for o in score_inputs([batch[1], batch[1]], builtin))
    assert text + renderer.end() == ""


def test_columns_chooses_the_layout_of_the_command(
    cli: Invoke, batch: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    result = cli("score", *batch)
    assert result.exit_code == 1
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= 60
    assert "Kahvila Äijä ja pojat" in result.stdout


@pytest.mark.parametrize("width", ["60", "220"])
def test_a_norm_adds_the_percentile_to_every_row(
    cli: Invoke, batch: list[Path], monkeypatch: pytest.MonkeyPatch, width: str
) -> None:
    assert cli("norms", "build", *batch, "-o", "norm.json").exit_code in (0, 1)
    monkeypatch.setenv("COLUMNS", width)
    text = cli("score", *batch, "--norms", "norm.json").stdout
    assert max(cell_len(line) for line in text.splitlines()) <= int(width)
    assert "Percentile" in text
    # the stacked layout puts it on the total's line, the table beside the total
    pattern = r"Percentile \d+\.\d\b" if width == "60" else r"\d+\.\d\d +\d+\.\d  "
    assert len(re.findall(pattern, text)) == 3  # every scored respondent, none for the typo

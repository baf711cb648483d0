"""The plain interview: lines in, lines out, no escape sequences; `--plain` and its triggers."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import EXAMPLE_RATINGS

from custserv_audit.errors import ExitCode
from custserv_audit.interactive import plain
from custserv_audit.interactive.plain import PlainIO, wants_plain
from custserv_audit.interactive.session import run_session
from custserv_audit.model import Questionnaire
from custserv_audit.render.text.safe_console import SafeConsole  # as the program prints
from custserv_audit.schema.answers import load_answers

EXAMPLE_FLAT = [r for values in EXAMPLE_RATINGS.values() for r in values]


def lines(*typed: object) -> str:
    return "".join(f"{t}\n" for t in typed)


def ask(
    q: Questionnaire, text: str, given: Sequence[int | None] = ()
) -> tuple[list[int], list[list[int | None]], str]:
    out = io.StringIO()
    saves: list[list[int | None]] = []
    ratings = plain.interview(
        q, given, lambda flat: saves.append(list(flat)), PlainIO(io.StringIO(text), out)
    )
    return ratings, saves, out.getvalue()


def test_one_numbered_question_a_line_answered_with_a_digit(mini: Questionnaire) -> None:
    ratings, saves, out = ask(mini, lines(3, 2, 1, 0, 3, "a"))
    assert ratings == [3, 2, 1, 0, 3]
    assert saves[0] == [3, None, None, None, None]
    assert "Scale: 0 Not at all, 1 A little, 2 Mostly, 3 Fully" in out
    assert "[1/5] Speed: We answer the phone quickly.\nRating 0–3: " in out
    assert "[2/5] Speed: We reply to e-mail within a day.\nRating 0–3, b goes back: " in out
    assert "stop at any time with Ctrl-C" in out
    assert "\x1b" not in out and "\r" not in out


def test_an_empty_line_or_a_wrong_key_records_nothing_and_says_why(mini: Questionnaire) -> None:
    ratings, saves, out = ask(mini, lines("", 7, "x", 2, 1, 1, 1, 1, "a"))
    assert ratings == [2, 1, 1, 1, 1]
    assert len(saves) == 5
    assert "Type a number from 0 to 3, then press Enter." in out
    assert "'7' is not a choice: type a number from 0 to 3." in out
    assert "'x' is not a choice" in out


def test_back_offers_the_previous_answer_and_enter_keeps_it(mini: Questionnaire) -> None:
    ratings, _, out = ask(mini, lines(1, "b", "", 2, "b", 3, 0, 0, 0, "a"))
    assert ratings == [1, 3, 0, 0, 0]
    assert "Rating 0–3, Enter keeps 1: " in out


def test_the_review_lists_every_answer_and_a_number_changes_one(mini: Questionnaire) -> None:
    ratings, saves, out = ask(mini, lines("", 9, 4, 0, "a"), given=[1, 1, 1, 1, 1])
    assert ratings == [1, 1, 1, 0, 1]
    assert saves == [[1, 1, 1, 0, 1]]
    assert "-- Care\n3. 1 A little: We greet every customer." in out
    assert out.count("Type a and press Enter to accept, or the number of a statement.") == 2
    # Two reviews: before and after the change.
    assert out.count("Review your answers.") == 2


def test_keys_typed_ahead_cannot_accept_the_review(mini: Questionnaire) -> None:
    keys = PlainIO(io.StringIO(lines(1, 1, 1, 1, 1, "")), io.StringIO())
    with pytest.raises(EOFError):  # still waiting for "a" when the input ends
        plain.interview(mini, [], lambda _ratings: None, keys)


def test_a_whole_plain_session_saves_and_shows_the_result(
    builtin: Questionnaire, tmp_path: Path
) -> None:
    save = tmp_path / "a.yaml"
    out = io.StringIO()
    console = SafeConsole(file=out, width=80, color_system=None)
    code = run_session(
        builtin,
        respondent=None,
        save=save,
        resume=None,
        date="2026-11-25",
        console=console,
        plain=PlainIO(io.StringIO(lines("Acme Oy", *EXAMPLE_FLAT, "a")), out),
    )
    assert code == 0
    assert "Total: 27.00 / 35" in out.getvalue()
    answers = load_answers(save.read_bytes(), str(save), builtin)
    assert answers.respondent == "Acme Oy"
    assert [r for v in answers.ratings.values() for r in v] == EXAMPLE_FLAT
    assert "\x1b" not in out.getvalue()


def test_the_end_of_input_stops_like_ctrl_c_and_keeps_the_answers(
    builtin: Questionnaire, tmp_path: Path
) -> None:
    save = tmp_path / "a.yaml"
    out = io.StringIO()
    code = run_session(
        builtin,
        respondent="Acme Oy",
        save=save,
        resume=None,
        date="2026-11-25",
        console=SafeConsole(file=out, width=200, color_system=None),
        resume_options=["--plain"],
        plain=PlainIO(io.StringIO(lines(5, 4)), out),
    )
    assert code == ExitCode.INTERRUPTED
    assert f"custserv-audit run --resume {save} --plain" in out.getvalue()
    answers = load_answers(save.read_bytes(), str(save), builtin, partial=True)
    assert dict(answers.ratings) == {"culture": (5, 4)}


def test_plain_mode_is_chosen_for_a_dumb_terminal_or_when_accessible_is_set() -> None:
    assert wants_plain({"TERM": "dumb"})
    assert wants_plain({"TERM": "xterm", "ACCESSIBLE": "1"})
    assert not wants_plain({"TERM": "xterm"})
    assert not wants_plain({"TERM": "xterm", "ACCESSIBLE": ""})

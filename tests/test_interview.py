"""The interview driven through prompt_toolkit's pipe input: keys in, ratings and saves out."""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

import pytest
from conftest import SPEC_RATINGS
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from custserv_audit.interactive.prompts import interview, rating_texts, review_rows
from custserv_audit.model import Questionnaire, Scale, ScalePoint
from custserv_audit.schema.definition import load_questionnaire

DOWN = "\x1b[B"
UP = "\x1b[A"
CTRL_C = "\x03"
SPEC_FLAT = [r for values in SPEC_RATINGS.values() for r in values]


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    """A pipe standing in for the keyboard; everything sent is read as typed keys.

    Tests close it after sending, so a prompt that finds no more keys raises
    EOFError instead of waiting for ever.
    """
    with create_pipe_input() as pipe:
        yield pipe


class Saves:
    """The `save` callback: records a copy of the answers on every call."""

    def __init__(self) -> None:
        self.calls: list[list[int | None]] = []

    def __call__(self, flat: Sequence[int | None]) -> None:
        self.calls.append(list(flat))

    def answered(self, n: int) -> list[int | None]:
        """What the n-th save (1-based) held, without the unanswered tail."""
        return [r for r in self.calls[n - 1] if r is not None]


def typed(ratings: Sequence[int]) -> str:
    """Each rating as its digit and Enter."""
    return "".join(f"{r}\r" for r in ratings)


def run(
    questionnaire: Questionnaire, keys: PipeInput, text: str, given: Sequence[int | None] = ()
) -> tuple[list[int], Saves]:
    saves = Saves()
    keys.send_text(text)
    keys.close()
    ratings = interview(questionnaire, given, saves, input=keys, output=DummyOutput())
    return ratings, saves


def test_digits_answer_every_statement_and_each_answer_is_saved_at_once(
    builtin: Questionnaire, keys: PipeInput
) -> None:
    ratings, saves = run(builtin, keys, typed(SPEC_FLAT) + "\r")
    assert ratings == SPEC_FLAT
    assert len(saves.calls) == 25
    for n in range(1, 26):
        assert saves.answered(n) == SPEC_FLAT[:n]
        assert saves.calls[n - 1][n:] == [None] * (25 - n)


def test_arrow_keys_and_enter_answer_too(builtin: Questionnaire, keys: PipeInput) -> None:
    # The pointer starts on the lowest point: two down is 3. Up from the top wraps to
    # the bottom: "Back" on the second statement, then 5 above it.
    text = DOWN + DOWN + "\r" + UP + UP + "\r" + typed([4] * 23) + "\r"
    ratings, _ = run(builtin, keys, text)
    assert ratings[:3] == [3, 5, 4]


def test_a_digit_only_moves_the_pointer_until_enter(
    builtin: Questionnaire, keys: PipeInput
) -> None:
    # A change of mind before Enter: the last digit typed wins.
    ratings, _ = run(builtin, keys, "2" + "5\r" + typed([3] * 24) + "\r")
    assert ratings[0] == 5


def test_going_back_preselects_the_previous_answer(builtin: Questionnaire, keys: PipeInput) -> None:
    # 4, 3, then back: Enter alone keeps the 3 that is pre-selected (not the lowest point).
    ratings, saves = run(builtin, keys, "4\r3\rb\r\r" + typed([2] * 23) + "\r")
    assert ratings[:3] == [4, 3, 2]
    assert saves.answered(3) == [4, 3]  # the re-answer was saved again


def test_going_back_and_changing_updates_the_save(builtin: Questionnaire, keys: PipeInput) -> None:
    ratings, saves = run(builtin, keys, "4\r3\rb\r5\r" + typed([2] * 23) + "\r")
    assert ratings[:3] == [4, 5, 2]
    assert saves.answered(3) == [4, 5]
    assert saves.answered(4) == [4, 5, 2]


def test_going_back_twice_walks_forward_again_through_the_same_statements(
    builtin: Questionnaire, keys: PipeInput
) -> None:
    # At statement 4: back to 3, back to 2; change 2 to 5, keep 3 with Enter, then 4 is new.
    text = "1\r2\r3\rb\rb\r5\r\r4\r" + typed([1] * 21) + "\r"
    ratings, _ = run(builtin, keys, text)
    assert ratings[:5] == [1, 5, 3, 4, 1]


def test_there_is_no_going_back_from_the_first_statement(
    builtin: Questionnaire, keys: PipeInput
) -> None:
    # "b" does nothing on the first prompt, so Enter takes the pointer's point, the lowest.
    ratings, _ = run(builtin, keys, "b\r" + typed([3] * 24) + "\r")
    assert ratings[:2] == [1, 3]


def test_review_enter_accepts(builtin: Questionnaire, keys: PipeInput) -> None:
    ratings, saves = run(builtin, keys, typed(SPEC_FLAT) + "\r")
    assert ratings == SPEC_FLAT
    assert len(saves.calls) == 25  # accepting writes nothing new


def test_review_choose_a_statement_change_it_and_accept(
    builtin: Questionnaire, keys: PipeInput
) -> None:
    # Seven down from "Accept" is statement 7 (products.3, rated 5); change it to 1.
    text = typed(SPEC_FLAT) + DOWN * 7 + "\r" + "1\r" + "\r"
    ratings, saves = run(builtin, keys, text)
    expected = list(SPEC_FLAT)
    expected[6] = 1
    assert ratings == expected
    assert saves.calls[-1] == expected


def test_review_change_keeps_the_answer_preselected(
    builtin: Questionnaire, keys: PipeInput
) -> None:
    # Choose statement 2 in the review and press Enter alone: the answer stays 4.
    ratings, _ = run(builtin, keys, typed(SPEC_FLAT) + DOWN * 2 + "\r" + "\r" + "\r")
    assert ratings == SPEC_FLAT


def test_review_accept_at_the_bottom(builtin: Questionnaire, keys: PipeInput) -> None:
    # Up from the first row wraps to the last row, the second "Accept".
    ratings, _ = run(builtin, keys, typed(SPEC_FLAT) + UP + "\r")
    assert ratings == SPEC_FLAT


def test_ctrl_c_propagates_with_every_answer_saved(builtin: Questionnaire, keys: PipeInput) -> None:
    saves = Saves()
    keys.send_text(typed(SPEC_FLAT[:7]) + CTRL_C)
    with pytest.raises(KeyboardInterrupt):
        interview(builtin, [], saves, input=keys, output=DummyOutput())
    assert len(saves.calls) == 7
    assert saves.answered(7) == SPEC_FLAT[:7]


def test_ctrl_c_in_the_review_propagates(builtin: Questionnaire, keys: PipeInput) -> None:
    saves = Saves()
    keys.send_text(typed(SPEC_FLAT) + DOWN + CTRL_C)
    with pytest.raises(KeyboardInterrupt):
        interview(builtin, [], saves, input=keys, output=DummyOutput())
    assert saves.calls[-1] == SPEC_FLAT


def test_resume_asks_only_the_unanswered_statements(
    builtin: Questionnaire, keys: PipeInput
) -> None:
    given: list[int | None] = [*SPEC_FLAT[:7], *([None] * 18)]
    ratings, saves = run(builtin, keys, typed(SPEC_FLAT[7:]) + "\r", given)
    assert ratings == SPEC_FLAT
    assert len(saves.calls) == 18  # one save per statement asked
    assert saves.answered(1) == SPEC_FLAT[:8]


def test_resume_with_gaps_fills_them_in_order_and_keeps_the_rest(
    builtin: Questionnaire, keys: PipeInput
) -> None:
    # Culture has two of four answers, products is complete, the rest is missing.
    given: list[int | None] = [5, 4, None, None, 4, 4, 5, 3, *([None] * 17)]
    asked = [SPEC_FLAT[2], SPEC_FLAT[3], *SPEC_FLAT[8:]]
    ratings, saves = run(builtin, keys, typed(asked) + "\r", given)
    assert ratings == SPEC_FLAT
    assert len(saves.calls) == 19
    assert saves.calls[0][:8] == [5, 4, 4, None, 4, 4, 5, 3]


def test_resume_back_from_the_first_question_reaches_a_saved_answer(
    builtin: Questionnaire, keys: PipeInput
) -> None:
    given: list[int | None] = [*SPEC_FLAT[:7], *([None] * 18)]
    # Back from statement 8 to 7 (saved as 5): Enter keeps it, then 8 is asked again.
    ratings, _ = run(builtin, keys, "b\r\r" + typed(SPEC_FLAT[7:]) + "\r", given)
    assert ratings == SPEC_FLAT


def test_complete_answers_go_straight_to_the_review(
    builtin: Questionnaire, keys: PipeInput
) -> None:
    ratings, saves = run(builtin, keys, "\r", SPEC_FLAT)
    assert ratings == SPEC_FLAT
    assert saves.calls == []


def test_custom_questionnaire_scale_from_zero(mini: Questionnaire, keys: PipeInput) -> None:
    ratings, _ = run(mini, keys, typed([0, 3, 2, 1, 0]) + "\r")
    assert ratings == [0, 3, 2, 1, 0]


def test_a_scale_without_single_digits_is_answered_with_the_arrow_keys(
    mini: Questionnaire, keys: PipeInput
) -> None:
    points = tuple(ScalePoint(v, f"point {v}") for v in range(1, 11))
    wide = replace(mini, scale=Scale(1, 10, points))
    # Nine down from the lowest point is 10; ten down is "Back", below the scale.
    text = DOWN * 9 + "\r" + "\r" + DOWN * 10 + "\r" + DOWN * 4 + "\r" + "\r" * 3 + "\r"
    ratings, _ = run(wide, keys, text)
    # 10; 1; back from 3 to 2, which becomes 5 (1 + four down); then 1, 1, 1.
    assert ratings == [10, 5, 1, 1, 1]


# --- what the screen shows ------------------------------------------------------------------


def screen_of(
    questionnaire: Questionnaire, text: str, given: Sequence[int | None] = (), columns: int = 120
) -> str:
    """Everything the interview writes for these keys, without escape codes.

    Keys already waiting when a prompt starts are handled before it is first
    drawn, so only the first prompt is drawn in full; the interview stops with
    EOFError when the keys run out.
    """
    buffer = io.StringIO()
    output = Vt100_Output(buffer, lambda: Size(rows=40, columns=columns), term="xterm")
    with create_pipe_input() as pipe:
        pipe.send_text(text)
        pipe.close()
        with contextlib.suppress(EOFError):
            interview(questionnaire, given, Saves(), input=pipe, output=output)
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\r", "", buffer.getvalue())


def test_a_prompt_shows_progress_section_theme_statement_scale_and_keys(
    builtin: Questionnaire,
) -> None:
    screen = screen_of(builtin, "")
    assert "[1/25] Company culture — How customer-oriented is your company culture?" in screen
    assert "We are committed to doing whatever it takes to create satisfied customers." in screen
    assert "Type 1–5 or use the arrow keys, then press Enter.\n" in screen
    for label in ("1) Never / not at all", "2) Rarely", "3) Sometimes", "4) Often", "5) Always"):
        assert label in screen
    assert "Back" not in screen  # nothing to go back to yet


def test_later_prompts_offer_the_way_back(builtin: Questionnaire) -> None:
    screen = screen_of(builtin, "", given=[4, *([None] * 24)])
    assert "[2/25] Company culture — How customer-oriented is your company culture?" in screen
    assert "We try to do things right the first time." in screen
    assert (
        "Type 1–5 or use the arrow keys, then press Enter. Type b and Enter to go back." in screen
    )
    assert "b) Back to the previous statement" in screen


def test_each_answer_leaves_one_line_on_screen(builtin: Questionnaire) -> None:
    screen = screen_of(builtin, typed(SPEC_FLAT) + "\r")
    statement = "We are committed to doing whatever it takes to create satisfied customers."
    assert f"[1/25] {statement}  → 5 Always" in screen
    assert "[9/25] We review our customers' complaints.  → 3 Sometimes" in screen
    assert "[25/25] When we find problems, we fix them quickly.  → 4 Often" in screen


def test_the_review_lists_every_answer(builtin: Questionnaire) -> None:
    screen = screen_of(builtin, "", given=SPEC_FLAT)
    assert "Review your answers." in screen
    assert "Accept these answers and show the result" in screen
    assert "── Customer feedback" in screen
    assert " 9. 3 Sometimes  We review our customers' complaints." in screen
    assert "25. 4 Often      When we find problems, we fix them quickly." in screen


def test_rating_texts_in_another_language() -> None:
    sk = load_questionnaire(None, "sk")
    header, statement, _ = rating_texts(sk, 0, allow_back=False)
    assert header.startswith("[1/25] " + sk.sections[0].title)
    assert header.endswith(sk.sections[0].theme)
    assert statement == sk.sections[0].items[0].text


def test_review_rows_are_numbered_aligned_and_clipped(builtin: Questionnaire) -> None:
    rows = review_rows(builtin, [1, 5, *([3] * 23)], width=70)
    assert rows[0] == (
        "Company culture",
        " 1. 1 Never / not at all  We are committed to doing whatever it takes…",
    )
    assert rows[1] == ("", " 2. 5 Always              We try to do things right the first time.")
    assert rows[4][0] == "Products and sales materials"
    assert rows[21][1] == "22. 3 Sometimes           All employees feel that customer…"
    assert all(len(text) <= 70 for _, text in rows)
    assert rows[24][1].startswith("25. 3 Sometimes           ")


def test_long_lines_are_wrapped_to_the_terminal_width(builtin: Questionnaire) -> None:
    # prompt_toolkit cuts every prompt line but the last at the edge of the terminal,
    # so the interview wraps them itself.
    screen = screen_of(builtin, "", columns=40)
    assert max(len(line) for line in screen.splitlines()) <= 40
    words = " ".join(screen.split())
    assert "[1/25] Company culture — How customer-oriented is your company culture?" in words
    assert "We are committed to doing whatever it takes to create satisfied customers." in words
    assert "Type 1–5 or use the arrow keys, then press Enter." in words

"""The interview driven through prompt_toolkit's pipe input: keys in, ratings and saves out."""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

import pytest
from conftest import EXAMPLE_RATINGS
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
EXAMPLE_FLAT = [r for values in EXAMPLE_RATINGS.values() for r in values]


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
    ratings, saves = run(builtin, keys, typed(EXAMPLE_FLAT) + "a\r")
    assert ratings == EXAMPLE_FLAT
    assert len(saves.calls) == 25
    for n in range(1, 26):
        assert saves.answered(n) == EXAMPLE_FLAT[:n]
        assert saves.calls[n - 1][n:] == [None] * (25 - n)


def test_arrow_keys_and_enter_answer_too(mini: Questionnaire, keys: PipeInput) -> None:
    # Nothing is chosen at first: down chooses the lowest point, up the last choice
    # ("Back" on the second statement, then 3 above it).
    text = DOWN + DOWN + "\r" + UP + UP + "\r" + typed([2] * 3) + "a\r"
    ratings, _ = run(mini, keys, text)
    assert ratings[:3] == [1, 3, 2]


def test_a_stray_enter_records_nothing(mini: Questionnaire, keys: PipeInput) -> None:
    # A double-tapped Enter after an answer: the next statement stays unanswered.
    ratings, saves = run(mini, keys, "2\r\r\r3\r" + typed([1] * 3) + "a\r")
    assert ratings == [2, 3, 1, 1, 1]
    assert saves.calls[1][:2] == [2, 3]


def test_a_key_that_is_no_rating_records_nothing(mini: Questionnaire, keys: PipeInput) -> None:
    # 7 is outside the scale 0-3: it chooses nothing, so Enter records nothing.
    ratings, _ = run(mini, keys, "7\r2\r" + typed([1] * 4) + "a\r")
    assert ratings == [2, 1, 1, 1, 1]


def test_a_digit_only_moves_the_pointer_until_enter(mini: Questionnaire, keys: PipeInput) -> None:
    # A change of mind before Enter: the last digit typed wins.
    ratings, _ = run(mini, keys, "2" + "3\r" + typed([1] * 4) + "a\r")
    assert ratings[0] == 3


def test_going_back_preselects_the_previous_answer(mini: Questionnaire, keys: PipeInput) -> None:
    # 2, 3, then back: Enter alone keeps the 3 that is pre-selected.
    ratings, saves = run(mini, keys, "2\r3\rb\r\r" + typed([0] * 3) + "a\r")
    assert ratings == [2, 3, 0, 0, 0]
    assert saves.answered(3) == [2, 3]  # the re-answer was saved again


def test_b_on_the_first_statement_is_no_choice(mini: Questionnaire, keys: PipeInput) -> None:
    ratings, _ = run(mini, keys, "b\r" + typed([3] * 5) + "a\r")
    assert ratings == [3] * 5


def test_keys_typed_ahead_cannot_accept_the_review(mini: Questionnaire, keys: PipeInput) -> None:
    # An extra Enter after the last answer leaves the review waiting for a choice.
    saves = Saves()
    keys.send_text(typed([1] * 5) + "\r\r")
    keys.close()
    with pytest.raises(EOFError):
        interview(mini, [], saves, input=keys, output=DummyOutput())
    assert saves.calls[-1] == [1] * 5


def test_review_choose_a_statement_change_it_and_accept(
    builtin: Questionnaire, keys: PipeInput
) -> None:
    # Down chooses "Accept", seven more is statement 7 (products.3, rated 5); change it to 1.
    text = DOWN * 8 + "\r" + "1\r" + "a\r"
    ratings, saves = run(builtin, keys, text, EXAMPLE_FLAT)
    expected = list(EXAMPLE_FLAT)
    expected[6] = 1
    assert ratings == expected
    assert saves.calls == [expected]


def test_review_change_keeps_the_answer_preselected(mini: Questionnaire, keys: PipeInput) -> None:
    given = [0, 1, 2, 3, 0]
    ratings, _ = run(mini, keys, DOWN * 3 + "\r" + "\r" + "a\r", given)
    assert ratings == given


def test_review_accept_at_the_bottom(mini: Questionnaire, keys: PipeInput) -> None:
    ratings, _ = run(mini, keys, UP + "\r", [0, 1, 2, 3, 0])
    assert ratings == [0, 1, 2, 3, 0]


def test_ctrl_c_propagates_with_every_answer_saved(mini: Questionnaire, keys: PipeInput) -> None:
    saves = Saves()
    keys.send_text(typed([3, 2]) + CTRL_C)
    with pytest.raises(KeyboardInterrupt):
        interview(mini, [], saves, input=keys, output=DummyOutput())
    assert saves.calls == [[3, None, None, None, None], [3, 2, None, None, None]]


def test_ctrl_c_in_the_review_propagates(mini: Questionnaire, keys: PipeInput) -> None:
    keys.send_text(DOWN + CTRL_C)
    with pytest.raises(KeyboardInterrupt):
        interview(mini, [0, 1, 2, 3, 0], Saves(), input=keys, output=DummyOutput())


def test_resume_asks_only_the_unanswered_statements(mini: Questionnaire, keys: PipeInput) -> None:
    ratings, saves = run(mini, keys, typed([1, 2]) + "a\r", [3, None, 3, None, 3])
    assert ratings == [3, 1, 3, 2, 3]
    assert len(saves.calls) == 2


def test_a_scale_without_single_digits_is_answered_with_the_arrow_keys(
    mini: Questionnaire, keys: PipeInput
) -> None:
    points = tuple(ScalePoint(v, f"point {v}") for v in range(1, 11))
    wide = replace(mini, scale=Scale(1, 10, points))
    # Ten down is 10; one down is 1; eleven down is "Back", below the scale; the
    # earlier 1 is chosen already, four down makes it 5; then 1, 1, 1.
    text = DOWN * 10 + "\r" + DOWN + "\r" + DOWN * 11 + "\r" + DOWN * 4 + "\r"
    text += (DOWN + "\r") * 3 + "a\r"
    ratings, _ = run(wide, keys, text)
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
    assert "»" not in screen  # no point is chosen beforehand
    assert "Back" not in screen  # nothing to go back to yet


def test_the_first_prompt_says_how_to_stop_and_continue(builtin: Questionnaire) -> None:
    words = " ".join(screen_of(builtin, "").split())
    assert "stop at any time with Ctrl-C" in words
    assert "--resume continues where you left off" in words
    second = screen_of(builtin, "4\r")
    assert "Ctrl-C" not in second[second.index("[2/25] Company culture") :]


def test_later_prompts_offer_the_way_back(builtin: Questionnaire) -> None:
    screen = screen_of(builtin, "", given=[4, *([None] * 24)])
    assert "[2/25] Company culture — How customer-oriented is your company culture?" in screen
    assert "We try to do things right the first time." in screen
    assert (
        "Type 1–5 or use the arrow keys, then press Enter. Type b and Enter to go back." in screen
    )
    assert "b) Back to the previous statement" in screen


def test_each_answer_leaves_one_line_on_screen(builtin: Questionnaire) -> None:
    screen = screen_of(builtin, typed(EXAMPLE_FLAT) + "a\r")
    statement = "We are committed to doing whatever it takes to create satisfied customers."
    assert f"[1/25] {statement}  → 5 Always" in screen
    assert "[9/25] We keep track of our customers' complaints.  → 3 Sometimes" in screen
    assert "[25/25] When we uncover problems, we try to fix them quickly.  → 4 Often" in screen


@pytest.mark.parametrize("lang", ["fi", "sk"])
def test_a_narrow_screen_keeps_every_answered_statement_whole(lang: str) -> None:
    """At 60 columns the line left for an answer wraps the statement instead of cutting it."""
    q = load_questionnaire(None, lang)
    screen = screen_of(q, typed(EXAMPLE_FLAT) + "a\r", columns=60)
    log = screen[: screen.index("[25/25]") + 400]
    assert "…" not in log
    joined = " ".join(log.split())
    for section in q.sections:
        for item in section.items:
            assert item.text in joined, item.text
    assert all(len(line.replace(" \b", "")) <= 60 for line in log.splitlines())


def test_the_review_lists_every_answer_and_says_more_are_below(builtin: Questionnaire) -> None:
    screen = screen_of(builtin, "", given=EXAMPLE_FLAT)
    assert "? Review your answers." in screen
    assert "✔" not in screen
    assert "a) Accept these answers and show the result" in screen
    assert "── Customer feedback" in screen
    assert " 9. 3 Sometimes  We keep track of our customers' complaints." in screen
    # 40 rows cannot hold 25 statements, 7 titles and the rest.
    assert "↓ More below; scroll with the arrow keys." in screen


def test_an_accepted_review_leaves_one_whole_copy_on_screen(mini: Questionnaire) -> None:
    screen = screen_of(mini, "a\r", given=[0, 1, 2, 3, 0])
    copy = screen[screen.rindex("Your answers") :]
    assert "── Speed" in copy and "── Care" in copy
    assert "5. 0 Not at all  We thank customers for complaints." in copy


def test_rating_texts_in_another_language() -> None:
    sk = load_questionnaire(None, "sk")
    header, statement, _ = rating_texts(sk, 0, allow_back=False)
    assert header.startswith("[1/25] " + sk.sections[0].title)
    assert header.endswith(sk.sections[0].theme)
    assert statement == sk.sections[0].items[0].text


def test_review_rows_are_numbered_aligned_and_wrapped(builtin: Questionnaire) -> None:
    rows = review_rows(builtin, [1, 5, *([3] * 23)], width=70)
    assert rows[0] == (
        "Company culture",
        [
            " 1. 1 Never / not at all  We are committed to doing whatever it takes",
            "                          to create satisfied customers.",
        ],
    )
    assert rows[1] == ("", [" 2. 5 Always              We try to do things right the first time."])
    assert rows[4][0] == "Products and sales materials"
    assert all(len(line) <= 70 for _, lines in rows for line in lines)
    words = [" ".join(" ".join(lines).split()) for _, lines in rows]
    for (_, item), text in zip(
        [(s, i) for s in builtin.sections for i in s.items], words, strict=True
    ):
        assert text.endswith(item.text)  # every word of every statement is there


def test_review_rows_in_a_narrow_terminal_put_the_statement_under_the_rating() -> None:
    fi = load_questionnaire(None, "fi")
    rows = review_rows(fi, [1] * 25, width=36)
    assert all(len(line) <= 36 for _, lines in rows for line in lines)
    assert rows[0][1][0].startswith(" 1. 1 ")
    assert rows[0][1][1].startswith("    " + fi.sections[0].items[0].text.split()[0])


def test_long_lines_are_wrapped_to_the_terminal_width(builtin: Questionnaire) -> None:
    # prompt_toolkit cuts every prompt line at the edge of the terminal,
    # so the interview wraps them itself.
    screen = screen_of(builtin, "", columns=40)
    assert max(len(line) for line in screen.splitlines()) <= 40
    words = " ".join(screen.split())
    assert "[1/25] Company culture — How customer-oriented is your company culture?" in words
    assert "We are committed to doing whatever it takes to create satisfied customers." in words
    assert "Type 1–5 or use the arrow keys, then press Enter." in words

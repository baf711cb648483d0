"""The interview's navigation as a pure state machine: frontier, back, review, change."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custserv_audit.interactive import navigation
from custserv_audit.interactive.navigation import Interview, Stage


def play(state: Interview, steps: Sequence[int | str]) -> tuple[Interview, list[int]]:
    """Feed answers (ints), "b" (back), "a" (accept) or "c<n>" (change statement n, 1-based).

    Returns the final state and the 0-based statements asked, in order.
    """
    asked: list[int] = []
    for step in steps:
        if state.stage in (Stage.ASK, Stage.CHANGE):
            asked.append(state.index)
        if step == "b":
            state = navigation.back(state)
        elif step == "a":
            state = navigation.accept(state)
        elif isinstance(step, str):
            state = navigation.change(state, int(step[1:]) - 1)
        else:
            state = navigation.answer(state, step)
    return state, asked


def test_a_new_interview_asks_every_statement_in_order_then_reviews() -> None:
    state, asked = play(navigation.start(5), [4, 3, 5, 1, 2])
    assert asked == [0, 1, 2, 3, 4]
    assert state.stage is Stage.REVIEW
    assert state.complete() == [4, 3, 5, 1, 2]
    assert play(state, ["a"])[0].stage is Stage.DONE


def test_nothing_is_preselected_for_an_unanswered_statement() -> None:
    state = navigation.start(3)
    assert state.current is None
    state = navigation.answer(state, 4)
    assert state.current is None


def test_back_offers_the_previous_answer_and_walks_forward_again() -> None:
    state, asked = play(navigation.start(5), [1, 2, 3, "b", "b"])
    assert state.index == 1 and state.current == 2
    state, asked = play(state, [5, 3, 4, 1])
    # Back twice from 4: 2 (changed to 5), 3 (kept), then 4 is new, then 5.
    assert asked == [1, 2, 3, 4]
    assert state.complete() == [1, 5, 3, 4, 1]


def test_no_way_back_from_the_first_statement() -> None:
    state = navigation.start(3)
    assert not state.can_go_back
    with pytest.raises(ValueError):
        navigation.back(state)
    assert navigation.answer(state, 2).can_go_back


def test_resume_asks_only_the_unanswered_statements_in_order() -> None:
    state, asked = play(navigation.start(8, [5, 4, None, None, 4, 4, None]), [1, 2, 3, 4])
    assert asked == [2, 3, 6, 7]
    assert state.complete() == [5, 4, 1, 2, 4, 4, 3, 4]


def test_resume_back_reaches_a_saved_answer_and_then_the_first_open_one() -> None:
    state, asked = play(navigation.start(4, [3, 3]), ["b", 5, 2, 1])
    assert asked == [2, 1, 2, 3]
    assert state.complete() == [3, 5, 2, 1]


def test_after_going_back_forward_reaches_the_next_open_statement() -> None:
    # A resumed file with a hole: back over a saved answer, forward again.
    state, asked = play(navigation.start(5, [1, None, 3, None]), [2, "b", 4, 5])
    assert asked == [1, 3, 2, 3]
    assert state.ratings == (1, 2, 4, 5, None)
    assert state.stage is Stage.ASK and state.index == 4


def test_complete_answers_go_straight_to_the_review() -> None:
    state = navigation.start(3, [1, 2, 3])
    assert state.stage is Stage.REVIEW
    assert state.current is None


def test_a_change_from_the_review_returns_to_the_review() -> None:
    state = navigation.start(3, [1, 2, 3])
    state = navigation.change(state, 1)
    assert state.stage is Stage.CHANGE and state.current == 2 and not state.can_go_back
    state = navigation.answer(state, 5)
    assert state.stage is Stage.REVIEW
    assert state.complete() == [1, 5, 3]


def test_the_review_is_the_only_way_to_finish() -> None:
    state = navigation.start(2)
    with pytest.raises(ValueError):
        navigation.accept(state)
    state = navigation.answer(navigation.answer(state, 1), 1)
    with pytest.raises(ValueError):
        navigation.answer(state, 3)
    with pytest.raises(ValueError):
        navigation.change(state, 2)
    assert navigation.accept(state).stage is Stage.DONE


@given(
    st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=1, max_size=12),
    st.lists(st.one_of(st.just("b"), st.integers(1, 5)), max_size=40),
)
def test_any_path_keeps_given_answers_until_asked_and_ends_in_the_review(
    given_ratings: list[int | None], keys: list[int | str]
) -> None:
    state = navigation.start(len(given_ratings), given_ratings)
    asked: set[int] = set()
    for key in keys:
        if state.stage is not Stage.ASK:
            break
        if key == "b":
            if state.can_go_back:
                state = navigation.back(state)
            continue
        asked.add(state.index)
        assert isinstance(key, int)
        state = navigation.answer(state, key)
    for i, rating in enumerate(given_ratings):
        if i not in asked:
            assert state.ratings[i] == rating
    # Answering (never going back) always reaches the review.
    while state.stage is Stage.ASK:
        state = navigation.answer(state, 3)
    assert state.stage is Stage.REVIEW
    assert None not in state.ratings


# --- one choice prompt -------------------------------------------------------------------

SCALE_KEYS = ("1", "2", "3", "4", "5", None, "b")


def test_enter_without_a_choice_chooses_nothing_and_says_what_to_type() -> None:
    picker, chosen = navigation.Picker(SCALE_KEYS).enter("Type 1-5")
    assert chosen is None
    assert picker.feedback == "Type 1-5"


def test_a_key_chooses_its_option_and_enter_confirms_it() -> None:
    picker = navigation.Picker(SCALE_KEYS).key("4", "{key} is no choice")
    assert picker.enter("")[1] == 3
    assert navigation.Picker(SCALE_KEYS).key("B", "").enter("")[1] == 6


def test_an_unknown_key_chooses_nothing_and_gets_feedback() -> None:
    picker = navigation.Picker(SCALE_KEYS, selected=2).key("7", "{key!r} is no choice")
    assert picker.selected == 2
    assert picker.feedback == "'7' is no choice"
    # The next real choice clears the feedback.
    assert picker.key("1", "").feedback == ""
    # Keys that print nothing are ignored quietly.
    assert navigation.Picker(SCALE_KEYS).key("\x1b", "x").feedback == ""


def test_arrows_start_at_either_end_and_wrap() -> None:
    assert navigation.Picker(SCALE_KEYS).move(1).selected == 0
    assert navigation.Picker(SCALE_KEYS).move(-1).selected == 6
    assert navigation.Picker(SCALE_KEYS, selected=6).move(1).selected == 0
    assert navigation.Picker(SCALE_KEYS, selected=0, feedback="x").move(-1).feedback == ""


def test_a_long_list_scrolls_only_as_far_as_the_chosen_option_needs() -> None:
    assert navigation.keep_in_sight(0, 5, 6, 10) == 0  # in sight: no scroll
    assert navigation.keep_in_sight(0, 12, 13, 10) == 4  # below: its last line at the bottom
    assert navigation.keep_in_sight(8, 3, 3, 10) == 3  # above: its first line at the top
    assert navigation.keep_in_sight(0, 20, 40, 10) == 20  # taller than the list: its start

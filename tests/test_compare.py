"""Comparison of two audits and series over time, against figures worked by hand."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from pathlib import Path

import pytest
from history_data import Q1, Q2

from custserv_audit.comparison import CompareError, compare, series_of
from custserv_audit.history.db import Record
from custserv_audit.model import Answers, Questionnaire, Result
from custserv_audit.render.data.history_json import comparison_to_dict
from custserv_audit.render.text.history_table import sparkline
from custserv_audit.schema.definition import load_questionnaire
from custserv_audit.scoring import score

ASSETS = Path(__file__).parent / "assets"


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return load_questionnaire(None, "en")


@pytest.fixture(scope="module")
def mini() -> Questionnaire:
    return load_questionnaire(ASSETS / "mini.yaml", "en")


def scored(
    q: Questionnaire, ratings: Mapping[str, Sequence[int]], date: str = "2026-02-15"
) -> Result:
    answers = Answers(q.id, {k: tuple(v) for k, v in ratings.items()}, "Example Oy", date)
    return score(q, answers)


def test_each_section_before_after_and_change(q: Questionnaire) -> None:
    # By hand: before 7/2, 7/2, 7/3, 3, 10/3, 17/5, 8/3 (total 326/15);
    # after 17/4, 7/2, 11/3, 11/3, 10/3, 4, 7/3 (total 99/4).
    c = compare(scored(q, Q1), scored(q, Q2, "2026-05-15"))
    assert [(s.section.id, s.before, s.after, s.change) for s in c.sections] == [
        ("culture", Fraction(7, 2), Fraction(17, 4), Fraction(3, 4)),
        ("products", Fraction(7, 2), Fraction(7, 2), Fraction(0)),
        ("feedback", Fraction(7, 3), Fraction(11, 3), Fraction(4, 3)),
        ("knowledge", Fraction(3), Fraction(11, 3), Fraction(2, 3)),
        ("accessibility", Fraction(10, 3), Fraction(10, 3), Fraction(0)),
        ("staff", Fraction(17, 5), Fraction(4), Fraction(3, 5)),
        ("improvement", Fraction(8, 3), Fraction(7, 3), Fraction(-1, 3)),
    ]
    # 99/4 - 326/15 = (1485 - 1304)/60 = 181/60
    assert c.total_change == Fraction(181, 60)
    assert c.band_changed is False
    assert [s.id for s in c.most_improved] == ["feedback"]
    assert [s.id for s in c.most_declined] == ["improvement"]


def test_the_json_of_a_comparison_has_rounded_figures(q: Questionnaire) -> None:
    c = compare(scored(q, Q1), scored(q, Q2, "2026-05-15"))
    data = comparison_to_dict(c, "q1.yaml", "2")
    assert data["total"] == {"before": 21.73, "after": 24.75, "change": 3.02}
    assert data["band"] == {"before": "adequate", "after": "adequate", "changed": False}
    assert data["sections"][2] == {
        "id": "feedback",
        "title": "Customer feedback",
        "before": 2.33,
        "after": 3.67,
        "change": 1.33,
    }
    assert data["before"]["reference"] == "q1.yaml"
    assert data["after"]["reference"] == "2"
    assert (data["most_improved"], data["most_declined"]) == (["feedback"], ["improvement"])


def test_ties_are_all_listed_and_a_band_change_is_seen(mini: Questionnaire) -> None:
    # mini: speed has 2 statements, care 3, scale 0-3; "good" from 3.5.
    before = scored(mini, {"speed": [1, 1], "care": [1, 1, 1]})  # 1 + 1 = 2, weak
    after = scored(mini, {"speed": [2, 2], "care": [2, 2, 2]})  # 2 + 2 = 4, good
    c = compare(before, after)
    assert [s.id for s in c.most_improved] == ["speed", "care"]
    assert c.most_declined == ()
    assert c.total_change == 2
    assert (before.band.id, after.band.id, c.band_changed) == ("weak", "good", True)


def test_no_change_means_no_movers(mini: Questionnaire) -> None:
    same = scored(mini, {"speed": [3, 2], "care": [1, 2, 0]})
    c = compare(same, same)
    assert (c.most_improved, c.most_declined, c.total_change) == ((), (), Fraction(0))


def test_audits_of_different_questionnaires_are_not_compared(
    q: Questionnaire, mini: Questionnaire
) -> None:
    with pytest.raises(CompareError) as caught:
        compare(scored(q, Q1), scored(mini, {"speed": [1, 1], "care": [1, 1, 1]}))
    assert str(caught.value) == (
        "cannot compare audits of different questionnaires: 'customer-orientation' and 'mini'"
    )


def test_sparklines_use_the_whole_scale_so_small_changes_look_small() -> None:
    # Scale 1-5 over 8 blocks: block (v - 1)/4 * 7, rounded (a half to even):
    # 1 -> 0, 3.5 -> 4.375 -> 4, 4.25 -> 5.69 -> 6, 5 -> 7; 3 -> 3.5 -> 4.
    assert sparkline([Fraction(1), Fraction(7, 2), Fraction(17, 4), Fraction(5)], 1, 5) == "▁▅▇█"
    assert sparkline([Fraction(3), None, Fraction(3)], 1, 5) == "▅ ▅"


def _record(
    id_: int, name: str, date: str, total: int, questionnaire: str = "customer-orientation"
) -> Record:
    return Record(
        id=id_, respondent=name, date=date, date_assumed=False, questionnaire=questionnaire,
        fingerprint="f", ratings={"a": (total,)}, band="adequate", scale_low=1, scale_high=5,
        source="", recorded_at="",
    )  # fmt: skip


def test_series_group_by_respondent_and_questionnaire_in_date_order() -> None:
    records = [
        _record(1, "Example Oy", "2026-05-01", 24),
        _record(2, "Other", "2026-01-01", 20),
        _record(3, "example  OY", "2026-02-01", 21),
        _record(4, "Example Oy", "2026-03-01", 30, questionnaire="mini"),
    ]
    series = series_of(records)
    assert [(s.respondent, s.questionnaire, [r.id for r in s.records]) for s in series] == [
        ("Other", "customer-orientation", [2]),
        ("Example Oy", "customer-orientation", [3, 1]),
        ("Example Oy", "mini", [4]),
    ]
    assert series[1].change(0) is None
    assert series[1].change(1) == 3

"""The public library API, used exactly as a consultant's script would: only top-level names."""

from __future__ import annotations

import statistics
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import SPEC_RATINGS

import custserv_audit as ca


def _write(folder: Path, name: str, ratings: dict[str, list[int]], team: str) -> Path:
    lines = [
        "questionnaire: customer-orientation",
        f"respondent: {name}",
        "date: 2026-11-20",
        f"metadata: {{team: {team}}}",
        "answers:",
        *(f"  {sid}: {values}" for sid, values in ratings.items()),
    ]
    path = folder / f"{name}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_public_names_are_exactly_those_documented() -> None:
    assert set(ca.__all__) == {
        "Answers", "AuditError", "Comparison", "History", "InputError", "Questionnaire",
        "QuestionnaireError", "Result", "Summary", "__version__", "compare",
        "load_questionnaire", "open_history", "read_answers", "score", "score_inputs",
        "summarise",
    }  # fmt: skip
    for name in ca.__all__:
        assert getattr(ca, name) is not None
    with pytest.raises(AttributeError):
        _ = ca.not_a_public_name


def test_load_score_summarise_compare_and_history_through_the_api(tmp_path: Path) -> None:
    q = ca.load_questionnaire(lang="fi")
    assert isinstance(q, ca.Questionnaire) and q.language == "fi"
    low = {sid: [max(1, v - 1) for v in values] for sid, values in SPEC_RATINGS.items()}
    _write(tmp_path, "a", SPEC_RATINGS, "north")
    _write(tmp_path, "b", low, "north")
    (tmp_path / "bad.yaml").write_text("questionnaire: customer-orientation\nanswers: 3\n")

    answers = list(ca.read_answers([tmp_path], q))
    assert [type(a) for a in answers] == [ca.Answers, ca.Answers, ca.InputError]
    outcomes = list(ca.score_inputs([tmp_path], q))
    a, b = (o for o in outcomes if isinstance(o, ca.Result))
    assert isinstance(answers[0], ca.Answers)
    assert a == ca.score(q, answers[0])
    # Independent computation: the total is the sum of the section means.
    expected = sum(Fraction(sum(v), len(v)) for v in SPEC_RATINGS.values())
    assert a.total == expected

    summary = ca.summarise(outcomes, q, group_by="team")
    assert summary.rejected == 1 and summary.count == 2
    assert summary.overall.total.mean == (a.total + b.total) / 2
    assert summary.overall.total.stdev == pytest.approx(
        statistics.stdev([float(a.total), float(b.total)])
    )
    assert [g.group for g in summary.groups] == ["north"]

    change = ca.compare(b, a)
    assert change.total_change == a.total - b.total

    with ca.open_history(tmp_path / "history.sqlite3", create=True) as history:
        assert history.records() == []


def test_a_bad_questionnaire_is_one_exception_listing_its_problems(tmp_path: Path) -> None:
    bad = tmp_path / "q.yaml"
    bad.write_text("id: x\n", encoding="utf-8")
    with pytest.raises(ca.QuestionnaireError) as info:
        ca.load_questionnaire(bad)
    assert info.value.problems and isinstance(info.value, ca.AuditError)

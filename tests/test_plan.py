"""The action plan's core: making it from an audit, the file read back strictly, follow-up.

Scores are worked by hand from the answers below; every rejected field must be
reported on its own line of the file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from fractions import Fraction

import pytest
from history_data import Q1

from custserv_audit.errors import UsageError
from custserv_audit.model import Answers, Questionnaire, Result, Target
from custserv_audit.plan import (
    Action,
    Plan,
    PlanError,
    Status,
    dump_plan,
    follow_up,
    make_plan,
    parse_plan,
    target_score,
)
from custserv_audit.schema.definition import load_questionnaire
from custserv_audit.scoring import score

# The first audit of history_data (Q1): feedback 7/3 is the weakest; improvement 8/3 next;
# total 21.73 (326/15), adequate.
BEFORE = Q1
# Three months later: feedback [3, 3, 3] = 3, improvement [2, 3, 3] = 8/3 still.
AFTER = {**BEFORE, "feedback": [3, 3, 3], "improvement": [2, 3, 3]}


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    """The built-in questionnaire with one measurable target on feedback."""
    base = load_questionnaire(None, "en")
    target = Target("complaint-satisfaction", "Complainants satisfied", "percent", "higher")
    sections = tuple(
        dataclasses.replace(s, targets=(target,)) if s.id == "feedback" else s
        for s in base.sections
    )
    return dataclasses.replace(base, sections=sections)


def audit(q: Questionnaire, ratings: dict[str, list[int]], date: str) -> Result:
    answers = Answers(
        questionnaire=q.id,
        ratings={k: tuple(v) for k, v in ratings.items()},
        respondent="Kahvila Mänty Oy",
        date=date,
        source="a.yaml",
    )
    return score(q, answers)


def new_plan(q: Questionnaire, *extra: str) -> Plan:
    result = audit(q, BEFORE, "2026-02-16")
    return make_plan(result, extra, today=dt.date(2026, 2, 20), record_id=4)


# --- making a plan ---------------------------------------------------------------------------


def test_the_weakest_section_gets_its_advice_as_open_actions_and_a_target(q: Questionnaire) -> None:
    plan = new_plan(q)
    assert [s.section for s in plan.sections] == ["feedback"]
    feedback = plan.sections[0]
    assert feedback.score == Fraction(7, 3)
    assert feedback.target_score == 3
    assert [a.text for a in feedback.actions] == [a.text for a in q.section("feedback").advice]
    assert all(
        a.status is Status.open and a.owner == "" and a.due is None for a in feedback.actions
    )
    assert [(m.id, m.unit, m.better, m.target) for m in feedback.measures] == [
        ("complaint-satisfaction", "percent", "higher", None)
    ]
    assert plan.audit_total == Fraction(326, 15)
    assert plan.audit_band == "adequate"
    assert plan.audit_record == 4
    assert plan.next_audit == dt.date(2026, 5, 22)  # 91 days after 2026-02-20


def test_sections_asked_for_are_added_in_questionnaire_order(q: Questionnaire) -> None:
    plan = new_plan(q, "staff", "culture", "feedback")
    assert [s.section for s in plan.sections] == ["culture", "feedback", "staff"]
    assert plan.sections[0].score == Fraction(14, 4)
    assert plan.sections[0].target_score == 4


def test_an_unknown_section_is_a_usage_error_naming_the_known_ones(q: Questionnaire) -> None:
    with pytest.raises(UsageError, match=r"'speed' is not a section.*culture, products"):
        new_plan(q, "speed")


@pytest.mark.parametrize(
    ("score_", "high", "expected"),
    [(Fraction(7, 3), 5, 3), (Fraction(3), 5, 4), (Fraction(46, 10), 5, 5), (Fraction(5), 5, 5)],
)
def test_target_score_is_the_next_whole_point_at_most_the_top(
    score_: Fraction, high: int, expected: int
) -> None:
    assert target_score(score_, high) == expected


# --- the file --------------------------------------------------------------------------------


def filled(plan: Plan) -> Plan:
    """The plan as people fill it in: owners, dates, a status, notes, figures."""
    feedback = plan.sections[0]
    actions = list(feedback.actions)
    actions[0] = dataclasses.replace(
        actions[0], owner="Aino", due=dt.date(2026, 3, 1), status=Status.done, notes='Log: "A4"'
    )
    actions[1] = dataclasses.replace(actions[1], owner="Matti", due=dt.date(2026, 3, 15))
    actions[2] = dataclasses.replace(actions[2], status=Status.dropped, notes="line 1\nline 2")
    measure = dataclasses.replace(feedback.measures[0], baseline=55.5, target=80)
    section = dataclasses.replace(feedback, actions=tuple(actions), measures=(measure,))
    return dataclasses.replace(plan, sections=(section, *plan.sections[1:]))


def test_a_written_plan_reads_back_the_same(q: Questionnaire) -> None:
    plan = filled(new_plan(q))
    text = dump_plan(plan)
    back = parse_plan(text.encode(), "plan.yaml", q)
    # Scores are written to two decimals: 7/3 comes back as 2.33, 326/15 as 21.73.
    expected_section = dataclasses.replace(plan.sections[0], score=Fraction(233, 100))
    assert back == dataclasses.replace(
        plan, sections=(expected_section,), audit_total=Fraction(2173, 100)
    )


def test_a_finnish_plan_has_finnish_comments_and_texts() -> None:
    fi = load_questionnaire(None, "fi")
    result = audit(fi, BEFORE, "2026-02-16")
    text = dump_plan(make_plan(result, today=dt.date(2026, 2, 20)))
    assert "Toimenpidesuunnitelma" in text.splitlines()[0]
    assert fi.section("feedback").advice[0].text in text
    assert parse_plan(text.encode(), "plan.yaml", fi).language == "fi"


def lines_of(text: str) -> list[str]:
    return text.splitlines()


def replace_line(text: str, startswith: str, new: str, nth: int = 0) -> tuple[str, int]:
    """Replace the nth line starting with `startswith` (after indentation); return its number."""
    lines = lines_of(text)
    hits = [
        n for n, line in enumerate(lines) if line.strip().removeprefix("- ").startswith(startswith)
    ]
    n = hits[nth]
    indent = lines[n][: len(lines[n]) - len(lines[n].strip().removeprefix("- "))]
    lines[n] = indent + new
    return "\n".join(lines) + "\n", n + 1


BAD_FIELDS = [
    ("plan:", "plan: 2", "format 2 is not supported"),
    ("questionnaire:", "questionnaire: Customer", "questionnaire: expected an id"),
    ("respondent:", 'respondent: ""', "respondent: expected a text"),
    ("date:", "date: 2026-02-30", "audit.date: expected a date (YYYY-MM-DD)"),
    ("record:", "record: -3", "audit.record: expected a history record id"),
    ("next_audit:", "next_audit: next spring", "next_audit: expected a date"),
    ("target_score:", "target_score: high", "sections[0].target_score: expected a number"),
    ("target_score:", "target_score: 6", "between 1 and 5"),
    ("section:", "section: speed", "section 'speed' is not in questionnaire"),
    ("due:", "due: 1.3.2026", "sections[0].actions[0].due: expected a date"),
    ("status:", "status: finished", "sections[0].actions[0].status: expected one of open"),
    ("owner:", "owner: [Aino, Matti]", "sections[0].actions[0].owner: expected a text"),
    ("action:", 'action: ""', "sections[0].actions[0].action: expected a text"),
    ("unit:", "unit: euros", "sections[0].measures[0].unit: expected one of seconds"),
    ("better:", "better: more", "measures[0].better: expected one of lower, higher"),
    ("target:", "target: 120", "measures[0].target: a percentage is between 0 and 100"),
    ("baseline:", "baseline: -1", "measures[0].baseline: cannot be negative"),
    ("measured:", "measured: yes", "measures[0].measured: expected a number or nothing"),
    ("notes:", "notes: 12", "sections[0].actions[0].notes: expected a text"),
    ("owner:", 'ower: "Aino"', "sections[0].actions[0]: unknown key 'ower'"),
]


@pytest.mark.parametrize(("field", "new", "message"), BAD_FIELDS)
def test_every_bad_field_is_reported_on_its_line(
    q: Questionnaire, field: str, new: str, message: str
) -> None:
    text, line = replace_line(dump_plan(filled(new_plan(q))), field, new)
    with pytest.raises(PlanError) as info:
        parse_plan(text.encode(), "plan.yaml", q)
    problems = [str(p) for p in info.value.problems]
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"plan.yaml:{line}: "), problems
    assert message in problems[0]


def test_several_bad_fields_are_all_reported_each_with_its_line(q: Questionnaire) -> None:
    text = dump_plan(filled(new_plan(q)))
    text, due_line = replace_line(text, "due:", "due: soon", nth=1)
    text, status_line = replace_line(text, "status:", "status: Done", nth=3)
    with pytest.raises(PlanError) as info:
        parse_plan(text.encode(), "plan.yaml", q)
    assert [str(p).split(": ")[0] for p in info.value.problems] == [
        f"plan.yaml:{due_line}",
        f"plan.yaml:{status_line}",
    ]


def test_missing_keys_and_a_duplicate_section_are_named(q: Questionnaire) -> None:
    text = (
        "plan: 1\nquestionnaire: customer-orientation\naudit: {date: 2026-02-16}\n"
        "sections:\n"
        "  - {section: feedback, target_score: 3}\n"
        "  - {section: feedback, target_score: 3, actions: [{owner: x}]}\n"
    )
    with pytest.raises(PlanError) as info:
        parse_plan(text.encode(), "p.yaml", q)
    assert [str(p) for p in info.value.problems] == [
        "p.yaml:1: the file: missing 'respondent'",
        "p.yaml:6: sections[1].section: section 'feedback' is listed twice",
        "p.yaml:6: sections[1].actions[0]: missing 'action'",
    ]


def test_a_plan_for_another_questionnaire_is_refused(q: Questionnaire, mini: Questionnaire) -> None:
    text = dump_plan(new_plan(q))
    with pytest.raises(PlanError, match="the plan is for 'customer-orientation'"):
        parse_plan(text.encode(), "plan.yaml", mini)


def test_not_a_plan_at_all(q: Questionnaire) -> None:
    with pytest.raises(PlanError) as info:
        parse_plan(b"- just\n- a list\n", "p.yaml", q)
    assert str(info.value.problems[0]) == "p.yaml:1: the file: expected a mapping"


# --- follow-up -------------------------------------------------------------------------------


def test_follow_up_compares_each_target_with_the_score_reached(q: Questionnaire) -> None:
    plan = filled(new_plan(q, "improvement"))
    later = audit(q, AFTER, "2026-05-20")
    result = follow_up(plan, later)
    by_id = {s.plan.section: s for s in result.sections}
    # feedback: 7/3 -> 3, target 3: met exactly; improvement: 8/3 -> 8/3, target 3: not met.
    assert by_id["feedback"].reached == 3 and by_id["feedback"].met
    assert by_id["feedback"].change == Fraction(3) - Fraction(7, 3)
    assert by_id["improvement"].reached == Fraction(8, 3) and not by_id["improvement"].met
    assert result.targets_met == 1
    counts = dict(result.status_counts)
    assert counts[Status.done] == 1 and counts[Status.dropped] == 1
    assert counts[Status.open] == len(plan.actions) - 2
    # Matti's action was due 2026-03-15 and is still open on 2026-05-20; Aino's is done.
    assert [a.owner for _s, a in result.overdue] == ["Matti"]


def test_a_measure_is_met_in_the_direction_that_is_better() -> None:
    from custserv_audit.plan import Measure

    time = Measure("answer-time", "Calls answered within", "seconds", "lower", 60, 20, 20)
    share = Measure("satisfied", "Satisfied", "percent", "higher", 50, 80, 79.5)
    assert time.met is True
    assert share.met is False
    assert Measure("x", "x", "count", "higher", None, 5, None).met is None


def test_an_action_is_overdue_only_while_pending() -> None:
    day = dt.date(2026, 3, 1)
    assert Action("a", due=day).overdue(dt.date(2026, 3, 2))
    assert not Action("a", due=day).overdue(day)
    assert not Action("a", due=day, status=Status.done).overdue(dt.date(2027, 1, 1))
    assert not Action("a").overdue(dt.date(2027, 1, 1))


def test_a_group_plan_starts_from_the_groups_exact_mean_scores(q: Questionnaire) -> None:
    from custserv_audit.plan import group_audited

    results = [audit(q, BEFORE, "2026-02-16"), audit(q, AFTER, "2026-03-01")]
    plan = make_plan(group_audited(results, "team Sales"), today=dt.date(2026, 3, 5))
    # feedback: (7/3 + 3) / 2 = 8/3; improvement: (8/3 + 8/3) / 2 = 8/3: a tie, both weakest.
    assert [(s.section, s.score) for s in plan.sections] == [
        ("feedback", Fraction(8, 3)),
        ("improvement", Fraction(8, 3)),
    ]
    assert plan.respondent == "team Sales"
    assert plan.audit_date == dt.date(2026, 3, 1)
    assert plan.audit_total == (results[0].total + results[1].total) / 2
    assert plan.audit_record is None


def test_a_perfect_audit_has_no_weak_area_so_the_areas_must_be_chosen(q: Questionnaire) -> None:
    perfect = audit(q, {sid: [5] * len(v) for sid, v in BEFORE.items()}, "2026-02-16")
    with pytest.raises(UsageError, match=r"no section is weak.*--section"):
        make_plan(perfect, today=dt.date(2026, 2, 20))
    plan = make_plan(perfect, ["staff"], today=dt.date(2026, 2, 20))
    assert [(s.section, s.score, s.target_score) for s in plan.sections] == [
        ("staff", Fraction(5), Fraction(5))
    ]


@pytest.mark.parametrize(
    ("better", "target", "measured", "state"),
    [
        ("lower", 3, 3, "met"),  # a share of returns at its target is met
        ("lower", 3, 3.5, "not_met"),
        ("higher", 80, 80, "met"),  # a share of satisfied complainants at its target is met
        ("higher", 80, 79.5, "not_met"),
        ("higher", 80, None, "not_measured"),
        ("lower", None, 2, "no_target"),
    ],
)
def test_a_measures_state_follows_the_questionnaires_direction(
    better: str, target: float | None, measured: float | None, state: str
) -> None:
    from custserv_audit.plan import Measure

    assert Measure("m", "m", "percent", better, 10, target, measured).state.value == state


def test_a_plan_may_not_turn_a_questionnaire_targets_direction_round(q: Questionnaire) -> None:
    text = dump_plan(new_plan(q))
    text, line = replace_line(text, "better:", "better: lower")
    with pytest.raises(PlanError) as info:
        parse_plan(text.encode(), "plan.yaml", q)
    assert [str(p) for p in info.value.problems] == [
        f"plan.yaml:{line}: sections[0].measures[0].better: the questionnaire's target "
        "'complaint-satisfaction' has better higher"
    ]
    # A measure the owner adds keeps the direction written for it.
    own = dump_plan(new_plan(q)).replace(
        "    measures:\n",
        "    measures:\n"
        '      - {id: "callbacks", text: "Call-backs", unit: count, better: lower}\n',
    )
    (section,) = parse_plan(own.encode(), "plan.yaml", q).sections
    assert [(m.id, m.better) for m in section.measures] == [
        ("callbacks", "lower"),
        ("complaint-satisfaction", "higher"),
    ]


def test_the_follow_up_names_the_targets_and_measures_met(q: Questionnaire) -> None:
    from custserv_audit.plan import MeasureState
    from custserv_audit.render.documents.plan_common import summary_lines
    from custserv_audit.render.text.plan_table import followup_lines

    plan = filled(new_plan(q, "improvement"))
    feedback = plan.sections[0]
    measured = dataclasses.replace(feedback.measures[0], target=80, measured=85)
    plan = dataclasses.replace(
        plan, sections=(dataclasses.replace(feedback, measures=(measured,)), plan.sections[1])
    )
    result = follow_up(plan, audit(q, AFTER, "2026-05-20"))
    assert result.measure_counts[MeasureState.met] == 1
    assert summary_lines(result, "en") == [
        "Score targets met: Customer feedback.",
        "Score targets not met: Continuous improvement.",
        "Measures: 1 met, 0 not met, 0 not measured yet (of 1).",
    ]
    assert followup_lines(result)[-1] == (
        "  Complainants satisfied: target 80\u00a0%, measured 85\u00a0% (met)"
    )

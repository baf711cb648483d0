"""The plan as a calendar (read back by an independent iCalendar parser) and as Markdown."""

from __future__ import annotations

import dataclasses
import datetime as dt
from fractions import Fraction
from pathlib import Path

import icalendar
import pytest
from documents_support import pdf_fonts, pdf_pages, pdf_text

from custserv_audit.plan import Action, Measure, Plan, SectionPlan, Status
from custserv_audit.render.data.plan_ics import escape, fold, render_ics
from custserv_audit.render.documents.plan_common import PlanFormat, render_plan_document
from custserv_audit.render.documents.plan_markdown import render_plan

NOW = dt.datetime(2026, 2, 20, 9, 30, tzinfo=dt.UTC)
LONG = (
    "Ota tänään käyttöön yksinkertainen valitusten seurantalista; kirjaa jokaisesta "
    "valituksesta asiakkaan yhteystiedot, vastaanottaja, päivämäärä ja mitä sovittiin."
)


def plan() -> Plan:
    actions = (
        Action(LONG, owner="Aino, Matti", due=dt.date(2026, 3, 1), status=Status.doing),
        Action("Thank every customer; really\nevery one", due=dt.date(2026, 3, 15), notes="a\\b"),
        Action("Book a weekly half hour", due=dt.date(2026, 4, 1), status=Status.dropped),
        Action("Undated action"),
        Action("Done early", due=dt.date(2026, 2, 25), status=Status.done),
    )
    measures = (
        Measure("answer-time", "Calls answered within", "seconds", "lower", 45, 20, None),
        Measure("satisfied", "Complainants | satisfied", "percent", "higher", 50, 80, 85.5),
    )
    section = SectionPlan(
        "feedback", "Customer feedback", Fraction(7, 3), Fraction(3), actions, measures
    )
    return Plan(
        questionnaire="customer-orientation",
        fingerprint="abc",
        language="en",
        respondent="Kahvila Mänty Oy",
        audit_date=dt.date(2026, 2, 16),
        audit_total=Fraction(326, 15),
        audit_band="adequate",
        sections=(section,),
        created=dt.date(2026, 2, 20),
        next_audit=dt.date(2026, 5, 22),
        audit_record=1,
    )


def test_escape_follows_rfc_5545_text_rules() -> None:
    assert escape("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


@pytest.mark.parametrize("text", ["x" * 200, "ä" * 100, "€" * 60 + "x" * 7, "😀" * 40])
def test_fold_keeps_lines_within_75_octets_and_never_splits_a_character(text: str) -> None:
    folded = fold("SUMMARY:" + text)
    pieces = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    # Unfolding (RFC 5545 3.1: remove CRLF followed by one space) gives the line back.
    assert folded.replace("\r\n ", "") == "SUMMARY:" + text


def test_the_calendar_is_read_back_by_an_icalendar_parser() -> None:
    text = render_ics(plan(), NOW)
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    # Four dated actions and the next audit; the undated action has no event.
    assert len(events) == 5
    first = events[0]
    assert first["SUMMARY"] == "Aino, Matti: " + LONG[:77] + "…"
    assert first.decoded("DTSTART") == dt.date(2026, 3, 1)
    assert first.decoded("DTEND") == dt.date(2026, 3, 2)
    assert str(first["DESCRIPTION"]).splitlines() == [
        LONG,
        "Section: Customer feedback",
        "Owner: Aino, Matti",
        "Status: doing",
    ]
    assert str(events[1]["SUMMARY"]) == "Thank every customer; really"
    assert str(events[1]["DESCRIPTION"]).endswith("Notes: a\\b")
    assert str(events[2]["STATUS"]) == "CANCELLED"
    assert events[-1].decoded("DTSTART") == dt.date(2026, 5, 22)
    assert "Next customer-service audit" in str(events[-1]["SUMMARY"])
    assert first.decoded("DTSTAMP") == NOW
    assert len({str(e["UID"]) for e in events}) == 5


def test_event_ids_stay_the_same_when_the_plan_is_edited() -> None:
    before = icalendar.Calendar.from_ical(render_ics(plan(), NOW))
    edited = plan()
    section = edited.sections[0]
    changed = dataclasses.replace(section.actions[0], text="Another wording", status=Status.done)
    edited = dataclasses.replace(
        edited, sections=(dataclasses.replace(section, actions=(changed, *section.actions[1:])),)
    )
    after = icalendar.Calendar.from_ical(render_ics(edited, NOW))
    uids = [[str(e["UID"]) for e in c.walk("VEVENT")] for c in (before, after)]
    assert uids[0] == uids[1]


def test_markdown_lists_actions_marks_overdue_and_shows_measures() -> None:
    text = render_plan(plan(), today=dt.date(2026, 3, 20))
    lines = text.splitlines()
    assert lines[0] == "# Action plan: Kahvila Mänty Oy"
    assert "Score at the audit: 2.33; target at the next audit: 3" in text
    row = next(line for line in lines if line.startswith("| Thank every customer"))
    # Due 2026-03-15, still open on 2026-03-20: overdue.
    assert row.split(" | ")[3] == "**overdue** (open)"
    doing = next(line for line in lines if line.startswith("| Ota tänään"))
    assert doing.split(" | ")[3] == "**overdue** (doing)"  # under way, but past its date
    done = next(line for line in lines if line.startswith("| Done early"))
    assert "overdue" not in done and done.split(" | ")[3] == "done"
    measure = next(line for line in lines if "Complainants" in line)
    # The pipe in the text is escaped so the table keeps six columns.
    assert measure == "| Complainants \\| satisfied | % | 50 | 80 | 85.5 | met |"
    time = next(line for line in lines if line.startswith("| Calls answered"))
    assert time == "| Calls answered within | seconds | 45 | 20 |  |  |"


def test_the_pdf_plan_is_one_or_two_pages_with_every_action_and_the_overdue_marked(
    tmp_path: Path,
) -> None:
    pdf = tmp_path / "plan.pdf"
    data = render_plan_document(plan(), PlanFormat.pdf, today=dt.date(2026, 3, 20))
    assert isinstance(data, bytes)
    pdf.write_bytes(data)
    assert pdf_pages(pdf) in (1, 2)
    text = pdf_text(pdf)
    assert text.startswith("Action plan: Kahvila Mänty Oy")
    assert "Score at the audit: 2.33; target at the next audit: 3" in text
    assert "overdue (open)" in text and "overdue (doing)" in text
    assert "Thank every customer; really every one" in text
    assert "Complainants | satisfied % 50 80 85.5 met" in text
    assert all(embedded == "yes" for _name, embedded in pdf_fonts(pdf))


def test_the_html_plan_escapes_texts_and_marks_overdue_and_dropped() -> None:
    hostile = plan()
    section = hostile.sections[0]
    action = dataclasses.replace(section.actions[3], text="<script>alert(1)</script> & co")
    hostile = dataclasses.replace(
        hostile,
        sections=(
            dataclasses.replace(
                section, actions=(*section.actions[:3], action, *section.actions[4:])
            ),
        ),
    )
    page = render_plan_document(hostile, PlanFormat.html, today=dt.date(2026, 3, 20))
    assert isinstance(page, str)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert page.count('<span class="overdue">overdue') == 2
    assert page.count('<tr class="row-dropped">') == 1
    assert "<h1>Action plan: Kahvila Mänty Oy</h1>" in page


@pytest.mark.parametrize(("lang", "shown"), [("en", "15.90"), ("fi", "15,90"), ("sk", "15,90")])
def test_the_plan_header_writes_the_total_with_two_decimals_as_the_report_does(
    lang: str, shown: str
) -> None:
    from custserv_audit.render.documents.plan_common import heading_lines

    _title, lines = heading_lines(
        dataclasses.replace(plan(), language=lang, audit_total=Fraction(159, 10))
    )
    assert f" {shown}." in lines[0]

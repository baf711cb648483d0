"""The plan → audit → follow-up loop as a user runs it, and `history delete` in a terminal."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

import icalendar
import jsonschema
import pexpect
import pytest
from history_data import Q1, Q2, answers_yaml
from typer.testing import CliRunner, Result

from custserv_audit.cli import app

WAIT = 30
DOCS = Path(__file__).parent.parent / "docs"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def audits(tmp_path: Path) -> tuple[Path, Path]:
    q1, q2 = tmp_path / "q1.yaml", tmp_path / "q2.yaml"
    q1.write_text(answers_yaml(Q1, "Kahvila Mänty Oy", "2026-02-15"), encoding="utf-8")
    q2.write_text(answers_yaml(Q2, "kahvila mänty oy", "2026-05-15"), encoding="utf-8")
    return q1, q2


def fill_in(plan: Path) -> None:
    """What the owner does in an editor: owners, dates, one action done, a baseline."""
    text = plan.read_text(encoding="utf-8")
    text = text.replace('owner: ""', 'owner: "Aino"', 1).replace("due: null", "due: 2026-03-01", 1)
    text = text.replace("status: open", "status: done", 1)
    text = text.replace('owner: ""', 'owner: "Matti"', 1).replace("due: null", "due: 2026-04-01", 1)
    text = text.replace("baseline: null", "baseline: 55", 1).replace(
        "target: null", "target: 80", 1
    )
    plan.write_text(text, encoding="utf-8")


def test_plan_then_next_audit_shows_which_targets_were_met(
    tmp_path: Path, audits: tuple[Path, Path]
) -> None:
    q1, q2 = audits
    db, plan = tmp_path / "h.sqlite3", tmp_path / "plan.yaml"
    made = run("plan", q1, "--today", "2026-02-20", "--output", plan, "--db", db)
    assert made.exit_code == 0, made.stderr
    assert made.stdout.startswith(f"Action plan written to {plan}: 1 section, 5 actions.")
    assert made.stderr == f"Recorded as plan #1 in {db}.\n"
    text = plan.read_text(encoding="utf-8")
    assert '  - section: "feedback"' in text and "target_score: 3" in text
    assert "complaint-satisfaction" in text and "complainant-repurchase" in text
    # The audit was recorded with the plan, and the plan is linked to it.
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT id, audit_id FROM action_plan").fetchall() == [(1, 1)]
    conn.close()

    fill_in(plan)
    shown = run("plan", "show", plan, "--today", "2026-05-10")
    assert shown.exit_code == 0, shown.stderr
    assert "overdue (open)" in shown.stdout  # Matti's action, due 2026-04-01
    assert "1 action overdue on 2026-05-10." in shown.stdout

    again = run("score", "--record", "--db", db, "-f", "json", q2)
    assert again.exit_code == 0, again.stderr
    # feedback 7/3 -> 11/3 against a target of 3: met.
    assert f"{q2}: Action plan of 2026-02-20: 1 of 1 target met" in again.stderr
    assert f"{q2}: Customer feedback: target 3, reached 3.67 (met)" in again.stderr

    compared = run("compare", "1", "2", "--db", db, "-f", "json")
    data = json.loads(compared.stdout)
    schema = json.loads((DOCS / "schemas" / "compare.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    plan_part = data["plan"]
    assert plan_part["targets_met"] == 1
    assert plan_part["targets"] == [
        {"id": "feedback", "from": 2.33, "target": 3.0, "reached": 3.67, "met": True}
    ]
    assert plan_part["actions"] == {"open": 4, "doing": 0, "done": 1, "dropped": 0}
    assert plan_part["overdue"] == 1
    table = run("compare", "1", "2", "--db", db)
    assert "Action plan of 2026-02-20: 1 of 1 target met" in table.stdout

    conn = sqlite3.connect(db)
    followed = conn.execute(
        "SELECT section, target_score, reached, met, followed_by FROM plan_followup"
    ).fetchall()
    conn.close()
    assert followed == [("feedback", 3.0, 11 / 3, 1, 2)]


def test_the_plan_prints_and_goes_into_a_calendar(
    tmp_path: Path, audits: tuple[Path, Path]
) -> None:
    plan = tmp_path / "plan.yaml"
    assert run("plan", audits[0], "--no-record", "-o", plan, "--today", "2026-02-20").exit_code == 0
    fill_in(plan)
    markdown = run("plan", plan, "--format", "markdown", "--today", "2026-03-10")
    assert markdown.exit_code == 0
    assert markdown.stdout.startswith("# Action plan: Kahvila Mänty Oy\n")
    assert "| **overdue** (open) |" not in markdown.stdout  # Matti's is due 2026-04-01
    pdf = tmp_path / "plan.pdf"
    assert run("plan", plan, "--format", "pdf", "-o", pdf).exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    ics = tmp_path / "plan.ics"
    assert run("plan", "ics", plan, "-o", ics).exit_code == 0
    events = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert sorted(str(e.decoded("DTSTART")) for e in events) == [
        "2026-03-01",
        "2026-04-01",
        "2026-05-22",
    ]
    again = run("plan", audits[0], "--no-record", "-o", plan)
    assert again.exit_code == 1
    assert "already exists (use --force to replace it)" in again.stderr


def test_a_broken_plan_file_names_each_bad_line(tmp_path: Path, audits: tuple[Path, Path]) -> None:
    plan = tmp_path / "plan.yaml"
    run("plan", audits[0], "--no-record", "-o", plan)
    lines = plan.read_text(encoding="utf-8").splitlines()
    due = next(n for n, line in enumerate(lines) if line.strip() == "due: null")
    status = next(n for n, line in enumerate(lines) if line.strip() == "status: open")
    lines[due] = lines[due].replace("due: null", "due: next week")
    lines[status + 5] = lines[status + 5].replace("status: open", "status: started")
    plan.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("plan", "show", plan)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{plan}:{due + 1}: sections[0].actions[0].due: expected a date (YYYY-MM-DD) or nothing",
        f"{plan}:{status + 6}: sections[0].actions[1].status: expected one of open, doing, "
        "done, dropped (not 'started')",
    ]


def test_a_group_of_a_batch_gets_a_plan_from_its_mean_scores(tmp_path: Path) -> None:
    items = [f"{sid}.{n}" for sid, values in Q1.items() for n in range(1, len(values) + 1)]
    rows = [
        ["A", "Sales", *(str(v) for values in Q1.values() for v in values)],
        ["B", "Sales", *(str(v) for values in Q2.values() for v in values)],
        ["C", "Support", *["5"] * 25],
    ]
    batch = tmp_path / "team.csv"
    batch.write_text(
        "\n".join(",".join(r) for r in [["respondent", "team", *items], *rows]) + "\n",
        encoding="utf-8",
    )
    plan = tmp_path / "sales.yaml"
    made = run("plan", batch, "--group", "team=Sales", "--no-record", "-o", plan)
    assert made.exit_code == 0, made.stderr
    text = plan.read_text(encoding="utf-8")
    # Sales means: improvement (8/3 + 7/3) / 2 = 2.5 is the lowest.
    assert 'respondent: "team=Sales"' in text
    assert '  - section: "improvement"' in text and "    score: 2.5" in text
    several = run("plan", batch, "--no-record", "-o", tmp_path / "x.yaml")
    assert several.exit_code == 2
    assert "holds 3 respondents" in several.stderr


def spawn_delete(tmp_path: Path, db: Path, *ids: str) -> pexpect.spawn:
    env = dict(os.environ, TERM="xterm", LANG="en_US.UTF-8", PYTHONIOENCODING="utf-8")
    env.pop("LC_ALL", None)
    return pexpect.spawn(
        sys.executable,
        ["-m", "custserv_audit", "history", "delete", *ids, "--db", str(db)],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=WAIT,
    )


def count(db: Path) -> int:
    conn = sqlite3.connect(db)
    n = int(conn.execute("SELECT count(*) FROM audit").fetchone()[0])
    conn.close()
    return n


def test_delete_in_a_terminal_asks_first(tmp_path: Path, audits: tuple[Path, Path]) -> None:
    db = tmp_path / "h.sqlite3"
    assert run("score", "--record", "--db", db, *audits).exit_code == 0
    child = spawn_delete(tmp_path, db, "2")
    child.expect_exact("#2 kahvila mänty oy, 2026-05-15, total 24.75")
    child.expect_exact(f"Delete this audit from {db}? This cannot be undone. [y/N] ")
    child.sendline("n")
    child.expect_exact("Nothing was deleted.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert count(db) == 2

    child = spawn_delete(tmp_path, db, "2")
    child.expect_exact("[y/N] ")
    child.sendline("y")
    child.expect_exact(f"Deleted 1 audit from {db}.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert count(db) == 1


def test_the_next_audit_says_which_measures_were_met(
    tmp_path: Path, audits: tuple[Path, Path]
) -> None:
    q1, q2 = audits
    db, plan = tmp_path / "h.sqlite3", tmp_path / "plan.yaml"
    assert run("plan", q1, "--today", "2026-02-20", "-o", plan, "--db", db).exit_code == 0
    text = plan.read_text(encoding="utf-8")
    # Satisfied complainants (higher is better): 80 aimed at, 85 reached.
    # Complainants buying again (higher is better): 60 aimed at, 50 reached.
    text = text.replace("target: null", "target: 80", 1).replace(
        "measured: null", "measured: 85", 1
    )
    text = text.replace("target: null", "target: 60", 1).replace(
        "measured: null", "measured: 50", 1
    )
    plan.write_text(text, encoding="utf-8")

    again = run("score", "--record", "--db", db, q2)
    assert again.exit_code == 0, again.stderr
    assert (
        f"{q2}: Share of complaining customers who are satisfied with how their complaint "
        "was handled: target 80\u00a0%, measured 85\u00a0% (met)"
    ) in again.stderr
    assert (
        f"{q2}: Share of complaining customers who buy from you again: "
        "target 60\u00a0%, measured 50\u00a0% (not met)"
    ) in again.stderr

    data = json.loads(run("compare", "1", "2", "--db", db, "-f", "json").stdout)
    schema = json.loads((DOCS / "schemas" / "compare.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert [
        (m["id"], m["better"], m["target"], m["measured"], m["state"])
        for m in data["plan"]["measures"]
    ] == [
        ("complaint-satisfaction", "higher", 80, 85, "met"),
        ("complainant-repurchase", "higher", 60, 50, "not_met"),
    ]
    assert data["plan"]["measures_met"] == 1
    table = run("compare", "1", "2", "--db", db).stdout
    assert "Score targets met: Customer feedback." in table
    assert "Measures: 1 met, 1 not met, 0 not measured yet (of 2)." in table


def test_the_report_holds_the_follow_up_of_the_plan(
    tmp_path: Path, audits: tuple[Path, Path]
) -> None:
    from documents_support import pdf_text

    q1, q2 = audits
    db, plan = tmp_path / "h.sqlite3", tmp_path / "plan.yaml"
    assert run("plan", q1, "--today", "2026-02-20", "-o", plan, "--db", db).exit_code == 0
    text = plan.read_text(encoding="utf-8").replace("status: open", "status: done", 1)
    text = text.replace("target: null", "target: 80", 1).replace(
        "measured: null", "measured: 85", 1
    )
    plan.write_text(text, encoding="utf-8")
    pdf, html = tmp_path / "r.pdf", tmp_path / "r.html"
    assert run("report", q2, "--db", db, "-o", pdf, "--lang", "en").exit_code == 0
    assert run("report", q2, "--db", db, "-f", "html", "-o", html, "--lang", "en").exit_code == 0
    words = pdf_text(pdf)
    follow = words[words.index("Follow-up of the action plan") :]
    assert "followed up by this audit of 2026-05-15. Score targets met: 1 of 1." in follow
    assert "Customer feedback 2.33 3 3.67 met" in follow
    assert "80 % 85 % met" in follow.replace("\u00a0", " ")
    assert "not measured yet" in follow  # the share who buy again has no figures
    assert "Actions: open 4, done 1" in follow
    page = html.read_text(encoding="utf-8")
    assert '<section class="followup">' in page
    assert '<td>3.67</td><td class="met">met</td>' in page
    # Without a plan in the history, the report has no such section.
    assert run("report", q2, "--db", tmp_path / "none.sqlite3", "-o", pdf, "--force").exit_code == 0
    assert "Follow-up of the action plan" not in pdf_text(pdf)


CORPUS_ANSWERS = Path(__file__).parent / "fuzz" / "corpus" / "answers" / "valid.yaml"


@pytest.mark.parametrize("lang", ["en", "fi", "sk"])
def test_a_plan_of_three_sections_prints_on_two_pages_on_a4_and_letter(
    tmp_path: Path, lang: str
) -> None:
    from documents_support import pdf_pages, pdf_text

    plan, pdf = tmp_path / "plan.yaml", tmp_path / "plan.pdf"
    made = run(
        "plan", CORPUS_ANSWERS, "--section", "accessibility", "--section", "products",
        "--no-record", "--lang", lang, "-o", plan,
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert plan.read_text(encoding="utf-8").count("- section:") == 3
    for paper in ("a4", "letter"):
        printed = run("plan", plan, "--format", "pdf", "--paper", paper, "-o", pdf, "--force")
        assert printed.exit_code == 0, printed.output
        assert pdf_pages(pdf) <= 2, (lang, paper)
        # Every action is printed: 15 rows under the three sections' tables.
        text = pdf_text(pdf)
        for line in plan.read_text(encoding="utf-8").splitlines():
            if line.strip().startswith("- action:"):
                first_words = " ".join(line.split(":", 1)[1].strip().strip("\"'").split()[:3])
                assert first_words in text, (lang, paper, first_words)


def test_the_slovak_follow_up_splits_no_column_header_word(
    tmp_path: Path, audits: tuple[Path, Path]
) -> None:
    from documents_support import pdf_text

    from custserv_audit.i18n import gettext_for

    q1, q2 = audits
    db, plan = tmp_path / "h.sqlite3", tmp_path / "plan.yaml"
    assert run("plan", q1, "--today", "2026-02-20", "-o", plan, "--db", db).exit_code == 0
    pdf = tmp_path / "r.pdf"
    assert run("report", q2, "--db", db, "-o", pdf, "--lang", "sk").exit_code == 0
    _ = gettext_for("sk")
    heads = ["Status", "Due", "Owner", "Section", "Action", "Planned from", "Reached", "Baseline"]
    heads += ["Measured", "open", "not measured yet"]
    words = pdf_text(pdf).split()
    for head in heads:
        for word in _(head).split():
            assert word in words, (head, word)


def test_the_follow_up_speaks_the_commands_language_not_the_plans(
    tmp_path: Path, audits: tuple[Path, Path]
) -> None:
    from custserv_audit.i18n import gettext_for, ngettext_for

    q1, q2 = audits
    db, plan, pdf = tmp_path / "h.sqlite3", tmp_path / "plan.yaml", tmp_path / "r.pdf"
    made = run("plan", q1, "--today", "2026-02-20", "-o", plan, "--db", db, "--lang", "en")
    assert made.exit_code == 0, made.output
    commands: list[tuple[str, list[str | Path]]] = [
        ("fi", ["report", q2, "--db", db, "-o", pdf, "--force"]),
        ("sk", ["score", q2, "--record", "--db", db, "-f", "json"]),
    ]
    for lang, command in commands:
        _ = gettext_for(lang)
        head = ngettext_for(lang)(
            "Action plan of {date}: {met} of {count} target met",
            "Action plan of {date}: {met} of {count} targets met",
            1,
        ).format(date="20.2.2026" if lang == "fi" else "20. 2. 2026", met=1, count=1)
        done = run(*command, "--lang", lang)
        assert done.exit_code == 0, done.output
        assert head in done.stderr, (lang, done.stderr)
        met = _("met")
        assert f"({met})" in done.stderr and "(met)" not in done.stderr, done.stderr
        assert "3,67" in done.stderr  # the decimal comma of the command's language
    table = run("compare", "1", "2", "--db", db, "--lang", "fi")
    assert gettext_for("fi")("Reached") in table.stdout and "Reached" not in table.stdout

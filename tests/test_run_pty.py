"""`custserv-audit run` as a user runs it: a real pseudo-terminal, digits typed one prompt
at a time, the verdict read off the screen and the answer file read off the disk.

Every wait is generous (CI machines are slow) and nothing is timed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pexpect
import pytest
from conftest import SPEC_RATINGS

from custserv_audit.model import Answers, Questionnaire
from custserv_audit.schema.answerfile import split
from custserv_audit.schema.answers import load_answers
from custserv_audit.schema.definition import load_questionnaire
from custserv_audit.scoring import score

WAIT = 30  # seconds for any one screen to appear
SPEC_FLAT = [r for values in SPEC_RATINGS.values() for r in values]


def environment(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        TERM="xterm",
        LANG="en_US.UTF-8",
        PYTHONIOENCODING="utf-8",
        # A finished audit is recorded in the history; keep it inside the test's folder.
        CUSTSERV_AUDIT_DB=str(tmp_path / "history.sqlite3"),
        # pexpect never answers prompt_toolkit's cursor-position request, which
        # would cost a one-second wait on every prompt; a real terminal answers it.
        PROMPT_TOOLKIT_NO_CPR="1",
    )
    env.pop("LC_ALL", None)
    env.pop("LC_MESSAGES", None)
    return env


def spawn(tmp_path: Path, *args: str) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "custserv_audit", "run", *args],
        cwd=str(tmp_path),
        env=environment(tmp_path),
        dimensions=(40, 250),
        encoding="utf-8",
        timeout=WAIT,
    )


def answer(child: pexpect.spawn, q: Questionnaire, ratings: list[int], first: int = 1) -> None:
    """Type each rating and Enter, once its prompt (its progress marker) is on screen."""
    total = q.item_count
    for n, rating in enumerate(ratings, start=first):
        child.expect_exact(f"[{n}/{total}]")
        child.send(f"{rating}\r")


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    status: int = child.exitstatus
    return status


def test_a_whole_audit_typed_into_a_terminal(builtin: Questionnaire, tmp_path: Path) -> None:
    save = tmp_path / "a.yaml"
    ratings = [5, 5, 5, 4, 4, 4, 5, 4, 3, 4, 4, 4, 4, 5, 5, 4, 5, 4, 4, 4, 3, 4, 4, 4, 5]
    child = spawn(tmp_path, "--respondent", "Acme Oy", "--save", str(save), "--lang", "en")
    answer(child, builtin, ratings)
    child.expect_exact("Review your answers.")
    child.send("a\r")
    expected = score(builtin, Answers(builtin.id, split(builtin, ratings)))
    child.expect_exact("Total: ")
    child.expect_exact(f"{float(expected.total):.2f} / 35")
    child.expect_exact(expected.band.label)
    child.expect_exact(f"Answers saved in {save}")
    assert finish(child) == 0
    # The file is a complete answer file that `score` reads.
    answers = load_answers(save.read_bytes(), str(save), builtin)
    flat = [r for values in answers.ratings.values() for r in values]
    assert flat == ratings
    assert (answers.respondent, answers.questionnaire) == ("Acme Oy", "customer-orientation")
    result = score(builtin, answers)
    # 4.75 + 4.25 + 11/3 + 13/3 + 14/3 + 3.8 + 13/3 = 29.80: an asset.
    assert result.total == expected.total == Fraction(298, 10)
    assert result.band.id == "asset"


def test_ctrl_c_in_a_terminal_keeps_the_answers_and_exits_130(
    builtin: Questionnaire, tmp_path: Path
) -> None:
    save = tmp_path / "a.yaml"
    child = spawn(tmp_path, "--respondent", "Acme Oy", "--save", str(save), "--lang", "en")
    answer(child, builtin, SPEC_FLAT[:7])
    child.expect_exact("[8/25]")
    child.sendcontrol("c")
    child.expect_exact(f"Interrupted. 7 of 25 answers are saved in {save}.")
    child.expect_exact(f"custserv-audit run --resume {save}")
    assert finish(child) == 130
    answers = load_answers(save.read_bytes(), str(save), builtin, partial=True)
    assert dict(answers.ratings) == {"culture": (5, 4, 4, 3), "products": (4, 4, 5)}

    # Resume asks the 18 remaining statements, starting at 8.
    child = spawn(tmp_path, "--resume", str(save), "--lang", "en")
    child.expect_exact(f"Resuming {save}: 7 of 25 statements answered.")
    answer(child, builtin, SPEC_FLAT[7:], first=8)
    child.expect_exact("Review your answers.")
    child.send("a\r")
    child.expect_exact("27.00 / 35")
    assert finish(child) == 0
    answers = load_answers(save.read_bytes(), str(save), builtin)
    assert {k: list(v) for k, v in answers.ratings.items()} == SPEC_RATINGS


def test_back_and_review_in_a_terminal(builtin: Questionnaire, tmp_path: Path) -> None:
    save = tmp_path / "a.yaml"
    child = spawn(tmp_path, "--respondent", "Acme Oy", "--save", str(save), "--lang", "en")
    answer(child, builtin, [2, 2])
    child.expect_exact("[3/25]")
    child.send("b\r")  # back to statement 2, its 2 pre-selected
    child.expect_exact("[2/25]")
    child.send("5\r")
    answer(child, builtin, SPEC_FLAT[2:], first=3)
    child.expect_exact("Review your answers.")
    child.send("\x1b[B\x1b[B\r")  # "Accept", then statement 1
    child.expect_exact("[1/25]")
    child.send("5\r")
    child.expect_exact("Review your answers.")
    child.send("a\r")
    # The reference's example answers with culture 5, 5, 4, 3: 4.25 instead of 4.00.
    child.expect_exact("27.25 / 35")
    assert finish(child) == 0
    answers = load_answers(save.read_bytes(), str(save), builtin)
    assert answers.ratings["culture"] == (5, 5, 4, 3)


def test_prompts_in_finnish(tmp_path: Path) -> None:
    fi = load_questionnaire(None, "fi")
    child = spawn(
        tmp_path, "--respondent", "Acme Oy", "--save", str(tmp_path / "a.yaml"), "--lang", "fi"
    )
    child.expect_exact(fi.sections[0].title)
    child.expect_exact(fi.sections[0].items[0].text[:40])
    for point in fi.scale.points:
        child.expect_exact(point.label)
    child.sendcontrol("c")
    assert finish(child) == 130


@pytest.mark.usefixtures("builtin")
def test_an_existing_save_file_is_left_alone(tmp_path: Path) -> None:
    save = tmp_path / "a.yaml"
    save.write_text("keep me\n", encoding="utf-8")
    child = spawn(tmp_path, "--respondent", "Acme Oy", "--save", str(save))
    child.expect_exact("already exists")
    assert finish(child) == 2
    assert save.read_text(encoding="utf-8") == "keep me\n"


def test_without_a_terminal_run_refuses_and_names_score(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "custserv_audit", "run"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment(tmp_path),
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "needs a terminal" in done.stderr
    assert "custserv-audit score" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_with_output_piped_run_refuses_and_names_score(tmp_path: Path) -> None:
    # Standard input is the terminal, standard output a pipe: `run | cat`.
    command = f"{sys.executable} -m custserv_audit run | cat; echo status=${{PIPESTATUS[0]}}"
    child = pexpect.spawn(
        "bash",
        ["-c", command],
        cwd=str(tmp_path),
        env=environment(tmp_path),
        encoding="utf-8",
        timeout=WAIT,
    )
    child.expect_exact("custserv-audit score")
    child.expect_exact("status=2")
    assert finish(child) == 0

"""The whole interactive audit through `run_session`: the answer file on disk after every
answer, interruption, resume, refusing to overwrite, and the result on screen."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Sequence
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import EXAMPLE_RATINGS
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from custserv_audit.errors import ExitCode, OutputError, UsageError
from custserv_audit.interactive import session
from custserv_audit.interactive.session import default_save_path, run_session
from custserv_audit.model import Answers, Questionnaire
from custserv_audit.render.text.safe_console import SafeConsole  # as the program prints
from custserv_audit.schema.answerfile import dump_answers, positions, split
from custserv_audit.schema.answers import load_answers
from custserv_audit.scoring import score

EXAMPLE_FLAT = [r for values in EXAMPLE_RATINGS.values() for r in values]
DATE = "2026-11-25"


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    """The keyboard; closed once the keys are sent, so running out of keys ends the prompt."""
    with create_pipe_input() as pipe:
        yield pipe


def typed(ratings: Sequence[int]) -> str:
    return "".join(f"{r}\r" for r in ratings)


def audit(
    q: Questionnaire,
    keys: PipeInput,
    text: str,
    save: Path | None = None,
    resume: Path | None = None,
    respondent: str | None = "Acme Oy",
    force: bool = False,
) -> tuple[int, str]:
    """Run a session with these keys; returns the exit code and everything it printed."""
    out = io.StringIO()
    keys.send_text(text)
    keys.close()
    code = run_session(
        q,
        respondent=respondent,
        save=save,
        resume=resume,
        date=DATE,
        force=force,
        console=SafeConsole(file=out, width=120, no_color=True, highlight=False),
        input=keys,
        output=DummyOutput(),
    )
    return code, out.getvalue()


def ratings_in(path: Path, q: Questionnaire, partial: bool = False) -> dict[str, list[int]]:
    answers = load_answers(
        path.read_bytes(), str(path), q, path.suffix.lstrip(".") or "yaml", partial
    )
    return {sid: list(values) for sid, values in answers.ratings.items()}


def test_a_full_audit_saves_after_every_answer_and_shows_the_result(
    builtin: Questionnaire, keys: PipeInput, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save = tmp_path / "acme.yaml"
    on_disk: list[str] = []
    real_save = session.save_answers

    def save_and_look(*args: object, **kwargs: object) -> None:
        real_save(*args, **kwargs)  # type: ignore[arg-type]
        on_disk.append(save.read_text(encoding="utf-8"))

    monkeypatch.setattr(session, "save_answers", save_and_look)
    code, out = audit(builtin, keys, typed(EXAMPLE_FLAT) + "a\r", save)
    assert code == 0
    # One save per answer (the first creates the file), one at the end.
    assert len(on_disk) == 26
    for n in range(25):
        expected = dump_answers(builtin.id, split(builtin, EXAMPLE_FLAT[: n + 1]), "Acme Oy", DATE)
        assert on_disk[n] == expected
    assert on_disk[25] == on_disk[24]
    # The saved file is a complete answer file that the strict loader accepts.
    answers = load_answers(save.read_bytes(), str(save), builtin)
    assert {k: list(v) for k, v in answers.ratings.items()} == EXAMPLE_RATINGS
    assert answers.respondent == "Acme Oy"
    assert answers.date == DATE
    assert score(builtin, answers).total == 27
    # The result screen: the total, the verdict, the weakest area and its advice.
    assert "Total: 27.00 / 35" in out
    assert "Adequate, but needs work" in out
    assert "Customer feedback (3.33)" in out
    assert builtin.section("feedback").advice[0].text[:40] in out
    assert f"Your answers are saved as you go in {save}" in out
    assert f"Answers saved in {save}" in out
    # What to do next: the report of this audit.
    assert out.rstrip().endswith(
        f"For a printable report: custserv-audit report {save} --format pdf --output acme.pdf"
    )
    # No trace of a temporary file beside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme.yaml"]


def test_going_back_and_changing_rewrites_the_file(
    builtin: Questionnaire, keys: PipeInput, tmp_path: Path
) -> None:
    save = tmp_path / "acme.yaml"
    # Answer 5, 4; go back, change 4 to 2; then Ctrl-C.
    code, _ = audit(builtin, keys, "5\r4\rb\r2\r\x03", save)
    assert code == ExitCode.INTERRUPTED
    assert ratings_in(save, builtin, partial=True) == {"culture": [5, 2]}


def test_a_change_in_the_review_is_saved_and_scored(
    builtin: Questionnaire, keys: PipeInput, tmp_path: Path
) -> None:
    save = tmp_path / "acme.yaml"
    # In the review, nine down is statement 9 (feedback.1, rated 3); make it 5.
    code, out = audit(builtin, keys, typed(EXAMPLE_FLAT) + "\x1b[B" * 10 + "\r5\ra\r", save)
    assert code == 0
    assert ratings_in(save, builtin)["feedback"] == [5, 3, 4]
    # Feedback 4.0 now; knowledge 3.67 and improvement 3.67 are the weakest; 27 + 2/3.
    assert "Total: 27.67 / 35" in out


def test_ctrl_c_keeps_every_answer_given_and_says_how_to_continue(
    builtin: Questionnaire, keys: PipeInput, tmp_path: Path
) -> None:
    save = tmp_path / "acme.yaml"
    code, out = audit(builtin, keys, typed(EXAMPLE_FLAT[:7]) + "\x03", save)
    assert code == ExitCode.INTERRUPTED
    assert ratings_in(save, builtin, partial=True) == {
        "culture": [5, 4, 4, 3],
        "products": [4, 4, 5],
    }
    assert f"Interrupted. 7 of 25 answers are saved in {save}." in out
    assert f"Continue later with: custserv-audit run --resume {save}" in out
    assert "Total" not in out


def test_the_resume_hint_repeats_the_questionnaire_and_the_language(
    mini: Questionnaire, keys: PipeInput, tmp_path: Path
) -> None:
    save = tmp_path / "mini-ans.yaml"
    keys.send_text("2\r\x03")
    keys.close()
    out = io.StringIO()
    code = run_session(
        mini,
        respondent="Mini Co",
        save=save,
        resume=None,
        date=DATE,
        console=SafeConsole(file=out, width=200, no_color=True),
        resume_options=["--questionnaire", "my q.yaml", "--lang", "en"],
        input=keys,
        output=DummyOutput(),
    )
    assert code == ExitCode.INTERRUPTED
    assert (
        f"Continue later with: custserv-audit run --resume {save} "
        "--questionnaire 'my q.yaml' --lang en"
    ) in out.getvalue()


def test_the_resume_command_is_quoted_for_the_shell(
    builtin: Questionnaire, keys: PipeInput, tmp_path: Path
) -> None:
    save = tmp_path / "my audit.yaml"
    code, out = audit(builtin, keys, "4\r\x03", save)
    assert code == ExitCode.INTERRUPTED
    assert f"custserv-audit run --resume '{save}'" in out


def test_resume_asks_only_the_rest_and_keeps_name_and_date(
    builtin: Questionnaire, tmp_path: Path
) -> None:
    save = tmp_path / "acme.yaml"
    with create_pipe_input() as keys:
        audit(builtin, keys, typed(EXAMPLE_FLAT[:7]) + "\x03", save)
    with create_pipe_input() as keys:
        # Exactly the 18 missing answers and Enter: one key more or less would fail.
        code, out = audit(
            builtin, keys, typed(EXAMPLE_FLAT[7:]) + "a\r", resume=save, respondent=None
        )
    assert code == 0
    assert f"Resuming {save}: 7 of 25 statements answered." in out
    answers = load_answers(save.read_bytes(), str(save), builtin)
    assert {k: list(v) for k, v in answers.ratings.items()} == EXAMPLE_RATINGS
    assert (answers.respondent, answers.date) == ("Acme Oy", DATE)
    assert "Total: 27.00 / 35" in out


def test_resume_of_a_hand_edited_file_with_gaps_keeps_every_answer(
    builtin: Questionnaire, keys: PipeInput, tmp_path: Path
) -> None:
    save = tmp_path / "gaps.yaml"
    save.write_text(
        "questionnaire: customer-orientation\n"
        "answers:\n  culture: [5, 4]\n  staff: [4, 4, 4, 3, 5]\n",
        encoding="utf-8",
    )
    asked = [4, 3, *EXAMPLE_FLAT[4:17], *EXAMPLE_FLAT[22:]]
    code, out = audit(builtin, keys, typed(asked) + "a\r", resume=save, respondent=None)
    assert code == 0
    assert f"Resuming {save}: 7 of 25 statements answered." in out
    assert ratings_in(save, builtin) == EXAMPLE_RATINGS


def test_resume_of_a_complete_file_goes_to_the_review(
    builtin: Questionnaire, keys: PipeInput, example_file: Path
) -> None:
    code, out = audit(builtin, keys, "a\r", resume=example_file, respondent=None)
    assert code == 0
    assert "Total: 27.00 / 35" in out
    assert (
        load_answers(example_file.read_bytes(), str(example_file), builtin).respondent
        == "Example Oy"
    )


def test_resume_of_a_file_for_another_questionnaire_is_refused(
    mini: Questionnaire, keys: PipeInput, example_file: Path
) -> None:
    before = example_file.read_bytes()
    with pytest.raises(UsageError, match="continue it without --questionnaire") as refused:
        audit(mini, keys, "", resume=example_file)
    assert str(refused.value).endswith(f"custserv-audit run --resume {example_file}")
    assert example_file.read_bytes() == before


def test_resume_names_the_questionnaire_the_file_needs(
    builtin: Questionnaire, keys: PipeInput, tmp_path: Path
) -> None:
    answers = tmp_path / "mini-ans.yaml"
    answers.write_text("questionnaire: mini\nanswers:\n  speed: [1]\n", encoding="utf-8")
    with pytest.raises(UsageError) as refused:
        run_session(
            builtin,
            respondent=None,
            save=None,
            resume=answers,
            date=DATE,
            resume_options=["--lang", "fi"],
            input=keys,
            output=DummyOutput(),
        )
    message = str(refused.value)
    assert "questionnaire 'mini'" in message
    assert message.endswith(f"custserv-audit run --resume {answers} --lang fi --questionnaire FILE")


def test_ctrl_c_before_the_first_answer_leaves_no_file(
    builtin: Questionnaire, keys: PipeInput, tmp_path: Path
) -> None:
    save = tmp_path / "acme.yaml"
    code, out = audit(builtin, keys, "\x03", save)
    assert code == ExitCode.INTERRUPTED
    assert "Interrupted before the first answer; nothing was saved." in out
    assert not save.exists()


def test_resume_from_a_csv_file_is_refused(
    builtin: Questionnaire, keys: PipeInput, tmp_path: Path
) -> None:
    table = tmp_path / "many.csv"
    table.write_text("respondent,culture.1\nAcme,4\n", encoding="utf-8")
    with pytest.raises(UsageError, match="YAML or JSON answer file"):
        audit(builtin, keys, "", resume=table)
    assert table.read_text(encoding="utf-8") == "respondent,culture.1\nAcme,4\n"


def test_resume_and_a_different_save_are_refused(
    builtin: Questionnaire, keys: PipeInput, example_file: Path, tmp_path: Path
) -> None:
    with pytest.raises(UsageError, match="continues in that file"):
        audit(builtin, keys, "", save=tmp_path / "other.yaml", resume=example_file)


def test_an_existing_save_file_is_not_replaced_without_force(
    builtin: Questionnaire, keys: PipeInput, example_file: Path
) -> None:
    before = example_file.read_bytes()
    with pytest.raises(UsageError, match=r"already exists; continue it with --resume"):
        audit(builtin, keys, typed(EXAMPLE_FLAT) + "a\r", save=example_file)
    assert example_file.read_bytes() == before


def test_force_replaces_the_save_file(
    builtin: Questionnaire, keys: PipeInput, example_file: Path
) -> None:
    code, _ = audit(builtin, keys, typed([1] * 25) + "a\r", save=example_file, force=True)
    assert code == 0
    assert ratings_in(example_file, builtin)["culture"] == [1, 1, 1, 1]


def test_a_save_path_that_cannot_be_written_is_refused_before_any_question(
    builtin: Questionnaire, keys: PipeInput, tmp_path: Path
) -> None:
    with pytest.raises(UsageError, match="is a folder"):
        audit(builtin, keys, "", save=tmp_path)
    with create_pipe_input() as other, pytest.raises(OutputError, match="does not exist"):
        audit(builtin, other, "", save=tmp_path / "missing" / "a.yaml")


def test_the_name_is_asked_when_not_given_and_names_the_file(
    builtin: Questionnaire, keys: PipeInput, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out = audit(
        builtin, keys, "Kahvila Ässä\r" + typed(EXAMPLE_FLAT) + "a\r", respondent=None
    )
    assert code == 0
    saved = tmp_path / "audit-kahvila-assa-2026-11-25.yaml"
    assert sorted(p.name for p in tmp_path.iterdir()) == [saved.name]
    assert load_answers(saved.read_bytes(), str(saved), builtin).respondent == "Kahvila Ässä"
    assert "Answers saved in audit-kahvila-assa-2026-11-25.yaml" in out


def test_ctrl_c_at_the_name_prompt_writes_nothing(
    builtin: Questionnaire, keys: PipeInput, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out = audit(builtin, keys, "Acm\x03", respondent=None)
    assert code == ExitCode.INTERRUPTED
    assert "Interrupted before the first answer; nothing was saved." in out
    assert list(tmp_path.iterdir()) == []


def test_a_json_save_file_is_written_as_json(
    builtin: Questionnaire, keys: PipeInput, tmp_path: Path
) -> None:
    save = tmp_path / "acme.json"
    code, _ = audit(builtin, keys, typed(EXAMPLE_FLAT) + "a\r", save)
    assert code == 0
    data = json.loads(save.read_text(encoding="utf-8"))
    assert data == {
        "questionnaire": "customer-orientation",
        "respondent": "Acme Oy",
        "date": DATE,
        "answers": EXAMPLE_RATINGS,
    }


def test_a_custom_questionnaire(mini: Questionnaire, keys: PipeInput, tmp_path: Path) -> None:
    save = tmp_path / "mini.yaml"
    code, out = audit(mini, keys, typed([0, 3, 2, 1, 3]) + "a\r", save)
    assert code == 0
    assert ratings_in(save, mini) == {"speed": [0, 3], "care": [2, 1, 3]}
    # 1.5 + 2 = 3.5: "good" starts at 3.5; speed is the weakest.
    assert "Total: 3.50 / 6" in out
    assert "Good" in out
    assert "Speed (1.50)" in out


# --- the answer file format -----------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Acme Oy",
        "Kahvila Ässä",
        'He said "hi" \\ ok',
        "tab\there",
        "line\u2028sep",
        "x\x85y",
        "#1: [a]",
    ],
)
def test_any_respondent_name_reads_back_exactly(builtin: Questionnaire, name: str) -> None:
    text = dump_answers(builtin.id, split(builtin, EXAMPLE_FLAT), name, DATE)
    assert len(text.splitlines()) == 11
    answers = load_answers(text.encode("utf-8"), "a.yaml", builtin)
    assert answers.respondent == name


def test_split_keeps_each_sections_answered_prefix(builtin: Questionnaire) -> None:
    flat: list[int | None] = [5, 4, None, None, 1, 2, 3, 4, *([None] * 17)]
    assert split(builtin, flat) == {"culture": (5, 4), "products": (1, 2, 3, 4)}
    assert split(builtin, []) == {}


def test_positions_places_every_answer_and_marks_the_gaps(builtin: Questionnaire) -> None:
    answers = Answers(builtin.id, {"culture": (5, 4), "improvement": (1, 2, 3)})
    flat = positions(builtin, answers)
    assert flat == [5, 4, None, None, *([None] * 18), 1, 2, 3]
    assert split(builtin, flat) == answers.ratings


def test_an_empty_partial_file_is_a_valid_start(builtin: Questionnaire) -> None:
    text = dump_answers(builtin.id, {}, None, None)
    assert text == 'questionnaire: "customer-orientation"\nanswers: {}\n'
    assert load_answers(text.encode(), "a.yaml", builtin, partial=True).ratings == {}


def test_default_save_path_never_reuses_a_name(tmp_path: Path) -> None:
    assert (
        default_save_path("Acme Oy!", DATE, tmp_path) == tmp_path / "audit-acme-oy-2026-11-25.yaml"
    )
    (tmp_path / "audit-acme-oy-2026-11-25.yaml").touch()
    assert (
        default_save_path("Acme Oy", DATE, tmp_path) == tmp_path / "audit-acme-oy-2026-11-25-2.yaml"
    )
    assert default_save_path("", DATE, tmp_path) == tmp_path / "audit-2026-11-25.yaml"


def test_the_total_matches_score_of_the_saved_file(
    builtin: Questionnaire, keys: PipeInput, tmp_path: Path
) -> None:
    save = tmp_path / "acme.yaml"
    ratings = [5, 5, 5, 5, 4, 4, 4, 4, 3, 3, 3, 2, 2, 2, 1, 1, 1, 5, 4, 3, 2, 1, 1, 2, 3]
    code, out = audit(builtin, keys, typed(ratings) + "a\r", save)
    assert code == 0
    result = score(builtin, load_answers(save.read_bytes(), str(save), builtin))
    # 5 + 4 + 3 + 2 + 1 + 3 + 2 = 20: at risk.
    assert result.total == Fraction(20)
    assert result.band.id == "at-risk"
    assert "Total: 20.00 / 35" in out
    assert result.band.label in out

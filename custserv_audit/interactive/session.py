"""One interactive audit from start to result: where answers live, resume, interruption."""

from __future__ import annotations

import re
import shlex
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import ExitCode, OutputError, UsageError
from ..i18n import gettext_for
from ..model import Answers, Questionnaire, Result
from ..output import write_atomic
from ..schema.answerfile import dump_answers, positions, split
from ..schema.answers import load_answers
from ..sources import kind_of, read_bytes


def default_save_path(respondent: str, date: str, folder: Path | None = None) -> Path:
    """A new file name in the current folder that does not exist yet."""
    # "Kahvila Ässä" → kahvila-assa: accents dropped, not the letters.
    plain = unicodedata.normalize("NFKD", respondent).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:40]
    stem = f"audit-{slug}-{date}" if slug else f"audit-{date}"
    base = folder or Path()
    candidate = base / f"{stem}.yaml"
    n = 2
    while candidate.exists():
        candidate = base / f"{stem}-{n}.yaml"
        n += 1
    return candidate


def save_answers(
    path: Path,
    questionnaire: Questionnaire,
    flat: Sequence[int | None],
    respondent: str | None,
    date: str | None,
) -> None:
    """Write the answers so far, atomically (replacing the previous save).

    A `.json` file gets JSON, anything else YAML, so `score` reads it back by its name.
    """
    text = dump_answers(
        questionnaire.id, split(questionnaire, flat), respondent, date, kind_of(path.name)
    )
    write_atomic(path, text, force=True)


def run_session(
    questionnaire: Questionnaire,
    respondent: str | None,
    save: Path | None,
    resume: Path | None,
    date: str,
    force: bool = False,
    console: Any = None,
    history: Path | None = None,
    **io: Any,
) -> int:
    """Run the interview and print the result; returns the exit code.

    With `history` (a database path) the completed audit is recorded there, and
    the result shows the change since the respondent's previous audit.

    `console` is the Rich console for messages and the result; `**io` goes to
    every prompt (prompt_toolkit `input=`/`output=`, used by the tests).
    """
    from rich.console import Console

    from ..render.text.table import result_view
    from ..scoring import score
    from .prompts import ask_text, interview

    _ = gettext_for(questionnaire.language)
    console = console or Console(highlight=False)
    total = questionnaire.item_count

    def say(text: str, style: str | None = None, wrap: bool = False) -> None:
        # Paths and names may contain [brackets]; never read them as Rich markup.
        # Lines are not broken unless asked, so a long path or command stays whole
        # for copying (the terminal still wraps it on screen).
        console.print(text, style=style, markup=False, highlight=False, soft_wrap=not wrap)

    given: list[int | None] = [None] * total
    if resume is not None:
        if save is not None and save.resolve() != resume.resolve():
            raise UsageError(
                _("--resume {resume} continues in that file; leave out --save {save}").format(
                    resume=resume, save=save
                )
            )
        if kind_of(resume.name) == "csv":
            raise UsageError(
                _(
                    "--resume {path}: continue from the YAML or JSON answer file that run "
                    "saved; a CSV file is for scoring many respondents with score"
                ).format(path=resume)
            )
        previous = load_answers(
            read_bytes(resume), str(resume), questionnaire, kind_of(resume.name), partial=True
        )
        given = positions(questionnaire, previous)
        respondent = respondent or previous.respondent
        date = previous.date or date
        path = resume
        say(questionnaire.title, "bold")
        say(
            _("Resuming {path}: {n} of {total} statements answered.").format(
                path=path, n=sum(r is not None for r in given), total=total
            )
        )
    else:
        if save is not None:
            _check_save_path(save, force, _)
        say(questionnaire.title, "bold")
        if questionnaire.instructions:
            say(questionnaire.instructions, wrap=True)
        if respondent is None:
            try:
                respondent = ask_text(questionnaire, _("Company or respondent name:"), **io) or None
            except (KeyboardInterrupt, EOFError):
                say(_("Interrupted before the first answer; nothing was saved."))
                return ExitCode.INTERRUPTED
        path = save if save is not None else default_save_path(respondent or "", date)
        save_answers(path, questionnaire, given, respondent, date)
        say(_("Your answers are saved as you go in {path}").format(path=path))

    answered = sum(r is not None for r in given)

    def on_change(flat: Sequence[int | None]) -> None:
        nonlocal answered
        save_answers(path, questionnaire, flat, respondent, date)
        answered = sum(r is not None for r in flat)

    try:
        ratings = interview(questionnaire, given, on_change, **io)
    except (KeyboardInterrupt, EOFError):
        say("")
        say(
            _("Interrupted. {n} of {total} answers are saved in {path}.").format(
                n=answered, total=total, path=path
            )
        )
        say(
            _("Continue later with: custserv-audit run --resume {path}").format(
                path=shlex.quote(str(path))
            )
        )
        return ExitCode.INTERRUPTED
    save_answers(path, questionnaire, ratings, respondent, date)
    answers = Answers(
        questionnaire=questionnaire.id,
        ratings=split(questionnaire, ratings),
        respondent=respondent,
        date=date,
        source=str(path),
    )
    result = score(questionnaire, answers)
    recorded, last_audit, problem = _record(history, result)
    console.print()
    console.print(result_view(result, last_audit))
    say(_("Answers saved in {path}").format(path=path))
    return _tell_recording(console, questionnaire, path, respondent, history, recorded, problem)


def _tell_recording(
    console: Any,
    questionnaire: Questionnaire,
    path: Path,
    respondent: str | None,
    history: Path | None,
    recorded: Any,
    problem: Exception | None,
) -> int:
    """Say what the history did with the audit; the exit code (1 when it could not record)."""
    import shlex
    import sys

    _ = gettext_for(questionnaire.language)

    def say(text: str) -> None:
        console.print(text, markup=False, highlight=False)

    if recorded is not None:
        if recorded.already:
            say(_("This audit is already in the history as #{id}.").format(id=recorded.id))
        else:
            say(
                _("Recorded in the history as audit #{id} ({db}).").format(
                    id=recorded.id, db=history
                )
            )
        if not respondent:
            say(
                _("No name was given, so the history keeps it under {name!r}.").format(
                    name=recorded.record.respondent
                )
            )
    if problem is None:
        return 0
    # The answers file is complete and safe; only the history is missing this audit.
    sys.stderr.write(str(problem) + "\n")
    sys.stderr.write(
        _(
            "Your answers are safe in {path}; record them later with: "
            "custserv-audit score --record {quoted}"
        ).format(path=path, quoted=shlex.quote(str(path)))
        + "\n"
    )
    return ExitCode.INPUT


def _record(history: Path | None, result: Result) -> tuple[Any, Result | None, Exception | None]:
    """Record a completed audit: (what was recorded, the previous audit, or the problem)."""
    if history is None:
        return None, None, None
    from ..errors import AuditError
    from ..history.db import open_history, record_audit

    try:
        with open_history(history) as db:
            recorded, previous = record_audit(db, result)
    except AuditError as exc:
        return None, None, exc
    return recorded, previous, None


def _check_save_path(save: Path, force: bool, _: Any) -> None:
    """Refuse a --save target that cannot or should not be written, before any question."""
    if save.is_dir():
        raise UsageError(_("--save {path} is a folder; give a file name").format(path=save))
    if save.exists() and not force:
        raise UsageError(
            _(
                "{path} already exists; continue it with --resume {path}, "
                "or replace it with --force"
            ).format(path=save)
        )
    folder = save.parent if str(save.parent) else Path()
    if not folder.is_dir():
        raise OutputError(
            _("{path}: the folder {folder} does not exist").format(path=save, folder=folder)
        )

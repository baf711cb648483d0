"""One interactive audit from start to result: where answers live, resume, interruption."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .answerfile import dump_answers, flatten, split
from .errors import EXIT_INTERRUPTED, UsageError
from .i18n import gettext_for
from .loader import load_answers, read_bytes
from .model import Answers, Questionnaire
from .output import write_atomic


def default_save_path(respondent: str, date: str, folder: Path | None = None) -> Path:
    """A new file name in the current folder that does not exist yet."""
    slug = re.sub(r"[^a-z0-9]+", "-", respondent.lower()).strip("-")[:40] or "audit"
    base = folder or Path()
    candidate = base / f"audit-{slug}-{date}.yaml"
    n = 2
    while candidate.exists():
        candidate = base / f"audit-{slug}-{date}-{n}.yaml"
        n += 1
    return candidate


def save_answers(
    path: Path, questionnaire: Questionnaire, flat: list[int], respondent: str | None, date: str | None
) -> None:
    """Write the answers so far, atomically (replacing the previous save)."""
    text = dump_answers(questionnaire.id, split(questionnaire, flat), respondent, date)
    write_atomic(path, text, force=True)


def run_session(
    questionnaire: Questionnaire,
    respondent: str | None,
    save: Path | None,
    resume: Path | None,
    date: str,
    force: bool = False,
    console: Any = None,
    **io: Any,
) -> int:
    """Run the interview, print the result; returns the exit code."""
    from rich.console import Console

    from .interview import ask_text, interview
    from .render.table import result_view
    from .scoring import score

    _ = gettext_for(questionnaire.language)
    console = console or Console(highlight=False)
    given: list[int] = []
    if resume is not None:
        previous = load_answers(
            read_bytes(resume), str(resume), questionnaire,
            "json" if resume.suffix.lower() == ".json" else "yaml", partial=True,
        )
        given = flatten(questionnaire, previous)
        respondent = respondent or previous.respondent
        date = previous.date or date
        path = resume
        console.print(
            _("Resuming {path}: {n} of {total} statements answered.").format(
                path=path, n=len(given), total=questionnaire.item_count
            )
        )
    else:
        if save is not None and save.exists() and not force:
            raise UsageError(
                _("{path} already exists; continue it with --resume {path}, or replace it with --force").format(
                    path=save
                )
            )
        console.print(f"[bold]{_escape(questionnaire.title)}[/bold]")
        if questionnaire.instructions:
            console.print(_escape(questionnaire.instructions))
        if respondent is None:
            respondent = ask_text(questionnaire, _("Company or respondent name:"), **io) or None
        path = save if save is not None else default_save_path(respondent or "", date)
        save_answers(path, questionnaire, [], respondent, date)
        console.print(_("Your answers are saved as you go in {path}").format(path=path))

    def on_change(flat: list[int]) -> None:
        save_answers(path, questionnaire, flat, respondent, date)

    try:
        ratings = interview(questionnaire, given, on_change, **io)
    except KeyboardInterrupt:
        console.print()
        console.print(
            _("Interrupted. Your answers so far are saved in {path}.").format(path=path)
            + "\n"
            + _("Continue later with: custserv-audit run --resume {path}").format(path=path),
            highlight=False,
        )
        return EXIT_INTERRUPTED
    save_answers(path, questionnaire, ratings, respondent, date)
    answers = Answers(
        questionnaire=questionnaire.id,
        ratings=split(questionnaire, ratings),
        respondent=respondent,
        date=date,
        source=str(path),
    )
    result = score(questionnaire, answers)
    console.print(result_view(result))
    console.print(_("Answers saved in {path}").format(path=path))
    return 0


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)

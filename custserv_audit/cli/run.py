"""`run`: take the audit interactively."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from ..i18n import gettext_for
from .app import (
    DbOpt,
    LangOpt,
    QuestionnaireOpt,
    _h,
    app,
    get_questionnaire,
    handle_errors,
    language,
)


@app.command(help=_h("Take the audit interactively; answers are saved as you go."))
@handle_errors
def run(
    respondent: Annotated[
        str | None, typer.Option("--respondent", "-r", help=_h("The company or person answering."))
    ] = None,
    save: Annotated[
        Path | None,
        typer.Option(
            "--save",
            "-s",
            help=_h("Where to save the answers (default: a new file in this folder)."),
            dir_okay=False,
        ),
    ] = None,
    resume: Annotated[
        Path | None,
        typer.Option(
            "--resume",
            help=_h("Continue an interrupted audit from its answer file."),
            dir_okay=False,
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help=_h("Date of the audit, YYYY-MM-DD (default: today).")),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help=_h("Replace an existing --save file."))
    ] = False,
    db: DbOpt = None,
    no_record: Annotated[
        bool,
        typer.Option(
            "--no-record",
            help=_h("Do not record the completed audit in the history database."),
        ),
    ] = False,
    questionnaire: QuestionnaireOpt = None,
    lang: LangOpt = None,
) -> None:
    """Take the audit interactively; answers are saved as you go."""
    from ..interactive.session import run_session

    lang_code = language(lang)
    _ = gettext_for(lang_code)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            _(
                "run is interactive and needs a terminal; to score saved answers without one, "
                "use: custserv-audit score FILE"
            )
        )
    if date is not None:
        from ..schema.answers import check_date

        if check_date(date) is None:
            raise UsageError(_("--date {date!r} is not an ISO date (YYYY-MM-DD)").format(date=date))
    q = get_questionnaire(questionnaire, lang_code)
    code = run_session(
        q,
        respondent=respondent,
        save=save,
        resume=resume,
        date=date or dt.date.today().isoformat(),
        force=force,
        history=None if no_record else _history_path(db),
    )
    if code:
        raise typer.Exit(code)


def _history_path(db: Path | None) -> Path:
    from ..history.db import resolve_path

    return resolve_path(db)

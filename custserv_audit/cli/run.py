"""`run`: take the audit interactively."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from ..i18n import gettext_for
from .app import (
    DbOpt,
    LangOpt,
    NormsOpt,
    QuestionnaireOpt,
    _h,
    app,
    examples,
    get_questionnaire,
    handle_errors,
    language,
)


@app.command(
    help=_h("Take the audit interactively; answers are saved as you go."),
    epilog=examples(
        "custserv-audit run",
        'custserv-audit run --respondent "Acme Oy" --lang fi',
        "custserv-audit run --resume audit-acme-oy-2026-11-30.yaml",
    ),
)
@handle_errors
def run(  # noqa: PLR0913 - a Typer command takes each option as a parameter
    respondent: Annotated[
        str | None,
        typer.Option(
            "--respondent", "-r", metavar="NAME", help=_h("The company or person answering.")
        ),
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
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help=_h("Date of the audit, YYYY-MM-DD (default: today)."),
        ),
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
    plain: Annotated[
        bool,
        typer.Option(
            "--plain",
            help=_h(
                "Ask one question a line, answered with a number and Enter, with no "
                "cursor movement (for screen readers and simple consoles; automatic "
                "when TERM=dumb or ACCESSIBLE is set)."
            ),
        ),
    ] = False,
    norms: NormsOpt = None,
    questionnaire: QuestionnaireOpt = None,
    lang: LangOpt = None,
) -> None:
    """Take the audit interactively; answers are saved as you go."""
    from ..interactive.plain import PlainIO, wants_plain
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
    norm = None
    if norms is not None:  # read before the interview: a bad norm file stops it early
        from ..norms.service import load_norm
        from ..output import err

        norm = load_norm(norms, q, db, err)
    options = _resume_options(
        questionnaire,
        lang is not None or q.language != "en",
        q.language,
        db,
        no_record,
        plain,
        norms,
    )
    code = run_session(
        q,
        respondent=respondent,
        save=save,
        resume=resume,
        date=date or dt.date.today().isoformat(),
        force=force,
        history=None if no_record else _history_path(db),
        resume_options=options,
        plain=PlainIO(sys.stdin, sys.stdout) if plain or wants_plain(os.environ) else None,
        norm=norm,
    )
    if code:
        raise typer.Exit(code)


def _resume_options(
    questionnaire: Path | None,
    with_lang: bool,
    lang: str,
    db: Path | None,
    no_record: bool,
    plain: bool,
    norms: str | None,
) -> list[str]:
    """The command-line options a later `run --resume` needs to carry on the same way."""
    options: list[str] = []
    if questionnaire is not None:
        options += ["--questionnaire", str(questionnaire)]
    if with_lang:
        options += ["--lang", lang]
    if db is not None:
        options += ["--db", str(db)]
    if no_record:
        options.append("--no-record")
    if plain:
        options.append("--plain")
    if norms is not None:
        options += ["--norms", norms]
    return options


def _history_path(db: Path | None) -> Path:
    from ..history.db import resolve_path

    return resolve_path(db)

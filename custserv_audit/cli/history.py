"""`history`, `history import` and `compare`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import (
    DbOpt,
    HistoryFormat,
    LangOpt,
    QuestionnaireOpt,
    ViewFormat,
    _h,
    app,
    get_questionnaire,
    handle_errors,
    language,
)
from .tables import NO_TABLE, TableArgs, table_input

history_app = typer.Typer(
    help=_h("Audits recorded over time: list them with each section's trend, or import a backup."),
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(history_app, name="history")


@history_app.callback(invoke_without_command=True)
@handle_errors
def history(
    ctx: typer.Context,
    respondent: Annotated[
        str | None,
        typer.Option(
            "--respondent", "-r", help=_h("Only this respondent (case and spacing do not matter).")
        ),
    ] = None,
    output_format: Annotated[
        HistoryFormat,
        typer.Option(
            "--format",
            "-f",
            help=_h(
                "table: one row per respondent with the trend (with --respondent: each audit "
                "and each section's trend); json: every audit with its answers (a backup that "
                "'history import' reads back); csv: one row per audit for a spreadsheet."
            ),
        ),
    ] = HistoryFormat.table,
    where: Annotated[
        list[str] | None,
        typer.Option(
            "--where",
            "-w",
            metavar="FIELD=VALUE",
            help=_h(
                "Only audits whose field has this value: a metadata field such as team or "
                "region (a CSV column, an answer file's metadata), or respondent, date, "
                "questionnaire, band, source. May be given more than once (all must match)."
            ),
        ),
    ] = None,
    db: DbOpt = None,
    questionnaire: QuestionnaireOpt = None,
    lang: LangOpt = None,
) -> None:
    """List the recorded audits in date order, with each section's trend over time."""
    if ctx.invoked_subcommand is not None:
        return
    from ..history.service import history_list

    code = language(lang)
    q = get_questionnaire(questionnaire, code)
    history_list(respondent, output_format.value, db, q, code, where or [])


@history_app.command(
    "delete",
    help=_h(
        "Delete recorded audits by id (see: custserv-audit history). In a terminal it shows "
        "them and asks first; a script must add --yes."
    ),
)
@handle_errors
def history_delete(
    ids: Annotated[
        list[str], typer.Argument(help=_h("Record ids, such as 3 7 12."), show_default=False)
    ],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help=_h("Delete without asking (for scripts)."))
    ] = False,
    db: DbOpt = None,
    lang: LangOpt = None,
) -> None:
    """Delete recorded audits by id; asks first in a terminal."""
    from ..history.service import history_delete as run_delete

    code = run_delete(ids, yes, db, language(lang))
    if code:
        raise typer.Exit(code)


@history_app.command(
    "import",
    help=_h("Import a backup: all of it or nothing; audits already recorded are kept once."),
)
@handle_errors
def history_import(
    file: Annotated[
        Path,
        typer.Argument(
            help=_h("A backup made with: custserv-audit history --format json"), dir_okay=False
        ),
    ],
    db: DbOpt = None,
    questionnaire: QuestionnaireOpt = None,
    lang: LangOpt = None,
) -> None:
    """Import a backup: all of it or nothing; audits already recorded are kept once."""
    from ..history.service import history_import as run_import

    code = language(lang)
    run_import(file, db, get_questionnaire(questionnaire, code), code)


@app.command(
    help=_h("Compare two audits: each section before and after, the total, the band, the movers.")
)
@handle_errors
@table_input()
def compare(
    before: Annotated[
        str, typer.Argument(help=_h("The earlier audit: an answer file or a history record id."))
    ],
    after: Annotated[
        str, typer.Argument(help=_h("The later audit: an answer file or a history record id."))
    ],
    output_format: Annotated[
        ViewFormat, typer.Option("--format", "-f", help=_h("Output format."))
    ] = ViewFormat.table,
    db: DbOpt = None,
    questionnaire: QuestionnaireOpt = None,
    lang: LangOpt = None,
    table: TableArgs = NO_TABLE,
) -> None:
    """Compare two audits: each section before and after, the total, the band, the movers."""
    from ..history.service import compare_audits

    code = language(lang)
    q = get_questionnaire(questionnaire, code)
    compare_audits(before, after, output_format is ViewFormat.json, db, q, code, table.options(q))

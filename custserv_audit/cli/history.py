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
    examples,
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


@history_app.callback(
    invoke_without_command=True,
    epilog=examples(
        "custserv-audit history",
        'custserv-audit history --respondent "Acme Oy"',
        "custserv-audit history --where team=Sales --format csv > audits.csv",
    ),
)
@handle_errors
def history(
    ctx: typer.Context,
    respondent: Annotated[
        str | None,
        typer.Option(
            "--respondent",
            "-r",
            metavar="NAME",
            help=_h("Only this respondent (case and spacing do not matter)."),
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
    epilog=examples(
        "custserv-audit history delete 3 7",
        "custserv-audit history delete 12 --yes",
    ),
)
@handle_errors
def history_delete(
    ids: Annotated[
        list[str],
        typer.Argument(metavar="ID...", help=_h("Record ids, such as 3 7 12."), show_default=False),
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
    epilog=examples(
        "custserv-audit history --format json > backup.json",
        "custserv-audit history import backup.json",
    ),
)
@handle_errors
def history_import(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help=_h("A backup made with: custserv-audit history --format json"),
            dir_okay=False,
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
    help=_h(
        "Compare two audits (each section before and after, the total, the band, the movers), "
        "or two waves of many respondents (a CSV, a workbook, a folder; or with --group-by): "
        "per group and section the change of the mean and whether it is beyond the noise."
    ),
    epilog=examples(
        "custserv-audit compare 1 3",
        "custserv-audit compare acme-2026.yaml acme-2027.yaml --format json",
    ),
)
@handle_errors
@table_input()
def compare(  # noqa: PLR0913 - a Typer command takes each option as a parameter
    before: Annotated[
        str,
        typer.Argument(
            metavar="BEFORE",
            help=_h("The earlier audit (an answer file or a history record id), or wave."),
        ),
    ],
    after: Annotated[
        str,
        typer.Argument(
            metavar="AFTER",
            help=_h("The later audit (an answer file or a history record id), or wave."),
        ),
    ],
    output_format: Annotated[
        ViewFormat, typer.Option("--format", "-f", help=_h("Output format."))
    ] = ViewFormat.table,
    group_by: Annotated[
        str | None,
        typer.Option(
            "--group-by",
            metavar="FIELD",
            help=_h(
                "Waves: compare per group of this field (a CSV column or an answer file's "
                "metadata field) as well as overall."
            ),
        ),
    ] = None,
    min_group: Annotated[
        int,
        typer.Option(
            "--min-group",
            metavar="N",
            min=1,
            help=_h(
                "Waves: withhold a group's figures when it has fewer than N respondents in "
                "either wave."
            ),
        ),
    ] = 3,
    db: DbOpt = None,
    questionnaire: QuestionnaireOpt = None,
    lang: LangOpt = None,
    table: TableArgs = NO_TABLE,
) -> None:
    """Compare two audits, or two waves of many respondents."""
    from ..batch.waves import WavesRequest, compare_inputs

    code = language(lang)
    q = get_questionnaire(questionnaire, code)
    as_json = output_format is ViewFormat.json
    request = WavesRequest(before, after, group_by, min_group, as_json, table.options(q))
    status = compare_inputs(request, q, db, code)
    if status:
        raise typer.Exit(status)

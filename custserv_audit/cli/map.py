"""`map`: draft a mapping file for a survey export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import (
    ForceOpt,
    LangOpt,
    QuestionnaireOpt,
    _h,
    app,
    examples,
    get_questionnaire,
    handle_errors,
    language,
)
from .tables import NO_TABLE, TableArgs, table_input


@app.command(
    name="map",
    help=_h(
        "Draft a mapping file for a survey export: the column of each statement, how it was "
        "found, the value labels and the columns left over. Edit it and score with --map."
    ),
    epilog=examples(
        "custserv-audit map survey_123456.csv -o map.yaml",
        "custserv-audit score survey_123456.csv --map map.yaml",
    ),
)
@handle_errors
@table_input(with_map=False)
def map_command(
    export: Annotated[
        Path,
        typer.Argument(metavar="FILE", help=_h("The export (CSV, TSV or .xlsx)."), dir_okay=False),
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help=_h("Write the mapping to this file."), metavar="FILE"),
    ] = None,
    force: ForceOpt = False,
    questionnaire: QuestionnaireOpt = None,
    lang: LangOpt = None,
    table: TableArgs = NO_TABLE,
) -> None:
    """Draft a mapping file for a survey export."""
    from ..intake.draft import draft_mapping_of
    from ..output import atomic_writer, check_writable

    q = get_questionnaire(questionnaire, language(lang))
    options = table.options(q)
    if output is not None:
        check_writable(output, force)
    text = draft_mapping_of(export, q, options)
    if output is None:
        typer.echo(text, nl=False)
        return
    with atomic_writer(output, force=force) as handle:
        handle.write(text)

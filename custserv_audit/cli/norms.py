"""`norms build`: a norm file (score distributions only) from a batch or the history."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from ..i18n import gettext_for
from .app import (
    DbOpt,
    ForceOpt,
    InputFormatOpt,
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

norms_app = typer.Typer(
    help=_h(
        "Norms: how many respondents had each score, per section and total, to place new "
        "audits against (score --norms FILE)."
    ),
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
)
app.add_typer(norms_app, name="norms")


@norms_app.callback(
    epilog=examples(
        "custserv-audit norms build wave1/ -o norm.json",
        "custserv-audit score wave2/ --norms norm.json",
    )
)
def norms() -> None:
    """Norms: score distributions to place new audits against."""


@norms_app.command(
    "build",
    help=_h(
        "Make a norm file from answer files, exports or the history (--from-history). It holds "
        "only how many respondents had each score, the number of respondents, the "
        "questionnaire and the date range: no names, no answers."
    ),
    epilog=examples(
        "custserv-audit norms build wave1/ export.csv -o norm.json",
        "custserv-audit norms build --from-history -o norm.json",
    ),
)
@handle_errors
@table_input()
def build(  # noqa: PLR0913 - a Typer command takes each option as a parameter
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="FILE...",
            help=_h("Inputs as for score: files, folders, glob patterns, or - for standard input."),
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help=_h("The norm file to write (JSON)."), metavar="FILE"),
    ] = Path("norms.json"),
    from_history: Annotated[
        bool,
        typer.Option(
            "--from-history",
            help=_h("Use each respondent's latest audit in the history database instead."),
        ),
    ] = False,
    force: ForceOpt = False,
    db: DbOpt = None,
    input_format: InputFormatOpt = None,
    questionnaire: QuestionnaireOpt = None,
    lang: LangOpt = None,
    table: TableArgs = NO_TABLE,
) -> None:
    """Make a norm file from answer files, exports or the history."""
    from ..norms.service import write_norm_file
    from ..output import check_writable, err

    lang_code = language(lang)
    _ = gettext_for(lang_code)
    if bool(paths) == from_history:
        raise UsageError(_("give the inputs to make the norm from, or --from-history (not both)"))
    check_writable(output, force)  # before the questionnaire is read, as every command does
    q = get_questionnaire(questionnaire, lang_code)
    fmt = input_format.value if input_format else None
    options = table.options(q)
    if write_norm_file(output, q, err, paths or [], db, force, fmt, options):
        raise typer.Exit(1)

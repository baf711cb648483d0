"""`scan`: read filled-in paper forms back from scans and photos into answer files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from ..i18n import _
from .app import ForceOpt, LangOpt, QuestionnaireOpt, _h, app, examples, handle_errors, language


@app.command(
    help=_h(
        "Read filled-in paper forms from scans and photos (PDF, PNG, JPEG) and write one "
        "answer file per respondent. Needs the 'scan' extra."
    ),
    epilog=examples(
        "custserv-audit scan scans/ --output-dir answers/",
        "custserv-audit scan scans/ --output-dir answers/ --review --force",
    ),
)
@handle_errors
def scan(  # noqa: PLR0913 - a Typer command takes each option as a parameter
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE...",
            help=_h("Scanned PDFs, photos, or folders of them."),
            show_default=False,
        ),
    ],
    output_dir: Annotated[
        Path,
        typer.Option(
            "--output-dir",
            "-d",
            help=_h("Folder for the answer files (made when missing)."),
            file_okay=False,
        ),
    ],
    respondent: Annotated[
        str | None,
        typer.Option(
            "--respondent",
            metavar="NAME",
            help=_h("The respondent of an unpersonalised form (default: from the file name)."),
        ),
    ] = None,
    roster: Annotated[
        Path | None,
        typer.Option(
            "--respondents",
            help=_h(
                "The roster the forms were printed from: names and its other columns (such "
                "as team) go into the answer files."
            ),
            dir_okay=False,
        ),
    ] = None,
    review: Annotated[
        bool,
        typer.Option(
            "--review", help=_h("Ask in the terminal for every statement left unanswered.")
        ),
    ] = False,
    force: ForceOpt = False,
    questionnaire: QuestionnaireOpt = None,
    lang: LangOpt = None,
) -> None:
    """Read filled-in paper forms back into answer files."""
    from ..interactive.questions import TerminalLines
    from ..paper.scan_service import ScanRequest, require_libraries
    from ..paper.scan_service import scan as scan_forms

    require_libraries()
    if review and not typer.get_text_stream("stdin").isatty():
        raise UsageError(_("--review needs a terminal"))
    request = ScanRequest(
        files, output_dir, respondent, roster, review, force, questionnaire, language(lang)
    )
    code = scan_forms(request, TerminalLines(echo=typer.echo) if review else None)
    if code:
        raise typer.Exit(code)

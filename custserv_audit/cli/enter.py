"""`enter`: type a pile of paper forms in at the speed of typing digits."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from ..i18n import _
from .app import (
    LangOpt,
    QuestionnaireOpt,
    _h,
    app,
    examples,
    get_questionnaire,
    handle_errors,
    language,
)


@app.command(
    help=_h(
        "Type paper forms in: the name, then one line of digits per section. Saved after "
        "every form to a CSV file or a folder of answer files; run again to go on."
    ),
    epilog=examples(
        "custserv-audit enter workshop.csv",
        "custserv-audit enter workshop.csv --verify",
    ),
)
@handle_errors
def enter(
    output: Annotated[
        Path,
        typer.Argument(
            metavar="OUTPUT",
            help=_h("A CSV file (NAME.csv) or a folder for one answer file per form."),
            show_default=False,
        ),
    ],
    verify: Annotated[
        bool,
        typer.Option(
            "--verify",
            help=_h(
                "Double entry: type the same forms again; every disagreement with the first "
                "entry is shown and settled."
            ),
        ),
    ] = False,
    questionnaire: QuestionnaireOpt = None,
    lang: LangOpt = None,
) -> None:
    """Type paper forms in, section by section."""
    from ..interactive.questions import TerminalLines
    from ..paper.entry_service import enter_forms

    if not typer.get_text_stream("stdin").isatty():
        raise UsageError(_("enter needs a terminal"))
    q = get_questionnaire(questionnaire, language(lang))
    enter_forms(q, output, TerminalLines(echo=typer.echo), verify)

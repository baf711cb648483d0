"""`validate`: check a questionnaire definition."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import (
    LangOpt,
    _h,
    app,
    examples,
    handle_errors,
)


@app.command(
    help=_h("Check a questionnaire definition; every problem is listed with its line."),
    epilog=examples(
        "custserv-audit questionnaire export -o mine.yaml",
        "custserv-audit validate mine.yaml",
    ),
)
@handle_errors
def validate(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help=_h("The questionnaire definition to check."), dir_okay=False
        ),
    ],
    lang: LangOpt = None,
) -> None:
    """Check a questionnaire definition; every problem is listed with its line."""
    del lang  # handle_errors has made it the language of every message
    from ..output import err
    from ..schema.definition import check_definition

    print(check_definition(file, err))

"""`validate`: check a questionnaire definition."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
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
    from ..schema.definition import PRINTED_TEXT_LIMIT, long_texts, read_questionnaire

    versions = read_questionnaire(file, None)
    q = next(iter(versions.values()))
    for line, length in long_texts(file):
        where = f"{file}:{line}" if line is not None else str(file)
        warning = _(
            "Warning: a text of {length} characters; printed forms and reports cut it to {limit}"
        )
        err(f"{where}: " + warning.format(length=length, limit=PRINTED_TEXT_LIMIT))
    print(
        _(
            "{file}: valid questionnaire {id!r} (sections: {sections}, statements: {items}, "
            "scale: {low}–{high}, bands: {bands}, languages: {languages})"
        ).format(
            file=file,
            id=q.id,
            sections=len(q.sections),
            items=q.item_count,
            low=q.scale.low,
            high=q.scale.high,
            bands=len(q.bands),
            languages=", ".join(q.languages),
        )
    )

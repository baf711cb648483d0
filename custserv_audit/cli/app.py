"""The application, the options every command shares, and errors turned into exit codes.

Heavy modules (questionary, Rich tables, reportlab) are imported inside the
command that needs them, so `score --format json` starts fast.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from ..i18n import gettext_for, interface_language
from ..render.documents import Paper
from .common import CommandExit, Lang, run_reporting_errors
from .common import InputFormat as InputFormat
from .common import get_questionnaire as get_questionnaire
from .common import language as language
from .framework import install as install_framework_words

# Help texts are built when this module is imported, before Typer reads any option:
# the console script finds the command line's --lang first, else the locale decides
# (LANG=fi_FI.UTF-8 custserv-audit --help is Finnish). Typer's and Click's own words
# ("Usage:", "Invalid value") follow the same choice; everything a command prints
# follows its --lang (see handle_errors).
_h = gettext_for(interface_language())
install_framework_words(interface_language())

app = typer.Typer(
    name="custserv-audit",
    help=_h(
        "How customer-oriented is your business? Run the 25-statement self-audit, "
        "score answer files, print forms and reports."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])


def _show_version(value: bool) -> None:
    """Print the version and stop (the eager --version option)."""
    if value:
        from .. import __version__

        print(f"custserv-audit {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    _version: Annotated[
        bool,
        typer.Option(
            "--version",
            help=_h("Show the version and exit."),
            is_eager=True,
            callback=_show_version,
        ),
    ] = False,
) -> None:
    """The options that come before the command."""


QuestionnaireOpt = Annotated[
    Path | None,
    typer.Option(
        "--questionnaire",
        "-q",
        help=_h("A custom questionnaire definition (YAML or JSON) instead of the built-in one."),
        dir_okay=False,
    ),
]
LangOpt = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help=_h("Language of texts and messages (default: from the locale, else English)."),
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help=_h("Replace an existing output file."))]
DbOpt = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help=_h(
            "The history database (default: $CUSTSERV_AUDIT_DB, else history.sqlite3 in your "
            "user data folder)."
        ),
        dir_okay=False,
        show_default=False,
    ),
]


class ViewFormat(StrEnum):
    """Output formats of `history` and `compare`."""

    table = "table"
    json = "json"


class HistoryFormat(StrEnum):
    """Output formats of `history`."""

    table = "table"
    json = "json"
    csv = "csv"


def handle_errors(func: F) -> F:
    """Turn the tool's exceptions into one clear line and the exit code (docs/reference.md).

    The command's language (--lang, else the locale) is made the active language
    for its duration, so messages made deep in the core come out in it too.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return run_reporting_errors(func, *args, **kwargs)
        except CommandExit as done:
            raise typer.Exit(done.code) from None

    return wrapper  # type: ignore[return-value]


OutputDocOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help=_h(
            "Write to this file. Without it HTML and Markdown go to standard output, and so "
            "does a PDF when standard output is a file or a pipe (never a terminal)."
        ),
        dir_okay=False,
    ),
]
PaperOpt = Annotated[Paper, typer.Option("--paper", help=_h("Paper size."))]
NormsOpt = Annotated[
    str | None,
    typer.Option(
        "--norms",
        metavar="FILE|history",
        help=_h(
            "A norm file (made with 'norms build'), or 'history' for one made from the history "
            "database: adds each respondent's and each group's percentile per section and total."
        ),
        show_default=False,
    ),
]

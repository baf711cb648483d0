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
from .common import CommandExit, Lang, run_reporting_errors, set_command_language
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
    add_completion=True,
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


def examples(*commands: str) -> str:
    """A command's help epilog: a few command lines to copy."""
    return "\n".join([_h("Examples:"), *(f"  {c}" for c in commands)])


@app.callback(
    epilog=examples(
        "custserv-audit run",
        "custserv-audit score answers/ -o results.csv",
        "custserv-audit --lang fi form -o lomake.pdf",
        "custserv-audit help score",
    )
)
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
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            help=_h(
                "Language of texts and messages for the command that follows (the same as "
                "its own --lang)."
            ),
        ),
    ] = None,
) -> None:
    """The options that come before the command."""
    set_command_language(lang)


@app.command(
    "help",
    help=_h("Show the help of a command: 'help score' is 'score --help'."),
    epilog=examples("custserv-audit help score", "custserv-audit help history import"),
)
def help_command(
    ctx: typer.Context,
    command: Annotated[
        list[str] | None,
        typer.Argument(metavar="COMMAND...", help=_h("The command (and sub-command).")),
    ] = None,
) -> None:
    """Show the help of a command, or of the program."""
    root = ctx.find_root()
    root.command.main([*(command or []), "--help"], prog_name=root.info_name, standalone_mode=True)


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
        metavar="FILE",
    ),
]
OutputReportOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help=_h(
            "Write to this file. Without it HTML goes to standard output, and so does a PDF "
            "when standard output is a file or a pipe (never a terminal)."
        ),
        metavar="FILE",
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
OutputFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help=_h("Write to this file instead of standard output."),
        metavar="FILE",
    ),
]
InputFormatOpt = Annotated[
    InputFormat | None,
    typer.Option("--input-format", help=_h("Format of standard input (detected when not given).")),
]

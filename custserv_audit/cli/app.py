"""The application, the options every command shares, and errors turned into exit codes.

Heavy modules (questionary, Rich tables, reportlab) are imported inside the
command that needs them, so `score --format json` starts fast.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable
from contextvars import ContextVar
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from ..errors import AuditError, ExitCode, InputError, QuestionnaireError, UsageError
from ..i18n import _, detect_language, gettext_for, install_framework_translations, language_scope
from ..output import err
from ..render.documents import Paper
from ..signals import Terminated
from ..terminal import display_name

# Help texts are built when this module is imported, before any --lang is read,
# so they follow the locale (LANG=fi_FI.UTF-8 custserv-audit --help is Finnish);
# everything a command prints follows its --lang (see handle_errors).
_h = gettext_for(detect_language())
install_framework_translations()

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


class Lang(StrEnum):
    """Languages of the built-in questionnaire and the program."""

    en = "en"
    fi = "fi"
    sk = "sk"


class InputFormat(StrEnum):
    """Formats of answer input when the file name does not tell."""

    yaml = "yaml"
    json = "json"
    csv = "csv"
    ndjson = "ndjson"


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


# Whether the running command was given --lang (set by handle_errors).
_LANG_ASKED: ContextVar[bool] = ContextVar("lang_asked", default=False)


def handle_errors(func: F) -> F:
    """Turn the tool's exceptions into one clear line and the exit code (docs/reference.md).

    The command's language (--lang, else the locale) is made the active language
    for its duration, so messages made deep in the core come out in it too.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        lang = kwargs.get("lang")
        token = _LANG_ASKED.set(isinstance(lang, Lang))
        try:
            with language_scope(language(lang if isinstance(lang, Lang) else None)):
                return _run_reporting_errors(func, *args, **kwargs)
        finally:
            _LANG_ASKED.reset(token)

    return wrapper  # type: ignore[return-value]


def _run_reporting_errors(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        result = func(*args, **kwargs)
        sys.stdout.flush()  # a full disk or a closed pipe is met here, not at exit
        return result
    except QuestionnaireError as exc:
        for problem in exc.problems:
            err(str(problem))
        raise typer.Exit(ExitCode.INPUT) from None
    except UsageError as exc:
        err(_("Error: {message}").format(message=exc))
        raise typer.Exit(ExitCode.USAGE) from None
    except AuditError as exc:
        err(str(exc) if isinstance(exc, InputError) else _("Error: {message}").format(message=exc))
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt as exc:
        err(_("Interrupted."))
        code = exc.exit_code if isinstance(exc, Terminated) else ExitCode.INTERRUPTED
        raise typer.Exit(code) from None
    except BrokenPipeError:
        # The reader (head, jq) went away: stop quietly, as Unix tools do.
        _silence_stdout()
        raise typer.Exit(ExitCode.OK) from None
    except OSError as exc:
        # Every file the tool opens reports its own errors with its name; what is left is
        # standard output (a full disk, a device that refuses) or a path the system refuses.
        _silence_stdout()
        name = exc.filename if exc.filename is not None else _("standard output")
        reason = exc.strerror or str(exc)
        err(_("Error: {message}").format(message=f"{display_name(name)}: {reason}"))
        raise typer.Exit(ExitCode.INPUT) from None


def _silence_stdout() -> None:
    """Point standard output at the null device, so nothing more fails at exit."""
    import os

    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def language(lang: Lang | None) -> str:
    """The chosen language code: --lang, else the locale, else English."""
    return lang.value if lang is not None else detect_language()


def get_questionnaire(path: Path | None, lang: str) -> Any:
    """Load the questionnaire (built-in or custom) in one language.

    A language asked for with --lang must be in the file. One that only comes from
    the locale falls back to English, else the file's first language: a Finnish
    locale does not stop an English-only questionnaire from working.
    """
    from ..schema.definition import load_questionnaire, read_questionnaire

    if path is None or _LANG_ASKED.get():
        return load_questionnaire(path, lang)
    versions = read_questionnaire(path, None)
    return versions.get(lang) or versions.get("en") or next(iter(versions.values()))


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

"""What every command shares and Typer does not need: languages, errors -> exit codes.

Kept free of Typer, so `score` can run without importing it (see `fast.py`).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from contextvars import ContextVar
from enum import StrEnum
from pathlib import Path
from typing import Any

from ..errors import AuditError, ExitCode, InputError, QuestionnaireError, UsageError
from ..i18n import _, detect_language, language_scope
from ..output import err, not_written
from ..signals import Terminated
from ..terminal import display_name


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


# More worker processes than this only add start-up time and memory, on any machine.
MAX_JOBS = 64

# Whether the running command was given --lang (set by run_reporting_errors).
_LANG_ASKED: ContextVar[bool] = ContextVar("lang_asked", default=False)
# --lang given before the command (`custserv-audit --lang fi form`); set on every run.
_COMMAND_LANG: ContextVar[Lang | None] = ContextVar("command_lang", default=None)


def set_command_language(lang: Lang | None) -> None:
    """Remember a --lang given before the command, for the command's own --lang."""
    _COMMAND_LANG.set(lang)


class CommandExit(Exception):
    """A command ends with this exit code (its message, if any, is already written)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def run_reporting_errors(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a command in its language; the tool's exceptions become one line and CommandExit.

    The command's language (the `lang` keyword: --lang, else the locale) is the active
    language for its duration, so messages made deep in the core come out in it too.
    """
    lang = kwargs.get("lang")
    if "lang" in kwargs and lang is None and _COMMAND_LANG.get() is not None:
        lang = kwargs["lang"] = _COMMAND_LANG.get()  # --lang before the command
    token = _LANG_ASKED.set(isinstance(lang, Lang))
    try:
        with language_scope(language(lang if isinstance(lang, Lang) else None)):
            return _reporting(func, *args, **kwargs)
    finally:
        _LANG_ASKED.reset(token)


def _reporting(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        result = func(*args, **kwargs)
        sys.stdout.flush()  # a full disk or a closed pipe is met here, not at exit
        return result
    except QuestionnaireError as exc:
        for problem in exc.problems:
            err(str(problem))
        raise CommandExit(ExitCode.INPUT) from None
    except UsageError as exc:
        err(_("Error: {message}").format(message=exc))
        raise CommandExit(ExitCode.USAGE) from None
    except AuditError as exc:
        err(str(exc) if isinstance(exc, InputError) else _("Error: {message}").format(message=exc))
        raise CommandExit(exc.exit_code) from None
    except KeyboardInterrupt as exc:
        err(_("Interrupted."))
        code = exc.exit_code if isinstance(exc, Terminated) else ExitCode.INTERRUPTED
        raise CommandExit(code) from None
    except BrokenPipeError:
        # The reader (head, jq) went away: stop quietly, as Unix tools do.
        silence_stdout()
        raise CommandExit(ExitCode.OK) from None
    except OSError as exc:
        # Every file the tool opens reports its own errors with its name; what is left is
        # standard output (a full disk, a device that refuses) or a path the system refuses.
        silence_stdout()
        if exc.filename is None:
            message = not_written(_("standard output"), exc)
        else:
            message = f"{display_name(exc.filename)}: {exc.strerror or exc}"
        err(_("Error: {message}").format(message=message))
        raise CommandExit(ExitCode.INPUT) from None


# What an --output file's extension says about its format, per command: the formats such a
# file may hold, the one chosen without --format first (NDJSON is often saved as .json, and
# any text format as .txt).
SCORE_EXTENSIONS: dict[str, tuple[str, ...]] = {
    ".json": ("json", "ndjson"),
    ".ndjson": ("ndjson",),
    ".jsonl": ("ndjson",),
    ".csv": ("csv",),
    ".xlsx": ("xlsx",),
    ".txt": ("table", "csv", "json", "ndjson"),
}
DOCUMENT_EXTENSIONS: dict[str, tuple[str, ...]] = {
    ".pdf": ("pdf",),
    ".html": ("html",),
    ".htm": ("html",),
    ".md": ("markdown",),
}
FORM_EXTENSIONS: dict[str, tuple[str, ...]] = {
    **DOCUMENT_EXTENSIONS,
    ".markdown": ("markdown",),
    ".xlsx": ("xlsform",),
    ".json": ("surveyjs",),
    ".gs": ("google-apps-script",),
}


def format_for_output(
    given: str | None,
    output: Path | None,
    extensions: dict[str, tuple[str, ...]],
    formats: set[str],
) -> str | None:
    """The format to write: --format, else what --output's extension names, else None.

    Only the command's own `formats` count. A --format that the extension rules out is a
    usage error: the file would lie about its content.
    """
    allowed = extensions.get(output.suffix.lower(), ()) if output is not None else ()
    allowed = tuple(f for f in allowed if f in formats)
    if not allowed:
        return given
    if given is None:
        return allowed[0]
    if given in allowed:
        return given
    raise UsageError(
        _(
            "--format {given} does not match the output file {path}, which names {implied}; "
            "give one of them, or make them agree"
        ).format(given=given, path=display_name(output or ""), implied=allowed[0])
    )


def score_format(given: Any, output: Path | None) -> Any:
    """`score`'s output format: --format, else --output's extension, else the table."""
    from ..render.base import OutputFormat

    chosen = format_for_output(
        given.value if given is not None else None,
        output,
        SCORE_EXTENSIONS,
        {f.value for f in OutputFormat},
    )
    return OutputFormat(chosen) if chosen else OutputFormat.table


def silence_stdout() -> None:
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


def run_score(
    paths: list[str],
    options_for: Callable[[Any], Any],
    questionnaire: Path | None,
    lang: Lang | None,
) -> int:
    """The `score` command's work; `options_for(questionnaire)` gives its BatchOptions."""
    from ..batch.run import check_options, run_batch

    q = get_questionnaire(questionnaire, language(lang))
    options = options_for(q)
    check_options(options)
    return int(run_batch(paths, q, options))

"""The command line: thin Typer commands over the library; errors become exit codes in `app`.

Each command module declares its options and calls one library function. Heavy modules
(questionary, Rich tables, reportlab) are imported inside the command that needs them.
A plain `score` command line does not import Typer at all (see `fast.py`); the Typer
application is built on first use of `app`.
"""

from __future__ import annotations

import io
import os
import sys
from typing import TYPE_CHECKING, Any

from ..signals import stop_like_ctrl_c

if TYPE_CHECKING:
    import typer

    app: typer.Typer

__all__ = ["app", "main"]

# --help lists the commands in this order (the owner's command first); others follow.
_ORDER = ("run", "score", "report", "form", "compare", "validate")


def _rank(name: str | None) -> int:
    return _ORDER.index(name) if name in _ORDER else len(_ORDER)


def _load_app() -> typer.Typer:
    """The Typer application with every command registered, in --help order.

    Importing the submodule `app` binds this package's name `app` to that module; it is
    bound to the application here, before anything can read it.
    """
    from . import (
        documents,
        enter,
        helpfmt,
        history,
        map,
        norms,
        plan,
        questionnaire,
        run,
        scan,
        score,
        validate,
    )
    from .app import app as application

    helpfmt.install()
    del documents, enter, helpfmt, history, map, norms, plan, questionnaire, run, scan, score
    del validate
    application.registered_commands.sort(  # stable: sorting again changes nothing
        key=lambda command: _rank(command.name or getattr(command.callback, "__name__", None))
    )
    globals()["app"] = application
    return application


def __getattr__(name: str) -> Any:
    """`app` is built on first use (a plain `score` never needs it)."""
    if name == "app":
        return _load_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main(exit_at_once: bool = False) -> None:
    """The command line; `exit_at_once`: see `console`."""
    from .fast import fast_score, split_score_args

    stop_like_ctrl_c()
    _stand_in_for_closed_streams(output=split_score_args(sys.argv[1:]) is not None)
    for stream in (sys.stdout, sys.stderr):
        # A terminal or pipe that is not UTF-8 still gets every text, escaped where needed.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    code = fast_score(sys.argv[1:])
    if code is None:
        from ..i18n import language_in_args, set_interface_language

        set_interface_language(language_in_args(sys.argv[1:]))
        _load_app()()
        return
    if exit_at_once:
        _exit_at_once(code)
    sys.exit(code)


def _stand_in_for_closed_streams(output: bool) -> None:
    """Standard error, and output if `output` (a plain `score`), closed by the caller (`2>&-`,
    `>&-`; Python then has none): its number is taken by the null device, so no file the
    command opens takes it. Closed output is refused at its first write (one line, exit 1);
    closed errors are dropped, as the caller asked, and the results are still written."""
    for number, name, flags in ((1, "stdout", os.O_RDONLY), (2, "stderr", os.O_WRONLY)):
        if getattr(sys, name) is not None or (number == 1 and not output):
            continue
        try:
            os.fstat(number)
        except OSError:
            fd = os.open(os.devnull, flags)  # the lowest free number: this one
            if fd != number:  # pragma: no cover - a lower one was free and is now taken
                os.dup2(fd, number)
                os.close(fd)
        # Read-only for output: every write fails as on a closed descriptor (EBADF).
        setattr(sys, name, open(number, "w", encoding="utf-8", closefd=False))  # noqa: SIM115


def console() -> None:
    """The console script: `main`, and a plain `score` ends at once when it is done."""
    main(exit_at_once=True)


def _exit_at_once(code: int) -> None:
    """End the process without Python's own clean-up, which frees every object one by one
    and collects once more (longer than the scoring of a small batch). A plain `score` has
    closed every file it wrote and waited for every process it started by now; what it
    wrote to the standard streams is flushed here."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return  # Python's own exit words it as before
    os._exit(code)

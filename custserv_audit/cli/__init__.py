"""The command line: thin Typer commands over the library; errors become exit codes in `app`.

Each command module declares its options and calls one library function. Heavy modules
(questionary, Rich tables, reportlab) are imported inside the command that needs them, so
`score --format json` starts fast.
"""

from __future__ import annotations

import io
import sys

from ..signals import stop_like_ctrl_c
from . import documents, enter, history, map, run, scan, score, validate
from .app import app

__all__ = ["app", "main"]

# --help lists the commands in this order (the owner's command first); others follow.
_ORDER = ("run", "score", "report", "form", "compare", "validate")


def _rank(name: str | None) -> int:
    return _ORDER.index(name) if name in _ORDER else len(_ORDER)


app.registered_commands.sort(
    key=lambda command: _rank(command.name or getattr(command.callback, "__name__", None))
)
del documents, enter, history, map, run, scan, score, validate


def main() -> None:
    """The console script."""
    stop_like_ctrl_c()
    for stream in (sys.stdout, sys.stderr):
        # A terminal or pipe that is not UTF-8 still gets every text, escaped where needed.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    app()

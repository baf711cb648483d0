"""`score` without Typer: the start-up of a one-file score is mostly importing Typer.

Typer (with the pydantic it imports to convert every option) costs more than the
scoring of a small batch. A `score` command line made only of known options with valid
values is read here and run by the same code as the Typer command; anything else (help,
an unknown or repeated option, a bad value, no inputs) returns None and goes to Typer,
which words every usage error as before.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .common import MAX_JOBS

#: Options that take a value: option -> parameter name.
_VALUED = {
    "--format": "output_format",
    "-f": "output_format",
    "--output": "output",
    "-o": "output",
    "--input-format": "input_format",
    "--group-by": "group_by",
    "--min-group": "min_group",
    "--jobs": "jobs",
    "-j": "jobs",
    "--db": "db",
    "--questionnaire": "questionnaire",
    "-q": "questionnaire",
    "--lang": "lang",
}
_FLAGS = {
    "--force": "force",
    "--summary": "summary",
    "--summary-only": "summary_only",
    "--quiet": "quiet",
    "--record": "record",
}
_FILES = ("output", "db", "questionnaire")  # paths that must not be folders
_NUMBERS = {"jobs": (0, MAX_JOBS), "min_group": (1, 10**9)}  # whole numbers: their range


def split_score_args(argv: list[str]) -> tuple[list[str], dict[str, str | bool]] | None:
    """(paths, raw option values) of a plain `score` command line, else None."""
    if not argv or argv[0] != "score":
        return None
    paths: list[str] = []
    raw: dict[str, str | bool] = {}
    rest = iter(argv[1:])
    for arg in rest:
        if arg == "-" or not arg.startswith("-"):
            paths.append(arg)
            continue
        name, eq, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        key = _FLAGS.get(name) if not eq else None
        value: str | bool | None = True
        if key is None:
            key = _VALUED.get(name)
            value = inline if eq else next(rest, None)
        if key is None or key in raw or value is None or value == "":
            return None  # unknown or repeated option, or a missing value
        if isinstance(value, str) and value.startswith("-"):
            return None
        raw[key] = value
    return (paths, raw) if paths else None


def convert(raw: dict[str, str | bool]) -> dict[str, Any] | None:
    """The option values as the Typer command receives them, else None."""
    from ..render.base import OutputFormat
    from .common import InputFormat, Lang

    enums: dict[str, Any] = {
        "output_format": OutputFormat,
        "input_format": InputFormat,
        "lang": Lang,
    }
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, bool):
            values[key] = value
        elif key in enums:
            if value not in {e.value for e in enums[key]}:
                return None
            values[key] = enums[key](value)
        elif key in _NUMBERS:
            low, high = _NUMBERS[key]
            if not (value.isascii() and value.isdigit() and low <= int(value) <= high):
                return None
            values[key] = int(value)
        elif key in _FILES:
            if os.path.isdir(value):
                return None
            values[key] = Path(value)
        else:
            values[key] = value
    return values


def fast_score(argv: list[str]) -> int | None:
    """Run a plain `score` command line without Typer; its exit code, else None."""
    split = split_score_args(argv)
    values = None if split is None else convert(split[1])
    if split is None or values is None:
        return None
    from ..batch.run import BatchOptions
    from .common import (
        CommandExit,
        run_reporting_errors,
        run_score,
        score_format,
        set_command_language,
    )

    set_command_language(None)  # no --lang before the command on this path

    input_format = values.pop("input_format", None)
    questionnaire = values.pop("questionnaire", None)
    lang = values.pop("lang", None)
    given = values.pop("output_format", None)

    def options_for(_q: object) -> BatchOptions:
        return BatchOptions(
            output_format=score_format(given, values.get("output")),
            input_format=input_format.value if input_format else None,
            **values,
        )

    try:
        return int(run_reporting_errors(run_score, split[0], options_for, questionnaire, lang=lang))
    except CommandExit as done:
        return done.code

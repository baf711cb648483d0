"""Workbooks (.xlsx, .xls, .ods) read with python-calamine, the optional `xlsx` extra.

calamine reads Excel's current and 97-2003 formats and OpenDocument spreadsheets, a
sheet's cells in compiled code: a 100,000-row export loads in seconds where openpyxl's
read-only mode takes close to a minute (see the README).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError, Location, UsageError
from ..i18n import _
from .table import Record, cell_text

EXTRA_MESSAGE = "pip install 'custserv-audit[xlsx]'"


def _calamine() -> Any:
    try:
        import python_calamine
    except ModuleNotFoundError:
        raise UsageError(
            _("reading workbooks (.xlsx, .xls, .ods) needs the xlsx extra: {command}").format(
                command=EXTRA_MESSAGE
            )
        ) from None
    return python_calamine


def read_workbook(
    path: Path, source: str, sheet: str | None = None, kind: str = "xlsx"
) -> Iterator[Record]:
    """The rows of one sheet (the first, or `sheet` by name), numbered as Excel shows them.

    `kind` ('xlsx', 'xls' or 'ods', from the file's first bytes) only names the format
    in the message about a damaged file; calamine finds the format itself.
    """
    calamine = _calamine()
    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
    except (calamine.CalamineError, OSError, ValueError) as exc:  # a damaged file
        raise InputError(
            source,
            _("cannot be read as a workbook (.{kind}: {problem})").format(kind=kind, problem=exc),
        ) from None
    names: list[str] = list(book.sheet_names)
    if sheet is None:
        if not names:
            raise InputError(source, _("the workbook has no sheets"))
        chosen = names[0]
    elif sheet in names:
        chosen = sheet
    else:
        raise InputError(
            source,
            _("the workbook has no sheet {sheet!r} (it has {names})").format(
                sheet=sheet, names=", ".join(repr(n) for n in names)
            ),
        )
    data = book.get_sheet_by_name(chosen)
    rows: list[list[Any]] = data.to_python(skip_empty_area=False)
    # Without skipping the empty area the rows and columns start at A1, as Excel numbers them.
    return _records(rows, source)


def _records(rows: list[list[Any]], source: str) -> Iterator[Record]:
    for number, row in enumerate(rows, start=1):
        try:
            yield number, [cell_text(value) for value in row]
        except (TypeError, ValueError) as exc:  # pragma: no cover - calamine gives plain values
            yield InputError(source, str(exc), Location(row=number))


def writer_module() -> Any:
    """openpyxl, which writes workbooks (XLSForm); part of the same `xlsx` extra."""
    from importlib import import_module

    try:
        return import_module("openpyxl")
    except ModuleNotFoundError:
        raise UsageError(
            _("writing .xlsx workbooks needs the xlsx extra: {command}").format(
                command=EXTRA_MESSAGE
            )
        ) from None

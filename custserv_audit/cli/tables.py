"""Options shared by the commands that read tables: delimiter, encoding, sheet, mapping."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import UsageError
from ..i18n import _
from .app import _h

if TYPE_CHECKING:
    from ..intake.reader import TableOptions
    from ..model import Questionnaire

DelimiterOpt = Annotated[
    str | None,
    typer.Option(
        "--delimiter",
        metavar="CHAR",
        help=_h("The column separator of CSV input: ',', ';' or tab (detected when not given)."),
        show_default=False,
    ),
]
EncodingOpt = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        metavar="CODEC",
        help=_h(
            "The text encoding of CSV input without a BOM, such as cp1252 or cp1250 for "
            "Excel's legacy CSV (default: UTF-8)."
        ),
        show_default=False,
    ),
]
SheetOpt = Annotated[
    str | None,
    typer.Option(
        "--sheet",
        metavar="NAME",
        help=_h("The sheet of an .xlsx workbook (default: the first)."),
        show_default=False,
    ),
]
MapOpt = Annotated[
    Path | None,
    typer.Option(
        "--map",
        help=_h("A mapping file (written by `map`) naming the column of each statement."),
        dir_okay=False,
        show_default=False,
    ),
]


def table_options(
    questionnaire: Questionnaire,
    delimiter: str | None,
    encoding: str | None,
    sheet: str | None,
    mapping: Path | None,
) -> TableOptions | None:
    """The reading options given, checked; None when none was given."""
    if delimiter is None and encoding is None and sheet is None and mapping is None:
        return None
    from ..intake.delimited import delimiter_option, encoding_option
    from ..intake.mapping import parse_mapping
    from ..intake.reader import TableOptions
    from ..sources import read_bytes

    try:
        separator = delimiter_option(delimiter) if delimiter is not None else None
    except ValueError:
        raise UsageError(
            _("--delimiter: expected ',', ';' or tab, got {value!r}").format(value=delimiter)
        ) from None
    try:
        codec = encoding_option(encoding) if encoding is not None else None
    except ValueError:
        raise UsageError(
            _("--encoding: {value!r} is not an encoding (try cp1252, cp1250 or utf-16)").format(
                value=encoding
            )
        ) from None
    column_map = (
        parse_mapping(read_bytes(mapping, str(mapping)), str(mapping), questionnaire)
        if mapping is not None
        else None
    )
    return TableOptions(delimiter=separator, encoding=codec, sheet=sheet, mapping=column_map)

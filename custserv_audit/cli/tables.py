"""Options shared by the commands that read tables: delimiter, encoding, sheet, mapping.

Every command that reads answers takes them through `table_input`, so they are
declared once and mean the same everywhere.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

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
        help=_h("The column separator of CSV input: ',', ';' or tab (detected when not given)."),
        show_default=False,
    ),
]
EncodingOpt = Annotated[
    str | None,
    typer.Option(
        "--encoding",
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
        help=_h("The sheet of a workbook (.xlsx, .xls, .ods; default: the first)."),
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


@dataclass(frozen=True)
class TableArgs:
    """The table options as given on the command line, not yet checked."""

    delimiter: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    mapping: Path | None = None

    def options(self, questionnaire: Questionnaire) -> TableOptions | None:
        """The options checked (the mapping read against `questionnaire`); None when none."""
        return table_options(questionnaire, self.delimiter, self.encoding, self.sheet, self.mapping)


F = TypeVar("F", bound=Callable[..., Any])
_OPTIONS: tuple[tuple[str, Any], ...] = (
    ("delimiter", DelimiterOpt),
    ("encoding", EncodingOpt),
    ("sheet", SheetOpt),
    ("mapping", MapOpt),
)
_KIND = inspect.Parameter.POSITIONAL_OR_KEYWORD


def table_input(*, with_map: bool = True) -> Callable[[F], F]:
    """Give a command --delimiter, --encoding, --sheet (and --map) as one `table: TableArgs`.

    The command declares a keyword parameter `table: TableArgs`; the options are put in
    its place in the signature Typer reads, before --questionnaire when it has one.
    """
    added = _OPTIONS if with_map else _OPTIONS[:3]

    def decorate(func: F) -> F:
        signature = inspect.signature(func, eval_str=True)
        kept = [p for p in signature.parameters.values() if p.name != "table"]
        at = next((i for i, p in enumerate(kept) if p.name == "questionnaire"), len(kept))
        new = [
            inspect.Parameter(name, _KIND, default=None, annotation=hint) for name, hint in added
        ]
        parameters = kept[:at] + new + kept[at:]

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            given = {name: kwargs.pop(name, None) for name, _hint in added}
            return func(*args, table=TableArgs(**given), **kwargs)

        wrapper.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
        return wrapper  # type: ignore[return-value]

    return decorate


#: The default of a command's `table` parameter (replaced by `table_input` when it runs).
NO_TABLE = TableArgs()

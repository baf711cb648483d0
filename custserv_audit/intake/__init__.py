"""Answers from survey-platform exports, workbooks and spreadsheet CSVs (any locale).

Table readers give rows of cell texts with row numbers (`delimited`, `xlsx`); `headers`
finds each statement's column by its text in any language of the questionnaire;
`values` reads ratings and scale labels; `dates` reduces timestamps to dates;
`mapping` reads the user's mapping file; `reader` turns rows into Answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .mapping import ColumnMap, parse_mapping
    from .reader import TableOptions, bytes_records, read_answers, table_records

__all__ = [
    "ColumnMap",
    "TableOptions",
    "bytes_records",
    "parse_mapping",
    "read_answers",
    "table_records",
]
_HOMES = {
    "ColumnMap": "mapping",
    "parse_mapping": "mapping",
    "TableOptions": "reader",
    "bytes_records": "reader",
    "read_answers": "reader",
    "table_records": "reader",
}


def __getattr__(name: str) -> Any:
    """Names are loaded on first use: a CSV in our own layout never loads the matcher."""
    if name not in _HOMES:
        raise AttributeError(name)
    from importlib import import_module

    return getattr(import_module(f".{_HOMES[name]}", __name__), name)

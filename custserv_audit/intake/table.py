"""What every table reader gives: rows of cell texts with their row numbers, and file kinds."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

from ..errors import InputError
from ..i18n import _

# (row number counted from 1 as a spreadsheet shows it, cell texts) or the row's problem.
Record = tuple[int, list[str]] | InputError

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
#: What `binary_kind` calls the workbooks python-calamine reads.
WORKBOOK_KINDS = ("xlsx", "xls", "ods")
MAX_TABLE_BYTES = 256 * 1024 * 1024
DELIMITED_SUFFIXES = (".csv", ".tsv", ".txt")


def our_csv_header(first_line: bytes) -> bool:
    """Whether a CSV's first line is our own layout (comma-separated, a respondent column).

    Such a file takes the streaming (and parallel) path; any other table is matched by
    what its headers say.
    """
    import csv

    try:
        text = first_line.decode("utf-8").removeprefix("\ufeff")
        cells = next(csv.reader([text]), [])
    except (UnicodeDecodeError, csv.Error):
        return False
    return "respondent" in cells


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_text(value: object) -> str:
    """A workbook cell as text: whole numbers without '.0', dates and times in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def binary_kind(head: bytes) -> str | None:
    """What a file that is not text is, from its first bytes; None for text."""
    if head.startswith(b"PK\x03\x04"):
        if b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet" in head[:200]:
            return "ods"
        return "xlsx" if b"xl/" in head or b"[Content_Types].xml" in head else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    if head.startswith(b"%PDF"):
        return "pdf"
    sample = head[:4096]
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return None


def binary_error(source: str, kind: str) -> InputError:
    """The one line for a file that cannot be read as a table of answers."""
    messages = {
        "zip": _("this is a ZIP archive, not a table of answers"),
        "pdf": _("this is a PDF document, not a table of answers"),
        "binary": _("this is a binary file, not a table of answers"),
    }
    # A workbook held in memory (standard input) cannot be opened as one: it is binary.
    return InputError(source, messages.get(kind, messages["binary"]))


def suffix(name: str) -> str:
    """The lower-case suffix of a file name."""
    return PurePath(name).suffix.lower()

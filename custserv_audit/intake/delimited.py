"""Delimited text tables (CSV with `,` `;` or tab, TSV) in any encoding, as rows of cell texts.

Every physical line is decoded on its own with `surrogateescape`, so one byte that is not
valid in the encoding spoils only the row it is in: that row becomes an error naming it,
and every other row is still read.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator

from ..errors import InputError, Location
from ..i18n import _
from .table import Record

DELIMITERS = (",", ";", "\t")
_NAMES = {"comma": ",", "semicolon": ";", "tab": "\t", "\\t": "\t"}
_BAD = re.compile("[\udc80-\udcff]")
_SAMPLE_ROWS = 20


def delimiter_name(delimiter: str) -> str:
    """A delimiter as messages show it."""
    return _("tab") if delimiter == "\t" else f"'{delimiter}'"


def delimiter_option(value: str) -> str:
    """The delimiter a user named (`,` `;` `tab`), or ValueError."""
    found = _NAMES.get(value.lower(), value)
    if found not in DELIMITERS:
        raise ValueError(value)
    return found


def encoding_option(value: str) -> str:
    """A codec name Python knows (cp1252, cp1250, latin-1, utf-16 ...), or ValueError."""
    try:
        return codecs.lookup(value).name
    except LookupError:
        raise ValueError(value) from None


def _decode(data: bytes, encoding: str | None) -> tuple[str, str]:
    """The text (undecodable bytes kept as surrogates) and the encoding used."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "surrogateescape"), "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "surrogateescape"), "utf-16"
    name = encoding or "utf-8"
    return data.decode(name, "surrogateescape"), name


def _split_row(line: str, delimiter: str) -> list[str] | None:
    """One line's cells, or None when it is not a whole record with this delimiter."""
    try:
        rows = list(csv.reader([line], delimiter=delimiter, strict=True))
    except csv.Error:
        return None
    return rows[0] if len(rows) == 1 else None


def detect_delimiter(lines: list[str], source: str) -> str:
    """The delimiter of a table from its header and first rows; two that fit are an error."""
    header = lines[0] if lines else ""
    sample = [line for line in lines[1 : 1 + _SAMPLE_ROWS] if line.strip()]
    fitting: list[str] = []
    for delimiter in DELIMITERS:
        cells = _split_row(header, delimiter)
        if cells is None or len(cells) < 2:
            continue
        widths = [_split_row(line, delimiter) for line in sample]
        if all(w is not None and len(w) == len(cells) for w in widths):
            fitting.append(delimiter)
    if len(fitting) == 1:
        return fitting[0]
    if not fitting:
        # One column: nothing to choose; the header check names what is missing.
        return ","
    names = " / ".join(delimiter_name(d) for d in fitting)
    raise InputError(
        source,
        _(
            "the header can be split by {names} alike; give --delimiter to say which "
            "separates the columns"
        ).format(names=names),
        Location(row=1),
    )


def _physical_lines(text: str) -> list[str]:
    """Lines with their ends, as the csv module wants them."""
    return text.splitlines(keepends=True)


def read_delimited(
    data: bytes, source: str, delimiter: str | None = None, encoding: str | None = None
) -> tuple[str, Iterator[Record]]:
    """The delimiter used and the table's records from row 1 (the header), in order.

    A row with a byte that the encoding cannot read, or with a broken quote, is an error
    record naming the row; the rows around it are read as usual.
    """
    try:
        text, used = _decode(data, encoding)
    except (LookupError, UnicodeError) as exc:  # a UTF-16 file cut in the middle of a character
        raise InputError(
            source, _("cannot be read as {encoding} text").format(encoding=encoding or "UTF-8")
        ) from exc
    lines = _physical_lines(text)
    if delimiter is None:
        delimiter = detect_delimiter(lines, source)
    return delimiter, _records(lines, source, delimiter, used, encoding is not None)


def _hint(used: str, given: bool) -> str:
    if given:
        return _("the file is not valid {encoding} text; check --encoding").format(encoding=used)
    return _(
        "the file is not UTF-8 text; a CSV saved by Excel in a legacy code page needs "
        "--encoding cp1252 (Western Europe) or cp1250 (Central Europe)"
    )


def _records(
    lines: list[str], source: str, delimiter: str, used: str, given: bool
) -> Iterator[Record]:
    row = 0
    index = 0
    while index < len(lines):
        row += 1
        record = lines[index]
        index += 1
        # A quoted cell may hold line breaks: take lines until the quotes balance.
        while record.count('"') % 2 and index < len(lines):
            record += lines[index]
            index += 1
        if record.count('"') % 2:
            yield InputError(
                source,
                _("a quoted cell is not closed (its closing '\"' is missing)"),
                Location(row=row),
            )
            continue
        try:
            parsed = list(csv.reader([record], delimiter=delimiter, strict=True))
        except csv.Error:
            yield InputError(
                source,
                _('a \'"\' inside a cell must be doubled ("") when the cell is in quotes'),
                Location(row=row),
            )
            continue
        cells = parsed[0] if parsed else []
        if any(_BAD.search(cell) for cell in cells):
            yield InputError(source, _hint(used, given), Location(row=row))
            continue
        yield row, cells

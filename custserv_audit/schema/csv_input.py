"""CSV answers: one respondent per row, streamed with row numbers."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from ..errors import InputError, Location
from ..i18n import _
from ..model import Answers, Questionnaire
from ..parsing import (
    MAX_BYTES,
    show,
)
from .answers import check_date
from .ratings import rating_problem

_CSV_INT = re.compile(r"[0-9]{1,3}\Z")


class _BadBytes:
    """Offsets of bytes that are not UTF-8, in lines read but not yet reported."""

    def __init__(self) -> None:
        self.offsets: list[int] = []

    def check(self, source: str, cells: list[str], row: int) -> InputError | None:
        """An error for a record that holds a byte that is not UTF-8 (its row, its offset)."""
        if not self.offsets or not any(_SURROGATE.search(cell) for cell in cells):
            return None
        offset = self.offsets[0]
        # The reader takes lines only as a record needs them: every bad line read so far
        # belongs to this record (earlier records reported theirs).
        self.offsets.clear()
        message = _("not UTF-8 text: invalid byte at offset {offset}").format(offset=offset)
        return InputError(source, message, Location(row=row))


_SURROGATE = re.compile("[\udc80-\udcff]")


def _decoded_lines(
    chunks: Iterable[bytes],
    source: str,
    offset: int = 0,
    bom: bool = True,
    bad: _BadBytes | None = None,
) -> Iterator[str]:
    """UTF-8 lines of a byte stream (BOM dropped); a bad byte names its offset.

    With `bad`, a line with a byte that is not UTF-8 is kept (the byte escaped) and its
    offset noted, so only its record is rejected; without it, the byte is an error.
    A line over MAX_BYTES is rejected, and a file is read a bounded piece at a time, so one
    endless line cannot fill memory.
    """
    first = bom
    readline = getattr(chunks, "readline", None)
    pieces = iter(lambda: readline(MAX_BYTES + 1), b"") if readline is not None else chunks
    for raw in pieces:
        if len(raw) > MAX_BYTES:
            message = _("a line is longer than {limit} bytes (from byte offset {offset})")
            raise InputError(source, message.format(limit=MAX_BYTES, offset=offset))
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            if bad is None:
                raise InputError(
                    source,
                    _("not UTF-8 text: invalid byte at offset {offset}").format(
                        offset=offset + exc.start
                    ),
                ) from None
            bad.offsets.append(offset + exc.start)
            line = raw.decode("utf-8", "surrogateescape")
        if first:
            first = False
            if line.startswith("\ufeff"):
                line = line[1:]
        offset += len(raw)
        yield line


def file_lines(block: bytes) -> list[bytes]:
    """The lines of a block as a file reads them: ended by "\\n" only (a bare "\\r" is not
    a line end there, whatever bytes.splitlines thinks)."""
    parts = block.split(b"\n")
    lines = [part + b"\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def csv_block_records(
    block: bytes, source: str, first_row: int, offset: int
) -> Iterator[tuple[int, list[str]] | InputError]:
    """(row number, cells) of a block of whole CSV records that starts at `first_row`."""
    import csv

    bad = _BadBytes()
    lines = _decoded_lines(file_lines(block), source, offset, bom=False, bad=bad)
    yield from _records(csv.reader(lines, strict=True), source, first_row, bad)


def _records(
    reader: Iterator[list[str]], source: str, first_row: int, bad: _BadBytes
) -> Iterator[tuple[int, list[str]] | InputError]:
    """(row number, cells) of every record; a broken one, or one with a byte that is not
    UTF-8, is an InputError for its row alone."""
    import csv

    row = first_row - 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row += 1
            bad.offsets.clear()
            yield InputError(
                source, _("invalid CSV: {problem}").format(problem=exc), Location(row=row)
            )
            continue
        row += 1
        problem = bad.check(source, cells, row)
        if problem is not None:
            yield problem
        elif cells:
            yield row, cells


def csv_stream_records(
    lines: Iterable[bytes], source: str, first_row: int, offset: int
) -> Iterator[tuple[int, list[str]] | InputError]:
    """(row number, cells) of CSV records read line by line from the middle of a file."""
    import csv

    bad = _BadBytes()
    decoded = _decoded_lines(lines, source, offset, bom=False, bad=bad)
    yield from _records(csv.reader(decoded, strict=True), source, first_row, bad)


def count_records(block: bytes) -> int:
    """How many CSV records (blank lines included) a block of whole records holds."""
    import csv

    if b'"' not in block and b"\r" not in block.replace(b"\r\n", b""):
        return block.count(b"\n") + (0 if block.endswith(b"\n") else 1)
    lines = [line.decode("utf-8", "replace") for line in file_lines(block)]
    reader = csv.reader(lines, strict=True)
    count = 0
    while True:
        try:
            next(reader)
        except StopIteration:
            return count
        except csv.Error:
            pass
        count += 1


@dataclass(frozen=True)
class CsvBlock:
    """Whole CSV records read together from a file, and where they start."""

    row: int  # the row number of its first record (the header is row 1)
    offset: int  # the byte offset of its start in the file
    data: bytes
    rest: bool  # it holds a quote: the rest of the file is read record by record


def csv_blocks(handle: BinaryIO, offset: int, size: int) -> Iterator[CsvBlock]:
    """Blocks of about `size` bytes of whole CSV records, from `offset` (after the header).

    Without quote characters every line end ends a record, so blocks end at line ends. A
    quote may open a cell that spans lines, or be a stray one (`Acme 5" Oy` is valid CSV):
    no count of quotes tells which for sure, so the first block holding one is the last,
    marked `rest`, and the caller reads the rest of the file with `rest_lines`.
    """
    row = 2
    while True:
        data = handle.read(size)
        if not data:
            return
        if not data.endswith(b"\n"):
            data += handle.readline(MAX_BYTES + 1)
        if b'"' in data:
            yield CsvBlock(row, offset, data, True)
            return
        yield CsvBlock(row, offset, data, False)
        row += count_records(data)
        offset += len(data)


def rest_lines(block: CsvBlock, handle: BinaryIO) -> Iterator[bytes]:
    """The lines of a `rest` block and of the rest of its file, each read when needed."""
    more = iter(lambda: handle.readline(MAX_BYTES + 1), b"")
    return itertools.chain(file_lines(block.data), more)


class CsvLayout:
    """The checked header of an answers CSV; turns each row's cells into Answers."""

    def __init__(
        self, header: list[str], source: str, questionnaire: Questionnaire, end: int = 0
    ) -> None:
        """Check the header (a problem with it is raised: no row can be read); `end` is
        the byte offset where the header ends in its file, when that is known."""
        seen: set[str] = set()
        for name in header:
            if name in seen:
                raise InputError(
                    source, _("the column appears twice"), Location(row=1, column=name)
                )
            seen.add(name)
        sections = {s.id: s for s in questionnaire.sections}
        index = {name: i for i, name in enumerate(header)}
        if "respondent" not in index:
            raise InputError(source, _("missing column"), Location(row=1, column="respondent"))
        plan: list[tuple[str, list[tuple[int, str]]]] = []
        for section in questionnaire.sections:
            columns = []
            for item in section.items:
                if item.id not in index:
                    raise InputError(source, _("missing column"), Location(row=1, column=item.id))
                columns.append((index[item.id], item.id))
            plan.append((section.id, columns))
        for name in header:
            head, _dot, tail = name.partition(".")
            if head in sections and tail and name not in {i.id for i in sections[head].items}:
                raise InputError(
                    source,
                    _("unknown item (section {id!r} has {count} statements)").format(
                        id=head, count=len(sections[head].items)
                    ),
                    Location(row=1, column=name),
                )
        self.header = header
        self.end = end
        self.source = source
        self.questionnaire = questionnaire
        self.plan = plan
        self.meta_cols = [
            (i, name)
            for i, name in enumerate(header)
            if name not in ("respondent", "date", "questionnaire")
            and not (name.partition(".")[0] in sections and "." in name)
        ]
        self.respondent_col = index["respondent"]
        self.date_col = index.get("date")
        self.qid_col = index.get("questionnaire")
        self.width = len(header)
        self.low, self.high = questionnaire.scale.low, questionnaire.scale.high
        # The only cells that are ratings: the exact decimal text of a point on the scale.
        self.valid = {str(v): v for v in range(self.low, self.high + 1)}

    def answers(self, cells: list[str], row: int) -> Answers | InputError:
        """One data row (row numbers count the header as row 1)."""
        source, valid = self.source, self.valid
        if len(cells) != self.width:
            return InputError(
                source,
                _("the row has {cells} cells, the header has {width}").format(
                    cells=len(cells), width=self.width
                ),
                Location(row=row),
            )
        ratings: dict[str, tuple[int, ...]] = {}
        for sid, columns in self.plan:
            try:
                ratings[sid] = tuple([valid[cells[col]] for col, _ in columns])
            except KeyError:
                return self._bad_cell(cells, row, sid, columns)
        qid = self.questionnaire.id
        if self.qid_col is not None and cells[self.qid_col] not in ("", qid):
            return InputError(
                source,
                _("questionnaire {given} does not match {expected!r}").format(
                    given=show(cells[self.qid_col]), expected=qid
                ),
                Location(row=row, column="questionnaire"),
            )
        date: str | None = None
        if self.date_col is not None and cells[self.date_col]:
            date = check_date(cells[self.date_col])
            if date is None:
                return InputError(
                    source,
                    _("date {date} is not an ISO date (YYYY-MM-DD)").format(
                        date=show(cells[self.date_col])
                    ),
                    Location(row=row, column="date"),
                )
        return Answers(
            questionnaire=qid,
            ratings=ratings,
            respondent=cells[self.respondent_col] or None,
            date=date,
            metadata={name: cells[i] for i, name in self.meta_cols},
            source=source,
            row=row,
        )

    def _bad_cell(
        self, cells: list[str], row: int, sid: str, columns: list[tuple[int, str]]
    ) -> InputError:
        low, high = self.low, self.high
        col, item_id = next((c, i) for c, i in columns if cells[c] not in self.valid)
        cell = cells[col]
        value: object = None if not cell else int(cell) if _CSV_INT.match(cell) else cell
        message = rating_problem(value, low, high)
        if message is None:  # a point of the scale with leading zeros: `03`
            message = _("{value}: a rating is written without leading zeros").format(
                value=show(cell)
            )
        return InputError(
            self.source, message, Location(row=row, column=item_id, section=sid, item=item_id)
        )


def csv_records(
    chunks: Iterable[bytes], source: str
) -> tuple[list[str] | None, Iterator[tuple[int, list[str]] | InputError]]:
    """The header and an iterator of (row number, cells); a broken record is an InputError."""
    import csv

    bad = _BadBytes()
    reader = csv.reader(_decoded_lines(chunks, source, bad=bad), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError(
            source, _("invalid CSV: {problem}").format(problem=exc), Location(row=1)
        ) from None
    if header is not None:
        problem = bad.check(source, header, 1)
        if problem is not None:
            raise problem

    def records() -> Iterator[tuple[int, list[str]] | InputError]:
        return _records(reader, source, 2, bad)

    return header, records()


def header_layout(handle: BinaryIO, source: str, questionnaire: Questionnaire) -> CsvLayout | None:
    """The checked header of a CSV file read in blocks (the handle is left after it).

    None when the header holds a quote (a cell may span lines): the handle is back at the
    start and the whole file is for `read_csv`. A problem with the header is raised.
    """
    first = handle.readline(MAX_BYTES + 1)
    if b'"' in first:
        handle.seek(0)
        return None
    header, _records = csv_records([first], source)
    if header is None:
        raise InputError(source, _("the file is empty"))
    return CsvLayout(header, source, questionnaire, len(first))


def read_csv(
    chunks: Iterable[bytes], source: str, questionnaire: Questionnaire
) -> Iterator[Answers | InputError]:
    """One Answers per data row; a bad row is yielded as an InputError, the rest go on.

    A problem with the whole file (header, encoding) is raised.
    """
    header, records = csv_records(chunks, source)
    if header is None:
        raise InputError(source, _("the file is empty"))
    layout = CsvLayout(header, source, questionnaire)
    for record in records:
        yield record if isinstance(record, InputError) else layout.answers(record[1], record[0])

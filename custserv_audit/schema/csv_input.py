"""CSV answers: one respondent per row, streamed with row numbers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

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


def _decoded_lines(
    chunks: Iterable[bytes], source: str, offset: int = 0, bom: bool = True
) -> Iterator[str]:
    """UTF-8 lines of a byte stream (BOM dropped); a bad byte names its offset.

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
            raise InputError(
                source,
                _("not UTF-8 text: invalid byte at offset {offset}").format(
                    offset=offset + exc.start
                ),
            ) from None
        if first:
            first = False
            if line.startswith("\ufeff"):
                line = line[1:]
        offset += len(raw)
        yield line


def csv_block_records(
    block: bytes, source: str, first_row: int, offset: int
) -> Iterator[tuple[int, list[str]] | InputError]:
    """(row number, cells) of a block of whole CSV records that starts at `first_row`."""
    import csv

    lines = _decoded_lines(block.splitlines(keepends=True), source, offset, bom=False)
    reader = csv.reader(lines, strict=True)
    row = first_row - 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row += 1
            yield InputError(
                source, _("invalid CSV: {problem}").format(problem=exc), Location(row=row)
            )
            continue
        row += 1
        if cells:
            yield row, cells


def count_records(block: bytes) -> int:
    """How many CSV records (blank lines included) a block of whole records holds."""
    import csv

    if b'"' not in block and b"\r" not in block.replace(b"\r\n", b""):
        return block.count(b"\n") + (0 if block.endswith(b"\n") else 1)
    text = block.decode("utf-8", "replace")
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    count = 0
    while True:
        try:
            next(reader)
        except StopIteration:
            return count
        except csv.Error:
            pass
        count += 1


class CsvLayout:
    """The checked header of an answers CSV; turns each row's cells into Answers."""

    def __init__(self, header: list[str], source: str, questionnaire: Questionnaire) -> None:
        """Check the header (a problem with it is raised: no row can be read)."""
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
        self.source = source
        self.questionnaire = questionnaire
        self.plan = plan
        self.meta_cols = [
            (i, name)
            for i, name in enumerate(header)
            if name not in ("respondent", "date", "questionnaire")
            and name.partition(".")[0] not in sections
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
        message = rating_problem(value, low, high) or ""
        return InputError(
            self.source, message, Location(row=row, column=item_id, section=sid, item=item_id)
        )


def csv_records(
    chunks: Iterable[bytes], source: str
) -> tuple[list[str] | None, Iterator[tuple[int, list[str]] | InputError]]:
    """The header and an iterator of (row number, cells); a broken record is an InputError."""
    import csv

    reader = csv.reader(_decoded_lines(chunks, source), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError(
            source, _("invalid CSV: {problem}").format(problem=exc), Location(row=1)
        ) from None

    def records() -> Iterator[tuple[int, list[str]] | InputError]:
        row = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                row += 1
                yield InputError(
                    source, _("invalid CSV: {problem}").format(problem=exc), Location(row=row)
                )
                continue
            row += 1
            if cells:
                yield row, cells

    return header, records()


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

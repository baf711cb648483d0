"""The roster of a personalised form set: a CSV with a name per participant.

Columns: `name` (or `respondent`), optional `id` (what the QR code holds; the
name when there is no id column), any other columns are kept as metadata.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from ..errors import InputError, Location
from ..i18n import _

MAX_ID = 40  # characters: longer ids make the QR code too dense to read from a photo
MAX_ROWS = 10_000


@dataclass(frozen=True)
class Participant:
    """One row of the roster."""

    name: str
    id: str
    metadata: dict[str, str] = field(default_factory=dict)


def read_roster(data: bytes, source: str) -> list[Participant]:
    """The participants of a roster CSV; InputError (with row and column) on any problem."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            source, _("not UTF-8 text (byte {offset})").format(offset=exc.start)
        ) from None
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise InputError(source, _("the roster has no header row"))
    if len(rows) - 1 > MAX_ROWS:
        raise InputError(source, _("more than {count} rows").format(count=MAX_ROWS))
    columns = _Columns.of([cell.strip() for cell in rows[0]], source)
    people: list[Participant] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        person = columns.participant(row, number, source)
        if person.id in seen:
            raise InputError(
                source,
                _("'{id}' is already on row {row}").format(id=person.id, row=seen[person.id]),
                Location(row=number, column=columns.id_header),
            )
        seen[person.id] = number
        people.append(person)
    if not people:
        raise InputError(source, _("the roster has no participants"))
    return people


@dataclass(frozen=True)
class _Columns:
    """Which roster column holds what."""

    header: list[str]
    name: int
    id: int | None

    @classmethod
    def of(cls, header: list[str], source: str) -> _Columns:
        lowered = [h.lower() for h in header]
        name = next((i for i, h in enumerate(lowered) if h in ("name", "respondent")), None)
        if name is None:
            raise InputError(source, _("the roster needs a 'name' column"), Location(row=1))
        return cls(header, name, lowered.index("id") if "id" in lowered else None)

    @property
    def id_header(self) -> str:
        """The column the id comes from (the name's when there is no id column)."""
        return self.header[self.id if self.id is not None else self.name]

    def participant(self, row: list[str], number: int, source: str) -> Participant:
        """One data row as a participant."""
        if len(row) != len(self.header):
            raise InputError(
                source,
                _("expected {expected} cells, found {found}").format(
                    expected=len(self.header), found=len(row)
                ),
                Location(row=number),
            )
        name = " ".join(row[self.name].split())
        if not name:
            raise InputError(
                source, _("the name is empty"), Location(row=number, column=self.header[self.name])
            )
        ident = row[self.id].strip() if self.id is not None else name
        where = Location(row=number, column=self.id_header)
        if not ident:
            raise InputError(source, _("the id is empty"), where)
        if len(ident) > MAX_ID:
            raise InputError(
                source,
                _(
                    "longer than {count} characters: too long for the QR code; "
                    "add a short 'id' column"
                ).format(count=MAX_ID),
                where,
            )
        metadata = {
            h: row[i].strip()
            for i, h in enumerate(self.header)
            if i not in (self.name, self.id) and h
        }
        return Participant(name, ident, metadata)

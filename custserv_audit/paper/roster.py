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
    header = [cell.strip() for cell in rows[0]]
    lowered = [h.lower() for h in header]
    name_col = next((i for i, h in enumerate(lowered) if h in ("name", "respondent")), None)
    if name_col is None:
        raise InputError(source, _("the roster needs a 'name' column"), Location(row=1))
    id_col = lowered.index("id") if "id" in lowered else None
    if len(rows) - 1 > MAX_ROWS:
        raise InputError(source, _("more than {count} rows").format(count=MAX_ROWS))
    people: list[Participant] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise InputError(
                source,
                _("expected {expected} cells, found {found}").format(
                    expected=len(header), found=len(row)
                ),
                Location(row=number),
            )
        name = " ".join(row[name_col].split())
        if not name:
            raise InputError(
                source, _("the name is empty"), Location(row=number, column=header[name_col])
            )
        ident = row[id_col].strip() if id_col is not None else name
        column = header[id_col] if id_col is not None else header[name_col]
        if not ident:
            raise InputError(source, _("the id is empty"), Location(row=number, column=column))
        if len(ident) > MAX_ID:
            raise InputError(
                source,
                _(
                    "longer than {count} characters: too long for the QR code; "
                    "add a short 'id' column"
                ).format(count=MAX_ID),
                Location(row=number, column=column),
            )
        if ident in seen:
            raise InputError(
                source,
                _("'{id}' is already on row {row}").format(id=ident, row=seen[ident]),
                Location(row=number, column=column),
            )
        seen[ident] = number
        metadata = {
            h: row[i].strip() for i, h in enumerate(header) if i not in (name_col, id_col) and h
        }
        people.append(Participant(name, ident, metadata))
    if not people:
        raise InputError(source, _("the roster has no participants"))
    return people

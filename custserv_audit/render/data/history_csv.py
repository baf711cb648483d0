"""`history --format csv`: one row per recorded audit, for a spreadsheet.

Columns: id, respondent, respondent_key, date, date_assumed, questionnaire,
total, band, then one column per section id (in the order first seen), then one
per metadata field (in the order first seen), then source and recorded_at.
Totals and scores are rounded to two decimals; text cells that a spreadsheet
would run as a formula get a leading `'`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from ...history.db import Record
from ...scoring import rounded
from .csv_format import neutralise

FIXED = ("id", "respondent", "respondent_key", "date", "date_assumed", "questionnaire", "total")


def history_csv(records: Sequence[Record]) -> str:
    """The audits in date order as CSV text."""
    sections: dict[str, None] = {}
    fields: dict[str, None] = {}
    for record in records:
        sections.update(dict.fromkeys(record.scores))
        fields.update(dict.fromkeys(record.metadata))
    # A metadata field named like a fixed column would make two columns of one name.
    taken = set(FIXED) | {"band", "source", "recorded_at"} | set(sections)
    header = [*FIXED, "band", *sections]
    header += [f"metadata.{f}" if f in taken else f for f in fields]
    header += ["source", "recorded_at"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for r in sorted(records, key=lambda r: (r.date, r.id)):
        row: list[object] = [
            r.id,
            neutralise(r.respondent),
            neutralise(r.respondent_key),
            r.date,
            int(r.date_assumed),
            r.questionnaire,
            rounded(r.total),
            r.band,
        ]
        row += [rounded(r.scores[s]) if s in r.scores else "" for s in sections]
        row += [neutralise(r.metadata.get(f, "")) for f in fields]
        row += [neutralise(r.source), r.recorded_at]
        writer.writerow(row)
    return out.getvalue()

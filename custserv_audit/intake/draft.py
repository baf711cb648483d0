"""A mapping file drafted from a table: what was found, how, and what is left to name."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..i18n import _
from ..model import Questionnaire
from ..schema.answerfile import quote
from .headers import (
    DATE_NAMES,
    EMAIL_NAMES,
    ID_NAMES,
    MAX_HEADER_ROWS,
    RESPONDENT_NAMES,
    Plan,
    draft_columns,
)
from .normalise import normalise
from .table import Record, column_letter
from .values import scale_values

if TYPE_CHECKING:
    from .reader import TableOptions

# Columns platforms add that never hold a statement (LimeSurvey, Kobo, Typeform, Qualtrics).
PLATFORM_COLUMNS = frozenset(
    {
        "lastpage",
        "startlanguage",
        "seed",
        "datestamp",
        "ipaddr",
        "refurl",
        "token",
        "ip address",
        "network id",
        "status",
        "progress",
        "finished",
        "userlanguage",
        "collector id",
        "custom data 1",
        "validation status",
        "notes",
        "submitted by",
        "version",
        "tags",
        "index",
    }
)
_KNOWN = PLATFORM_COLUMNS | set(RESPONDENT_NAMES + EMAIL_NAMES + ID_NAMES + DATE_NAMES)
MAX_LABELS = 50


def draft_mapping(
    records: Iterable[Record], questionnaires: Sequence[Questionnaire], source: str
) -> str:
    """The text of a mapping file for a table; columns found only by position are flagged."""
    data = _collect(records, source)
    plan, _problems = draft_columns(data[:MAX_HEADER_ROWS], questionnaires)
    q = questionnaires[0]
    items = dict(plan.items)
    missing = [i.id for s in q.sections for i in s.items if i.id not in items]
    leftover = [c for _key, c in plan.metadata if normalise(plan.names[c]) not in _KNOWN]
    proposed = bool(missing) and len(leftover) == len(missing)
    lines = [
        "# " + _("Mapping of {source}: which column holds each statement.").format(source=source),
        "# " + _("Check it, edit it, then: custserv-audit score EXPORT --map THIS-FILE"),
        f"questionnaire: {q.id}",
    ]
    if proposed:
        lines += [
            "# " + _("Columns below marked 'by position' were not named by their header;"),
            "# " + _("check each one, then delete the next line."),
            "proposed: true",
        ]
    lines.append(f"header_rows: {plan.header_rows}")
    lines += _roles(plan)
    lines.append("items:")
    by_position = dict(zip(missing, leftover, strict=False)) if proposed else {}
    for section in q.sections:
        for item in section.items:
            col = items.get(item.id, by_position.get(item.id))
            if col is None:
                note = _("no column found: name it")
                lines.append(f"  {item.id}:  # {note}: {item.text}")
                continue
            how = plan.how.get(item.id) or _("by position")
            lines.append(f"  {item.id}: {quote(plan.names[col])}  # {column_letter(col)}, {how}")
    item_columns = list(items.values()) + list(by_position.values())
    lines += _values(data[plan.header_rows :], item_columns, questionnaires)
    left = [c for _key, c in plan.metadata if c not in item_columns]
    if left:
        lines.append("# " + _("Other columns, kept as metadata:"))
        lines += [f"#   {column_letter(c)}: {quote(plan.names[c])}" for c in left]
    return "\n".join(lines) + "\n"


def draft_mapping_of(export: Path, q: Questionnaire, options: TableOptions | None = None) -> str:
    """`map`: the mapping file drafted for an export file, matched against every language
    of the questionnaire."""
    from .inputs import languages
    from .reader import TableOptions, table_records

    records = table_records(export, str(export), options or TableOptions())
    return draft_mapping(records, languages(q), str(export))


def _collect(records: Iterable[Record], source: str) -> list[list[str]]:
    """Every readable row; an unreadable header is raised."""
    data: list[list[str]] = []
    for record in records:
        if isinstance(record, InputError):
            if not data:
                raise record
            continue
        data.append(record[1])
    if not data:
        raise InputError(source, _("the file is empty"))
    return data


def _roles(plan: Plan) -> list[str]:
    """The respondent and date lines."""
    lines = []
    if len(plan.respondent) == 1:
        lines.append(f"respondent: {quote(plan.names[plan.respondent[0]])}")
    elif plan.respondent:
        lines.append(
            "respondent: [" + ", ".join(quote(plan.names[c]) for c in plan.respondent) + "]"
        )
    else:
        lines.append("# respondent: " + _('"a column" (none found)'))
    if plan.date is not None:
        lines.append(f"date: {quote(plan.names[plan.date])}")
    return lines


def _values(
    rows: list[list[str]], columns: list[int], questionnaires: Sequence[Questionnaire]
) -> list[str]:
    """The `values:` section: each text found in a statement column, with its rating."""
    reader = scale_values(questionnaires)
    seen: dict[str, int | None] = {}
    for row, col in itertools.product(rows, columns):
        cell = row[col].strip() if col < len(row) else ""
        if not cell or cell.isdigit() or cell in seen:
            continue
        value = reader.read(cell)
        seen[cell] = value if isinstance(value, int) else None
        if len(seen) >= MAX_LABELS:
            break
    if not seen:
        return []
    lines = ["values:"]
    for text, rating in seen.items():
        if rating is None:
            lines.append(f"  {quote(text)}:  # " + _("give its rating"))
        else:
            lines.append(f"  {quote(text)}: {rating}")
    return lines

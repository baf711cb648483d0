"""Tables from any export -> Answers, one per respondent row, or the row's problems in one line."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Location
from ..i18n import _
from ..model import Answers, Questionnaire
from ..parsing import show
from ..sources import open_input, read_bytes, unreadable
from .dates import reduce_date, slashed_order
from .delimited import read_delimited
from .headers import MAX_HEADER_ROWS, Plan, plan_columns
from .mapping import ColumnMap, plan_from_mapping
from .table import (
    MAX_TABLE_BYTES,
    WORKBOOK_KINDS,
    WORKBOOK_SUFFIXES,
    Record,
    binary_error,
    binary_kind,
    suffix,
)
from .values import Values, scale_values

MAX_CELL_PROBLEMS = 5


@dataclass(frozen=True)
class TableOptions:
    """How to read a table: forced delimiter and encoding, the workbook sheet, a mapping."""

    delimiter: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    mapping: ColumnMap | None = None


def table_records(path: Path, source: str, options: TableOptions) -> Iterator[Record]:
    """The rows of a workbook or delimited file, from row 1; a whole-file problem is raised."""
    try:
        with open_input(path) as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise InputError(source, unreadable(exc)) from None
    kind = binary_kind(head)
    workbook_name = suffix(source) in WORKBOOK_SUFFIXES
    if kind in WORKBOOK_KINDS or (workbook_name and (kind == "zip" or not head)):
        from .xlsx import read_workbook

        named = suffix(source).lstrip(".") if workbook_name else "xlsx"
        return read_workbook(path, source, options.sheet, kind if kind in WORKBOOK_KINDS else named)
    if kind is not None:
        raise binary_error(source, kind)
    return bytes_records(read_bytes(path, source, MAX_TABLE_BYTES), source, options)


def bytes_records(data: bytes, source: str, options: TableOptions) -> Iterator[Record]:
    """The rows of a delimited table held in memory (standard input, a test)."""
    kind = binary_kind(data[:4096])
    if kind is not None:
        raise binary_error(source, kind)
    delimiter = options.delimiter or ("\t" if suffix(source) == ".tsv" else None)
    _used, records = read_delimited(data, source, delimiter, options.encoding)
    return records


def _blank(cells: Sequence[str]) -> bool:
    return not any(cell.strip() for cell in cells)


def read_answers(
    records: Iterable[Record],
    source: str,
    questionnaires: Sequence[Questionnaire],
    mapping: ColumnMap | None = None,
) -> Iterator[Answers | InputError]:
    """One Answers per filled data row, or an InputError naming the row and its columns.

    `questionnaires` is the questionnaire in each of its languages (the first is the one
    answers refer to). A problem with the header is raised: no row can be read.
    """
    head, stream = _head(iter(records), source)
    rows = [cells for _row, cells in head]
    _one_column(rows[0], source)
    if mapping is not None:
        plan = plan_from_mapping(rows, mapping, source)
    else:
        plan = plan_columns(rows, questionnaires, source)
    values = scale_values(questionnaires, mapping.values if mapping else None)
    rest: Iterable[Record] = itertools.chain(head[plan.header_rows :], stream)
    order = mapping.date_order if mapping else None
    if plan.date is not None and order is None:
        # A column of dates such as 11/03/2026 shows its order by a day over 12 in any row.
        rest = list(rest)
        col = plan.date
        order = slashed_order(
            r[1][col] for r in rest if not isinstance(r, InputError) and col < len(r[1])
        )
    for record in rest:
        if isinstance(record, InputError):
            yield record
        elif not _blank(record[1]):
            yield row_answers(record[1], record[0], plan, values, questionnaires[0], source, order)


def _head(
    stream: Iterator[Record], source: str
) -> tuple[list[tuple[int, list[str]]], Iterator[Record]]:
    """The first rows (the header and maybe data), and the rest of the records."""
    head: list[tuple[int, list[str]]] = []
    for record in stream:
        if isinstance(record, InputError):
            if not head:
                raise record
            return head, itertools.chain([record], stream)
        if not head and _blank(record[1]):
            continue  # empty rows above the header
        head.append(record)
        if len(head) == MAX_HEADER_ROWS:
            break
    if not head:
        raise InputError(source, _("the file is empty"))
    return head, stream


def _one_column(header: list[str], source: str) -> None:
    """A header read as one column that holds ';' or tabs was split by the wrong delimiter."""
    filled = [c for c in header if c.strip()]
    if len(filled) == 1:
        for delimiter, name in ((";", "';'"), ("\t", _("tab"))):
            if filled[0].count(delimiter) >= 2:
                raise InputError(
                    source,
                    _(
                        "the header is one column holding {name} between names: the file is "
                        "separated by {name}; give --delimiter {option}"
                    ).format(name=name, option="';'" if delimiter == ";" else "tab"),
                    Location(row=1),
                )


def row_answers(
    cells: list[str],
    row: int,
    plan: Plan,
    values: Values,
    questionnaire: Questionnaire,
    source: str,
    order: str | None = None,
) -> Answers | InputError:
    """One data row; every bad cell of it named in one error."""
    extra = [i for i in range(plan.width, len(cells)) if cells[i].strip()]
    if extra:
        return InputError(
            source,
            _("the row has cells beyond the header's last column (from column {column})").format(
                column=plan.column_name(extra[0])
            ),
            Location(row=row),
        )
    if len(cells) < plan.width:
        cells = cells + [""] * (plan.width - len(cells))
    if plan.submitted is not None and not cells[plan.submitted].strip():
        return InputError(
            source,
            _("an incomplete response (its {column} is empty) is not scored").format(
                column=plan.names[plan.submitted]
            ),
            Location(row=row),
        )
    bad: list[tuple[str, str, str | None]] = []  # (column, problem, item)
    got: dict[str, int] = {}
    for item, col in plan.items:
        value = values.read(cells[col])
        if isinstance(value, str):
            bad.append((plan.column_name(col, item), value, item))
        else:
            got[item] = value
    if plan.questionnaire is not None and cells[plan.questionnaire] not in ("", questionnaire.id):
        bad.append(
            (
                plan.column_name(plan.questionnaire),
                _("questionnaire {given} does not match {expected!r}").format(
                    given=show(cells[plan.questionnaire]), expected=questionnaire.id
                ),
                None,
            )
        )
    date = None
    if plan.date is not None and cells[plan.date].strip():
        date = reduce_date(cells[plan.date], order)
        if date is None:
            bad.append((plan.column_name(plan.date), _date_problem(cells[plan.date]), None))
    if bad:
        return _row_error(bad, row, source)
    ratings = {
        section.id: tuple(got[item.id] for item in section.items)
        for section in questionnaire.sections
    }
    respondent = " ".join(cells[c].strip() for c in plan.respondent if cells[c].strip())
    return Answers(
        questionnaire=questionnaire.id,
        ratings=ratings,
        respondent=respondent or None,
        date=date,
        metadata={key: cells[col] for key, col in plan.metadata},
        source=source,
        row=row,
        key=(" ".join(cells[plan.key].split()) or None) if plan.key is not None else None,
    )


def _date_problem(cell: str) -> str:
    if slashed_order([cell]) is None and reduce_date(cell, "day-first"):
        return _(
            "{value} could be day/month or month/day; say which with date_order: day-first "
            "or month-first in a mapping file"
        ).format(value=show(cell))
    return _("{value} is not a date this tool can read for certain").format(value=show(cell))


def _row_error(bad: list[tuple[str, str, str | None]], row: int, source: str) -> InputError:
    if len(bad) == 1:
        column, problem, item = bad[0]
        section = item.partition(".")[0] if item else None
        return InputError(
            source, problem, Location(row=row, column=column, section=section, item=item)
        )
    shown = [f"{column}: {problem}" for column, problem, _item in bad[:MAX_CELL_PROBLEMS]]
    more = len(bad) - MAX_CELL_PROBLEMS
    text = "; ".join(shown)
    if more > 0:
        text += _("; and {count} more").format(count=more)
    return InputError(
        source,
        _("{count} cells: {problems}").format(count=len(bad), problems=text),
        Location(row=row),
    )

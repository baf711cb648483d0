"""Mapping files: which column holds each statement, the respondent and the date.

```yaml
questionnaire: customer-orientation
header_rows: 1
respondent: "Your name"          # or several columns joined: ["First Name", "Last Name"]
key: "Client ID"                 # the respondent's stable key, so survey waves line up
date: "Timestamp"
items:
  culture.1: "Q1[SQ001]"
values:
  "Strongly agree": 5
```

Read with the project's strict YAML parser; every problem is reported with its line.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError, Location, QuestionnaireError
from ..i18n import _
from ..model import Questionnaire
from ..parsing import LineOf, Path_, decode, marks_lookup, parse_yaml, show
from .headers import (
    MAX_HEADER_ROWS,
    SUBMITTED_NAMES,
    Plan,
    _column_texts,
    _display,
    build_plan,
)
from .normalise import normalise
from .table import column_letter

_KEYS = (
    "questionnaire",
    "header_rows",
    "respondent",
    "key",
    "date",
    "date_order",
    "items",
    "values",
    "proposed",
)
DATE_ORDERS = ("day-first", "month-first")


@dataclass(frozen=True)
class ColumnMap:
    """A checked mapping file."""

    questionnaire: str
    items: Mapping[str, str]
    respondent: tuple[str, ...] = ()
    date: str | None = None
    values: Mapping[str, int] = field(default_factory=dict)
    header_rows: int = 1
    date_order: str | None = None
    key: str | None = None
    lines: Mapping[str, int] = field(default_factory=dict)  # "items.culture.1" -> line
    source: str = ""


class _Problems:
    def __init__(self, source: str, line_of: LineOf) -> None:
        self.source, self.line_of, self.found = source, line_of, []  # type: ignore[var-annotated]

    def add(self, path: Path_, message: str) -> None:
        line = None
        probe = path
        while line is None and probe:
            line = self.line_of(probe)
            probe = probe[:-1]
        line = line if line is not None else self.line_of(())
        self.found.append(InputError(self.source, message, Location(line=line)))


def _column(value: object, path: Path_, problems: _Problems) -> str | None:
    if isinstance(value, str) and value.strip():
        return value
    problems.add(
        path,
        _("{key}: expected a column header in quotes, got {value}").format(
            key=".".join(str(p) for p in path), value=show(value)
        ),
    )
    return None


def parse_mapping(data: bytes, source: str, questionnaire: Questionnaire) -> ColumnMap:
    """Check a mapping file against the questionnaire; every problem raised at once."""
    text = decode(data, source)
    value, marks = parse_yaml(text, source)
    line_of = marks_lookup(marks)
    problems = _Problems(source, line_of)
    if not isinstance(value, dict):
        problems.add((), _("a mapping file is a mapping with 'questionnaire' and 'items'"))
        raise QuestionnaireError(problems.found)
    _check_top(value, questionnaire, problems)
    rows = _header_rows(value, problems)
    respondent = _respondent(value, problems)
    date = _column(value["date"], ("date",), problems) if value.get("date") is not None else None
    key = _column(value["key"], ("key",), problems) if "key" in value else None
    date_order = _date_order(value, problems)
    items = _items(value, questionnaire, problems)
    values = _values(value, questionnaire, problems)
    if problems.found:
        raise QuestionnaireError(problems.found)
    return ColumnMap(
        questionnaire=questionnaire.id,
        items=items,
        respondent=respondent,
        date=date,
        values=values,
        header_rows=rows,
        date_order=date_order,
        key=key,
        lines={f"items.{item}": line_of(("items", item)) or 0 for item in items},
        source=source,
    )


def _check_top(value: dict[Any, Any], questionnaire: Questionnaire, problems: _Problems) -> None:
    for key in value:
        if key not in _KEYS:
            problems.add(
                (key,),
                _("unknown key {key} (expected {expected})").format(
                    key=show(key), expected=", ".join(_KEYS)
                ),
            )
    if value.get("questionnaire") != questionnaire.id:
        problems.add(
            ("questionnaire",),
            _("questionnaire {given} does not match {expected!r}").format(
                given=show(value.get("questionnaire")), expected=questionnaire.id
            ),
        )
    if value.get("proposed") is not None:
        problems.add(
            ("proposed",),
            _(
                "the mapping still holds columns proposed by their position; check each "
                "item's column, then delete the line 'proposed'"
            ),
        )


def _header_rows(value: dict[Any, Any], problems: _Problems) -> int:
    rows = value.get("header_rows", 1)
    if isinstance(rows, bool) or not isinstance(rows, int) or not 1 <= rows <= MAX_HEADER_ROWS:
        problems.add(
            ("header_rows",),
            _("header_rows: a whole number 1–{most}").format(most=MAX_HEADER_ROWS),
        )
        return 1
    return rows


def _respondent(value: dict[Any, Any], problems: _Problems) -> tuple[str, ...]:
    raw = value.get("respondent")
    if isinstance(raw, list) and raw:
        found = [_column(c, ("respondent", n), problems) for n, c in enumerate(raw)]
        return tuple(c for c in found if c)
    if raw is None:
        return ()
    one = _column(raw, ("respondent",), problems)
    return (one,) if one else ()


def _date_order(value: dict[Any, Any], problems: _Problems) -> str | None:
    date_order = value.get("date_order")
    if date_order is None or date_order in DATE_ORDERS:
        return date_order
    problems.add(
        ("date_order",),
        _("date_order: {expected}, got {value}").format(
            expected=" or ".join(DATE_ORDERS), value=show(date_order)
        ),
    )
    return None


def _items(
    value: dict[Any, Any], questionnaire: Questionnaire, problems: _Problems
) -> dict[str, str]:
    known = [i.id for s in questionnaire.sections for i in s.items]
    raw_items = value.get("items")
    if not isinstance(raw_items, dict):
        problems.add(("items",), _("items: a mapping of item ids to column headers"))
        raw_items = {}
    items: dict[str, str] = {}
    for item, column in raw_items.items():
        name = _item(item, column, known, problems)
        if name:
            items[item] = name
    missing = [i for i in known if i not in raw_items]
    if missing:
        problems.add(
            ("items",),
            _("items: no column given for {items}").format(items=", ".join(missing)),
        )
    used: dict[str, str] = {}
    for item, column in items.items():
        if column in used:
            problems.add(
                ("items", item),
                _("items.{item}: column {column} is already {other}'s").format(
                    item=item, column=show(column, 50), other=used[column]
                ),
            )
        used[column] = item
    return items


def _item(item: object, column: object, known: list[str], problems: _Problems) -> str | None:
    """One `items` entry's column, or None after reporting why it has none."""
    if item not in known:
        import difflib  # only when a problem is reported

        close = difflib.get_close_matches(str(item), known, n=1)
        hint = _(" (did you mean {item}?)").format(item=close[0]) if close else ""
        problems.add(("items", item), _("unknown item {item}").format(item=show(item)) + hint)
        return None
    if column is None:
        problems.add(("items", item), _("items.{item}: name its column").format(item=item))
        return None
    return _column(column, ("items", item), problems)


def _values(
    value: dict[Any, Any], questionnaire: Questionnaire, problems: _Problems
) -> dict[str, int]:
    raw_values = value.get("values") or {}
    if not isinstance(raw_values, dict):
        problems.add(("values",), _("values: a mapping of cell texts to ratings"))
        return {}
    low, high = questionnaire.scale.low, questionnaire.scale.high
    values: dict[str, int] = {}
    for label, rating in raw_values.items():
        ok = isinstance(rating, int) and not isinstance(rating, bool) and low <= rating <= high
        if not ok:
            problems.add(
                ("values", label),
                _("values: {label} must be a rating {low}–{high}, got {value}").format(
                    label=show(label), low=low, high=high, value=show(rating)
                ),
            )
            continue
        values[str(label)] = rating
    return values


def plan_from_mapping(rows: Sequence[Sequence[str]], mapping: ColumnMap, source: str) -> Plan:
    """The columns a mapping names, found in the table's header; all misses in one error."""
    count = mapping.header_rows
    width = max((len(r) for r in rows[:count]), default=0)
    texts = _column_texts(rows, count, width)
    names = [_display(t) for t in texts]
    problems: list[str] = []

    def find(header: str, what: str) -> int | None:
        exact = [c for c, column in enumerate(texts) if header.strip() in column]
        if not exact:
            exact = [
                c
                for c, column in enumerate(texts)
                if normalise(header) in {normalise(t) for t in column}
            ]
        if len(exact) == 1:
            return exact[0]
        if exact:
            problems.append(
                _("{what}: {header} is the header of columns {columns}").format(
                    what=what,
                    header=show(header, 50),
                    columns=", ".join(column_letter(c) for c in exact),
                )
            )
            return None
        import difflib  # only when a problem is reported

        close = difflib.get_close_matches(header, [n for n in names if n], n=1, cutoff=0.6)
        hint = _(" (did you mean {header}?)").format(header=show(close[0], 50)) if close else ""
        problems.append(
            _("{what}: no column {header}").format(what=what, header=show(header, 50)) + hint
        )
        return None

    items: dict[str, int] = {}
    for item, header in mapping.items.items():
        col = find(header, item)
        if col is not None:
            items[item] = col
    respondent = tuple(
        c for c in (find(h, _("respondent")) for h in mapping.respondent) if c is not None
    )
    date = find(mapping.date, _("date")) if mapping.date else None
    key = find(mapping.key, _("key")) if mapping.key else None
    if key is not None and key in items.values():
        item = next(i for i, c in items.items() if c == key)
        problems.append(
            _("key: {header} is the column of item {item}").format(
                header=show(mapping.key, 50), item=item
            )
        )
    submitted = next(
        (
            c
            for c, column in enumerate(texts)
            if c != date and any(normalise(t) in SUBMITTED_NAMES for t in column)
        ),
        None,
    )
    if submitted is None and date is not None and normalise(names[date]) in SUBMITTED_NAMES:
        submitted = date
    if problems:
        raise InputError(
            source,
            _("the mapping {mapping} does not fit: {problems}").format(
                mapping=mapping.source, problems=" | ".join(problems)
            ),
            Location(row=1),
        )
    base = Plan(
        header_rows=count,
        items=(),
        how={item: _("mapping file") for item in items},
        respondent=respondent,
        date=date,
        submitted=submitted,
        names=tuple(names),
        width=width,
    )
    return dataclasses.replace(build_plan(base, items, list(mapping.items)), key=key)

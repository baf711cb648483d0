"""Tables that fit the terminal without a cut word or number, or else a stacked layout.

Rich fits a table that is too wide by narrowing its widest columns, and when that is not
enough it narrows every column: a number or a word is then cut ("kehitettäv…"). Here a
table's columns are narrowed only down to their longest word (Rich's order, widest
first), and a table that cannot fit that way is shown stacked instead, as the `score`
table does: one block per row, its first cell as the heading and the other cells as
"Header value" pieces, broken only between pieces.

`fitted` is applied by `to_text` to everything a view returns (tables inside a `Group`,
a `Constrain` or a `Panel`; a panel title too long for its border goes above the panel);
a view needs nothing of its own.
"""

from __future__ import annotations

import copy

from rich._ratio import ratio_reduce
from rich.console import Console, Group, RenderableType
from rich.constrain import Constrain
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .safe_console import keep_together, no_break

INDENT = 2
SEPARATOR = " · "


def fitted(renderable: RenderableType, console: Console, width: int) -> RenderableType:
    """`renderable` with each table made to fit `width` columns, or stacked."""
    if isinstance(renderable, Group):
        return Group(*(fitted(r, console, width) for r in renderable.renderables))
    if isinstance(renderable, Constrain):
        limit = width if renderable.width is None else min(width, renderable.width)
        return Constrain(fitted(renderable.renderable, console, limit), renderable.width)
    if isinstance(renderable, Panel):
        return _panel(renderable, console, width)
    if isinstance(renderable, Table) and renderable.show_header:
        widths = column_widths(renderable, console, width)
        if widths is not None:
            return _with_widths(renderable, widths)
        stack = stacked(renderable, console, width)
        return renderable if stack is None else stack
    return renderable


def _panel(panel: Panel, console: Console, width: int) -> RenderableType:
    """`panel` with its content fitted; a title too long for the border (Rich would cut
    it) goes on its own line above the panel."""
    _top, right, _bottom, left = Padding.unpack(panel.padding)
    inner = copy.copy(panel)
    inner.renderable = fitted(panel.renderable, console, width - 2 - left - right)
    title = _as_text(panel.title) if panel.title else None
    if title is None or title.cell_len + 6 <= width:
        return inner
    inner.title = None
    title.stylize("bold")
    return Group(title, inner)


def column_widths(table: Table, console: Console, width: int) -> list[int] | None:
    """Each column's width (padding included) so that the table fits `width` without
    narrowing a column below its longest word; None when that cannot be done."""
    # Rich's own measures: a column's longest word (minimum) and its longest line.
    available = width - table._extra_width
    options = console.options.update_width(max(available, 1))
    ranges = [table._measure_column(console, options, c) for c in table.columns]
    lowest = [r.minimum for r in ranges]
    widths = [r.maximum for r in ranges]
    if sum(lowest) > available:
        return None
    wrapable = [c.width is None and not c.no_wrap for c in table.columns]
    excess = sum(widths) - available
    # A column with a `ratio` (running text, such as an action) keeps its room longest.
    last = [c.ratio is not None for c in table.columns]
    while excess > 0:
        # As Rich does: the widest columns down towards the next widest, never below a word.
        can = [w > low and ok for w, low, ok in zip(widths, lowest, wrapable, strict=True)]
        first = [c and not late for c, late in zip(can, last, strict=True)]
        can = first if any(first) else can
        if not any(can):
            return None
        top = max(w for w, c in zip(widths, can, strict=True) if c)
        second = max((w for w, c in zip(widths, can, strict=True) if c and w != top), default=0)
        room = [
            min(excess, top - max(second, low)) if c and w == top else 0
            for w, low, c in zip(widths, lowest, can, strict=True)
        ]
        ratios = [1 if r else 0 for r in room]
        widths = ratio_reduce(excess, ratios, room, widths)
        excess = sum(widths) - available
    return widths


def _with_widths(table: Table, widths: list[int]) -> Table:
    """`table` with its columns fixed at `widths` (padding included), so Rich keeps them."""
    for index, (column, width) in enumerate(zip(table.columns, widths, strict=True)):
        column.width = max(width - table._get_padding_width(index), 1)
    return table


def _as_text(cell: RenderableType) -> Text | None:
    if isinstance(cell, Text):
        return cell
    if isinstance(cell, str):
        return Text.from_markup(cell)
    return None


def stacked(table: Table, console: Console, width: int) -> Group | None:
    """The rows of `table` as blocks: the first cell, then "Header value" pieces indented
    below it; None when a cell is not text."""
    headers = [_as_text(c.header) or Text() for c in table.columns]
    columns = [[_as_text(cell) for cell in c.cells] for c in table.columns]
    if any(cell is None for column in columns for cell in column):
        return None
    parts: list[RenderableType] = []
    if table.title:
        title = _as_text(table.title) or Text()
        title.stylize(table.title_style or "bold")
        parts.append(title)
    first = table.columns[0].justify == "right"  # a number (an id): say what it is
    for row in zip(*columns, strict=True):
        cells = [c for c in row if c is not None]
        head = cells[0].copy()
        if first:
            head = Text.assemble(headers[0].copy(), " ", head)
        pieces = [
            Text.assemble(header.copy(), " ", cell.copy()) if header.plain else cell.copy()
            for header, cell in zip(headers[1:], cells[1:], strict=True)
            if cell.plain.strip()
        ]
        parts.append(head)
        if pieces:
            parts.append(_indented(_joined(pieces, width - INDENT), console, width - INDENT))
    if table.caption:
        parts.append(_as_text(table.caption) or Text())
    return Group(*parts)


def _indented(text: Text, console: Console, width: int) -> Text:
    """`text` wrapped to `width` columns, each line indented (no trailing spaces)."""
    lines = no_break(text).wrap(console, width)
    out = Text()
    for n, line in enumerate(lines):
        line.rstrip()
        out.append_text(Text.assemble("\n" if n else "", " " * INDENT, line))
    return out


def _joined(pieces: list[Text], width: int) -> Text:
    """`pieces` joined by " · ", a line broken only between pieces (a piece wider than the
    line breaks at its own spaces)."""
    line = Text()
    for n, piece in enumerate(pieces):
        if piece.cell_len + len(SEPARATOR) <= width:
            piece.plain = keep_together(piece.plain)
        line.append_text(piece)
        if n < len(pieces) - 1:
            # The dot stays with the piece before it: a line never starts with "·".
            line.append(keep_together(SEPARATOR.rstrip()) + " ")
    return line

"""The table `scan` prints: one row per form read, with its pages and its answer file."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from ...i18n import _
from .safe_console import SafeConsole


def print_scan_table(rows: Sequence[tuple[str, str, str, str, str]]) -> None:
    """Print the rows (respondent, pages, read, unanswered, answer file) to standard output:
    names and file names as plain text (never markup, control characters made visible)."""
    table = Table(show_edge=False)
    for head in (_("Respondent"), _("Pages"), _("Read"), _("Unanswered"), _("Answer file")):
        table.add_column(head, overflow="fold")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    SafeConsole().print(table)

"""Output formats for scored results: one module per format behind one interface.

A renderer turns a stream of outcomes (a `Result` or an `InputError`) into text
pieces; only `cli` writes them anywhere.
"""

from __future__ import annotations

from enum import Enum
from typing import Protocol

from ..errors import InputError
from ..model import Questionnaire, Result

Outcome = Result | InputError


class OutputFormat(str, Enum):
    """The formats of `score`."""

    table = "table"
    json = "json"
    ndjson = "ndjson"
    csv = "csv"


class Renderer(Protocol):
    """Turns outcomes into text, piece by piece, so output can stream."""

    def start(self) -> str:
        """Text before the first outcome."""

    def item(self, outcome: Outcome) -> str:
        """Text for one outcome (may be empty when the format renders at the end)."""

    def end(self) -> str:
        """Text after the last outcome."""


def renderer_for(fmt: OutputFormat, questionnaire: Questionnaire, color: bool = False) -> Renderer:
    """The renderer of one format; imported lazily so unused formats cost nothing."""
    if fmt is OutputFormat.json:
        from .json_format import JsonRenderer

        return JsonRenderer()
    if fmt is OutputFormat.ndjson:
        from .json_format import NdjsonRenderer

        return NdjsonRenderer()
    if fmt is OutputFormat.csv:
        from .csv_format import CsvRenderer

        return CsvRenderer(questionnaire)
    if fmt is OutputFormat.table:
        from .table import TableRenderer

        return TableRenderer(questionnaire, color=color)
    raise ValueError(fmt)  # pragma: no cover - the enum is exhaustive (tested)

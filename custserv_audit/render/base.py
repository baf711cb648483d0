"""Output formats for scored results: one module per format behind one interface.

A renderer turns a stream of outcomes (a `Result` or an `InputError`) into text
pieces; only `cli` writes them anywhere.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from ..errors import InputError
from ..model import Questionnaire, Result

if TYPE_CHECKING:
    from ..norms.model import Norm
    from ..summary import SummaryBuilder

Outcome = Result | InputError


class OutputFormat(StrEnum):
    """The formats of `score`."""

    table = "table"
    json = "json"
    ndjson = "ndjson"
    csv = "csv"
    xlsx = "xlsx"


class Renderer(Protocol):
    """Turns outcomes into text, piece by piece, so output can stream."""

    def start(self) -> str:
        """Text before the first outcome."""

    def item(self, outcome: Outcome) -> str:
        """Text for one outcome (may be empty when the format renders at the end)."""

    def end(self) -> str:
        """Text after the last outcome."""


class SummaryRenderer:
    """Passes outcomes to a results renderer (none when summary only) and to the builder.

    Each summary format adds its own `end` (and JSON its own `start`).
    """

    def __init__(self, builder: SummaryBuilder, results: Renderer | None = None) -> None:
        self.builder = builder
        self.results = results

    def start(self) -> str:
        return self.results.start() if self.results else ""

    def item(self, outcome: Outcome) -> str:
        self.builder.add_outcome(outcome)
        return self.results.item(outcome) if self.results else ""


def renderer_for(
    fmt: OutputFormat, questionnaire: Questionnaire, color: bool = False, norm: Norm | None = None
) -> Renderer:
    """The renderer of one format; imported lazily so unused formats cost nothing.

    With a `norm` every result also gets its percentiles in it.
    """
    if fmt is OutputFormat.json:
        from .data.json_format import JsonRenderer

        return JsonRenderer(norm)
    if fmt is OutputFormat.ndjson:
        from .data.json_format import NdjsonRenderer

        return NdjsonRenderer(norm)
    if fmt is OutputFormat.csv:
        from .data.csv_format import CsvRenderer

        return CsvRenderer(questionnaire, norm)
    if fmt is OutputFormat.table:
        from .text.table import TableRenderer

        return TableRenderer(questionnaire, color=color, norm=norm)
    if fmt is OutputFormat.xlsx:
        from ..summary import SummaryBuilder
        from .data.xlsx_format import XlsxRenderer

        return XlsxRenderer(SummaryBuilder(questionnaire), questionnaire)
    raise ValueError(fmt)  # pragma: no cover - the enum is exhaustive (tested)


def summary_renderer_for(
    fmt: OutputFormat,
    questionnaire: Questionnaire,
    group_by: str | None = None,
    summary_only: bool = False,
    color: bool = False,
    min_group: int = 3,
    norm: Norm | None = None,
) -> tuple[Renderer, SummaryBuilder]:
    """A renderer that prints the results (unless `summary_only`) and then the summary.

    The summary is accumulated as the outcomes stream through `item`; the
    builder is returned too so the caller can inspect it afterwards. CSV holds
    either results or a summary, never both (their rows differ): callers must
    reject `csv` without `summary_only`.
    """
    from ..summary import SummaryBuilder

    builder = SummaryBuilder(questionnaire, group_by, min_group, norm)
    results = None if summary_only else renderer_for(fmt, questionnaire, color=color, norm=norm)
    if fmt is OutputFormat.xlsx:
        from .data.xlsx_format import XlsxRenderer

        return XlsxRenderer(builder, questionnaire), builder
    if fmt is OutputFormat.json:
        from .data.summary_json import JsonSummaryRenderer

        return JsonSummaryRenderer(builder, results), builder
    if fmt is OutputFormat.ndjson:
        from .data.summary_json import NdjsonSummaryRenderer

        return NdjsonSummaryRenderer(builder, results), builder
    if fmt is OutputFormat.csv:
        if results is not None:
            raise ValueError("CSV output holds either the results or the summary")
        from .data.summary_csv import CsvSummaryRenderer

        return CsvSummaryRenderer(builder), builder
    if fmt is OutputFormat.table:
        from .text.summary_table import TableSummaryRenderer

        return TableSummaryRenderer(builder, results, color=color), builder
    raise ValueError(fmt)  # pragma: no cover - the enum is exhaustive (tested)

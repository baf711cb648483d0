"""`score --format xlsx`: a workbook with the sheets results, summary and statements.

Numbers are stored as numbers (a Finnish or Slovak Excel reads them without
conversion, unlike a CSV with decimal points); every text is stored as text,
never as a formula. The rows are streamed into openpyxl's write-only workbook,
so memory stays flat; the summary sheets are the rows of the summary CSV, split
into the figures (summary) and the statements with their ratings (statements).
With a norm the results sheet has the CSV's `percentile.SECTION` … `percentile.total`
columns after `error`, and the summary sheet its `percentile` column.
"""

from __future__ import annotations

import io
from typing import Any

from ...errors import InputError
from ...intake.xlsx import writer_module
from ...model import Questionnaire, Result
from ...norms.model import result_percentiles, shown_percentile
from ...scoring import rounded, rounded_ratio
from ...summary import SummaryBuilder
from ..base import Outcome, SummaryRenderer
from .summary_csv import summary_header, summary_rows

RESULT_HEADER = ("source", "row", "respondent", "date", "questionnaire")
RESULT_TAIL = ("total", "band", "band_label", "weakest", "error")
STATEMENT_KINDS = ("statement", "rating")


class Workbook:
    """A write-only workbook; `cells` turns values into cells that keep text as text."""

    def __init__(self) -> None:
        self.openpyxl = writer_module()
        self.book = self.openpyxl.Workbook(write_only=True)

    def sheet(self, title: str) -> Any:
        """A new sheet at the end."""
        return self.book.create_sheet(title)

    def append(self, sheet: Any, values: list[object]) -> None:
        """One row: numbers as numbers, empty strings as empty cells, text never a formula."""
        from openpyxl.cell import WriteOnlyCell

        row: list[object] = []
        for value in values:
            if value == "" or value is None:
                row.append(None)
            elif isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"
                row.append(cell)
            else:
                row.append(value)
        sheet.append(row)

    def to_bytes(self) -> bytes:
        """The finished .xlsx file."""
        buffer = io.BytesIO()
        self.book.save(buffer)
        return buffer.getvalue()


class XlsxRenderer(SummaryRenderer):
    """Results stream into the first sheet; `end` adds the summary and the statements."""

    def __init__(self, builder: SummaryBuilder, questionnaire: Questionnaire) -> None:
        super().__init__(builder, None)
        self.workbook = Workbook()
        self.results = None
        self._sheet = self.workbook.sheet("results")
        self._sections = [s.id for s in questionnaire.sections]
        self._meta: list[str] | None = None
        self.norm = builder.norm
        self._percentile_names = (
            [f"percentile.{sid}" for sid in self._sections] + ["percentile.total"]
            if self.norm is not None
            else []
        )

    def _header(self, outcome: Outcome) -> None:
        self._meta = list(outcome.answers.metadata) if isinstance(outcome, Result) else []
        names = [*RESULT_HEADER, *self._sections, *RESULT_TAIL, *self._percentile_names]
        self.workbook.append(self._sheet, [*names, *self._meta])

    def _percentiles(self, result: Result) -> list[object]:
        """The result's percentile cells, numbers (none without a norm)."""
        if self.norm is None:
            return []
        p = result_percentiles(self.norm, result)
        return [*(shown_percentile(v) for _sid, v in p.sections), shown_percentile(p.total)]

    def item(self, outcome: Outcome) -> str:
        self.builder.add_outcome(outcome)
        if self._meta is None:
            self._header(outcome)
        meta = self._meta or []
        if isinstance(outcome, InputError):
            blanks: list[object] = [None] * (len(self._sections) + 4)
            row: list[object] = [outcome.source, outcome.location.row, None, None, None]
            empty = [None] * (len(self._percentile_names) + len(meta))
            self.workbook.append(self._sheet, [*row, *blanks, outcome.message, *empty])
            return ""
        answers = outcome.answers
        self.workbook.append(
            self._sheet,
            [
                answers.source,
                answers.row,
                answers.respondent,
                answers.date,
                outcome.questionnaire.id,
                *(rounded_ratio(s.points, len(s.ratings)) for s in outcome.sections),
                rounded(outcome.total),
                outcome.band.id,
                outcome.band.label,
                ";".join(s.id for s in outcome.weakest),
                None,
                *self._percentiles(outcome),
                *(answers.metadata.get(k) for k in meta),
            ],
        )
        return ""

    def end(self) -> str:
        if self._meta is None:
            self._header_only()
        finished = self.builder.finish()
        rows = summary_rows(finished)
        header: list[object] = list(summary_header(finished))
        summary = self.workbook.sheet("summary")
        statements = self.workbook.sheet("statements")
        self.workbook.append(summary, header)
        self.workbook.append(statements, header)
        for row in rows:
            target = statements if row[2] in STATEMENT_KINDS else summary
            self.workbook.append(target, [_plain(v) for v in row])
        return ""

    def _header_only(self) -> None:
        self._meta = []
        names = [*RESULT_HEADER, *self._sections, *RESULT_TAIL, *self._percentile_names]
        self.workbook.append(self._sheet, list(names))

    def to_bytes(self) -> bytes:
        """The workbook, once `end` has run."""
        return self.workbook.to_bytes()


def _plain(value: object) -> object:
    """The summary CSV guards text against spreadsheet formulas with a quote; here text is text."""
    if isinstance(value, str) and value.startswith("'") and value[1:2] in ("=", "+", "-", "@"):
        return value[1:]
    return value

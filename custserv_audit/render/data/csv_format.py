"""CSV output: one row per respondent (or error); user text is neutralised for spreadsheets."""

from __future__ import annotations

import csv
import io
import json

from ...errors import InputError
from ...model import Questionnaire, Result
from ...norms.model import Norm, result_percentiles, shown_percentile
from ...scoring import rounded, rounded_ratio

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Make a text cell inert in a spreadsheet (a leading quote before a formula start)."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


class CsvRenderer:
    """Fixed columns, one per section score, then the first result's metadata columns.

    With a norm, `percentile.SECTION` … `percentile.total` follow `error_location`.
    """

    def __init__(self, questionnaire: Questionnaire, norm: Norm | None = None) -> None:
        self._sections = [s.id for s in questionnaire.sections]
        self._meta: list[str] | None = None
        self._meta_set: frozenset[str] = frozenset()
        self.norm = norm
        self._percentile_names = (
            [f"percentile.{sid}" for sid in self._sections] + ["percentile.total"]
            if norm is not None
            else []
        )

    def _line(self, cells: list[object]) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow(cells)
        return buffer.getvalue()

    def _header(self, outcome: Result | InputError) -> str:
        self._meta = list(outcome.answers.metadata) if isinstance(outcome, Result) else []
        self._meta_set = frozenset(self._meta)  # looked up once per key of every result
        fixed = ["source", "row", "respondent", "date", "questionnaire"]
        tail = ["total", "band", "band_label", "weakest", "error", "error_location"]
        tail += self._percentile_names
        ours = {*fixed, *self._sections, *tail, "other_metadata"}
        # An input column named like one of ours (source, total …) keeps its own header.
        meta = [
            f"metadata.{n}" if n in ours or n.startswith("metadata.") else n for n in self._meta
        ]
        names = fixed + self._sections + tail + meta + ["other_metadata"]
        return self._line([neutralise(n) for n in names])

    def start(self) -> str:
        return ""

    def item(self, outcome: Result | InputError) -> str:
        head = self._header(outcome) if self._meta is None else ""
        meta_cols = self._meta or []
        if isinstance(outcome, InputError):
            loc = outcome.location
            where = ", ".join(
                f"{k} {v}" for k, v in loc.as_dict().items() if v is not None and k != "section"
            )
            blanks: list[object] = [""] * (len(self._sections) + 4)
            cells: list[object] = [neutralise(outcome.source), loc.row or "", "", "", "", *blanks]
            cells += [neutralise(outcome.message), neutralise(where)]
            cells += [""] * (len(self._percentile_names) + len(meta_cols) + 1)
            return head + self._line(cells)
        answers = outcome.answers
        metadata = dict(answers.metadata)
        columns = self._meta_set
        other = {k: v for k, v in metadata.items() if k not in columns}
        cells = [
            neutralise(answers.source),
            answers.row if answers.row is not None else "",
            neutralise(answers.respondent or ""),
            answers.date or "",
            neutralise(outcome.questionnaire.id),
            *(rounded_ratio(s.points, len(s.ratings)) for s in outcome.sections),
            rounded(outcome.total),
            outcome.band.id,
            neutralise(outcome.band.label),
            ";".join(s.id for s in outcome.weakest),
            "",
            "",
            *self._percentiles(outcome),
            *(neutralise(metadata.get(k, "")) for k in meta_cols),
            neutralise(json.dumps(other, ensure_ascii=False)) if other else "",
        ]
        return head + self._line(cells)

    def end(self) -> str:
        return ""

    def _percentiles(self, result: Result) -> list[object]:
        """The result's percentile cells (none without a norm)."""
        if self.norm is None:
            return []
        p = result_percentiles(self.norm, result)
        return [*(shown_percentile(v) for _sid, v in p.sections), shown_percentile(p.total)]

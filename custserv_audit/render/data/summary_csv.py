"""The summary as CSV (`score --format csv --summary-only`): one long-form row per figure.

Columns: `scope` (`all` or `group`), `group` (the group's value, empty for
`all` and for respondents without the field), `kind` (`section`, `total`,
`band` or `rejected`), `id`, `label`, `count`, `mean`, `min`, `max`, `stdev`
(sample, n − 1), `weakest`, `largest_spread` (`true`/`false` on section rows).
Results and summary never share one CSV: their rows have different columns.
"""

from __future__ import annotations

import csv
import io

from ...i18n import gettext_for
from ...scoring import rounded
from ...summary import GroupSummary, Stats, Summary, rounded_stdev
from ..base import SummaryRenderer
from .csv_format import neutralise

HEADER = (
    "scope",
    "group",
    "kind",
    "id",
    "label",
    "count",
    "mean",
    "min",
    "max",
    "stdev",
    "weakest",
    "largest_spread",
)


def _figures(stats: Stats) -> list[object]:
    return [
        stats.count,
        "" if stats.mean is None else rounded(stats.mean),
        "" if stats.minimum is None else rounded(stats.minimum),
        "" if stats.maximum is None else rounded(stats.maximum),
        "" if stats.variance is None else rounded_stdev(stats.variance),
    ]


def summary_rows(summary: Summary) -> list[list[object]]:
    """Every row of the summary, overall first, then each group in order."""
    _ = gettext_for(summary.questionnaire.language)
    rows: list[list[object]] = [["all", "", "rejected", "rejected", "", summary.rejected]]

    def group_rows(scope: str, group: GroupSummary) -> None:
        name = neutralise(group.group)
        weak = {s.id for s in group.weakest}
        spread = {s.id for s in group.largest_spread}
        for s in group.sections:
            sid = s.section.id
            rows.append(
                [
                    scope,
                    name,
                    "section",
                    neutralise(sid),
                    neutralise(s.section.title),
                    *_figures(s.stats),
                    "true" if sid in weak else "false",
                    "true" if sid in spread else "false",
                ]
            )
        rows.append([scope, name, "total", "total", _("Total"), *_figures(group.total), "", ""])
        for b in group.bands:
            rows.append(
                [scope, name, "band", neutralise(b.band.id), neutralise(b.band.label), b.count]
            )

    group_rows("all", summary.overall)
    for group in summary.groups:
        group_rows("group", group)
    width = len(HEADER)
    return [row + [""] * (width - len(row)) for row in rows]


def summary_csv(summary: Summary) -> str:
    """The header and every row, CRLF-terminated like the results CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(summary_rows(summary))
    return buffer.getvalue()


class CsvSummaryRenderer(SummaryRenderer):
    """Only the summary rows, written at the end (the results are not printed)."""

    def end(self) -> str:
        return summary_csv(self.builder.finish())

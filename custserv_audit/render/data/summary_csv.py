"""The summary as CSV (`score --format csv --summary-only`): one long-form row per figure.

Columns: `scope` (`all` or `group`), `group` (the group's value, empty for
`all` and for respondents without the field), `kind`, `id`, `label`, `count`,
`mean`, `min`, `max`, `stdev` (sample, n − 1), `weakest`, `largest_spread`
(`true`/`false` on section rows), then `ci_low`, `ci_high` (95 % t interval of
the mean), `either_band` (`true` when that interval crosses a band threshold),
`share` (of respondents, on band rows), `bottom_share`, `top_share` (the lowest
and highest two points of the scale, on statement rows), `alpha` (Cronbach's,
on section rows) and `spread` (the typical statement SD, on section rows).
With `--norms` a last column `percentile` gives, on section and total rows,
where the mean stands among the norm's respondents (0–100).

Kinds: `section`, `total`, `band`, `statement` (one per statement), `rating`
(how many gave the statement `id` the rating in `label`), `quality` (a
response-quality flag and how many respondents carry it), `withheld` (a group
below the minimum size: only its count) and `rejected`. Results and summary
never share one CSV: their rows have different columns.
"""

from __future__ import annotations

import csv
import io
from fractions import Fraction

from ...i18n import gettext_for
from ...norms.model import Percentiles, shown_percentile
from ...scoring import rounded
from ...stats.figures import Interval
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
    "ci_low",
    "ci_high",
    "either_band",
    "share",
    "bottom_share",
    "top_share",
    "alpha",
    "spread",
)

_EXTRA = HEADER.index("ci_low")


def summary_header(summary: Summary) -> tuple[str, ...]:
    """The columns: HEADER, and `percentile` when the summary has a norm."""
    return (*HEADER, "percentile") if summary.norm is not None else HEADER


def _figures(stats: Stats) -> list[object]:
    return [
        stats.count,
        "" if stats.mean is None else rounded(stats.mean),
        "" if stats.minimum is None else rounded(stats.minimum),
        "" if stats.maximum is None else rounded(stats.maximum),
        "" if stats.variance is None else rounded_stdev(stats.variance),
    ]


def _share(value: Fraction | None) -> object:
    return "" if value is None else round(float(value), 4)


def _interval(interval: Interval | None, crossed: tuple[Fraction, ...]) -> list[object]:
    if interval is None:
        return ["", "", ""]
    return [round(interval.low, 2), round(interval.high, 2), "true" if crossed else "false"]


def _pad(row: list[object], width: int) -> list[object]:
    return row + [""] * (width - len(row))


def _percentile_cells(found: Percentiles | None, count: int) -> list[list[object]]:
    """Each section row's percentile cell (empty lists without a norm)."""
    if found is None:
        return [[] for _ in range(count)]
    return [[shown_percentile(v)] for _sid, v in found.sections]


def _statement_rows(
    summary: Summary, scope: str, name: str, group: GroupSummary
) -> list[list[object]]:
    """A `statement` row per statement, each followed by its `rating` rows."""
    q = summary.questionnaire
    rows: list[list[object]] = []
    for detail in group.figures.sections:
        for st in detail.statements:
            item = q.sections[st.section].items[st.item]
            stats = Stats(st.count, st.mean, None, None, st.variance)
            head = [scope, name, "statement", neutralise(item.id), neutralise(item.text)]
            row = _pad([*head, *_figures(stats)], _EXTRA + 4)
            rows.append([*row, _share(st.bottom_share), _share(st.top_share)])
            for v, n in enumerate(st.distribution):
                rows.append([scope, name, "rating", neutralise(item.id), q.scale.low + v, n])
    return rows


def summary_rows(summary: Summary) -> list[list[object]]:
    """Every row of the summary, overall first, then each group in order."""
    q = summary.questionnaire
    _ = gettext_for(q.language)
    rows: list[list[object]] = [["all", "", "rejected", "rejected", "", summary.rejected]]

    def group_rows(scope: str, group: GroupSummary) -> None:
        name = neutralise(group.group)
        if not group.shown:
            rows.append([scope, name, "withheld", "withheld", "", group.count])
            return
        figures = group.figures
        weak = {s.id for s in group.weakest}
        spread = {s.id for s in group.largest_spread}
        spreads = figures.disagreement.sections if figures.disagreement else ()
        found = summary.percentiles(group)
        places = (
            [[shown_percentile(v)] for _sid, v in found.sections]
            if found
            else [[]] * len(q.sections)
        )
        for i, s in enumerate(group.sections):
            sid = s.section.id
            detail = figures.sections[i]
            alpha = detail.reliability.alpha
            typical = spreads[i].spread if spreads else None
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
                    *_interval(detail.interval, detail.crossed),
                    "",
                    "",
                    "",
                    "" if alpha is None else round(alpha, 3),
                    "" if typical is None else round(typical, 2),
                    *places[i],
                ]
            )
        total = [
            scope,
            name,
            "total",
            "total",
            _("Total"),
            *_figures(group.total),
            "",
            "",
            *_interval(figures.total_interval, figures.total_crossed),
        ]
        if found is not None:
            total = [*_pad(total, len(HEADER)), shown_percentile(found.total)]
        rows.append(total)
        shares = {b.band: b.share for b in figures.bands}
        for i, b in enumerate(group.bands):
            row = [scope, name, "band", neutralise(b.band.id), neutralise(b.band.label), b.count]
            rows.append([*_pad(row, _EXTRA + 3), _share(shares.get(i))])
        rows.extend(_statement_rows(summary, scope, name, group))
        for tally in figures.quality:
            rows.append([scope, name, "quality", tally.flag.value, "", tally.count])

    group_rows("all", summary.overall)
    for group in summary.groups:
        group_rows("group", group)
    width = len(summary_header(summary))
    return [_pad(row, width) for row in rows]


def summary_csv(summary: Summary) -> str:
    """The header and every row, CRLF-terminated like the results CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(summary_header(summary))
    writer.writerows(summary_rows(summary))
    return buffer.getvalue()


class CsvSummaryRenderer(SummaryRenderer):
    """Only the summary rows, written at the end (the results are not printed)."""

    def end(self) -> str:
        return summary_csv(self.builder.finish())

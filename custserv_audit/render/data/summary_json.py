"""The summary in JSON: stable field names, numbers rounded to two decimals.

`score --format json --summary` prints one object `{"results": [...], "summary": {...}}`
(`--summary-only`: just `{"summary": {...}}`); `--format ndjson --summary` writes
the result lines and then one last line `{"summary": {...}}`.
"""

from __future__ import annotations

from typing import Any

from ...scoring import rounded
from ...summary import NO_GROUP, GroupSummary, Stats, Summary, rounded_stdev
from ..base import SummaryRenderer
from .json_format import dumps


def stats_to_dict(stats: Stats) -> dict[str, Any]:
    """`mean`, `min`, `max`, `stdev` (sample, n − 1); each null when undefined."""
    return {
        "mean": None if stats.mean is None else rounded(stats.mean),
        "min": None if stats.minimum is None else rounded(stats.minimum),
        "max": None if stats.maximum is None else rounded(stats.maximum),
        "stdev": None if stats.variance is None else rounded_stdev(stats.variance),
    }


def group_to_dict(group: GroupSummary) -> dict[str, Any]:
    """The fields shared by the overall summary and every group."""
    return {
        "count": group.count,
        "sections": [
            {"id": s.section.id, "title": s.section.title, **stats_to_dict(s.stats)}
            for s in group.sections
        ],
        "total": stats_to_dict(group.total),
        "bands": [{"id": b.band.id, "label": b.band.label, "count": b.count} for b in group.bands],
        "weakest": [s.id for s in group.weakest],
        "largest_spread": [s.id for s in group.largest_spread],
    }


def summary_to_dict(summary: Summary) -> dict[str, Any]:
    """The `summary` object; no `groups` without --group-by; a group lacking the field is null."""
    return {
        "questionnaire": summary.questionnaire.id,
        "group_by": summary.group_by,
        "rejected": summary.rejected,
        **group_to_dict(summary.overall),
        "groups": [
            {"group": None if g.group == NO_GROUP else g.group, **group_to_dict(g)}
            for g in summary.groups
        ],
    }


class JsonSummaryRenderer(SummaryRenderer):
    """`{"results": [...], "summary": {...}}`, or `{"summary": {...}}` without results."""

    def start(self) -> str:
        return '{"results": ' + self.results.start() if self.results else ""

    def end(self) -> str:
        summary = dumps(summary_to_dict(self.builder.finish()))
        if self.results is None:
            return '{"summary": ' + summary + "}\n"
        return self.results.end().rstrip() + ',\n "summary": ' + summary + "}\n"


class NdjsonSummaryRenderer(SummaryRenderer):
    """The result lines (unless summary only), then one line `{"summary": {...}}`."""

    def end(self) -> str:
        head = self.results.end() if self.results else ""
        return head + dumps({"summary": summary_to_dict(self.builder.finish())}) + "\n"

"""The summary in JSON: stable field names, numbers rounded to two decimals.

`score --format json --summary` prints one object `{"results": [...], "summary": {...}}`
(`--summary-only`: just `{"summary": {...}}`); `--format ndjson --summary` writes
the result lines and then one last line `{"summary": {...}}`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ...model import Questionnaire
from ...scoring import rounded
from ...stats.figures import Interval, Reliability, StatementStats
from ...stats.group import GroupFigures
from ...summary import NO_GROUP, GroupSummary, Stats, Summary, rounded_stdev
from ..base import SummaryRenderer
from .json_format import dumps, percentiles_to_dict


def _float(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(value, places)


def _share(value: Fraction | None) -> float | None:
    """A share of respondents as a proportion with four decimals (0.5714)."""
    return None if value is None else round(float(value), 4)


def interval_to_dict(interval: Interval | None) -> dict[str, Any] | None:
    """`{"low", "high", "level"}` of a 95 % t interval; null below two respondents."""
    if interval is None:
        return None
    return {"low": _float(interval.low), "high": _float(interval.high), "level": interval.level}


def statement_to_dict(q: Questionnaire, st: StatementStats) -> dict[str, Any]:
    """One statement: id, mean, SD, shares at the bottom and top two points, distribution."""
    return {
        "id": q.sections[st.section].items[st.item].id,
        "mean": None if st.mean is None else rounded(st.mean),
        "sd": None if st.variance is None else rounded_stdev(st.variance),
        "bottom_share": _share(st.bottom_share),
        "top_share": _share(st.top_share),
        "distribution": {str(q.scale.low + i): n for i, n in enumerate(st.distribution)},
    }


def reliability_to_dict(rel: Reliability) -> dict[str, Any]:
    """Cronbach's alpha, alpha if each statement is left out, item–rest correlations."""
    return {
        "alpha": _float(rel.alpha, 3),
        "alpha_if_deleted": [_float(a, 3) for a in rel.if_deleted],
        "item_rest": [_float(r, 3) for r in rel.item_rest],
        "reason": None if rel.reason is None else rel.reason.value,
    }


def figures_to_dict(q: Questionnaire, figures: GroupFigures) -> dict[str, Any]:
    """The statistics beyond the means, shared by the overall summary and every group."""
    dis = figures.disagreement
    return {
        "lowest_statements": [
            {**statement_to_dict(q, st), "section": q.sections[st.section].id}
            for st in figures.lowest
        ],
        "disagreement": None
        if dis is None
        else {
            "named": [q.sections[i].id for i in dis.named],
            "within_noise": dis.within_noise,
            "reason": None if dis.reason is None else dis.reason.value,
        },
        "quality": [
            {
                "flag": t.flag.value,
                "count": t.count,
                "examples": [
                    {"source": e.source, "row": e.row, "respondent": e.respondent}
                    for e in t.examples
                ],
            }
            for t in figures.quality
        ],
    }


def stats_to_dict(stats: Stats) -> dict[str, Any]:
    """`mean`, `min`, `max`, `stdev` (sample, n − 1); each null when undefined."""
    return {
        "mean": None if stats.mean is None else rounded(stats.mean),
        "min": None if stats.minimum is None else rounded(stats.minimum),
        "max": None if stats.maximum is None else rounded(stats.maximum),
        "stdev": None if stats.variance is None else rounded_stdev(stats.variance),
    }


def group_to_dict(q: Questionnaire, group: GroupSummary) -> dict[str, Any]:
    """The fields shared by the overall summary and every group.

    A group below the minimum size has only `count` and `"withheld": true`.
    """
    if not group.shown:
        return {"count": group.count, "withheld": True}
    figures = group.figures
    spreads = figures.disagreement.sections if figures.disagreement else ()
    sections = []
    for i, s in enumerate(group.sections):
        detail = figures.sections[i]
        spread = spreads[i] if spreads else None
        sections.append(
            {
                "id": s.section.id,
                "title": s.section.title,
                **stats_to_dict(s.stats),
                "ci": interval_to_dict(detail.interval),
                "could_be_either_band": bool(detail.crossed),
                "spread": None if spread is None else _float(spread.spread),
                "spread_z": None if spread is None else _float(spread.z),
                "reliability": reliability_to_dict(detail.reliability),
                "statements": [statement_to_dict(q, st) for st in detail.statements],
            }
        )
    shares = {b.band: b.share for b in figures.bands}
    return {
        "count": group.count,
        "withheld": False,
        "sections": sections,
        "total": {
            **stats_to_dict(group.total),
            "ci": interval_to_dict(figures.total_interval),
            "could_be_either_band": bool(figures.total_crossed),
        },
        "bands": [
            {
                "id": b.band.id,
                "label": b.band.label,
                "count": b.count,
                "share": _share(shares.get(i)),
            }
            for i, b in enumerate(group.bands)
        ],
        "weakest": [s.id for s in group.weakest],
        "largest_spread": [s.id for s in group.largest_spread],
        **figures_to_dict(q, figures),
    }


def norm_to_dict(summary: Summary) -> dict[str, Any]:
    """`{"norm": {...}}` when --norms was given: what the percentiles are measured against."""
    norm = summary.norm
    if norm is None:
        return {}
    return {
        "norm": {
            "source": norm.source or None,
            "count": norm.count,
            "first_date": norm.first_date,
            "last_date": norm.last_date,
            "trusted": norm.trusted,
        }
    }


def _with_percentiles(summary: Summary, group: GroupSummary) -> dict[str, Any]:
    found = summary.percentiles(group)
    return {} if found is None else {"percentiles": percentiles_to_dict(found)}


def summary_to_dict(summary: Summary) -> dict[str, Any]:
    """The `summary` object; no `groups` without --group-by; a group lacking the field is null.

    With a norm, the summary has `norm` and every shown group `percentiles`.
    """
    q = summary.questionnaire
    return {
        "questionnaire": q.id,
        "group_by": summary.group_by,
        "min_group": summary.min_group,
        "rejected": summary.rejected,
        **norm_to_dict(summary),
        **group_to_dict(q, summary.overall),
        **_with_percentiles(summary, summary.overall),
        "groups": [
            {
                "group": None if g.group == NO_GROUP else g.group,
                **group_to_dict(q, g),
                **_with_percentiles(summary, g),
            }
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

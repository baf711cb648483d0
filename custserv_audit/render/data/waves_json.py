"""JSON of two waves compared (`compare WAVE1 WAVE2 --format json`).

Field names are stable (docs/reference.md, docs/schemas/compare-waves.schema.json)::

    {"questionnaire", "group_by", "min_group", "level",
     "before": {"reference", "respondents", "rejected"}, "after": {...},
     "overall": GROUP, "groups": [GROUP]}
    GROUP = {"group", "before_count", "after_count", "withheld",
             "sections": [{"id", "title", "before", "after", "change", "low", "high", "df",
                           "beyond_noise"}],
             "total": {"before", "after", "change", "low", "high", "df", "beyond_noise"}}

Means and changes are rounded half up to two decimals; "low"/"high" is Welch's
interval of the change (null below two respondents in a wave); "beyond_noise"
is true when that interval leaves out zero. A withheld group has its counts only.
"""

from __future__ import annotations

import json
from typing import Any

from ...comparison import WaveComparison, WaveGroup
from ...scoring import rounded
from ...stats.change import Change
from ...stats.figures import LEVEL
from ...summary import NO_GROUP


def _round(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(value, places)


def change_to_dict(change: Change) -> dict[str, Any]:
    """A mean before and after, the change and its interval."""
    return {
        "before": rounded(change.before),
        "after": rounded(change.after),
        "change": rounded(change.difference),
        "low": _round(change.low),
        "high": _round(change.high),
        "df": _round(change.df),
        "beyond_noise": change.beyond_noise,
    }


def group_to_dict(group: WaveGroup, overall: bool = False) -> dict[str, Any]:
    """One group's counts and, unless withheld, each section's change and the total's."""
    data: dict[str, Any] = {
        "group": None if overall or group.name == NO_GROUP else group.name,
        "before_count": group.before_count,
        "after_count": group.after_count,
        "withheld": not group.shown,
    }
    if not group.shown or group.total is None:
        return data
    data["sections"] = [
        {"id": section.id, "title": section.title, **change_to_dict(change)}
        for section, change in group.sections
    ]
    data["total"] = change_to_dict(group.total)
    return data


def waves_to_dict(waves: WaveComparison, before_ref: str, after_ref: str) -> dict[str, Any]:
    """The whole comparison of two waves."""
    return {
        "questionnaire": waves.questionnaire.id,
        "group_by": waves.group_by,
        "min_group": waves.min_group,
        "level": waves.overall.total.level if waves.overall.total else LEVEL,
        "before": {
            "reference": before_ref,
            "respondents": waves.overall.before_count,
            "rejected": waves.before_rejected,
        },
        "after": {
            "reference": after_ref,
            "respondents": waves.overall.after_count,
            "rejected": waves.after_rejected,
        },
        "overall": group_to_dict(waves.overall, overall=True),
        "groups": [group_to_dict(g) for g in waves.groups],
    }


def dumps(obj: object) -> str:
    """Indented, UTF-8-friendly JSON with a final newline."""
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"

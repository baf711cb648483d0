"""JSON of a comparison (`compare --format json`); the history backup lives in history.backup.

Field names are stable (docs/reference.md)::

    {"questionnaire", "before": {"reference", "respondent", "date", "total", "band"},
     "after": {...}, "sections": [{"id", "title", "before", "after", "change"}],
     "total": {"before", "after", "change"},
     "band": {"before", "after", "changed"}, "most_improved": [ids], "most_declined": [ids],
     "plan": null or {"created", "audit_date", "targets_met",
              "targets": [{"id", "from", "target", "reached", "met"}],
              "measures": [{"id", "section", "unit", "better", "baseline", "target",
                            "measured", "state"}],
              "measures_met", "actions": {status: count}, "overdue"}}

A measure's "state" is "met", "not_met", "not_measured" or "no_target"; "better"
("lower" or "higher", from the questionnaire) says which way it is met.

"plan" is the latest action plan of the later audit's respondent made before it.
"""

from __future__ import annotations

import json
from typing import Any

from ...comparison import Comparison
from ...model import Result
from ...plan.followup import FollowUp
from ...plan.model import MeasureState
from ...scoring import rounded


def _side(result: Result, reference: str) -> dict[str, Any]:
    a = result.answers
    return {
        "reference": reference,
        "respondent": a.respondent,
        "date": a.date,
        "total": rounded(result.total),
        "band": {"id": result.band.id, "label": result.band.label},
    }


def comparison_to_dict(comparison: Comparison, before_ref: str, after_ref: str) -> dict[str, Any]:
    """Each section before, after and the change; the total, the band and the movers."""
    before, after = comparison.before, comparison.after
    return {
        "questionnaire": after.questionnaire.id,
        "before": _side(before, before_ref),
        "after": _side(after, after_ref),
        "sections": [
            {
                "id": c.section.id,
                "title": c.section.title,
                "before": rounded(c.before),
                "after": rounded(c.after),
                "change": rounded(c.change),
            }
            for c in comparison.sections
        ],
        "total": {
            "before": rounded(before.total),
            "after": rounded(after.total),
            "change": rounded(comparison.total_change),
        },
        "band": {
            "before": before.band.id,
            "after": after.band.id,
            "changed": comparison.band_changed,
        },
        "most_improved": [s.id for s in comparison.most_improved],
        "most_declined": [s.id for s in comparison.most_declined],
    }


def dumps(obj: object) -> str:
    """Indented, UTF-8-friendly JSON with a final newline."""
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def follow_up_to_dict(follow: FollowUp) -> dict[str, Any]:
    """A plan followed up by the later audit: each target against the score reached."""
    plan = follow.plan
    return {
        "created": plan.created.isoformat(),
        "audit_date": plan.audit_date.isoformat(),
        "targets_met": follow.targets_met,
        "targets": [
            {
                "id": o.plan.section,
                "from": rounded(o.plan.score),
                "target": rounded(o.plan.target_score),
                "reached": rounded(o.reached),
                "met": o.met,
            }
            for o in follow.sections
        ],
        "measures": [
            {
                "id": m.id,
                "section": s.section,
                "unit": m.unit,
                "better": m.better,
                "baseline": m.baseline,
                "target": m.target,
                "measured": m.measured,
                "state": m.state.value,
            }
            for s, m in follow.measures
        ],
        "measures_met": follow.measure_counts[MeasureState.met],
        "actions": {status.value: count for status, count in follow.status_counts},
        "overdue": len(follow.overdue),
    }

"""JSON of the history (also the backup that `history import` reads) and of a comparison.

Field names are stable; scores are rounded to two decimals as everywhere in
JSON output, while the answers kept in a backup let every score be recomputed
exactly.

`history --format json`::

    {"format": "custserv-audit-history", "version": 1,
     "audits": [{"id", "respondent", "date", "date_assumed", "questionnaire", "fingerprint",
                 "source", "recorded_at", "scale": {"low", "high"},
                 "answers": {section: [ratings]}, "sections": [{"id", "score"}],
                 "total", "band": {"id", "label"}, "change"}],      # date order
     "trends": [{"respondent", "questionnaire", "audits": [ids], "dates", "total": [..],
                 "total_change", "sections": [{"id", "scores": [..]}]}]}

`history import` reads "audits" only ("id", "sections", "change" and "trends"
are derived and ignored). "total" is checked against the answers, and "band"
too when the audit's questionnaire is the one in use.

`compare --format json`::

    {"questionnaire", "before": {"reference", "respondent", "date", "total", "band"},
     "after": {...}, "sections": [{"id", "title", "before", "after", "change"}],
     "total": {"before", "after", "change"},
     "band": {"before", "after", "changed"}, "most_improved": [ids], "most_declined": [ids]}
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ...comparison import Comparison, series_of
from ...history.db import BACKUP_FORMAT, BACKUP_VERSION, Record
from ...model import Questionnaire, Result
from ...scoring import rounded


def _band(band_id: str, questionnaire: Questionnaire | None) -> dict[str, Any]:
    label = (
        next((b.label for b in questionnaire.bands if b.id == band_id), None)
        if questionnaire
        else None
    )
    return {"id": band_id, "label": label}


def _known(questionnaire: Questionnaire | None, record: Record) -> Questionnaire | None:
    if (
        questionnaire is not None
        and questionnaire.id == record.questionnaire
        and questionnaire.fingerprint == record.fingerprint
    ):
        return questionnaire
    return None


def history_to_dict(
    records: Sequence[Record], questionnaire: Questionnaire | None
) -> dict[str, Any]:
    """The audits in date order with their answers and scores, and each respondent's trend."""
    series = series_of(records)
    change: dict[int, float | None] = {}
    for one in series:
        for index, record in enumerate(one.records):
            delta = one.change(index)
            change[record.id] = None if delta is None else rounded(delta)
    audits = []
    for record in sorted(records, key=lambda r: (r.date, r.id)):
        q = _known(questionnaire, record)
        audits.append(
            {
                "id": record.id,
                "respondent": record.respondent,
                "date": record.date,
                "date_assumed": record.date_assumed,
                "questionnaire": record.questionnaire,
                "fingerprint": record.fingerprint,
                "source": record.source,
                "recorded_at": record.recorded_at,
                "scale": {"low": record.scale_low, "high": record.scale_high},
                "answers": {sid: list(r) for sid, r in record.ratings.items()},
                "sections": [{"id": sid, "score": rounded(v)} for sid, v in record.scores.items()],
                "total": rounded(record.total),
                "band": _band(record.band, q),
                "change": change[record.id],
            }
        )
    trends = []
    for one in series:
        first, last = one.records[0], one.records[-1]
        trends.append(
            {
                "respondent": one.respondent,
                "questionnaire": one.questionnaire,
                "audits": [r.id for r in one.records],
                "dates": [r.date for r in one.records],
                "total": [rounded(t) for t in one.totals],
                "total_change": rounded(last.total - first.total),
                "sections": [
                    {
                        "id": sid,
                        "scores": [None if v is None else rounded(v) for v in one.scores(sid)],
                    }
                    for sid in one.section_ids
                ],
            }
        )
    return {"format": BACKUP_FORMAT, "version": BACKUP_VERSION, "audits": audits, "trends": trends}


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

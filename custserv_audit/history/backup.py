"""The history backup: `history --format json` writes it, `history import` reads it back.

Field names are stable; scores are rounded to two decimals as everywhere in
JSON output, while the answers kept in a backup let every score be recomputed
exactly.

`history --format json`::

    {"format": "custserv-audit-history", "version": 1,
     "audits": [{"id", "respondent", "date", "date_assumed", "questionnaire", "fingerprint",
                 "source", "recorded_at", "respondent_key" (a stable key given with
                 --respondent-column, else null), "metadata": {name: value},
                 "scale": {"low", "high"},
                 "answers": {section: [ratings]}, "sections": [{"id", "score"}],
                 "total", "band": {"id", "label"}, "change"}],      # date order
     "trends": [{"respondent", "questionnaire", "audits": [ids], "dates", "total": [..],
                 "total_change", "sections": [{"id", "scores": [..]}]}]}

`history import` reads "audits" only ("id", "sections", "change" and "trends"
are derived and ignored). "total" is checked against the answers, and "band"
too when the audit's questionnaire is the one in use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..comparison import series_of
from ..errors import InputError, Location
from ..i18n import _
from ..model import Questionnaire
from ..parsing import line_for
from ..schema.definition import ID_PATTERN
from ..scoring import rounded
from .db import BACKUP_FORMAT, BACKUP_VERSION, NewRecord, Record, respondent_key


def _band(band_id: str, questionnaire: Questionnaire | None) -> dict[str, Any]:
    label = (
        next((b.label for b in questionnaire.bands if b.id == band_id), None)
        if questionnaire
        else None
    )
    return {"id": band_id, "label": label}


def _known(questionnaire: Questionnaire | None, record: Record) -> Questionnaire | None:
    if questionnaire is not None and questionnaire.is_the_one(
        record.questionnaire, record.fingerprint
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
                "respondent_key": record.key or None,
                "metadata": dict(record.metadata),
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


MAX_BACKUP_BYTES = 256 * 1024 * 1024


def parse_backup(data: bytes, source: str) -> list[NewRecord]:
    """The audits of a `history --format json` file, each checked; the first problem is raised."""
    from ..parsing import decode, parse_json

    value, line_of = parse_json(decode(data, source, limit=MAX_BACKUP_BYTES), source)

    def fail(path: tuple[object, ...], message: str) -> InputError:
        return InputError(source, message, Location(line=line_for(line_of, path)))

    if not isinstance(value, dict) or value.get("format") != BACKUP_FORMAT:
        raise fail(
            (),
            _(
                "not a custserv-audit history backup (made with: custserv-audit history "
                "--format json)"
            ),
        )
    if value.get("version") != BACKUP_VERSION:
        raise fail(
            ("version",),
            _("backup version {version!r} is not supported (expected 1)").format(
                version=value.get("version")
            ),
        )
    audits = value.get("audits")
    if not isinstance(audits, list):
        raise fail(("audits",), _("'audits' must be a list"))
    return [_backup_entry(entry, ("audits", n), fail) for n, entry in enumerate(audits)]


def _backup_metadata(
    value: object, at: tuple[object, ...], where: str, fail: Any
) -> dict[str, str]:
    """An audit's metadata in a backup: a mapping of names to texts (absent in release 0.1)."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise fail(
            at, _("{where}.metadata: expected a mapping of names to texts").format(where=where)
        )
    return dict(value)


def _backup_entry(entry: object, at: tuple[object, ...], fail: Any) -> NewRecord:
    """One audit of a backup, checked field by field."""
    from ..schema.answers import check_date

    where = f"audits[{at[1]}]"
    if not isinstance(entry, dict):
        raise fail(at, _("{where}: expected a mapping").format(where=where))

    def text(key: str, required: bool = True) -> str:
        got = entry.get(key, "" if not required else None)
        if not isinstance(got, str) or (required and not got.strip()):
            raise fail((*at, key), _("{where}.{key}: expected text").format(where=where, key=key))
        return got

    respondent = " ".join(text("respondent").split())
    date = check_date(entry.get("date"))
    if date is None:
        raise fail(
            (*at, "date"), _("{where}.date: expected an ISO date (YYYY-MM-DD)").format(where=where)
        )
    questionnaire = text("questionnaire")
    band = entry.get("band")
    if isinstance(band, dict):  # the listing shows {"id": ..., "label": ...}
        band = band.get("id")
    for key, got in (("questionnaire", questionnaire), ("band", band)):
        if not isinstance(got, str) or not ID_PATTERN.match(got):
            raise fail((*at, key), _("{where}.{key}: expected an id").format(where=where, key=key))
    low, high = _backup_scale(entry.get("scale"), at, where, fail)
    ratings = _backup_ratings(entry.get("answers"), low, high, at, where, fail)
    new = NewRecord(
        respondent=respondent,
        date=date,
        date_assumed=entry.get("date_assumed") is True,
        questionnaire=questionnaire,
        fingerprint=text("fingerprint"),
        ratings=ratings,
        band=str(band),
        scale_low=low,
        scale_high=high,
        source=text("source", required=False),
        recorded_at=text("recorded_at", required=False),
        metadata=_backup_metadata(entry.get("metadata"), (*at, "metadata"), where, fail),
        key=respondent_key(
            text("respondent_key", required=False) if entry.get("respondent_key") else ""
        ),
    )
    total = entry.get("total")
    # The stored total guards against a hand-edited backup whose answers no longer add up.
    if total is not None and (
        isinstance(total, bool)
        or not isinstance(total, (int, float))
        or total != rounded(new.total)
    ):
        raise fail(
            (*at, "total"),
            _("{where}.total: {total!r} does not match the answers (they give {expected})").format(
                where=where, total=total, expected=rounded(new.total)
            ),
        )
    return new


def _backup_scale(scale: object, at: tuple[object, ...], where: str, fail: Any) -> tuple[int, int]:
    """The scale of a backed-up audit: whole numbers low < high."""
    if (
        not isinstance(scale, dict)
        or not all(type(scale.get(k)) is int for k in ("low", "high"))
        or scale["low"] >= scale["high"]
    ):
        raise fail(
            (*at, "scale"),
            _('{where}.scale: expected {{"low": N, "high": M}} with N < M').format(where=where),
        )
    return scale["low"], scale["high"]


def _backup_ratings(
    answers: object, low: int, high: int, at: tuple[object, ...], where: str, fail: Any
) -> dict[str, tuple[int, ...]]:
    """The answers of a backed-up audit: per section a non-empty list of ratings on its scale."""
    if not isinstance(answers, dict) or not answers:
        raise fail(
            (*at, "answers"),
            _("{where}.answers: expected a mapping of sections to ratings").format(where=where),
        )
    ratings: dict[str, tuple[int, ...]] = {}
    for sid, values in answers.items():
        if (
            not isinstance(values, list)
            or not values
            or not all(type(v) is int and low <= v <= high for v in values)
        ):
            raise fail(
                (*at, "answers", sid),
                _(
                    "{where}.answers.{section}: expected a list of whole numbers {low}–{high}"
                ).format(where=where, section=sid, low=low, high=high),
            )
        ratings[str(sid)] = tuple(values)
    return ratings

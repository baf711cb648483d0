"""The norm file: JSON written by `norms build`, read back strictly (docs/schemas/norm.schema.json).

::

    {"format": "custserv-audit-norm", "version": 1,
     "questionnaire": "customer-orientation", "fingerprint": "<16 hex digits>",
     "count": 300,
     "dates": {"first": "2026-01-05", "last": "2026-11-20", "undated": 0},
     "sections": [{"id": "culture", "denominator": 4,
                   "counts": [[12, 3], [13, 10], ...]}, ...],
     "total": {"denominator": 60, "counts": [[1020, 1], ...]}}

A score is numerator / denominator; `counts` pairs each numerator that occurs
(ascending) with how many respondents had it. Nothing else is kept.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import InputError, Location
from ..i18n import _
from ..model import Questionnaire
from ..parsing import LineOf, line_for
from .model import Distribution, Norm

NORM_FORMAT = "custserv-audit-norm"
NORM_VERSION = 1
_FINGERPRINT = re.compile(r"[0-9a-f]{16}\Z")
_KEYS = ("format", "version", "questionnaire", "fingerprint", "count", "dates", "sections", "total")


def _counts_text(dist: Distribution, indent: str) -> str:
    pairs = [f"[{v}, {c}]" for v, c in zip(dist.values, dist.counts, strict=True)]
    rows = [", ".join(pairs[i : i + 8]) for i in range(0, len(pairs), 8)]
    return "[\n" + ",\n".join(indent + "  " + row for row in rows) + "\n" + indent + "]"


def dump_norm(norm: Norm) -> str:
    """The norm file's text: a few lines of facts, then each distribution's counts."""
    from ..render.data.json_format import dumps

    dates = {"first": norm.first_date, "last": norm.last_date, "undated": norm.undated}
    head = [
        f'  "format": {dumps(NORM_FORMAT)}',
        f'  "version": {NORM_VERSION}',
        f'  "questionnaire": {dumps(norm.questionnaire)}',
        f'  "fingerprint": {dumps(norm.fingerprint)}',
        f'  "count": {norm.count}',
        f'  "dates": {dumps(dates)}',
    ]
    sections = [
        f'    {{"id": {dumps(sid)}, "denominator": {dist.denominator}, '
        f'"counts": {_counts_text(dist, "    ")}}}'
        for sid, dist in norm.sections
    ]
    total = (
        f'  "total": {{"denominator": {norm.total.denominator}, '
        f'"counts": {_counts_text(norm.total, "  ")}}}'
    )
    body = [*head, '  "sections": [\n' + ",\n".join(sections) + "\n  ]", total]
    return "{\n" + ",\n".join(body) + "\n}\n"


class _Reader:
    """Checks a parsed norm file field by field; the first problem is raised with its line."""

    def __init__(self, source: str, line_of: LineOf) -> None:
        self.source = source
        self.line_of = line_of

    def fail(self, path: tuple[object, ...], message: str) -> InputError:
        return InputError(self.source, message, Location(line=line_for(self.line_of, path)))

    def mapping(
        self, value: object, path: tuple[object, ...], keys: tuple[str, ...]
    ) -> dict[str, Any]:
        where = _where(path)
        if not isinstance(value, dict):
            raise self.fail(path, _("{where}: expected a mapping").format(where=where))
        for key in value:
            if key not in keys:
                raise self.fail(
                    (*path, key),
                    _("{where}: unknown field {key!r} (expected: {known})").format(
                        where=where, key=key, known=", ".join(keys)
                    ),
                )
        for key in keys:
            if key not in value:
                raise self.fail(
                    path, _("{where}: the field {key!r} is missing").format(where=where, key=key)
                )
        return value

    def whole(self, value: object, path: tuple[object, ...], low: int) -> int:
        if type(value) is not int or value < low:
            raise self.fail(
                path,
                _("{where}: expected a whole number of at least {low}").format(
                    where=_where(path), low=low
                ),
            )
        return value

    def date(self, value: object, path: tuple[object, ...]) -> str | None:
        from ..schema.answers import check_date

        if value is None:
            return None
        checked = check_date(value)
        if checked is None:
            raise self.fail(
                path,
                _("{where}: expected an ISO date (YYYY-MM-DD) or null").format(where=_where(path)),
            )
        return checked

    def dates(self, value: object, count: int) -> tuple[str | None, str | None, int]:
        """The first and last dates and how many respondents had none."""
        dates = self.mapping(value, ("dates",), ("first", "last", "undated"))
        first = self.date(dates["first"], ("dates", "first"))
        last = self.date(dates["last"], ("dates", "last"))
        undated = self.whole(dates["undated"], ("dates", "undated"), 0)
        none = first is None
        if undated > count or none != (last is None) or none != (undated == count):
            raise self.fail(
                ("dates",),
                _("dates: first and last are both dates, or both null when no respondent had one"),
            )
        if first is not None and last is not None and first > last:
            raise self.fail(("dates",), _("dates: the first date is after the last"))
        return first, last, undated

    def distribution(self, value: object, path: tuple[object, ...], count: int) -> Distribution:
        keys = (
            ("id", "denominator", "counts") if path[0] == "sections" else ("denominator", "counts")
        )
        raw = self.mapping(value, path, keys)
        denominator = self.whole(raw["denominator"], (*path, "denominator"), 1)
        pairs = raw["counts"]
        if not isinstance(pairs, list):
            raise self.fail(
                (*path, "counts"),
                _("{where}: expected a list of [score numerator, count] pairs").format(
                    where=_where((*path, "counts"))
                ),
            )
        values: list[int] = []
        counts: list[int] = []
        for i, pair in enumerate(pairs):
            at = (*path, "counts", i)
            if (
                not isinstance(pair, list)
                or len(pair) != 2
                or type(pair[0]) is not int
                or type(pair[1]) is not int
                or pair[1] < 1
            ):
                raise self.fail(
                    at,
                    _(
                        "{where}: expected [score numerator, count] with a count of 1 or more"
                    ).format(where=_where(at)),
                )
            if values and pair[0] <= values[-1]:
                raise self.fail(
                    at,
                    _("{where}: score numerators must be in ascending order, each once").format(
                        where=_where(at)
                    ),
                )
            values.append(pair[0])
            counts.append(pair[1])
        dist = Distribution(denominator, tuple(values), tuple(counts))
        if dist.count != count:
            raise self.fail(
                (*path, "counts"),
                _(
                    "{where}: the counts add up to {sum}, but the norm holds {count} respondents"
                ).format(where=_where((*path, "counts")), sum=dist.count, count=count),
            )
        return dist


def _where(path: tuple[object, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or _("the norm")


def parse_norm(data: bytes, source: str, questionnaire: Questionnaire | None = None) -> Norm:
    """A norm file checked field by field (and against `questionnaire` when given)."""
    from ..parsing import decode, parse_json

    value, line_of = parse_json(decode(data, source), source)
    r = _Reader(source, line_of)
    if not isinstance(value, dict) or value.get("format") != NORM_FORMAT:
        raise r.fail(
            (), _("not a norm file (made with: custserv-audit norms build INPUTS --output FILE)")
        )
    root = r.mapping(value, (), _KEYS)
    if root["version"] != NORM_VERSION:
        raise r.fail(
            ("version",),
            _("norm file version {version!r} is not supported (expected 1)").format(
                version=root["version"]
            ),
        )
    from ..schema.definition import ID_PATTERN

    qid = root["questionnaire"]
    if not isinstance(qid, str) or not ID_PATTERN.match(qid):
        raise r.fail(("questionnaire",), _("questionnaire: expected a questionnaire id"))
    fingerprint = root["fingerprint"]
    if not isinstance(fingerprint, str) or not _FINGERPRINT.match(fingerprint):
        raise r.fail(("fingerprint",), _("fingerprint: expected 16 hexadecimal digits"))
    count = r.whole(root["count"], ("count",), 1)
    first, last, undated = r.dates(root["dates"], count)
    raw_sections = root["sections"]
    if not isinstance(raw_sections, list) or not raw_sections:
        raise r.fail(("sections",), _("sections: expected a list of the sections' distributions"))
    sections: list[tuple[str, Distribution]] = []
    for i, raw in enumerate(raw_sections):
        dist = r.distribution(raw, ("sections", i), count)
        sid = raw["id"]
        if not isinstance(sid, str) or not ID_PATTERN.match(sid) or sid in dict(sections):
            raise r.fail(
                ("sections", i, "id"),
                _("sections[{i}].id: expected a section id, each once").format(i=i),
            )
        sections.append((sid, dist))
    total = r.distribution(root["total"], ("total",), count)
    norm = Norm(qid, fingerprint, count, first, last, undated, tuple(sections), total, source)
    if questionnaire is not None:
        check_norm(norm, questionnaire, r)
    return norm


def check_norm(norm: Norm, questionnaire: Questionnaire, reader: _Reader) -> None:
    """Refuse a norm of another questionnaire or structure, or with scores it cannot have."""
    q = questionnaire
    if not q.is_the_one(norm.questionnaire, norm.fingerprint):
        raise reader.fail(
            ("fingerprint",) if norm.questionnaire == q.id else ("questionnaire",),
            _(
                "this norm is of questionnaire {norm!r} (structure {norm_fp}), but the "
                "questionnaire in use is {current!r} (structure {current_fp}); percentiles "
                "against it would compare different things"
            ).format(
                norm=norm.questionnaire,
                norm_fp=norm.fingerprint,
                current=q.id,
                current_fp=q.fingerprint,
            ),
        )
    # The same fingerprint means the same section ids and sizes; the ranges are still checked.
    expected = [(s.id, len(s.items)) for s in q.sections]
    got = [(sid, dist.denominator) for sid, dist in norm.sections]
    if got != expected:
        raise reader.fail(
            ("sections",),
            _("sections: expected {expected} (id and number of statements)").format(
                expected=", ".join(f"{sid}/{k}" for sid, k in expected)
            ),
        )
    checks: list[tuple[tuple[object, ...], Distribution, int, int]] = [
        (("sections", i), dist, q.scale.low * k, q.scale.high * k)
        for i, ((_sid, k), (_s, dist)) in enumerate(zip(expected, norm.sections, strict=True))
    ]
    scale = q.common_denominator
    if norm.total.denominator != scale:
        raise reader.fail(
            ("total", "denominator"),
            _("total.denominator: expected {expected}").format(expected=scale),
        )
    checks.append((("total",), norm.total, q.min_total * scale, q.max_total * scale))
    for path, dist, low, high in checks:
        if dist.values and (dist.values[0] < low or dist.values[-1] > high):
            raise reader.fail(
                (*path, "counts"),
                _("{where}: a score numerator outside {low}–{high}").format(
                    where=_where((*path, "counts")), low=low, high=high
                ),
            )

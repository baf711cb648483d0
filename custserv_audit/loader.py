"""Questionnaire definitions and answer files → model, with strict validation."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import os
import re
from collections.abc import Iterable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

from .errors import InputError, Location, QuestionnaireError, UsageError
from .i18n import _
from .model import Answers, Band, Item, Questionnaire, Scale, ScalePoint, Section
from .parsing import (
    MAX_BYTES,
    BigInt,
    LineOf,
    Path_,
    decode,
    marks_lookup,
    parse_json,
    parse_yaml,
    show,
)

BUILTIN_ID = "customer-orientation"
_ID = re.compile(r"[a-z][a-z0-9_-]{0,39}\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_INT_KEY = re.compile(r"-?[0-9]{1,6}\Z")
_LANG = re.compile(r"[a-z]{2,3}\Z")
_QUESTIONNAIRE_KEYS = {
    "schema",
    "id",
    "languages",
    "title",
    "instructions",
    "scale",
    "sections",
    "bands",
}
_ANSWER_KEYS = {"questionnaire", "respondent", "date", "answers", "metadata"}


def builtin_path(questionnaire_id: str = BUILTIN_ID) -> Path:
    """The built-in questionnaire file shipped inside the package."""
    name = f"{questionnaire_id}.yaml"
    try:
        from importlib import resources  # only here: it costs start-up time

        return Path(str(resources.files("custserv_audit.questionnaires") / name))
    except ModuleNotFoundError:  # running from a source checkout, not an installed package
        return Path(__file__).resolve().parent.parent / "questionnaires" / name


def read_bytes(path: Path, source: str | None = None, limit: int | None = MAX_BYTES) -> bytes:
    """A file's bytes, or an InputError naming it; never more than `limit` (None: no cap).

    The cap is checked before reading, so a huge file or a device (/dev/zero) never fills memory.
    """
    name = source or str(path)
    try:
        with path.open("rb") as handle:
            if limit is None:
                return handle.read()
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(limit + 1) if size <= limit else b""
    except OSError as exc:
        raise InputError(name, exc.strerror or _("cannot be read")) from None
    if size > limit:
        message = _("file is too large ({size} bytes; the limit is {limit})")
        raise InputError(name, message.format(size=size, limit=limit))
    if len(data) > limit:  # no size known beforehand: a device, a pipe, a growing file
        raise InputError(name, _("file is too large (more than {limit} bytes)").format(limit=limit))
    return data


def parse_document(
    data: bytes, source: str, kind: str, lines: bool = True
) -> tuple[object, LineOf]:
    """Decode and parse YAML or JSON (`kind`) into a value and a line lookup.

    With `lines` False, YAML line numbers are found only if an error asks for one.
    """
    text = decode(data, source)
    if kind == "json":
        return parse_json(text, source)
    if not lines:
        value, _marks = parse_yaml(text, source, lines=False)
        return value, _lines_later(text, source)
    value, marks = parse_yaml(text, source)
    return value, marks_lookup(marks)


def _lines_later(text: str, source: str) -> LineOf:
    """A line lookup that parses again, with lines, only when an error needs one."""
    found: list[dict[Path_, int]] = []

    def line_of(path: Path_) -> int | None:
        if not found:
            found.append(parse_yaml(text, source)[1])
        return found[0].get(path)

    return line_of


def kind_of(path: str) -> str:
    """'json', 'csv' or 'yaml' from a file name."""
    lower = path.lower()
    if lower.endswith(".json"):
        return "json"
    if lower.endswith(".csv"):
        return "csv"
    return "yaml"


# --- questionnaire definitions -------------------------------------------------------------


class _Problems:
    """Collects every problem of a definition, each with its line."""

    def __init__(self, source: str, line_of: LineOf) -> None:
        self.source = source
        self.line_of = line_of
        self.items: list[InputError] = []

    def add(self, path: Path_, message: str) -> None:
        line = None
        probe = path
        while line is None:
            line = self.line_of(probe)
            if not probe:
                break
            probe = probe[:-1]
        self.items.append(InputError(self.source, message, Location(line=line)))


def _where(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or _("the file")


def _quote(where: str) -> str:
    """A label such as No, Yes, On or 5 without quotes is read as a yes/no value or a number."""
    return _(
        "{where}: unquoted yes/no, on/off, true/false and numbers are not texts; "
        "put the text in quotes"
    ).format(where=where)


def _text(
    value: object, path: Path_, languages: tuple[str, ...], problems: _Problems
) -> dict[str, str]:
    """A text: a mapping language → string, or a plain string for one language."""
    if isinstance(value, str) and len(languages) == 1:
        if not value.strip():
            problems.add(path, _("{where}: the text is empty").format(where=_where(path)))
        return {languages[0]: value}
    if isinstance(value, (bool, int, float)) and len(languages) == 1:
        problems.add(path, _quote(_where(path)))
        return {}
    if not isinstance(value, dict):
        if len(languages) == 1:
            problems.add(path, _("{where}: expected a text").format(where=_where(path)))
        else:
            problems.add(
                path,
                _("{where}: expected texts for {languages}").format(
                    where=_where(path), languages=", ".join(languages)
                ),
            )
        return {}
    out: dict[str, str] = {}
    for lang in languages:
        text = value.get(lang)
        if lang not in value:
            problems.add(
                path, _("{where}: missing the {lang} text").format(where=_where(path), lang=lang)
            )
        elif isinstance(text, (bool, int, float)):
            problems.add((*path, lang), _quote(_where((*path, lang))))
        elif not isinstance(text, str) or not text.strip():
            problems.add(
                (*path, lang),
                _("{where}: the text is empty or not text").format(where=_where((*path, lang))),
            )
        else:
            out[lang] = text
    for extra in value:
        if extra not in languages:
            problems.add(
                (*path, extra),
                _("{where}: language {lang} is not declared").format(
                    where=_where(path), lang=show(extra)
                ),
            )
    return out


def _threshold(value: object, path: Path_, problems: _Problems) -> Fraction | None:
    if value is None:
        return None
    # A float overflowing to inf (1e400) or JSON's NaN/Infinity is no threshold either.
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or value in (_INF, -_INF)
        or value != value
    ):
        message = _("{where}: the threshold must be a finite number, got {value}").format(
            where=_where(path), value=show(value)
        )
        problems.add(path, message)
        return None
    # Thresholds come from decimal text; Fraction(str) keeps 27.5 exact.
    return Fraction(str(value))


_INF = float("inf")


def _label_key(key: object, labels: dict[Any, Any]) -> object:
    """A scale label's key as a number: JSON keys are always text, so there "1" labels 1."""
    if isinstance(key, str) and _INT_KEY.match(key) and int(key) not in labels:
        return int(key)
    return key


def _num(value: Fraction) -> str:
    """A threshold as the user wrote it (27.5, not 55/2)."""
    return str(value.numerator) if value.denominator == 1 else str(float(value))


def _dict(value: object, path: Path_, problems: _Problems) -> dict[Any, Any]:
    if isinstance(value, dict):
        return value
    problems.add(path, _("{where}: expected a mapping").format(where=_where(path)))
    return {}


def _list(value: object, path: Path_, problems: _Problems) -> list[Any]:
    if isinstance(value, list):
        return value
    problems.add(path, _("{where}: expected a list").format(where=_where(path)))
    return []


def _check_id(value: object, path: Path_, problems: _Problems) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        problems.add(
            path,
            _("{where}: an id is lower-case letters, digits, '-' or '_', got {value}").format(
                where=_where(path), value=show(value)
            ),
        )
        return ""
    return value


def _check_bands(bands: list[Band], low: int, high: int, path: Path_, problems: _Problems) -> None:
    """Every possible total must fall in exactly one band."""
    if not bands:
        problems.add(path, _("bands: at least one band is needed"))
        return
    for band in bands:
        if band.lower is not None and band.upper is not None and band.lower >= band.upper:
            lower, upper = _num(band.lower), _num(band.upper)
            problems.add(
                path,
                _("bands: band {band!r} is empty (from {lower} below {upper})").format(
                    band=band.id, lower=lower, upper=upper
                ),
            )
            return
        # A band wholly outside the possible totals would never be given.
        too_high = band.lower is not None and band.lower > high
        too_low = band.upper is not None and band.upper <= low
        if too_high or too_low:
            problems.add(
                path,
                _(
                    "bands: band {band!r} covers no possible total (totals are {low} to {high})"
                ).format(band=band.id, low=low, high=high),
            )
            return
    ordered = sorted(bands, key=lambda b: (b.lower is not None, b.lower or 0))
    first, last = ordered[0], ordered[-1]
    if first.lower is not None and first.lower > low:
        problems.add(
            path,
            _("bands: totals from {lower} below {upper} are in no band").format(
                lower=low, upper=_num(first.lower)
            ),
        )
    if last.upper is not None and last.upper <= high:
        problems.add(
            path,
            _("bands: totals from {lower} to {high} are in no band").format(
                lower=_num(last.upper), high=high
            ),
        )
    for below, above in itertools.pairwise(ordered):
        if below.upper is None or above.lower is None or below.upper > above.lower:
            problems.add(
                path,
                _("bands: {below!r} and {above!r} overlap").format(below=below.id, above=above.id),
            )
        elif below.upper < above.lower:
            problems.add(
                path,
                _("bands: totals from {lower} below {upper} are in no band").format(
                    lower=_num(below.upper), upper=_num(above.lower)
                ),
            )


def _fingerprint(data: dict[str, Any]) -> str:
    """A hash of the structure only (ids, counts, scale, thresholds), not of the texts."""
    structure = {
        "id": data["id"],
        "scale": [data["scale"].low, data["scale"].high],
        "sections": [[s.id, len(s.items)] for s in data["sections"]],
        "bands": [[b.id, str(b.lower), str(b.upper)] for b in data["bands"]],
    }
    return hashlib.sha256(json.dumps(structure, sort_keys=True).encode()).hexdigest()[:16]


def questionnaire_from_data(
    data: object, line_of: LineOf, source: str, lang: str | None
) -> dict[str, Questionnaire]:
    """Validate a parsed definition; returns it in every language it has (or `lang` only)."""
    problems = _Problems(source, line_of)
    root = _dict(data, (), problems)
    if problems.items:
        raise QuestionnaireError(problems.items)
    for key in root:
        if key not in _QUESTIONNAIRE_KEYS:
            problems.add((key,), _("unknown key {key}").format(key=show(key)))
    for key in ("id", "title", "scale", "sections", "bands"):
        if key not in root:
            problems.add((), _("missing {key!r}").format(key=key))
    if root.get("schema", 1) != 1:
        problems.add(
            ("schema",),
            _("schema {schema} is not supported (expected 1)").format(
                schema=show(root.get("schema"))
            ),
        )
    qid = _check_id(root.get("id"), ("id",), problems) if "id" in root else ""

    languages: tuple[str, ...] = ("en",)
    if "languages" in root:
        raw = _list(root["languages"], ("languages",), problems)
        if not raw or not all(isinstance(x, str) and _LANG.match(x) for x in raw):
            problems.add(
                ("languages",), _("languages: a list of language codes such as en, fi, sk")
            )
        elif len(set(raw)) != len(raw):
            problems.add(("languages",), _("languages: a language is listed twice"))
        else:
            languages = tuple(raw)

    texts: dict[Path_, dict[str, str]] = {}

    def text(value: object, path: Path_) -> Path_:
        texts[path] = _text(value, path, languages, problems)
        return path

    title = text(root.get("title"), ("title",)) if "title" in root else None
    instructions = text(root["instructions"], ("instructions",)) if "instructions" in root else None

    # scale
    scale_raw = _dict(root.get("scale", {}), ("scale",), problems)
    low, high = scale_raw.get("low"), scale_raw.get("high")
    scale_ok = (
        isinstance(low, int)
        and isinstance(high, int)
        and not isinstance(low, bool)
        and not isinstance(high, bool)
        and low < high
        and high - low <= 20
    )
    if "scale" in root and not scale_ok:
        problems.add(
            ("scale",),
            _("scale: low and high must be whole numbers, low < high, at most 21 points"),
        )
    for key in scale_raw:
        if key not in ("low", "high", "labels"):
            problems.add(("scale", key), _("scale: unknown key {key}").format(key=show(key)))
    label_paths: list[tuple[int, Path_]] = []
    if scale_ok:
        assert isinstance(low, int) and isinstance(high, int)
        if "labels" in scale_raw:
            labels = _dict(scale_raw["labels"], ("scale", "labels"), problems)
            # JSON keys are always text: there "1" labels the point 1.
            labels = {_label_key(k, labels): v for k, v in labels.items()}
        else:
            # One clear line, not "expected a mapping" plus a line for every point.
            problems.add(("scale",), _("scale: missing 'labels' (a label for each point)"))
            labels = {}
        for value in range(low, high + 1):
            if value not in labels and "labels" not in scale_raw:
                continue
            if value not in labels:
                problems.add(
                    ("scale", "labels"), _("scale.labels: no label for {value}").format(value=value)
                )
            else:
                label_paths.append((value, text(labels[value], ("scale", "labels", value))))
        for key in labels:
            if not isinstance(key, int) or not low <= key <= high:
                problems.add(
                    ("scale", "labels", key),
                    _("scale.labels: {key} is not on the scale").format(key=show(key)),
                )

    # sections
    sections_raw = _list(root.get("sections", []), ("sections",), problems)
    if "sections" in root and not sections_raw:
        problems.add(("sections",), _("sections: at least one section is needed"))
    section_specs: list[tuple[str, Path_, Path_, list[Path_], list[Path_]]] = []
    seen: set[str] = set()
    for i, raw in enumerate(sections_raw):
        path: Path_ = ("sections", i)
        sec = _dict(raw, path, problems)
        if not sec:
            continue
        for key in sec:
            if key not in ("id", "title", "theme", "items", "advice"):
                problems.add(
                    (*path, key), _("sections[{i}]: unknown key {key}").format(i=i, key=show(key))
                )
        sid = _check_id(sec.get("id"), (*path, "id"), problems)
        if sid in seen:
            problems.add(
                (*path, "id"), _("sections[{i}]: duplicate section id {id!r}").format(i=i, id=sid)
            )
        seen.add(sid)
        name = sid or f"sections[{i}]"
        for key in ("title", "theme", "items"):
            if key not in sec:
                problems.add(path, _("section {name}: missing {key!r}").format(name=name, key=key))
        # A missing text is reported once above, not again as an empty one.
        t_path = text(sec["title"], (*path, "title")) if "title" in sec else (*path, "title")
        th_path = text(sec["theme"], (*path, "theme")) if "theme" in sec else (*path, "theme")
        items = _list(sec.get("items", []), (*path, "items"), problems)
        if "items" in sec and not items:
            problems.add((*path, "items"), _("section {name}: has no statements").format(name=name))
        item_paths = [text(item, (*path, "items", n)) for n, item in enumerate(items)]
        advice = _list(sec.get("advice", []), (*path, "advice"), problems)
        advice_paths = [text(a, (*path, "advice", n)) for n, a in enumerate(advice)]
        section_specs.append((sid, t_path, th_path, item_paths, advice_paths))

    # bands
    bands_raw = _list(root.get("bands", []), ("bands",), problems)
    band_specs: list[tuple[str, Fraction | None, Fraction | None, Path_, Path_]] = []
    band_ids: set[str] = set()
    thresholds_ok = True
    for i, raw in enumerate(bands_raw):
        path = ("bands", i)
        band = _dict(raw, path, problems)
        if not band:
            continue
        for key in band:
            if key not in ("id", "from", "below", "label", "meaning"):
                problems.add(
                    (*path, key), _("bands[{i}]: unknown key {key}").format(i=i, key=show(key))
                )
        bid = _check_id(band.get("id"), (*path, "id"), problems)
        if bid in band_ids:
            problems.add(
                (*path, "id"), _("bands[{i}]: duplicate band id {id!r}").format(i=i, id=bid)
            )
        band_ids.add(bid)
        for key in ("label", "meaning"):
            if key not in band:
                problems.add(path, _("band {name}: missing {key!r}").format(name=bid or i, key=key))
        before = len(problems.items)
        lower = _threshold(band.get("from"), (*path, "from"), problems)
        upper = _threshold(band.get("below"), (*path, "below"), problems)
        thresholds_ok = thresholds_ok and len(problems.items) == before
        band_specs.append(
            (
                bid,
                lower,
                upper,
                text(band["label"], (*path, "label")) if "label" in band else (*path, "label"),
                text(band["meaning"], (*path, "meaning"))
                if "meaning" in band
                else (*path, "meaning"),
            )
        )
    # Coverage is checked only over valid thresholds: a bad one would add misleading gaps.
    if scale_ok and section_specs and band_specs and thresholds_ok:
        assert isinstance(low, int) and isinstance(high, int)
        probe = [Band(b[0], "", "", b[1], b[2]) for b in band_specs]
        _check_bands(
            probe, low * len(section_specs), high * len(section_specs), ("bands",), problems
        )

    if problems.items:
        raise QuestionnaireError(problems.items)
    if lang is not None and lang not in languages:
        raise UsageError(
            _("{source}: the questionnaire has no {lang!r} texts (it has {languages})").format(
                source=source, lang=lang, languages=", ".join(languages)
            )
        )
    assert isinstance(low, int) and isinstance(high, int)

    def build(language: str) -> Questionnaire:
        def t(path: Path_ | None) -> str:
            return texts[path][language] if path is not None else ""

        scale = Scale(low, high, tuple(ScalePoint(v, t(p)) for v, p in label_paths))
        sections = tuple(
            Section(
                id=sid,
                title=t(tp),
                theme=t(thp),
                items=tuple(Item(f"{sid}.{n}", t(p)) for n, p in enumerate(items, start=1)),
                advice=tuple(t(p) for p in advice),
            )
            for sid, tp, thp, items, advice in section_specs
        )
        bands = tuple(Band(bid, t(lp), t(mp), lo, up) for bid, lo, up, lp, mp in band_specs)
        parts: dict[str, Any] = {"id": qid, "scale": scale, "sections": sections, "bands": bands}
        return Questionnaire(
            id=qid,
            title=t(title),
            instructions=t(instructions),
            language=language,
            languages=languages,
            scale=scale,
            sections=sections,
            bands=bands,
            fingerprint=_fingerprint(parts),
            source=source,
        )

    wanted = languages if lang is None else (lang,)
    return {language: build(language) for language in wanted}


def read_questionnaire(path: Path | None, lang: str | None) -> dict[str, Questionnaire]:
    """Load and validate a definition file (None: the built-in one)."""
    file = path if path is not None else builtin_path()
    source = str(path) if path is not None else f"{BUILTIN_ID}.yaml"
    data = read_bytes(file, source)
    try:
        value, line_of = parse_document(
            data, source, "json" if kind_of(str(file)) == "json" else "yaml"
        )
    except InputError as exc:
        raise QuestionnaireError([exc]) from None
    return questionnaire_from_data(value, line_of, source, lang)


def load_questionnaire(path: Path | None = None, lang: str = "en") -> Questionnaire:
    """The questionnaire in one language (None: the built-in one)."""
    return read_questionnaire(path, lang)[lang]


# --- answer files --------------------------------------------------------------------------


def _rating_error(value: object, low: int, high: int) -> str | None:
    """Why `value` is not a rating, or None when it is one."""
    if isinstance(value, bool):
        return _(
            "a yes/no (boolean) value is not a rating; expected a whole number {low}–{high}"
        ).format(low=low, high=high)
    if isinstance(value, (int, BigInt)):
        if isinstance(value, int) and low <= value <= high:
            return None
        return _("rating {value} is outside the scale {low}–{high}").format(
            value=show(value), low=low, high=high
        )
    if value is None:
        return _("the rating is empty; expected a whole number {low}–{high}").format(
            low=low, high=high
        )
    return _("{value} is not a whole number {low}–{high}").format(
        value=show(value), low=low, high=high
    )


def answers_from_data(
    data: object,
    line_of: LineOf,
    source: str,
    questionnaire: Questionnaire,
    partial: bool = False,
) -> Answers:
    """Check a parsed answer file against the questionnaire (first problem is raised).

    With `partial`, sections may be missing or short (an interview to resume).
    """

    def fail(
        path: Path_, message: str, section: str | None = None, item: str | None = None
    ) -> InputError:
        line = None
        probe = path
        while line is None:
            line = line_of(probe)
            if not probe:
                break
            probe = probe[:-1]
        return InputError(source, message, Location(line=line, section=section, item=item))

    if not isinstance(data, dict):
        raise fail((), _("an answer file is a mapping with 'questionnaire' and 'answers'"))
    for key in data:
        if key not in _ANSWER_KEYS:
            raise fail(
                (key,),
                _("unknown key {key} (expected {expected})").format(
                    key=show(key), expected=", ".join(sorted(_ANSWER_KEYS))
                ),
            )
    qid = data.get("questionnaire")
    if qid is None:
        raise fail((), _("missing 'questionnaire' (the questionnaire id)"))
    if qid != questionnaire.id:
        raise fail(
            ("questionnaire",),
            _("questionnaire {given} does not match {expected!r}").format(
                given=show(qid), expected=questionnaire.id
            ),
        )
    respondent = data.get("respondent")
    if respondent is not None and not isinstance(respondent, str):
        raise fail(("respondent",), _("respondent must be text (put it in quotes)"))
    date = data.get("date")
    if date is not None:
        date = check_date(date)
        if date is None:
            raise fail(
                ("date",),
                _("date {date} is not an ISO date (YYYY-MM-DD)").format(
                    date=show(data.get("date"))
                ),
            )
    metadata: dict[str, str] = {}
    raw_meta = data.get("metadata")
    if raw_meta is not None:
        if not isinstance(raw_meta, dict):
            raise fail(("metadata",), _("metadata must be a mapping of names to values"))
        for key, value in raw_meta.items():
            if isinstance(value, (dict, list)):
                raise fail(
                    ("metadata", key),
                    _("metadata {key}: the value must be a single value").format(key=show(key)),
                )
            metadata[str(key)] = "" if value is None else str(value)
    answers = data.get("answers")
    if answers is None:
        raise fail((), _("missing 'answers'"))
    if not isinstance(answers, dict):
        raise fail(("answers",), _("answers must be a mapping of section ids to lists of ratings"))
    known = {s.id for s in questionnaire.sections}
    for key in answers:
        if key not in known:
            raise fail(
                ("answers", key),
                _("unknown section {key} (expected {expected})").format(
                    key=show(key), expected=", ".join(s.id for s in questionnaire.sections)
                ),
                section=str(key),
            )
    low, high = questionnaire.scale.low, questionnaire.scale.high
    ratings: dict[str, tuple[int, ...]] = {}
    for section in questionnaire.sections:
        sid = section.id
        if sid not in answers:
            if partial:
                continue
            raise fail(("answers",), _("section {id!r} is missing").format(id=sid), section=sid)
        values = answers[sid]
        if not isinstance(values, list):
            raise fail(
                ("answers", sid),
                _("section {id!r}: expected a list of {count} ratings").format(
                    id=sid, count=len(section.items)
                ),
                section=sid,
            )
        for n, value in enumerate(values):
            if n >= len(section.items):
                raise fail(
                    ("answers", sid, n),
                    _(
                        "section {id!r}: extra rating {value} at position {position}; "
                        "the section has {count} statements"
                    ).format(id=sid, value=show(value), position=n + 1, count=len(section.items)),
                    section=sid,
                )
            problem = _rating_error(value, low, high)
            if problem is not None:
                item = section.items[n].id
                raise fail(
                    ("answers", sid, n),
                    _("{item}: {problem}").format(item=item, problem=problem),
                    section=sid,
                    item=item,
                )
        if len(values) < len(section.items) and not partial:
            item = section.items[len(values)].id
            raise fail(
                ("answers", sid),
                _("{item}: missing rating (section {id!r} has {given} of {count})").format(
                    item=item, id=sid, given=len(values), count=len(section.items)
                ),
                section=sid,
                item=item,
            )
        ratings[sid] = tuple(values)
    return Answers(
        questionnaire=questionnaire.id,
        ratings=ratings,
        respondent=respondent,
        date=date,
        metadata=metadata,
        source=source,
    )


def check_date(value: object) -> str | None:
    """The ISO date text, or None when `value` is not a valid date."""
    # Only YYYY-MM-DD: fromisoformat also takes week dates (2026-W48-3) the message does not name.
    if not isinstance(value, str) or not _DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def load_answers(
    data: bytes,
    source: str,
    questionnaire: Questionnaire,
    kind: str = "yaml",
    partial: bool = False,
) -> Answers:
    """Parse and check one YAML or JSON answer file."""
    value, line_of = parse_document(data, source, kind, lines=False)
    return answers_from_data(value, line_of, source, questionnaire, partial)


# --- CSV -----------------------------------------------------------------------------------

_CSV_INT = re.compile(r"[0-9]{1,3}\Z")


def _decoded_lines(
    chunks: Iterable[bytes], source: str, offset: int = 0, bom: bool = True
) -> Iterator[str]:
    """UTF-8 lines of a byte stream (BOM dropped); a bad byte names its offset.

    A line over MAX_BYTES is rejected, and a file is read a bounded piece at a time, so one
    endless line cannot fill memory.
    """
    first = bom
    readline = getattr(chunks, "readline", None)
    pieces = iter(lambda: readline(MAX_BYTES + 1), b"") if readline is not None else chunks
    for raw in pieces:
        if len(raw) > MAX_BYTES:
            message = _("a line is longer than {limit} bytes (from byte offset {offset})")
            raise InputError(source, message.format(limit=MAX_BYTES, offset=offset))
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                source,
                _("not UTF-8 text: invalid byte at offset {offset}").format(
                    offset=offset + exc.start
                ),
            ) from None
        if first:
            first = False
            if line.startswith("\ufeff"):
                line = line[1:]
        offset += len(raw)
        yield line


def csv_block_records(
    block: bytes, source: str, first_row: int, offset: int
) -> Iterator[tuple[int, list[str]] | InputError]:
    """(row number, cells) of a block of whole CSV records that starts at `first_row`."""
    import csv

    lines = _decoded_lines(block.splitlines(keepends=True), source, offset, bom=False)
    reader = csv.reader(lines, strict=True)
    row = first_row - 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row += 1
            yield InputError(
                source, _("invalid CSV: {problem}").format(problem=exc), Location(row=row)
            )
            continue
        row += 1
        if cells:
            yield row, cells


def count_records(block: bytes) -> int:
    """How many CSV records (blank lines included) a block of whole records holds."""
    import csv

    if b'"' not in block and b"\r" not in block.replace(b"\r\n", b""):
        return block.count(b"\n") + (0 if block.endswith(b"\n") else 1)
    text = block.decode("utf-8", "replace")
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    count = 0
    while True:
        try:
            next(reader)
        except StopIteration:
            return count
        except csv.Error:
            pass
        count += 1


class CsvLayout:
    """The checked header of an answers CSV; turns each row's cells into Answers."""

    def __init__(self, header: list[str], source: str, questionnaire: Questionnaire) -> None:
        """Check the header (a problem with it is raised: no row can be read)."""
        seen: set[str] = set()
        for name in header:
            if name in seen:
                raise InputError(
                    source, _("the column appears twice"), Location(row=1, column=name)
                )
            seen.add(name)
        sections = {s.id: s for s in questionnaire.sections}
        index = {name: i for i, name in enumerate(header)}
        if "respondent" not in index:
            raise InputError(source, _("missing column"), Location(row=1, column="respondent"))
        plan: list[tuple[str, list[tuple[int, str]]]] = []
        for section in questionnaire.sections:
            columns = []
            for item in section.items:
                if item.id not in index:
                    raise InputError(source, _("missing column"), Location(row=1, column=item.id))
                columns.append((index[item.id], item.id))
            plan.append((section.id, columns))
        for name in header:
            head, _dot, tail = name.partition(".")
            if head in sections and tail and name not in {i.id for i in sections[head].items}:
                raise InputError(
                    source,
                    _("unknown item (section {id!r} has {count} statements)").format(
                        id=head, count=len(sections[head].items)
                    ),
                    Location(row=1, column=name),
                )
        self.source = source
        self.questionnaire = questionnaire
        self.plan = plan
        self.meta_cols = [
            (i, name)
            for i, name in enumerate(header)
            if name not in ("respondent", "date", "questionnaire")
            and name.partition(".")[0] not in sections
        ]
        self.respondent_col = index["respondent"]
        self.date_col = index.get("date")
        self.qid_col = index.get("questionnaire")
        self.width = len(header)
        self.low, self.high = questionnaire.scale.low, questionnaire.scale.high
        # The only cells that are ratings: the exact decimal text of a point on the scale.
        self.valid = {str(v): v for v in range(self.low, self.high + 1)}

    def answers(self, cells: list[str], row: int) -> Answers | InputError:
        """One data row (row numbers count the header as row 1)."""
        source, valid = self.source, self.valid
        if len(cells) != self.width:
            return InputError(
                source,
                _("the row has {cells} cells, the header has {width}").format(
                    cells=len(cells), width=self.width
                ),
                Location(row=row),
            )
        ratings: dict[str, tuple[int, ...]] = {}
        for sid, columns in self.plan:
            try:
                ratings[sid] = tuple([valid[cells[col]] for col, _ in columns])
            except KeyError:
                return self._bad_cell(cells, row, sid, columns)
        qid = self.questionnaire.id
        if self.qid_col is not None and cells[self.qid_col] not in ("", qid):
            return InputError(
                source,
                _("questionnaire {given} does not match {expected!r}").format(
                    given=show(cells[self.qid_col]), expected=qid
                ),
                Location(row=row, column="questionnaire"),
            )
        date: str | None = None
        if self.date_col is not None and cells[self.date_col]:
            date = check_date(cells[self.date_col])
            if date is None:
                return InputError(
                    source,
                    _("date {date} is not an ISO date (YYYY-MM-DD)").format(
                        date=show(cells[self.date_col])
                    ),
                    Location(row=row, column="date"),
                )
        return Answers(
            questionnaire=qid,
            ratings=ratings,
            respondent=cells[self.respondent_col] or None,
            date=date,
            metadata={name: cells[i] for i, name in self.meta_cols},
            source=source,
            row=row,
        )

    def _bad_cell(
        self, cells: list[str], row: int, sid: str, columns: list[tuple[int, str]]
    ) -> InputError:
        low, high = self.low, self.high
        col, item_id = next((c, i) for c, i in columns if cells[c] not in self.valid)
        cell = cells[col]
        if not cell:
            message = _("the rating is empty; expected a whole number {low}–{high}").format(
                low=low, high=high
            )
        elif _CSV_INT.match(cell):
            message = _("rating {value} is outside the scale {low}–{high}").format(
                value=int(cell), low=low, high=high
            )
        else:
            message = _("{value} is not a whole number {low}–{high}").format(
                value=show(cell), low=low, high=high
            )
        return InputError(
            self.source, message, Location(row=row, column=item_id, section=sid, item=item_id)
        )


def csv_records(
    chunks: Iterable[bytes], source: str
) -> tuple[list[str] | None, Iterator[tuple[int, list[str]] | InputError]]:
    """The header and an iterator of (row number, cells); a broken record is an InputError."""
    import csv

    reader = csv.reader(_decoded_lines(chunks, source), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError(
            source, _("invalid CSV: {problem}").format(problem=exc), Location(row=1)
        ) from None

    def records() -> Iterator[tuple[int, list[str]] | InputError]:
        row = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                row += 1
                yield InputError(
                    source, _("invalid CSV: {problem}").format(problem=exc), Location(row=row)
                )
                continue
            row += 1
            if cells:
                yield row, cells

    return header, records()


def read_csv(
    chunks: Iterable[bytes], source: str, questionnaire: Questionnaire
) -> Iterator[Answers | InputError]:
    """One Answers per data row; a bad row is yielded as an InputError, the rest go on.

    A problem with the whole file (header, encoding) is raised.
    """
    header, records = csv_records(chunks, source)
    if header is None:
        raise InputError(source, _("the file is empty"))
    layout = CsvLayout(header, source, questionnaire)
    for record in records:
        yield record if isinstance(record, InputError) else layout.answers(record[1], record[0])

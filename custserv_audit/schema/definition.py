"""Questionnaire definitions: every problem found, each with its line."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Callable, Collection
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..errors import InputError, Location, QuestionnaireError, UsageError
from ..i18n import _
from ..model import (
    TARGET_DIRECTIONS,
    TARGET_UNITS,
    Advice,
    Band,
    Item,
    Questionnaire,
    Scale,
    ScalePoint,
    Section,
    Target,
)
from ..parsing import (
    LineOf,
    Path_,
    decode,
    line_for,
    show,
)
from ..sources import kind_of, read_bytes
from .document import lines_later, parse_document

BUILTIN_ID = "customer-orientation"
ID_PATTERN = re.compile(r"[a-z][a-z0-9_-]{0,39}\Z")
"""Ids of questionnaires, sections and bands."""
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
    return Path(__file__).resolve().parent.parent / "questionnaires" / f"{questionnaire_id}.yaml"


# --- questionnaire definitions -------------------------------------------------------------


class _Problems:
    """Collects every problem of a definition, each with its line."""

    def __init__(self, source: str, line_of: LineOf) -> None:
        self.source = source
        self.line_of = line_of
        self.items: list[InputError] = []

    def add(self, path: Path_, message: str) -> None:
        self.items.append(
            InputError(self.source, message, Location(line=line_for(self.line_of, path)))
        )


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
    if len(languages) == 1 and not isinstance(value, dict):
        return _single_text(value, path, languages[0], problems)
    if not isinstance(value, dict):
        problems.add(
            path,
            _("{where}: expected texts for {languages}").format(
                where=_where(path), languages=", ".join(languages)
            ),
        )
        return {}
    out: dict[str, str] = {}
    for lang in languages:
        text = _language_text(value, path, lang, problems)
        if text is not None:
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


def _single_text(value: object, path: Path_, language: str, problems: _Problems) -> dict[str, str]:
    """A plain text of a one-language definition."""
    if isinstance(value, str):
        if not value.strip():
            problems.add(path, _("{where}: the text is empty").format(where=_where(path)))
        return {language: value}
    if isinstance(value, (bool, int, float)):
        problems.add(path, _quote(_where(path)))
    else:
        problems.add(path, _("{where}: expected a text").format(where=_where(path)))
    return {}


def _language_text(
    value: dict[Any, Any], path: Path_, lang: str, problems: _Problems
) -> str | None:
    """One language's text of a text mapping, or None (with the problem noted)."""
    text = value.get(lang)
    if lang not in value:
        message = _("{where}: missing the {lang} text").format(where=_where(path), lang=lang)
        problems.add(path, message)
    elif isinstance(text, (bool, int, float)):
        problems.add((*path, lang), _quote(_where((*path, lang))))
    elif not isinstance(text, str) or not text.strip():
        message = _("{where}: the text is empty or not text").format(where=_where((*path, lang)))
        problems.add((*path, lang), message)
    else:
        return text
    return None


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
    if not isinstance(value, str) or not ID_PATTERN.match(value):
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


_SECTION_KEYS = ("id", "title", "theme", "items", "advice", "targets")
_TARGET_KEYS = ("id", "text", "unit", "better")
_BAND_KEYS = ("id", "from", "below", "label", "meaning")

TargetSpec = tuple[str, Path_, str, str]
AdviceSpec = tuple[Path_, Path_ | None]
SectionSpec = tuple[str, Path_, Path_, list[Path_], list[AdviceSpec], list[TargetSpec]]
_ADVICE_KEYS = ("text", "source")
_SOURCE_LIMIT = 200
BandSpec = tuple[str, Fraction | None, Fraction | None, Path_, Path_]


class _Definition:
    """One pass over a parsed definition: every problem collected, texts kept by path."""

    def __init__(self, root: dict[Any, Any], problems: _Problems) -> None:
        self.root = root
        self.problems = problems
        self.languages: tuple[str, ...] = ("en",)
        self.texts: dict[Path_, dict[str, str]] = {}
        self.low: int | None = None
        self.high: int | None = None
        self.label_paths: list[tuple[int, Path_]] = []
        self.sections: list[SectionSpec] = []
        self.bands: list[BandSpec] = []
        self.thresholds_ok = True

    def add(self, path: Path_, message: str) -> None:
        self.problems.add(path, message)

    def text(self, value: object, path: Path_) -> Path_:
        self.texts[path] = _text(value, path, self.languages, self.problems)
        return path

    def optional_text(self, raw: dict[Any, Any], path: Path_, key: str) -> Path_:
        """The text's path; a missing text is reported once by the caller, not again here."""
        return self.text(raw[key], (*path, key)) if key in raw else (*path, key)

    def check_top(self) -> str:
        """Top-level keys, schema, id and languages; returns the id."""
        root = self.root
        for key in root:
            if key not in _QUESTIONNAIRE_KEYS:
                self.add((key,), _("unknown key {key}").format(key=show(key)))
        for key in ("id", "title", "scale", "sections", "bands"):
            if key not in root:
                self.add((), _("missing {key!r}").format(key=key))
        if root.get("schema", 1) != 1:
            message = _("schema {schema} is not supported (expected 1)")
            self.add(("schema",), message.format(schema=show(root.get("schema"))))
        qid = _check_id(root.get("id"), ("id",), self.problems) if "id" in root else ""
        if "languages" in root:
            self.check_languages(root["languages"])
        return qid

    def check_languages(self, value: object) -> None:
        raw = _list(value, ("languages",), self.problems)
        if not raw or not all(isinstance(x, str) and _LANG.match(x) for x in raw):
            self.add(("languages",), _("languages: a list of language codes such as en, fi, sk"))
        elif len(set(raw)) != len(raw):
            self.add(("languages",), _("languages: a language is listed twice"))
        else:
            self.languages = tuple(raw)

    def check_scale(self) -> None:
        """The scale: whole-number ends at most 21 points apart, a label for every point."""
        scale_raw = _dict(self.root.get("scale", {}), ("scale",), self.problems)
        low, high = scale_raw.get("low"), scale_raw.get("high")
        ok = (
            isinstance(low, int)
            and isinstance(high, int)
            and not isinstance(low, bool)
            and not isinstance(high, bool)
            and low < high
            and high - low <= 20
        )
        if "scale" in self.root and not ok:
            self.add(
                ("scale",),
                _("scale: low and high must be whole numbers, low < high, at most 21 points"),
            )
        for key in scale_raw:
            if key not in ("low", "high", "labels"):
                self.add(("scale", key), _("scale: unknown key {key}").format(key=show(key)))
        if ok:
            assert isinstance(low, int) and isinstance(high, int)
            self.low, self.high = low, high
            self.check_labels(scale_raw, low, high)

    def check_labels(self, scale_raw: dict[Any, Any], low: int, high: int) -> None:
        if "labels" in scale_raw:
            labels = _dict(scale_raw["labels"], ("scale", "labels"), self.problems)
            # JSON keys are always text: there "1" labels the point 1.
            labels = {_label_key(k, labels): v for k, v in labels.items()}
        else:
            # One clear line, not "expected a mapping" plus a line for every point.
            self.add(("scale",), _("scale: missing 'labels' (a label for each point)"))
            return
        for value in range(low, high + 1):
            if value not in labels:
                message = _("scale.labels: no label for {value}").format(value=value)
                self.add(("scale", "labels"), message)
            else:
                path = self.text(labels[value], ("scale", "labels", value))
                self.label_paths.append((value, path))
        for key in labels:
            if not isinstance(key, int) or not low <= key <= high:
                self.add(
                    ("scale", "labels", key),
                    _("scale.labels: {key} is not on the scale").format(key=show(key)),
                )

    def check_sections(self) -> None:
        """Every section: known keys, a unique id, its texts, at least one statement."""
        sections_raw = _list(self.root.get("sections", []), ("sections",), self.problems)
        if "sections" in self.root and not sections_raw:
            self.add(("sections",), _("sections: at least one section is needed"))
        seen: set[str] = set()
        for i, raw in enumerate(sections_raw):
            path: Path_ = ("sections", i)
            sec = _dict(raw, path, self.problems)
            if sec:
                self.sections.append(self.check_section(sec, path, i, seen))

    def check_entry(
        self,
        raw: dict[Any, Any],
        path: Path_,
        i: int,
        seen: set[str],
        keys: Collection[str],
        unknown: str,
        duplicate: str,
    ) -> str:
        """The checks a section and a band share: unknown keys, the id, a duplicate id
        (`unknown` and `duplicate` are the kind's messages); returns the id."""
        for key in raw:
            if key not in keys:
                self.add((*path, key), unknown.format(i=i, key=show(key)))
        entry_id = _check_id(raw.get("id"), (*path, "id"), self.problems)
        if entry_id in seen:
            self.add((*path, "id"), duplicate.format(i=i, id=entry_id))
        seen.add(entry_id)
        return entry_id

    def check_section(
        self, sec: dict[Any, Any], path: Path_, i: int, seen: set[str]
    ) -> SectionSpec:
        sid = self.check_entry(
            sec,
            path,
            i,
            seen,
            _SECTION_KEYS,
            _("sections[{i}]: unknown key {key}"),
            _("sections[{i}]: duplicate section id {id!r}"),
        )
        name = sid or f"sections[{i}]"
        for key in ("title", "theme", "items"):
            if key not in sec:
                self.add(path, _("section {name}: missing {key!r}").format(name=name, key=key))
        title = self.optional_text(sec, path, "title")
        theme = self.optional_text(sec, path, "theme")
        items = _list(sec.get("items", []), (*path, "items"), self.problems)
        if "items" in sec and not items:
            self.add((*path, "items"), _("section {name}: has no statements").format(name=name))
        item_paths = [self.text(item, (*path, "items", n)) for n, item in enumerate(items)]
        advice = _list(sec.get("advice", []), (*path, "advice"), self.problems)
        advice_specs = [self.advice(a, (*path, "advice", n)) for n, a in enumerate(advice)]
        targets = self.check_targets(sec.get("targets", []), (*path, "targets"))
        return (sid, title, theme, item_paths, advice_specs, targets)

    def advice(self, value: object, path: Path_) -> AdviceSpec:
        """A piece of advice: a text, or a mapping with its `text` and a `source` note."""
        if not (isinstance(value, dict) and any(k in value for k in _ADVICE_KEYS)):
            return (self.text(value, path), None)
        for key in value:
            if key not in _ADVICE_KEYS:
                message = _("{where}: unknown key {key} (expected 'text' and 'source')")
                self.add((*path, key), message.format(where=_where(path), key=show(key)))
        if "text" not in value:
            self.add(
                path, _("{where}: missing 'text' (the advice itself)").format(where=_where(path))
            )
        text = self.optional_text(value, path, "text")
        if "source" not in value:
            return (text, None)
        raw = value["source"]
        source: Path_ = (*path, "source")
        if isinstance(raw, str) and raw.strip():
            # One note for every language: a document's name needs no translation.
            self.texts[source] = dict.fromkeys(self.languages, raw)
            self.check_note(raw, source)
        else:
            self.text(raw, source)
            for lang, note in self.texts[source].items():
                self.check_note(note, (*source, lang) if isinstance(raw, dict) else source)
        return (text, source)

    def check_note(self, note: str, path: Path_) -> None:
        """A source note names a document and its part: one line, not a copied passage."""
        if "\n" in note.strip() or "\r" in note.strip():
            self.add(path, _("{where}: a source note is one line").format(where=_where(path)))
        elif len(note) > _SOURCE_LIMIT:
            message = _("{where}: a source note is at most {limit} characters, got {count}")
            self.add(path, message.format(where=_where(path), limit=_SOURCE_LIMIT, count=len(note)))

    def check_targets(self, value: object, path: Path_) -> list[TargetSpec]:
        """A section's measurable targets: id, text, unit and which way is better."""
        specs: list[TargetSpec] = []
        seen: set[str] = set()
        for n, raw in enumerate(_list(value, path, self.problems)):
            at = (*path, n)
            where = _where(at)
            target = _dict(raw, at, self.problems)
            if not target:
                continue
            for key in target:
                if key not in _TARGET_KEYS:
                    self.add(
                        (*at, key),
                        _("{where}: unknown key {key}").format(where=where, key=show(key)),
                    )
            for key in _TARGET_KEYS:
                if key not in target:
                    self.add(at, _("{where}: missing {key!r}").format(where=where, key=key))
            tid = _check_id(target.get("id"), (*at, "id"), self.problems) if "id" in target else ""
            if tid and tid in seen:
                message = _("{where}: the id {id!r} is listed twice").format(where=where, id=tid)
                self.add((*at, "id"), message)
            seen.add(tid)
            picked: dict[str, str] = {}
            for key, allowed in (("unit", TARGET_UNITS), ("better", TARGET_DIRECTIONS)):
                got = target.get(key)
                if key in target and got not in allowed:
                    self.add(
                        (*at, key),
                        _("{where}: expected one of {choices} (not {value})").format(
                            where=_where((*at, key)), choices=", ".join(allowed), value=show(got)
                        ),
                    )
                picked[key] = got if isinstance(got, str) and got in allowed else allowed[0]
            specs.append(
                (tid, self.optional_text(target, at, "text"), picked["unit"], picked["better"])
            )
        return specs

    def check_bands(self) -> None:
        """Every band, then (when every threshold is valid) that they cover each total once."""
        bands_raw = _list(self.root.get("bands", []), ("bands",), self.problems)
        seen: set[str] = set()
        for i, raw in enumerate(bands_raw):
            path: Path_ = ("bands", i)
            band = _dict(raw, path, self.problems)
            if band:
                self.bands.append(self.check_band(band, path, i, seen))
        # Coverage is checked only over valid thresholds: a bad one would add misleading gaps.
        ready = self.low is not None and self.high is not None and self.sections and self.bands
        if ready and self.thresholds_ok:
            assert self.low is not None and self.high is not None
            n = len(self.sections)
            probe = [Band(b[0], "", "", b[1], b[2]) for b in self.bands]
            _check_bands(probe, self.low * n, self.high * n, ("bands",), self.problems)

    def check_band(self, band: dict[Any, Any], path: Path_, i: int, seen: set[str]) -> BandSpec:
        bid = self.check_entry(
            band,
            path,
            i,
            seen,
            _BAND_KEYS,
            _("bands[{i}]: unknown key {key}"),
            _("bands[{i}]: duplicate band id {id!r}"),
        )
        for key in ("label", "meaning"):
            if key not in band:
                message = _("band {name}: missing {key!r}").format(name=bid or i, key=key)
                self.add(path, message)
        before = len(self.problems.items)
        lower = _threshold(band.get("from"), (*path, "from"), self.problems)
        upper = _threshold(band.get("below"), (*path, "below"), self.problems)
        self.thresholds_ok = self.thresholds_ok and len(self.problems.items) == before
        label = self.optional_text(band, path, "label")
        meaning = self.optional_text(band, path, "meaning")
        return (bid, lower, upper, label, meaning)

    def build(self, qid: str, language: str, source: str) -> Questionnaire:
        """The checked definition in one of its languages."""
        assert self.low is not None and self.high is not None

        def t(path: Path_ | None) -> str:
            return self.texts[path][language] if path is not None else ""

        root = self.root
        scale = Scale(self.low, self.high, tuple(ScalePoint(v, t(p)) for v, p in self.label_paths))
        sections = tuple(
            Section(
                id=sid,
                title=t(tp),
                theme=t(thp),
                items=tuple(Item(f"{sid}.{n}", t(p)) for n, p in enumerate(items, start=1)),
                advice=tuple(Advice(t(ap), t(sp) if sp else "") for ap, sp in advice),
                targets=tuple(Target(tid, t(xp), unit, bet) for tid, xp, unit, bet in targets),
            )
            for sid, tp, thp, items, advice, targets in self.sections
        )
        bands = tuple(Band(bid, t(lp), t(mp), lo, up) for bid, lo, up, lp, mp in self.bands)
        parts: dict[str, Any] = {"id": qid, "scale": scale, "sections": sections, "bands": bands}
        return Questionnaire(
            id=qid,
            title=t(("title",) if "title" in root else None),
            instructions=t(("instructions",) if "instructions" in root else None),
            language=language,
            languages=self.languages,
            scale=scale,
            sections=sections,
            bands=bands,
            fingerprint=_fingerprint(parts),
            source=source,
        )


def questionnaire_from_data(
    data: object, line_of: LineOf, source: str, lang: str | None
) -> dict[str, Questionnaire]:
    """Validate a parsed definition; returns it in every language it has (or `lang` only)."""
    problems = _Problems(source, line_of)
    root = _dict(data, (), problems)
    if problems.items:
        raise QuestionnaireError(problems.items)
    definition = _Definition(root, problems)
    qid = definition.check_top()
    if "title" in root:
        definition.text(root["title"], ("title",))
    if "instructions" in root:
        definition.text(root["instructions"], ("instructions",))
    definition.check_scale()
    definition.check_sections()
    definition.check_bands()
    if problems.items:
        raise QuestionnaireError(problems.items)
    languages = definition.languages
    if lang is not None and lang not in languages:
        raise UsageError(
            _("{source}: the questionnaire has no {lang!r} texts (it has {languages})").format(
                source=source, lang=lang, languages=", ".join(languages)
            )
        )
    wanted = languages if lang is None else (lang,)
    return {language: definition.build(qid, language, source) for language in wanted}


def read_questionnaire(path: Path | None, lang: str | None) -> dict[str, Questionnaire]:
    """Load and validate a definition file (None: the built-in one)."""
    file = path if path is not None else builtin_path()
    source = str(path) if path is not None else f"{BUILTIN_ID}.yaml"
    data = read_bytes(file, source)
    try:
        if path is None:
            value, line_of = _builtin_document(data, source)
        else:
            value, line_of = parse_document(
                data, source, "json" if kind_of(str(file)) == "json" else "yaml"
            )
    except InputError as exc:
        raise QuestionnaireError([exc]) from None
    return questionnaire_from_data(value, line_of, source, lang)


def _builtin_document(data: bytes, source: str) -> tuple[object, LineOf]:
    """The built-in definition parsed, from its kept copy when that is current."""
    from . import builtin

    kept = builtin.kept_path(BUILTIN_ID)
    found, value = builtin.kept_value(kept, data)
    if found:
        return value, lines_later(decode(data, source))
    value, line_of = parse_document(data, source, "yaml")
    builtin.keep_value(kept, data, value)
    return value, line_of


# Printed documents cut a text longer than this (with "…"): no table cell on a page holds more.
PRINTED_TEXT_LIMIT = 600


def long_texts(path: Path, limit: int = PRINTED_TEXT_LIMIT) -> list[tuple[int | None, int]]:
    """(line, length) of every text in a definition file longer than `limit` characters."""
    data = read_bytes(path, str(path))
    value, line_of = parse_document(
        data, str(path), "json" if kind_of(str(path)) == "json" else "yaml"
    )
    found: list[tuple[int | None, int]] = []

    def walk(node: object, at: tuple[object, ...]) -> None:
        if isinstance(node, str) and len(node) > limit:
            found.append((line_of(at), len(node)))
        elif isinstance(node, dict):
            for key, child in node.items():
                walk(child, (*at, key))
        elif isinstance(node, list):
            for index, child in enumerate(node):
                walk(child, (*at, index))

    walk(value, ())
    return found


def load_questionnaire(path: Path | None = None, lang: str = "en") -> Questionnaire:
    """The questionnaire in one language (None: the built-in one)."""
    return read_questionnaire(path, lang)[lang]


def check_definition(path: Path, note: Callable[[str], None]) -> str:
    """`validate`: the definition read in every language (QuestionnaireError listing each
    problem), each text too long for paper told to `note`; the line that describes it."""
    versions = read_questionnaire(path, None)
    q = next(iter(versions.values()))
    for line, length in long_texts(path):
        where = f"{path}:{line}" if line is not None else str(path)
        warning = _(
            "Warning: a text of {length} characters; printed forms and reports cut it to {limit}"
        )
        note(f"{where}: " + warning.format(length=length, limit=PRINTED_TEXT_LIMIT))
    return _(
        "{file}: valid questionnaire {id!r} (sections: {sections}, statements: {items}, "
        "scale: {low}–{high}, bands: {bands}, languages: {languages})"
    ).format(
        file=path,
        id=q.id,
        sections=len(q.sections),
        items=q.item_count,
        low=q.scale.low,
        high=q.scale.high,
        bands=len(q.bands),
        languages=", ".join(q.languages),
    )

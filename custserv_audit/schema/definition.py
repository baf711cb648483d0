"""Questionnaire definitions: every problem found, each with its line."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..errors import InputError, Location, QuestionnaireError, UsageError
from ..i18n import _
from ..model import Band, Item, Questionnaire, Scale, ScalePoint, Section
from ..parsing import (
    LineOf,
    Path_,
    show,
)
from ..sources import kind_of, read_bytes
from .document import parse_document

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
    return Path(__file__).resolve().parent.parent / "questionnaires" / f"{questionnaire_id}.yaml"


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

"""Questionnaire definitions and answer files → model, with strict validation."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import InputError, Location, QuestionnaireError, UsageError
from .model import Answers, Band, Item, Questionnaire, Scale, ScalePoint, Section
from .parsing import LineOf, Path_, decode, marks_lookup, parse_json, parse_yaml, show

BUILTIN_ID = "customer-orientation"
_ID = re.compile(r"[a-z][a-z0-9_-]{0,39}\Z")
_LANG = re.compile(r"[a-z]{2,3}\Z")
_QUESTIONNAIRE_KEYS = {
    "schema", "id", "languages", "title", "instructions", "scale", "sections", "bands",
}
_ANSWER_KEYS = {"questionnaire", "respondent", "date", "answers", "metadata"}


def builtin_path(questionnaire_id: str = BUILTIN_ID) -> Path:
    """The built-in questionnaire file shipped inside the package."""
    name = f"{questionnaire_id}.yaml"
    try:
        return Path(str(resources.files("custserv_audit.questionnaires") / name))
    except ModuleNotFoundError:  # running from a source checkout, not an installed package
        return Path(__file__).resolve().parent.parent / "questionnaires" / name


def read_bytes(path: Path, source: str | None = None) -> bytes:
    """A file's bytes, or an InputError naming it."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(source or str(path), exc.strerror or "cannot be read") from None


def parse_document(data: bytes, source: str, kind: str) -> tuple[object, LineOf]:
    """Decode and parse YAML or JSON (`kind`) into a value and a line lookup."""
    text = decode(data, source)
    if kind == "json":
        return parse_json(text, source)
    value, marks = parse_yaml(text, source)
    return value, marks_lookup(marks)


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
    return out or "the file"


def _text(value: object, path: Path_, languages: tuple[str, ...], problems: _Problems) -> dict[str, str]:
    """A text: a mapping language → string, or a plain string for one language."""
    if isinstance(value, str) and len(languages) == 1:
        if not value.strip():
            problems.add(path, f"{_where(path)}: the text is empty")
        return {languages[0]: value}
    if not isinstance(value, dict):
        expected = "a text" if len(languages) == 1 else f"texts for {', '.join(languages)}"
        problems.add(path, f"{_where(path)}: expected {expected}")
        return {}
    out: dict[str, str] = {}
    for lang in languages:
        text = value.get(lang)
        if lang not in value:
            problems.add(path, f"{_where(path)}: missing the {lang} text")
        elif not isinstance(text, str) or not text.strip():
            problems.add((*path, lang), f"{_where((*path, lang))}: the text is empty or not text")
        else:
            out[lang] = text
    for extra in value:
        if extra not in languages:
            problems.add((*path, extra), f"{_where(path)}: language {show(extra)} is not declared")
    return out


def _threshold(value: object, path: Path_, problems: _Problems) -> Fraction | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        problems.add(path, f"{_where(path)}: the threshold must be a number, got {show(value)}")
        return None
    # Thresholds come from decimal text; Fraction(str) keeps 27.5 exact.
    return Fraction(str(value))


def _dict(value: object, path: Path_, problems: _Problems) -> dict[Any, Any]:
    if isinstance(value, dict):
        return value
    problems.add(path, f"{_where(path)}: expected a mapping")
    return {}


def _list(value: object, path: Path_, problems: _Problems) -> list[Any]:
    if isinstance(value, list):
        return value
    problems.add(path, f"{_where(path)}: expected a list")
    return []


def _check_id(value: object, path: Path_, problems: _Problems) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        problems.add(
            path, f"{_where(path)}: an id is lower-case letters, digits, '-' or '_', got {show(value)}"
        )
        return ""
    return value


def _check_bands(bands: list[Band], low: int, high: int, path: Path_, problems: _Problems) -> None:
    """Every possible total must fall in exactly one band."""
    if not bands:
        problems.add(path, "bands: at least one band is needed")
        return
    for band in bands:
        if band.lower is not None and band.upper is not None and band.lower >= band.upper:
            problems.add(path, f"bands: band {band.id!r} is empty (from {band.lower} below {band.upper})")
            return
    ordered = sorted(bands, key=lambda b: (b.lower is not None, b.lower or 0))
    first, last = ordered[0], ordered[-1]
    if first.lower is not None and first.lower > low:
        problems.add(path, f"bands: totals from {low} below {first.lower} are in no band")
    if last.upper is not None and last.upper <= high:
        problems.add(path, f"bands: totals from {last.upper} to {high} are in no band")
    for below, above in zip(ordered, ordered[1:], strict=False):
        if below.upper is None or above.lower is None or below.upper > above.lower:
            problems.add(path, f"bands: {below.id!r} and {above.id!r} overlap")
        elif below.upper < above.lower:
            problems.add(path, f"bands: totals from {below.upper} below {above.lower} are in no band")


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
            problems.add((key,), f"unknown key {show(key)}")
    for key in ("id", "title", "scale", "sections", "bands"):
        if key not in root:
            problems.add((), f"missing {key!r}")
    if root.get("schema", 1) != 1:
        problems.add(("schema",), f"schema {show(root.get('schema'))} is not supported (expected 1)")
    qid = _check_id(root.get("id"), ("id",), problems) if "id" in root else ""

    languages: tuple[str, ...] = ("en",)
    if "languages" in root:
        raw = _list(root["languages"], ("languages",), problems)
        if not raw or not all(isinstance(x, str) and _LANG.match(x) for x in raw):
            problems.add(("languages",), "languages: a list of language codes such as en, fi, sk")
        elif len(set(raw)) != len(raw):
            problems.add(("languages",), "languages: a language is listed twice")
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
        isinstance(low, int) and isinstance(high, int)
        and not isinstance(low, bool) and not isinstance(high, bool)
        and low < high and high - low <= 20
    )
    if "scale" in root and not scale_ok:
        problems.add(("scale",), "scale: low and high must be whole numbers, low < high, at most 21 points")
    for key in scale_raw:
        if key not in ("low", "high", "labels"):
            problems.add(("scale", key), f"scale: unknown key {show(key)}")
    label_paths: list[tuple[int, Path_]] = []
    if scale_ok:
        assert isinstance(low, int) and isinstance(high, int)
        labels = _dict(scale_raw.get("labels"), ("scale", "labels"), problems)
        for value in range(low, high + 1):
            if value not in labels:
                problems.add(("scale", "labels"), f"scale.labels: no label for {value}")
            else:
                label_paths.append((value, text(labels[value], ("scale", "labels", value))))
        for key in labels:
            if not isinstance(key, int) or not low <= key <= high:
                problems.add(("scale", "labels", key), f"scale.labels: {show(key)} is not on the scale")

    # sections
    sections_raw = _list(root.get("sections", []), ("sections",), problems)
    if "sections" in root and not sections_raw:
        problems.add(("sections",), "sections: at least one section is needed")
    section_specs: list[tuple[str, Path_, Path_, list[Path_], list[Path_]]] = []
    seen: set[str] = set()
    for i, raw in enumerate(sections_raw):
        path: Path_ = ("sections", i)
        sec = _dict(raw, path, problems)
        if not sec:
            continue
        for key in sec:
            if key not in ("id", "title", "theme", "items", "advice"):
                problems.add((*path, key), f"sections[{i}]: unknown key {show(key)}")
        sid = _check_id(sec.get("id"), (*path, "id"), problems)
        if sid in seen:
            problems.add((*path, "id"), f"sections[{i}]: duplicate section id {sid!r}")
        seen.add(sid)
        name = sid or f"sections[{i}]"
        for key in ("title", "theme", "items"):
            if key not in sec:
                problems.add(path, f"section {name}: missing {key!r}")
        t_path = text(sec.get("title", ""), (*path, "title"))
        th_path = text(sec.get("theme", ""), (*path, "theme"))
        items = _list(sec.get("items", []), (*path, "items"), problems)
        if "items" in sec and not items:
            problems.add((*path, "items"), f"section {name}: has no statements")
        item_paths = [text(item, (*path, "items", n)) for n, item in enumerate(items)]
        advice = _list(sec.get("advice", []), (*path, "advice"), problems)
        advice_paths = [text(a, (*path, "advice", n)) for n, a in enumerate(advice)]
        section_specs.append((sid, t_path, th_path, item_paths, advice_paths))

    # bands
    bands_raw = _list(root.get("bands", []), ("bands",), problems)
    band_specs: list[tuple[str, Fraction | None, Fraction | None, Path_, Path_]] = []
    band_ids: set[str] = set()
    for i, raw in enumerate(bands_raw):
        path = ("bands", i)
        band = _dict(raw, path, problems)
        if not band:
            continue
        for key in band:
            if key not in ("id", "from", "below", "label", "meaning"):
                problems.add((*path, key), f"bands[{i}]: unknown key {show(key)}")
        bid = _check_id(band.get("id"), (*path, "id"), problems)
        if bid in band_ids:
            problems.add((*path, "id"), f"bands[{i}]: duplicate band id {bid!r}")
        band_ids.add(bid)
        for key in ("label", "meaning"):
            if key not in band:
                problems.add(path, f"band {bid or i}: missing {key!r}")
        lower = _threshold(band.get("from"), (*path, "from"), problems)
        upper = _threshold(band.get("below"), (*path, "below"), problems)
        band_specs.append(
            (bid, lower, upper,
             text(band.get("label", ""), (*path, "label")),
             text(band.get("meaning", ""), (*path, "meaning")))
        )
    if scale_ok and section_specs and band_specs:
        assert isinstance(low, int) and isinstance(high, int)
        probe = [Band(b[0], "", "", b[1], b[2]) for b in band_specs]
        _check_bands(probe, low * len(section_specs), high * len(section_specs), ("bands",), problems)

    if problems.items:
        raise QuestionnaireError(problems.items)
    if lang is not None and lang not in languages:
        raise UsageError(
            f"{source}: the questionnaire has no {lang!r} texts (it has {', '.join(languages)})"
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
        value, line_of = parse_document(data, source, "json" if kind_of(str(file)) == "json" else "yaml")
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
        return f"a yes/no (boolean) value is not a rating; expected a whole number {low}–{high}"
    if isinstance(value, int):
        if low <= value <= high:
            return None
        return f"rating {value} is outside the scale {low}–{high}"
    if value is None:
        return f"the rating is empty; expected a whole number {low}–{high}"
    return f"{show(value)} is not a whole number {low}–{high}"


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

    def fail(path: Path_, message: str, section: str | None = None, item: str | None = None) -> InputError:
        line = None
        probe = path
        while line is None:
            line = line_of(probe)
            if not probe:
                break
            probe = probe[:-1]
        return InputError(source, message, Location(line=line, section=section, item=item))

    if not isinstance(data, dict):
        raise fail((), "an answer file is a mapping with 'questionnaire' and 'answers'")
    for key in data:
        if key not in _ANSWER_KEYS:
            raise fail((key,), f"unknown key {show(key)} (expected {', '.join(sorted(_ANSWER_KEYS))})")
    qid = data.get("questionnaire")
    if qid is None:
        raise fail((), "missing 'questionnaire' (the questionnaire id)")
    if qid != questionnaire.id:
        raise fail(
            ("questionnaire",), f"questionnaire {show(qid)} does not match {questionnaire.id!r}"
        )
    respondent = data.get("respondent")
    if respondent is not None and not isinstance(respondent, str):
        raise fail(("respondent",), "respondent must be text (put it in quotes)")
    date = data.get("date")
    if date is not None:
        date = check_date(date)
        if date is None:
            raise fail(("date",), f"date {show(data.get('date'))} is not an ISO date (YYYY-MM-DD)")
    metadata: dict[str, str] = {}
    raw_meta = data.get("metadata")
    if raw_meta is not None:
        if not isinstance(raw_meta, dict):
            raise fail(("metadata",), "metadata must be a mapping of names to values")
        for key, value in raw_meta.items():
            if isinstance(value, (dict, list)):
                raise fail(("metadata", key), f"metadata {show(key)}: the value must be a single value")
            metadata[str(key)] = "" if value is None else str(value)
    answers = data.get("answers")
    if answers is None:
        raise fail((), "missing 'answers'")
    if not isinstance(answers, dict):
        raise fail(("answers",), "answers must be a mapping of section ids to lists of ratings")
    known = {s.id for s in questionnaire.sections}
    for key in answers:
        if key not in known:
            raise fail(
                ("answers", key),
                f"unknown section {show(key)} (expected {', '.join(s.id for s in questionnaire.sections)})",
                section=str(key),
            )
    low, high = questionnaire.scale.low, questionnaire.scale.high
    ratings: dict[str, tuple[int, ...]] = {}
    for section in questionnaire.sections:
        sid = section.id
        if sid not in answers:
            if partial:
                continue
            raise fail(("answers",), f"section {sid!r} is missing", section=sid)
        values = answers[sid]
        if not isinstance(values, list):
            raise fail(
                ("answers", sid), f"section {sid!r}: expected a list of {len(section.items)} ratings",
                section=sid,
            )
        for n, value in enumerate(values):
            if n >= len(section.items):
                raise fail(
                    ("answers", sid, n),
                    f"section {sid!r}: extra rating {show(value)} at position {n + 1}; "
                    f"the section has {len(section.items)} statements",
                    section=sid,
                )
            problem = _rating_error(value, low, high)
            if problem is not None:
                item = section.items[n].id
                raise fail(("answers", sid, n), f"{item}: {problem}", section=sid, item=item)
        if len(values) < len(section.items) and not partial:
            item = section.items[len(values)].id
            raise fail(
                ("answers", sid), f"{item}: missing rating (section {sid!r} has "
                f"{len(values)} of {len(section.items)})", section=sid, item=item,
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
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def load_answers(
    data: bytes, source: str, questionnaire: Questionnaire, kind: str = "yaml", partial: bool = False
) -> Answers:
    """Parse and check one YAML or JSON answer file."""
    value, line_of = parse_document(data, source, kind)
    return answers_from_data(value, line_of, source, questionnaire, partial)


# --- CSV -----------------------------------------------------------------------------------

_CSV_INT = re.compile(r"[0-9]{1,3}\Z")


def _decoded_lines(chunks: Iterable[bytes], source: str) -> Iterator[str]:
    """UTF-8 lines of a byte stream (BOM dropped); a bad byte names its offset."""
    offset = 0
    first = True
    for raw in chunks:
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(source, f"not UTF-8 text: invalid byte at offset {offset + exc.start}") from None
        if first:
            first = False
            if line.startswith("\ufeff"):
                line = line[1:]
        offset += len(raw)
        yield line


def read_csv(
    chunks: Iterable[bytes], source: str, questionnaire: Questionnaire
) -> Iterator[Answers | InputError]:
    """One Answers per data row; a bad row is yielded as an InputError, the rest go on.

    A problem with the whole file (header, encoding) is raised.
    """
    import csv

    reader = csv.reader(_decoded_lines(chunks, source), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError(source, f"invalid CSV: {exc}", Location(row=1)) from None
    if header is None:
        raise InputError(source, "the file is empty")
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise InputError(source, "the column appears twice", Location(row=1, column=name))
        seen.add(name)
    sections = {s.id: s for s in questionnaire.sections}
    index = {name: i for i, name in enumerate(header)}
    if "respondent" not in index:
        raise InputError(source, "missing column", Location(row=1, column="respondent"))
    plan: list[tuple[str, list[tuple[int, str]]]] = []
    for section in questionnaire.sections:
        columns = []
        for item in section.items:
            if item.id not in index:
                raise InputError(source, "missing column", Location(row=1, column=item.id))
            columns.append((index[item.id], item.id))
        plan.append((section.id, columns))
    for name in header:
        head, _, tail = name.partition(".")
        if head in sections and tail and name not in {i.id for i in sections[head].items}:
            raise InputError(
                source, f"unknown item (section {head!r} has {len(sections[head].items)} statements)",
                Location(row=1, column=name),
            )
    meta_cols = [
        (i, name) for i, name in enumerate(header)
        if name not in ("respondent", "date", "questionnaire") and name.partition(".")[0] not in sections
    ]
    respondent_col = index["respondent"]
    date_col = index.get("date")
    qid_col = index.get("questionnaire")
    width = len(header)
    low, high = questionnaire.scale.low, questionnaire.scale.high
    # The only cells that are ratings: the exact decimal text of a point on the scale.
    valid = {str(v): v for v in range(low, high + 1)}
    row = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row += 1
            yield InputError(source, f"invalid CSV: {exc}", Location(row=row))
            continue
        row += 1
        if not cells:
            continue
        if len(cells) != width:
            yield InputError(
                source, f"the row has {len(cells)} cells, the header has {width}", Location(row=row)
            )
            continue
        ratings: dict[str, tuple[int, ...]] = {}
        error: InputError | None = None
        for sid, columns in plan:
            try:
                ratings[sid] = tuple([valid[cells[col]] for col, _ in columns])
                continue
            except KeyError:
                pass
            for col, item_id in columns:
                cell = cells[col]
                if cell in valid:
                    continue
                if not cell:
                    message = f"the rating is empty; expected a whole number {low}–{high}"
                elif _CSV_INT.match(cell):
                    message = f"rating {int(cell)} is outside the scale {low}–{high}"
                else:
                    message = f"{show(cell)} is not a whole number {low}–{high}"
                error = InputError(
                    source, message, Location(row=row, column=item_id, section=sid, item=item_id)
                )
                break
            if error is not None:
                break
        if error is None and qid_col is not None and cells[qid_col] not in ("", questionnaire.id):
            error = InputError(
                source, f"questionnaire {show(cells[qid_col])} does not match {questionnaire.id!r}",
                Location(row=row, column="questionnaire"),
            )
        date: str | None = None
        if error is None and date_col is not None and cells[date_col]:
            date = check_date(cells[date_col])
            if date is None:
                error = InputError(
                    source, f"date {show(cells[date_col])} is not an ISO date (YYYY-MM-DD)",
                    Location(row=row, column="date"),
                )
        if error is not None:
            yield error
            continue
        yield Answers(
            questionnaire=questionnaire.id,
            ratings=ratings,
            respondent=cells[respondent_col] or None,
            date=date,
            metadata={name: cells[i] for i, name in meta_cols},
            source=source,
            row=row,
        )

"""Strict, bounded parsing of YAML and JSON text into plain values with line numbers.

PyYAML and `json` silently keep the last of duplicate keys, expand aliases and
honour tags; here every such construct is an error naming its line. Values are
built from libyaml's event stream, so nothing is constructed before it is
checked, and plain scalars get a small, predictable set of types.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import yaml

from .errors import InputError, Location

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 16

Path_ = tuple[object, ...]
LineOf = Callable[[Path_], "int | None"]

_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?\Z"
    r"|[-+]?\.(?:inf|Inf|INF)\Z|\.(?:nan|NaN|NAN)\Z"
)
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "y", "Y"})
_FALSE = frozenset({"no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "n", "N"})

try:  # libyaml is the fast path; the pure-Python parser gives the same events
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


def show(value: object, limit: int = 30) -> str:
    """A short, safe rendering of a user's value for an error message."""
    text = repr(value) if not isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def decode(data: bytes, source: str, limit: int = MAX_BYTES) -> str:
    """UTF-8 text of a file within the size cap (a BOM is dropped)."""
    if len(data) > limit:
        raise InputError(source, f"file is too large ({len(data)} bytes; the limit is {limit})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(source, f"not UTF-8 text: invalid byte at offset {exc.start}") from None
    return text[1:] if text.startswith("\ufeff") else text


def _plain(value: str) -> object:
    """Type a plain (unquoted) YAML scalar: null, bool, int, float or text."""
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        return int(value) if len(value) < 20 else value
    if _FLOAT.match(value):
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    return value


def parse_yaml(text: str, source: str) -> tuple[object, dict[Path_, int]]:
    """Parse one YAML document strictly; returns the value and each node's line."""
    marks: dict[Path_, int] = {}
    loader = _Loader(text)
    # A stack of containers being built: (container, path, pending key or marker)
    stack: list[list[Any]] = []
    root: object = None
    documents = 0
    have_root = False

    def fail(message: str, event: Any) -> InputError:
        return InputError(source, message, Location(line=event.start_mark.line + 1))

    def place(value: object, event: Any) -> Path_ | None:
        """Attach a finished value to its parent; returns the value's path."""
        nonlocal root, have_root
        if not stack:
            root, have_root = value, True
            marks[()] = event.start_mark.line + 1
            return ()
        frame = stack[-1]
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            child = (*path, len(container))
            container.append(value)
            marks[child] = event.start_mark.line + 1
            return child
        if frame[2] is _NO_KEY:
            if not isinstance(value, (str, int)):
                raise fail("a mapping key must be plain text or a number", event)
            if value in container:
                raise fail(f"duplicate key {show(value)}", event)
            frame[2] = value
            return None
        key = frame[2]
        frame[2] = _NO_KEY
        child = (*path, key)
        container[key] = value
        marks[child] = event.start_mark.line + 1
        return child

    try:
        while loader.check_event():
            event = loader.get_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                if event.anchor is not None:
                    raise fail("YAML anchors are not allowed", event)
                if event.tag is not None:
                    raise fail(f"YAML tags are not allowed ({show(event.tag)})", event)
                value: object = event.value
                if event.implicit[0]:
                    is_key = bool(stack) and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY
                    # Keys stay text (a section called "no" is not False); numbers may key a scale.
                    if not is_key:
                        value = _plain(event.value)
                    elif _INT.match(event.value) and len(event.value) < 20:
                        value = int(event.value)
                place(value, event)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if event.anchor is not None:
                    raise fail("YAML anchors are not allowed", event)
                if event.tag is not None:
                    raise fail(f"YAML tags are not allowed ({show(event.tag)})", event)
                if len(stack) >= MAX_DEPTH:
                    raise fail(f"nested more than {MAX_DEPTH} levels deep", event)
                container: Any = {} if kind is yaml.MappingStartEvent else []
                if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY:
                    raise fail("a mapping key must be plain text or a number", event)
                path = place(container, event)
                stack.append([container, path, _NO_KEY])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
            elif kind is yaml.AliasEvent:
                raise fail("YAML aliases are not allowed", event)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise fail("more than one YAML document in the file", event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise InputError(source, f"invalid YAML: {problem}", Location(line=line)) from None
    except yaml.YAMLError as exc:
        raise InputError(source, f"invalid YAML: {show(str(exc), 120)}") from None
    finally:
        loader.dispose()
    if not have_root:
        raise InputError(source, "the file is empty")
    return root, marks


class _NoKey:
    __slots__ = ()


_NO_KEY = _NoKey()


class _Duplicate(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Duplicate(key)
        result[key] = value
    return result


def _depth_ok(value: object, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return False
        stack.extend((child, depth + 1) for child in children)
    return True


def _json_line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def parse_json(text: str, source: str) -> tuple[object, LineOf]:
    """Parse JSON strictly; line numbers are found only when an error needs one."""
    try:
        value = json.loads(text, object_pairs_hook=_pairs)
    except _Duplicate as dup:
        line = _lazy_lines(text, source)((), dup.key)
        raise InputError(source, f"duplicate key {show(dup.key)}", Location(line=line)) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            source, f"invalid JSON: {exc.msg}", Location(line=_json_line(text, exc.pos))
        ) from None
    except RecursionError:
        raise InputError(source, f"nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as exc:  # e.g. an integer literal with thousands of digits
        raise InputError(source, f"invalid JSON: {show(str(exc), 80)}") from None
    if not _depth_ok(value, MAX_DEPTH):
        raise InputError(source, f"nested more than {MAX_DEPTH} levels deep")
    return value, _lazy_lines(text, source)


def _lazy_lines(text: str, source: str) -> Callable[..., int | None]:
    """Map a value's path to its line, parsing positions only on first use."""
    cache: list[dict[Path_, int] | None] = []

    def line_of(path: Path_, duplicate: str | None = None) -> int | None:
        if duplicate is not None:
            pattern = re.compile(r'"' + re.escape(json.dumps(duplicate)[1:-1]) + r'"\s*:')
            hits = [m.start() for m in pattern.finditer(text)]
            return _json_line(text, hits[1]) if len(hits) > 1 else None
        if not cache:
            try:
                cache.append(parse_yaml(text, source)[1])
            except Exception:  # JSON that YAML cannot read: no line, the path still names it
                cache.append(None)
        marks = cache[0]
        return None if marks is None else marks.get(path)

    return line_of


def marks_lookup(marks: dict[Path_, int]) -> LineOf:
    """A line-of function over a YAML parse's marks."""
    return marks.get

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
from typing import TYPE_CHECKING, Any

from .errors import InputError, Location
from .i18n import _

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 16

Path_ = tuple[object, ...]
LineOf = Callable[[Path_], "int | None"]

_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
# A float needs a point or an exponent: `04` or `4_0` stay text, so an error shows what was typed.
_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9][0-9_]*\.[0-9_]*|[0-9][0-9_]*(?=[eE]))(?:[eE][-+]?[0-9]+)?\Z"
    r"|[-+]?\.(?:inf|Inf|INF)\Z|\.(?:nan|NaN|NAN)\Z"
)
# Characters YAML forbids in a stream: PyYAML's NON_PRINTABLE, the complement of
# [\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff], written as the
# characters it matches (the same set; compiling the complement costs several ms at start-up).
NON_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)
# A JSON \u escape of a UTF-16 surrogate; only a pair of them makes a character.
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
# YAML 1.1 booleans as PyYAML reads them (y and n stay text there, and here).
_TRUE = frozenset({"yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"})
_FALSE = frozenset({"no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"})

if TYPE_CHECKING:
    import yaml
else:

    class _Yaml:
        """PyYAML, imported when first used: reading JSON answers never needs it."""

        def __getattr__(self, name: str) -> Any:
            import yaml as module

            globals()["yaml"] = module
            return getattr(module, name)

    yaml = _Yaml()


def _loader(text: str) -> Any:
    """A loader of `text`: libyaml's (the fast path); the pure-Python parser gives the
    same events."""
    return (getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader)(text)


class BigInt:
    """An integer written with 20 or more digits, kept as its text.

    Converting thousands of digits is slow (Python refuses beyond 4300); no scale or count
    needs such a number, so it stays a value that every check rejects by type.
    """

    __slots__ = ("digits",)

    def __init__(self, digits: str) -> None:
        self.digits = digits

    def __repr__(self) -> str:
        return self.digits

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BigInt) and other.digits == self.digits

    def __hash__(self) -> int:
        return hash(self.digits)


# A run of 19 digits: an integer that `_json_int` might keep as a BigInt (20 characters with
# a sign). Text without one is parsed without the Python `parse_int` hook. Found by mapping
# every digit to 0 (str.translate, a few times cheaper than a regular expression's scan).
_DIGITS_AS_ZERO = str.maketrans("123456789", "000000000")
_LONG_DIGITS = "0" * 19


def _json_int(text: str) -> int | BigInt:
    return int(text) if len(text) < 20 else BigInt(text)


def show(value: object, limit: int = 30) -> str:
    """A short, safe rendering of a user's value for an error message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def decode(data: bytes, source: str, limit: int = MAX_BYTES) -> str:
    """UTF-8 text of a file within the size cap (a BOM is dropped)."""
    if len(data) > limit:
        raise InputError(
            source,
            _("file is too large ({size} bytes; the limit is {limit})").format(
                size=len(data), limit=limit
            ),
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            source, _("not UTF-8 text: invalid byte at offset {offset}").format(offset=exc.start)
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def plain_scalar(value: str) -> object:
    """Type a plain (unquoted) YAML scalar: null, bool, int, float or text."""
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        return int(value) if len(value) < 20 else BigInt(value)
    if _FLOAT.match(value):
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    return value


class _YamlBuilder:
    """Builds plain values from libyaml's events, refusing what the format does not allow."""

    def __init__(self, source: str, lines: bool) -> None:
        self.source = source
        self.lines = lines
        self.marks: dict[Path_, int] = {}
        # A stack of containers being built: [container, path, pending key or _NO_KEY]
        self.stack: list[list[Any]] = []
        self.root: object = None
        self.have_root = False
        self.documents = 0

    def fail(self, message: str, event: Any) -> InputError:
        return InputError(self.source, message, Location(line=event.start_mark.line + 1))

    def check_node(self, event: Any) -> None:
        """No anchors and no tags on any node."""
        if event.anchor is not None:
            raise self.fail(_("YAML anchors are not allowed"), event)
        if event.tag is not None:
            message = _("YAML tags are not allowed ({tag})").format(tag=show(event.tag))
            raise self.fail(message, event)

    def awaiting_key(self) -> bool:
        stack = self.stack
        return bool(stack) and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY

    def scalar(self, event: Any) -> None:
        # The hot path of every answer file: checks and the key test are inlined.
        if event.anchor is not None or event.tag is not None:
            self.check_node(event)
        value: object = event.value
        if event.implicit[0]:
            stack = self.stack
            # Keys stay text (a section called "no" is not False); numbers may key a scale.
            if not (stack and stack[-1][2] is _NO_KEY and isinstance(stack[-1][0], dict)):
                value = plain_scalar(event.value)
            elif _INT.match(event.value) and len(event.value) < 20:
                value = int(event.value)
        self.place(value, event)

    def start(self, event: Any, mapping: bool) -> None:
        self.check_node(event)
        if len(self.stack) >= MAX_DEPTH:
            message = _("nested more than {depth} levels deep").format(depth=MAX_DEPTH)
            raise self.fail(message, event)
        container: Any = {} if mapping else []
        if self.awaiting_key():
            raise self.fail(_("a mapping key must be plain text or a number"), event)
        path = self.place(container, event)
        self.stack.append([container, path, _NO_KEY])

    def document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise self.fail(_("more than one YAML document in the file"), event)

    def place(self, value: object, event: Any) -> Path_ | None:
        """Attach a finished value to its parent; returns the value's path."""
        if not self.stack:
            self.root, self.have_root = value, True
            self.marks[()] = event.start_mark.line + 1
            return ()
        frame = self.stack[-1]
        container = frame[0]
        if isinstance(container, list):
            if not self.lines:
                container.append(value)
                return None
            child = (*frame[1], len(container))
            container.append(value)
            self.marks[child] = event.start_mark.line + 1
            return child
        if frame[2] is _NO_KEY:
            if not isinstance(value, (str, int)):
                raise self.fail(_("a mapping key must be plain text or a number"), event)
            if value in container:
                raise self.fail(_("duplicate key {key}").format(key=show(value)), event)
            frame[2] = value
            return None
        key = frame[2]
        frame[2] = _NO_KEY
        container[key] = value
        if not self.lines:
            return None
        child = (*frame[1], key)
        self.marks[child] = event.start_mark.line + 1
        return child

    def run(self, loader: Any) -> None:
        """Consume every event of the stream."""
        while True:
            event = loader.get_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                self.scalar(event)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self.start(event, kind is yaml.MappingStartEvent)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                self.stack.pop()
            elif kind is yaml.AliasEvent:
                raise self.fail(_("YAML aliases are not allowed"), event)
            elif kind is yaml.DocumentStartEvent:
                self.document(event)
            elif kind is yaml.StreamEndEvent:
                return


def _yaml_error(exc: yaml.YAMLError, text: str, source: str) -> InputError:
    """One clear line for PyYAML's own errors."""
    if isinstance(exc, yaml.reader.ReaderError):
        # Its position is a byte or a character offset depending on the parser; find the character.
        bad = NON_PRINTABLE.search(text)
        line = text.count("\n", 0, bad.start()) + 1 if bad else None
        if bad:
            message = _("invalid YAML: character {code} is not allowed").format(
                code=f"U+{ord(bad.group()):04X}"
            )
        else:
            message = _("invalid YAML: a character is not allowed")
        return InputError(source, message, Location(line=line))
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = (exc.problem or exc.context or _("invalid YAML")).strip()
        return InputError(
            source, _("invalid YAML: {problem}").format(problem=problem), Location(line=line)
        )
    return InputError(source, _("invalid YAML: {problem}").format(problem=show(str(exc), 120)))


def parse_yaml(text: str, source: str, lines: bool = True) -> tuple[object, dict[Path_, int]]:
    """Parse one YAML document strictly; returns the value and each node's line.

    With `lines` False no line map is kept (faster; re-parse when an error needs one).
    """
    loader = _loader(text)
    builder = _YamlBuilder(source, lines)
    try:
        builder.run(loader)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text, source) from None
    finally:
        loader.dispose()
    if not builder.have_root:
        raise InputError(source, _("the file is empty"))
    return builder.root, builder.marks


def find_line(text: str, path: Path_) -> int | None:
    """The line of the node at `path` in a YAML (or JSON) text, found by walking the events
    only as far as that node: a rejected file costs one cheap walk up to the place of its
    problem, not a second full parse with a line map of every node.

    None when the node is not there (or the text cannot be walked); `line_for` then asks
    for the enclosing node.
    """
    if not path:
        return 1
    loader = _loader(text)
    # Each open container: [is a mapping, its path, next index or the pending key].
    stack: list[list[Any]] = []
    try:
        while True:
            event = loader.get_event()
            kind = type(event)
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                closed = stack.pop()
                if path[: len(closed[1])] == closed[1]:
                    return None  # left the container that would hold the node
            elif kind is yaml.StreamEndEvent:
                return None
            elif (
                kind is yaml.ScalarEvent
                or kind is yaml.MappingStartEvent
                or (kind is yaml.SequenceStartEvent)
            ):
                here = _node_path(stack, event)
                if here is not None and here == path:
                    return int(event.start_mark.line) + 1
                if here is not None and kind is not yaml.ScalarEvent:
                    mapping = kind is yaml.MappingStartEvent
                    stack.append([mapping, here, _NO_KEY if mapping else 0])
    except (yaml.YAMLError, ValueError, RecursionError):
        return None
    finally:
        loader.dispose()


def _node_path(stack: list[list[Any]], event: Any) -> Path_ | None:
    """The path of the node an event starts; None for a mapping key (noted in its frame)."""
    if not stack:
        return ()
    frame = stack[-1]
    if not frame[0]:
        frame[2] += 1
        return (*frame[1], frame[2] - 1)
    if frame[2] is _NO_KEY:
        if type(event) is not yaml.ScalarEvent:
            raise ValueError("a mapping key that is not a scalar")
        value = event.value
        plain_int = event.implicit[0] and _INT.match(value) and len(value) < 20
        frame[2] = int(value) if plain_int else value
        return None
    key, frame[2] = frame[2], _NO_KEY
    return (*frame[1], key)


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
        if _LONG_DIGITS in text.translate(_DIGITS_AS_ZERO):
            value = json.loads(text, object_pairs_hook=_pairs, parse_int=_json_int)
        else:  # no integer can reach 19 digits: the C parser's own int() gives the same values
            value = json.loads(text, object_pairs_hook=_pairs)
    except _Duplicate as dup:
        line = _lazy_lines(text, source)((), dup.key)
        raise InputError(
            source, _("duplicate key {key}").format(key=show(dup.key)), Location(line=line)
        ) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            source,
            _("invalid JSON: {problem}").format(problem=exc.msg),
            Location(line=_json_line(text, exc.pos)),
        ) from None
    except RecursionError:
        raise InputError(
            source, _("nested more than {depth} levels deep").format(depth=MAX_DEPTH)
        ) from None
    except ValueError as exc:  # e.g. an integer literal with thousands of digits
        raise InputError(
            source, _("invalid JSON: {problem}").format(problem=show(str(exc), 80))
        ) from None
    # Fewer opening brackets than the limit (counted in strings too) cannot nest past it.
    deep = text.count("{") + text.count("[") > MAX_DEPTH
    if deep and not _depth_ok(value, MAX_DEPTH):
        raise InputError(source, _("nested more than {depth} levels deep").format(depth=MAX_DEPTH))
    if SURROGATE_ESCAPE.search(text):
        _check_surrogates(value, text, source)
    return value, _lazy_lines(text, source)


def _check_surrogates(value: object, text: str, source: str) -> None:
    """Reject an unpaired surrogate escape (`"\\ud800"`): no character, and it cannot be printed."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, str):
            try:
                node.encode("utf-8")
            except UnicodeEncodeError:
                break
    else:
        return
    line = None
    escapes = list(SURROGATE_ESCAPE.finditer(text))
    for i, match in enumerate(escapes):
        code = int(match.group()[2:], 16)
        follower = escapes[i + 1] if i + 1 < len(escapes) else None
        paired_after = (
            code < 0xDC00
            and follower is not None
            and follower.start() == match.end()
            and int(follower.group()[2:], 16) >= 0xDC00
        )
        previous = escapes[i - 1] if i else None
        paired_before = (
            code >= 0xDC00
            and previous is not None
            and previous.end() == match.start()
            and int(previous.group()[2:], 16) < 0xDC00
        )
        if not (paired_after or paired_before):
            line = _json_line(text, match.start())
            break
    raise InputError(
        source,
        _("invalid JSON: an unpaired surrogate escape (\\ud800-\\udfff) is not a character"),
        Location(line=line),
    )


def _lazy_lines(text: str, source: str) -> Callable[..., int | None]:
    """Map a value's path to its line, walking the text only when a line is asked for."""
    found: dict[Path_, int | None] = {}

    def line_of(path: Path_, duplicate: str | None = None) -> int | None:
        if duplicate is not None:
            # The YAML reader walks the same structure and stops at the repeated key itself;
            # the same name elsewhere in the file (another mapping) never misleads it.
            try:
                parse_yaml(text, source, lines=False)
            except InputError as exc:
                same = exc.message == _("duplicate key {key}").format(key=show(duplicate))
                if same and exc.location.line is not None:
                    return exc.location.line
            except (yaml.YAMLError, ValueError, RecursionError):  # JSON that YAML cannot read
                pass
            pattern = re.compile(r'"' + re.escape(json.dumps(duplicate)[1:-1]) + r'"\s*:')
            hits = [m.start() for m in pattern.finditer(text)]
            return _json_line(text, hits[1]) if len(hits) > 1 else None
        if path not in found:
            found[path] = find_line(text, path)
        return found[path]

    return line_of


def marks_lookup(marks: dict[Path_, int]) -> LineOf:
    """A line-of function over a YAML parse's marks."""
    return marks.get


def line_for(line_of: LineOf, path: Path_) -> int | None:
    """The line of `path`, else of the nearest enclosing node that has one."""
    probe = path
    while True:
        line = line_of(probe)
        if line is not None or not probe:
            return line
        probe = probe[:-1]

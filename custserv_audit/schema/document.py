"""YAML or JSON documents parsed with a line lookup."""

from __future__ import annotations

from ..parsing import (
    LineOf,
    Path_,
    decode,
    find_line,
    marks_lookup,
    parse_json,
    parse_yaml,
)
from .canonical import canonical_answers


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
        # The layout the tool writes is read by one regular expression; any other text
        # by the strict event walk.
        fast = canonical_answers(text)
        found = fast if fast is not None else parse_yaml(text, source, lines=False)[0]
        return found, lines_later(text)
    value, marks = parse_yaml(text, source)
    return value, marks_lookup(marks)


def lines_later(text: str) -> LineOf:
    """A line lookup that walks the text again only when an error needs a line, and only
    as far as the node asked for (the text was parsed once already; a line walk never
    fails the input)."""
    found: dict[Path_, int | None] = {}

    def line_of(path: Path_) -> int | None:
        if path not in found:
            found[path] = find_line(text, path)
        return found[path]

    return line_of

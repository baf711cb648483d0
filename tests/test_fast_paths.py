"""The fast paths give exactly what the strict reference paths give, or step aside.

Canonical YAML answer files: `canonical_answers` must return the strict event walk's
value, or None (then the strict walk runs). Files: `read_bytes` with one `os.read`.
JSON: the parse without the integer hook (when no run of 19 digits is in the text) gives
the value, or the error, of the parse with the duplicate-key and integer hooks.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custserv_audit import parsing
from custserv_audit.errors import InputError
from custserv_audit.parsing import BigInt, parse_json, parse_yaml
from custserv_audit.schema.answerfile import dump_answers, quote
from custserv_audit.schema.canonical import canonical_answers

SECTIONS = {"culture": 4, "products": 4, "feedback": 3, "staff": 5}


def strict(text: str) -> object:
    """The reference: the strict event walk's value, or the error it raises."""
    try:
        return parse_yaml(text, "a.yaml", lines=False)[0]
    except InputError as exc:
        return exc


def assert_same_or_declined(text: str) -> bool:
    """The fast path agrees with the reference; True when it took the text."""
    fast = canonical_answers(text)
    if fast is None:
        return False
    reference = strict(text)
    assert isinstance(reference, dict)
    assert fast == reference
    assert [type(v) for v in fast.values()] == [type(v) for v in reference.values()]
    return True


@settings(max_examples=60, deadline=None)
@given(
    respondent=st.none() | st.text(max_size=12),
    date=st.none() | st.sampled_from(["2026-11-25", "2026-02-30", "0000-00-00"]),
    ratings=st.lists(st.integers(0, 99), min_size=1, max_size=5),
)
def test_written_files_take_the_fast_path_with_the_strict_values(
    respondent: str | None, date: str | None, ratings: list[int]
) -> None:
    text = dump_answers(
        "customer-orientation", {"culture": tuple(ratings), "staff": (5, 4)}, respondent, date
    )
    took = assert_same_or_declined(text)
    plain = respondent is None or all(c.isprintable() and c not in '"\\' for c in respondent)
    if plain and "\ufeff" not in (respondent or ""):
        assert took, text


HOSTILE = [
    "questionnaire: no\nanswers:\n  culture: [1]\n",  # a boolean, not an id
    "questionnaire: null\nanswers:\n  culture: [1]\n",
    "questionnaire: Yes\nanswers:\n  culture: [1]\n",
    "questionnaire: x\nanswers:\n  culture: [01]\n",  # stays text: not a rating
    "questionnaire: x\nanswers:\n  culture: [1]\n  culture: [2]\n",  # duplicate
    "questionnaire: x\nanswers:\n  culture: [1] # note\n",
    "questionnaire: x\nanswers:\n  culture: [1]\n...\n",
    "questionnaire: x\nanswers:\n  culture: &a [1]\n",
    "questionnaire: x\r\nanswers:\r\n  culture: [1]\r\n",
    'questionnaire: x\nrespondent: "a\u2028b"\nanswers:\n  culture: [1]\n',
    'questionnaire: x\nrespondent: "a\x85b"\nanswers:\n  culture: [1]\n',
    'questionnaire: x\nrespondent: "a\ufeffb"\nanswers:\n  culture: [1]\n',
    'questionnaire: x\nrespondent: "a\ufffeb"\nanswers:\n  culture: [1]\n',
    'questionnaire: x\nrespondent: "a\\"b"\nanswers:\n  culture: [1]\n',
    'questionnaire: x\nrespondent: " spaced "\nanswers:\n  culture: [1]\n',
    'questionnaire: "x"\nrespondent: "Ääkköset Oy"\ndate: 2026-11-25\nanswers:\n  a: [5]\n',
    "questionnaire: x\ndate: 2026-11-25\nanswers:\n  culture: [1, 2]\n  staff: [3]\n",
    "questionnaire: x\nanswers:\n  culture: [1,2]\n",
    "questionnaire: x\nanswers:\n  culture: [1, 2]",  # no final line end
    "questionnaire: x\nanswers:\n  culture: [1, 2]\n\n",
    "questionnaire: x\nanswers:\n\tculture: [1]\n",
    "questionnaire: x\nmetadata:\n  region: north\nanswers:\n  culture: [1]\n",
    "questionnaire: x\nanswers:\n  culture: [10, 99]\n  no: [1]\n",
    "questionnaire: x\nanswers:\n  e5: [1]\n  on: [2]\n",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_shapes_agree_or_go_to_the_strict_walk(text: str) -> None:
    assert_same_or_declined(text)


def test_the_layout_the_tool_writes_is_taken() -> None:
    text = dump_answers(
        "customer-orientation", {s: (3,) * k for s, k in SECTIONS.items()}, "Acme Oy", "2026-11-25"
    )
    assert assert_same_or_declined(text)
    assert quote("Acme Oy") in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1234567890123456789}', {"a": 1234567890123456789}),
        ('{"a": 12345678901234567890}', {"a": BigInt("12345678901234567890")}),
        ('{"a": -1234567890123456789}', {"a": BigInt("-1234567890123456789")}),
        ('{"a": -123456789012345678}', {"a": -123456789012345678}),
        ('{"a": [1, 2, {"b": 3}]}', {"a": [1, 2, {"b": 3}]}),
    ],
)
def test_json_integers_as_with_the_hook(text: str, expected: object) -> None:
    assert parse_json(text, "a.json")[0] == expected


def _outcome(text: str) -> object:
    try:
        return parse_json(text, "a.json")[0]
    except InputError as exc:
        return str(exc)


_KEYS = st.sampled_from(["a", "b", "a:b", "{", "x}", "answers"])
_LEAVES = st.one_of(
    st.integers(-(10**21), 10**21).map(str),
    st.sampled_from(["true", "null", "1.5", "1e400", '"a:b"', '"{"', '"x"', "NaN"]),
)
_JSON_TEXT = st.recursive(
    _LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(st.tuples(_KEYS, inner), max_size=4).map(
            lambda pairs: "{" + ", ".join(json.dumps(k) + ": " + v for k, v in pairs) + "}"
        ),
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(text=_JSON_TEXT, cut=st.integers(0, 3))
def test_json_without_the_integer_hook_gives_the_strict_parse(text: str, cut: int) -> None:
    """Duplicate keys, integers of every length, broken text: the parse gives exactly the
    value, or the problem, of the parse with both hooks."""
    text = text[: len(text) - cut] if cut < 3 else text
    fast = _outcome(text)
    try:
        reference = json.loads(text, object_pairs_hook=parsing._pairs, parse_int=parsing._json_int)
    except parsing._Duplicate as dup:
        assert isinstance(fast, str) and f"duplicate key {dup.key!r}" in fast
        return
    except ValueError:
        assert isinstance(fast, str) and "invalid JSON" in fast
        return
    assert _shape(fast) == _shape(reference)


def _shape(value: object) -> object:
    """A value with the type of every part spelled out (BigInt is not int; NaN is NaN)."""
    if isinstance(value, dict):
        return ("dict", [(k, _shape(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_shape(v) for v in value])
    return (type(value).__name__, repr(value))


def test_json_duplicate_keys_are_named_after_the_fast_parse() -> None:
    for text in ('{"a": 1, "a": 2}', '{"a": {"b": 1, "b": 1}}', '[{"x": 1}, {"x": 1, "x": 2}]'):
        with pytest.raises(InputError, match="duplicate key"):
            parse_json(text, "a.json")


@pytest.mark.parametrize("depth", [15, 16, 17])
def test_json_depth_limit_with_few_and_many_brackets(depth: int) -> None:
    text = "[" * depth + "]" * depth
    if depth > 16:
        with pytest.raises(InputError, match="nested more than 16"):
            parse_json(text, "a.json")
    else:
        assert parse_json(text, "a.json")[0] is not None
    padded = json.dumps({"s": "[" * 40, "v": json.loads(text)})  # brackets in a string too
    if depth + 1 > 16:
        with pytest.raises(InputError, match="nested more than 16"):
            parse_json(padded, "a.json")
    else:
        assert parse_json(padded, "a.json")[0] is not None


@pytest.mark.parametrize("size", [0, 1, 4096, 65536, 65537, 1024 * 1024])
def test_read_bytes_reads_whole_files_up_to_the_cap(tmp_path: Path, size: int) -> None:
    from custserv_audit.sources import read_bytes

    path = tmp_path / "a.yaml"
    data = os.urandom(size)
    path.write_bytes(data)
    assert read_bytes(path) == data


def test_read_bytes_refuses_a_file_over_the_cap_and_a_device(tmp_path: Path) -> None:
    from custserv_audit.sources import read_bytes

    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 101)
    with pytest.raises(InputError, match="too large"):
        read_bytes(path, limit=100)
    with pytest.raises(InputError, match="more than 100 bytes"):
        read_bytes(Path("/dev/zero"), limit=100)
    assert read_bytes(path, limit=None) == b"x" * 101
    with pytest.raises(InputError, match="directory"):
        read_bytes(tmp_path)


def test_read_bytes_reads_a_pipe() -> None:
    """A pipe has no size: it is read in pieces, to its end, under the cap."""
    import threading

    from custserv_audit.sources import read_bytes

    reader, writer = os.pipe()

    def write() -> None:
        with os.fdopen(writer, "wb") as handle:
            handle.write(b"a" * 200_000)

    thread = threading.Thread(target=write)
    thread.start()
    try:
        assert read_bytes(Path(f"/dev/fd/{reader}")) == b"a" * 200_000
    finally:
        thread.join()
        os.close(reader)

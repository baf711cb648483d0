"""`find_line` (the line of one node, walking only as far as it) agrees with the full parse's
line map for every node of generated YAML and JSON documents."""

from __future__ import annotations

import json

import yaml
from hypothesis import given
from hypothesis import strategies as st

from custserv_audit.parsing import Path_, find_line, parse_yaml

KEYS = st.one_of(st.text("abcz_", min_size=1, max_size=4), st.integers(0, 99))
LEAVES = st.one_of(st.integers(-5, 5), st.text("xy ", max_size=3), st.none(), st.booleans())
TREES = st.recursive(
    LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=25,
)


def _paths(value: object, here: Path_ = ()) -> list[Path_]:
    out = [here]
    if isinstance(value, dict):
        for key, child in value.items():
            out += _paths(child, (*here, key))
    elif isinstance(value, list):
        for n, child in enumerate(value):
            out += _paths(child, (*here, n))
    return out


@given(TREES, st.booleans(), st.booleans())
def test_find_line_agrees_with_the_full_parse(tree: object, as_json: bool, flow: bool) -> None:
    text = (
        json.dumps(tree, indent=1 if flow else None)
        if as_json
        else yaml.safe_dump(tree, default_flow_style=flow)
    )
    value, marks = parse_yaml(text, "t")
    for path in _paths(value):
        assert find_line(text, path) == marks[path], (text, path)
    assert find_line(text, ("no such key", 7)) is None


def test_a_missing_node_ends_the_walk_at_its_container() -> None:
    text = "a:\n  b: 1\nc: [1, 2]\n"
    assert find_line(text, ("c", 1)) == 3
    assert find_line(text, ("a", "x")) is None
    assert find_line(text, ("c", 5)) is None

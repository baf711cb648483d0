"""A short fuzzing run of every loader: seed corpus, then generated mutations of it.

Any exception other than the project's own error type fails the test. The long run is
atheris with the same targets: see tests/fuzz/run.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent / "fuzz"))

from harnesses import TARGETS

CORPUS = Path(__file__).parent / "fuzz" / "corpus"
TOKENS = [
    b'"', b"'", b",", b"\n", b"\r", b"\r\n", b"\x00", b"\xff", b"\xef\xbb\xbf", b"{", b"}",
    b"[", b"]", b":", b"- ", b"&a ", b"*a", b"!!python/object ", b"---\n", b"1e999",
    b"-0", b"4.0", b"null", b"true", b"9" * 40, b"\\u0000", b"\x1b[2J", b"%", b"#",
]  # fmt: skip


def seeds(target: str) -> list[bytes]:
    return [p.read_bytes() for p in sorted((CORPUS / target).iterdir())]


@st.composite
def mutated(draw: st.DrawFn, target: str) -> bytes:
    """A seed with a few random edits: flips, token insertions, cuts and repeats."""
    data = bytearray(draw(st.sampled_from(seeds(target))))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.integers(0, 4))
        if action == 0 and data:
            data[min(at, len(data) - 1)] = draw(st.integers(0, 255))
        elif action == 1:
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif action == 2:
            end = draw(st.integers(at, min(len(data), at + 64)))
            del data[at:end]
        elif action == 3:
            end = draw(st.integers(at, min(len(data), at + 64)))
            data[at:at] = data[at:end] * draw(st.integers(1, 4))
        else:
            data[at:at] = draw(st.binary(max_size=8))
    return bytes(data)


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_seed_corpus(target: str) -> None:
    for data in seeds(target):
        TARGETS[target](data)


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_mutations(target: str) -> None:
    @settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.one_of(mutated(target), st.binary(max_size=200)))
    def run(data: bytes) -> None:
        TARGETS[target](data)

    run()

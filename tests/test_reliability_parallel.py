"""The worker-process path splits a CSV into blocks; whatever the file holds (stray quotes,
bare carriage returns, quoted line breaks, bytes that are not UTF-8, blank lines, quotes
that never close), its output must be the output of the one-process path, line for line."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_support import ITEMS

from custserv_audit.batch import parallel
from custserv_audit.batch.scoring import score_all
from custserv_audit.model import Questionnaire
from custserv_audit.render.data.json_format import outcome_to_json
from custserv_audit.schema.csv_input import csv_blocks
from custserv_audit.schema.definition import load_questionnaire
from custserv_audit.sources import expand

RATINGS = b"," + b",".join([b"4"] * len(ITEMS))
ODD_NAMES = [
    b"Plain",
    b'Acme 5" Oy',
    b'"Two\nlines"',
    b'"With ""quotes"", and a comma"',
    b"Bare\rCR",
    b"Caf\xe9",
    b'"never closed',
    b"",
]


@pytest.fixture(scope="module")
def builtin_q() -> Questionnaire:
    return load_questionnaire(None, "en")


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    header = ("respondent," + ",".join(ITEMS)).encode()
    rows = draw(st.lists(st.sampled_from(ODD_NAMES), min_size=1, max_size=60))
    ending = draw(st.sampled_from([b"\n", b"\r\n"]))
    body = ending.join(name + RATINGS if name else b"" for name in rows)
    return header + ending + body + draw(st.sampled_from([b"", ending]))


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=csv_files(), block=st.sampled_from([64, 300, 1000]))
def test_workers_give_the_output_of_one_process(
    data: bytes, block: int, builtin_q: Questionnaire, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("csv") / "big.csv"
    path.write_bytes(data)
    sources = list(expand([str(path)]))
    serial = [outcome_to_json(o) for o in score_all(sources, builtin_q)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parallel, "CSV_BLOCK_BYTES", block)
        blocks = parallel.render_parallel(sources, builtin_q, 2, outcome_to_json)
        split = [text for block in blocks for text, _error in parallel.rendered(block)]
    assert split == serial


def test_from_the_first_quote_the_rest_is_read_here(tmp_path: Path) -> None:
    rows = [b"R" + RATINGS] * 200 + [b'Acme 5" Oy' + RATINGS] + [b"S" + RATINGS] * 200
    data = ("respondent," + ",".join(ITEMS)).encode() + b"\n" + b"\n".join(rows) + b"\n"
    path = tmp_path / "big.csv"
    path.write_bytes(data)
    with path.open("rb") as handle:
        header = handle.readline()
        blocks = list(csv_blocks(handle, len(header), 1000))
    assert blocks[-1].rest is True  # the rest is read by the main process, not split again
    assert all(b'"' not in b.data and not b.rest for b in blocks[:-1])
    assert b'"' in blocks[-1].data
    # The blocks tile the file: each starts where the one before it ended, at its row.
    assert [b.offset for b in blocks] == list(
        itertools.accumulate([len(header)] + [len(b.data) for b in blocks[:-1]])
    )
    assert [b.row for b in blocks] == list(
        itertools.accumulate([2] + [b.data.count(b"\n") for b in blocks[:-1]])
    )

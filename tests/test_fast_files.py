"""Answer files scored straight to text (`batch.files`) give exactly the reference's text.

Differential: for every generated file, good or hostile (duplicate keys, wrong types, huge
numbers, deep nesting, a BOM, bad UTF-8, surrogate escapes, keys that only look alike),
the common path either declines (None) or returns byte for byte what the reference path
(`score_source` + `outcome_to_json`) writes; it never takes a file the reference rejects.
A batch in worker processes writes the same output and the same messages as one process.
"""

from __future__ import annotations

import itertools
import json
import os
import pickle
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from custserv_audit import sources
from custserv_audit.batch import shares
from custserv_audit.batch.files import FileScorer, read_small
from custserv_audit.batch.parallel import render_parallel, rendered
from custserv_audit.batch.scoring import score_source
from custserv_audit.errors import InputError
from custserv_audit.model import Questionnaire
from custserv_audit.parsing import NON_PRINTABLE
from custserv_audit.render.data.json_format import outcome_to_json
from custserv_audit.schema import builtin, definition
from custserv_audit.schema.answerfile import dump_answers
from custserv_audit.schema.definition import load_questionnaire
from custserv_audit.sources import Source, expand

Q = load_questionnaire(None, "en")
SIZES = {s.id: len(s.items) for s in Q.sections}


def reference(path: Path, kind: str, q: Questionnaire = Q) -> list[str]:
    """What the reference path writes for one file, and whether it rejected it."""
    return [outcome_to_json(o) for o in score_source(Source(path.name, path, kind), q)]


def rejected(path: Path, kind: str) -> bool:
    return any(isinstance(o, InputError) for o in score_source(Source(path.name, path, kind), Q))


def agree(data: bytes, kind: str = "json") -> bool:
    """The common path agrees with the reference on these bytes; True when it took them."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"a.{kind}"
        path.write_bytes(data)
        fast = FileScorer(Q).file_json(os.fspath(path), path.name, kind)
        if fast is None:
            return False
        assert not rejected(path, kind), data
        assert [fast] == reference(path, kind), data
        return True


def answers(ratings: int = 3) -> dict[str, object]:
    return {
        "questionnaire": Q.id,
        "respondent": "Acme Oy",
        "date": "2026-11-25",
        "answers": {sid: [ratings] * n for sid, n in SIZES.items()},
    }


def test_the_files_the_tool_writes_take_the_common_path() -> None:
    good = answers()
    assert agree(json.dumps(good, indent=2).encode())
    assert agree(json.dumps(good).encode())
    ratings = {sid: (4,) * n for sid, n in SIZES.items()}
    assert agree(dump_answers(Q.id, ratings, "Acme Oy", "2026-11-25").encode(), "yaml")


BAD_RATING: st.SearchStrategy[object] = st.sampled_from(
    [0, 6, -1, 10**25, -(10**19), 1.0, 3.5, True, False, None, "3", [3], {}]
)
TEXT = st.text(
    st.characters(codec="utf-8") | st.sampled_from(['"', "\\", ":", "\ufeff"]), max_size=12
)
META_VALUE = st.one_of(
    TEXT, st.integers(-(10**30), 10**30), st.floats(), st.booleans(), st.none(), st.just([1])
)
SOMETIMES = st.sampled_from([False, False, False, False, True])  # about one time in five


@st.composite
def answer_files(draw: st.DrawFn) -> dict[str, object]:
    """Answer files, most of them valid, with a wrong value here and there."""
    data = answers()
    sections: dict[str, object] = {
        sid: draw(st.lists(st.integers(1, 5), min_size=n, max_size=n)) for sid, n in SIZES.items()
    }
    sid = draw(st.sampled_from(sorted(SIZES)))
    if draw(SOMETIMES):
        ratings = list(sections[sid])  # type: ignore[call-overload]
        ratings[draw(st.integers(0, len(ratings) - 1))] = draw(BAD_RATING)
        sections[sid] = ratings
    if draw(SOMETIMES):
        sections[sid] = draw(st.lists(st.integers(1, 5), max_size=7) | BAD_RATING)
    if draw(SOMETIMES):
        sections.pop(sid)
    if draw(SOMETIMES):
        sections[draw(st.sampled_from(["Culture", "extra", "metadata"]))] = [3]
    data["answers"] = sections
    data["respondent"] = draw(st.integers() if draw(SOMETIMES) else st.none() | TEXT)
    bad_date = st.sampled_from(["2026-02-30", "2026-W48-3", "", 20261125])
    data["date"] = draw(bad_date if draw(SOMETIMES) else st.sampled_from([None, "2026-11-25"]))
    if draw(st.booleans()):
        data["metadata"] = draw(
            st.just([]) if draw(SOMETIMES) else st.dictionaries(TEXT, META_VALUE, max_size=3)
        )
    if draw(SOMETIMES):
        data["questionnaire"] = draw(st.sampled_from(["other", 1, None, Q.id.upper()]))
    if draw(SOMETIMES):
        data[draw(st.sampled_from(["Answers", "note", ""]))] = 1
    return data


# Edits of the text: each makes a shape that JSON allows but the tool refuses, or one
# that only looks alike (white space before a colon, a colon inside a value).
EDITS = [
    lambda t: t,
    lambda t: t.replace('"answers": {', '"answers": {"culture": [1, 1, 1, 1], ', 1),
    lambda t: t.replace('"answers": {', '"answers": {"extra": [1], ', 1),
    lambda t: t.replace('{"questionnaire"', '{"date": "2026-11-25", "questionnaire"', 1),
    lambda t: t.replace('{"questionnaire"', '{"respondent": "x", "questionnaire"', 1),
    lambda t: t.replace('"questionnaire":', '"questionnaire" :', 1),
    lambda t: t.replace('"questionnaire":', '"questionnaire"\n\t:', 1),
    lambda t: t.replace('{"questionnaire"', '{"metadata": {"a": 1, "a": 2}, "questionnaire"', 1),
    lambda t: t.replace('{"questionnaire"', '{"metadata": {"a": "\\":"}, "questionnaire"', 1),
    lambda t: "\ufeff" + t,
    lambda t: "[" + t + ", " + t + "]",
    lambda t: t.replace('"Acme', '"\\ud800Acme', 1),
    lambda t: t.replace('"Acme', '"\\ud83d\\ude00Acme', 1),
    lambda t: t.replace('"Acme', '"\\u0041cme', 1),
    lambda t: t.replace('{"questionnaire"', '{"metadata": ' + "[" * 40 + "]" * 40 + ", ", 1),
    lambda t: t.replace('{"questionnaire"', '{"metadata": {"n": 1' + "0" * 5000 + "}, ", 1),
    lambda t: t.replace('{"questionnaire"', '{"metadata": {"x": NaN, "y": -Infinity}, ', 1),
    lambda t: t[: len(t) // 2],
    lambda t: t + "\n{}",
    lambda t: t + " \n\t\r\n",  # white space after the object: JSON's own four kinds
    lambda t: "\n " + t,
    lambda t: t + "\u00a0",  # white space to Python, not to JSON
    lambda t: t + "\x0c",
]


@settings(max_examples=150, deadline=None)
@given(
    data=answer_files(),
    edit=st.just(0) | st.sampled_from(range(len(EDITS))),
    indent=st.none() | st.just(2),
    ascii_only=st.booleans(),
    bad_byte=st.booleans(),
)
def test_generated_json_agrees_with_the_reference(
    data: dict[str, object], edit: int, indent: int | None, ascii_only: bool, bad_byte: bool
) -> None:
    text = EDITS[edit](json.dumps(data, indent=indent, ensure_ascii=ascii_only))
    raw = text.encode("utf-8", "surrogatepass")
    if bad_byte:
        raw = raw.replace(b"Acme", b"Ac\xffme", 1)
    event("taken" if agree(raw) else "declined")


@pytest.mark.parametrize(
    ("around", "taken"),
    [
        (("", " \n\t\r\n"), True),
        (("\n ", "\n"), True),
        (("", "\u00a0"), False),  # white space to Python, not to JSON: rejected
        (("", "\x0c"), False),
        (("", " {}"), False),
        (("\u00a0", ""), False),
    ],
)
def test_only_json_white_space_around_the_object(around: tuple[str, str], taken: bool) -> None:
    before, after = around
    assert agree((before + json.dumps(answers()) + after).encode()) is taken


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t.replace('"answers": {', '"answers": {"staff": [1, 1, 1, 1, 1], ', 1),
        lambda t: t.replace('"date"', '"respondent": "B", "date"', 1),
        lambda t: t.replace('"date"', '"date" : "2026-01-01", "date"', 1),
        lambda t: t.replace('"answers"', '"metadata": {"a": "x", "a": "y"}, "answers"', 1),
        lambda t: t.replace('"answers"', '"metadata": {"a": "\\":", "a": "y"}, "answers"', 1),
    ],
)
def test_a_duplicate_key_is_never_taken(edit: object) -> None:
    assert callable(edit)
    raw = edit(json.dumps(answers())).encode()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.json"
        path.write_bytes(raw)
        assert FileScorer(Q).file_json(os.fspath(path), "a.json", "json") is None
        message = reference(path, "json")[0]
        assert "duplicate key" in message


def test_special_and_missing_files_go_to_the_reference_read(tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (1024 * 1024 + 1))
    assert read_small(os.fspath(empty)) is None
    assert read_small(os.fspath(big)) is None
    assert read_small(os.fspath(tmp_path / "missing.json")) is None
    assert read_small(os.fspath(tmp_path)) is None
    assert read_small("/dev/null") is None
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert read_small(os.fspath(fifo)) is None  # not opened: it would end a writer's pipe
    small = tmp_path / "small.json"
    small.write_bytes(b"{}")
    assert read_small(os.fspath(small)) == b"{}"


def test_a_batch_in_workers_writes_what_one_process_writes(tmp_path: Path) -> None:
    """Good and bad files mixed: the same texts and the same messages, in input order."""
    good = json.dumps(answers(4), indent=2)
    kinds = [
        good,
        good.replace('"Acme Oy"', '"Acme: \\"Oy\\""'),
        good.replace('"answers": {', '"answers": {"culture": [1, 1, 1, 1], ', 1),
        good.replace("4", "4.0", 1),
        "\ufeff" + good,
        "[" + good + "]",
    ]
    for n in range(60):
        text = kinds[n % len(kinds)]
        (tmp_path / f"f{n:03d}.json").write_text(text, encoding="utf-8")
        ratings = {s: (n % 5 + 1,) * k for s, k in SIZES.items()}
        yaml_text = dump_answers(Q.id, ratings, f"R{n}", None)
        (tmp_path / f"f{n:03d}.yaml").write_text(yaml_text, encoding="utf-8")
    sources = list(expand([os.fspath(tmp_path)]))
    one = [
        (outcome_to_json(o), str(o) if isinstance(o, InputError) else None)
        for s in sources
        if isinstance(s, Source)
        for o in score_source(s, Q)
    ]
    blocks = render_parallel(sources, Q, 2, outcome_to_json)
    many = [item for block in blocks for item in rendered(block)]
    assert many == one
    assert sum(error is not None for _text, error in one) == 20


def _tagged(unit: list[int]) -> list[tuple[int, int]]:
    """A unit's numbers squared, each with the process that did it."""
    return [(n * n, os.getpid()) for n in unit]


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_shared_units_come_in_input_order(jobs: int) -> None:
    """Units done by this process and by forked children, and units done already, come
    back in input order, each once, whatever the number of processes."""
    here = os.getpid()
    go_read, go_write = os.pipe()
    done_read, done_write = os.pipe()
    first = [True]  # each process's own copy after the fork

    def work(unit: list[int]) -> list[tuple[int, int]]:
        # The first unit of each process waits for the other side: both take part.
        if jobs > 1 and first[0]:
            first[0] = False
            if os.getpid() == here:
                os.write(go_write, b"x" * jobs)
                os.read(done_read, 1)
            else:
                os.read(go_read, 1)
                os.write(done_write, b"x")
        return _tagged(unit)

    units: list[object] = [[n, n + 1000] if n % 7 else ([("done", n)],) for n in range(300)]
    try:
        got = [item for result in shares.shared(units, work, jobs) for item in result]
    finally:
        for fd in (go_read, go_write, done_read, done_write):
            os.close(fd)
    want = [n for unit in units for n in (unit if isinstance(unit, list) else unit[0])]  # type: ignore[index]
    assert [n if n[0] == "done" else n[0] for n in got] == [
        n if isinstance(n, tuple) else n * n for n in want
    ]
    processes = {n[1] for n in got if n[0] != "done"}
    assert here in processes and len(processes) >= min(jobs, 2), (processes, here)


def test_units_of_a_child_that_ends_are_done_here() -> None:
    """A child killed at its first unit: its units are done by this process, nothing lost."""
    here = os.getpid()

    def work(unit: list[int]) -> list[tuple[int, int]]:
        if os.getpid() != here:
            os._exit(9)
        return _tagged(unit)

    units = [[n] for n in range(50)]
    got = [item for result in shares.shared(units, work, 2) for item in result]
    assert got == [(n * n, here) for n in range(50)]


def test_a_batch_stopped_early_leaves_no_child() -> None:
    """The reader stops after the first result (a closed output, Ctrl-C): every child ends
    and is waited for."""
    units = [[n] * 200 for n in range(400)]
    results = shares.shared(units, _tagged, 3)
    seen = {pid for result in itertools.islice(results, 60) for _n, pid in result}
    results.close()
    children = seen - {os.getpid()}
    assert children
    for pid in children:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # ended and waited for: no such process, not even a zombie


def test_more_units_than_the_pipe_holds_are_all_done_in_order() -> None:
    """Answer files between many inputs in error make more units than the numbers' pipe
    holds: the command neither waits for ever nor loses one (the rest are done here)."""
    units: list[object] = [[n] if n % 2 else ([("done", n)],) for n in range(2 * 20000)]
    code = (
        "import os, pickle, sys; from custserv_audit.batch import shares; "
        "units = pickle.loads(sys.stdin.buffer.read()); "
        "work = lambda unit: [(unit[0], os.getpid())]; "
        "sys.stdout.buffer.write(pickle.dumps(list(shares.shared(units, work, 2))))"
    )
    run = subprocess.run(  # a guard: without room for every number, this never ended
        [sys.executable, "-c", code], input=pickle.dumps(units), capture_output=True, timeout=120
    )
    got = [item for result in pickle.loads(run.stdout) for item in result]
    assert [n for n, _pid in got] == [n if n % 2 else "done" for n in range(2 * 20000)]
    assert len({pid for n, pid in got if n != "done"}) == 2  # a child took part


def test_units_the_pipe_cannot_take_are_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the pipe holds only a few numbers, the rest are done by this process, in order."""
    monkeypatch.setattr(shares, "_room", lambda _fd, _wanted: 40)  # ten numbers
    units = [[n] for n in range(50)]
    got = [item for result in shares.shared(units, _tagged, 3) for item in result]
    assert [n for n, _pid in got] == [n * n for n in range(50)]
    assert [pid for _n, pid in got[10:]] == [os.getpid()] * 40


def _listed(folder: Path, alone: bool) -> tuple[list[Source | str], list[str]]:
    """What `expand` gives for a folder, with the listing alone (the only input) or with a
    `stat` of every file (as when other inputs may reach the same files)."""
    notes: list[str] = []
    inputs = sources._Inputs(None, None, notes.append)
    inputs.alone = alone
    found = [s if isinstance(s, Source) else str(s) for s in inputs.expand(os.fspath(folder))]
    return found, notes


def test_a_folder_listed_without_stat_gives_what_stat_gives(tmp_path: Path) -> None:
    """Nested folders, hidden files and folders, a folder named like an answer file, a file
    reached by two hard links: the listing alone tells exactly what a `stat` of each does."""
    for sub in ("b", "a/deep", ".hidden", "x.json"):
        (tmp_path / sub).mkdir(parents=True, exist_ok=True)
    for name in ("b/2.json", "a/1.yaml", "a/deep/3.JSON", ".hidden/4.json", "a/.5.json", "6.csv"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    (tmp_path / "a/notes.txt").write_text("x", encoding="utf-8")
    os.link(tmp_path / "b/2.json", tmp_path / "a/0.json")  # the same file twice
    assert sources._plain_tree(os.fspath(tmp_path)) is not None
    fast, fast_notes = _listed(tmp_path, alone=True)
    slow, slow_notes = _listed(tmp_path, alone=False)
    assert (fast, fast_notes) == (slow, slow_notes)
    assert [s.name.removeprefix(os.fspath(tmp_path)) for s in fast] == [  # type: ignore[union-attr]
        "/6.csv",
        "/a/0.json",
        "/a/1.yaml",
        "/a/deep/3.JSON",
    ]
    assert len(fast_notes) == 1 and "2.json" in fast_notes[0]
    (tmp_path / "a" / "\x1b[31mred.json").write_text("{}", encoding="utf-8")  # shown escaped
    fast, _notes = _listed(tmp_path, alone=True)
    assert fast == _listed(tmp_path, alone=False)[0]
    names = [s.name for s in fast if isinstance(s, Source)]
    assert os.fspath(tmp_path / "a" / "\\x1b[31mred.json") in names


@pytest.mark.parametrize("odd", ["link", "fifo", "dangling", "locked"])
def test_a_folder_the_listing_cannot_tell_is_looked_at_file_by_file(
    tmp_path: Path, odd: str
) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.json").write_text("{}", encoding="utf-8")
    (tmp_path / "in" / "sub" / "b.json").write_text("{}", encoding="utf-8")
    if odd == "link":
        os.symlink(tmp_path / "in" / "a.json", tmp_path / "in" / "c.json")
    elif odd == "fifo":
        os.mkfifo(tmp_path / "in" / "c.json")
    elif odd == "dangling":
        os.symlink(tmp_path / "gone.json", tmp_path / "in" / "c.json")
    else:
        os.chmod(tmp_path / "in" / "sub", 0o600)  # listed, but not searchable
    try:
        assert sources._plain_tree(os.fspath(tmp_path / "in")) is None or (
            odd == "locked" and os.access(tmp_path / "in" / "sub", os.X_OK)  # root
        )
        assert _listed(tmp_path / "in", alone=True) == _listed(tmp_path / "in", alone=False)
    finally:
        os.chmod(tmp_path / "in" / "sub", 0o700)


@pytest.mark.parametrize("alone", [True, False])
def test_a_folder_that_cannot_be_listed_is_told_never_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, alone: bool
) -> None:
    """A subfolder the user may not list (its files unseen) is an error in its place, as a
    file that cannot be read is; a folder that cannot be listed at all is one error."""
    for name in ("a/1.json", "b/2.json", "c/3.json"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("{}", encoding="utf-8")
    locked = {os.fspath(tmp_path / "b"), os.fspath(tmp_path / "none")}
    real_scandir = os.scandir

    def scandir(path: str) -> object:  # as for a folder with mode 0o311 (root lists all)
        if os.fspath(path) in locked:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found, notes = _listed(tmp_path, alone=alone)
    assert notes == []
    assert found == [
        Source(os.fspath(tmp_path / "a/1.json"), os.fspath(tmp_path / "a/1.json"), "json"),
        f"{tmp_path / 'b'}: permission denied",
        Source(os.fspath(tmp_path / "c/3.json"), os.fspath(tmp_path / "c/3.json"), "json"),
    ]
    (tmp_path / "none").mkdir()
    assert _listed(tmp_path / "none", alone=alone)[0] == [f"{tmp_path / 'none'}: permission denied"]


def test_a_folder_with_something_mounted_below_is_looked_at_file_by_file() -> None:
    assert not sources._nothing_mounted_below("/")  # /proc, at least, is mounted below /


def test_the_built_in_definition_is_parsed_once_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first run keeps the parsed built-in definition; later runs use it without
    parsing, and give the same questionnaire; a copy that does not match is not used."""
    kept = tmp_path / "cache" / "q.marshal"
    monkeypatch.setattr(builtin, "kept_path", lambda _name: kept)
    fresh = definition.read_questionnaire(None, None)
    assert kept.is_file()

    def no_parse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("parsed again")

    with monkeypatch.context() as patch:
        patch.setattr(definition, "parse_document", no_parse)
        assert definition.read_questionnaire(None, None) == fresh
    data = definition.builtin_path().read_bytes()
    assert builtin.kept_value(kept, data) == (True, builtin.kept_value(kept, data)[1])
    assert builtin.kept_value(kept, data + b"\n")[0] is False  # the file changed
    stamp = builtin._stamp()
    monkeypatch.setattr(builtin, "_stamp", lambda: [(size + 1, time) for size, time in stamp])
    assert builtin.kept_value(kept, data)[0] is False  # a parser module changed
    monkeypatch.undo()
    kept.write_bytes(kept.read_bytes()[:-9])
    assert builtin.kept_value(kept, data)[0] is False  # cut short
    kept.write_bytes(b"")
    assert builtin.kept_value(kept, data)[0] is False
    assert list(kept.parent.iterdir()) == [kept]  # no temporary file left


def test_a_batch_of_json_files_never_imports_yaml(tmp_path: Path) -> None:
    """Start-up: with the built-in definition kept (by the first run), JSON answers need no
    YAML parser."""
    (tmp_path / "a.json").write_text(json.dumps(answers()), encoding="utf-8")
    code = (
        "import sys; from custserv_audit.cli.fast import fast_score; "
        "fast_score(['score', sys.argv[1], '-f', 'json']); "
        "print('yaml' in sys.modules, file=sys.stderr)"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code, os.fspath(tmp_path / "a.json")],
            capture_output=True,
            text=True,
            check=True,
        )
        for _first_and_second in range(2)
    ]
    assert json.loads(runs[1].stdout) == json.loads(runs[0].stdout)
    assert runs[1].stderr.strip().splitlines()[-1] == "False", runs[1].stderr


@pytest.mark.parametrize("entry", ["main", "console"])
def test_the_console_script_ends_a_score_as_main_does(tmp_path: Path, entry: str) -> None:
    """The console script ends a plain score without Python's clean-up: the same output,
    messages and exit code as `main`, everything written reaching its reader."""
    for n in range(250):  # above the size at which processes share the work
        text = json.dumps(answers(n % 5 + 1)) if n != 7 else "{"
        (tmp_path / f"a{n:03d}.json").write_text(text, encoding="utf-8")
    code = (
        f"import sys; from custserv_audit.cli import {entry}; "
        f"sys.argv = ['custserv-audit', 'score', sys.argv[1], '-f', 'json']; {entry}()"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, os.fspath(tmp_path)], capture_output=True, text=True
    )
    assert run.returncode == 1
    assert len(json.loads(run.stdout)) == 250
    assert len(run.stderr.splitlines()) == 1 and "a007.json" in run.stderr


@pytest.mark.parametrize("closed", [1, 2])
def test_a_closed_standard_stream_is_one_line_never_a_traceback(
    tmp_path: Path, closed: int
) -> None:
    """`score ... 2>&-` still writes every result (exit 1: one file is rejected); `>&-`
    is one line on standard error and exit 1."""
    (tmp_path / "a.json").write_text(json.dumps(answers()), encoding="utf-8")
    (tmp_path / "b.json").write_text("{", encoding="utf-8")
    code = (
        "import sys; from custserv_audit.cli import console; "
        "sys.argv = ['custserv-audit', 'score', sys.argv[1], '-f', 'ndjson']; console()"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, os.fspath(tmp_path)],
        capture_output=True,
        text=True,
        preexec_fn=lambda: os.close(closed),  # the stream the caller closed
    )
    assert run.returncode == 1
    if closed == 2:
        lines = run.stdout.splitlines()
        assert [json.loads(line).get("respondent") for line in lines] == ["Acme Oy", None]
    else:
        assert run.stderr.splitlines() == [
            "Error: standard output: cannot be written: Bad file descriptor"
        ]


def test_a_reader_of_the_messages_that_goes_away_loses_no_result(tmp_path: Path) -> None:
    """`score ... 2>&1 >out | head -1`: the messages' pipe is closed, yet every result is
    written and the exit code still says that inputs were rejected."""
    for n in range(6):
        text = json.dumps(answers()) if n % 2 else "{"
        (tmp_path / f"a{n}.json").write_text(text, encoding="utf-8")
    code = (
        "import sys; from custserv_audit.cli import console; "
        "sys.argv = ['custserv-audit', 'score', sys.argv[1], '-f', 'ndjson']; console()"
    )
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first message
    try:
        run = subprocess.run(
            [sys.executable, "-c", code, os.fspath(tmp_path)],
            stdout=subprocess.PIPE,
            stderr=write_end,
            text=True,
        )
    finally:
        os.close(write_end)
    assert run.returncode == 1
    assert [json.loads(line).get("respondent") for line in run.stdout.splitlines()] == [
        None,
        "Acme Oy",
    ] * 3


def test_the_characters_yaml_forbids_are_pyyamls() -> None:
    """The forbidden characters, written as a small class, are exactly PyYAML's set."""
    import yaml

    theirs = yaml.reader.Reader.NON_PRINTABLE
    points = [*range(0x10000), 0x10000, 0x1F600, 0x10FFFF]
    assert [
        c for c in points if bool(NON_PRINTABLE.match(chr(c))) != bool(theirs.match(chr(c)))
    ] == []


def test_without_more_processes_this_one_does_every_unit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A system that refuses another process (fork fails): the batch is scored here."""

    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    units = [[n] for n in range(20)]
    got = [item for result in shares.shared(units, _tagged, 3) for item in result]
    assert got == [(n * n, os.getpid()) for n in range(20)]
    assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == mask  # nothing left held back

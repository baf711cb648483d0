"""Each known defect of hostile input, as a user meets it: one clear line, no traceback,
no hang, nothing lost. Every test runs the program in its own process, but for the long
texts in PDF documents (a page layout problem, the same in any process)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke
from reliability_support import (
    ITEMS,
    SmallDisk,
    answer_yaml,
    assert_one_line,
    command,
    csv_bytes,
    env_for,
    is_root,
    make_device,
    run_cli,
    small_disk,
)

from custserv_audit.output import atomic_writer

__all__ = ["small_disk"]  # a fixture

needs_root = pytest.mark.skipif(not is_root(), reason="device nodes need root")

BAD_NAME = os.fsdecode(b"caf\xe9.yaml")  # Latin-1 bytes: not a UTF-8 file name
LONG = "x" * 300


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.yaml").write_text(answer_yaml("Alpha"), encoding="utf-8")
    return tmp_path


# --- 1. file names that are not UTF-8 ----------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--record", "-f", "json"],
        ["-f", "json", "-o", "out.json"],
        ["-f", "table"],
        ["-f", "csv"],
    ],
)
def test_non_utf8_file_name_is_scored_and_shown_escaped(folder: Path, args: list[str]) -> None:
    (folder / "in" / BAD_NAME).write_text(answer_yaml("Beta"), encoding="utf-8")
    env = env_for(folder, {"PYTHONIOENCODING": "utf-8:strict"})
    run = run_cli("score", "in", *args, cwd=folder, env=env)
    assert run.code == 0, run.err
    text = (folder / "out.json").read_text("utf-8") if "-o" in args else run.text
    if "json" in args:
        text = " ".join(f"{r['source']} {r['respondent']}" for r in json.loads(text))
    assert "Beta" in text
    assert "caf\\xe9.yaml" in text


def test_non_utf8_name_in_an_error_line(folder: Path) -> None:
    (folder / "in" / BAD_NAME).write_text("answers: [", encoding="utf-8")
    run = run_cli("score", os.fsencode(folder / "in" / BAD_NAME), "-f", "json", cwd=folder)
    assert_one_line(run, "caf\\xe9.yaml")


# --- 2. standard output on a full disk -----------------------------------------------------


@needs_root
@pytest.mark.parametrize(
    "args",
    [
        ["score", "in", "-f", "json"],
        ["score", "in", "-f", "ndjson"],
        ["score", "in", "-f", "csv"],
        ["score", "in", "-f", "table"],
        ["form", "-f", "markdown"],
        ["form", "-f", "pdf"],
        ["history", "--format", "json"],
    ],
)
def test_full_standard_output(folder: Path, args: list[str]) -> None:
    full = make_device(folder / "full", 1, 7)
    with full.open("wb") as sink:
        run = run_cli(*args, cwd=folder, stdout=sink.fileno())
    assert_one_line(run, "standard output")


# --- 3. names too long for the system, folders that cannot be searched --------------------


@pytest.mark.parametrize(
    "args",
    [
        ["score", f"{LONG}.yaml"],
        ["report", f"{LONG}.yaml", "-o", "r.pdf"],
        ["compare", f"{LONG}.yaml", "in/a.yaml"],
        ["score", "in", "--record", "--db", f"{LONG}/h.sqlite3"],
        ["history", "--db", f"{LONG}.sqlite3"],
        ["score", "in", "-o", f"{LONG}.json"],
        ["form", "-f", "markdown", "-o", f"{LONG}.md"],
        ["score", "in", "-q", f"{LONG}.yaml"],
    ],
)
def test_name_too_long(folder: Path, args: list[str]) -> None:
    run = run_cli(*args, cwd=folder)
    assert run.code == 1, run.err
    assert run.err_lines, run.err
    assert any("too long" in line for line in run.err_lines), run.err_lines


@pytest.mark.skipif(is_root(), reason="permissions do not hold for root")
@pytest.mark.parametrize(
    "args",
    [
        ["score", "locked/a.yaml"],
        ["score", "locked/*.yaml"],
        ["report", "locked/a.yaml", "-f", "html"],
        ["compare", "locked/a.yaml", "open/a.yaml"],
        ["score", "open/a.yaml", "-o", "locked/out.json"],
        ["score", "open/a.yaml", "--record", "--db", "locked/h.sqlite3"],
    ],
)
def test_folder_that_cannot_be_searched(tmp_path: Path, args: list[str]) -> None:
    for name in ("locked", "open"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "a.yaml").write_text(answer_yaml(), encoding="utf-8")
    os.chmod(tmp_path / "locked", 0o600)  # readable list, but not searchable
    try:
        run = run_cli(*args, cwd=tmp_path)
    finally:
        os.chmod(tmp_path / "locked", 0o700)
    assert run.code == 1, run.err
    assert any("ermission denied" in line for line in run.err_lines), run.err_lines


# --- 4. a backup without end ---------------------------------------------------------------


@needs_root
def test_history_import_of_an_endless_file(tmp_path: Path) -> None:
    zero = make_device(tmp_path / "zero", 1, 5)
    run = run_cli("history", "import", zero, cwd=tmp_path, timeout=30)
    assert_one_line(run, "zero")


# --- 5. Ctrl-C during a parallel score ------------------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_during_parallel_score(tmp_path: Path, sig: int) -> None:
    (tmp_path / "in").mkdir()
    text = answer_yaml()
    for i in range(800):
        (tmp_path / "in" / f"a{i:05}.yaml").write_text(text, encoding="utf-8")
    proc = subprocess.Popen(
        command("score", "in", "-f", "ndjson", "-j", "2"),
        cwd=tmp_path,
        env=env_for(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    assert proc.stdout is not None
    proc.stdout.readline()  # scoring has begun
    os.killpg(proc.pid, sig)  # as a terminal does Ctrl-C: every process of the group
    try:
        _out, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("the command hung after the signal")
    assert proc.returncode == (130 if sig == signal.SIGINT else 128 + sig)
    assert err.decode().splitlines() == ["Interrupted."]


# A small custom questionnaire whose texts the tests fill in.
LONG_QUESTIONNAIRE = """\
id: long
title: "Long"
scale: {{low: 1, high: 3, labels: {{1: "No", 2: "Some", 3: "Yes"}}}}
sections:
  - id: one
    title: "One"
    theme: "Theme"
    items: ["{item}"]
    advice: ["Act."]
bands:
  - {{id: good, from: 2, label: "{label}", meaning: "Fine."}}
  - {{id: weak, below: 2, label: "Weak", meaning: "Work."}}
"""


# --- 6. long texts in documents ---------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "label"),
    [
        ("word " * 6000, "Good"),
        ("W" * 5000, "Good"),
        ("Fine.", "L" * 3000),
        ("Fine.", "label " * 3000),
    ],
    ids=["long-statement", "long-word", "long-band-word", "long-band-label"],
)
@pytest.mark.parametrize("command_name", ["form", "report"])
def test_long_questionnaire_texts_in_pdf(
    tmp_path: Path, item: str, label: str, command_name: str, cli: Invoke
) -> None:
    # In-process: what breaks here is the page layout, the same in any process.
    (tmp_path / "q.yaml").write_text(LONG_QUESTIONNAIRE.format(item=item, label=label), "utf-8")
    (tmp_path / "a.yaml").write_text("questionnaire: long\nanswers: {one: [3]}\n", "utf-8")
    args = [tmp_path / "a.yaml"] if command_name == "report" else []
    out = tmp_path / "out.pdf"
    result = cli(command_name, *args, "-q", tmp_path / "q.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")


def test_long_respondent_in_a_pdf_report(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(answer_yaml("Acme " * 20000), encoding="utf-8")
    run = run_cli("report", "a.yaml", "-o", "out.pdf", cwd=tmp_path)
    assert run.code == 0, run.err
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")


def test_validate_warns_about_a_text_no_page_holds(tmp_path: Path) -> None:
    text = LONG_QUESTIONNAIRE.format(item="W" * 5000, label="Good")
    (tmp_path / "q.yaml").write_text(text, "utf-8")
    run = run_cli("validate", "q.yaml", cwd=tmp_path)
    assert run.code == 0, run.err
    assert any("Warning" in line and "q.yaml:8:" in line for line in run.err_lines), run.err_lines


# --- 7. FIFOs and symlink loops -------------------------------------------------------------


def test_fifo_inside_a_folder_is_skipped_with_a_note(folder: Path) -> None:
    os.mkfifo(folder / "in" / "pipe.yaml")
    run = run_cli("score", "in", "-f", "json", cwd=folder, timeout=20)
    assert run.code == 0, run.err
    assert [r["respondent"] for r in json.loads(run.out)] == ["Alpha"]
    assert len(run.err_lines) == 1 and "pipe.yaml" in run.err_lines[0], run.err_lines


@pytest.mark.parametrize("option", [[], ["-q"]])
def test_fifo_given_by_name_never_blocks(folder: Path, option: list[str]) -> None:
    os.mkfifo(folder / "pipe.yaml")
    args = ["in/a.yaml", *option, "pipe.yaml"] if option else ["pipe.yaml"]
    run = run_cli("score", *args, cwd=folder, timeout=20)
    assert_one_line(run, "pipe.yaml")


def test_fifo_from_process_substitution_is_read(folder: Path) -> None:
    read_end, write_end = os.pipe()
    os.write(write_end, answer_yaml("Piped").encode())
    os.close(write_end)
    run = run_cli(
        "score", f"/dev/fd/{read_end}", "-f", "json", "--input-format", "yaml",
        cwd=folder, pass_fds=(read_end,),
    )  # fmt: skip
    os.close(read_end)
    assert run.code == 0, run.err
    assert json.loads(run.out)[0]["respondent"] == "Piped"


def test_glob_through_symlink_loops_ends(folder: Path) -> None:
    os.symlink(".", folder / "in" / "loop1")
    os.symlink(".", folder / "in" / "loop2")
    run = run_cli("score", "in/**/*.yaml", "-f", "json", cwd=folder, timeout=30)
    assert run.code == 0, run.err
    assert [r["respondent"] for r in json.loads(run.out)] == ["Alpha"]


def test_folder_with_symlink_loop_ends(folder: Path) -> None:
    os.symlink("..", folder / "in" / "up")
    run = run_cli("score", "in", "-f", "json", cwd=folder, timeout=30)
    assert run.code == 0, run.err
    assert [r["respondent"] for r in json.loads(run.out)] == ["Alpha"]


# --- 8. --force replaces only regular files; no-replace rename ------------------------------


@needs_root
def test_force_never_replaces_a_device(folder: Path) -> None:
    node = make_device(folder / "node", 1, 7)
    run = run_cli("score", "in", "-f", "json", "-o", "node", "--force", cwd=folder)
    assert_one_line(run, "node", "not a regular file")
    assert node.is_char_device()


def test_force_never_replaces_a_fifo(folder: Path) -> None:
    os.mkfifo(folder / "pipe")
    run = run_cli("score", "in", "-f", "json", "-o", "pipe", "--force", cwd=folder, timeout=20)
    assert_one_line(run, "pipe", "not a regular file")
    assert (folder / "pipe").is_fifo()


def test_force_replaces_a_regular_file(folder: Path) -> None:
    (folder / "out.json").write_text("old", encoding="utf-8")
    run = run_cli("score", "in", "-f", "json", "-o", "out.json", "--force", cwd=folder)
    assert run.code == 0
    assert json.loads((folder / "out.json").read_text("utf-8"))[0]["respondent"] == "Alpha"


def test_a_file_that_appears_meanwhile_is_not_replaced(folder: Path) -> None:
    proc = subprocess.Popen(
        command("score", "-", "-f", "json", "-o", "out.json"),
        cwd=folder,
        env=env_for(folder),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdin is not None
    deadline = time.monotonic() + 20
    while not list(folder.glob(".out.json.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.02)
    (folder / "out.json").write_text("mine", encoding="utf-8")
    _out, err = proc.communicate(answer_yaml().encode(), timeout=30)
    assert b"Traceback" not in err
    assert proc.returncode == 1
    assert (folder / "out.json").read_text("utf-8") == "mine"
    assert "out.json" in err.decode() and len(err.decode().splitlines()) == 1
    assert not list(folder.glob(".out.json.*.tmp"))


# --- 9. SIGTERM and SIGHUP during score --output ------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_signal_during_output_leaves_no_temporary_file(folder: Path, sig: int) -> None:
    proc = subprocess.Popen(
        command("score", "-", "-f", "json", "-o", "out.json"),
        cwd=folder,
        env=env_for(folder),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while not list(folder.glob(".out.json.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert list(folder.glob(".out.json.*.tmp"))
    proc.send_signal(sig)
    _out, err = proc.communicate(timeout=30)
    assert b"Traceback" not in err
    assert proc.returncode == (130 if sig == signal.SIGINT else 128 + sig)
    assert err.decode().splitlines() == ["Interrupted."]
    assert sorted(p.name for p in folder.iterdir()) == ["in"]


def test_signal_while_the_temporary_file_is_made_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C arriving just after the temporary file was made, before its name was returned."""
    real_open = os.open

    def made_then_interrupted(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        fd = real_open(file, flags, *args, **kwargs)
        if ".out.json." in str(file):
            raise KeyboardInterrupt  # what a Ctrl-C at this moment does
        return fd

    monkeypatch.setattr(os, "open", made_then_interrupted)
    with pytest.raises(KeyboardInterrupt), atomic_writer(tmp_path / "out.json") as handle:
        handle.write("never")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


# --- 10. a byte that is not UTF-8 in one CSV row ------------------------------------------


def test_bad_byte_costs_only_its_row(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_bytes(csv_bytes([b"A", b"B\xe9", b"C"]))
    run = run_cli("score", "c.csv", "-f", "json", cwd=tmp_path)
    assert_one_line(run, "c.csv", "row 3", "offset")
    rows = json.loads(run.out)
    assert [r.get("respondent") for r in rows] == ["A", None, "C"]


# --- 11. the same output whatever --jobs ----------------------------------------------------


def _big_csv(middle: bytes) -> bytes:
    row = b"R," + b",".join([b"4"] * len(ITEMS)) + b"\n"
    header = ("respondent," + ",".join(ITEMS)).encode() + b"\n"
    many = row * 9000  # over 1 MB: the size at which --jobs splits a file
    return header + many + middle + many


def test_multi_line_header_is_the_same_whatever_jobs(tmp_path: Path) -> None:
    row = b"R,x," + b",".join([b"4"] * len(ITEMS)) + b"\n"
    header = ('respondent,"re\ngion",' + ",".join(ITEMS)).encode() + b"\n"
    (tmp_path / "big.csv").write_bytes(header + row * 18000)
    serial = run_cli("score", "big.csv", "-f", "ndjson", "-j", "1", cwd=tmp_path)
    parallel = run_cli("score", "big.csv", "-f", "ndjson", "-j", "2", cwd=tmp_path)
    assert (parallel.code, parallel.err) == (serial.code, serial.err)
    assert parallel.out == serial.out


# --- 12. duplicates after conversion; an input reached twice ---------------------------------


def test_metadata_keys_equal_as_text_are_duplicates(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(answer_yaml(extra='metadata: {1: a, "1": b}\n'), "utf-8")
    run = run_cli("score", "a.yaml", "-f", "json", cwd=tmp_path)
    assert_one_line(run, "a.yaml:4:", "'1'")


def test_an_input_reached_twice_is_scored_once(folder: Path) -> None:
    run = run_cli("score", "in", "in/a.yaml", "in/*.yaml", "./in/a.yaml", "-f", "json", cwd=folder)
    assert run.code == 0
    assert len(json.loads(run.out)) == 1
    assert len(run.err_lines) == 3, run.err_lines  # one note for each repetition
    assert all("a.yaml" in line and "once" in line for line in run.err_lines), run.err_lines


# --- 13. input columns named like ours ------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_input_columns_are_kept_apart_from_ours(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "c.csv").write_bytes(csv_bytes([b"A"], ["source", "total", "row", "weakest"]))
    run = run_cli("score", "c.csv", "-f", fmt, cwd=tmp_path)
    assert run.code == 0, run.err
    if fmt == "csv":
        header = run.text.splitlines()[0].split(",")
        assert len(header) == len(set(header)), header
        assert "metadata.source" in header
    else:
        result = json.loads(run.out)[0]
        assert result["source"] == "c.csv" and result["metadata"]["source"] == "x"


def test_group_by_says_which_field_it_used(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_bytes(csv_bytes([b"A"], ["source"]))
    run = run_cli("score", "c.csv", "--summary-only", "-f", "json", "--group-by", "source",
                  cwd=tmp_path)  # fmt: skip
    assert run.code == 0
    assert any("metadata.source" in line for line in run.err_lines), run.err_lines
    by_column = run_cli("score", "c.csv", "--summary-only", "-f", "json",
                        "--group-by", "metadata.source", cwd=tmp_path)  # fmt: skip
    assert json.loads(by_column.out)["summary"]["groups"][0]["group"] == "x"


def test_column_named_like_a_section_is_reported(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_bytes(csv_bytes([b"A"], ["culture"]))
    run = run_cli("score", "c.csv", "-f", "json", cwd=tmp_path)
    assert any("culture" in line for line in run.err_lines), run.err_lines


# --- 16. terminal escape sequences ----------------------------------------------------------

EVIL = "Evil \x1b]52;c;SGVsbG8=\x07\x1b[2J\x9b31m"


def _inert(data: bytes) -> None:
    assert b"\x1b" not in data and b"\x07" not in data and "\x9b".encode() not in data, data


def test_escape_in_respondent_and_metadata_is_inert_in_tables(tmp_path: Path) -> None:
    extra = 'metadata: {region: "\\e[2J\\e]0;title\\a"}\n'
    for name in ("a", "b"):
        (tmp_path / f"{name}.yaml").write_text(answer_yaml(EVIL, extra), "utf-8")
    run = run_cli("score", "a.yaml", "b.yaml", cwd=tmp_path)
    assert run.code == 0, run.err
    _inert(run.out)
    assert "Evil" in run.text
    run = run_cli("score", "a.yaml", "--summary-only", "--group-by", "region", cwd=tmp_path)
    assert run.code == 0, run.err
    _inert(run.out)
    assert "title" in run.text


def test_escape_in_file_name_is_inert_in_error_lines(tmp_path: Path) -> None:
    run = run_cli("score", "\x1b[2Jmissing.yaml", cwd=tmp_path)
    assert run.code == 1
    _inert(run.err)
    assert "missing.yaml" in run.err.decode()


def test_escape_in_csv_header_is_inert(tmp_path: Path) -> None:
    data = csv_bytes([b"A"]).replace(b"culture.1", b"\x1b[2Jculture.9", 1)
    (tmp_path / "c.csv").write_bytes(data)
    run = run_cli("score", "c.csv", cwd=tmp_path)
    assert run.code == 1
    _inert(run.err)


def test_escape_in_history_is_inert(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(answer_yaml(EVIL), "utf-8")
    assert run_cli("score", "a.yaml", "--record", "-f", "json", cwd=tmp_path).code == 0
    run = run_cli("history", cwd=tmp_path)
    assert run.code == 0
    _inert(run.out)
    assert "Evil" in run.text


def test_escape_in_questionnaire_texts_is_inert(tmp_path: Path) -> None:
    text = LONG_QUESTIONNAIRE.format(item="Fine.", label="Go\\e[2Jod").replace(
        'title: "One"', 'title: "O\\e]0;pwned\\ane"'
    )
    (tmp_path / "q.yaml").write_text(text, "utf-8")
    (tmp_path / "a.yaml").write_text("questionnaire: long\nanswers: {one: [3]}\n", "utf-8")
    run = run_cli("score", "a.yaml", "-q", "q.yaml", cwd=tmp_path)
    assert run.code == 0, run.err
    _inert(run.out)
    run = run_cli("validate", "q.yaml", cwd=tmp_path)
    _inert(run.out + run.err)


# --- 17. scale traps -------------------------------------------------------------------------


def test_reader_going_away_is_not_an_error(folder: Path) -> None:
    for i in range(300):
        (folder / "in" / f"b{i:03}.yaml").write_text(answer_yaml(), encoding="utf-8")
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader (head, jq) is gone before anything is written
    run = run_cli("score", "in", "-f", "ndjson", cwd=folder, stdout=write_end)
    os.close(write_end)
    assert run.code == 0
    assert run.err == b""


def test_jobs_has_an_upper_bound(folder: Path) -> None:
    run = run_cli("score", "in", "-j", "100000", cwd=folder)
    assert run.code == 2


def test_duplicate_json_key_is_reported_on_its_line(tmp_path: Path) -> None:
    doc = (
        '{"questionnaire": "customer-orientation",\n'
        ' "metadata": {"region": "n"},\n'
        ' "answers": {"culture": [5, 4, 4, 3]},\n'
        ' "extra": {"region": "s",\n'
        '   "region": "t"}}\n'
    )
    (tmp_path / "a.json").write_text(doc, encoding="utf-8")
    run = run_cli("score", "a.json", cwd=tmp_path)
    assert_one_line(run, "a.json:5:")


def test_read_only_history_can_be_listed(tmp_path: Path, small_disk: SmallDisk) -> None:
    (tmp_path / "a.yaml").write_text(answer_yaml(), "utf-8")
    db = small_disk.path / "h.sqlite3"
    args = ["--db", str(db)]
    assert run_cli("score", "a.yaml", "--record", "-f", "json", *args, cwd=tmp_path).code == 0
    small_disk.read_only()
    run = run_cli("history", *args, cwd=tmp_path)
    assert run.code == 0, run.err
    assert "Example Oy" in run.text


@pytest.mark.parametrize("command_name", ["compare", "history"])
def test_locale_fallback_in_compare_and_history(tmp_path: Path, command_name: str) -> None:
    q = LONG_QUESTIONNAIRE.format(item="Fine.", label="Good")
    (tmp_path / "q.yaml").write_text(q, "utf-8")
    (tmp_path / "a.yaml").write_text("questionnaire: long\nanswers: {one: [3]}\n", "utf-8")
    args = ["a.yaml", "a.yaml"] if command_name == "compare" else []
    env = env_for(tmp_path, {"LANG": "fi_FI.UTF-8"})
    run = run_cli(command_name, *args, "-q", "q.yaml", cwd=tmp_path, env=env)
    assert run.code == 0, run.err


def test_history_with_more_audits_than_sqlite_variables(tmp_path: Path) -> None:
    import sqlite3

    from custserv_audit.history.db import open_history

    names = [f"R{i}".encode() for i in range(1200)]
    (tmp_path / "c.csv").write_bytes(csv_bytes(names))
    db = tmp_path / "h.sqlite3"
    assert run_cli("score", "c.csv", "--record", "--db", db, "-f", "ndjson", cwd=tmp_path).code == 0
    with open_history(db, create=False) as history:
        history.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)  # an old build's limit
        records = history.records(None)
    assert sorted(r.respondent for r in records) == sorted(n.decode() for n in names)

"""Batch scoring as a consultant scripts it: every input route, every output format read
back field by field, spreadsheet-safe CSV, atomic --output, one core or two, streaming."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import select
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_RATINGS, EXAMPLE_YAML, Invoke, answers_yaml

from custserv_audit.batch import parallel
from custserv_audit.batch.scoring import score_all
from custserv_audit.render.data.json_format import outcome_to_json
from custserv_audit.schema.definition import load_questionnaire
from custserv_audit.sources import expand

ITEMS = [f"{sid}.{n}" for sid, values in EXAMPLE_RATINGS.items() for n in range(1, len(values) + 1)]
EXAMPLE_CELLS = [str(v) for values in EXAMPLE_RATINGS.values() for v in values]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def all_fives() -> dict[str, list[int]]:
    return {sid: [5] * len(v) for sid, v in EXAMPLE_RATINGS.items()}


def csv_text(rows: list[dict[str, str]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def spec_row(respondent: str, **extra: str) -> dict[str, str]:
    return {"respondent": respondent, **dict(zip(ITEMS, EXAMPLE_CELLS, strict=True)), **extra}


# --- input routes ----------------------------------------------------------------------------


def test_folder_is_read_recursively_in_sorted_order_skipping_hidden(
    cli: Invoke, tmp_path: Path
) -> None:
    root = tmp_path / "clients"
    write(root / "b.yaml", answers_yaml(EXAMPLE_RATINGS, respondent="B"))
    write(
        root / "a" / "z.json",
        json.dumps(
            {
                "questionnaire": "customer-orientation",
                "respondent": "AZ",
                "answers": EXAMPLE_RATINGS,
            }
        ),
    )
    write(root / "a" / "y.yml", answers_yaml(all_fives(), respondent="AY"))
    write(root / ".hidden.yaml", "not: [an answer file")
    write(root / ".git" / "x.yaml", "not: [an answer file")
    write(root / "notes.txt", "ignored")
    result = cli("score", root, "--format", "json")
    assert result.exit_code == 0, result.stderr
    objects = json.loads(result.stdout)
    assert [o["respondent"] for o in objects] == ["AY", "AZ", "B"]
    assert [Path(o["source"]).name for o in objects] == ["y.yml", "z.json", "b.yaml"]


def test_glob_pattern_and_files_keep_the_order_given(cli: Invoke, tmp_path: Path) -> None:
    write(tmp_path / "q1" / "x.yaml", answers_yaml(EXAMPLE_RATINGS, respondent="X"))
    write(tmp_path / "q1" / "w.yaml", answers_yaml(EXAMPLE_RATINGS, respondent="W"))
    first = write(tmp_path / "first.yaml", answers_yaml(all_fives(), respondent="F"))
    result = cli("score", first, str(tmp_path / "q1" / "*.yaml"), "--format", "ndjson")
    assert result.exit_code == 0
    assert [json.loads(line)["respondent"] for line in result.stdout.splitlines()] == [
        "F",
        "W",
        "X",
    ]


def test_glob_matching_nothing_is_an_error_the_rest_still_scored(
    cli: Invoke, example_file: Path, tmp_path: Path
) -> None:
    pattern = str(tmp_path / "none" / "*.yaml")
    result = cli("score", pattern, example_file, "--format", "json")
    assert result.exit_code == 1
    objects = json.loads(result.stdout)
    assert objects[0] == {
        "source": pattern,
        "error": {
            "message": "no file matches the pattern",
            "location": {"line": None, "row": None, "column": None, "section": None, "item": None},
        },
    }
    assert objects[1]["total"] == 27.0
    assert result.stderr.splitlines() == [f"{pattern}: no file matches the pattern"]


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (EXAMPLE_YAML, None),
        (json.dumps({"questionnaire": "customer-orientation", "answers": EXAMPLE_RATINGS}), None),
        (csv_text([spec_row("Stdin Oy")], ["respondent", *ITEMS]), None),
        (csv_text([spec_row("Stdin Oy")], [*reversed(ITEMS), "respondent"]), "csv"),
    ],
    ids=["yaml", "json", "csv", "csv-forced"],
)
def test_standard_input(cli: Invoke, data: str, fmt: str | None) -> None:
    args = ["score", "-", "--format", "json"] + (["--input-format", fmt] if fmt else [])
    result = cli(*args, input=data)
    assert result.exit_code == 0, result.stderr
    (obj,) = json.loads(result.stdout)
    assert obj["source"] == "<stdin>"
    assert obj["total"] == 27.0
    assert [s["answers"] for s in obj["sections"]] == list(EXAMPLE_RATINGS.values())


def test_csv_with_bom_shuffled_columns_and_metadata(cli: Invoke, tmp_path: Path) -> None:
    columns = ["region", *random.Random(7).sample(ITEMS, len(ITEMS)), "team", "respondent"]
    rows = [spec_row("Alpha", region="north", team="1"), spec_row("Beta", region="south", team="")]
    path = tmp_path / "export.csv"
    path.write_bytes(b"\xef\xbb\xbf" + csv_text(rows, columns).encode("utf-8"))
    result = cli("score", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    objects = json.loads(result.stdout)
    assert [(o["respondent"], o["row"], o["metadata"]) for o in objects] == [
        ("Alpha", 2, {"region": "north", "team": "1"}),
        ("Beta", 3, {"region": "south", "team": ""}),
    ]
    assert all(o["total"] == 27.0 for o in objects)


# --- output formats read back ----------------------------------------------------------------


@pytest.fixture
def mixed(tmp_path: Path) -> list[Path]:
    """A good YAML file, a CSV with one good and one bad row, a bad YAML file."""
    good = write(tmp_path / "a.yaml", EXAMPLE_YAML)
    rows = [spec_row("Row Two", region="north"), spec_row("Row Three", region="south")]
    rows[1]["staff.2"] = "4.5"
    table = write(tmp_path / "b.csv", csv_text(rows, ["respondent", *ITEMS, "region"]))
    bad = write(tmp_path / "c.yaml", EXAMPLE_YAML.replace("[3, 4, 4]\n", "[3, 4, 6]\n"))
    return [good, table, bad]


def test_json_fields_of_every_kind_of_outcome(cli: Invoke, mixed: list[Path]) -> None:
    result = cli("score", *mixed, "--format", "json")
    assert result.exit_code == 1
    good, row2, row3, bad = json.loads(result.stdout)
    assert list(good) == [
        "source",
        "row",
        "respondent",
        "date",
        "questionnaire",
        "sections",
        "total",
        "band",
        "weakest",
        "metadata",
    ]
    assert good["sections"][2] == {
        "id": "feedback",
        "title": "Customer feedback",
        "score": 3.33,
        "answers": [3, 3, 4],
    }
    assert (good["total"], good["band"]["id"], good["weakest"]) == (27.0, "adequate", ["feedback"])
    assert (good["date"], good["respondent"], good["row"]) == ("2026-11-25", "Example Oy", None)
    assert (row2["row"], row2["respondent"], row2["metadata"]) == (
        2,
        "Row Two",
        {"region": "north"},
    )
    assert row3["source"] == str(mixed[1])
    assert row3["error"]["location"] == {
        "line": None,
        "row": 3,
        "column": "staff.2",
        "section": "staff",
        "item": "staff.2",
    }
    assert bad["error"]["location"]["item"] == "improvement.3"
    assert bad["error"]["location"]["line"] == 11
    assert result.stderr.splitlines() == [
        f"{mixed[1]}: row 3, column staff.2: '4.5' is not a whole number 1–5",
        f"{mixed[2]}:11: improvement.3: rating 6 is outside the scale 1–5",
    ]


def test_csv_output_one_row_per_outcome(cli: Invoke, mixed: list[Path]) -> None:
    result = cli("score", *mixed, "--format", "csv")
    assert result.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 4
    assert [r["respondent"] for r in rows] == ["Example Oy", "Row Two", "", ""]
    assert rows[0]["feedback"] == "3.33"
    assert rows[0]["total"] == "27.0"
    assert rows[0]["band"] == "adequate"
    assert rows[0]["weakest"] == "feedback"
    assert rows[1]["row"] == "2"
    assert rows[2]["error"] == "'4.5' is not a whole number 1–5"
    assert rows[3]["error"] == "improvement.3: rating 6 is outside the scale 1–5"


def test_table_output_lists_every_respondent(cli: Invoke, mixed: list[Path]) -> None:
    result = cli("score", *mixed)
    assert result.exit_code == 1
    assert "Example Oy" in result.stdout
    assert "Row Two" in result.stdout
    assert "27.00" in result.stdout


def test_csv_output_neutralises_formulas_in_user_text(cli: Invoke, tmp_path: Path) -> None:
    rows = [
        spec_row('=HYPERLINK("http://x")', note="+SUM(A1)"),
        spec_row("@cmd", note="-2+3"),
        spec_row("\tTab", note="\rCR"),
        spec_row("Plain Oy", note="ok"),
    ]
    path = write(tmp_path / "in.csv", csv_text(rows, ["respondent", *ITEMS, "note"]))
    result = cli("score", path, "--format", "csv")
    assert result.exit_code == 0
    out = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [(r["respondent"], r["note"]) for r in out] == [
        ('\'=HYPERLINK("http://x")', "'+SUM(A1)"),
        ("'@cmd", "'-2+3"),
        ("'\tTab", "'\rCR"),
        ("Plain Oy", "ok"),
    ]
    assert {r["total"] for r in out} == {"27.0"}  # numbers are not touched


def test_output_file_is_written_and_never_overwritten_without_force(
    cli: Invoke, example_file: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out.json"
    assert cli("score", example_file, "--format", "json", "--output", target).exit_code == 0
    assert json.loads(target.read_text())[0]["total"] == 27.0
    target.write_text("keep me")
    refused = cli("score", example_file, "--format", "json", "--output", target)
    assert refused.exit_code == 1
    assert "already exists" in refused.stderr
    assert target.read_text() == "keep me"
    assert cli("score", example_file, "-f", "ndjson", "-o", target, "--force").exit_code == 0
    assert json.loads(target.read_text())["total"] == 27.0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


# --- one core or two -------------------------------------------------------------------------


@pytest.fixture
def big_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Files and CSVs with bad rows, quoted line breaks, blank lines and a bad byte; the
    thresholds lowered so that the worker processes really run on this small batch."""
    monkeypatch.setattr(parallel, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_CSV_BYTES", 1)
    monkeypatch.setattr(parallel, "CSV_BLOCK_BYTES", 700)
    monkeypatch.setattr(parallel, "FILES_PER_UNIT", 3)
    rng = random.Random(11)
    folder = tmp_path / "files"
    for i in range(40):
        ratings = {sid: [rng.randint(1, 5) for _ in v] for sid, v in EXAMPLE_RATINGS.items()}
        text = answers_yaml(ratings, respondent=f"Client {i}")
        if i % 9 == 4:
            text = text.replace("answers:", "answers: !!map")
        write(folder / f"c{i:02d}.yaml", text)
    lines = []
    for r in range(120):
        cells = [f"R{r}"] + [str(rng.randint(1, 5)) for _ in ITEMS]
        if r % 10 == 3:
            cells[0] = f'"Line\nbreak {r}, ""quoted"""'
        if r % 17 == 5:
            cells[6] = "x"
        lines.append(",".join(cells))
        if r % 23 == 0:
            lines.append("")
    body = "respondent," + ",".join(ITEMS) + "\r\n" + "\r\n".join(lines) + "\r\n"
    good_csv = write(tmp_path / "good.csv", body)
    raw = body.encode()
    cut = raw.index(b"R80")
    broken = tmp_path / "broken.csv"
    broken.write_bytes(raw[:cut] + b"\xff" + raw[cut:])
    return [folder, good_csv, broken, folder / "c01.yaml"]


def test_ndjson_and_json_are_the_same_on_one_core_or_two(
    cli: Invoke, big_batch: list[Path]
) -> None:
    outputs = {}
    for fmt in ("json", "ndjson"):
        one = cli("score", *big_batch, "--format", fmt, "--jobs", "1")
        two = cli("score", *big_batch, "--format", fmt, "--jobs", "2")
        assert one.exit_code == two.exit_code == 1
        assert one.stdout == two.stdout
        assert one.stderr == two.stderr
        outputs[fmt] = two.stdout
    lines = [json.loads(line) for line in outputs["ndjson"].splitlines()]
    assert lines == json.loads(outputs["json"])
    scored = [o for o in lines if "error" not in o]
    errors = [o for o in lines if "error" in o]
    # 40 files (4 with a tag), 120 + 80 rows with bad cells among them (the file given again
    # is read once).
    assert len(scored) + len(errors) == len(lines)
    assert sum(1 for o in errors if o["source"].endswith(".yaml")) == 4  # c04 c13 c22 c31
    assert any("offset" in o["error"]["message"] for o in errors)
    quoted = next(o for o in scored if o["respondent"].startswith("Line\nbreak 3"))
    assert quoted["row"] == 6  # header 1, blank line after R0 is row 3, R1 4, R2 5, R3 6


def test_parallel_engine_is_used_for_large_batches(big_batch: list[Path]) -> None:
    sources = list(expand([str(p) for p in big_batch]))
    assert parallel.worth_parallel(sources)
    q = load_questionnaire(None, "en")
    blocks = list(parallel.render_parallel(sources, q, 2, outcome_to_json))
    assert len(blocks) > 1
    expected = [json.loads(text) for block in blocks for text, _ in parallel.rendered(block)]
    sequential = [json.loads(outcome_to_json(o)) for o in score_all(sources, q)]
    assert expected == sequential


# --- streaming -------------------------------------------------------------------------------


def test_ndjson_streams_the_first_result_before_the_input_ends(tmp_path: Path) -> None:
    env = {**os.environ, "LANG": "en_US.UTF-8", "PYTHONUNBUFFERED": "0"}
    env.pop("LC_ALL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "custserv_audit", "score", "-", "--format", "ndjson"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
    )
    assert proc.stdin is not None and proc.stdout is not None
    header = "respondent," + ",".join(ITEMS) + "\n"
    proc.stdin.write((header + "First," + ",".join(EXAMPLE_CELLS) + "\n").encode())
    proc.stdin.flush()
    ready, _, _ = select.select([proc.stdout], [], [], 60)
    assert ready, "no result while the input was still open"
    first = json.loads(proc.stdout.readline())
    assert (first["respondent"], first["total"]) == ("First", 27.0)
    assert proc.poll() is None  # still waiting for more input
    proc.stdin.write(("Second," + ",".join(EXAMPLE_CELLS) + "\n").encode())
    proc.stdin.close()
    rest = proc.stdout.read().decode()
    assert proc.wait(timeout=60) == 0
    assert [json.loads(line)["respondent"] for line in rest.splitlines()] == ["Second"]


# --- language of a custom questionnaire ------------------------------------------------------


def test_locale_language_missing_from_a_custom_questionnaire_falls_back(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mini = Path(__file__).parent / "assets" / "mini.yaml"
    answers = write(
        tmp_path / "m.yaml", "questionnaire: mini\nanswers:\n  speed: [3, 2]\n  care: [1, 1, 2]\n"
    )
    monkeypatch.setenv("LANG", "fi_FI.UTF-8")
    result = cli("score", "--questionnaire", mini, answers, "--format", "json")
    assert result.exit_code == 0, result.stderr
    (obj,) = json.loads(result.stdout)
    assert [s["title"] for s in obj["sections"]] == ["Speed", "Care"]
    asked = cli("score", "--questionnaire", mini, answers, "--lang", "fi")
    assert asked.exit_code == 2
    assert "'fi'" in asked.stderr


def test_answer_files_shared_by_processes_as_on_one_core(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch of answer files only (shared by this process and forked ones), good and bad
    mixed: the same output, messages and exit code whatever the number of processes."""
    monkeypatch.setattr(parallel, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(parallel, "FILES_PER_UNIT", 3)
    rng = random.Random(5)
    for i in range(40):
        ratings = {sid: [rng.randint(1, 5) for _ in v] for sid, v in EXAMPLE_RATINGS.items()}
        text = answers_yaml(ratings, respondent=f"Client {i}")
        if i % 7 == 2:
            text = text.replace("answers:", "answers: !!map")
        write(tmp_path / "in" / f"c{i:02d}.yaml", text)
    for fmt in ("json", "ndjson"):
        one = cli("score", tmp_path / "in", "--format", fmt, "--jobs", "1")
        for jobs in ("2", "3"):
            many = cli("score", tmp_path / "in", "--format", fmt, "--jobs", jobs)
            assert (many.exit_code, many.stdout, many.stderr) == (1, one.stdout, one.stderr)
    assert one.stderr.count("\n") == 6

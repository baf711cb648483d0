"""Real outputs of the program validate against the JSON Schemas in docs/schemas/.

The schemas are the documented contract (docs/reference.md); they are strict, so a field
added to or dropped from an output without updating them fails here.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from typer.testing import CliRunner

from custserv_audit.cli import app

ROOT = Path(__file__).parent.parent
SCHEMAS = ROOT / "docs" / "schemas"
REFERENCE = ROOT / "docs" / "reference.md"
INPUTS = Path(__file__).parent / "golden" / "inputs"
BATCH = ["answers", "bad", "team.csv"]  # good files, bad files, a CSV with a bad row


def _load(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return schema


REGISTRY: Registry[Any] = Registry().with_resources(
    (path.name, Resource.from_contents(_load(path.name))) for path in SCHEMAS.glob("*.json")
)


def validator(name: str) -> Draft202012Validator:
    """A validator for one schema file, resolving references to the others by file name."""
    return Draft202012Validator(_load(name), registry=REGISTRY)


def check(name: str, instance: object) -> None:
    """Fail with the most relevant validation error, if any."""
    error = best_match(validator(name).iter_errors(instance))
    assert error is None, f"{name}: {error.message} at {list(error.absolute_path)}"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the golden inputs as the working folder."""
    folder = tmp_path / "inputs"
    shutil.copytree(INPUTS, folder)
    monkeypatch.chdir(folder)
    return folder


def run(*args: str, code: int = 0) -> str:
    """Run the program in-process in English; check its exit code; return standard output."""
    result = CliRunner().invoke(app, [*args, "--lang", "en"])
    assert result.exit_code == code, (result.exit_code, result.stderr, result.exception)
    return result.stdout_bytes.decode("utf-8")


def test_every_schema_is_valid_draft_2020_12() -> None:
    names = sorted(path.name for path in SCHEMAS.glob("*.json"))
    assert names, "no schemas found"
    for name in names:
        schema = _load(name)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema", name
        Draft202012Validator.check_schema(schema)


def test_the_reference_lists_every_schema() -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    missing = [p.name for p in SCHEMAS.glob("*.json") if f"`{p.name}`" not in text]
    assert missing == []


@pytest.mark.usefixtures("work")
def test_score_json_results_and_errors() -> None:
    data = json.loads(run("score", *BATCH, "--format", "json", code=1))
    check("score-json.schema.json", data)
    results = [item for item in data if "error" not in item]
    errors = [item for item in data if "error" in item]
    assert len(results) == 7 and len(errors) == 5  # both kinds of object are checked
    for item in results:
        check("result.schema.json", item)
    for item in errors:
        check("error.schema.json", item)


@pytest.mark.usefixtures("work")
def test_score_ndjson_lines_with_summary() -> None:
    lines = run("score", *BATCH, "--format", "ndjson", "--summary", code=1).splitlines()
    for line in lines:
        check("score-ndjson-line.schema.json", json.loads(line))
    last = json.loads(lines[-1])
    assert list(last) == ["summary"]
    check("summary.schema.json", last["summary"])


@pytest.mark.parametrize("option", ["--summary", "--summary-only"])
@pytest.mark.usefixtures("work")
def test_score_json_with_a_grouped_summary(option: str) -> None:
    out = run("score", "answers", "team.csv", "-f", "json", option, "--group-by", "region", code=1)
    data = json.loads(out)
    check("score-json.schema.json", data)
    summary = data["summary"]
    check("summary.schema.json", summary)
    assert ("results" in data) is (option == "--summary")
    assert [g["group"] for g in summary["groups"]] == ["north", "south", None]


def test_summary_of_no_and_one_respondent_has_nulls(work: Path) -> None:
    (work / "header-only.csv").write_text(
        (work / "team.csv").read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8"
    )
    empty = json.loads(run("score", "header-only.csv", "--format", "json", "--summary-only"))
    one = json.loads(run("score", "answers/acme.yaml", "--format", "json", "--summary-only"))
    assert empty["summary"]["total"] == {
        "mean": None,
        "min": None,
        "max": None,
        "stdev": None,
        "ci": None,
        "could_be_either_band": False,
    }
    assert one["summary"]["total"]["stdev"] is None
    for data in (empty, one):
        check("score-json.schema.json", data)


@pytest.mark.usefixtures("work")
def test_score_json_of_a_custom_questionnaire() -> None:
    out = run(
        "score", "mini-answers.yaml", "--questionnaire", "questionnaires/mini.yaml", "-f", "json"
    )
    check("score-json.schema.json", json.loads(out))


@pytest.mark.usefixtures("work")
def test_compare_json_of_files_and_records() -> None:
    files = json.loads(run("compare", "answers/acme.yaml", "acme-2027.yaml", "--format", "json"))
    check("compare.schema.json", files)
    assert files["most_improved"] and files["most_declined"]
    run("history", "import", "backup.json", "--db", "h.sqlite3")
    records = json.loads(run("compare", "1", "#2", "--db", "h.sqlite3", "--format", "json"))
    check("compare.schema.json", records)


@pytest.mark.usefixtures("work")
def test_compare_json_of_two_waves() -> None:
    # team.csv has a row that is rejected (exit code 1); the rest is compared.
    shown = json.loads(
        run(
            "compare",
            "team.csv",
            "answers",
            "--group-by",
            "region",
            "--min-group",
            "1",
            "-f",
            "json",
            code=1,
        )
    )
    check("compare-waves.schema.json", shown)
    assert shown["before"]["rejected"] == 1
    assert any(not g["withheld"] and g["total"]["low"] is None for g in shown["groups"])
    withheld = json.loads(run("compare", "team.csv", "answers", "-f", "json", code=1))
    check("compare-waves.schema.json", withheld)
    assert withheld["overall"]["total"]["df"] > 0


def test_history_backup_json(work: Path) -> None:
    """Imported, recorded, dateless and other-questionnaire audits all fit the schema."""
    db = ("--db", "h.sqlite3")
    (work / "dateless.yaml").write_text(
        (work / "answers" / "top.yaml").read_text(encoding="utf-8").replace("date: ", "# "),
        encoding="utf-8",
    )
    run("history", "import", "backup.json", *db)
    run("score", *BATCH, "dateless.yaml", "--record", *db, code=1)
    run(
        "score", "mini-answers.yaml", "-q", "questionnaires/mini.yaml", "--record", *db
    )  # listed with the built-in questionnaire: its band has no label
    data = json.loads(run("history", *db, "--format", "json"))
    check("history.schema.json", data)
    audits = data["audits"]
    assert any(a["date_assumed"] for a in audits)
    assert any(a["band"]["label"] is None for a in audits)
    assert any(a["change"] is not None for a in audits)
    # The listing is a backup: it imports into a new database.
    (work / "backup2.json").write_text(json.dumps(data), encoding="utf-8")
    run("history", "import", "backup2.json", "--db", "other.sqlite3")


def _real_outputs() -> list[tuple[str, dict[str, Any]]]:
    results = json.loads(run("score", *BATCH, "--format", "json", code=1))
    summary = json.loads(run("score", "answers", "--format", "json", "--group-by", "region"))
    compare = json.loads(run("compare", "answers/acme.yaml", "acme-2027.yaml", "-f", "json"))
    run("history", "import", "backup.json", "--db", "h.sqlite3")
    history = json.loads(run("history", "--db", "h.sqlite3", "--format", "json"))
    return [
        ("result.schema.json", results[0]),
        ("error.schema.json", next(item for item in results if "error" in item)),
        ("summary.schema.json", summary["summary"]),
        ("compare.schema.json", compare),
        ("history.schema.json", history),
    ]


@pytest.mark.usefixtures("work")
def test_schemas_reject_an_unknown_or_a_missing_field() -> None:
    """Strict: a field added to or dropped from an output is caught (update the schema too)."""
    for name, instance in _real_outputs():
        check(name, instance)
        assert not validator(name).is_valid({**instance, "surprise": 1}), name
        first = next(iter(instance))
        assert not validator(name).is_valid({k: v for k, v in instance.items() if k != first})
        nested = json.loads(json.dumps(instance))
        inner = next(v for v in nested.values() if isinstance(v, (dict, list)) and v)
        (inner[0] if isinstance(inner, list) else inner)["surprise"] = 1
        assert not validator(name).is_valid(nested), f"{name}: nested field not caught"


def _csv_header(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text)))


@pytest.mark.usefixtures("work")
def test_csv_columns_are_the_documented_ones() -> None:
    """The fixed CSV columns of docs/reference.md, in order, with CRLF line ends."""
    out = run("score", "answers/acme.yaml", "team.csv", "--format", "csv", code=1)
    sections = ["culture", "products", "feedback", "knowledge", "accessibility", "staff"]
    assert _csv_header(out) == [
        *["source", "row", "respondent", "date", "questionnaire"],
        *sections,
        "improvement",
        *["total", "band", "band_label", "weakest", "error", "error_location"],
        *["region", "team", "other_metadata"],  # the first result's metadata, then the rest
    ]
    assert out.endswith("\r\n") and "\n" not in out.replace("\r\n", "")
    summary = run("score", "answers", "--format", "csv", "--summary-only")
    assert _csv_header(summary) == [
        *["scope", "group", "kind", "id", "label", "count"],
        *["mean", "min", "max", "stdev", "weakest", "largest_spread"],
        *["ci_low", "ci_high", "either_band", "share", "bottom_share", "top_share"],
        *["alpha", "spread"],
    ]


@pytest.mark.usefixtures("work")
def test_norm_file_and_percentile_fields() -> None:
    """`norms build` writes a norm the schema accepts; --norms adds fields the schemas describe."""
    stderr = CliRunner().invoke(
        app, ["norms", "build", "answers", "team.csv", "--output", "n.json", "--lang", "en"]
    )
    assert stderr.exit_code == 1  # team.csv has a bad row: the rest still make the norm
    norm = json.loads(Path("n.json").read_text(encoding="utf-8"))
    check("norm.schema.json", norm)
    assert not validator("norm.schema.json").is_valid({**norm, "respondents": []})
    results = json.loads(run("score", "answers", "--norms", "n.json", "--format", "json"))
    for item in results:
        check("result.schema.json", item)
        assert "percentiles" in item
    out = run("score", "answers", "--norms", "n.json", "-f", "json", "--group-by", "region")
    summary = json.loads(out)["summary"]
    check("summary.schema.json", summary)
    assert summary["norm"]["trusted"] is False and "percentiles" in summary
    assert all("percentiles" in g for g in summary["groups"] if not g["withheld"])

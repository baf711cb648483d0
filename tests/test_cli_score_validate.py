"""`score` and `validate` as a script sees them: output formats, standard input, exit codes
(0 all good, 1 any rejected, 2 usage error) and usage messages that name the choices."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ASSETS, EXAMPLE_RATINGS, EXAMPLE_YAML, Invoke, answers_yaml

from custserv_audit.schema.definition import builtin_path, load_questionnaire


def flat(text: str) -> str:
    """Usage errors come in a Rich box wrapped to the terminal: join the words again."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def test_all_good_exits_0(cli: Invoke, example_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(answers_yaml({sid: [5] * len(v) for sid, v in EXAMPLE_RATINGS.items()}))
    result = cli("score", example_file, other, "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == ""
    objects = json.loads(result.stdout)
    assert [(o["total"], o["band"]["id"], o["weakest"]) for o in objects] == [
        (27.0, "adequate", ["feedback"]),
        (35.0, "asset", []),
    ]


def test_json_result_titles_and_label_come_from_the_questionnaire(
    cli: Invoke, example_file: Path
) -> None:
    q = load_questionnaire(None, "fi")
    result = cli("score", example_file, "--format", "json", "--lang", "fi")
    assert result.exit_code == 0
    (obj,) = json.loads(result.stdout)
    assert [s["title"] for s in obj["sections"]] == [s.title for s in q.sections]
    assert obj["band"] == {"id": "adequate", "label": q.bands[1].label}
    assert q.bands[1].id == "adequate"


def test_ndjson_is_the_json_objects_one_a_line(
    cli: Invoke, example_file: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE_YAML.replace("[3, 3, 4]", "[3, 3, 9]"), encoding="utf-8")
    as_json = json.loads(cli("score", example_file, bad, "--format", "json").stdout)
    result = cli("score", example_file, bad, "--format", "ndjson")
    assert result.exit_code == 1
    assert [json.loads(line) for line in result.stdout.splitlines()] == as_json
    assert as_json[1]["error"]["message"] == "feedback.3: rating 9 is outside the scale 1–5"


def test_any_rejected_input_exits_1_in_every_format(
    cli: Invoke, example_file: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    for fmt in ("table", "json", "ndjson", "csv"):
        result = cli("score", example_file, bad, "--format", fmt)
        assert result.exit_code == 1, fmt
        assert result.stderr.splitlines() == [
            f"{bad}:1: invalid JSON: Expecting property name enclosed in double quotes"
        ], fmt


def test_csv_output_has_one_row_per_respondent(
    cli: Invoke, example_file: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(answers_yaml(EXAMPLE_RATINGS, respondent="Second Oy"), encoding="utf-8")
    result = cli("score", example_file, other, "--format", "csv")
    assert result.exit_code == 0
    rows = result.stdout.splitlines()
    assert len(rows) == 3
    assert "Example Oy" in rows[1] and "Second Oy" in rows[2]


@pytest.mark.parametrize(
    ("args", "choices"),
    [
        (["--format", "xml"], "'xml' is not one of 'table', 'json', 'ndjson', 'csv'"),
        (["--lang", "xx"], "'xx' is not one of 'en', 'fi', 'sk'"),
    ],
)
def test_usage_errors_exit_2_and_name_the_choices(
    cli: Invoke, example_file: Path, args: list[str], choices: str
) -> None:
    result = cli("score", example_file, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert choices in flat(result.stderr)


def test_score_without_paths_is_a_usage_error(cli: Invoke) -> None:
    result = cli("score")
    assert result.exit_code == 2
    assert "Missing argument" in flat(result.stderr)


@pytest.mark.parametrize(
    ("text", "options"),
    [
        (EXAMPLE_YAML, []),
        (json.dumps({"questionnaire": "customer-orientation", "answers": EXAMPLE_RATINGS}), []),
        (EXAMPLE_YAML, ["--input-format", "yaml"]),
    ],
    ids=["yaml", "json-sniffed", "yaml-declared"],
)
def test_standard_input(cli: Invoke, text: str, options: list[str]) -> None:
    result = cli("score", "-", "--format", "json", *options, input=text)
    assert result.exit_code == 0
    (obj,) = json.loads(result.stdout)
    assert (obj["source"], obj["total"], obj["band"]["id"]) == ("<stdin>", 27.0, "adequate")


def test_standard_input_rejected(cli: Invoke) -> None:
    result = cli("score", "-", "--format", "json", input="answers: [\n")
    assert result.exit_code == 1
    assert result.stderr.startswith("<stdin>:")
    assert json.loads(result.stdout)[0]["source"] == "<stdin>"


def test_folder_is_scored_in_sorted_order(cli: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "clients"
    (folder / "sub").mkdir(parents=True)
    (folder / "b.yaml").write_text(EXAMPLE_YAML, encoding="utf-8")
    (folder / "sub" / "c.json").write_text(
        json.dumps({"questionnaire": "customer-orientation", "answers": EXAMPLE_RATINGS}),
        encoding="utf-8",
    )
    (folder / "a.yml").write_text(EXAMPLE_YAML, encoding="utf-8")
    (folder / "readme.txt").write_text("not answers", encoding="utf-8")
    result = cli("score", folder, "--format", "json")
    assert result.exit_code == 0
    assert [Path(o["source"]).name for o in json.loads(result.stdout)] == [
        "a.yml",
        "b.yaml",
        "c.json",
    ]


def test_custom_questionnaire_scores_its_own_answers(cli: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "mini-answers.yaml"
    path.write_text(answers_yaml({"speed": [2, 1], "care": [2, 2, 2]}, "mini"), encoding="utf-8")
    result = cli(
        "score", path, "--questionnaire", ASSETS / "mini.yaml", "--format", "json", "--lang", "en"
    )
    assert result.exit_code == 0
    (obj,) = json.loads(result.stdout)
    assert (obj["questionnaire"], obj["total"], obj["band"], obj["weakest"]) == (
        "mini",
        3.5,
        {"id": "good", "label": "Good"},
        ["speed"],
    )
    assert [(s["id"], s["score"]) for s in obj["sections"]] == [("speed", 1.5), ("care", 2.0)]


def test_answers_for_another_questionnaire_are_rejected(cli: Invoke, example_file: Path) -> None:
    result = cli(
        "score",
        example_file,
        "--questionnaire",
        ASSETS / "mini.yaml",
        "--format",
        "json",
        "--lang",
        "en",
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{example_file}:1: questionnaire 'customer-orientation' does not match 'mini'"
    ]


def test_validate_builtin_prints_one_summary_line(cli: Invoke) -> None:
    path = builtin_path()
    result = cli("validate", path)
    assert result.exit_code == 0
    assert result.stderr == ""
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"{path}: valid questionnaire 'customer-orientation'")
    # The figures, whatever the wording around them.
    assert re.findall(r"\d+–\d+|\d+|en, fi, sk", line[len(str(path)) :]) == [
        "7",
        "25",
        "1–5",
        "3",
        "en, fi, sk",
    ]


def test_validate_missing_file_exits_1(cli: Invoke, tmp_path: Path) -> None:
    missing = tmp_path / "nothing.yaml"
    result = cli("validate", missing)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"{missing}: no such file or folder"]

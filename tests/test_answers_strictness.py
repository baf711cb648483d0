"""Answer-file strictness through `custserv-audit score`: every bad file is rejected with one
stderr line naming the file and the place, the good file beside it is still scored, exit 1,
and no traceback (the `cli` fixture asserts that on every run)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest
from conftest import EXAMPLE_YAML, Invoke
from hypothesis import given, settings
from hypothesis import strategies as st

from custserv_audit import parsing
from custserv_audit.errors import InputError
from custserv_audit.render.data.json_format import error_to_dict, result_to_dict
from custserv_audit.schema.answers import load_answers
from custserv_audit.schema.definition import load_questionnaire
from custserv_audit.scoring import score

BUILTIN = load_questionnaire(None, "en")

GOOD_JSON = json.dumps(
    {
        "questionnaire": "customer-orientation",
        "respondent": "Example Oy",
        "answers": {
            "culture": [5, 4, 4, 3],
            "products": [4, 4, 5, 3],
            "feedback": [3, 3, 4],
            "knowledge": [4, 4, 3],
            "accessibility": [5, 4, 4],
            "staff": [4, 4, 4, 3, 5],
            "improvement": [3, 4, 4],
        },
    },
    indent=2,
)
CULTURE_YAML = "  culture: [5, 4, 4, 3]"
CULTURE_JSON = '"culture": [\n      5,'


def yaml_with(old: str, new: str) -> str:
    assert old in EXAMPLE_YAML
    return EXAMPLE_YAML.replace(old, new, 1)


def culture(first: str) -> str:
    """The example YAML answers with the first culture rating (line 5) written as `first`."""
    return yaml_with(CULTURE_YAML, f"  culture: [{first}, 4, 4, 3]")


def json_with(old: str, new: str) -> str:
    assert old in GOOD_JSON
    return GOOD_JSON.replace(old, new, 1)


def json_rating(first: str) -> str:
    """The JSON answers with the first culture rating (line 6) written as `first`."""
    return json_with(CULTURE_JSON, f'"culture": [\n      {first},')


SCALE = "expected a whole number 1–5"

# (file name, content, the stderr line after "<path>", the JSON error location)
# Line numbers: EXAMPLE_YAML has questionnaire on 1, respondent 2, date 3, answers 4, culture 5,
# feedback 7, improvement 11.
ITEM_1 = {"line": 5, "row": None, "column": None, "section": "culture", "item": "culture.1"}


def _json_diagnosis(text: str) -> tuple[str, int]:
    """What the running Python's json module says about `text`, and on which line."""
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return exc.msg, text.count("\n", 0, exc.pos) + 1
    raise AssertionError("the text is valid JSON")


TRAILING_COMMA = GOOD_JSON.replace("]\n  }", "],\n  }")
TRAILING_MESSAGE, TRAILING_LINE = _json_diagnosis(TRAILING_COMMA)


REJECTED: list[tuple[str, str, str, Mapping[str, object]]] = [
    (
        "yes.yaml",
        culture("yes"),
        f":5: culture.1: a yes/no (boolean) value is not a rating; {SCALE}",
        ITEM_1,
    ),
    (
        "no.yaml",
        culture("no"),
        f":5: culture.1: a yes/no (boolean) value is not a rating; {SCALE}",
        ITEM_1,
    ),
    (
        "true.yaml",
        culture("true"),
        f":5: culture.1: a yes/no (boolean) value is not a rating; {SCALE}",
        ITEM_1,
    ),
    (
        "on.yaml",
        culture("on"),
        f":5: culture.1: a yes/no (boolean) value is not a rating; {SCALE}",
        ITEM_1,
    ),
    ("float.yaml", culture("4.0"), ":5: culture.1: 4.0 is not a whole number 1–5", ITEM_1),
    ("half.yaml", culture("4.5"), ":5: culture.1: 4.5 is not a whole number 1–5", ITEM_1),
    ("quoted.yaml", culture('"4"'), ":5: culture.1: '4' is not a whole number 1–5", ITEM_1),
    ("single-quoted.yaml", culture("'4'"), ":5: culture.1: '4' is not a whole number 1–5", ITEM_1),
    # Written as typed, not as the float 4.0 a permissive reader would make of it.
    ("leading-zero.yaml", culture("04"), ":5: culture.1: '04' is not a whole number 1–5", ITEM_1),
    ("underscore.yaml", culture("4_0"), ":5: culture.1: '4_0' is not a whole number 1–5", ITEM_1),
    ("null.yaml", culture("null"), f":5: culture.1: the rating is empty; {SCALE}", ITEM_1),
    ("tilde.yaml", culture("~"), f":5: culture.1: the rating is empty; {SCALE}", ITEM_1),
    (
        "empty-item.yaml",
        yaml_with(CULTURE_YAML, "  culture:\n    -\n    - 4\n    - 4\n    - 3"),
        f":6: culture.1: the rating is empty; {SCALE}",
        {**ITEM_1, "line": 6},
    ),
    ("zero.yaml", culture("0"), ":5: culture.1: rating 0 is outside the scale 1–5", ITEM_1),
    ("six.yaml", culture("6"), ":5: culture.1: rating 6 is outside the scale 1–5", ITEM_1),
    ("negative.yaml", culture("-4"), ":5: culture.1: rating -4 is outside the scale 1–5", ITEM_1),
    (
        "missing-rating.yaml",
        yaml_with(CULTURE_YAML, "  culture: [5, 4, 4]"),
        ":5: culture.4: missing rating (section 'culture' has 3 of 4)",
        {**ITEM_1, "item": "culture.4"},
    ),
    (
        "extra-rating.yaml",
        yaml_with(CULTURE_YAML, "  culture: [5, 4, 4, 3, 2]"),
        ":5: section 'culture': extra rating 2 at position 5; the section has 4 statements",
        {**ITEM_1, "item": None},
    ),
    (
        "missing-section.yaml",
        yaml_with("  feedback: [3, 3, 4]\n", ""),
        # The line where the answers mapping starts.
        ":5: section 'feedback' is missing",
        {"line": 5, "row": None, "column": None, "section": "feedback", "item": None},
    ),
    (
        "unknown-section.yaml",
        EXAMPLE_YAML + "  service: [5, 5]\n",
        ":12: unknown section 'service' (expected culture, products, feedback, knowledge, "
        "accessibility, staff, improvement)",
        {"line": 12, "row": None, "column": None, "section": "service", "item": None},
    ),
    (
        "wrong-questionnaire.yaml",
        yaml_with("questionnaire: customer-orientation", "questionnaire: service-check"),
        ":1: questionnaire 'service-check' does not match 'customer-orientation'",
        {"line": 1, "row": None, "column": None, "section": None, "item": None},
    ),
    (
        "no-questionnaire.yaml",
        yaml_with("questionnaire: customer-orientation\n", ""),
        ":1: missing 'questionnaire' (the questionnaire id)",
        {"line": 1, "row": None, "column": None, "section": None, "item": None},
    ),
    (
        "duplicate-top.yaml",
        EXAMPLE_YAML + "respondent: Someone Else\n",
        ":12: duplicate key 'respondent'",
        {"line": 12, "row": None, "column": None, "section": None, "item": None},
    ),
    (
        "duplicate-nested.yaml",
        yaml_with("  feedback: [3, 3, 4]\n", "  feedback: [3, 3, 4]\n  feedback: [1, 1, 1]\n"),
        ":8: duplicate key 'feedback'",
        {"line": 8, "row": None, "column": None, "section": None, "item": None},
    ),
    (
        "anchor.yaml",
        yaml_with(CULTURE_YAML, "  culture: &c [5, 4, 4, 3]"),
        ":5: YAML anchors are not allowed",
        {"line": 5, "row": None, "column": None, "section": None, "item": None},
    ),
    (
        "alias.yaml",
        yaml_with("respondent: Example Oy", "respondent: *name"),
        ":2: YAML aliases are not allowed",
        {"line": 2, "row": None, "column": None, "section": None, "item": None},
    ),
    (
        "python-object.yaml",
        yaml_with("respondent: Example Oy", "respondent: !!python/object:os.system [ls]"),
        ":2: YAML tags are not allowed ('tag:yaml.org,2002:python/obj…)",
        {"line": 2, "row": None, "column": None, "section": None, "item": None},
    ),
    (
        "str-tag.yaml",
        culture("!!str 4"),
        ":5: YAML tags are not allowed ('tag:yaml.org,2002:str')",
        {"line": 5, "row": None, "column": None, "section": None, "item": None},
    ),
    (
        "custom-tag.yaml",
        culture("!custom 4"),
        ":5: YAML tags are not allowed ('!custom')",
        {"line": 5, "row": None, "column": None, "section": None, "item": None},
    ),
    (
        "two-documents.yaml",
        EXAMPLE_YAML + "---\n" + EXAMPLE_YAML,
        ":12: more than one YAML document in the file",
        {"line": 12, "row": None, "column": None, "section": None, "item": None},
    ),
    (
        "bad-date.yaml",
        yaml_with("date: 2026-11-25", "date: 2026-02-30"),
        ":3: date '2026-02-30' is not an ISO date (YYYY-MM-DD)",
        {"line": 3, "row": None, "column": None, "section": None, "item": None},
    ),
    (
        "word-date.yaml",
        yaml_with("date: 2026-11-25", "date: yesterday"),
        ":3: date 'yesterday' is not an ISO date (YYYY-MM-DD)",
        {"line": 3, "row": None, "column": None, "section": None, "item": None},
    ),
    (
        # Python's fromisoformat takes a week date; the format is YYYY-MM-DD only.
        "week-date.yaml",
        yaml_with("date: 2026-11-25", "date: 2026-W48-3"),
        ":3: date '2026-W48-3' is not an ISO date (YYYY-MM-DD)",
        {"line": 3, "row": None, "column": None, "section": None, "item": None},
    ),
    (
        "control-character.yaml",
        yaml_with("Example Oy", "Example\x07Oy"),
        ":2: invalid YAML: character U+0007 is not allowed",
        {"line": 2, "row": None, "column": None, "section": None, "item": None},
    ),
    (
        "not-a-mapping.yaml",
        "- 5\n- 4\n",
        ":1: an answer file is a mapping with 'questionnaire' and 'answers'",
        {"line": 1, "row": None, "column": None, "section": None, "item": None},
    ),
    (
        "empty.yaml",
        "",
        ": the file is empty",
        {"line": None, "row": None, "column": None, "section": None, "item": None},
    ),
    (
        "comments-only.yaml",
        "# nothing answered yet\n",
        ": the file is empty",
        {"line": None, "row": None, "column": None, "section": None, "item": None},
    ),
    # JSON: the same strictness; lines count from the opening brace.
    (
        "float.json",
        json_rating("4.0"),
        ":6: culture.1: 4.0 is not a whole number 1–5",
        {**ITEM_1, "line": 6},
    ),
    (
        "string.json",
        json_rating('"4"'),
        ":6: culture.1: '4' is not a whole number 1–5",
        {**ITEM_1, "line": 6},
    ),
    (
        "true.json",
        json_rating("true"),
        f":6: culture.1: a yes/no (boolean) value is not a rating; {SCALE}",
        {**ITEM_1, "line": 6},
    ),
    (
        "null.json",
        json_rating("null"),
        f":6: culture.1: the rating is empty; {SCALE}",
        {**ITEM_1, "line": 6},
    ),
    (
        "six.json",
        json_rating("6"),
        ":6: culture.1: rating 6 is outside the scale 1–5",
        {**ITEM_1, "line": 6},
    ),
    (
        "duplicate-top.json",
        json_with(
            '"respondent": "Example Oy"', '"respondent": "Example Oy",\n  "respondent": "Other"'
        ),
        ":4: duplicate key 'respondent'",
        {"line": 4, "row": None, "column": None, "section": None, "item": None},
    ),
    (
        "duplicate-nested.json",
        json_with('"feedback": [', '"feedback": [1, 1, 1],\n    "feedback": ['),
        ":18: duplicate key 'feedback'",
        {"line": 18, "row": None, "column": None, "section": None, "item": None},
    ),
    (
        # A lone surrogate escape is no character: accepting it crashed every output format.
        "lone-surrogate.json",
        json_with('"Example Oy"', '"Example \\ud800 Oy"'),
        ":3: invalid JSON: an unpaired surrogate escape (\\ud800-\\udfff) is not a character",
        {"line": 3, "row": None, "column": None, "section": None, "item": None},
    ),
    (
        # The diagnosis is the json module's own, and its wording differs between
        # Python versions (3.13: "Illegal trailing comma ..."): compare with it.
        "trailing-comma.json",
        TRAILING_COMMA,
        f":{TRAILING_LINE}: invalid JSON: {TRAILING_MESSAGE}",
        {"line": TRAILING_LINE, "row": None, "column": None, "section": None, "item": None},
    ),
]


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "a-good.yaml"
    path.write_text(EXAMPLE_YAML, encoding="utf-8")
    return path


def score_pair(cli: Invoke, good: Path, bad: Path) -> tuple[list[dict[str, object]], list[str]]:
    """Score the good file then the bad one as JSON; returns the objects and the stderr lines."""
    result = cli("score", good, bad, "--format", "json")
    assert result.exit_code == 1
    objects = json.loads(result.stdout)
    assert [o["source"] for o in objects] == [str(good), str(bad)]
    assert objects[0]["total"] == 27.0
    assert objects[0]["band"]["id"] == "adequate"
    assert "error" not in objects[0]
    assert set(objects[1]) == {"source", "error"}
    return objects, result.stderr.splitlines()


@pytest.mark.parametrize(
    ("name", "content", "message", "location"), REJECTED, ids=[case[0] for case in REJECTED]
)
def test_rejected_answer_file(
    cli: Invoke,
    good: Path,
    tmp_path: Path,
    name: str,
    content: str,
    message: str,
    location: dict[str, object],
) -> None:
    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8", newline="")
    objects, stderr = score_pair(cli, good, bad)
    assert stderr == [f"{bad}{message}"]
    error = objects[1]["error"]
    assert isinstance(error, dict)
    assert error["location"] == location
    assert f"{bad}{message}".endswith(str(error["message"]))


def test_yaml_empty_flow_item_is_a_syntax_error_on_its_line(
    cli: Invoke, good: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "empty-value.yaml"
    bad.write_text(culture(""), encoding="utf-8")  # "[, 4, 4, 3]"
    _, stderr = score_pair(cli, good, bad)
    assert len(stderr) == 1
    assert stderr[0].startswith(f"{bad}:5: invalid YAML: ")


def test_billion_laughs_is_rejected_at_the_first_anchor(
    cli: Invoke, good: Path, tmp_path: Path
) -> None:
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, 10):
        refs = ", ".join([f"*lol{n - 1}"] * 9)
        lines.append(f"lol{n}: &lol{n} [{refs}]")
    bad = tmp_path / "laughs.yaml"
    bad.write_text("\n".join(lines) + "\n" + EXAMPLE_YAML, encoding="utf-8")
    _, stderr = score_pair(cli, good, bad)
    assert stderr == [f"{bad}:1: YAML anchors are not allowed"]


@pytest.mark.parametrize("kind", ["yaml", "json"])
def test_deep_nesting_is_rejected(cli: Invoke, good: Path, tmp_path: Path, kind: str) -> None:
    bad = tmp_path / f"deep.{kind}"
    bad.write_text("[" * 10_000, encoding="utf-8")
    _, stderr = score_pair(cli, good, bad)
    assert len(stderr) == 1
    if kind == "json":
        assert stderr == [f"{bad}: nested more than {parsing.MAX_DEPTH} levels deep"]
    else:
        # libyaml stops it at its own limit; the pure-Python parser at MAX_DEPTH. Both say line 1.
        assert stderr[0].startswith(f"{bad}:1: ")


@pytest.mark.parametrize("kind", ["yaml", "json"])
def test_nesting_just_over_the_cap_is_rejected(
    cli: Invoke, good: Path, tmp_path: Path, kind: str
) -> None:
    depth = parsing.MAX_DEPTH + 1
    bad = tmp_path / f"deep17.{kind}"
    bad.write_text("[" * depth + "]" * depth + "\n", encoding="utf-8")
    _, stderr = score_pair(cli, good, bad)
    where = ":1" if kind == "yaml" else ""
    assert stderr == [f"{bad}{where}: nested more than {parsing.MAX_DEPTH} levels deep"]


def test_file_over_the_size_cap(cli: Invoke, good: Path, tmp_path: Path) -> None:
    bad = tmp_path / "large.yaml"
    size = parsing.MAX_BYTES + 1
    bad.write_bytes(b"#" * size)
    _, stderr = score_pair(cli, good, bad)
    assert stderr == [f"{bad}: file is too large ({size} bytes; the limit is {parsing.MAX_BYTES})"]


def test_huge_file_is_rejected_by_its_size_before_it_is_read(
    cli: Invoke, good: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "sparse.yaml"
    size = 5 * 1024**3  # sparse: takes no disk, but reading it would take 5 GB of memory
    with bad.open("wb") as handle:
        handle.truncate(size)
    _, stderr = score_pair(cli, good, bad)
    assert stderr == [f"{bad}: file is too large ({size} bytes; the limit is {parsing.MAX_BYTES})"]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_endless_device_is_capped(cli: Invoke, good: Path) -> None:
    _, stderr = score_pair(cli, good, Path("/dev/zero"))
    assert stderr == [f"/dev/zero: file is too large (more than {parsing.MAX_BYTES} bytes)"]


def test_file_at_the_size_cap_is_read(cli: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "padded.yaml"
    body = EXAMPLE_YAML.encode()
    path.write_bytes(body + b"#" * (parsing.MAX_BYTES - len(body)))
    result = cli("score", path, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["total"] == 27.0


def test_not_utf8_names_the_byte_offset(cli: Invoke, good: Path, tmp_path: Path) -> None:
    data = EXAMPLE_YAML.encode().replace(b"Example", b"Ex\xffample")
    offset = data.index(b"\xff")
    assert offset == 50
    bad = tmp_path / "latin.yaml"
    bad.write_bytes(data)
    objects, stderr = score_pair(cli, good, bad)
    assert stderr == [f"{bad}: not UTF-8 text: invalid byte at offset 50"]
    assert objects[1]["error"] == {
        "message": "not UTF-8 text: invalid byte at offset 50",
        "location": {"line": None, "row": None, "column": None, "section": None, "item": None},
    }


def test_utf16_file_is_not_utf8(cli: Invoke, good: Path, tmp_path: Path) -> None:
    bad = tmp_path / "utf16.json"
    bad.write_bytes(GOOD_JSON.encode("utf-16"))
    _, stderr = score_pair(cli, good, bad)
    assert stderr == [f"{bad}: not UTF-8 text: invalid byte at offset 0"]


def test_binary_file(cli: Invoke, good: Path, tmp_path: Path) -> None:
    bad = tmp_path / "image.yaml"
    bad.write_bytes(bytes(range(256)) * 4)
    _, stderr = score_pair(cli, good, bad)
    assert stderr == [f"{bad}: not UTF-8 text: invalid byte at offset 128"]


def test_binary_file_that_happens_to_be_utf8(cli: Invoke, good: Path, tmp_path: Path) -> None:
    bad = tmp_path / "zeros.yaml"
    bad.write_bytes(b"\x00\x01\x02\x03" * 64)
    _, stderr = score_pair(cli, good, bad)
    assert stderr == [f"{bad}:1: invalid YAML: character U+0000 is not allowed"]


def test_json_integer_with_ten_thousand_digits(cli: Invoke, good: Path, tmp_path: Path) -> None:
    bad = tmp_path / "huge-int.json"
    bad.write_text(json_rating("4" * 10_000), encoding="utf-8")
    objects, stderr = score_pair(cli, good, bad)
    # Not converted (it would take Python seconds, or fail past 4300 digits): out of the scale.
    assert stderr == [f"{bad}:6: culture.1: rating {'4' * 29}… is outside the scale 1–5"]
    error = objects[1]["error"]
    assert isinstance(error, dict)
    assert error["location"] == {**ITEM_1, "line": 6}


def test_json_integer_far_outside_the_scale_is_not_echoed_whole(
    cli: Invoke, good: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "big-rating.json"
    bad.write_text(json_rating("1" + "0" * 3000), encoding="utf-8")
    _, stderr = score_pair(cli, good, bad)
    assert len(stderr) == 1
    assert stderr[0].startswith(f"{bad}:6: culture.1: rating 1000")
    assert stderr[0].endswith("… is outside the scale 1–5")
    assert len(stderr[0]) < 300


@pytest.mark.parametrize(
    ("name", "content", "prefix"),
    [
        ("huge-rating.yaml", culture('"' + "x" * 500_000 + '"'), ":5: culture.1: 'xxx"),
        ("huge-rating.json", json_rating('"' + "x" * 500_000 + '"'), ":6: culture.1: 'xxx"),
        (
            "huge-questionnaire.yaml",
            yaml_with("customer-orientation", "q" * 500_000),
            ":1: questionnaire 'qqq",
        ),
        (
            "huge-key.json",
            json_with('"respondent"', '"' + "k" * 500_000 + '"'),
            ":3: unknown key 'kkk",
        ),
        (
            "huge-section.json",
            json_with('"staff"', '"' + "s" * 500_000 + '"'),
            ":32: unknown section 'sss",
        ),
        ("huge-date.yaml", yaml_with("2026-11-25", "2" * 500_000), ":3: date 222"),
    ],
)
def test_a_huge_value_is_not_echoed(
    cli: Invoke, good: Path, tmp_path: Path, name: str, content: str, prefix: str
) -> None:
    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8")
    objects, stderr = score_pair(cli, good, bad)
    assert len(stderr) == 1
    assert stderr[0].startswith(f"{bad}{prefix}")
    assert len(stderr[0]) < 300
    error = objects[1]["error"]
    assert isinstance(error, dict)
    assert len(str(error["message"])) < 300


def test_folder_without_answer_files(cli: Invoke, good: Path, tmp_path: Path) -> None:
    folder = tmp_path / "empty-folder"
    folder.mkdir()
    (folder / "notes.txt").write_text("not an answer file\n", encoding="utf-8")
    result = cli("score", good, folder, "--format", "json")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{folder}: the folder holds no answer files "
        "(.yaml, .yml, .json, .csv, .tsv, .ndjson, .xlsx, .xls, .ods)"
    ]
    objects = json.loads(result.stdout)
    assert [o["source"] for o in objects] == [str(good), str(folder)]
    assert objects[0]["total"] == 27.0


def test_path_that_does_not_exist(cli: Invoke, good: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    result = cli("score", good, missing, "--format", "json")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{missing}: no such file or folder"]
    objects = json.loads(result.stdout)
    assert objects[1] == {
        "source": str(missing),
        "error": {
            "message": "no such file or folder",
            "location": {"line": None, "row": None, "column": None, "section": None, "item": None},
        },
    }


def test_errors_stand_in_place_in_input_order(cli: Invoke, good: Path, tmp_path: Path) -> None:
    bad = tmp_path / "b-bad.yaml"
    bad.write_text(culture("6"), encoding="utf-8")
    other = tmp_path / "c-other.json"
    other.write_text(GOOD_JSON, encoding="utf-8")
    result = cli("score", other, bad, good, "--format", "json")
    assert result.exit_code == 1
    objects = json.loads(result.stdout)
    assert [o["source"] for o in objects] == [str(other), str(bad), str(good)]
    assert ["error" in o for o in objects] == [False, True, False]
    assert objects[1]["error"] == {
        "message": "culture.1: rating 6 is outside the scale 1–5",
        "location": ITEM_1,
    }


def test_good_results_have_exactly_specs_fields(cli: Invoke, good: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(culture("yes"), encoding="utf-8")
    result = cli("score", good, bad, "--format", "json")
    objects = json.loads(result.stdout)
    first = objects[0]
    assert set(first) == {
        "source",
        "respondent",
        "questionnaire",
        "sections",
        "total",
        "band",
        "weakest",
        "row",
        "date",
        "metadata",
    }
    assert first["source"] == str(good)
    assert first["respondent"] == "Example Oy"
    assert first["questionnaire"] == "customer-orientation"
    assert first["row"] is None
    assert first["date"] == "2026-11-25"
    assert first["metadata"] == {}
    assert first["total"] == 27.0
    assert set(first["band"]) == {"id", "label"}
    assert first["band"]["id"] == "adequate"
    assert first["weakest"] == ["feedback"]
    assert [set(s) for s in first["sections"]] == [{"id", "title", "score", "answers"}] * 7
    assert [(s["id"], s["score"], s["answers"]) for s in first["sections"]] == [
        ("culture", 4.0, [5, 4, 4, 3]),
        ("products", 4.0, [4, 4, 5, 3]),
        ("feedback", 3.33, [3, 3, 4]),
        ("knowledge", 3.67, [4, 4, 3]),
        ("accessibility", 4.33, [5, 4, 4]),
        ("staff", 4.0, [4, 4, 4, 3, 5]),
        ("improvement", 3.67, [3, 4, 4]),
    ]
    assert objects[1]["error"]["location"] == ITEM_1


# --- no input ever crashes the loader ---------------------------------------------------------

TOKENS = [
    "[", "]", "{", "}", ":", ",", "- ", "&a ", "*a", "!!str ", "!x ", "---\n", "...\n", "\n",
    "\t", "'", '"', "? ", "|", ">", "#", "%", "@", "`", "\\", "\x00", "\ufeff", "\\ud800", "é",
    "1e400", "NaN", "-0", "0x10", "null", "~", "yes", "<<: ", "9" * 30, "\r", "\u2028", "\x85",
]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """`text` with a few tokens inserted, spans deleted or spans copied elsewhere."""
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "copy"]))
        if action == "insert":
            text = text[:at] + draw(st.sampled_from(TOKENS)) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 12)) :]
        else:
            start = draw(st.integers(0, len(text)))
            text = text[:at] + text[start : start + draw(st.integers(1, 20))] + text[at:]
    return text


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        mutated(EXAMPLE_YAML).map(lambda t: (t, "yaml")),
        mutated(GOOD_JSON).map(lambda t: (t, "json")),
    )
)
def test_mutated_answer_files_are_scored_or_rejected_in_one_short_line(
    document: tuple[str, str],
) -> None:
    text, kind = document
    try:
        answers = load_answers(text.encode("utf-8", "surrogatepass"), "f", BUILTIN, kind)
    except InputError as error:
        message = str(error)
        assert "\n" not in message and "\r" not in message
        assert len(message) < 300
        json.dumps(error_to_dict(error), ensure_ascii=False).encode("utf-8")
    else:
        result = score(BUILTIN, answers)
        # Whatever was accepted can be written out (no lone surrogates, no odd types).
        json.dumps(result_to_dict(result), ensure_ascii=False).encode("utf-8")
        assert BUILTIN.min_total <= result.total <= BUILTIN.max_total

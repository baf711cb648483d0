"""Questionnaire definitions: `custserv-audit validate FILE` and `loader.read_questionnaire`.

Every problem is one `FILE:LINE: message` line on stderr (exit 1), all problems of a file at
once; odd but valid shapes (one section, a 1-7 scale, four bands, two languages) are usable.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ASSETS, Invoke, answers_yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from custserv_audit.errors import InputError, QuestionnaireError
from custserv_audit.model import Answers
from custserv_audit.schema.definition import (
    builtin_path,
    questionnaire_from_data,
    read_questionnaire,
)
from custserv_audit.schema.document import parse_document
from custserv_audit.scoring import score

MINI = (ASSETS / "mini.yaml").read_text(encoding="utf-8")
BUILTIN = builtin_path().read_text(encoding="utf-8")
TWO_LANGUAGES = (ASSETS / "two-languages.yaml").read_text(encoding="utf-8")
UNQUOTED = "unquoted yes/no, on/off, true/false and numbers are not texts; put the text in quotes"
SCALE_RULE = "scale: low and high must be whole numbers, low < high, at most 21 points"


def at(text: str, needle: str) -> int:
    """The line (from 1) where `needle` first appears."""
    index = text.index(needle)
    return text.count("\n", 0, index) + 1


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


CARE_ITEMS = (
    '    items:\n      - "We greet every customer."\n      - "We follow up after a sale."\n'
    '      - "We thank customers for complaints."\n'
)
EXTRA_BAND = '  - id: none\n    from: 2\n    below: 2\n    label: "None"\n    meaning: "Never."\n'


def case(
    name: str, text: str, *problems: tuple[str, str]
) -> tuple[str, str, list[tuple[int, str]]]:
    """A broken definition and its problems, each placed at the line of a text in it."""
    return name, text, [(at(text, needle), message) for needle, message in problems]


BROKEN = [
    case(
        "duplicate-section",
        edit(MINI, "  - id: care", "  - id: speed"),
        ('  - id: speed\n    title: "Care"', "sections[1]: duplicate section id 'speed'"),
    ),
    case(
        "duplicate-band",
        edit(MINI, "  - id: weak", "  - id: good"),
        ("  - id: good\n    below", "bands[1]: duplicate band id 'good'"),
    ),
    case(
        "empty-section",
        edit(MINI, CARE_ITEMS, "    items: []\n"),
        ("    items: []", "section care: has no statements"),
    ),
    case("scale-low-equals-high", edit(MINI, "high: 3", "high: 0"), ("  low: 0", SCALE_RULE)),
    case("scale-low-above-high", edit(MINI, "low: 0", "low: 5"), ("  low: 5", SCALE_RULE)),
    case("scale-not-integer", edit(MINI, "high: 3", "high: 3.5"), ("  low: 0", SCALE_RULE)),
    case("scale-quoted", edit(MINI, "high: 3", 'high: "3"'), ("  low: 0", SCALE_RULE)),
    case("scale-too-wide", edit(MINI, "high: 3", "high: 100"), ("  low: 0", SCALE_RULE)),
    case(
        "scale-label-missing",
        edit(MINI, '    2: "Mostly"\n', ""),
        ('    0: "Not at all"', "scale.labels: no label for 2"),
    ),
    case(
        "scale-labels-missing",
        edit(
            MINI,
            '  labels:\n    0: "Not at all"\n    1: "A little"\n    2: "Mostly"\n    3: "Fully"\n',
            "",
        ),
        ("  low: 0", "scale: missing 'labels' (a label for each point)"),
    ),
    case(
        "scale-label-outside",
        edit(MINI, '    3: "Fully"\n', '    3: "Fully"\n    4: "More than fully"\n'),
        ("    4: ", "scale.labels: 4 is not on the scale"),
    ),
    case(
        "bands-overlap",
        edit(MINI, "from: 3.5", "from: 3"),
        ("  - id: good", "bands: 'weak' and 'good' overlap"),
    ),
    case(
        "band-empty-range",
        edit(MINI, "  - id: weak", EXTRA_BAND + "  - id: weak"),
        ("  - id: good", "bands: band 'none' is empty (from 2 below 2)"),
    ),
    case(
        # Totals run 0-6: a band from 7 is never given.
        "band-beyond-the-totals",
        edit(edit(MINI, "from: 3.5", "from: 7"), "below: 3.5", "below: 7"),
        ("  - id: good", "bands: band 'good' covers no possible total (totals are 0 to 6)"),
    ),
    case(
        "bands-gap-in-builtin",
        edit(BUILTIN, "    below: 21\n", "    below: 20\n"),
        ("  - id: asset", "bands: totals from 20 below 21 are in no band"),
    ),
    case(
        # Thresholds are shown as written, not as the fraction 55/2.
        "bands-gap-fractional",
        edit(BUILTIN, "    below: 21\n", "    below: 20.5\n"),
        ("  - id: asset", "bands: totals from 20.5 below 21 are in no band"),
    ),
    case(
        "bands-leave-the-top-uncovered",
        edit(MINI, "    from: 3.5\n", "    from: 3.5\n    below: 6\n"),
        ("  - id: good", "bands: totals from 6 to 6 are in no band"),
    ),
    case(
        "threshold-overflows",
        edit(MINI, "from: 3.5", "from: 1e400"),
        ("from: 1e400", "bands[0].from: the threshold must be a finite number, got inf"),
    ),
    case(
        "threshold-text",
        edit(MINI, "from: 3.5", "from: high"),
        ("from: high", "bands[0].from: the threshold must be a finite number, got 'high'"),
    ),
    case("title-missing", edit(MINI, 'title: "Mini check"\n', ""), ("id: mini", "missing 'title'")),
    case(
        "section-title-missing",
        edit(MINI, '    title: "Care"\n', ""),
        ("  - id: care", "section care: missing 'title'"),
    ),
    case(
        "fi-text-missing",
        edit(TWO_LANGUAGES, 'fi: "Hymyilemme."}', "}").replace('"We smile.", }', '"We smile."}'),
        ('      - {en: "We smile."}', "sections[0].items[1]: missing the fi text"),
    ),
    case(
        "fi-label-missing",
        edit(TWO_LANGUAGES, '    2: {en: "Sometimes", fi: "Joskus"}', '    2: {en: "Sometimes"}'),
        ('    2: {en: "Sometimes"}', "scale.labels[2]: missing the fi text"),
    ),
    case(
        "undeclared-language",
        edit(TWO_LANGUAGES, 'fi: "Hymyilemme."}', 'fi: "Hymyilemme.", sk: "Usmievame sa."}'),
        ('sk: "Usmievame', "sections[0].items[1]: language 'sk' is not declared"),
    ),
    case(
        "unquoted-no-label",
        edit(MINI, '    0: "Not at all"', "    0: No"),
        ("    0: No", f"scale.labels[0]: {UNQUOTED}"),
    ),
    case(
        # Finnish "On" (yes) unquoted is YAML's boolean true.
        "unquoted-finnish-on",
        edit(TWO_LANGUAGES, '    3: {en: "Always", fi: "Aina"}', '    3: {en: "Always", fi: On}'),
        ("    3: {en", f"scale.labels[3].fi: {UNQUOTED}"),
    ),
    case(
        "number-as-statement",
        edit(MINI, '      - "We greet every customer."', "      - 42"),
        ("      - 42", f"sections[1].items[0]: {UNQUOTED}"),
    ),
    case("unknown-top-key", MINI + "colour: blue\n", ("colour: blue", "unknown key 'colour'")),
    case(
        "unknown-section-key",
        edit(MINI, '    title: "Care"\n', '    title: "Care"\n    weight: 2\n'),
        ("    weight: 2", "sections[1]: unknown key 'weight'"),
    ),
    case(
        "unknown-band-key",
        edit(MINI, "    below: 3.5\n", "    below: 3.5\n    upto: 4\n"),
        ("    upto: 4", "bands[1]: unknown key 'upto'"),
    ),
    case(
        "unknown-scale-key",
        edit(MINI, "  high: 3\n", "  high: 3\n  step: 1\n"),
        ("  step: 1", "scale: unknown key 'step'"),
    ),
    case("duplicate-key", MINI + "id: again\n", ("id: again", "duplicate key 'id'")),
    case(
        "duplicate-nested-key",
        edit(MINI, '    title: "Care"\n', '    title: "Care"\n    title: "Care again"\n'),
        ('    title: "Care again"', "duplicate key 'title'"),
    ),
    case(
        "anchor",
        edit(MINI, 'title: "Mini check"', 'title: &t "Mini check"'),
        ("title: &t", "YAML anchors are not allowed"),
    ),
    case("empty-file", ""),
    case("not-a-mapping", "- id: mini\n", ("- id: mini", "the file: expected a mapping")),
    case("schema-2", "schema: 2\n" + MINI, ("schema: 2", "schema 2 is not supported (expected 1)")),
]


def expected_lines(path: Path, problems: list[tuple[int, str]]) -> list[str]:
    return [f"{path}:{line}: {message}" for line, message in problems]


@pytest.mark.parametrize(("name", "text", "problems"), BROKEN, ids=[b[0] for b in BROKEN])
def test_validate_reports_each_problem_with_its_line(
    cli: Invoke, tmp_path: Path, name: str, text: str, problems: list[tuple[int, str]]
) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("validate", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    if name == "empty-file":
        assert result.stderr.splitlines() == [f"{path}: the file is empty"]
    else:
        assert result.stderr.splitlines() == expected_lines(path, problems)


@pytest.mark.parametrize(("name", "text", "problems"), BROKEN[:6], ids=[b[0] for b in BROKEN[:6]])
def test_read_questionnaire_raises_every_problem_with_its_line(
    tmp_path: Path, name: str, text: str, problems: list[tuple[int, str]]
) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QuestionnaireError) as caught:
        read_questionnaire(path, None)
    found = [(p.location.line, p.message) for p in caught.value.problems]
    assert found == problems
    assert all(p.source == str(path) for p in caught.value.problems)


def test_a_broken_custom_questionnaire_stops_score_with_its_problems(
    cli: Invoke, example_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text(edit(MINI, "  - id: care", "  - id: speed"), encoding="utf-8")
    result = cli("score", example_file, "--questionnaire", path, "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"{path}:21: sections[1]: duplicate section id 'speed'"]


def test_not_yaml(cli: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: mini\ntitle: [unclosed\n", encoding="utf-8")
    result = cli("validate", path)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{path}:3: invalid YAML: ")


def test_several_problems_are_all_reported(cli: Invoke, tmp_path: Path) -> None:
    text = edit(MINI, 'title: "Mini check"\n', "")
    text = edit(text, "  - id: care", "  - id: speed")
    text = edit(text, "  - id: weak", "  - id: good")
    text = edit(text, '    2: "Mostly"\n', "")
    text += "colour: blue\n"
    path = tmp_path / "many.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("validate", path)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 5
    assert sorted(lines) == sorted(
        expected_lines(
            path,
            [
                (at(text, "colour"), "unknown key 'colour'"),
                (at(text, "id: mini"), "missing 'title'"),
                (at(text, '    0: "Not at all"'), "scale.labels: no label for 2"),
                (
                    at(text, '  - id: speed\n    title: "Care"'),
                    "sections[1]: duplicate section id 'speed'",
                ),
                (at(text, "  - id: good\n    below"), "bands[1]: duplicate band id 'good'"),
            ],
        )
    )


def test_json_definition_with_nan_threshold(cli: Invoke, tmp_path: Path) -> None:
    data = json.loads(json.dumps(read_as_plain(MINI)))
    text = json.dumps(data, indent=2).replace('"from": 3.5', '"from": NaN')
    path = tmp_path / "mini.json"
    path.write_text(text, encoding="utf-8")
    result = cli("validate", path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:{at(text, 'NaN')}: bands[0].from: the threshold must be a finite number, got nan"
    ]


def test_json_definition_is_valid(cli: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "mini.json"
    path.write_text(json.dumps(read_as_plain(MINI), indent=2), encoding="utf-8")
    result = cli("validate", path)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{path}: valid questionnaire 'mini'")


def read_as_plain(text: str) -> object:
    """A YAML definition as plain JSON-able data (scale label keys become strings in JSON)."""
    import yaml

    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    data["scale"]["labels"] = {str(k): v for k, v in data["scale"]["labels"].items()}
    return data


# --- valid odd shapes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("asset", "figures"),
    [
        ("mini.yaml", ("mini", 2, 5, 0, 3, 2, ("en",))),
        ("seven-point.yaml", ("seven-point", 2, 5, 1, 7, 4, ("en",))),
        ("one-section.yaml", ("one-section", 1, 1, 1, 3, 1, ("en",))),
        ("two-languages.yaml", ("two-languages", 1, 2, 1, 3, 2, ("en", "fi"))),
    ],
)
def test_custom_shapes_are_valid(cli: Invoke, asset: str, figures: tuple[object, ...]) -> None:
    result = cli("validate", ASSETS / asset)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 1
    versions = read_questionnaire(ASSETS / asset, None)
    q = next(iter(versions.values()))
    assert (
        q.id,
        len(q.sections),
        q.item_count,
        q.scale.low,
        q.scale.high,
        len(q.bands),
        q.languages,
    ) == figures
    assert tuple(versions) == figures[-1]


@pytest.mark.parametrize(
    ("asset", "answers", "lang", "expected"),
    [
        (
            "seven-point.yaml",
            {"reach": [7, 6, 5], "repair": [4, 3]},
            "en",
            (9.5, {"id": "good", "label": "Good"}, ["repair"], [6.0, 3.5]),
        ),
        (
            "seven-point.yaml",
            {"reach": [7, 7, 7], "repair": [5, 5]},
            "en",
            (12.0, {"id": "top", "label": "Top"}, ["repair"], [7.0, 5.0]),
        ),
        (
            "seven-point.yaml",
            {"reach": [1, 2, 2], "repair": [1, 1]},
            "en",
            (2.67, {"id": "poor", "label": "Poor"}, ["repair"], [1.67, 1.0]),
        ),
        (
            "one-section.yaml",
            {"pulse": [3]},
            "en",
            (3.0, {"id": "any", "label": "Noted"}, [], [3.0]),
        ),
        (
            "two-languages.yaml",
            {"greet": [2, 1]},
            "fi",
            (1.5, {"id": "poor", "label": "Heikko"}, ["greet"], [1.5]),
        ),
    ],
)
def test_custom_shapes_score(
    cli: Invoke,
    tmp_path: Path,
    asset: str,
    answers: dict[str, list[int]],
    lang: str,
    expected: tuple[object, ...],
) -> None:
    qid = asset.removesuffix(".yaml")
    path = tmp_path / "answers.yaml"
    path.write_text(answers_yaml(answers, qid), encoding="utf-8")
    result = cli(
        "score", path, "--questionnaire", ASSETS / asset, "--lang", lang, "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    (obj,) = json.loads(result.stdout)
    assert (
        obj["total"],
        obj["band"],
        obj["weakest"],
        [s["score"] for s in obj["sections"]],
    ) == expected


def test_custom_questionnaire_without_the_language_asked_for(
    cli: Invoke, example_file: Path
) -> None:
    result = cli("score", example_file, "--questionnaire", ASSETS / "mini.yaml", "--lang", "fi")
    assert result.exit_code == 2
    assert "'fi'" in result.stderr and "en" in result.stderr


# --- no definition ever crashes the validator --------------------------------------------------

EDITS = [
    "- ", ": ", "[", "]", "{}", "[]", "\n", "  ", "'", '"', "#", "&a ", "*a", "!!int ", "null",
    "~", "yes", "0", "-1", "3.5", "1e400", ".nan", "99999999999999999999", "id: x\n", "é",
]  # fmt: skip


@st.composite
def mutated_definitions(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from([MINI, TWO_LANGUAGES]))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.sampled_from(EDITS)) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 15)) :]
    return text


@settings(max_examples=300, deadline=None)
@given(mutated_definitions())
def test_mutated_definitions_are_valid_or_every_problem_has_one_line(text: str) -> None:
    try:
        value, line_of = parse_document(text.encode(), "q.yaml", "yaml")
        versions = questionnaire_from_data(value, line_of, "q.yaml", None)
    except QuestionnaireError as error:
        assert error.problems
        for problem in error.problems:
            assert "\n" not in str(problem) and len(str(problem)) < 300
    except InputError as error:
        assert "\n" not in str(error)
    else:
        # A definition that passes can score its lowest and highest answers.
        for q in versions.values():
            for rating in (q.scale.low, q.scale.high):
                ratings = {s.id: (rating,) * len(s.items) for s in q.sections}
                result = score(q, Answers(questionnaire=q.id, ratings=ratings))
                assert result.total == rating * len(q.sections)

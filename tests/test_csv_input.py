"""CSV answers: one respondent a row, item columns in any order, metadata kept, bad cells
reported as `FILE: row R, column C: message` while the other rows are still scored."""

from __future__ import annotations

import io
import json
import random
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest
from conftest import EXAMPLE_RATINGS, Invoke

from custserv_audit import parsing
from custserv_audit.errors import InputError
from custserv_audit.model import Answers, Questionnaire
from custserv_audit.schema.csv_input import read_csv

ITEM_IDS = [
    f"{sid}.{n}" for sid, values in EXAMPLE_RATINGS.items() for n in range(1, len(values) + 1)
]
EXAMPLE_CELLS = [str(v) for values in EXAMPLE_RATINGS.values() for v in values]
ALL_FIVES = ["5"] * 25

# respondent, the 25 items shuffled (a fixed shuffle), metadata columns, and a date.
COLUMNS = ["respondent", *ITEM_IDS, "region", "segment", "date"]
random.Random(2026).shuffle(COLUMNS)
assert COLUMNS[:3] != ["respondent", "culture.1", "culture.2"]


def csv_row(respondent: str, cells: Sequence[str], override: Mapping[str, str] = {}) -> str:
    values = {
        "respondent": respondent,
        "region": "north",
        "segment": "retail",
        "date": "2026-11-25",
        **dict(zip(ITEM_IDS, cells, strict=True)),
        **override,
    }
    return ",".join(values[c] for c in COLUMNS)


HEADER = ",".join(COLUMNS)
GOOD_CSV = "\n".join([HEADER, csv_row("Acme", EXAMPLE_CELLS), csv_row("Best", ALL_FIVES)]) + "\n"


def lines(data: bytes) -> Iterator[bytes]:
    """Bytes as a file opened in binary mode yields them: line by line."""
    return iter(io.BytesIO(data))


def read(
    data: str | bytes, q: Questionnaire, source: str = "answers.csv"
) -> list[Answers | InputError]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return list(read_csv(lines(raw), source, q))


def ratings_of(answers: Answers) -> dict[str, list[int]]:
    return {sid: list(values) for sid, values in answers.ratings.items()}


def test_columns_in_any_order_with_metadata(builtin: Questionnaire) -> None:
    rows = read(GOOD_CSV, builtin)
    assert all(isinstance(r, Answers) for r in rows)
    acme, best = rows
    assert isinstance(acme, Answers) and isinstance(best, Answers)
    assert ratings_of(acme) == EXAMPLE_RATINGS
    assert ratings_of(best) == {sid: [5] * len(v) for sid, v in EXAMPLE_RATINGS.items()}
    assert (acme.respondent, acme.row, acme.date, acme.source) == (
        "Acme",
        2,
        "2026-11-25",
        "answers.csv",
    )
    assert dict(acme.metadata) == {"region": "north", "segment": "retail"}
    assert best.row == 3


def test_utf8_bom_is_ignored(builtin: Questionnaire) -> None:
    with_bom = read(b"\xef\xbb\xbf" + GOOD_CSV.encode(), builtin)
    assert [ratings_of(r) for r in with_bom if isinstance(r, Answers)] == [
        ratings_of(r) for r in read(GOOD_CSV, builtin) if isinstance(r, Answers)
    ]
    assert len(with_bom) == 2


def test_crlf_line_ends(builtin: Questionnaire) -> None:
    rows = read(GOOD_CSV.replace("\n", "\r\n"), builtin)
    assert [r.respondent for r in rows if isinstance(r, Answers)] == ["Acme", "Best"]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("4.0", "'4.0' is not a whole number 1–5"),
        (" 4", "' 4' is not a whole number 1–5"),
        ("4 ", "'4 ' is not a whole number 1–5"),
        ("", "the rating is empty; expected a whole number 1–5"),
        ("x", "'x' is not a whole number 1–5"),
        ("yes", "'yes' is not a whole number 1–5"),
        ("+4", "'+4' is not a whole number 1–5"),
        ("6", "rating 6 is outside the scale 1–5"),
        ("0", "rating 0 is outside the scale 1–5"),
    ],
)
def test_bad_cell_rejects_only_its_row(builtin: Questionnaire, cell: str, message: str) -> None:
    data = (
        "\n".join(
            [
                HEADER,
                csv_row("Acme", EXAMPLE_CELLS),
                csv_row("Bad", EXAMPLE_CELLS, {"feedback.2": cell}),
                csv_row("Best", ALL_FIVES),
            ]
        )
        + "\n"
    )
    rows = read(data, builtin)
    assert [type(r).__name__ for r in rows] == ["Answers", "InputError", "Answers"]
    error = rows[1]
    assert isinstance(error, InputError)
    assert str(error) == f"answers.csv: row 3, column feedback.2: {message}"
    assert error.location.as_dict() == {
        "line": None,
        "row": 3,
        "column": "feedback.2",
        "section": "feedback",
        "item": "feedback.2",
    }
    assert [r.row for r in rows if isinstance(r, Answers)] == [2, 4]


def test_leading_zero_is_not_a_rating(builtin: Questionnaire) -> None:
    rows = read(
        "\n".join([HEADER, csv_row("Z", EXAMPLE_CELLS, {"culture.1": "04"})]) + "\n", builtin
    )
    assert isinstance(rows[0], InputError)
    assert rows[0].location.column == "culture.1"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            HEADER.replace("staff.5", "staff-five"),
            "answers.csv: row 1, column staff.5: missing column",
        ),
        (
            HEADER.replace("region", "culture.5"),
            "answers.csv: row 1, column culture.5: "
            "unknown item (section 'culture' has 4 statements)",
        ),
        (
            HEADER.replace("region", "segment"),
            "answers.csv: row 1, column segment: the column appears twice",
        ),
        (
            HEADER.replace("respondent", "name"),
            "answers.csv: row 1, column respondent: missing column",
        ),
    ],
    ids=["missing-item", "unknown-item", "duplicate", "no-respondent"],
)
def test_header_problems_reject_the_file(builtin: Questionnaire, header: str, message: str) -> None:
    data = "\n".join([header, csv_row("Acme", EXAMPLE_CELLS)]) + "\n"
    with pytest.raises(InputError) as caught:
        read(data, builtin)
    assert str(caught.value) == message


def test_short_and_long_rows(builtin: Questionnaire) -> None:
    data = (
        "\n".join(
            [
                HEADER,
                "Short,1,2",
                csv_row("Acme", EXAMPLE_CELLS),
                csv_row("Long", EXAMPLE_CELLS) + ",extra",
            ]
        )
        + "\n"
    )
    rows = read(data, builtin)
    assert [str(r) if isinstance(r, InputError) else r.respondent for r in rows] == [
        "answers.csv: row 2: the row has 3 cells, the header has 29",
        "Acme",
        "answers.csv: row 4: the row has 30 cells, the header has 29",
    ]


def test_non_utf8_in_the_middle_names_its_row_and_offset(builtin: Questionnaire) -> None:
    first = (HEADER + "\n" + csv_row("Acme", EXAMPLE_CELLS) + "\n").encode()
    second = csv_row("Bad", EXAMPLE_CELLS, {"region": "n\xf6rth"}).encode("latin-1")
    third = ("\n" + csv_row("After", EXAMPLE_CELLS) + "\n").encode()
    rows = list(read_csv(lines(first + second + third), "answers.csv", builtin))
    offset = len(first) + second.index(b"\xf6")
    errors = [r for r in rows if isinstance(r, InputError)]
    assert [str(e) for e in errors] == [
        f"answers.csv: row 3: not UTF-8 text: invalid byte at offset {offset}"
    ]
    # The byte costs only its own row: the rows before and after are read.
    assert [r.respondent for r in rows if isinstance(r, Answers)] == ["Acme", "After"]


def test_bad_date_and_questionnaire_cells(builtin: Questionnaire) -> None:
    columns = HEADER + ",questionnaire"
    data = (
        "\n".join(
            [
                columns,
                csv_row("D", EXAMPLE_CELLS, {"date": "2026-13-01"}) + ",customer-orientation",
                csv_row("W", EXAMPLE_CELLS, {"date": "2026-W48-3"}) + ",",
                csv_row("Q", EXAMPLE_CELLS) + ",other",
                csv_row("Ok", EXAMPLE_CELLS, {"date": ""}) + ",",
            ]
        )
        + "\n"
    )
    rows = read(data, builtin)
    assert [str(r) if isinstance(r, InputError) else r.date for r in rows] == [
        "answers.csv: row 2, column date: date '2026-13-01' is not an ISO date (YYYY-MM-DD)",
        "answers.csv: row 3, column date: date '2026-W48-3' is not an ISO date (YYYY-MM-DD)",
        "answers.csv: row 4, column questionnaire: questionnaire 'other' does not match "
        "'customer-orientation'",
        None,
    ]


def test_empty_file_and_header_only(builtin: Questionnaire) -> None:
    with pytest.raises(InputError) as caught:
        read("", builtin)
    assert str(caught.value) == "answers.csv: the file is empty"
    assert read(HEADER + "\n", builtin) == []


def test_custom_scale_from_zero(mini: Questionnaire) -> None:
    data = "respondent,care.3,speed.1,care.1,speed.2,care.2\nA,0,3,1,2,0\nB,0,4,1,2,0\n"
    rows = read(data, mini, "mini.csv")
    first, second = rows
    assert isinstance(first, Answers)
    assert ratings_of(first) == {"speed": [3, 2], "care": [1, 0, 0]}
    assert str(second) == "mini.csv: row 3, column speed.1: rating 4 is outside the scale 0–3"


# --- through the command line ---------------------------------------------------------------


def test_score_csv_reports_a_bad_row_and_scores_the_rest(cli: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "clients.csv"
    path.write_text(
        "\n".join(
            [
                HEADER,
                csv_row("Acme", EXAMPLE_CELLS),
                csv_row("Bad", EXAMPLE_CELLS, {"staff.5": "4.5"}),
                csv_row("Best", ALL_FIVES),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    result = cli("score", path, "--format", "json")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}: row 3, column staff.5: '4.5' is not a whole number 1–5"
    ]
    acme, bad, best = json.loads(result.stdout)
    assert bad == {
        "source": str(path),
        "error": {
            "message": "'4.5' is not a whole number 1–5",
            "location": {
                "line": None,
                "row": 3,
                "column": "staff.5",
                "section": "staff",
                "item": "staff.5",
            },
        },
    }
    assert (acme["respondent"], acme["row"], acme["total"], acme["band"]["id"]) == (
        "Acme",
        2,
        27.0,
        "adequate",
    )
    assert acme["metadata"] == {"region": "north", "segment": "retail"}
    assert acme["date"] == "2026-11-25"
    assert acme["weakest"] == ["feedback"]
    assert [s["answers"] for s in acme["sections"]] == list(EXAMPLE_RATINGS.values())
    assert (best["respondent"], best["row"], best["total"], best["weakest"]) == (
        "Best",
        4,
        35.0,
        [],
    )


def test_score_csv_with_bom_exits_0(cli: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD_CSV.encode())
    result = cli("score", path, "--format", "ndjson")
    assert result.exit_code == 0
    assert result.stderr == ""
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(o["respondent"], o["total"]) for o in objects] == [("Acme", 27.0), ("Best", 35.0)]


def test_score_csv_missing_column_rejects_the_file_not_the_batch(
    cli: Invoke, example_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "broken.csv"
    path.write_text(GOOD_CSV.replace("improvement.3", "improvement-3"), encoding="utf-8")
    result = cli("score", path, example_file, "--format", "json")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{path}: row 1, column improvement.3: missing column"]
    objects = json.loads(result.stdout)
    assert [o["source"] for o in objects] == [str(path), str(example_file)]
    assert objects[1]["total"] == 27.0


def test_score_csv_non_utf8_keeps_the_rows_before(cli: Invoke, tmp_path: Path) -> None:
    first = (HEADER + "\n" + csv_row("Acme", EXAMPLE_CELLS) + "\n").encode()
    path = tmp_path / "latin.csv"
    data = first + csv_row("B\xe4d", EXAMPLE_CELLS).encode("latin-1") + b"\n"
    path.write_bytes(data)
    result = cli("score", path, "--format", "json")
    assert result.exit_code == 1
    offset = data.index(b"\xe4")
    assert offset > len(first)
    assert result.stderr.splitlines() == [
        f"{path}: row 3: not UTF-8 text: invalid byte at offset {offset}"
    ]
    objects = json.loads(result.stdout)
    assert objects[0]["respondent"] == "Acme"
    assert objects[1]["error"]["message"] == f"not UTF-8 text: invalid byte at offset {offset}"


def test_an_endless_line_is_rejected_without_reading_it_whole(builtin: Questionnaire) -> None:
    first = (HEADER + "\n" + csv_row("Acme", EXAMPLE_CELLS) + "\n").encode()
    rows: list[Answers | InputError] = []
    with pytest.raises(InputError) as caught:
        # A file object: read a bounded piece at a time.
        for row in read_csv(io.BytesIO(first + b"x" * (3 * parsing.MAX_BYTES)), "a.csv", builtin):
            rows.append(row)
    assert str(caught.value) == (
        f"a.csv: a line is longer than {parsing.MAX_BYTES} bytes (from byte offset {len(first)})"
    )
    assert [r.respondent for r in rows if isinstance(r, Answers)] == ["Acme"]


def test_score_csv_with_an_endless_line(cli: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "endless.csv"
    first = (HEADER + "\n" + csv_row("Acme", EXAMPLE_CELLS) + "\n").encode()
    path.write_bytes(first + b"9," * parsing.MAX_BYTES)
    result = cli("score", path, "--format", "json")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}: a line is longer than {parsing.MAX_BYTES} bytes (from byte offset {len(first)})"
    ]
    assert [o.get("respondent") for o in json.loads(result.stdout)] == ["Acme", None]

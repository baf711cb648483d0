"""Intake of foreign tables: every problem named with its row and column, all at once."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from custserv_audit.errors import InputError, QuestionnaireError
from custserv_audit.intake import TableOptions, parse_mapping, read_answers, table_records
from custserv_audit.intake.dates import reduce_date
from custserv_audit.intake.delimited import read_delimited
from custserv_audit.intake.headers import plan_columns
from custserv_audit.intake.values import scale_values
from custserv_audit.model import Answers
from custserv_audit.schema.definition import read_questionnaire

LANGS = read_questionnaire(None, None)
QS = list(LANGS.values())
Q = LANGS["en"]
ITEMS = [i.id for s in Q.sections for i in s.items]
TEXTS = {i.id: i.text for s in Q.sections for i in s.items}


def _table(header: list[str], rows: list[list[str]], delimiter: str = ",") -> bytes:
    def line(cells: list[str]) -> str:
        return delimiter.join(f'"{c}"' if delimiter in c or '"' in c else c for c in cells)

    return ("\r\n".join(line(r) for r in [header, *rows]) + "\r\n").encode()


def _read(tmp_path: Path, data: bytes, name: str = "x.csv", **options: object) -> list[object]:
    path = tmp_path / name
    path.write_bytes(data)
    opts = TableOptions(**options)  # type: ignore[arg-type]
    return list(read_answers(table_records(path, name, opts), name, QS, opts.mapping))


def test_values_digits_labels_and_numbered_labels() -> None:
    values = scale_values(QS)
    assert [values.read(c) for c in ("4", "often", "USEIN", "Často", "4 - Often", "4 Usein")] == [
        4
    ] * 6
    assert values.read("Never") == 1  # a part of "Never / not at all"
    assert values.read("  5  ") == 5
    for cell, words in [
        ("04", "without leading zeros"),
        ("7", "rating 7 is outside the scale 1–5"),
        ("4 - Always", "disagree"),
        ("maybe", "nor a label"),
        ("", "empty"),
        ("4.5", "nor a label"),
    ]:
        problem = values.read(cell)
        assert isinstance(problem, str) and words in problem, cell
    assert "outside" not in str(values.read("04"))
    assert scale_values(QS, {"Strongly agree": 5}).read("strongly  AGREE") == 5


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2026/11/20 10:15:00 AM GMT+2", "2026-11-20"),
        ("20.11.2026", "2026-11-20"),
        ("20. 11. 2026", "2026-11-20"),
        ("2026-11-20T10:15:00.000+02:00", "2026-11-20"),
        ("2026-11-20 23:59:59", "2026-11-20"),
        ("20.11.2026 klo 10.15", "2026-11-20"),
        ("11/20/2026", "2026-11-20"),
        ("05/06/2026", None),
        ("2026-02-30", None),
        ("yesterday", None),
    ],
)
def test_dates(text: str, date: str | None) -> None:
    assert reduce_date(text) == date


def test_slashed_dates_take_their_order_from_the_column(tmp_path: Path) -> None:
    header = ["Date", *ITEMS]
    data = _table(header, [["05/06/2026", *["3"] * 25], ["05/13/2026", *["3"] * 25]])
    first, second = _read(tmp_path, data)
    assert isinstance(first, Answers) and first.date == "2026-05-06"
    assert isinstance(second, Answers) and second.date == "2026-05-13"
    alone = _read(tmp_path, _table(header, [["05/06/2026", *["3"] * 25]]))[0]
    assert isinstance(alone, InputError) and "date_order" in alone.message


def test_every_bad_cell_of_a_row_in_one_line_capped(tmp_path: Path) -> None:
    header = ["respondent", *ITEMS]
    row = ["Anna", "x", "04", "9", "", "4 - Always", "7", "0", *["3"] * 18]
    outcomes = _read(tmp_path, _table(header, [row, ["Bob", *["2"] * 25]]))
    bad, good = outcomes
    assert isinstance(bad, InputError) and bad.location.row == 2
    text = str(bad)
    assert text.startswith("x.csv: row 2: 7 cells: B (culture.1): 'x'")
    assert "C (culture.2): '04': a rating is written without leading zeros" in text
    assert "and 2 more" in text
    assert isinstance(good, Answers) and good.row == 3


def test_one_bad_cell_names_row_column_and_item(tmp_path: Path) -> None:
    header = ["respondent", *ITEMS]
    bad = _read(tmp_path, _table(header, [["Anna", *["3"] * 24, "6"]]))[0]
    assert isinstance(bad, InputError)
    assert bad.location.row == 2 and bad.location.item == ITEMS[-1]
    assert str(bad) == (f"x.csv: row 2, column Z ({ITEMS[-1]}): rating 6 is outside the scale 1–5")


def test_missing_statements_all_named_with_did_you_mean(tmp_path: Path) -> None:
    header = ["Name"] + [TEXTS[i] for i in ITEMS]
    header[1] = TEXTS[ITEMS[0]].replace("satisfied", "satisfid")  # a typo
    header[2] = "Something else"
    with pytest.raises(InputError) as caught:
        _read(tmp_path, _table(header, [["A", *["3"] * 25]]))
    text = str(caught.value)
    assert "no column holds 2 of the 25 statements" in text
    assert f"{ITEMS[0]} " in text and f"{ITEMS[1]} " in text
    assert "did you mean column B" in text
    assert "custserv-audit map" in text


def test_a_statement_in_two_columns_is_an_error(tmp_path: Path) -> None:
    header = ["Name"] + [TEXTS[i] for i in ITEMS] + [LANGS["fi"].sections[0].items[0].text]
    with pytest.raises(InputError, match=r"culture\.1 is in more than one column \(B, AA\)"):
        _read(tmp_path, _table(header, [["A", *["3"] * 26]]))


def test_headers_in_grid_forms_and_numbering_and_case() -> None:
    first = Q.sections[0]
    forms = [
        f"{first.title} [{first.items[0].text}]",
        f"{first.title} - {first.items[1].text}",
        f"{first.items[2].text.upper()} - {first.title}",
        f"Q4. {first.items[3].text.replace(' ', '  ')}",
    ]
    rest = [f"1.{n} {TEXTS[i]}" for n, i in enumerate(ITEMS[4:], start=1)]
    plan = plan_columns([forms + rest], QS, "x.csv")
    assert dict(plan.items) == {item: n for n, item in enumerate(ITEMS)}


def test_delimiter_detected_and_ambiguity_stated() -> None:
    _used, rows = read_delimited(b"a;b;c\r\n1;2;3\r\n", "x.csv")
    assert list(rows) == [(1, ["a", "b", "c"]), (2, ["1", "2", "3"])]
    with pytest.raises(InputError, match="split by ',' / ';' alike; give --delimiter"):
        read_delimited(b"a,b;c,d\r\n1,2;3,4\r\n", "x.csv")
    used, _rows = read_delimited(b"a,b;c,d\r\n1,2;3,4\r\n", "x.csv", delimiter=";")
    assert used == ";"


def test_one_column_header_really_semicolons(tmp_path: Path) -> None:
    data = _table(["respondent", *ITEMS], [["A", *["3"] * 25]], delimiter=";")
    with pytest.raises(InputError) as caught:
        _read(tmp_path, data, delimiter=",")
    assert "separated by ';'; give --delimiter ';'" in str(caught.value)
    assert "csv" not in caught.value.message.lower()


def test_utf16_unicode_text_from_excel(tmp_path: Path) -> None:
    text = "\t".join(["respondent", *ITEMS]) + "\r\n" + "\t".join(["Šťastný", *["5"] * 25])
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    (answers,) = _read(tmp_path, data, name="x.txt")
    assert isinstance(answers, Answers) and answers.respondent == "Šťastný"


def test_broken_quotes_in_our_words_and_other_rows_kept(tmp_path: Path) -> None:
    header = ",".join(["respondent", *ITEMS])
    good = ",".join(["B", *["2"] * 25])
    data = f'{header}\r\n"A"x,{",".join(["3"] * 25)}\r\n{good}\r\n"C,{",".join(["3"] * 25)}\r\n'
    outcomes = _read(tmp_path, data.encode())
    assert isinstance(outcomes[0], InputError) and outcomes[0].location.row == 2
    assert "expected" not in outcomes[0].message  # not Python's csv wording
    assert isinstance(outcomes[1], Answers) and outcomes[1].respondent == "B"
    assert isinstance(outcomes[2], InputError) and "not closed" in outcomes[2].message


def test_trailing_empty_rows_and_columns_are_noise(tmp_path: Path) -> None:
    header = ["respondent", *ITEMS, "", ""]
    data = _table(header, [["A", *["3"] * 25, "", ""], [""] * 28, [""] * 28])
    outcomes = _read(tmp_path, data)
    assert len(outcomes) == 1 and isinstance(outcomes[0], Answers)


def test_cells_beyond_the_header_are_an_error(tmp_path: Path) -> None:
    data = _table(["respondent", *ITEMS], [["A", *["3"] * 25, "stray"]])
    (bad,) = _read(tmp_path, data)
    assert isinstance(bad, InputError) and "beyond the header's last column" in bad.message


@pytest.mark.parametrize(
    ("head", "words"),
    [
        (
            b"PK\x03\x04\x14\x00\x00\x00mimetypeapplication/vnd.oasis.opendocument.spreadsheet",
            "cannot be read as a workbook \\(.ods: ",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, "as a workbook \\(.xls: "),
        (b"PK\x03\x04\x14\x00\x00\x00[Content_Types].xml", "as a workbook \\(.xlsx: "),
        (b"%PDF-1.7\n", "PDF"),
        (b"\x00\x01\x02binary", "binary"),
    ],
)
def test_binary_files_named_for_what_they_are(tmp_path: Path, head: bytes, words: str) -> None:
    with pytest.raises(InputError, match=words):
        _read(tmp_path, head + b"\x00" * 100)


MAPPING_OK = """\
questionnaire: customer-orientation
respondent: ["First", "Last"]
date: "When"
date_order: day-first
values:
  "Strongly agree": 5
  "Agree": 4
items:
"""


def _mapping_text() -> str:
    return MAPPING_OK + "".join(f'  {item}: "C{n}"\n' for n, item in enumerate(ITEMS))


def test_mapping_round_trip(tmp_path: Path) -> None:
    mapping = parse_mapping(_mapping_text().encode(), "map.yaml", Q)
    header = ["When", "First", "Last", "Extra"] + [f"C{n}" for n in range(25)]
    rows = [["03/04/2026", "Anna", "Smith", "x", "Strongly agree", "agree", *["1"] * 23]]
    (answers,) = _read(tmp_path, _table(header, rows), mapping=mapping)
    assert isinstance(answers, Answers)
    assert answers.respondent == "Anna Smith" and answers.date == "2026-04-03"
    assert answers.ratings["culture"] == (5, 4, 1, 1)
    assert answers.metadata == {"Extra": "x"}


def test_mapping_columns_missing_all_at_once(tmp_path: Path) -> None:
    mapping = parse_mapping(_mapping_text().encode(), "map.yaml", Q)
    header = ["when", "First", "Lsat"] + [f"C{n}" for n in range(24)]
    with pytest.raises(InputError) as caught:
        _read(tmp_path, _table(header, [["1.1.2026", "A", "B", *["3"] * 24]]), mapping=mapping)
    text = str(caught.value)
    assert "respondent: no column 'Last' (did you mean 'Lsat'?)" in text
    assert f"{ITEMS[-1]}: no column 'C24'" in text
    assert "date" not in text.split("|")[0] or "no column 'When'" not in text  # case is fine


def test_mapping_problems_with_lines() -> None:
    text = (
        "questionnaire: customer-orientation\n"
        "proposed: true\n"
        "colour: red\n"
        "values:\n"
        '  "Agree": 9\n'
        "items:\n"
        '  culture.1: "A"\n'
        '  culture.2: "A"\n'
        '  cultrue.3: "B"\n'
        "  culture.4:\n"
    )
    with pytest.raises(QuestionnaireError) as caught:
        parse_mapping(text.encode(), "map.yaml", Q)
    found = [str(p) for p in caught.value.problems]
    assert any(p.startswith("map.yaml:2: the mapping still holds columns proposed") for p in found)
    assert any(p.startswith("map.yaml:3: unknown key 'colour'") for p in found)
    assert any(p.startswith("map.yaml:5: values: 'Agree' must be a rating 1–5") for p in found)
    assert any(p.startswith("map.yaml:8: items.culture.2: column 'A' is already") for p in found)
    assert any("map.yaml:9: unknown item 'cultrue.3' (did you mean culture.3?)" in p for p in found)
    assert any(p.startswith("map.yaml:10: items.culture.4: name its column") for p in found)
    assert any("items: no column given for culture.3" in p for p in found)


def test_a_table_over_the_size_cap_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from custserv_audit.intake import reader

    data = _table(["Respondent", *ITEMS], [["A", *["4"] * len(ITEMS)]], delimiter=";")
    monkeypatch.setattr(reader, "MAX_TABLE_BYTES", len(data) - 1)
    with pytest.raises(InputError) as info:
        _read(tmp_path, data)
    assert str(info.value) == (
        f"x.csv: file is too large ({len(data)} bytes; the limit is {len(data) - 1})"
    )
    monkeypatch.setattr(reader, "MAX_TABLE_BYTES", len(data))
    assert len(_read(tmp_path, data)) == 1

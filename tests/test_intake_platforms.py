"""Every platform export, built from known ratings, scores to the figures of those ratings."""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from pathlib import Path

import intake_exports as ex
import pytest

from custserv_audit.errors import InputError
from custserv_audit.intake import TableOptions, parse_mapping, read_answers, table_records
from custserv_audit.model import Answers, Questionnaire
from custserv_audit.schema.definition import read_questionnaire
from custserv_audit.scoring import score

pytest.importorskip("python_calamine")
pytest.importorskip("openpyxl")

LANGS = read_questionnaire(None, None)
QS = list(LANGS.values())
Q = LANGS["en"]


def _expected_total(q: Questionnaire, ratings: dict[str, int]) -> Fraction:
    """The total computed here from the ratings, independently of the scoring module."""
    total = Fraction(0)
    for section in q.sections:
        values = [ratings[item.id] for item in section.items]
        total += Fraction(sum(values), len(values))
    return total


def _read(path: Path, options: TableOptions | None = None) -> list[Answers | InputError]:
    opts = options or TableOptions()
    return list(read_answers(table_records(path, path.name, opts), path.name, QS, opts.mapping))


def _check(outcomes: list[Answers | InputError], people: list[ex.Respondent]) -> None:
    answers = [o for o in outcomes if isinstance(o, Answers)]
    assert [o for o in outcomes if isinstance(o, InputError)] == []
    assert len(answers) == len(people)
    for got, person in zip(answers, people, strict=True):
        flat = {item.id: got.ratings[s.id][n] for s in Q.sections for n, item in enumerate(s.items)}
        assert flat == person.ratings
        assert score(Q, got).total == _expected_total(Q, person.ratings)
        assert got.date == person.when.date().isoformat()


def _write(tmp_path: Path, built: tuple[str, bytes]) -> Path:
    name, data = built
    path = tmp_path / name
    path.write_bytes(data)
    return path


PEOPLE = ex.respondents(Q)


@pytest.mark.parametrize(
    "builder",
    [ex.google_linear, ex.google_grid, ex.surveymonkey, ex.typeform, ex.qualtrics, ex.kobotoolbox],
    ids=lambda b: b.__name__,
)
def test_text_exports_score_to_their_ratings(tmp_path: Path, builder: ex.TextBuilder) -> None:
    _check(_read(_write(tmp_path, builder(Q, PEOPLE))), PEOPLE)


def test_respondents_and_metadata_kept(tmp_path: Path) -> None:
    sm = _read(_write(tmp_path, ex.surveymonkey(Q, PEOPLE)))
    first = sm[0]
    assert isinstance(first, Answers)
    assert first.respondent == PEOPLE[0].name  # First Name and Last Name joined
    assert first.metadata["IP Address"] == "192.0.2.1"
    kobo = _read(_write(tmp_path, ex.kobotoolbox(Q, PEOPLE)))
    assert isinstance(kobo[1], Answers)
    assert kobo[1].respondent == PEOPLE[1].name
    assert kobo[1].metadata["_uuid"] == "uuid-2"


def test_microsoft_forms_workbook(tmp_path: Path) -> None:
    outcomes = _read(ex.microsoft_forms(Q, PEOPLE, tmp_path))
    _check(outcomes, PEOPLE)
    first = outcomes[0]
    assert isinstance(first, Answers) and first.respondent == PEOPLE[0].name


def test_microsoft_forms_in_finnish(tmp_path: Path) -> None:
    _check(_read(ex.microsoft_forms(LANGS["fi"], PEOPLE, tmp_path)), PEOPLE)


def test_plain_workbook_with_sheet_name(tmp_path: Path) -> None:
    path = ex.plain_workbook(Q, PEOPLE, tmp_path)
    outcomes = _read(path, TableOptions(sheet="Answers"))
    _check(outcomes, PEOPLE)
    first = outcomes[0]
    assert isinstance(first, Answers) and first.metadata == {"team": "north"}
    with pytest.raises(InputError, match=r"no sheet 'Other'.*'Answers'"):
        _read(path, TableOptions(sheet="Other"))


@pytest.mark.parametrize(
    ("lang", "encoding", "bom"),
    [
        ("fi", "cp1252", False),
        ("sk", "cp1250", False),
        ("sk", "utf-8", True),
        ("fi", "utf-8", True),
    ],
)
def test_excel_locale_csv(tmp_path: Path, lang: str, encoding: str, bom: bool) -> None:
    people = [dataclasses.replace(p, name=f"Mäkelä {n}") for n, p in enumerate(PEOPLE)]
    path = _write(tmp_path, ex.excel_locale(LANGS[lang], people, encoding, bom))
    given = None if encoding == "utf-8" else encoding
    _check(_read(path, TableOptions(encoding=given)), people)


def test_legacy_code_page_without_encoding_names_rows_and_keeps_the_rest(tmp_path: Path) -> None:
    # Only the rows holding a non-ASCII byte are unreadable as UTF-8; the others are scored.
    items = [i.id for s in Q.sections for i in s.items]
    lines = [";".join(["respondent", "date", *items])]
    for n, p in enumerate(PEOPLE):
        name = "Mäkelä" if n == 1 else f"Smith {n}"
        lines.append(";".join([name, f"{p.when:%d.%m.%Y}", *(str(p.ratings[i]) for i in items)]))
    path = tmp_path / "legacy.csv"
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    outcomes = _read(path)
    errors = [o for o in outcomes if isinstance(o, InputError)]
    assert [e.location.row for e in errors] == [3]
    assert "--encoding cp1252" in errors[0].message
    assert len([o for o in outcomes if isinstance(o, Answers)]) == len(PEOPLE) - 1


def test_limesurvey_our_codes_map_by_themselves(tmp_path: Path) -> None:
    built = ex.limesurvey(Q, PEOPLE, codes="{sid}[SQ{n:03d}]")
    outcomes = _read(_write(tmp_path, built))
    incomplete = outcomes[-1]
    assert isinstance(incomplete, InputError)
    assert incomplete.location.row == len(PEOPLE) + 2
    assert "incomplete" in incomplete.message
    _check(outcomes[:-1], PEOPLE)


@pytest.mark.parametrize("codes", ["Q{s}[SQ{n:03d}]", "Q{s}_SQ{n:03d}"])
def test_limesurvey_codes_need_a_mapping(tmp_path: Path, codes: str) -> None:
    path = _write(tmp_path, ex.limesurvey(Q, PEOPLE, codes=codes, incomplete=False))
    with pytest.raises(InputError, match="no column header names a statement"):
        _read(path)
    sections = [s.id for s in Q.sections]
    lines = ["questionnaire: customer-orientation", "date: submitdate", "items:"]
    for s in Q.sections:
        for n, item in enumerate(s.items, start=1):
            column = codes.format(s=sections.index(s.id) + 1, n=n)
            lines.append(f'  {item.id}: "{column}"')
    mapping = parse_mapping("\n".join(lines).encode(), "map.yaml", Q)
    _check(_read(path, TableOptions(delimiter=";", mapping=mapping)), PEOPLE)

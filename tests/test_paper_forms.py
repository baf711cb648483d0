"""Machine-readable forms without a scanner: layout, QR payload, roster, keyboard entry logic."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custserv_audit.errors import InputError
from custserv_audit.model import Questionnaire
from custserv_audit.paper import entry
from custserv_audit.paper.layout import MARKER, form_layout
from custserv_audit.paper.pdf import Respondent, render
from custserv_audit.paper.qrpayload import (
    NAME_BUDGET,
    Payload,
    PayloadError,
    decode,
    encode,
    with_name,
)
from custserv_audit.paper.roster import read_roster
from custserv_audit.render.documents import Paper
from custserv_audit.schema.definition import load_questionnaire

ASSETS = Path(__file__).parent / "assets"


@pytest.mark.parametrize("lang", ["en", "fi", "sk"])
@pytest.mark.parametrize("paper", list(Paper))
def test_built_in_form_has_two_pages_and_every_box_once(lang: str, paper: Paper) -> None:
    q = load_questionnaire(None, lang)
    lay = form_layout(q, paper)
    assert len(lay.pages) == 2
    rows = [(r.section, r.item) for p in lay.pages for r in p.rows]
    assert rows == [(s.id, i) for s in q.sections for i in range(len(s.items))]
    frame = lay.frame
    for page in lay.pages:
        for row in page.rows:
            assert [b.value for b in row.boxes] == [1, 2, 3, 4, 5]
            for a, b in zip(row.boxes, row.boxes[1:], strict=False):
                assert b.rect.x - (a.rect.x + a.rect.width) > 5  # boxes apart
            for b in row.boxes:  # inside the markers, clear of the QR code
                assert frame.x + MARKER < b.rect.x < frame.x + frame.width - MARKER
                assert lay.qr.y + lay.qr.height < b.rect.y < frame.y + frame.height - MARKER
        ys = [r.rect.y for r in page.rows]
        assert ys == sorted(ys)


def test_layout_is_a_function_of_the_questionnaire_and_paper() -> None:
    one = form_layout(load_questionnaire(None, "en"), Paper.a4)
    form_layout.cache_clear()
    two = form_layout(load_questionnaire(None, "en"), Paper.a4)
    assert one == two and one is not two
    assert [p.digest for p in one.pages] == [p.digest for p in two.pages]
    letter = form_layout(load_questionnaire(None, "en"), Paper.letter)
    assert one.pages[0].digest != letter.pages[0].digest


def test_custom_questionnaire_long_enough_for_an_odd_page_count(tmp_path: Path) -> None:
    q = load_questionnaire(ASSETS / "mini.yaml", "en")
    assert len(form_layout(q, Paper.a4).pages) == 1
    people = [Respondent("Anna Æbelø", "a"), Respondent("Ben", "b")]
    pdf = tmp_path / "forms.pdf"
    pdf.write_bytes(render(q, Paper.a4, people))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+4$", info.stdout, re.M)  # each one-page form gets a blank back
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    assert "Anna Æbelø" in text[0] and "Page 1 of 1" in text[0]
    assert "Anna Æbelø" in text[1] and "left blank" in text[1]
    assert "Ben" in text[2]


def test_every_page_names_the_respondent_and_counts_pages(tmp_path: Path) -> None:
    q = load_questionnaire(None, "sk")
    pdf = tmp_path / "f.pdf"
    pdf.write_bytes(render(q, Paper.letter, [Respondent("Ľubica Čierna", "lc")]))
    pages = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")[:2]
    for n, page in enumerate(pages, start=1):
        assert "Ľubica Čierna" in page
        assert f"Strana {n} z 2" in page


@given(
    respondent=st.one_of(st.none(), st.text(min_size=1, max_size=40)),
    name=st.one_of(st.none(), st.text(min_size=1, max_size=30)),
    page=st.integers(1, 9),
)
def test_payload_round_trip(respondent: str | None, name: str | None, page: int) -> None:
    payload = Payload(
        "my check", "0123456789abcdef"[:8], "fi", "letter", page, 9, "ab12", respondent, name
    )
    text = encode(payload)
    assert text.isascii() and text.isprintable()
    # The name travels only beside an id it differs from.
    kept = name if respondent is not None and name != respondent else None
    assert decode(text) == Payload(**{**payload.__dict__, "name": kept})


def test_the_name_goes_into_the_qr_code_only_while_it_stays_small() -> None:
    base = Payload("customer-orientation", "40c8ef59", "sk", "letter", 1, 2, "3217", "A17")
    short = with_name(base, "Anna Kovács")
    assert short.name == "Anna Kovács" and decode(encode(short)).name == "Anna Kovács"
    assert len(encode(short)) <= NAME_BUDGET
    long = with_name(base, "Ľubica Čierna-Ďurovičová")
    assert long == base and with_name(base, "x" * 40) == base


@pytest.mark.parametrize(
    "text", ["", "hello", "CS1 a b c d 1/x e", "CS1 a b c d 5/3 e", "CS2 a b c d 1/2 e"]
)
def test_foreign_qr_texts_are_rejected(text: str) -> None:
    with pytest.raises(PayloadError):
        decode(text)


def test_roster() -> None:
    data = "\ufeffName,team,id\nAnna K,north,A1\n\nBen,south,B2\n".encode()
    people = read_roster(data, "r.csv")
    assert [(p.name, p.id, p.metadata) for p in people] == [
        ("Anna K", "A1", {"team": "north"}),
        ("Ben", "B2", {"team": "south"}),
    ]
    assert [p.id for p in read_roster(b"respondent\nAnna\nBen\n", "r.csv")] == ["Anna", "Ben"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"who\nAnna\n", "r.csv: row 1: the roster needs a 'name' column"),
        (b"name,id\nAnna,1\nBen,1\n", "r.csv: row 3, column id: '1' is already on row 2"),
        (b"name,team\nAnna,x\n\n,y\n", "r.csv: row 4, column name: the name is empty"),
        (b"name,team\nAnna\n", "r.csv: row 2: expected 2 cells, found 1"),
        (b"name\n" + b"x" * 41 + b"\n", "r.csv: row 2, column name: longer than 40"),
        (b"name\n\xff\n", "r.csv: not UTF-8 text (byte 5)"),
    ],
)
def test_roster_problems_name_the_place(data: bytes, message: str | None) -> None:
    with pytest.raises(InputError) as caught:
        read_roster(data, "r.csv")
    if message is not None:
        assert str(caught.value).startswith(message)


# --- keyboard entry as a state machine ---------------------------------------------------


@pytest.fixture(scope="module")
def en() -> Questionnaire:
    return load_questionnaire(None, "en")


def type_lines(q: Questionnaire, lines: list[str]) -> entry.Entry:
    state = entry.Entry()
    for line in lines:
        state = entry.step(q, state, line)
    return state


def test_a_form_typed_section_by_section(en: Questionnaire) -> None:
    state = type_lines(en, ["  Anna  K ", "5443", "4 4 5 3", "334", "443", "544", "44435", "344"])
    assert state.complete(en) and state.error is None
    assert state.name == "Anna K"
    assert state.ratings(en)["staff"] == (4, 4, 4, 3, 5)
    assert entry.prompt(en, type_lines(en, ["Anna"])).startswith("1. Company culture (4")


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("544", "3 ratings typed; this section has 4 statements"),
        ("54431", "5 ratings typed"),
        ("5463", "6 is not on the scale 1–5"),
        ("54x3", "type 4 ratings as digits"),
        ("", "type 4 ratings as digits"),
    ],
)
def test_a_wrong_section_is_refused_and_kept_for_retyping(
    en: Questionnaire, line: str, error: str
) -> None:
    state = type_lines(en, ["Anna", line])
    assert state.sections == ()
    assert state.error is not None and state.error.startswith(error)
    state = entry.step(en, state, "5443")
    assert state.sections == ((5, 4, 4, 3),) and state.error is None


def test_going_back_retypes_the_previous_section(en: Questionnaire) -> None:
    state = type_lines(en, ["Anna", "5443", "4453", "-", "1111"])
    assert state.sections == ((5, 4, 4, 3), (1, 1, 1, 1))
    assert type_lines(en, ["Anna", "-"]) == entry.Entry()
    assert type_lines(en, [""]).error == "type the respondent's name"


def test_double_entry_lists_every_disagreement(en: Questionnaire) -> None:
    first = type_lines(en, ["A", "5443", "4453", "334", "443", "544", "44435", "344"])
    second = type_lines(en, ["A", "5443", "4353", "334", "443", "544", "44434", "344"])
    found = entry.disagreements(en, first.ratings(en), second.ratings(en))
    assert found == [
        entry.Disagreement("products", 1, 4, 3),
        entry.Disagreement("staff", 4, 5, 4),
    ]
    fixed = entry.resolve(first.ratings(en), found[1], 4)
    assert fixed["staff"] == (4, 4, 4, 3, 4) and fixed["products"] == (4, 4, 5, 3)
    assert entry.disagreements(en, first.ratings(en), first.ratings(en)) == []


def test_scales_beyond_one_digit_are_typed_with_spaces() -> None:
    q = load_questionnaire(ASSETS / "seven-point.yaml", "en")
    state = entry.step(q, entry.Entry(name="x"), "7 " * len(q.sections[0].items))
    assert state.error is None and state.sections[0][0] == 7

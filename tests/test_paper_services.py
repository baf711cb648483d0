"""The `enter` and `scan` use cases driven by scripted lines instead of a terminal:
what the operator is told and asked, and what ends up on disk."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import EXAMPLE_RATINGS, Invoke

from custserv_audit.interactive.questions import ask_scale_point
from custserv_audit.model import Questionnaire
from custserv_audit.paper import entrystore
from custserv_audit.paper.assemble import Doubt, Form, Origin
from custserv_audit.paper.entry_service import enter_forms, read_form, settle
from custserv_audit.paper.roster import Participant
from custserv_audit.paper.scan import BoxReading, Problem, RowReading
from custserv_audit.paper.scan_service import (
    SHEET,
    ScanOutcome,
    Written,
    file_names,
    left_messages,
    named,
    reviewed,
    seen,
    table_rows,
)

ANNA = ["5443", "4453", "334", "443", "544", "44435", "344"]


class Script:
    """An operator who types the given lines, in order; the end of the lines ends input."""

    def __init__(self, *lines: str) -> None:
        self.lines = list(lines)
        self.said: list[str] = []
        self.asked: list[str] = []

    def say(self, text: str = "") -> None:
        self.said.append(text)

    def ask(self, prompt: str) -> str:
        self.asked.append(prompt)
        if not self.lines:
            raise EOFError
        return self.lines.pop(0)

    def ask_point(self, prompt: str, low: int, high: int, optional: bool = False) -> int | None:
        return ask_scale_point(prompt, low, high, optional, ask=self.ask, say=self.say)


def rows_of(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.open(encoding="utf-8")))


def test_a_form_typed_with_a_mistake_and_a_step_back_is_saved_as_meant(
    builtin: Questionnaire, tmp_path: Path
) -> None:
    pile = tmp_path / "pile.csv"
    typed = ["Anna", "544", "5443", "1111", "-", *ANNA[1:], ""]
    operator = Script(*typed)
    enter_forms(builtin, pile, operator, verify=False)
    assert (
        operator.said[0] == f"Typing forms into {pile} (0 there so far). '-' goes back a section."
    )
    assert "  3 ratings typed; this section has 4 statements" in operator.said
    assert operator.said[-2] == f"Saved Anna (1 form in {pile})."
    assert operator.asked[1] == "  1. Company culture (4 statements): "
    assert operator.lines == []  # the empty name ended the pile
    [row] = rows_of(pile)
    assert row["respondent"] == "Anna" and row["entry"] == "single"
    assert [int(row[f"culture.{i}"]) for i in range(1, 5)] == [5, 4, 4, 3]
    assert [int(row[f"products.{i}"]) for i in range(1, 5)] == [4, 4, 5, 3]


def test_the_end_of_input_keeps_the_forms_finished_so_far(
    builtin: Questionnaire, tmp_path: Path
) -> None:
    pile = tmp_path / "forms"
    operator = Script("Anna", *ANNA, "Ben", "1111")  # Ben's form is cut short
    enter_forms(builtin, pile, operator, verify=False)
    assert operator.said[-2:] == [
        "",  # the end of input closes the prompt's line
        "Ben: the form was not finished and is not saved (1 of 7 sections typed).",
    ]
    assert sorted(p.name for p in pile.iterdir()) == ["0001-Anna.yaml"]
    again = Script("Ben", *ANNA, "")
    enter_forms(builtin, pile, again, verify=False)
    assert "(1 there so far)" in again.said[0]
    records = entrystore.load(pile, builtin)
    assert [(r.name, r.file) for r in records] == [
        ("Anna", "0001-Anna.yaml"),
        ("Ben", "0002-Ben.yaml"),
    ]


def test_the_end_of_input_before_a_name_says_nothing_is_lost(
    builtin: Questionnaire, tmp_path: Path
) -> None:
    operator = Script("Anna", *ANNA)  # the input ends at the next name
    enter_forms(builtin, tmp_path / "pile.csv", operator, verify=False)
    assert operator.said[-3:] == [f"Saved Anna (1 form in {tmp_path / 'pile.csv'}).", "", ""]


class Interrupting(Script):
    """An operator who presses Ctrl-C when the lines run out."""

    def ask(self, prompt: str) -> str:
        if not self.lines:
            self.asked.append(prompt)
            raise KeyboardInterrupt
        return super().ask(prompt)


def test_ctrl_c_mid_form_says_which_form_is_not_saved_and_still_stops(
    builtin: Questionnaire, tmp_path: Path
) -> None:
    pile = tmp_path / "pile.csv"
    operator = Interrupting("Anna", *ANNA, "Ben", "1111", "4444")
    with pytest.raises(KeyboardInterrupt):
        enter_forms(builtin, pile, operator, verify=False)
    assert operator.said[-1] == (
        "Ben: the form was not finished and is not saved (2 of 7 sections typed)."
    )
    assert [row["respondent"] for row in rows_of(pile)] == ["Anna"]


@pytest.mark.parametrize("operator_class", [Script, Interrupting])
def test_a_second_entry_cut_short_keeps_the_first_and_says_so(
    builtin: Questionnaire, tmp_path: Path, operator_class: type[Script]
) -> None:
    pile = tmp_path / "pile.csv"
    enter_forms(builtin, pile, Script("Anna", *ANNA, ""), verify=False)
    # Cut short while typing, then while settling a disagreement.
    for lines in (ANNA[:3], ["5443", "4353", *ANNA[2:]]):
        operator = operator_class(*lines)
        if operator_class is Interrupting:
            with pytest.raises(KeyboardInterrupt):
                enter_forms(builtin, pile, operator, verify=True)
        else:
            enter_forms(builtin, pile, operator, verify=True)
        assert operator.said[-1] == (
            "Anna: the second entry was not finished; the form stays as first typed, "
            "not yet checked."
        )
        [row] = rows_of(pile)
        assert row["entry"] == "single" and row["products.2"] == "4"


def test_double_entry_settles_each_disagreement_with_the_operator(
    builtin: Questionnaire, tmp_path: Path
) -> None:
    pile = tmp_path / "pile.csv"
    enter_forms(builtin, pile, Script("Anna", *ANNA, ""), verify=False)
    second = ["5443", "4353", *ANNA[2:]]  # products.2: 4 first, 3 now
    operator = Script(*second, "9", "3")  # 9 is off the scale: asked again
    enter_forms(builtin, pile, operator, verify=True)
    assert "Second entry 1 of 1: Anna" in operator.said
    assert any(
        line.startswith("2.2: first entry 4, second entry 3: Our promotional")
        for line in operator.said
    )
    assert "9 is not on the scale 1–5" in operator.said
    assert operator.said[-1] == "Checked Anna."
    [row] = rows_of(pile)
    assert row["products.2"] == "3" and row["entry"] == "double"
    done = Script()
    enter_forms(builtin, pile, done, verify=True)
    assert done.said == [f"Every form in {pile} has been entered twice."]


def test_a_second_entry_goes_back_to_the_first_section_not_to_the_name(
    builtin: Questionnaire,
) -> None:
    operator = Script("-", *ANNA)
    state = read_form(builtin, operator, "Anna")
    assert state is not None and state.name == "Anna"
    assert state.ratings(builtin)["culture"] == (5, 4, 4, 3)
    assert all(not prompt.startswith("Respondent") for prompt in operator.asked)


def test_settling_is_asked_until_it_is_a_point_of_the_scale(builtin: Questionnaire) -> None:
    operator = Script("", "six", "0", "2")
    assert settle(builtin, operator) == 2
    assert operator.asked == ["Which is right? (1–5): "] * 4


def test_file_names_are_safe_distinct_and_never_empty() -> None:
    names = file_names(["Anna Kovács", "Anna Kovács", "../etc", "***", "x" * 100, "x" * 100])
    assert names[:4] == ["Anna_Kovács", "Anna_Kovács-2", "etc", "respondent"]
    assert names[4] == "x" * 80 and names[5] == "x" * 80 + "-2"


def doubtful_form() -> Form:
    """Ben's form: statement 2.3 has two marks, everything else is read."""
    ratings: dict[str, list[int | None]] = {k: list(v) for k, v in EXAMPLE_RATINGS.items()}
    ratings["products"][2] = None
    boxes = tuple(
        BoxReading(v, 0.3 if v in (1, 4) else 0.0, 0.6 if v in (1, 4) else 0.0, 0.0, 0.0)
        for v in range(1, 6)
    )
    row = RowReading("products", 2, "2.3", None, Problem.two, 0.0, boxes)
    return Form("Ben", "b7", (), ratings, (Doubt(Origin("photo-2.jpg"), 1, row),))


def test_the_review_asks_each_doubtful_statement_and_keeps_the_rest(
    builtin: Questionnaire,
) -> None:
    form = doubtful_form()
    operator = Script("7", "4")
    ratings = reviewed(builtin, form, operator)
    assert ratings["products"] == [4, 4, 4, 3] and ratings["culture"] == [5, 4, 4, 3]
    assert form.ratings["products"][2] is None  # the form itself is not changed
    text = builtin.sections[1].items[2].text
    assert operator.said[1] == f"Ben · photo-2.jpg · 2.3 {text}"
    assert operator.said[2] == "Seen: two marks   1 ✓  2 ·  3 ·  4 ✓  5 ·"
    assert operator.asked == ["Rating 1–5, or Enter to leave it unanswered: "] * 2
    skipped = reviewed(builtin, form, Script(""))
    assert skipped["products"][2] is None


def test_what_is_left_unanswered_is_listed_and_counted(
    builtin: Questionnaire, tmp_path: Path
) -> None:
    form = doubtful_form()
    ok = Form("Anna", None, (), {}, ())
    outcome = ScanOutcome(
        builtin,
        (
            Written(form, tmp_path / "Ben.yaml", form.doubts),
            Written(ok, tmp_path / "Anna.yaml", ()),
        ),
        trouble=False,
        sheet=tmp_path / SHEET,
    )
    assert not outcome.complete
    assert left_messages(outcome) == ["Ben: photo-2.jpg: statement 2.3: two marks, left unanswered"]
    assert table_rows(outcome) == [
        ("Ben", "", "24/25", "1", str(tmp_path / "Ben.yaml")),
        ("Anna", "", "25/25", "0", str(tmp_path / "Anna.yaml")),
    ]
    assert seen(form.doubts[0].row).startswith("1 ✓  2 ·")


def test_the_roster_names_the_forms_it_knows() -> None:
    form = doubtful_form()
    unknown = Form("page-3", "zz", (), {}, ())
    people = {"b7": Participant("Ben Smith", "b7", {"team": "south"})}
    assert [f.respondent for f in named([form, unknown], people)] == ["Ben Smith", "page-3"]


def test_scan_forms_with_review_writes_what_the_operator_settles(
    builtin: Questionnaire, cli: Invoke, tmp_path: Path
) -> None:
    cv2 = pytest.importorskip("cv2")
    np = pytest.importorskip("numpy")
    from custserv_audit.paper.layout import form_layout
    from custserv_audit.paper.scan import pdf_pages
    from custserv_audit.paper.scan_service import ScanRequest, scan_forms
    from custserv_audit.paper.synthetic import Mark, draw_mark
    from custserv_audit.render.documents import Paper

    pdf = tmp_path / "blank.pdf"
    assert cli("form", "-o", pdf).exit_code == 0
    layout = form_layout(builtin, Paper.a4)
    flat = [v for values in EXAMPLE_RATINGS.values() for v in values]
    rng = np.random.default_rng(5)
    k = 0
    for number, page in enumerate(pdf_pages(pdf.read_bytes(), 150), start=1):
        for row in layout.page(number).rows:
            draw_mark(page, row.boxes[flat[k] - 1].rect, 150, Mark("tick"), rng)
            if row.label == "2.3":
                draw_mark(page, row.boxes[0].rect, 150, Mark("cross"), rng)
            k += 1
        cv2.imwrite(str(tmp_path / f"kari-{number}.png"), page)
    out = tmp_path / "answers"
    files = [str(tmp_path / "kari-1.png"), str(tmp_path / "kari-2.png")]
    reported: list[str] = []
    operator = Script("2")
    request = ScanRequest(files, out, respondent="Kari", review=True)
    outcome = scan_forms(request, operator, reported.append)
    assert reported == [] and outcome.complete and outcome.sheet == out / SHEET
    assert any(line.startswith("Kari · ") and " 2.3 " in line for line in operator.said)
    text = (out / "Kari.yaml").read_text(encoding="utf-8")
    assert "products: [4, 4, 2, 3]" in text
    without = scan_forms(ScanRequest(files, out, respondent="Kari", force=True), None, print)
    assert not without.complete and len(without.written[0].left) == 1


def test_the_scan_table_prints_names_and_files_as_they_are(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from custserv_audit.render.text.scan_table import print_scan_table

    monkeypatch.setenv("COLUMNS", "200")
    print_scan_table(
        [
            ("Anna [Team A]", "scan[1].png", "25/25", "", "answers/Anna_[Team_A].yaml"),
            ("Ben [/]", "2", "24/25", "2.3", "answers/Ben.yaml"),
            ("Eve\x1b[31m", "3", "25/25", "", "answers/Eve.yaml"),
        ]
    )
    out = capsys.readouterr().out
    for text in ("Anna [Team A]", "scan[1].png", "Anna_[Team_A].yaml", "Ben [/]"):
        assert text in out
    assert "\x1b" not in out and "Eve" in out

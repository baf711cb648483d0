"""Numbers as people read them: a decimal comma in Finnish and Slovak on screens, forms and
reports; machine outputs keep the decimal point."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import Invoke

from custserv_audit.model import Answers, Questionnaire
from custserv_audit.render.numbers import number, score_text, signed
from custserv_audit.render.text.table import result_view, to_text
from custserv_audit.schema.answerfile import split
from custserv_audit.schema.definition import load_questionnaire
from custserv_audit.scoring import score


@pytest.mark.parametrize(("lang", "mark"), [("en", "."), ("fi", ","), ("sk", ",")])
def test_scores_changes_and_thresholds_use_the_languages_decimal_mark(lang: str, mark: str) -> None:
    assert score_text(Fraction(299, 12), lang) == f"24{mark}92"
    assert signed(Fraction(1, 2), lang) == f"+0{mark}50"
    assert signed(Fraction(-5, 4), lang) == f"-1{mark}25"
    assert number(Fraction(55, 2), lang) == f"27{mark}5"
    assert number(28, lang) == "28"


def flat_result(lang: str, ratings: list[int]) -> str:
    q = load_questionnaire(None, lang)
    result = score(q, Answers(q.id, split(q, ratings)))
    return to_text(result_view(result), color=False, width=100)


def test_the_finnish_result_screen_writes_a_decimal_comma() -> None:
    screen = flat_result(
        "fi", [5, 4, 4, 3, 4, 4, 5, 3, 3, 3, 4, 4, 4, 3, 5, 4, 4, 4, 4, 4, 3, 5, 3, 4, 4]
    )
    assert "27,00 / 35" in screen
    assert "27.00" not in screen
    assert "3,33" in screen


def test_machine_outputs_keep_the_decimal_point_in_finnish(cli: Invoke, example_file: Path) -> None:
    data = json.loads(cli("score", example_file, "--format", "json", "--lang", "fi").stdout)
    assert data[0]["total"] == 27.0
    assert data[0]["sections"][2]["score"] == 3.33
    row = cli("score", example_file, "--format", "csv", "--lang", "sk").stdout.splitlines()[1]
    assert ",3.33,3.67,4.33,4.0,3.67,27.0," in row


def test_the_slovak_form_writes_band_ranges_with_a_decimal_comma(mini: Questionnaire) -> None:
    from custserv_audit.i18n import gettext_for
    from custserv_audit.render.documents import band_range

    band = mini.bands[0]
    assert band.lower == Fraction(7, 2)
    assert band_range(band, gettext_for("sk"), "sk").startswith("3,5 ")
    assert band_range(band, gettext_for("en"), "en").startswith("3.5 ")


# --- the result screen ---------------------------------------------------------------------

EXAMPLE = [5, 4, 4, 3, 4, 4, 5, 3, 3, 3, 4, 4, 4, 3, 5, 4, 4, 4, 4, 4, 3, 5, 3, 4, 4]


def coloured(q: Questionnaire, ratings: list[int], width: int = 100) -> str:
    result = score(q, Answers(q.id, split(q, ratings)))
    return to_text(result_view(result), color=True, width=width)


def test_the_marker_of_the_weakest_areas_is_explained(builtin: Questionnaire) -> None:
    screen = to_text(
        result_view(score(builtin, Answers(builtin.id, split(builtin, EXAMPLE)))), False
    )
    assert "Customer feedback ◀" in screen
    assert "◀ the weakest sections; what to do about them is below" in screen


def test_the_total_shows_every_band_and_its_range(builtin: Questionnaire) -> None:
    screen = " ".join(
        to_text(
            result_view(score(builtin, Answers(builtin.id, split(builtin, EXAMPLE)))), False
        ).split()
    )
    for band in builtin.bands:
        assert band.label in screen
    assert "Bands: 28 or more: " in screen
    assert "under 21: " in screen


def test_a_weak_area_of_a_good_audit_is_not_painted_red(builtin: Questionnaire) -> None:
    # Every area 5 but one at 4.33: the weakest area is still in the top band (green).
    ratings = [5] * 25
    ratings[14:17] = [4, 4, 5]
    screen = coloured(builtin, ratings)
    line = next(x for x in screen.splitlines() if "◀" in x)
    assert "\x1b[31m" not in line and "\x1b[1;31m" not in line  # no red
    assert "32m" in line  # green


def test_a_flat_profile_gets_one_area_to_start_with(builtin: Questionnaire) -> None:
    screen = to_text(
        result_view(score(builtin, Answers(builtin.id, split(builtin, [4] * 25)))), False
    )
    assert "Every section has the same score" in screen
    first, second = builtin.sections[0], builtin.sections[1]
    assert first.advice[0].text[:30] in " ".join(screen.split())
    assert second.advice[0].text[:30] not in " ".join(screen.split())


def test_the_result_stays_readable_on_a_wide_terminal(builtin: Questionnaire) -> None:
    screen = to_text(
        result_view(score(builtin, Answers(builtin.id, split(builtin, EXAMPLE)))), False, width=220
    )
    assert max(len(line.rstrip()) for line in screen.splitlines()) <= 100

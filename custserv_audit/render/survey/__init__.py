"""Survey definitions for form platforms, built from the questionnaire in all its languages.

Each names its questions so that the platform's export maps by itself: item codes
(`culture_1`, `culture[SQ001]`) or the statements' own texts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from enum import StrEnum
from importlib import import_module

from ...i18n import gettext_for
from ...model import Questionnaire


class SurveyFormat(StrEnum):
    """Platforms a survey definition can be written for."""

    xlsform = "xlsform"
    limesurvey = "limesurvey"
    surveyjs = "surveyjs"
    google_apps_script = "google-apps-script"


MODULES = {
    SurveyFormat.xlsform: "xlsform",
    SurveyFormat.limesurvey: "limesurvey",
    SurveyFormat.surveyjs: "surveyjs",
    SurveyFormat.google_apps_script: "apps_script",
}
SUFFIXES = {
    SurveyFormat.xlsform: ".xlsx",
    SurveyFormat.limesurvey: ".txt",
    SurveyFormat.surveyjs: ".json",
    SurveyFormat.google_apps_script: ".gs",
}


def code(section_id: str) -> str:
    """A section id as a platform code: letters and digits only (LimeSurvey's rule)."""
    return re.sub(r"[^A-Za-z0-9]", "", section_id)


def item_name(section_id: str, number: int) -> str:
    """An item's field name in XLSForm and SurveyJS: `culture_1`."""
    return f"{code(section_id)}_{number}"


def name_question(lang: str) -> str:
    """The question that asks for the respondent's name, in one language."""
    _ = gettext_for(lang)
    return _("Your name")


def render_survey(questionnaires: Sequence[Questionnaire], fmt: SurveyFormat) -> bytes | str:
    """The definition: the questionnaire in each language given, the first as the default."""
    module = import_module(f".{MODULES[fmt]}", __package__)
    render: Callable[[Sequence[Questionnaire]], bytes | str] = module.render
    return render(questionnaires)

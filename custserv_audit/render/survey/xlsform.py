"""XLSForm (KoboToolbox, ODK): a workbook with survey, choices and settings sheets.

Fields are named `respondent` and `culture_1` …; a group per section. Kobo's export
headers (`culture/culture_1`, or the labels) are found by `score` without a mapping.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from ...intake.xlsx import writer_module
from ...model import Questionnaire
from . import code, item_name, name_question


def render(questionnaires: Sequence[Questionnaire]) -> bytes:
    """The XLSForm workbook as bytes."""
    openpyxl = writer_module()
    first = questionnaires[0]
    langs = [q.language for q in questionnaires]

    def labels(column: str = "label") -> list[str]:
        return [f"{column}::{lang}" for lang in langs]

    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", *labels(), "required", "appearance"])
    survey.append(["text", "respondent", *(name_question(lang) for lang in langs), "no", ""])
    for n, section in enumerate(first.sections):
        titles = [q.sections[n].title for q in questionnaires]
        survey.append(["begin_group", code(section.id), *titles, "", "field-list"])
        for k, _item in enumerate(section.items):
            texts = [q.sections[n].items[k].text for q in questionnaires]
            survey.append(
                ["select_one rating", item_name(section.id, k + 1), *texts, "yes", "likert"]
            )
        survey.append(["end_group", "", *[""] * len(langs), "", ""])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", *labels()])
    for point in first.scale.points:
        texts = [q.scale.label(point.value) for q in questionnaires]
        choices.append(["rating", str(point.value), *texts])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "default_language", "version"])
    settings.append([first.title, first.id, first.language, first.fingerprint])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

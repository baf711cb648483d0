"""SurveyJS JSON: a page per section, a rating question per statement, every language.

Questions are named `culture_1` …; SurveyJS results (a JSON array of objects such as
`{"respondent": "…", "culture_1": 4, …}`) are scored as they are.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from ...model import Questionnaire
from . import code, item_name, name_question


def _text(questionnaires: Sequence[Questionnaire], pick: Callable[[Questionnaire], str]) -> object:
    """A localisable string: the first language is SurveyJS's "default"."""
    texts = [pick(q) for q in questionnaires]
    if len(texts) == 1:
        return texts[0]
    out = {"default": texts[0]}
    out.update({q.language: text for q, text in zip(questionnaires[1:], texts[1:], strict=True)})
    return out


def _item(n: int, k: int) -> Callable[[Questionnaire], str]:
    return lambda q: q.sections[n].items[k].text


def _label(value: int) -> Callable[[Questionnaire], str]:
    return lambda q: q.scale.label(value)


def _section(n: int, field: str) -> Callable[[Questionnaire], str]:
    return lambda q: str(getattr(q.sections[n], field))


def render(questionnaires: Sequence[Questionnaire]) -> str:
    """The survey JSON as text."""
    first = questionnaires[0]
    pages: list[dict[str, object]] = [
        {
            "name": "respondent",
            "elements": [
                {
                    "type": "text",
                    "name": "respondent",
                    "title": _text(questionnaires, lambda q: name_question(q.language)),
                }
            ],
        }
    ]
    for n, section in enumerate(first.sections):
        elements = []
        for k in range(len(section.items)):
            elements.append(
                {
                    "type": "rating",
                    "name": item_name(section.id, k + 1),
                    "title": _text(questionnaires, _item(n, k)),
                    "isRequired": True,
                    "rateValues": [
                        {
                            "value": point.value,
                            "text": _text(questionnaires, _label(point.value)),
                        }
                        for point in first.scale.points
                    ],
                }
            )
        pages.append(
            {
                "name": code(section.id),
                "title": _text(questionnaires, _section(n, "title")),
                "description": _text(questionnaires, _section(n, "theme")),
                "elements": elements,
            }
        )
    survey = {
        "title": _text(questionnaires, lambda q: q.title),
        "description": _text(questionnaires, lambda q: q.instructions),
        "locale": first.language,
        "pages": pages,
        "showQuestionNumbers": "off",
    }
    return json.dumps(survey, ensure_ascii=False, indent=2) + "\n"

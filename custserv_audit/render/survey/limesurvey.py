"""LimeSurvey's tab-separated survey structure (.txt), imported with "Import survey".

An array question per section, coded by the section id (`culture`), its statements as
subquestions SQ001 …; the answers are coded 1 … 5, so an export headed `culture[SQ001]`
(codes) or `Company culture [We …]` (texts) maps by itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...model import Questionnaire
from . import code, name_question

HEADER = (
    "id",
    "related_id",
    "class",
    "type/scale",
    "name",
    "relevance",
    "text",
    "help",
    "language",
    "validation",
    "mandatory",
    "other",
    "default",
    "same_default",
)


def _row(**cells: str) -> str:
    return "\t".join(_clean(cells.get(column.replace("/", "_"), "")) for column in HEADER)


def _clean(text: str) -> str:
    """One cell: no tab or line break can break the table."""
    return " ".join(text.split())


def render(questionnaires: Sequence[Questionnaire]) -> str:
    """The survey structure as text, one language block after another."""
    first = questionnaires[0]
    others = " ".join(q.language for q in questionnaires[1:])
    rows = ["\t".join(HEADER)]
    rows.append(_row(**{"class": "S", "name": "language", "text": first.language}))
    if others:
        rows.append(_row(**{"class": "S", "name": "additional_languages", "text": others}))
    rows.append(_row(**{"class": "S", "name": "format", "text": "G"}))
    for q in questionnaires:
        rows.append(
            _row(
                **{"class": "SL", "name": "surveyls_title", "text": q.title, "language": q.language}
            )
        )
        rows.append(
            _row(
                **{
                    "class": "SL",
                    "name": "surveyls_description",
                    "text": q.instructions,
                    "language": q.language,
                }
            )
        )
    for n, section in enumerate(first.sections):
        for q in questionnaires:
            local = q.sections[n]
            rows.append(
                _row(
                    **{
                        "id": str(n + 1),
                        "class": "G",
                        "name": local.title,
                        "relevance": "1",
                        "text": local.theme,
                        "language": q.language,
                    }
                )
            )
            rows.append(
                _row(
                    **{
                        "class": "Q",
                        "type_scale": "F",
                        "name": code(section.id),
                        "relevance": "1",
                        "text": local.theme,
                        "language": q.language,
                        "mandatory": "Y",
                    }
                )
            )
            for k, item in enumerate(local.items, start=1):
                rows.append(
                    _row(
                        **{
                            "class": "SQ",
                            "name": f"SQ{k:03d}",
                            "relevance": "1",
                            "text": item.text,
                            "language": q.language,
                        }
                    )
                )
            for point in q.scale.points:
                rows.append(
                    _row(
                        **{
                            "class": "A",
                            "name": str(point.value),
                            "text": point.label,
                            "language": q.language,
                        }
                    )
                )
    # A last group asks for the respondent's name (a short free text question).
    for q in questionnaires:
        name = name_question(q.language)
        rows.append(
            _row(
                **{
                    "id": str(len(first.sections) + 1),
                    "class": "G",
                    "name": name,
                    "relevance": "1",
                    "language": q.language,
                }
            )
        )
        rows.append(
            _row(
                **{
                    "class": "Q",
                    "type_scale": "S",
                    "name": "respondent",
                    "relevance": "1",
                    "text": name,
                    "language": q.language,
                    "mandatory": "N",
                }
            )
        )
    return "\n".join(rows) + "\n"

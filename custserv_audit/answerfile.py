"""Writing answer files in SPEC's format (the interview saves these)."""

from __future__ import annotations

import json

from .model import Answers, Questionnaire


def split(questionnaire: Questionnaire, flat: list[int]) -> dict[str, tuple[int, ...]]:
    """Flat ratings in questionnaire order → per-section tuples (a prefix may be partial)."""
    out: dict[str, tuple[int, ...]] = {}
    start = 0
    for section in questionnaire.sections:
        part = flat[start : start + len(section.items)]
        if part:
            out[section.id] = tuple(part)
        start += len(section.items)
    return out


def flatten(questionnaire: Questionnaire, answers: Answers) -> list[int]:
    """Per-section ratings → the answered prefix in questionnaire order."""
    flat: list[int] = []
    for section in questionnaire.sections:
        part = answers.ratings.get(section.id, ())
        flat.extend(part)
        if len(part) < len(section.items):
            break
    return flat


def dump_answers(
    questionnaire_id: str,
    ratings: dict[str, tuple[int, ...]],
    respondent: str | None,
    date: str | None,
) -> str:
    """YAML text of an answer file; strings are JSON-quoted, which YAML reads as is."""
    lines = [f"questionnaire: {json.dumps(questionnaire_id)}"]
    if respondent:
        lines.append(f"respondent: {json.dumps(respondent, ensure_ascii=False)}")
    if date:
        lines.append(f"date: {date}")
    lines.append("answers:")
    for section_id, values in ratings.items():
        lines.append(f"  {section_id}: [{', '.join(str(v) for v in values)}]")
    if not ratings:
        lines[-1] = "answers: {}"
    return "\n".join(lines) + "\n"

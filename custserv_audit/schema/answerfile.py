"""Answer files in the documented format (docs/reference.md), as the interview writes them."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..model import Answers, Questionnaire


def split(questionnaire: Questionnaire, flat: Sequence[int | None]) -> dict[str, tuple[int, ...]]:
    """Ratings in questionnaire order (None = not answered) → per-section tuples.

    A section keeps its answered prefix; a section with no answer is left out,
    so a partial interview saves as a partial answer file.
    """
    out: dict[str, tuple[int, ...]] = {}
    start = 0
    for section in questionnaire.sections:
        part: list[int] = []
        for value in flat[start : start + len(section.items)]:
            if value is None:
                break
            part.append(value)
        if part:
            out[section.id] = tuple(part)
        start += len(section.items)
    return out


def positions(questionnaire: Questionnaire, answers: Answers) -> list[int | None]:
    """Per-section ratings → one entry per statement in order, None where unanswered."""
    flat: list[int | None] = []
    for section in questionnaire.sections:
        part = answers.ratings.get(section.id, ())
        flat.extend(part)
        flat.extend([None] * (len(section.items) - len(part)))
    return flat


def dump_answers(
    questionnaire_id: str,
    ratings: dict[str, tuple[int, ...]],
    respondent: str | None,
    date: str | None,
    kind: str = "yaml",
) -> str:
    """The text of an answer file, YAML or (`kind="json"`) JSON."""
    if kind == "json":
        data: dict[str, object] = {"questionnaire": questionnaire_id}
        if respondent:
            data["respondent"] = respondent
        if date:
            data["date"] = date
        data["answers"] = {section_id: list(values) for section_id, values in ratings.items()}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    lines = [f"questionnaire: {quote(questionnaire_id)}"]
    if respondent:
        lines.append(f"respondent: {quote(respondent)}")
    if date:
        lines.append(f"date: {date}")
    lines.append("answers:")
    for section_id, values in ratings.items():
        lines.append(f"  {section_id}: [{', '.join(str(v) for v in values)}]")
    if not ratings:
        lines[-1] = "answers: {}"
    return "\n".join(lines) + "\n"


def quote(text: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly `text`.

    JSON quoting is valid YAML; characters that are not printable are escaped
    too, so no name can break the file's lines.
    """
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in quoted)

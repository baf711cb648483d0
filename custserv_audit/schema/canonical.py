"""A fast path for answer files in exactly the YAML layout the tool writes.

`dump_answers` (and most hand-edited files) produce one shape: `questionnaire:`, an
optional double-quoted `respondent:`, an optional ISO `date:`, then `answers:` with one
flow list of small whole numbers per section. One anchored regular expression reads
that shape into the same values the strict event walk of `parsing.parse_yaml` builds;
anything else (comments, anchors, tags, escapes, other orders, metadata, a duplicate
section, characters YAML treats specially) is left to the strict walk, which reports
every problem exactly as before.
"""

from __future__ import annotations

import re

from ..parsing import NON_PRINTABLE, plain_scalar

_ID = r"[A-Za-z][A-Za-z0-9_-]*"
# The text of a double-quoted scalar with no escapes, quotes or control characters.
_QUOTED = r'"([^"\\\x00-\x1f\x7f-\x9f]*)"'
_LAYOUT = re.compile(
    rf"questionnaire: (?:{_QUOTED}|({_ID}))\n"
    rf"(?:respondent: {_QUOTED}\n)?"
    r"(?:date: ([0-9]{4}-[0-9]{2}-[0-9]{2})\n)?"
    r"answers:\n"
    rf"((?:  {_ID}: \[(?:[0-9]|[1-9][0-9])(?:, (?:[0-9]|[1-9][0-9]))*\]\n)+)"
)
_SECTION = re.compile(rf"  ({_ID}): \[([0-9, ]+)\]\n")
# Line breaks and a byte-order mark that YAML reads differently from the text around them.
_SPECIAL = re.compile("[\x85\u2028\u2029\ufeff]")


def canonical_answers(text: str) -> dict[str, object] | None:
    """The value of an answer file in the canonical layout, or None for any other text."""
    match = _LAYOUT.fullmatch(text)
    if match is None or NON_PRINTABLE.search(text) or _SPECIAL.search(text):
        return None
    quoted_id, plain_id, respondent, date, body = match.groups()
    qid = quoted_id if quoted_id is not None else plain_scalar(plain_id)
    if not isinstance(qid, str):  # `questionnaire: no` is a boolean to YAML
        return None
    value: dict[str, object] = {"questionnaire": qid}
    if respondent is not None:
        value["respondent"] = respondent
    if date is not None:
        value["date"] = date
    answers: dict[str, list[int]] = {}
    for section, ratings in _SECTION.findall(body):
        if section in answers:
            return None  # a duplicate: the strict walk names its line
        answers[section] = [int(r) for r in ratings.split(", ")]
    value["answers"] = answers
    return value

"""The built-in questionnaire's fixed structure, the same in every language.

Seven sections in the source's order with 4, 4, 3, 3, 3, 5 and 3 statements (25), a
1-5 scale, bands at 28 and 21, 4-5 pieces of advice per section, and every text present
and translated (not copied from English) in Finnish and Slovak.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from custserv_audit.model import Questionnaire
from custserv_audit.schema.definition import load_questionnaire

SECTIONS = [
    ("culture", 4),
    ("products", 4),
    ("feedback", 3),
    ("knowledge", 3),
    ("accessibility", 3),
    ("staff", 5),
    ("improvement", 3),
]
LANGUAGES = ("en", "fi", "sk")


def every_text(q: Questionnaire) -> list[str]:
    texts = [q.title, q.instructions, *(p.label for p in q.scale.points)]
    for s in q.sections:
        texts += [s.title, s.theme, *(i.text for i in s.items)]
        texts += [t for tip in s.advice for t in (tip.text, tip.source)]
    texts += [t for b in q.bands for t in (b.label, b.meaning)]
    return texts


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sections_statements_and_their_order(lang: str) -> None:
    q = load_questionnaire(None, lang)
    assert [(s.id, len(s.items)) for s in q.sections] == SECTIONS
    assert q.item_count == sum(n for _id, n in SECTIONS) == 25
    for s in q.sections:
        assert [i.id for i in s.items] == [f"{s.id}.{n}" for n in range(1, len(s.items) + 1)]
        assert 4 <= len(s.advice) <= 5


@pytest.mark.parametrize("lang", LANGUAGES)
def test_scale_and_bands(lang: str) -> None:
    q = load_questionnaire(None, lang)
    assert (q.scale.low, q.scale.high) == (1, 5)
    assert [p.value for p in q.scale.points] == [1, 2, 3, 4, 5]
    assert [(b.id, b.lower, b.upper) for b in q.bands] == [
        ("asset", Fraction(28), None),
        ("adequate", Fraction(21), Fraction(28)),
        ("at-risk", None, Fraction(21)),
    ]


@pytest.mark.parametrize("lang", ["fi", "sk"])
def test_every_text_is_there_and_translated(lang: str) -> None:
    english = every_text(load_questionnaire(None, "en"))
    other = every_text(load_questionnaire(None, lang))
    assert len(other) == len(english) == 1 + 1 + 5 + 7 * 2 + 25 + 2 * 35 + 3 * 2
    assert all(t.strip() for t in other + english)
    same = [e for e, o in zip(english, other, strict=True) if e == o]
    assert same == []

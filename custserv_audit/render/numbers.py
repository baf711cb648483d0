"""Numbers as people read them: two decimals, a decimal comma in Finnish and Slovak;
and the order of the bands, best first, that every colour of a band is chosen by.

Every screen, form and report formats its numbers here. Machine outputs (JSON,
NDJSON, CSV) never do: they keep the decimal point whatever the language.
"""

from __future__ import annotations

from fractions import Fraction

from ..model import Band, Questionnaire
from ..scoring import rounded

# Languages that write 3,25 rather than 3.25.
DECIMAL_COMMA = frozenset({"fi", "sk"})


def localise(text: str, lang: str) -> str:
    """`text` (a number written with a decimal point) with the language's decimal mark."""
    return text.replace(".", ",") if lang in DECIMAL_COMMA else text


def score_text(value: Fraction, lang: str) -> str:
    """A score with two decimals: 3.25 (en), 3,25 (fi, sk)."""
    return localise(f"{rounded(value):.2f}", lang)


def signed(value: Fraction, lang: str) -> str:
    """A change with its sign: +0.50, -1.25, 0.00."""
    return ("+" if value > 0 else "") + score_text(value, lang)


def number(value: Fraction | int, lang: str) -> str:
    """A threshold or count as people write it: 28, 27.5, 3.33 (at most two decimals)."""
    text = f"{rounded(Fraction(value)):.2f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return localise(text, lang)


def ordered_bands(questionnaire: Questionnaire) -> list[Band]:
    """Bands from the highest totals down (the best verdict first)."""
    return sorted(
        questionnaire.bands,
        key=lambda b: b.lower if b.lower is not None else Fraction(-(10**9)),
        reverse=True,
    )


def band_rank(questionnaire: Questionnaire, band_id: str) -> int:
    """0 for the best band, 1 for the next, …: the index into a palette of band colours."""
    return [b.id for b in ordered_bands(questionnaire)].index(band_id)

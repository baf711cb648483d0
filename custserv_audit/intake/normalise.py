"""One way to compare texts typed on different platforms: case, spacing, quotes, punctuation."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'}
)
_PUNCT = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")
# Leading numbering platforms add: "1.", "1.1", "3)", "Q3", "Q3.", "Q1_2", "#4".
_NUMBERING = re.compile(r"^\s*(?:#|q(?=\d))?\d+(?:[._]\d+)*[.):]?\s+", re.IGNORECASE)


def normalise(text: str) -> str:
    """Lower case, one space between words, no punctuation, typographic quotes made plain."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    text = _PUNCT.sub(" ", text).replace("_", " ")
    return _SPACE.sub(" ", text).strip()


def strip_numbering(text: str) -> str:
    """The text without a leading question number."""
    return _NUMBERING.sub("", text, count=1)

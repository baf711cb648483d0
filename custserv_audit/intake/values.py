"""Cell texts -> ratings: digits, the scale's labels in every language, `N - label`, `N label`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..i18n import _
from ..model import Questionnaire
from ..parsing import show
from .normalise import normalise

_DIGITS = re.compile(r"[0-9]+\Z")
# "4 - Often", "4 – Often", "4: Often", "4. Often", "4 Often", "(4) Often"
_NUMBERED = re.compile(r"\(?([0-9]+)\)?\s*(?:[-–—:.=]\s*|\s+)([^\W\d_].*)\Z", re.DOTALL)


@dataclass(frozen=True)
class Values:
    """How the cells of one questionnaire's rating columns are read."""

    low: int
    high: int
    labels: Mapping[str, int]  # normalised label -> rating (every language, and the mapping's)

    def read(self, cell: str) -> int | str:
        """The rating a cell holds, or the reason it holds none."""
        text = cell.strip()
        if not text:
            return _("the rating is empty; expected a whole number {low}–{high}").format(
                low=self.low, high=self.high
            )
        if _DIGITS.match(text):
            return self._number(text)
        label = self.labels.get(normalise(text))
        if label is not None:
            return label
        numbered = _NUMBERED.match(text)
        if numbered and _DIGITS.match(numbered.group(1)):
            value = self._number(numbered.group(1))
            if isinstance(value, str):
                return value
            named = self.labels.get(normalise(numbered.group(2)))
            if named is None or named == value:
                # "4 - Often", or "4 Agree" with a label of the platform's own after the number
                return value
            return _(
                "{value}: the number {number} and the label (rating {rating}) disagree"
            ).format(value=show(cell), number=value, rating=named)
        return _("{value} is not a rating {low}–{high} nor a label of the scale").format(
            value=show(cell), low=self.low, high=self.high
        )

    def _number(self, text: str) -> int | str:
        if len(text) > 1 and text.startswith("0"):
            return _("{value}: a rating is written without leading zeros").format(value=show(text))
        if len(text) > 6 or not self.low <= int(text) <= self.high:
            return _("rating {value} is outside the scale {low}–{high}").format(
                value=show(text) if len(text) > 6 else text, low=self.low, high=self.high
            )
        return int(text)


def scale_values(
    questionnaires: Iterable[Questionnaire], extra: Mapping[str, int] | None = None
) -> Values:
    """The readings of the scale's labels in every language, plus a mapping file's labels.

    A label such as "Never / not at all" is also read by each of its parts, when no other
    point of the scale has that part.
    """
    labels: dict[str, int] = {}
    parts: dict[str, set[int]] = {}
    low = high = 0
    for questionnaire in questionnaires:
        low, high = questionnaire.scale.low, questionnaire.scale.high
        for point in questionnaire.scale.points:
            labels[normalise(point.label)] = point.value
            for part in point.label.split("/"):
                parts.setdefault(normalise(part), set()).add(point.value)
    for part, points in parts.items():
        if len(points) == 1 and part and part not in labels:
            labels[part] = next(iter(points))
    for text, value in (extra or {}).items():
        labels[normalise(text)] = value
    return Values(low, high, labels)

"""The one check of a rating, for every input format."""

from __future__ import annotations

from ..i18n import _
from ..parsing import (
    BigInt,
    show,
)


def rating_problem(value: object, low: int, high: int) -> str | None:
    """Why `value` is not a rating, or None when it is one."""
    if isinstance(value, bool):
        return _(
            "a yes/no (boolean) value is not a rating; expected a whole number {low}–{high}"
        ).format(low=low, high=high)
    if isinstance(value, (int, BigInt)):
        if isinstance(value, int) and low <= value <= high:
            return None
        return _("rating {value} is outside the scale {low}–{high}").format(
            value=show(value), low=low, high=high
        )
    if value is None:
        return _("the rating is empty; expected a whole number {low}–{high}").format(
            low=low, high=high
        )
    return _("{value} is not a whole number {low}–{high}").format(
        value=show(value), low=low, high=high
    )

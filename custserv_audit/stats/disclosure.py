"""The minimum group size: a smaller group's figures are withheld.

A group of one or two people is not a group: its "averages" are their own
answers. Below `min_group` respondents a group's figures are not shown, only
its count and the reason, so no individual can be singled out by a grouping.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The default smallest group whose figures are shown.
DEFAULT_MIN_GROUP = 3


@dataclass(frozen=True)
class Disclosure:
    """Whether a group's figures may be shown, and the rule that decided it."""

    count: int
    min_group: int

    @property
    def shown(self) -> bool:
        """True when the group has at least `min_group` respondents."""
        return self.count >= self.min_group


def disclosure(count: int, min_group: int = DEFAULT_MIN_GROUP) -> Disclosure:
    """The decision for a group of `count` respondents; `min_group` 0 never withholds."""
    if min_group < 0:
        raise ValueError("the minimum group size cannot be negative")
    return Disclosure(count, min_group)

"""The change of a mean between two independent waves, and whether it is beyond the noise.

Two waves of a survey are two samples (often of different people, or of
anonymous answers), so the change of a group's mean gets Welch's interval: the
difference of the means plus or minus t(level, df) times the standard error
sqrt(v1/n1 + v2/n2) (v the sample variances), with the Welch-Satterthwaite
degrees of freedom df. A change is larger than the noise when that interval
leaves out zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from .figures import LEVEL
from .tdist import two_sided_critical


@dataclass(frozen=True)
class Change:
    """A mean before and after, the exact difference and its interval.

    `low`/`high`/`df` are None when either wave has fewer than two respondents
    (no spread to measure the noise by). When both waves have no spread at all,
    the interval is the difference itself and `df` is None.
    """

    before: Fraction
    after: Fraction
    low: float | None
    high: float | None
    df: float | None
    level: float = LEVEL

    @property
    def difference(self) -> Fraction:
        """After minus before (positive: improved)."""
        return self.after - self.before

    @property
    def beyond_noise(self) -> bool | None:
        """True when the interval leaves out zero; None when there is no interval."""
        if self.low is None or self.high is None:
            return None
        return self.low > 0 or self.high < 0


def welch_change(
    before: tuple[int, Fraction, Fraction | None],
    after: tuple[int, Fraction, Fraction | None],
    level: float = LEVEL,
) -> Change:
    """The change from `before` to `after`, each (count, exact mean, exact sample variance)."""
    (n1, m1, v1), (n2, m2, v2) = before, after
    if v1 is None or v2 is None or n1 < 2 or n2 < 2:
        return Change(m1, m2, None, None, None, level)
    a, b = v1 / n1, v2 / n2
    centre = float(m2 - m1)
    if a + b == 0:
        return Change(m1, m2, centre, centre, None, level)
    df = float((a + b) ** 2 / (a * a / (n1 - 1) + b * b / (n2 - 1)))
    half = two_sided_critical(level, df) * math.sqrt(a + b)
    return Change(m1, m2, centre - half, centre + half, df, level)

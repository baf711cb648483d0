"""Every figure of a summary (JSON) worked out again from the raw ratings with NumPy and SciPy.

Written apart from the tool's code, from the definitions in docs/reference.md: the tests
call `check_group` on small exports; the same functions check a realistic export by hand.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest
from scipy import stats as sps

SIZES = (4, 4, 3, 3, 3, 5, 3)
SECTION_IDS = (
    "culture",
    "products",
    "feedback",
    "knowledge",
    "accessibility",
    "staff",
    "improvement",
)
BOUNDS = np.cumsum([0, *SIZES])
LOW, HIGH = 1, 5
TWO = 0.005 + 1e-9  # a figure rounded to two decimals
THREE = 0.0005 + 1e-9
FOUR = 0.00005 + 1e-9


def blocks(x: np.ndarray) -> list[np.ndarray]:
    """Each section's columns."""
    return [x[:, a:b] for a, b in itertools.pairwise(BOUNDS)]


def alpha(x: np.ndarray) -> float:
    k = x.shape[1]
    return float(k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1)))


def t_interval(values: np.ndarray, low: float, high: float) -> tuple[float, float]:
    lo, hi = sps.t.interval(0.95, len(values) - 1, loc=values.mean(), scale=sps.sem(values))
    return max(float(lo), low), min(float(hi), high)


def spread_z(x: np.ndarray) -> list[float]:
    """Each section's mean statement variance against the pooled one, in its sampling error.

    The error of a section's mean statement variance v is Var(D)/(n·k²) with D the sum of a
    respondent's squared deviations (the delta method); the pooled variance is the
    size-weighted mean of the v's, and the error of v − pooled counts both and their overlap.
    """
    n, total = len(x), sum(SIZES)
    v, var_v = [], []
    for block in blocks(x.astype(float)):
        k = block.shape[1]
        v.append(block.var(axis=0, ddof=1).mean())
        d = ((block - block.mean(axis=0)) ** 2).sum(axis=1)
        var_v.append(d.var(ddof=0) / (n * k * k))
    pooled = sum(k * a for k, a in zip(SIZES, v, strict=True)) / total
    pooled_var = sum((k / total) ** 2 * a for k, a in zip(SIZES, var_v, strict=True))
    return [
        (a - pooled) / math.sqrt(e * (1 - 2 * k / total) + pooled_var)
        for k, a, e in zip(SIZES, v, var_v, strict=True)
    ]


def longest_run(values: Sequence[int]) -> int:
    return max(len(list(g)) for _, g in itertools.groupby(values))


def flags(x: np.ndarray) -> dict[str, int]:
    """How many respondents show each answer pattern (a straight line is only that)."""
    counts = {"straight_line": 0, "long_string": 0, "alternating": 0}
    need = max(3, math.ceil(x.shape[1] * 2 / 3))
    for row in x.tolist():
        if len(set(row)) == 1:
            counts["straight_line"] += 1
            continue
        if longest_run(row) >= need:
            counts["long_string"] += 1
        if len(set(row)) == 2 and all(a != b for a, b in itertools.pairwise(row)):
            counts["alternating"] += 1
    return counts


def check_sections(group: dict[str, Any], x: np.ndarray) -> None:
    """Section scores, intervals, spread and reliability; every statement's figures."""
    floats = x.astype(float)
    for s, (section, block) in enumerate(zip(group["sections"], blocks(floats), strict=True)):
        scores = block.mean(axis=1)
        assert section["id"] == SECTION_IDS[s]
        assert section["mean"] == pytest.approx(scores.mean(), abs=TWO)
        assert section["min"] == pytest.approx(scores.min(), abs=TWO)
        assert section["max"] == pytest.approx(scores.max(), abs=TWO)
        assert section["stdev"] == pytest.approx(scores.std(ddof=1), abs=TWO)
        lo, hi = t_interval(scores, LOW, HIGH)
        assert (section["ci"]["low"], section["ci"]["high"]) == pytest.approx((lo, hi), abs=TWO)
        assert section["could_be_either_band"] == any(lo <= t <= hi for t in (3, 4))
        assert section["spread"] == pytest.approx(
            math.sqrt(block.var(axis=0, ddof=1).mean()), abs=TWO
        )
        rel = section["reliability"]
        assert rel["alpha"] == pytest.approx(alpha(block), abs=THREE)
        for i in range(block.shape[1]):
            rest = np.delete(block, i, axis=1)
            expected = alpha(rest) if rest.shape[1] > 1 else None
            assert rel["alpha_if_deleted"][i] == (
                None if expected is None else pytest.approx(expected, abs=THREE)
            )
            r = np.corrcoef(block[:, i], rest.sum(axis=1))[0, 1]
            assert rel["item_rest"][i] == pytest.approx(r, abs=THREE)
        for i, statement in enumerate(section["statements"]):
            col = block[:, i]
            assert statement["mean"] == pytest.approx(col.mean(), abs=TWO)
            assert statement["sd"] == pytest.approx(col.std(ddof=1), abs=TWO)
            assert statement["bottom_share"] == pytest.approx(np.mean(col <= 2), abs=FOUR)
            assert statement["top_share"] == pytest.approx(np.mean(col >= 4), abs=FOUR)
            counts = np.bincount(col.astype(int), minlength=HIGH + 1)[LOW:].tolist()
            assert list(statement["distribution"].values()) == counts
    for section, z in zip(group["sections"], spread_z(x), strict=True):
        assert section["spread_z"] == pytest.approx(z, abs=TWO)


def check_group(group: dict[str, Any], x: np.ndarray, items: Sequence[str]) -> None:
    """Every figure of one group's (or the overall) summary against the ratings `x`."""
    assert group["count"] == len(x)
    check_sections(group, x)
    floats = x.astype(float)
    totals = np.sum([b.mean(axis=1) for b in blocks(floats)], axis=0)
    total = group["total"]
    assert total["mean"] == pytest.approx(totals.mean(), abs=TWO)
    assert total["stdev"] == pytest.approx(totals.std(ddof=1), abs=TWO)
    lo, hi = t_interval(totals, 7, 35)
    assert (total["ci"]["low"], total["ci"]["high"]) == pytest.approx((lo, hi), abs=TWO)
    assert total["could_be_either_band"] == any(lo <= t <= hi for t in (21, 28))
    bands = [
        int(np.sum(totals >= 28 - 1e-9)),
        int(np.sum((totals >= 21 - 1e-9) & (totals < 28 - 1e-9))),
        int(np.sum(totals < 21 - 1e-9)),
    ]
    assert [b["count"] for b in group["bands"]] == bands
    assert [b["share"] for b in group["bands"]] == [
        pytest.approx(c / len(x), abs=FOUR) for c in bands
    ]
    # The five lowest statement means (never one at the top of the scale), lowest first.
    means = floats.mean(axis=0)
    ranked = sorted((m, j) for j, m in enumerate(means) if m < HIGH)[:5]
    lowest = group["lowest_statements"]
    assert [s["mean"] for s in lowest] == [pytest.approx(m, abs=TWO) for m, _ in ranked]
    assert {s["id"] for s in lowest} <= {items[j] for j, m in enumerate(means) if m < HIGH}
    # Disagreement: the highest z, within noise unless it passes one-sided 5 % / sections.
    z = spread_z(x)
    named = [SECTION_IDS[int(np.argmax(z))]]
    assert group["disagreement"]["named"] == named
    critical = sps.norm.ppf(1 - 0.05 / len(SIZES))
    assert group["disagreement"]["within_noise"] == (max(z) <= critical)
    assert {q["flag"]: q["count"] for q in group["quality"]} == flags(x)

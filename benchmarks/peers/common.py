"""What every CSV peer shares: its arguments and the summary figures computed from sums.

A peer is run as `python PEER.py rows|summary FILE.csv PARAMS.json`; PARAMS.json is
`workloads.questionnaire_params()`. `rows` writes one JSON object per respondent to standard
output, `summary` one JSON summary object with the tool's figures (count; mean, min, max
and sample standard deviation of each section and of the total; the count in each band;
the weakest sections on average; the sections with the largest spread).
"""

from __future__ import annotations

import json
import math
import sys
from typing import Any


def arguments() -> tuple[str, str, dict[str, Any]]:
    """(mode, csv path, questionnaire parameters) from the command line."""
    mode, path, params = sys.argv[1], sys.argv[2], sys.argv[3]
    if mode not in ("rows", "summary"):
        raise SystemExit(f"unknown mode {mode!r}: rows or summary")
    with open(params, encoding="utf-8") as f:
        return mode, path, json.load(f)


def half_up(value: float) -> float:
    """Two decimals, half up (for figures an engine gave as floats)."""
    return math.floor(value * 100 + 0.5 + 1e-9) / 100


def summary_object(params: dict[str, Any], figures: dict[str, Any]) -> dict[str, Any]:
    """The summary from per-measure aggregates.

    `figures` holds `count`, and for each section id and `total` a tuple
    (mean, min, max, sample stdev) of its score, and `bands` the count per band id.
    """
    sections = [s["id"] for s in params["sections"]]

    def stats(key: str) -> dict[str, Any]:
        mean, low, high, sd = figures[key]
        return {
            "mean": half_up(mean),
            "min": half_up(low),
            "max": half_up(high),
            "stdev": None if sd is None else half_up(sd),
        }

    means = {s: figures[s][0] for s in sections}
    lowest = min(means.values())
    spreads = {s: figures[s][3] or 0.0 for s in sections}
    highest = max(spreads.values())
    return {
        "questionnaire": params["questionnaire"],
        "count": figures["count"],
        "sections": [{"id": s, **stats(s)} for s in sections],
        "total": stats("total"),
        "bands": [{"id": b["id"], "count": figures["bands"][b["id"]]} for b in params["bands"]],
        "weakest": [] if lowest >= params["top"] else [s for s in sections if means[s] == lowest],
        "largest_spread": [] if highest == 0 else [s for s in sections if spreads[s] == highest],
    }


def print_summary(params: dict[str, Any], figures: dict[str, Any]) -> None:
    """Write the summary object as one JSON line."""
    sys.stdout.write(json.dumps({"summary": summary_object(params, figures)}) + "\n")

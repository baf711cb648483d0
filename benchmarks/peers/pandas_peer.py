"""pandas: per-respondent figures as flat NDJSON rows (`to_json(lines=True)`), or the summary."""

from __future__ import annotations

import os
import sys
from typing import Any

sys.path.insert(0, os.path.dirname(__file__))

from common import arguments, print_summary


def main() -> None:
    import numpy as np
    import pandas as pd

    mode, path, params = arguments()
    den = params["denominator"]
    frame = pd.read_csv(path)
    points = {}
    for s in params["sections"]:
        cols = [f"{s['id']}.{n}" for n in range(1, s["size"] + 1)]
        points[s["id"]] = frame[cols].sum(axis=1)
    t_scaled = sum(points[s["id"]] * (den // s["size"]) for s in params["sections"])
    conditions = []
    for b in params["bands"]:
        test = np.ones(len(frame), dtype=bool)
        if b["lower"] is not None:
            test &= t_scaled >= b["lower"]
        if b["upper"] is not None:
            test &= t_scaled < b["upper"]
        conditions.append(test)
    band = np.select(conditions, [b["id"] for b in params["bands"]], default="")
    if mode == "rows":
        out = pd.DataFrame({"row": np.arange(2, len(frame) + 2), "respondent": frame["respondent"]})
        for s in params["sections"]:
            k = s["size"]
            out[s["id"]] = ((points[s["id"]] * 200 + k) // (2 * k)) / 100
        out["total"] = ((t_scaled * 200 + den) // (2 * den)) / 100
        out["band"] = band
        sys.stdout.write(out.to_json(orient="records", lines=True))
        return
    figures: dict[str, Any] = {"count": len(frame)}
    measures = [(s["id"], points[s["id"]] / s["size"]) for s in params["sections"]]
    measures.append(("total", t_scaled / den))
    for key, series in measures:
        figures[key] = (series.mean(), series.min(), series.max(), series.std(ddof=1))
    figures["bands"] = {b["id"]: int((band == b["id"]).sum()) for b in params["bands"]}
    print_summary(params, figures)


if __name__ == "__main__":
    main()

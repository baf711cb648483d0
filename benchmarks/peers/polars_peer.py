"""polars: per-respondent figures as flat NDJSON rows, or the summary figures.

`rows` writes row, respondent, each section's score, the total and the band id: the
figures of the tool's objects without the texts and answers (polars writes nested
objects slowly, so the flat form is its best case).
"""

from __future__ import annotations

import os
import sys
from typing import Any

sys.path.insert(0, os.path.dirname(__file__))

from common import arguments, print_summary


def main() -> None:
    import polars as pl

    mode, path, params = arguments()
    den = params["denominator"]
    points = [
        pl.sum_horizontal([pl.col(f"{s['id']}.{n}") for n in range(1, s["size"] + 1)]).alias(
            "p_" + s["id"]
        )
        for s in params["sections"]
    ]
    frame = pl.scan_csv(path).with_columns(points)
    scaled = [pl.col("p_" + s["id"]) * (den // s["size"]) for s in params["sections"]]
    frame = frame.with_columns(pl.sum_horizontal(scaled).alias("t_scaled"))
    band = pl.lit(None, dtype=pl.String)
    for b in reversed(params["bands"]):
        test = pl.lit(True)
        if b["lower"] is not None:
            test = test & (pl.col("t_scaled") >= b["lower"])
        if b["upper"] is not None:
            test = test & (pl.col("t_scaled") < b["upper"])
        band = pl.when(test).then(pl.lit(b["id"])).otherwise(band)
    frame = frame.with_columns(band.alias("band"))
    if mode == "rows":
        scores = [
            ((pl.col("p_" + s["id"]) * 200 + s["size"]) // (2 * s["size"]) / 100)
            .round(2)  # polars divides by multiplying by 0.01: 2.8000000000000003
            .alias(s["id"])
            for s in params["sections"]
        ]
        out = frame.with_row_index("row", offset=2).select(
            "row",
            "respondent",
            *scores,
            ((pl.col("t_scaled") * 200 + den) // (2 * den) / 100).round(2).alias("total"),
            "band",
        )
        out.sink_ndjson("/dev/stdout")
        return
    aggs: list[Any] = [pl.len().alias("n")]
    measures = [(s["id"], pl.col("p_" + s["id"]) / s["size"]) for s in params["sections"]]
    measures.append(("total", pl.col("t_scaled") / den))
    for key, expr in measures:
        aggs += [
            expr.mean().alias(key + ".mean"),
            expr.min().alias(key + ".min"),
            expr.max().alias(key + ".max"),
            expr.std(ddof=1).alias(key + ".sd"),
        ]
    aggs += [(pl.col("band") == b["id"]).sum().alias("band." + b["id"]) for b in params["bands"]]
    row = frame.select(aggs).collect().row(0, named=True)
    figures: dict[str, Any] = {"count": row["n"]}
    for key, _expr in measures:
        figures[key] = tuple(row[f"{key}.{f}"] for f in ("mean", "min", "max", "sd"))
    figures["bands"] = {b["id"]: row["band." + b["id"]] for b in params["bands"]}
    print_summary(params, figures)


if __name__ == "__main__":
    main()

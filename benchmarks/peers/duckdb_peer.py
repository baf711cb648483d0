"""DuckDB SQL: the tool's per-respondent objects (nested, as NDJSON) or its summary figures.

`rows` builds the same JSON objects as `custserv-audit score --format ndjson` (source, row,
respondent, date, questionnaire, sections with id, title, score and answers, total, band,
weakest, metadata) with `COPY ... (FORMAT json)`; only whitespace differs.
"""

from __future__ import annotations

import os
import sys
from typing import Any

sys.path.insert(0, os.path.dirname(__file__))

from common import arguments, print_summary


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def scored_view(path: str, params: dict[str, Any]) -> str:
    """SQL of a view with every section's points and the scaled total."""
    den = params["denominator"]
    parts = []
    scaled = []
    for s in params["sections"]:
        cols = [_q(f"{s['id']}.{n}") for n in range(1, s["size"] + 1)]
        parts.append(f"({' + '.join(cols)}) AS {_q('p_' + s['id'])}")
        scaled.append(f"{_q('p_' + s['id'])} * {den // s['size']}")
    return (
        f"CREATE VIEW raw AS SELECT row_number() OVER () + 1 AS row_no, * "
        f"FROM read_csv({_lit(path)}, header = true);\n"
        f"CREATE VIEW points AS SELECT *, {', '.join(parts)} FROM raw;\n"
        f"CREATE VIEW scored AS SELECT *, {' + '.join(scaled)} AS t_scaled, "
        f"least({', '.join(scaled)}) AS lowest FROM points;"
    )


def _band(params: dict[str, Any], field: str) -> str:
    cases = []
    for b in params["bands"]:
        tests = []
        if b["lower"] is not None:
            tests.append(f"t_scaled >= {b['lower']}")
        if b["upper"] is not None:
            tests.append(f"t_scaled < {b['upper']}")
        value = (
            _lit(b["id"])
            if field == "id"
            else f"{{'id': {_lit(b['id'])}, 'label': {_lit(b['label'])}}}"
        )
        cases.append(f"WHEN {' AND '.join(tests) or 'true'} THEN {value}")
    return f"CASE {' '.join(cases)} END"


def rows_sql(path: str, params: dict[str, Any]) -> str:
    """The query whose rows are the tool's result objects."""
    den = params["denominator"]
    sections = []
    weakest = []
    for s in params["sections"]:
        sid, k = s["id"], s["size"]
        p = _q("p_" + sid)
        answers = ", ".join(_q(f"{sid}.{n}") for n in range(1, k + 1))
        sections.append(
            f"{{'id': {_lit(sid)}, 'title': {_lit(s['title'])}, "
            f"'score': (({p} * 200 + {k}) // {2 * k}) / 100, 'answers': [{answers}]}}"
        )
        weakest.append(f"CASE WHEN {p} * {den // k} = lowest THEN {_lit(sid)} END")
    top = params["top"] * den
    return (
        f"SELECT {_lit(path)} AS source, row_no AS row, respondent, NULL AS date, "
        f"{_lit(params['questionnaire'])} AS questionnaire, "
        f"[{', '.join(sections)}] AS sections, "
        f"((t_scaled * 200 + {den}) // {2 * den}) / 100 AS total, "
        f"{_band(params, 'object')} AS band, "
        f"CASE WHEN lowest >= {top} THEN []::VARCHAR[] "
        f"ELSE list_filter([{', '.join(weakest)}], lambda x: x IS NOT NULL) END AS weakest, "
        f"{{'region': region}} AS metadata FROM scored"
    )


def summary_sql(params: dict[str, Any]) -> str:
    """One row of aggregates: per section and total mean, min, max, sample stdev; band counts."""
    den = params["denominator"]
    cols = ["count(*) AS n"]
    for s in params["sections"]:
        p, k = _q("p_" + s["id"]), s["size"]
        cols += [f"avg({p}) / {k}", f"min({p}) / {k}", f"max({p}) / {k}", f"stddev_samp({p}) / {k}"]
    cols += [
        f"avg(t_scaled) / {den}",
        f"min(t_scaled) / {den}",
        f"max(t_scaled) / {den}",
        f"stddev_samp(t_scaled) / {den}",
    ]
    band = _band(params, "id")
    cols += [f"count_if(({band}) = {_lit(b['id'])})" for b in params["bands"]]
    return f"SELECT {', '.join(cols)} FROM scored"


def main() -> None:
    import duckdb

    mode, path, params = arguments()
    con = duckdb.connect()
    con.execute(scored_view(path, params))
    if mode == "rows":
        sys.stdout.flush()
        con.execute(f"COPY ({rows_sql(path, params)}) TO '/dev/stdout' (FORMAT json)")
        return
    row = con.execute(summary_sql(params)).fetchone()
    assert row is not None
    figures: dict[str, Any] = {"count": row[0]}
    at = 1
    for key in [s["id"] for s in params["sections"]] + ["total"]:
        figures[key] = tuple(row[at : at + 4])
        at += 4
    figures["bands"] = {b["id"]: row[at + i] for i, b in enumerate(params["bands"])}
    print_summary(params, figures)


if __name__ == "__main__":
    main()

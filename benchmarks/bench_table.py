"""Time the default `score` table of a big CSV against NDJSON of the same rows; print the
ratios and the peak memory.

Usage: python benchmarks/bench_table.py [--rows 10000 100000] [--columns 200 80]
       [--tool custserv-audit]

Each figure is whole-process wall time and peak RSS (`resource.getrusage` of the child),
output to /dev/null. The floor is the same tool's `--format ndjson` of the same file in the
same run, so the ratio says what the table costs beyond scoring. `--columns` sets COLUMNS:
200 gives the wide table, 80 the stacked layout. Targets: table / ndjson ≤ 2.0 at every
size, and a peak RSS that does not grow with the rows (the table streams).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from workloads import write_csv


def measure(cmd: list[str], columns: int) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one run, alone, so RUSAGE_CHILDREN is its own."""
    code = (
        "import resource, subprocess, sys, time;"
        "t = time.perf_counter();"
        "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
        " done.returncode)"
    )
    env = {**os.environ, "COLUMNS": str(columns)}
    out = subprocess.run(
        [sys.executable, "-c", code, *cmd], capture_output=True, text=True, check=True, env=env
    )
    wall, rss, code_ = out.stdout.split()
    if code_ != "0":
        sys.exit(f"failed ({code_}): {' '.join(cmd)}")
    return float(wall), int(rss) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--columns", type=int, nargs="+", default=[200, 80])
    parser.add_argument("--tool", default=shutil.which("custserv-audit") or "custserv-audit")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(
            f"{'rows':>8} {'columns':>7} {'ndjson s':>9} {'table s':>8} {'ratio':>6} "
            f"{'ndjson MB':>9} {'table MB':>8}"
        )
        for rows in args.rows:
            data = write_csv(Path(tmp) / f"answers-{rows}.csv", rows)
            base = [args.tool, "score", str(data), "--quiet"]
            floor, floor_rss = measure([*base, "--format", "ndjson"], 200)
            for columns in args.columns:
                wall, rss = measure(base, columns)
                print(
                    f"{rows:>8} {columns:>7} {floor:>9.2f} {wall:>8.2f} {wall / floor:>6.2f} "
                    f"{floor_rss:>9.0f} {rss:>8.0f}"
                )


if __name__ == "__main__":
    main()

"""How the cost of `custserv-audit score` grows: each workload scaled by 10x twice.

Usage: python benchmarks/bench_growth.py [--files 1000] [--rows 10000] [--steps 2]
       [--repeat 1] [--only yaml,json,csv,summary,group,respondent,source]

Answer files go 1,000 -> 10,000 -> 100,000 and CSV rows 10,000 -> 100,000 -> 1,000,000
(the defaults). For each size it prints whole-process wall time, CPU (user + sys of the
tool and its worker processes; the figure that load on a shared machine disturbs least),
peak RSS of the largest process, and the growth factor of each 10x step. A CPU factor
above 11 (linear plus 10%) is a defect and is flagged SUPERLINEAR; so is peak memory that
grows by more than half per step for a format meant to stream (CSV) -- files are listed
before scoring, so their memory grows by design.

Grouping by respondent (a group per CSV row) and by source (a group per answer file) makes
a summary whose size grows with its groups, so memory grows by design there too: for
those the bytes of peak memory per added group are printed, and a step whose bytes per
group grow by more than half is flagged (memory growing faster than the groups).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from workloads import run_measured, write_csv, write_files  # noqa: E402


def measure(cmd: list[str], repeat: int) -> tuple[float, float, float]:
    """(wall, cpu, peak MB) of the fastest of `repeat` runs."""
    return min(run_measured(cmd) for _ in range(repeat))


def series(
    label: str,
    sizes: list[int],
    make: object,
    extra: list[str],
    args: argparse.Namespace,
    per_group: bool = False,
) -> list[str]:
    """Measure one workload at every size; print it; return its defects.

    `per_group`: every unit of size is a group of the summary, so memory may grow with
    it; the bytes per added group must not grow instead.
    """
    tool = shutil.which("custserv-audit")
    assert tool is not None and callable(make)
    defects = []
    print(f"\n{label}  (load {os.getloadavg()[0]:.1f})")
    head = f"  {'size':>9} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'cpu x':>7} {'wall x':>7}"
    print(head + (f" {'B/group':>8}" if per_group else ""))
    previous: tuple[float, float, float] | None = None
    per_unit: float | None = None
    for i, size in enumerate(sizes):
        with tempfile.TemporaryDirectory(prefix="custserv-growth-") as tmp:
            path = make(Path(tmp), size)
            wall, cpu, rss = measure([tool, "score", str(path), *extra], args.repeat)
        line = f"  {size:>9} {wall:8.2f} {cpu:8.2f} {rss:8.1f}"
        if previous is not None:
            cpu_x, wall_x = cpu / previous[1], wall / previous[0]
            line += f" {cpu_x:7.2f} {wall_x:7.2f}"
            if per_group:
                added = (rss - previous[2]) * 2**20 / (size - sizes[i - 1])
                line += f" {added:8.0f}"
                if per_unit is not None and added > max(per_unit, 100) * 1.5:
                    line += "  MEMORY PER GROUP GROWS"
                    defects.append(f"{label}: {per_unit:.0f} -> {added:.0f} B per group")
                per_unit = added
            if cpu_x > 11:
                line += "  SUPERLINEAR"
                defects.append(f"{label}: CPU x{cpu_x:.1f} from {size // 10} to {size}")
            if "rows" in label and not per_group and rss > previous[2] * 1.5:
                line += "  MEMORY GROWS"
                defects.append(f"{label}: peak {previous[2]:.0f} -> {rss:.0f} MB at {size}")
        print(line, flush=True)
        previous = (wall, cpu, rss)
    return defects


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=1000, help="the smallest file count")
    parser.add_argument("--rows", type=int, default=10_000, help="the smallest row count")
    parser.add_argument("--steps", type=int, default=2, help="how many 10x steps")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--only", default="yaml,json,csv,summary,group,respondent,source")
    args = parser.parse_args()
    only = set(args.only.split(","))
    if shutil.which("custserv-audit") is None:
        sys.exit("custserv-audit is not on PATH: pip install . first")
    files = [args.files * 10**i for i in range(args.steps + 1)]
    rows = [args.rows * 10**i for i in range(args.steps + 1)]
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    defects: list[str] = []
    for kind in ("yaml", "json"):
        if kind in only:
            defects += series(
                f"{kind.upper()} files, ndjson",
                files,
                lambda folder, n, kind=kind: write_files(folder / "a", n, kind),
                ["-f", "ndjson"],
                args,
            )
    csv_runs = {
        "csv": ("CSV rows, ndjson", ["-f", "ndjson"]),
        "summary": ("CSV rows, --summary-only", ["--summary-only", "-f", "json"]),
        "group": (
            "CSV rows, --summary-only --group-by region",
            ["--summary-only", "--group-by", "region", "-f", "json"],
        ),
    }
    for key, (label, extra) in csv_runs.items():
        if key in only:
            defects += series(
                label, rows, lambda folder, n: write_csv(folder / "a.csv", n), extra, args
            )
    if "respondent" in only:
        defects += series(
            "CSV rows, --summary-only --group-by respondent (a group per row)",
            rows,
            lambda folder, n: write_csv(folder / "a.csv", n),
            ["--summary-only", "--group-by", "respondent", "-f", "json"],
            args,
            per_group=True,
        )
    if "source" in only:
        defects += series(
            "YAML files, --summary-only --group-by source (a group per file)",
            files,
            lambda folder, n: write_files(folder / "a", n, "yaml"),
            ["--summary-only", "--group-by", "source", "-f", "json"],
            args,
            per_group=True,
        )
    print(f"\nload average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("defects:\n  " + "\n  ".join(defects) if defects else "every step linear or better")


if __name__ == "__main__":
    main()

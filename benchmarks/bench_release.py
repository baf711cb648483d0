"""The summary with its statistics against release 0.1's summary, in the same run.

Usage: python benchmarks/bench_release.py --release BIN [--current BIN] [--current-fast BIN]
       [--rows 1000000] [--sizes 300000,1000000,2000000] [--repeat 1] [--skip-growth]
       [--skip-norms]

BIN is a `custserv-audit` executable. Install release 0.1 (the commit that set
`__version__ = "0.1.0"` last, 46b0595) in a virtual environment of its own:

    mkdir rel01 && git archive 46b0595 | tar -x -C rel01
    python3 -m venv rel01-venv && rel01-venv/bin/pip install ./rel01

and the current code twice, without and with the `fast` extra (polars), so both
paths of `--summary-only` are measured:

    python3 -m venv plain && plain/bin/pip install .
    python3 -m venv fast && fast/bin/pip install '.[fast]'
    python benchmarks/bench_release.py --release rel01-venv/bin/custserv-audit \\
        --current plain/bin/custserv-audit --current-fast fast/bin/custserv-audit

Part 1 scores one generated CSV of --rows rows (the 25 ratings and a `team` column of
four teams) with `--summary-only --format json`, without and with `--group-by team`,
and with `--norms` (a norm of 2,000 other respondents; release 0.1 has no norms, so
those rows are set against its plain summary). Part 2 shows whether the summary's memory
stays flat: `--summary-only` at each of --sizes rows.

Every figure is whole-process wall time, CPU (user + sys) and peak RSS of one run
(the best of --repeat), output to /dev/null; the programs run in turns, so a change of
load hits them alike, and each ratio is current / release 0.1 within this run. Before
timing, the summaries of a small CSV are checked to hold the same figures.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from workloads import run_measured, write_csv  # noqa: E402

SUMMARY = ["--summary-only", "--format", "json"]
GROUP = ["--group-by", "team"]


@dataclass
class Figures:
    """The best of several runs of one command: wall s, CPU s, peak MB."""

    wall: float = float("inf")
    cpu: float = 0.0
    rss_mb: float = 0.0
    runs: int = 0


def run_once(cmd: list[str], figures: Figures) -> None:
    """Run the command once; keep its figures if this was its fastest run."""
    wall, cpu, rss_mb = run_measured(cmd)
    figures.runs += 1
    if wall < figures.wall:
        figures.wall, figures.cpu, figures.rss_mb = wall, cpu, rss_mb


def summary_of(tool: str, path: Path, extra: list[str]) -> dict[str, Any]:
    """The JSON summary a tool prints."""
    out = subprocess.run(
        [tool, "score", str(path), *SUMMARY, *extra], capture_output=True, text=True, check=True
    )
    return dict(json.loads(out.stdout)["summary"])


def core(summary: dict[str, Any]) -> object:
    """The figures release 0.1's summary has: count, section and total figures, bands."""
    keys = ("mean", "min", "max", "stdev")
    return (
        summary["count"],
        [(s["id"], *(s[k] for k in keys)) for s in summary["sections"]],
        tuple(summary["total"][k] for k in keys),
        [(b["id"], b["count"]) for b in summary["bands"]],
        summary["weakest"],
    )


def check_same_figures(tools: dict[str, str], folder: Path) -> None:
    """Every program's summary of a small CSV holds release 0.1's figures, overall and per team."""
    small = write_team_csv(folder / "small.csv", 3000)
    release = summary_of(tools["release 0.1"], small, GROUP)
    for name, tool in tools.items():
        mine = summary_of(tool, small, GROUP)
        if core(mine) != core(release):
            sys.exit(f"{name}: the overall figures differ from release 0.1's")
        for a, b in zip(mine["groups"], release["groups"], strict=True):
            if a["group"] != b["group"] or core(a | {"weakest": None}) != core(
                b | {"weakest": None}
            ):
                sys.exit(f"{name}: group {a['group']}'s figures differ from release 0.1's")
    print("figures checked: every program's summary of 3,000 rows equals release 0.1's")


def write_team_csv(path: Path, rows: int, seed: int = 20261125) -> Path:
    """workloads.write_csv with its group column named `team`."""
    return write_csv(path, rows, seed, group="team")


def fmt(f: Figures) -> str:
    return f"{f.wall:7.1f} s {f.cpu:7.1f} s {f.rss_mb:7.1f} MB"


def ratio(a: Figures, b: Figures) -> str:
    return f"{a.wall / b.wall:5.2f} {a.cpu / b.cpu:5.2f} {a.rss_mb / b.rss_mb:5.2f}"


def part_one(
    tools: dict[str, str], big: Path, norm: Path, repeat: int, skip_norms: bool = False
) -> dict[tuple[str, str], Figures]:
    """Each workload on the one big CSV, every program in turns; ratios to release 0.1."""
    workloads = {
        "--summary-only": ([], []),
        "--summary-only --group-by team": (GROUP, GROUP),
        "--summary-only --norms": (["--norms", str(norm)], []),
        "--summary-only --group-by team --norms": ([*GROUP, "--norms", str(norm)], GROUP),
    }
    if skip_norms:
        workloads = {k: v for k, v in workloads.items() if "--norms" not in k}
    release = tools["release 0.1"]
    results: dict[tuple[str, str], Figures] = {}
    for _ in range(repeat):
        for label, (extra, release_extra) in workloads.items():
            if "--norms" not in label:  # release 0.1's run of this workload, then ours
                figures = results.setdefault((label, "release 0.1"), Figures())
                run_once([release, "score", str(big), *SUMMARY, *release_extra], figures)
            for name, tool in tools.items():
                if tool != release:
                    figures = results.setdefault((label, name), Figures())
                    run_once([tool, "score", str(big), *SUMMARY, *extra], figures)
            print(f"  {label} done (load {os.getloadavg()[0]:.1f})", flush=True)
    print(f"\n{'':52}{'wall':>9} {'CPU':>9} {'peak':>10}   ratio to 0.1: wall CPU peak")
    for label, (_extra, release_extra) in workloads.items():
        plain = "--summary-only" + (" --group-by team" if release_extra else "")
        base = results[(plain, "release 0.1")]
        print(
            label
            + (
                "  (release 0.1 has no --norms: set against its run without)"
                if plain != label
                else ""
            )
        )
        print(f"  {'release 0.1':<50}{fmt(base)}")
        for name in tools:
            if name != "release 0.1":
                mine = results[(label, name)]
                print(f"  {name:<50}{fmt(mine)}   {ratio(mine, base)}")
    return results


def part_two(
    tools: dict[str, str],
    folder: Path,
    sizes: list[int],
    args: argparse.Namespace,
    known: dict[tuple[str, str], Figures],
) -> None:
    """`--summary-only` at each size: does the peak memory stay flat?"""
    table: dict[str, list[Figures]] = {name: [] for name in tools}
    for size in sizes:
        if size == args.rows:  # measured in part 1
            for name in tools:
                table[name].append(known[("--summary-only", name)])
            continue
        path = write_team_csv(folder / f"rows{size}.csv", size)
        row = {name: Figures() for name in tools}
        for _ in range(args.repeat):
            for name, tool in tools.items():
                run_once([tool, "score", str(path), *SUMMARY], row[name])
        for name in tools:
            table[name].append(row[name])
        path.unlink()
        print(f"  {size} rows done (load {os.getloadavg()[0]:.1f})", flush=True)
    print(f"\n--summary-only by rows ({', '.join(map(str, sizes))}): wall s, peak MB")
    for name, figures in table.items():
        cells = "  ".join(f"{f.wall:7.1f} s {f.rss_mb:6.1f} MB" for f in figures)
        growth = figures[-1].rss_mb / figures[0].rss_mb
        print(f"  {name:<32}{cells}   peak x{growth:.2f} for x{sizes[-1] / sizes[0]:.1f} rows")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--release", required=True, help="release 0.1's custserv-audit")
    parser.add_argument("--current", default="custserv-audit", help="this code, without polars")
    parser.add_argument("--current-fast", help="this code with the fast extra (polars)")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sizes", default="300000,1000000,2000000")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--skip-growth", action="store_true")
    parser.add_argument("--skip-norms", action="store_true", help="leave out the --norms runs")
    args = parser.parse_args()
    tools = {"release 0.1": args.release, "current": args.current}
    if args.current_fast:
        tools["current, fast extra (polars)"] = args.current_fast
    for name, tool in tools.items():
        version = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False)
        print(f"{name}: {tool} {version.stdout.strip() or '(no --version)'}")
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    with tempfile.TemporaryDirectory(prefix="custserv-release-") as tmp:
        folder = Path(tmp)
        check_same_figures(tools, folder)
        norm = folder / "norm.json"
        write_team_csv(folder / "norm.csv", 2000, seed=7)
        subprocess.run(
            [args.current, "norms", "build", str(folder / "norm.csv"), "-o", str(norm)],
            capture_output=True,
            check=True,
        )
        big = write_team_csv(folder / "big.csv", args.rows)
        print(f"generated {args.rows} rows ({big.stat().st_size / 1e6:.0f} MB)", flush=True)
        known = part_one(tools, big, norm, args.repeat, args.skip_norms)
        big.unlink()
        if not args.skip_growth:
            part_two(tools, folder, [int(s) for s in args.sizes.split(",")], args, known)
    print(f"\nload average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

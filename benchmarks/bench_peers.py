"""Time `custserv-audit score` against the peers a consultant would use; print every ratio.

Usage: python benchmarks/bench_peers.py [--files 10000] [--rows 1000000] [--repeat 3]
       [--only startup,yaml,json,csv,summary]

Needs the tool installed (`pip install .`) and the peers (`pip install '.[bench]'`:
DuckDB, pandas, polars). Every figure is whole-process wall time, the best of --repeat
runs, output to /dev/null; the tool and its peers are run in turns (A B C A B C ...) so a
change of load hits all of them alike, and each ratio is tool / peer within this run.
CPU (user + sys of the process and its children) and peak RSS are of the best run.

Peers (see benchmarks/peers/):
  duckdb   SQL over read_csv: the tool's exact objects (nested) as NDJSON, or its summary
           figures (count; mean, min, max, sample stdev of each section and the total; band
           counts; weakest sections -- the tool's summary also has statement statistics,
           intervals and reliability, which no peer computes)
  polars   scan_csv: flat per-respondent figures (its best case), or the summary
  pandas   read_csv: flat per-respondent figures, or the summary
  floors   one-process Python loops (libyaml, json.loads, csv.reader) and the raw read
           of the bytes; a bare Typer + PyYAML command for start-up
Before timing, each peer's figures are checked against the tool's on a small CSV.
Targets (tool / peer): CSV --summary-only ≤ 2 × DuckDB, CSV NDJSON ≤ 1.5 × DuckDB,
JSON files ≤ 1.0 × the json.loads loop, YAML files ≤ 0.6 × the libyaml loop,
start-up ≤ 1.0 × the Typer + PyYAML floor.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from workloads import run_measured, write_csv, write_files  # noqa: E402

PEERS = HERE / "peers"


@dataclass
class Run:
    """The best of several runs of one command."""

    label: str
    cmd: list[str]
    wall: float = float("inf")
    cpu: float = 0.0
    rss_mb: float = 0.0


def run_once(run: Run) -> None:
    """Run the command once, keeping its figures if this was its fastest run."""
    wall, cpu, rss_mb = run_measured(run.cmd)
    if wall < run.wall:
        run.wall, run.cpu, run.rss_mb = wall, cpu, rss_mb


def race(runs: list[Run], repeat: int) -> None:
    """Run every command `repeat` times in turns."""
    for _ in range(repeat):
        for run in runs:
            run_once(run)


def report(title: str, tool: Run, peers: list[Run], targets: dict[str, float]) -> list[str]:
    """Print one workload's table; return the lines of missed targets."""
    missed = []
    print(f"\n{title}  (load {os.getloadavg()[0]:.1f})")
    print(f"  {'':<34} {'wall s':>8} {'cpu s':>8} {'peak MB':>8}  tool/peer (wall, cpu)")
    print(f"  {tool.label:<34} {tool.wall:8.3f} {tool.cpu:8.3f} {tool.rss_mb:8.1f}")
    for peer in peers:
        ratio = tool.wall / peer.wall
        target = targets.get(peer.label)
        note = ""
        if target is not None:
            ok = ratio <= target
            note = f"  (target ≤ {target}) {'ok' if ok else 'OVER'}"
            if not ok:
                missed.append(f"{title}: {ratio:.2f} × {peer.label} (target ≤ {target})")
        print(
            f"  {peer.label:<34} {peer.wall:8.3f} {peer.cpu:8.3f} {peer.rss_mb:8.1f}"
            f"  {ratio:6.2f} {tool.cpu / peer.cpu:6.2f}{note}"
        )
    sys.stdout.flush()
    return missed


def _lines(cmd: list[str]) -> list[Any]:
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def _figures(section_scores: dict[str, float], total: float, band: str) -> tuple[object, ...]:
    return (tuple(sorted(section_scores.items())), total, band)


def check_peers(tool: str, py: str, folder: Path, params_path: Path) -> None:
    """Each peer must give the tool's figures on a small CSV, or the comparison is void."""
    small = write_csv(folder / "check.csv", 2000, seed=7)
    mine = _lines([tool, "score", str(small), "--format", "ndjson"])
    want_rows = {
        r["row"]: _figures(
            {s["id"]: s["score"] for s in r["sections"]}, r["total"], r["band"]["id"]
        )
        for r in mine
    }
    duck = _lines([py, str(PEERS / "duckdb_peer.py"), "rows", str(small), str(params_path)])
    if [json.dumps(o, sort_keys=True) for o in duck] != [
        json.dumps(o, sort_keys=True) for o in mine
    ]:
        sys.exit("duckdb rows differ from the tool's objects")
    for peer in ("polars_peer.py", "pandas_peer.py"):
        got = _lines([py, str(PEERS / peer), "rows", str(small), str(params_path)])
        rows = {
            r["row"]: _figures(
                {k: v for k, v in r.items() if k not in ("row", "respondent", "total", "band")},
                r["total"],
                r["band"],
            )
            for r in got
        }
        if rows != want_rows:
            sys.exit(f"{peer} rows differ from the tool's figures")
    summary = _lines([tool, "score", str(small), "--summary-only", "--format", "json"])[0]
    want = summary["summary"]
    for peer in ("duckdb_peer.py", "polars_peer.py", "pandas_peer.py"):
        got = _lines([py, str(PEERS / peer), "summary", str(small), str(params_path)])[0]
        got = got["summary"]
        fields = ("mean", "min", "max", "stdev")
        same = (
            got["count"] == want["count"]
            and [[s[f] for f in fields] for s in got["sections"]]
            == [[s[f] for f in fields] for s in want["sections"]]
            and [got["total"][f] for f in fields] == [want["total"][f] for f in fields]
            and [b["count"] for b in got["bands"]] == [b["count"] for b in want["bands"]]
            and got["weakest"] == want["weakest"]
        )
        if not same:
            sys.exit(f"{peer} summary differs from the tool's:\n{got}\n{want}")
    print("peers checked: same figures as the tool on a 2,000-row CSV")


@dataclass
class Bench:
    """What every workload needs: the tool, the interpreter, the data folder, the options."""

    tool: str
    folder: Path
    args: argparse.Namespace
    py: str = sys.executable

    @property
    def params(self) -> str:
        return str(self.folder / "params.json")

    def peer(self, label: str, script: str, *args: str) -> Run:
        return Run(label, [self.py, str(PEERS / script), *args])

    def me(self, label: str, *args: str) -> Run:
        return Run(label, [self.tool, "score", *args])


def bench_startup(b: Bench) -> list[str]:
    write_files(b.folder / "one", 1, "yaml")
    one = next((b.folder / "one").rglob("*.yaml"))
    me = b.me("tool score one.yaml --format json", str(one), "-f", "json")
    floor = b.peer("Typer + PyYAML floor", "startup_floor.py", str(one))
    bare = Run("python -c pass", [b.py, "-c", "pass"])
    race([me, floor, bare], b.args.repeat * 3)
    return report("one file (start-up)", me, [floor, bare], {floor.label: 1.0})


def bench_files(b: Bench, kind: str, target: float) -> list[str]:
    answers = write_files(b.folder / kind, b.args.files, kind)
    me = b.me(f"tool score (ndjson, {kind})", str(answers), "-f", "ndjson")
    loop = b.peer(f"{kind} loop, 1 process", "floors.py", kind, str(answers))
    raw = b.peer("raw read of every file", "floors.py", "read", str(answers))
    race([me, loop, raw], b.args.repeat)
    shutil.rmtree(answers)
    return report(f"{b.args.files} {kind.upper()} files", me, [loop, raw], {loop.label: target})


def bench_csv(b: Bench, big: Path) -> list[str]:
    me = b.me("tool score (ndjson)", str(big), "-f", "ndjson")
    peers = [
        b.peer(f"{name}, {what}", f"{name}_peer.py", "rows", str(big), b.params)
        for name, what in (
            ("duckdb", "the same objects"),
            ("polars", "flat figures"),
            ("pandas", "flat figures"),
        )
    ]
    peers.append(b.peer("csv loop, 1 process", "floors.py", "csv", str(big)))
    peers.append(b.peer("raw read of the bytes", "floors.py", "read", str(big)))
    race([me, *peers], b.args.repeat)
    return report(f"{b.args.rows}-row CSV, per respondent", me, peers, {peers[0].label: 1.5})


def bench_summary(b: Bench, big: Path) -> list[str]:
    me = b.me("tool --summary-only (json)", str(big), "--summary-only", "-f", "json")
    peers = [
        b.peer(f"{name}, summary", f"{name}_peer.py", "summary", str(big), b.params)
        for name in ("duckdb", "polars", "pandas")
    ]
    race([me, *peers], b.args.repeat)
    return report(f"{b.args.rows}-row CSV, --summary-only", me, peers, {peers[0].label: 2.0})


def write_params(folder: Path) -> None:
    """The questionnaire's constants, computed in a child so this driver stays small
    (a fork of a big driver would count its memory as the child's)."""
    code = (
        f"import sys; sys.path.insert(0, {str(HERE)!r}); import json, workloads; "
        f"open({str(folder / 'params.json')!r}, 'w')"
        ".write(json.dumps(workloads.questionnaire_params()))"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def run_all(b: Bench, only: set[str]) -> list[str]:
    """Every workload asked for; the missed targets."""
    missed: list[str] = []
    if only & {"csv", "summary"}:
        # In a child: parsing the outputs would grow this driver, and a child's peak RSS
        # starts at its parent's (fork and exec keep the high-water mark).
        subprocess.run([b.py, __file__, "--check", str(b.folder)], check=True)
    if "startup" in only:
        missed += bench_startup(b)
    for kind, target in (("yaml", 0.6), ("json", 1.0)):
        if kind in only:
            missed += bench_files(b, kind, target)
    if only & {"csv", "summary"}:
        print(f"\ngenerating a {b.args.rows}-row CSV ...", flush=True)
        big = write_csv(b.folder / "big.csv", b.args.rows)
        if "csv" in only:
            missed += bench_csv(b, big)
        if "summary" in only:
            missed += bench_summary(b, big)
    return missed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="startup,yaml,json,csv,summary")
    parser.add_argument("--check", metavar="FOLDER", help=argparse.SUPPRESS)
    args = parser.parse_args()
    tool = shutil.which("custserv-audit")
    if tool is None:
        sys.exit("custserv-audit is not on PATH: pip install . first")
    if args.check:
        folder = Path(args.check)
        check_peers(tool, sys.executable, folder, folder / "params.json")
        return
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="custserv-peers-") as tmp:
        folder = Path(tmp)
        write_params(folder)
        missed = run_all(Bench(tool, folder, args), set(args.only.split(",")))
    print(f"\nload average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if missed:
        print("targets missed:\n  " + "\n  ".join(missed))
    else:
        print("every target met")


if __name__ == "__main__":
    main()

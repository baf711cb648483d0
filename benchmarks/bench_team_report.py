"""Time the team report of a 300-respondent, six-team export against the summary it draws.

Usage: python benchmarks/bench_team_report.py [--repeat 3]

Whole-process wall and CPU time (user + sys of the child), best of N, in the same run:
the floor is `score --summary-only --format json` of the same export (the figures the
report shows); the ratio is report / floor. The export comes from
`workloads.write_team_export` (six teams, one of two people, a weak statement, a few
straight-liners); the previous wave and the norm are generated the same way.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from bench_documents import timed
from workloads import write_team_export


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    exe = shutil.which("custserv-audit") or str(Path(sys.executable).with_name("custserv-audit"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        export = write_team_export(folder / "export.csv")
        before = write_team_export(folder / "before.csv", seed=7, base=3.3)
        norm = folder / "norms.json"
        subprocess_run([exe, "norms", "build", str(before), "--output", str(norm)])
        common = [str(export), "--group-by", "team", "--norms", str(norm)]
        runs = {
            "score --summary-only --format json (floor)": [
                exe, "score", *common, "--summary-only", "--format", "json",
            ],
            "report --format pdf": [
                exe, "report", *common, "--previous", str(before), "--output",
                str(folder / "r.pdf"), "--force",
            ],
            "report --format html": [
                exe, "report", *common, "--previous", str(before), "--format", "html",
                "--output", str(folder / "r.html"), "--force",
            ],
        }  # fmt: skip
        floor_wall = floor_cpu = 0.0
        for name, cmd in runs.items():
            wall, cpu = timed(cmd, args.repeat)
            if not floor_wall:
                floor_wall, floor_cpu = wall, cpu
            print(
                f"{name:45} {wall:6.2f} s wall ({wall / floor_wall:4.2f})  "
                f"{cpu:6.2f} s CPU ({cpu / floor_cpu:4.2f})"
            )


def subprocess_run(cmd: list[str]) -> None:
    """Run a set-up command quietly; stop on failure."""
    import subprocess

    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


if __name__ == "__main__":
    main()

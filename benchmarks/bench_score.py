"""Time `custserv-audit score` against floors measured in the same run; print the ratios.

Usage: python benchmarks/bench_score.py [--files 10000] [--rows 100000] [--big-rows 1000000]
       [--repeat 3] [--skip-memory]

Each figure is whole-process wall time (best of --repeat runs), output to /dev/null.
Floors (the simplest honest script that does the same job, single process):
  yaml:    read each file, yaml.load with libyaml (CSafeLoader), average the sections,
           print one JSON line per file;
  csv:     csv.reader + int() + section means + one JSON line per row;
  startup: a bare Typer command that loads one YAML file.
Targets (tool / floor): yaml ≤ 1.0, csv ≤ 1.5, one-file json ≤ 1.3;
peak RSS of a 1,000,000-row CSV (ndjson and --summary-only) < 150 MB.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from workloads import SECTIONS  # the questionnaire's section sizes, shared by the drivers

YAML_FLOOR = textwrap.dedent(
    """
    import json, sys, pathlib, yaml
    for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.yaml")):
        with open(path, "rb") as f:
            data = yaml.load(f, Loader=yaml.CSafeLoader)
        scores = {k: sum(v) / len(v) for k, v in data["answers"].items()}
        print(json.dumps({"source": str(path), "respondent": data.get("respondent"),
                          "sections": scores, "total": sum(scores.values())}))
    """
)

CSV_FLOOR = textwrap.dedent(
    """
    import csv, json, sys
    with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = next(reader)
        groups = {}
        for i, name in enumerate(header):
            if "." in name:
                groups.setdefault(name.split(".")[0], []).append(i)
        for row in reader:
            scores = {s: sum(int(row[i]) for i in cols) / len(cols) for s, cols in groups.items()}
            print(json.dumps({"respondent": row[0], "sections": scores,
                              "total": sum(scores.values())}))
    """
)

STARTUP_FLOOR = textwrap.dedent(
    """
    import typer, yaml
    app = typer.Typer()
    @app.command()
    def main(path: str) -> None:
        with open(path, "rb") as f:
            data = yaml.load(f, Loader=yaml.CSafeLoader)
        print(len(data))
    app()
    """
)


def answer_yaml(rng: random.Random, n: int) -> str:
    lines = [
        "questionnaire: customer-orientation",
        f'respondent: "Client {n}"',
        "date: 2026-11-25",
        "answers:",
    ]
    for section, count in SECTIONS.items():
        values = ", ".join(str(rng.randint(1, 5)) for _ in range(count))
        lines.append(f"  {section}: [{values}]")
    return "\n".join(lines) + "\n"


def make_data(folder: Path, files: int, rows: int, big_rows: int) -> dict[str, Path]:
    rng = random.Random(20261125)
    answers = folder / "answers"
    for i in range(files):
        sub = answers / f"batch{i // 1000:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"client{i:05d}.yaml").write_text(answer_yaml(rng, i), encoding="utf-8")
    items = [f"{s}.{n}" for s, count in SECTIONS.items() for n in range(1, count + 1)]

    def write_csv(path: Path, count: int) -> None:
        with path.open("w", encoding="utf-8", newline="") as f:
            f.write(",".join(["respondent", *items, "region"]) + "\r\n")
            regions = ["north", "south", "east", "west"]
            chunk = []
            for r in range(count):
                cells = [f"Client {r}", *(str(rng.randint(1, 5)) for _ in items), regions[r % 4]]
                chunk.append(",".join(cells))
                if len(chunk) == 10000:
                    f.write("\r\n".join(chunk) + "\r\n")
                    chunk = []
            if chunk:
                f.write("\r\n".join(chunk) + "\r\n")

    write_csv(folder / "export.csv", rows)
    big = folder / "big.csv"
    if big_rows:
        write_csv(big, big_rows)
    one = folder / "one.yaml"
    one.write_text(answer_yaml(rng, 0), encoding="utf-8")
    return {"answers": answers, "csv": folder / "export.csv", "big": big, "one": one}


def wall(cmd: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr.decode()[:500]}")
        best = min(best, elapsed)
    return best


def peak_rss_mb(cmd: list[str]) -> float:
    """Peak RSS of one child process (run alone, so RUSAGE_CHILDREN is its own)."""
    code = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *cmd], capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--big-rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()

    tool = shutil.which("custserv-audit")
    if tool is None:
        sys.exit("custserv-audit is not on PATH: pip install . first")
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="custserv-bench-") as tmp:
        folder = Path(tmp)
        print(
            f"generating {args.files} answer files, a {args.rows}-row CSV"
            + ("" if args.skip_memory else f" and a {args.big_rows}-row CSV")
            + " ...",
            flush=True,
        )
        data = make_data(folder, args.files, args.rows, 0 if args.skip_memory else args.big_rows)
        for name, script in (("yaml", YAML_FLOOR), ("csv", CSV_FLOOR), ("startup", STARTUP_FLOOR)):
            (folder / f"floor_{name}.py").write_text(script, encoding="utf-8")

        rows = []

        def compare(label: str, tool_cmd: list[str], floor_cmd: list[str], target: float) -> None:
            floor = wall(floor_cmd, args.repeat)
            mine = wall(tool_cmd, args.repeat)
            ratio = mine / floor
            verdict = "ok" if ratio <= target else "OVER"
            rows.append((label, mine, floor, ratio, target, verdict))
            print(
                f"{label:<34} tool {mine:7.3f}s  floor {floor:7.3f}s  ratio {ratio:5.2f}  "
                f"(target ≤ {target}) {verdict}",
                flush=True,
            )

        compare(
            f"{args.files} YAML files, ndjson",
            [tool, "score", str(data["answers"]), "--format", "ndjson"],
            [py, str(folder / "floor_yaml.py"), str(data["answers"])],
            1.0,
        )
        compare(
            f"{args.rows}-row CSV, ndjson",
            [tool, "score", str(data["csv"]), "--format", "ndjson"],
            [py, str(folder / "floor_csv.py"), str(data["csv"])],
            1.5,
        )
        compare(
            "one file, json (start-up)",
            [tool, "score", str(data["one"]), "--format", "json"],
            [py, str(folder / "floor_startup.py"), str(data["one"])],
            1.3,
        )
        if not args.skip_memory:
            for extra in (["--format", "ndjson"], ["--summary-only", "--format", "json"]):
                mb = peak_rss_mb([tool, "score", str(data["big"]), *extra])
                verdict = "ok" if mb < 150 else "OVER"
                print(
                    f"{args.big_rows}-row CSV {' '.join(extra):<24} peak RSS {mb:6.1f} MB "
                    f"(target < 150) {verdict}",
                    flush=True,
                )


if __name__ == "__main__":
    main()

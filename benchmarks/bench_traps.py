"""Scale traps of hostile or unusual inputs: each workload at two sizes, whole-process CPU
(user + sys) and peak RSS, and the growth from the small to the large size.

Usage: python benchmarks/bench_traps.py [--only meta,respondent,source,reject]

- meta: CSV output of one answer file with 12,400 and 124,000 metadata keys (the large
  one is just under the 1 MB limit). CPU must grow about 10x (linear), not 100x.
- respondent: `--summary-only --group-by respondent` over 10,000 and 100,000 CSV rows:
  one group per respondent; peak memory per group is printed.
- source: `--summary-only --group-by source` over 1,000 and 10,000 answer files.
- reject: the most expensive ~1 MB answer files to reject that we know of (a very long
  rating list, many bad ratings, many unknown sections, a bad metadata value after many
  keys, a long JSON list), as CPU seconds and as a ratio to scoring one small valid file in
  the same run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from workloads import write_csv, write_files  # noqa: E402

HEAD = "questionnaire: customer-orientation\nrespondent: R\ndate: 2026-11-25\n"
ANSWERS = (
    "answers:\n  culture: [5, 4, 4, 3]\n  products: [4, 4, 5, 3]\n  feedback: [3, 3, 4]\n"
    "  knowledge: [4, 4, 3]\n  accessibility: [5, 4, 4]\n  staff: [4, 4, 4, 3, 5]\n"
    "  improvement: [3, 4, 4]\n"
)


def key(i: int) -> str:
    """A short distinct key: a, b, ..., z, ba, bb, ..."""
    letters, out = "abcdefghijklmnopqrstuvwxyz", ""
    while True:
        out = letters[i % 26] + out
        i //= 26
        if not i:
            return out


def measure(cmd: list[str]) -> tuple[float, float, int]:
    """(CPU seconds, peak MB, exit code) of one run, output discarded."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    return (
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        os.waitstatus_to_exitcode(status),
    )


def pair(label: str, small: list[str], large: list[str], per: tuple[int, int]) -> None:
    """Print one workload at two sizes, with the CPU growth and memory per unit of size."""
    a_cpu, a_mb, _ = measure(small)
    b_cpu, b_mb, _ = measure(large)
    growth = b_cpu / max(a_cpu, 1e-9)
    per_unit = (b_mb - a_mb) * 1024 / max(per[1] - per[0], 1)
    print(
        f"{label:44} {per[0]:>8} {a_cpu:6.2f} s {a_mb:6.1f} MB | {per[1]:>8} {b_cpu:6.2f} s "
        f"{b_mb:6.1f} MB | CPU x{growth:.1f}, {per_unit:.2f} KB per unit",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default="meta,respondent,source,reject")
    only = set(parser.parse_args().only.split(","))
    tool = shutil.which("custserv-audit")
    if tool is None:
        sys.exit("custserv-audit is not on PATH: pip install . first")
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="custserv-traps-") as name:
        tmp = Path(name)
        if "meta" in only:
            for n in (12_400, 124_000):
                body = "".join(f" {key(i)}:\n" for i in range(n))
                (tmp / f"meta{n}.yaml").write_text(HEAD + ANSWERS + "metadata:\n" + body, "utf-8")
            run = [tool, "score", "-f", "csv"]
            pair(
                "CSV output, metadata keys",
                [*run, str(tmp / "meta12400.yaml")],
                [*run, str(tmp / "meta124000.yaml")],
                (12_400, 124_000),
            )
        if "respondent" in only:
            write_csv(tmp / "r10k.csv", 10_000)
            write_csv(tmp / "r100k.csv", 100_000)
            run = [tool, "score", "--summary-only", "--group-by", "respondent", "-f", "json"]
            pair(
                "--group-by respondent, CSV rows",
                [*run, str(tmp / "r10k.csv")],
                [*run, str(tmp / "r100k.csv")],
                (10_000, 100_000),
            )
        if "source" in only:
            write_files(tmp / "f1k", 1_000, "yaml")
            write_files(tmp / "f10k", 10_000, "yaml")
            run = [tool, "score", "--summary-only", "--group-by", "source", "-f", "json"]
            pair(
                "--group-by source, answer files",
                [*run, str(tmp / "f1k")],
                [*run, str(tmp / "f10k")],
                (1_000, 10_000),
            )
        if "reject" in only:
            reject(tool, tmp)
    print(f"load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def reject(tool: str, tmp: Path) -> None:
    """CPU of rejecting each worst case, against scoring one small valid file."""
    cases = {
        "long-ratings.yaml": HEAD + "answers:\n  culture: [" + "1, " * 300_000 + "1]\n",
        "bad-ratings.yaml": HEAD + "answers:\n  culture: [" + "x, " * 300_000 + "x]\n",
        "many-sections.yaml": HEAD
        + "answers:\n"
        + "".join(f"  {key(i)}: [1]\n" for i in range(85_000)),
        "bad-meta-last.yaml": HEAD
        + ANSWERS
        + "metadata:\n"
        + "".join(f" {key(i)}:\n" for i in range(120_000))
        + " zzzzz: [1]\n",
        "long-ratings.json": '{"questionnaire": "customer-orientation", "answers": {"culture": ['
        + "1," * 450_000
        + "1]}}",
    }
    (tmp / "good.yaml").write_text(HEAD + ANSWERS, "utf-8")
    floor = min(measure([tool, "score", str(tmp / "good.yaml")])[0] for _ in range(3))
    print(f"scoring one small valid file: {floor:.2f} s CPU (the floor)")
    for name, text in cases.items():
        path = tmp / name
        path.write_text(text, "utf-8")
        cpu, mb, code = measure([tool, "score", str(path)])
        size = path.stat().st_size
        print(
            f"  reject {name:20} {size / 1e6:5.2f} MB  exit {code}  {cpu:5.2f} s CPU "
            f"(x{cpu / floor:.1f} the floor)  {mb:5.1f} MB peak",
            flush=True,
        )


if __name__ == "__main__":
    main()

"""Time `custserv-audit form` and `report`: whole-process wall and CPU time, best of N.

Usage: python benchmarks/bench_documents.py [--repeat 7]

Target: a blank A4 PDF form in under 0.5 s of wall time, start to exit.
For scale the script also times `custserv-audit --help` (Python, Typer and the
command table, nothing else) and a bare `python -c "import reportlab.platypus"`.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ANSWERS = """\
questionnaire: customer-orientation
respondent: Example Oy
date: 2026-11-25
answers:
  culture: [5, 4, 4, 3]
  products: [4, 4, 5, 3]
  feedback: [3, 3, 4]
  knowledge: [4, 4, 3]
  accessibility: [5, 4, 4]
  staff: [4, 4, 4, 3, 5]
  improvement: [3, 4, 4]
"""


def timed(cmd: list[str], repeat: int) -> tuple[float, float]:
    """Best wall time and best CPU time (user + sys of the child) over `repeat` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(walls), min(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    exe = shutil.which("custserv-audit") or str(Path(sys.executable).with_name("custserv-audit"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        answers = folder / "a.yaml"
        answers.write_text(ANSWERS, encoding="utf-8")
        runs = {
            "--help": [exe, "--help"],
            "import reportlab.platypus": [sys.executable, "-c", "import reportlab.platypus"],
            "form pdf (A4, en)": [
                exe,
                "form",
                "--format",
                "pdf",
                "-o",
                str(folder / "f.pdf"),
                "--force",
            ],
            "form pdf (A4, sk)": [
                exe,
                "form",
                "--lang",
                "sk",
                "-o",
                str(folder / "f.pdf"),
                "--force",
            ],
            "form html": [exe, "form", "--format", "html", "-o", str(folder / "f.html"), "--force"],
            "report pdf": [exe, "report", str(answers), "-o", str(folder / "r.pdf"), "--force"],
            "report html": [
                exe,
                "report",
                str(answers),
                "-f",
                "html",
                "-o",
                str(folder / "r.html"),
                "--force",
            ],
        }
        print(f"{'command':28} {'wall (best)':>12} {'cpu (best)':>11}   cores={os.cpu_count()}")
        for name, cmd in runs.items():
            wall, cpu = timed(cmd, args.repeat)
            flag = "  <- target 0.5 s" if name.startswith("form pdf (A4, en)") else ""
            print(f"{name:28} {wall:11.3f}s {cpu:10.3f}s{flag}")


if __name__ == "__main__":
    main()

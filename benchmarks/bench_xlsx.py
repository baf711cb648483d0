"""Time `custserv-audit score` on a big .xlsx export against openpyxl's own read time.

Usage: python benchmarks/bench_xlsx.py [--rows 100000] [--repeat 1]

Makes a Microsoft Forms-like workbook (ID, Start time, Completion time, Email, Name and
the 25 statements as headers, labels and numbers as cells), then measures whole-process
wall time of:
  tool:     custserv-audit score FILE --format ndjson --quiet > /dev/null
  calamine: a script that only loads the sheet's cells with python-calamine;
  openpyxl: a script that only iterates the sheet's rows with openpyxl in read-only mode.
Needs the `test` extra (openpyxl writes the workbook).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OPENPYXL = (
    "import sys, openpyxl\n"
    "book = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)\n"
    "print(sum(1 for _ in book.worksheets[0].iter_rows(values_only=True)))\n"
)
CALAMINE = (
    "import sys, python_calamine\n"
    "book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])\n"
    "print(len(book.get_sheet_by_index(0).to_python()))\n"
)


def make(path: Path, rows: int) -> None:
    import openpyxl

    from custserv_audit.schema.definition import load_questionnaire

    q = load_questionnaire(None, "en")
    labels = [p.label for p in q.scale.points]
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Sheet1")
    texts = [i.text for s in q.sections for i in s.items]
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name", *texts])
    rng = random.Random(7)
    when = dt.datetime(2026, 11, 20, 10, 15)
    for n in range(rows):
        cells = [rng.choice(labels) if k % 2 else rng.randint(1, 5) for k in range(len(texts))]
        sheet.append([n + 1, when, when, "anonymous", f"Person {n}", *cells])
    book.save(path)


def best(command: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    tool = shutil.which("custserv-audit")
    if tool is None:
        sys.exit("custserv-audit is not on PATH: pip install '.[test]' first")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.xlsx"
        make(path, args.rows)
        figures = {
            "tool": best([tool, "score", str(path), "--format", "ndjson", "--quiet"], args.repeat),
            "calamine": best([sys.executable, "-c", CALAMINE, str(path)], args.repeat),
            "openpyxl": best([sys.executable, "-c", OPENPYXL, str(path)], args.repeat),
        }
    print(f"{args.rows:,} rows, {path.name}")
    for name, seconds in figures.items():
        print(f"{name:9} {seconds:7.2f} s   ratio to openpyxl {seconds / figures['openpyxl']:.2f}")


if __name__ == "__main__":
    main()

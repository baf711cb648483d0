"""Long fuzzing runs with atheris (coverage-guided): `pip install -e '.[fuzz]'`, then

    python tests/fuzz/run.py TARGET [libFuzzer options] [corpus folders]

TARGET is one of the names in harnesses.TARGETS (answers, csv, export, ndjson,
questionnaire, backup, mapping, plan).
For example, an hour on the answer-file loader, growing a working corpus beside the kept seeds:

    mkdir -p /tmp/fuzz-answers
    python tests/fuzz/run.py answers -max_total_time=3600 -timeout=10 -rss_limit_mb=2048 \
        /tmp/fuzz-answers tests/fuzz/corpus/answers

A failing input is written to crash-*/timeout-* files; add it to the seed corpus with the fix.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports(include=["custserv_audit"]):
    from harnesses import TARGETS


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: {sys.argv[0]} {{{','.join(TARGETS)}}} [libFuzzer options] [corpus]")
    target = TARGETS[sys.argv.pop(1)]
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

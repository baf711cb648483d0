"""Hand-made mutation test of scoring and loading: each mutant is one small change of the
code that a test must notice. Run from the repository root:

    python scripts/mutants.py            # every mutant, prints the score
    python scripts/mutants.py S2 L17     # only these

Each mutant is applied to a copy of the repository in a temporary folder and the fast
tests of scoring and loading run there (`pytest -x`); a mutant is killed when they fail.
A mutant whose text is no longer in the code is reported as stale (the code moved on).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = [
    "tests/test_model_scoring.py",
    "tests/test_properties.py",
    "tests/test_reliability_bands.py",
    "tests/test_answers_strictness.py",
    "tests/test_questionnaire_validation.py",
    "tests/test_csv_input.py",
]
SC = "custserv_audit/scoring.py"
MO = "custserv_audit/model.py"
AN = "custserv_audit/schema/answers.py"
DE = "custserv_audit/schema/definition.py"
RA = "custserv_audit/schema/ratings.py"
CS = "custserv_audit/schema/csv_input.py"

# (id, file, text in the code, its mutation)
MUTANTS: list[tuple[str, str, str, str]] = [
    ("S1", SC, "if entry is not None and entry[0] is questionnaire:", "if entry is not None:"),
    ("S2", SC, "den = lcm(den, bound.denominator)", "den = den"),
    ("S3", SC, "total * den >= lower", "total * den > lower"),
    ("S4", SC, "total * den < upper", "total * den <= upper"),
    ("S5", SC, "if lowest >= plan.top", "if lowest > plan.top"),
    (
        "S6",
        SC,
        "s for (s, _), value in zip(plan.sections, scaled, strict=True) if value == lowest",
        "s for (s, _), value in list(zip(plan.sections, scaled, strict=True))[:1]"
        " if value == lowest",
    ),
    (
        "S9",
        SC,
        "        if (lower is None or total * den >= lower) and (upper is None",
        "        if (True or total * den >= lower) and (upper is None",
    ),
    (
        "S7",
        SC,
        "(numerator * 200 + denominator) // (2 * denominator)",
        "(numerator * 200 + denominator - 1) // (2 * denominator)",
    ),
    (
        "S8",
        SC,
        "return rounded_ratio(value.numerator, value.denominator)",
        "return round(float(value), 2)",
    ),
    (
        "S11",
        SC,
        "lower = None if band.lower is None else int(band.lower * denominator * den)",
        "lower = None if band.lower is None else int(band.lower * den)",
    ),
    (
        "S12",
        MO,
        "if self.lower is not None and total < self.lower:",
        "if self.lower is not None and total <= self.lower:",
    ),
    (
        "S13",
        SC,
        "return ((numerator * 200 + denominator) // (2 * denominator)) / 100",
        "return round(numerator / denominator + 1e-9, 2)",
    ),
    (
        "S14",
        SC,
        "sections=tuple((s, denominator // len(s.items)) for s in questionnaire.sections)",
        "sections=tuple((s, denominator // max(len(s.items) - 1, 1))"
        " for s in questionnaire.sections)",
    ),
    (
        "L1",
        RA,
        "if isinstance(value, int) and low <= value <= high:",
        "if isinstance(value, int) and low <= value <= high + 1:",
    ),
    ("L2", RA, "if isinstance(value, bool):", "if False:"),
    ("L3", AN, "if qid != questionnaire.id:", "if False:"),
    ("L6", AN, "if isinstance(value, (dict, list)):", "if isinstance(value, dict):"),
    (
        "L7",
        AN,
        "if not isinstance(value, str) or not _DATE.match(value):",
        "if not isinstance(value, str):",
    ),
    ("L8", AN, "if respondent is not None and not isinstance(respondent, str):", "if False:"),
    (
        "L12",
        DE,
        "too_low = band.upper is not None and band.upper <= low",
        "too_low = band.upper is not None and band.upper < low",
    ),
    (
        "L13",
        DE,
        "too_high = band.lower is not None and band.lower > high",
        "too_high = band.lower is not None and band.lower > high + 1",
    ),
    (
        "L14",
        DE,
        "if first.lower is not None and first.lower > low:",
        "if first.lower is not None and first.lower > low + 1:",
    ),
    (
        "L15",
        DE,
        "if last.upper is not None and last.upper <= high:",
        "if last.upper is not None and last.upper < high:",
    ),
    ("L16", DE, "band.lower >= band.upper", "band.lower > band.upper"),
    ("L17", DE, "and high - low <= 20", "and high - low < 20"),
    (
        "L19",
        AN,
        'metadata[name] = "" if value is None else str(value)',
        "metadata[name] = str(value)",
    ),
    ("L20", AN, "if name in metadata:", "if False:"),
    ("C1", CS, "if len(cells) != self.width:", "if len(cells) > self.width:"),
    ("C2", CS, "if name in seen:", "if False:"),
    ("C3", CS, 'if "respondent" not in index:', "if False:"),
    (
        "C4",
        CS,
        "self.valid = {str(v): v for v in range(self.low, self.high + 1)}",
        "self.valid = {str(v): v for v in range(self.low, self.high + 2)}",
    ),
    (
        "C5",
        CS,
        'if self.qid_col is not None and cells[self.qid_col] not in ("", qid):',
        "if False:",
    ),
    ("C6", CS, "problem = bad.check(source, cells, row)", "problem = None"),
]


def run(mutant: tuple[str, str, str, str], python: str) -> str:
    _ident, file, old, new = mutant
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "repo"
        shutil.copytree(
            ROOT, copy, ignore=shutil.ignore_patterns(".venv", ".git", "*.pyc", "__pycache__")
        )
        target = copy / file
        text = target.read_text(encoding="utf-8")
        if text.count(old) != 1:
            return "stale"
        target.write_text(text.replace(old, new), encoding="utf-8")
        done = subprocess.run(
            [
                python,
                "-m",
                "pytest",
                "-x",
                "-q",
                "-p",
                "no:cacheprovider",
                "-p",
                "no:randomly",
                *TESTS,
            ],
            cwd=copy,
            env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin", "LANG": "en_US.UTF-8"},
            capture_output=True,
            check=False,
        )
        return "killed" if done.returncode != 0 else "survived"


def main() -> None:
    wanted = set(sys.argv[1:])
    chosen = [m for m in MUTANTS if not wanted or m[0] in wanted]
    results = {}
    for mutant in chosen:
        results[mutant[0]] = run(mutant, sys.executable)
        print(f"{mutant[0]:5} {results[mutant[0]]:9} {mutant[1]}: {mutant[3]}", flush=True)
    live = [r for r in results.values() if r != "stale"]
    killed = sum(r == "killed" for r in live)
    print(f"killed {killed} of {len(live)} mutants ({100 * killed / max(len(live), 1):.0f} %)")


if __name__ == "__main__":
    main()

"""Rewrite the golden outputs in tests/golden/cases/ from the current code.

Run it only for a change of output that is meant, then review `git diff tests/golden`
before committing:

    python scripts/update_golden.py                 # every case
    python scripts/update_golden.py form-pdf-en ... # only these cases
    python scripts/update_golden.py --check         # report what differs, write nothing

Stale case folders (no longer in tests/golden_cases.py) are removed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from golden_cases import ALL, BY_NAME, CASES, leaks_today, run_case, stored


def main(argv: list[str] | None = None) -> int:
    """Regenerate the chosen cases; exit 1 on an unknown name, a date leak or (--check) a change."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="case names (default: every case)")
    parser.add_argument("--check", action="store_true", help="only report what would change")
    options = parser.parse_args(argv)
    unknown = [name for name in options.names if name not in BY_NAME]
    if unknown:
        print(f"unknown case(s): {', '.join(unknown)}", file=sys.stderr)
        return 1
    cases = [BY_NAME[name] for name in options.names] if options.names else list(ALL)
    changed: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            outputs = run_case(case, Path(tmp))
            leaked = leaks_today(outputs)
            if leaked:
                print(f"{case.name}: today's date in {', '.join(leaked)}", file=sys.stderr)
                return 1
            if outputs == stored(case):
                continue
            changed.append(case.name)
            if options.check:
                continue
            folder = CASES / case.name
            if folder.exists():
                shutil.rmtree(folder)
            folder.mkdir(parents=True)
            for name, data in outputs.items():
                (folder / name).write_bytes(data)
    if not options.names:
        changed += _remove_stale(check=options.check)
    verb = "differ" if options.check else "updated"
    print(f"{len(changed)} of {len(cases)} case(s) {verb}" + "".join(f"\n  {c}" for c in changed))
    return 1 if options.check and changed else 0


def _remove_stale(check: bool) -> list[str]:
    """Folders of cases that no longer exist: named, and removed unless `check`."""
    stale: list[str] = []
    if not CASES.is_dir():
        return stale
    for folder in sorted(CASES.iterdir()):
        if folder.name not in BY_NAME:
            stale.append(f"{folder.name} (removed)")
            if not check:
                shutil.rmtree(folder)
    return stale


if __name__ == "__main__":
    sys.exit(main())

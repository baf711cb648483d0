"""Every output byte stays the same: the golden cases against their stored outputs.

A case runs one command line on the fixed inputs in tests/golden/inputs/ and compares its
exit code, standard output, standard error and written files with tests/golden/cases/<name>/.
For a change of output that is meant, rewrite them with `python scripts/update_golden.py`
and review the diff (see tests/golden/README.md).
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
from pathlib import Path

import pytest
from golden_cases import ALL, BY_NAME, CASES, leaks_today, run_case, stored

MAX_DIFF_LINES = 80


def _pdf_text(data: bytes, folder: Path, name: str) -> str:
    """The text of a PDF as pdftotext lays it out, to show what changed in a binary file."""
    if shutil.which("pdftotext") is None:
        return ""
    path = folder / name
    path.write_bytes(data)
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=False, timeout=60
    )
    return done.stdout.decode("utf-8", errors="replace")


def _describe(name: str, expected: bytes | None, actual: bytes | None, folder: Path) -> str:
    """A readable account of one differing output."""
    if expected is None:
        return f"{name}: produced, but no stored golden file"
    if actual is None:
        return f"{name}: stored golden file, but not produced"
    if name.endswith(".pdf"):
        old = _pdf_text(expected, folder, "expected.pdf")
        new = _pdf_text(actual, folder, "actual.pdf")
        head = f"{name}: PDF bytes differ ({len(expected)} stored, {len(actual)} now)"
        if old == new:
            return head + "; the text is the same (layout, fonts or metadata changed)"
        expected_text, actual_text = old, new
    else:
        head = f"{name}: differs"
        expected_text = expected.decode("utf-8", errors="backslashreplace")
        actual_text = actual.decode("utf-8", errors="backslashreplace")
    diff = list(
        difflib.unified_diff(
            expected_text.splitlines(keepends=True),
            actual_text.splitlines(keepends=True),
            fromfile=f"stored/{name}",
            tofile=f"now/{name}",
        )
    )
    if not diff:  # same lines, different line endings or a missing final newline
        return f"{head} (line endings or final newline): {expected[-20:]!r} vs {actual[-20:]!r}"
    shown = "".join(diff[:MAX_DIFF_LINES])
    more = (
        f"\n... {len(diff) - MAX_DIFF_LINES} more diff lines" if len(diff) > MAX_DIFF_LINES else ""
    )
    return f"{head}:\n{shown}{more}"


@pytest.mark.parametrize("name", list(BY_NAME))
def test_output_unchanged(name: str, tmp_path: Path) -> None:
    """The command's exit code, streams and files are byte for byte the stored ones."""
    case = BY_NAME[name]
    expected = stored(case)
    assert expected, f"no golden outputs for {case.name}: run scripts/update_golden.py {case.name}"
    actual = run_case(case, tmp_path)
    problems = [
        _describe(name, expected.get(name), actual.get(name), tmp_path)
        for name in sorted(expected.keys() | actual.keys())
        if expected.get(name) != actual.get(name)
    ]
    assert not problems, f"{case.name}: {' '.join(case.args)}\n\n" + "\n\n".join(problems)


def test_no_stale_golden_folders() -> None:
    """Every stored folder belongs to a case, so a renamed case leaves nothing behind."""
    names = {case.name for case in ALL}
    assert sorted(p.name for p in CASES.iterdir() if p.name not in names) == []


def test_stored_outputs_are_dated_by_the_inputs() -> None:
    """No stored output holds today's date, which would make it depend on the day of the run."""
    leaked = {case.name: leaks_today(stored(case)) for case in ALL}
    assert {name: files for name, files in leaked.items() if files} == {}

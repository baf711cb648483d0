"""The golden cases: fixed inputs, the command lines run on them, and how each is captured.

Each case runs in a fresh copy of `tests/golden/inputs/` as the working folder, so paths
in the outputs are the short relative ones of the command line. What a case produces
(exit code, standard output, standard error and any file it writes) is stored under
`tests/golden/cases/<name>/` and compared byte for byte by `tests/test_golden.py`;
`scripts/update_golden.py` rewrites the stored outputs on purpose.

Only `custserv_audit.cli.app` is imported (lazily), and a few cases run the program as
`python -m custserv_audit` in a subprocess, so the cases survive moves inside the package.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"
INPUTS = GOLDEN / "inputs"
CASES = GOLDEN / "cases"

# The environment every case runs in: English locale unless --lang says otherwise, a fixed
# terminal width, no colour, and a history database inside the working folder.
ENV: dict[str, str | None] = {
    "LANG": "en_US.UTF-8",
    "LC_ALL": None,
    "LC_MESSAGES": None,
    "LANGUAGE": None,
    "COLUMNS": "100",
    "LINES": "40",
    "NO_COLOR": None,
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "TTY_INTERACTIVE": None,
    "CUSTSERV_AUDIT_DB": "default-history.sqlite3",
}

# Parts of an output that differ from run to run; replaced before storing and comparing.
RECORDED_AT = (r'"recorded_at": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"', '"recorded_at": "<recorded>"')

# The batch with every kind of input: three good files, four bad ones, a CSV with a bad row.
BATCH = "answers bad team.csv"
GOOD = "answers team.csv"
# Every answer recorded in the history cases carries a date: no record falls back to today.
RECORD = "score answers bad team.csv --record --db h.sqlite3 --format ndjson"
IMPORT = "history import backup.json --db h.sqlite3"
RECORD_2027 = "score acme-2027.yaml --record --db h.sqlite3"


@dataclass(frozen=True)
class Step:
    """A command run before the captured one (its output is not stored)."""

    command: str  # the arguments, split as a shell would (shlex)
    exit_code: int = 0

    @property
    def args(self) -> tuple[str, ...]:
        return tuple(shlex.split(self.command))


@dataclass(frozen=True)
class Case:
    """One captured command line."""

    name: str
    command: str  # the arguments after the program name, split as a shell would (shlex)
    ext: str = "txt"  # extension of the stored standard output
    stdin: str | None = None  # a file of the inputs fed to standard input
    setup: tuple[Step, ...] = ()
    files: tuple[str, ...] = ()  # files the command writes, stored and compared too
    subprocess: bool = False  # run as `python -m custserv_audit` in a child process
    masks: tuple[tuple[str, str], ...] = field(default=())

    @property
    def args(self) -> tuple[str, ...]:
        return tuple(shlex.split(self.command))


def _score_cases() -> list[Case]:
    cases = [
        Case(f"score-table-one-{lang}", f"score answers/acme.yaml --lang {lang}")
        for lang in ("en", "fi", "sk")
    ]
    cases += [
        Case("score-table-top-en", "score answers/top.yaml --lang en"),
        Case("score-table-batch-en", f"score {BATCH} --lang en"),
        Case("score-table-batch-fi", f"score {BATCH} --lang fi"),
    ]
    cases += [
        Case(f"score-{fmt}-batch-{lang}", f"score {BATCH} --format {fmt} --lang {lang}", ext=fmt)
        for fmt in ("json", "ndjson", "csv")
        for lang in ("en", "sk")
    ]
    cases += [
        Case("score-json-one-fi", "score answers/acme.yaml --format json --lang fi", ext="json"),
        Case(
            "score-json-stdin",
            "score - --format json --lang en",
            ext="json",
            stdin="answers/acme.yaml",
        ),
        Case(
            "score-csv-stdin-csv",
            "score - --input-format csv --format csv --lang en",
            ext="csv",
            stdin="team.csv",
        ),
        Case(
            "score-json-output-file",
            "score answers/acme.yaml answers/beta.json answers/top.yaml --format json "
            "--output out.json --lang en",
            files=("out.json",),
        ),
        Case("score-output-exists", "score answers/acme.yaml --output team.csv --lang en"),
        Case(
            "score-custom-questionnaire",
            "score mini-answers.yaml --questionnaire questionnaires/mini.yaml --format json "
            "--lang en",
            ext="json",
        ),
        Case(
            "score-custom-questionnaire-mismatch",
            "score answers/acme.yaml --questionnaire questionnaires/mini.yaml",
        ),
        Case("score-missing-path", "score nowhere.yaml --lang sk"),
        Case("score-bad-only-fi", "score bad --format json --lang fi", ext="json"),
    ]
    return cases


def _summary_cases() -> list[Case]:
    return [
        Case("summary-table-en", f"score {GOOD} --summary --lang en"),
        Case("summary-table-fi", f"score {GOOD} --summary --lang fi"),
        Case("summary-json-en", f"score {GOOD} --summary --format json --lang en", ext="json"),
        Case(
            "summary-ndjson-sk",
            f"score {GOOD} --summary --format ndjson --lang sk",
            ext="ndjson",
        ),
        Case("summary-only-table-en", f"score {GOOD} --summary-only --lang en"),
        Case(
            "summary-only-json-en",
            f"score {GOOD} --summary-only --format json --lang en",
            ext="json",
        ),
        Case(
            "summary-only-ndjson-en",
            f"score {GOOD} --summary-only --format ndjson --lang en",
            ext="ndjson",
        ),
        Case(
            "summary-only-csv-en",
            f"score {GOOD} --summary-only --format csv --lang en",
            ext="csv",
        ),
        Case("summary-csv-usage-error", f"score {GOOD} --summary --format csv --lang en"),
        Case("group-by-region-table-en", f"score {GOOD} --group-by region --lang en"),
        Case(
            "group-by-region-json-en",
            f"score {GOOD} --group-by region --format json --lang en",
            ext="json",
        ),
        Case(
            "group-by-region-only-csv-fi",
            f"score {GOOD} --group-by region --summary-only --format csv --lang fi",
            ext="csv",
        ),
        Case(
            "group-by-source-only-json-sk",
            f"score {GOOD} --group-by source --summary-only --format json --lang sk",
            ext="json",
        ),
        Case(
            "group-by-unknown-field",
            f"score {GOOD} --group-by regoin --summary-only --lang en",
        ),
        Case(
            "summary-with-bad-inputs-json",
            f"score {BATCH} --summary --format json --lang en",
            ext="json",
        ),
    ]


def _document_cases() -> list[Case]:
    langs = ("en", "fi", "sk")
    cases = [
        Case(f"form-markdown-{x}", f"form --format markdown --lang {x}", ext="md") for x in langs
    ]
    cases += [Case(f"form-html-{x}", f"form --format html --lang {x}", ext="html") for x in langs]
    cases += [
        Case(
            f"form-pdf-{x}", f"form --format pdf --output form.pdf --lang {x}", files=("form.pdf",)
        )
        for x in langs
    ]
    history = (Step(IMPORT),)
    cases += [
        Case("form-html-letter-en", "form --format html --paper letter --lang en", ext="html"),
        Case(
            "form-markdown-letter-fi",
            "form --format markdown --paper letter --lang fi",
            ext="md",
        ),
        Case(
            "form-pdf-letter-sk",
            "form --format pdf --paper letter --output form.pdf --lang sk",
            files=("form.pdf",),
        ),
        Case(
            "form-markdown-custom",
            "form --format markdown --questionnaire questionnaires/mini.yaml",
            ext="md",
        ),
        Case(
            "form-custom-lang-missing",
            "form --format markdown --questionnaire questionnaires/mini.yaml --lang fi",
        ),
        Case("report-html-en", "report answers/acme.yaml --format html --lang en", ext="html"),
        Case("report-html-sk", "report answers/beta.json --format html --lang sk", ext="html"),
        Case(
            "report-pdf-en",
            "report answers/acme.yaml --format pdf --output r.pdf --lang en",
            files=("r.pdf",),
        ),
        Case(
            "report-pdf-letter-fi",
            "report answers/top.yaml --format pdf --paper letter --output r.pdf --lang fi",
            files=("r.pdf",),
        ),
        Case(
            "report-html-with-history-en",
            "report acme-2027.yaml --format html --db h.sqlite3 --lang en",
            ext="html",
            setup=history,
        ),
        Case(
            "report-pdf-with-history-fi",
            "report acme-2027.yaml --format pdf --db h.sqlite3 --output r.pdf --lang fi",
            files=("r.pdf",),
            setup=history,
        ),
        Case("report-csv-many-rows", "report team.csv --format html --lang en"),
        Case("report-bad-file-sk", "report bad/rating.yaml --format html --lang sk"),
    ]
    return cases


def _validate_cases() -> list[Case]:
    return [
        Case("validate-ok-en", "validate questionnaires/mini.yaml --lang en"),
        Case("validate-ok-sk", "validate questionnaires/mini.yaml --lang sk"),
        Case("validate-errors-en", "validate questionnaires/broken.yaml --lang en"),
        Case("validate-errors-fi", "validate questionnaires/broken.yaml --lang fi"),
        Case("validate-errors-sk", "validate questionnaires/broken.yaml --lang sk"),
        Case("validate-answer-file", "validate answers/acme.yaml --lang en"),
        Case("usage-bad-lang", "form --lang de"),
    ]


def _history_cases() -> list[Case]:
    recorded, imported, later = Step(RECORD, exit_code=1), Step(IMPORT), Step(RECORD_2027)
    return [
        Case(
            "score-record-en",
            "score answers/acme.yaml answers/beta.json answers/top.yaml --record --db h.sqlite3 "
            "--format json --lang en",
            ext="json",
        ),
        Case(
            "score-record-again-en",
            "score answers/acme.yaml --record --db h.sqlite3 --lang en",
            setup=(Step("score answers/acme.yaml --record --db h.sqlite3"),),
        ),
        Case(
            "history-json-after-record",
            "history --db h.sqlite3 --format json --lang en",
            ext="json",
            setup=(recorded,),
            masks=(RECORDED_AT,),
        ),
        Case(
            "history-table-after-record-fi",
            "history --db h.sqlite3 --lang fi",
            setup=(recorded,),
        ),
        Case("history-import-en", f"{IMPORT} --lang en"),
        Case("history-import-twice-sk", f"{IMPORT} --lang sk", setup=(imported,)),
        Case(
            "history-json-imported",
            "history --db h.sqlite3 --format json --lang en",
            ext="json",
            setup=(imported, recorded),
            masks=(RECORDED_AT,),
        ),
        Case(
            "history-table-respondent-en",
            "history --db h.sqlite3 --respondent 'acme  oy' --lang en",
            setup=(imported, recorded, later),
        ),
        Case(
            "history-json-respondent-sk",
            "history --db h.sqlite3 --respondent 'Acme Oy' --format json --lang sk",
            ext="json",
            setup=(imported, later),
            masks=(RECORDED_AT,),
        ),
        Case("history-import-bad", "history import answers/beta.json --db h.sqlite3 --lang en"),
        Case(
            "compare-files-json-en",
            "compare answers/acme.yaml acme-2027.yaml --format json --lang en",
            ext="json",
        ),
        Case("compare-files-table-en", "compare answers/acme.yaml acme-2027.yaml --lang en"),
        Case("compare-files-table-sk", "compare answers/beta.json answers/acme.yaml --lang sk"),
        Case(
            "compare-ids-json-fi",
            "compare 1 3 --db h.sqlite3 --format json --lang fi",
            ext="json",
            setup=(imported, later),
        ),
        Case("compare-unknown-id", "compare 1 9 --db h.sqlite3 --lang en", setup=(imported,)),
    ]


def _process_cases() -> list[Case]:
    """Run as a real process: exit codes, streams and binary standard output end to end."""
    return [
        Case(
            "process-score-ndjson-batch",
            f"score {BATCH} --format ndjson --lang en",
            ext="ndjson",
            subprocess=True,
        ),
        Case(
            "process-form-pdf-stdout-en",
            "form --format pdf --lang en",
            ext="pdf",
            subprocess=True,
        ),
        Case(
            "process-usage-bad-format",
            "score answers/acme.yaml --format xml --lang en",
            subprocess=True,
        ),
    ]


ALL: tuple[Case, ...] = tuple(
    _score_cases()
    + _summary_cases()
    + _document_cases()
    + _validate_cases()
    + _history_cases()
    + _process_cases()
)
BY_NAME: dict[str, Case] = {case.name: case for case in ALL}
assert len(BY_NAME) == len(ALL), "golden case names must be unique"


@dataclass(frozen=True)
class Outcome:
    """What one command did."""

    exit_code: int
    stdout: bytes
    stderr: bytes


def _invoke(args: tuple[str, ...], stdin: bytes | None, in_process: bool, cwd: Path) -> Outcome:
    if not in_process:
        env = dict(os.environ)
        for key, value in ENV.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        done = subprocess.run(
            [sys.executable, "-m", "custserv_audit", *args],
            input=stdin if stdin is not None else b"",
            capture_output=True,
            cwd=cwd,
            env=env,
            check=False,
            timeout=120,
        )
        return Outcome(done.returncode, done.stdout, done.stderr)
    from typer.testing import CliRunner

    from custserv_audit.cli import app

    with contextlib.chdir(cwd):
        result = CliRunner().invoke(app, list(args), input=stdin, env=ENV)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise RuntimeError(f"{' '.join(args)} crashed") from result.exception
    return Outcome(result.exit_code, result.stdout_bytes, result.stderr_bytes)


def _masked(data: bytes, masks: tuple[tuple[str, str], ...]) -> bytes:
    for pattern, replacement in masks:
        data = re.sub(pattern.encode(), replacement.encode(), data)
    return data


def run_case(case: Case, workdir: Path) -> dict[str, bytes]:
    """Run a case in a fresh copy of the inputs under `workdir`: stored name -> bytes."""
    cwd = workdir / case.name
    shutil.copytree(INPUTS, cwd)
    for step in case.setup:
        done = _invoke(step.args, None, in_process=True, cwd=cwd)
        if done.exit_code != step.exit_code:
            raise RuntimeError(
                f"setup step {' '.join(step.args)} exited {done.exit_code}, "
                f"expected {step.exit_code}: {done.stderr.decode(errors='replace')}"
            )
    stdin = (cwd / case.stdin).read_bytes() if case.stdin is not None else None
    done = _invoke(case.args, stdin, in_process=not case.subprocess, cwd=cwd)
    captured = {
        "exit_code": f"{done.exit_code}\n".encode(),
        f"stdout.{case.ext}": _masked(done.stdout, case.masks),
        "stderr.txt": _masked(done.stderr, case.masks),
    }
    for name in case.files:
        path = cwd / name
        if path.exists():  # a missing file shows as a difference against the stored one
            captured[name] = _masked(path.read_bytes(), case.masks)
    return captured


def stored(case: Case) -> dict[str, bytes]:
    """The stored golden outputs of a case (empty when it has none yet)."""
    folder = CASES / case.name
    if not folder.is_dir():
        return {}
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def leaks_today(outputs: Mapping[str, bytes]) -> list[str]:
    """Outputs that contain today's date: a golden file must not depend on the day it is run."""
    today = dt.date.today().isoformat().encode()
    return [name for name, data in outputs.items() if today in data]

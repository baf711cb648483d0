"""Fuzz targets: each takes arbitrary bytes and must end in a result or the project's own
error type (AuditError). Anything else - a foreign exception, a hang, a crash - is a defect.

The same targets run in the test suite (a few seconds, driven by hypothesis from the seed
corpus in tests/fuzz/corpus) and in long runs with atheris (see tests/fuzz/run.py).
"""

from __future__ import annotations

import contextlib
import functools
import io
from collections.abc import Callable

from custserv_audit.errors import AuditError
from custserv_audit.history.backup import parse_backup
from custserv_audit.history.db import check_with
from custserv_audit.intake.inputs import ndjson_answers, table_answers
from custserv_audit.intake.mapping import parse_mapping, plan_from_mapping
from custserv_audit.model import Questionnaire
from custserv_audit.plan.file import parse_plan
from custserv_audit.schema.answers import load_answers
from custserv_audit.schema.csv_input import read_csv
from custserv_audit.schema.definition import load_questionnaire, questionnaire_from_data
from custserv_audit.schema.document import parse_document
from custserv_audit.scoring import score


@functools.cache
def builtin() -> Questionnaire:
    return load_questionnaire(None, "en")


def answers(data: bytes) -> None:
    """An answer file, as YAML and as JSON, scored when accepted."""
    q = builtin()
    for kind in ("yaml", "json"):
        with contextlib.suppress(AuditError):
            score(q, load_answers(data, "fuzz", q, kind))


def csv(data: bytes) -> None:
    """A CSV file in our layout, read line by line as from an open file; every row scored."""
    q = builtin()
    try:
        for row in read_csv(io.BytesIO(data), "fuzz.csv", q):
            if not isinstance(row, AuditError):
                score(q, row)
    except AuditError:
        pass


def questionnaire(data: bytes) -> None:
    """A questionnaire definition, as YAML and as JSON, in every language it declares."""
    for kind in ("yaml", "json"):
        try:
            value, line_of = parse_document(data, "fuzz", kind)
            questionnaire_from_data(value, line_of, "fuzz", None)
        except AuditError:
            pass


def backup(data: bytes) -> None:
    """A history backup (the JSON that `history --format json` writes), checked as import does."""
    q = builtin()
    try:
        for index, record in enumerate(parse_backup(data, "fuzz.json")):
            check_with(record, q, "fuzz.json", index)
    except AuditError:
        pass


def export(data: bytes) -> None:
    """A platform export or spreadsheet CSV: delimiter, encoding, header and label matching."""
    q = builtin()
    for outcome in table_answers(None, data, "fuzz.csv", q):
        if not isinstance(outcome, AuditError):
            score(q, outcome)


def ndjson(data: bytes) -> None:
    """Answer objects one per line; every accepted line scored."""
    q = builtin()
    for outcome in ndjson_answers(data, "fuzz.ndjson", q):
        if not isinstance(outcome, AuditError):
            score(q, outcome)


_EXPORT_HEADER = ["Timestamp", "Your name", "Q1[SQ001]", "Q1[SQ002]", "Team"]


def mapping(data: bytes) -> None:
    """A mapping file, checked and then matched against a small export's header."""
    q = builtin()
    try:
        found = parse_mapping(data, "fuzz.yaml", q)
        plan_from_mapping([_EXPORT_HEADER, ["2026-11-20", "A", "4", "5", "x"]], found, "fuzz.csv")
    except AuditError:
        pass


def plan(data: bytes) -> None:
    """An action-plan file, checked against the built-in questionnaire."""
    with contextlib.suppress(AuditError):
        parse_plan(data, "fuzz.yaml", builtin())


TARGETS: dict[str, Callable[[bytes], None]] = {
    "answers": answers,
    "csv": csv,
    "questionnaire": questionnaire,
    "backup": backup,
    "mapping": mapping,
    "plan": plan,
    "export": export,
    "ndjson": ndjson,
}

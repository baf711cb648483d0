"""Where `enter` keeps the forms typed so far: a CSV file or a folder of answer files.

Everything is read back with the program's own strict readers, so a file that
`enter` resumes is one `score` accepts. Every save replaces the whole file (or
writes one answer file) atomically.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import InputError
from ..model import Questionnaire
from ..output import write_atomic
from ..schema.answerfile import quote
from ..sources import read_bytes

CHECK_FIELD = "entry"  # metadata: "double" once a second entry has confirmed the form
DOUBLE = "double"


@dataclass(frozen=True)
class Record:
    """One typed form."""

    name: str
    ratings: dict[str, tuple[int, ...]]
    checked: bool = False
    file: str | None = None  # in a folder: the answer file's name


def is_csv(path: Path) -> bool:
    """True when the entries go to one CSV file (else: a folder of answer files)."""
    return path.suffix.lower() == ".csv"


def load(path: Path, q: Questionnaire) -> list[Record]:
    """The forms entered so far (none when the file or folder does not exist yet)."""
    if is_csv(path):
        if not path.exists():
            return []
        from ..schema.csv_input import read_csv

        records = []
        lines = read_bytes(path).splitlines(keepends=True)
        for answers in read_csv(lines, str(path), q):
            if isinstance(answers, InputError):
                raise answers
            records.append(
                Record(
                    answers.respondent or "",
                    dict(answers.ratings),
                    answers.metadata.get(CHECK_FIELD) == DOUBLE,
                )
            )
        return records
    if not path.exists():
        return []
    from ..schema.answers import load_answers

    out = []
    for file in sorted(path.glob("[0-9][0-9][0-9][0-9]-*.yaml")):
        answers = load_answers(read_bytes(file), str(file), q)
        out.append(
            Record(
                answers.respondent or "",
                dict(answers.ratings),
                answers.metadata.get(CHECK_FIELD) == DOUBLE,
                file.name,
            )
        )
    return out


def _csv_text(q: Questionnaire, records: Sequence[Record]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    items = [f"{s.id}.{i}" for s in q.sections for i in range(1, len(s.items) + 1)]
    writer.writerow(["respondent", *items, CHECK_FIELD])
    for r in records:
        flat = [str(v) for s in q.sections for v in r.ratings[s.id]]
        writer.writerow([r.name, *flat, DOUBLE if r.checked else "single"])
    return buffer.getvalue()


def _yaml_text(q: Questionnaire, record: Record) -> str:
    lines = [f"questionnaire: {quote(q.id)}", f"respondent: {quote(record.name)}"]
    lines += ["metadata:", f"  {CHECK_FIELD}: {DOUBLE if record.checked else 'single'}"]
    lines.append("answers:")
    lines += [f"  {s.id}: [{', '.join(map(str, record.ratings[s.id]))}]" for s in q.sections]
    return "\n".join(lines) + "\n"


def save(path: Path, q: Questionnaire, records: list[Record], changed: int) -> list[Record]:
    """Store the forms after record `changed` was added or corrected; returns the records."""
    if is_csv(path):
        write_atomic(path, _csv_text(q, records), force=True)
        return records
    path.mkdir(parents=True, exist_ok=True)
    record = records[changed]
    if record.file is None:
        stem = re.sub(r"[^\w.-]+", "_", record.name).strip("._")[:60] or "respondent"
        taken = [int(r.file[:4]) for r in records if r.file is not None]
        record = replace(record, file=f"{max(taken, default=0) + 1:04d}-{stem}.yaml")
        records = [*records[:changed], record, *records[changed + 1 :]]
    write_atomic(path / str(record.file), _yaml_text(q, record), force=True)
    return records

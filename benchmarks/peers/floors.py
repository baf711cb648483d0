"""Plain-Python floors: the simplest honest single-process script for each job.

    python floors.py yaml FOLDER   read each *.yaml, yaml.load (libyaml CSafeLoader), average
                                   the sections, print one JSON line per file
    python floors.py json FOLDER   the same with json.loads on *.json
    python floors.py csv FILE      csv.reader + int() + section means, one JSON line per row
    python floors.py read PATH     the raw read: every byte of the file, or of every file in
                                   the folder (os.walk, open, read), and nothing else

None of them validates anything; they are floors, not equivalents.
"""

from __future__ import annotations

import json
import os
import sys


def _files(folder: str, suffix: str) -> list[str]:
    found = []
    for top, _dirs, names in os.walk(folder):
        found += [os.path.join(top, n) for n in names if n.endswith(suffix)]
    return sorted(found)


def _emit(path: str, data: dict[str, object]) -> None:
    answers = data["answers"]
    assert isinstance(answers, dict)
    scores = {k: sum(v) / len(v) for k, v in answers.items()}
    sys.stdout.write(
        json.dumps(
            {
                "source": path,
                "respondent": data.get("respondent"),
                "sections": scores,
                "total": sum(scores.values()),
            }
        )
        + "\n"
    )


def yaml_loop(folder: str) -> None:
    import yaml

    for path in _files(folder, ".yaml"):
        with open(path, "rb") as f:
            _emit(path, yaml.load(f, Loader=yaml.CSafeLoader))


def json_loop(folder: str) -> None:
    for path in _files(folder, ".json"):
        with open(path, "rb") as f:
            _emit(path, json.loads(f.read()))


def csv_loop(path: str) -> None:
    import csv

    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = next(reader)
        groups: dict[str, list[int]] = {}
        for i, name in enumerate(header):
            if "." in name:
                groups.setdefault(name.split(".")[0], []).append(i)
        write = sys.stdout.write
        for row in reader:
            scores = {s: sum(int(row[i]) for i in cols) / len(cols) for s, cols in groups.items()}
            write(
                json.dumps(
                    {"respondent": row[0], "sections": scores, "total": sum(scores.values())}
                )
                + "\n"
            )


def raw_read(path: str) -> None:
    total = 0
    paths = _files(path, "") if os.path.isdir(path) else [path]
    for name in paths:
        with open(name, "rb") as f:
            while chunk := f.read(1 << 20):
                total += len(chunk)
    sys.stdout.write(f"{total}\n")


if __name__ == "__main__":
    jobs = {"yaml": yaml_loop, "json": json_loop, "csv": csv_loop, "read": raw_read}
    jobs[sys.argv[1]](sys.argv[2])

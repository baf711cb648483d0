"""Generated inputs and the questionnaire's constants, shared by the benchmark drivers.

The data is deterministic (a fixed seed): YAML and JSON answer files in the layout the
tool writes, and answer CSVs of 27 columns (respondent, 25 ratings, a `region` column),
CRLF line ends, as a spreadsheet saves them.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

SECTIONS = {
    "culture": 4,
    "products": 4,
    "feedback": 3,
    "knowledge": 3,
    "accessibility": 3,
    "staff": 5,
    "improvement": 3,
}
ITEMS = [f"{s}.{n}" for s, count in SECTIONS.items() for n in range(1, count + 1)]
REGIONS = ["north", "south", "east", "west"]


def run_measured(cmd: list[str]) -> tuple[float, float, float]:
    """Run `cmd` once, its output discarded: (wall s, CPU s, peak MB). A failed run ends
    the benchmark with the command's own error."""
    start = time.perf_counter()
    # close_fds=False lets Python use posix_spawn: the child's peak RSS is then its own,
    # not the driver's memory copied by fork.
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, close_fds=False)
    assert proc.stderr is not None
    errors = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"failed ({code}): {' '.join(cmd)}\n{errors.decode()[:800]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _ratings(rng: random.Random) -> dict[str, list[int]]:
    return {s: [rng.randint(1, 5) for _ in range(k)] for s, k in SECTIONS.items()}


def answer_yaml(rng: random.Random, n: int) -> str:
    """One answer file in the YAML layout the tool's `dump_answers` writes."""
    lines = [
        "questionnaire: customer-orientation",
        f'respondent: "Client {n}"',
        "date: 2026-11-25",
        "answers:",
    ]
    for section, values in _ratings(rng).items():
        lines.append(f"  {section}: [{', '.join(map(str, values))}]")
    return "\n".join(lines) + "\n"


def answer_json(rng: random.Random, n: int) -> str:
    """One answer file in the JSON layout the tool writes (indent 2)."""
    data = {
        "questionnaire": "customer-orientation",
        "respondent": f"Client {n}",
        "date": "2026-11-25",
        "answers": _ratings(rng),
    }
    return json.dumps(data, indent=2) + "\n"


def write_files(folder: Path, count: int, kind: str, seed: int = 20261125) -> Path:
    """`count` answer files (`kind` yaml or json), 1,000 per sub-folder; returns the folder."""
    rng = random.Random(seed)
    make = answer_yaml if kind == "yaml" else answer_json
    for i in range(count):
        sub = folder / f"batch{i // 1000:03d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"client{i:07d}.{kind}").write_text(make(rng, i), encoding="utf-8")
    return folder


def write_csv(path: Path, count: int, seed: int = 20261125, group: str = "region") -> Path:
    """An answers CSV of `count` rows; the last column (four values) is named `group`."""
    rng = random.Random(seed)
    randint = rng.randint
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(",".join(["respondent", *ITEMS, group]) + "\r\n")
        chunk = []
        for r in range(count):
            cells = [f"Client {r}", *(str(randint(1, 5)) for _ in ITEMS), REGIONS[r % 4]]
            chunk.append(",".join(cells))
            if len(chunk) == 10000:
                f.write("\r\n".join(chunk) + "\r\n")
                chunk = []
        if chunk:
            f.write("\r\n".join(chunk) + "\r\n")
    return path


def questionnaire_params() -> dict[str, object]:
    """What a peer needs to score like the tool: sections, titles, the band edges.

    Taken from the installed tool's built-in questionnaire, so a peer never disagrees with
    it by a typo. Totals are compared as whole numbers scaled by `denominator` (the lcm of
    the section sizes), as the tool does, so a total on a threshold is never misbanded.
    """
    from custserv_audit.schema.definition import load_questionnaire

    q = load_questionnaire(None, "en")
    den = q.common_denominator

    def scaled(bound: Fraction | None) -> int | None:
        if bound is None:
            return None
        value = bound * den
        if value.denominator != 1:
            raise SystemExit("a band edge is not a whole number once scaled; extend the peers")
        return int(value)

    return {
        "questionnaire": q.id,
        "denominator": den,
        "top": q.scale.high,
        "sections": [{"id": s.id, "title": s.title, "size": len(s.items)} for s in q.sections],
        "bands": [
            {"id": b.id, "label": b.label, "lower": scaled(b.lower), "upper": scaled(b.upper)}
            for b in q.bands
        ],
    }


#: A six-team organisation: (team, respondents, how much better or worse it rates on average).
TEAMS = (
    ("Sales", 78, 0.35),
    ("Customer care", 64, 0.55),
    ("Logistics", 57, -0.45),
    ("Finance", 52, -0.15),
    ("Marketing", 47, 0.1),
    ("Board", 2, 0.6),
)
#: How each section differs from the organisation's mean (feedback is the weak one).
SECTION_SHIFT = {
    "culture": 0.3,
    "products": 0.1,
    "feedback": -0.7,
    "knowledge": 0.0,
    "accessibility": 0.25,
    "staff": 0.15,
    "improvement": -0.3,
}


def write_team_export(path: Path, seed: int = 20261130, base: float = 3.5) -> Path:
    """A realistic survey export of 300 respondents in six teams (one of two people).

    Each respondent has an own level, each team and section a shift, one statement
    (feedback.2) is rated low by most, a few respondents give the same rating throughout;
    ratings are rounded and clipped to 1-5. Dates span two weeks.
    """
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(",".join(["respondent", "team", "date", *ITEMS]) + "\r\n")
        n = 0
        for team, size, shift in TEAMS:
            for _ in range(size):
                n += 1
                own = rng.gauss(0, 0.45)
                cells = []
                if rng.random() < 0.02:  # the same rating for every statement
                    cells = [str(rng.choice((3, 4, 5)))] * len(ITEMS)
                else:
                    for item in ITEMS:
                        section = item.split(".")[0]
                        mean = base + shift + own + SECTION_SHIFT[section]
                        if item == "feedback.2":
                            mean -= 1.0
                        value = round(rng.gauss(mean, 0.8))
                        cells.append(str(min(5, max(1, value))))
                day = 16 + rng.randrange(14)
                f.write(",".join([f"R{n:03d}", team, f"2026-11-{day:02d}", *cells]) + "\r\n")
    return path

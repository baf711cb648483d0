"""Accuracy and speed of reading filled-in paper forms back (`custserv-audit scan`).

Usage: python benchmarks/bench_scan.py [--pages 800] [--seed 1]

Renders the built-in form (English, Finnish, Slovak; A4 and Letter;
personalised), rasterises it at 150-300 dpi, fills every statement with a
simulated pen mark (ticks, crosses, filled boxes, dots; light and heavy
strokes; marks overlapping the box edge) or with a case that must be flagged
(no mark, two marks, a correction = a filled box crossed out, a mark too faint
to call), damages the page as scanners and phones do (rotation up to ±5° and
180°, perspective, 90-100 % scaling, blur, noise, uneven lighting, JPEG
quality down to 50), encodes it as JPEG, and reads it back in this one process
(one core).

Every statement counts once. Reported: marks read correctly, marks flagged for
review, marks read wrongly without a flag (target: 0 in at least 10,000), the
flagged share on the milder half of the damage (target: under 1 %), cases
that must be flagged and were, and pages per second of reading (decode the
JPEG, find the QR code and markers, straighten, classify; target: at least 5).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from custserv_audit.model import Questionnaire
from custserv_audit.paper.layout import form_layout
from custserv_audit.paper.pdf import Respondent, render
from custserv_audit.paper.scan import PageError, layouts, load_image, pdf_pages, read_page
from custserv_audit.paper.synthetic import Damage, Mark, degrade, draw_mark
from custserv_audit.render.documents import Paper
from custserv_audit.schema.definition import load_questionnaire

SPECIAL_SHARE = 0.08  # statements filled with a case that must be flagged


@dataclass
class Tally:
    marks: int = 0
    correct: int = 0
    flagged: int = 0
    wrong: int = 0
    special: int = 0
    special_flagged: int = 0
    special_wrong: int = 0
    pages: int = 0
    page_errors: int = 0
    read_seconds: float = 0.0


def damage_for(rng: np.random.Generator, mild: bool) -> tuple[Damage, int]:
    """A random damage and dpi: mild (a flatbed scanner) or harsh (a phone photo)."""
    flip = 180 if rng.random() < 0.5 else 0
    if mild:
        return Damage(
            angle=flip + rng.uniform(-1.5, 1.5),
            perspective=rng.uniform(0, 0.004),
            scale=rng.uniform(0.96, 1.0),
            blur=rng.uniform(0, 0.6),
            noise=rng.uniform(0, 3),
            lighting=rng.uniform(0, 0.15),
            jpeg=int(rng.integers(75, 96)),
        ), int(rng.choice([200, 250, 300]))
    return Damage(
        angle=flip + rng.uniform(-5, 5),
        perspective=rng.uniform(0.004, 0.02),
        scale=rng.uniform(0.9, 1.0),
        blur=rng.uniform(0.4, 1.2),
        noise=rng.uniform(2, 8),
        lighting=rng.uniform(0.15, 0.4),
        jpeg=int(rng.integers(50, 75)),
    ), int(rng.choice([150, 200]))


def normal_mark(rng: np.random.Generator) -> Mark:
    style = str(rng.choice(["tick", "cross", "filled", "dot"], p=[0.4, 0.35, 0.15, 0.1]))
    shift = (0.0, 0.0)
    if rng.random() < 0.25:  # overlapping the box edge
        shift = (float(rng.uniform(-0.3, 0.3)), float(rng.uniform(-0.3, 0.3)))
    return Mark(
        style,
        ink=int(rng.integers(10, 131)),
        pen=float(rng.uniform(0.5, 1.4)),
        shift=shift,
        size=float(rng.uniform(0.85, 1.2)),
    )


def fill_page(
    q: Questionnaire,
    image: np.ndarray,
    paper: Paper,
    number: int,
    dpi: int,
    rng: np.random.Generator,
) -> dict[tuple[str, int], int | None]:
    """Marks on one page; the expected value per statement (None: must be flagged)."""
    expected: dict[tuple[str, int], int | None] = {}
    for row in form_layout(q, paper).page(number).rows:
        key = (row.section, row.item)
        values = [b.value for b in row.boxes]
        value = int(rng.choice(values))
        box = row.boxes[values.index(value)].rect
        if rng.random() >= SPECIAL_SHARE:
            draw_mark(image, box, dpi, normal_mark(rng), rng)
            expected[key] = value
            continue
        expected[key] = None
        case = rng.integers(4)
        other = row.boxes[
            (values.index(value) + 1 + int(rng.integers(len(values) - 1))) % len(values)
        ]
        if case == 1:  # two marks
            draw_mark(image, box, dpi, normal_mark(rng), rng)
            draw_mark(image, other.rect, dpi, Mark("cross"), rng)
        elif case == 2:  # a correction: the old answer filled and crossed out, the new one ticked
            draw_mark(
                image, other.rect, dpi, Mark("crossed", pen=float(rng.uniform(0.6, 1.2))), rng
            )
            draw_mark(image, box, dpi, Mark("tick"), rng)
        elif case == 3:  # too faint to call
            draw_mark(image, box, dpi, Mark("tick", ink=int(rng.integers(195, 221))), rng)
        # case 0: no mark at all
    return expected


def count_row(tally: Tally, want: int | None, got: int | None) -> str | None:
    """Count one statement; returns 'flagged' for a mark left for review."""
    if want is None:
        tally.special += 1
        if got is None:
            tally.special_flagged += 1
        else:
            tally.special_wrong += 1
        return None
    tally.marks += 1
    if got == want:
        tally.correct += 1
    elif got is None:
        tally.flagged += 1
        return "flagged"
    else:
        tally.wrong += 1
    return None


def read_back(
    data: bytes,
    reader: Any,
    expected: dict[tuple[str, int], int | None],
    tally: Tally,
    problems: Counter[str],
) -> None:
    """Read one page image (timed: decode, find, straighten, classify) and count the outcome."""
    tally.pages += 1
    start = time.process_time()
    try:
        reading = read_page(load_image(data), reader, keep_crops=False)
    except PageError as exc:
        tally.read_seconds += time.process_time() - start
        tally.page_errors += 1
        problems[str(exc)] += 1
        for value in expected.values():  # every statement of the page is flagged
            count_row(tally, value, None)
        return
    tally.read_seconds += time.process_time() - start
    for row in reading.rows:
        if count_row(tally, expected[(row.section, row.item)], row.value):
            problems[f"flagged: {row.problem}"] += 1


def line(label: str, t: Tally) -> str:
    return (
        f"{label:8} {t.pages:6} {t.marks:7} {t.correct:8} {t.flagged:8} {t.wrong:6} "
        f"{100 * t.flagged / max(t.marks, 1):8.2f}% {t.special:9} {t.special_flagged:7} "
        f"{t.special_wrong:7} {t.pages / max(t.read_seconds, 1e-9):8.1f}"
    )


def report(tallies: dict[bool, Tally], problems: Counter[str]) -> None:
    print(
        f"{'damage':8} {'pages':>6} {'marks':>7} {'correct':>8} {'flagged':>8} "
        f"{'wrong':>6} {'flagged %':>9} {'must-flag':>9} {'caught':>7} {'missed':>7} {'pages/s':>8}"
    )
    total = Tally()
    for mild, label in ((True, "milder"), (False, "harsher")):
        t = tallies[mild]
        for field in t.__dataclass_fields__:
            setattr(total, field, getattr(total, field) + getattr(t, field))
        print(line(label, t))
    t = total
    print(line("all", t))
    print(f"pages that could not be read: {t.page_errors}")
    for reason, count in problems.most_common():
        print(f"  {reason}: {count}")
    ok = (
        t.wrong == 0
        and t.special_wrong == 0
        and t.marks >= 10_000
        and tallies[True].flagged < 0.01 * tallies[True].marks
        and t.pages / t.read_seconds >= 5
    )
    print("targets met" if ok else "targets NOT met")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=800)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    cv2.setNumThreads(1)
    forms = {}
    for lang in ("en", "fi", "sk"):
        q = load_questionnaire(None, lang)
        for paper in Paper:
            pdf = render(q, paper, [Respondent("Participant", f"{lang}-{paper.value}")])
            forms[(lang, paper)] = (q, {dpi: pdf_pages(pdf, dpi) for dpi in (150, 200, 250, 300)})
    readers = {lang: layouts({lang: load_questionnaire(None, lang)}) for lang in ("en", "fi", "sk")}
    tallies = {True: Tally(), False: Tally()}
    problems: Counter[str] = Counter()
    keys = list(forms)
    for n in range(args.pages):
        mild = n % 2 == 0
        lang, paper = keys[int(rng.integers(len(keys)))]
        q, rendered = forms[(lang, paper)]
        damage, dpi = damage_for(rng, mild)
        number = int(rng.integers(1, len(rendered[dpi]) + 1))
        image = rendered[dpi][number - 1].copy()
        expected = fill_page(q, image, paper, number, dpi, rng)
        damaged = degrade(image, damage, rng)
        _ok, jpeg = cv2.imencode(".jpg", damaged, [cv2.IMWRITE_JPEG_QUALITY, damage.jpeg])
        read_back(jpeg.tobytes(), readers[lang], expected, tallies[mild], problems)
    report(tallies, problems)


if __name__ == "__main__":
    main()

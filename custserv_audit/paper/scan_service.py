"""The `scan` use case: scanned pages read into one answer file per respondent.

`scan_forms` reads the pages, names the forms (from the roster when one is given), asks
the operator about doubtful statements when asked to, and writes the answer files, the
crops of the names and the contact sheet of the marks to check. `scan` adds what the
command shows: the table of forms and a line per statement left unanswered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import ExitCode, UsageError
from ..i18n import _
from ..model import Questionnaire
from ..output import check_writable, err, write_atomic
from .assemble import Doubt, Form, answer_text
from .entry_service import Operator
from .roster import Participant
from .scan import RowReading

SHEET = "marks-to-check.html"
SYMBOLS = {"empty": "·", "mark": "✓", "filled": "■", "crossed": "✗", "doubtful": "?"}


@dataclass(frozen=True)
class ScanRequest:
    """What to read and where to write it (the options of `scan`)."""

    files: Sequence[str]
    output_dir: Path
    respondent: str | None = None  # an unpersonalised form's respondent
    roster: Path | None = None
    review: bool = False  # ask the operator about every doubtful statement
    force: bool = False
    questionnaire: Path | None = None
    lang: str = "en"


@dataclass(frozen=True)
class Written:
    """One form's answer file and the doubtful statements it leaves unanswered."""

    form: Form
    target: Path
    left: tuple[Doubt, ...]


@dataclass(frozen=True)
class ScanOutcome:
    """The answer files written; `trouble`: a page or a form could not be read (reported)."""

    questionnaire: Questionnaire
    written: tuple[Written, ...]
    trouble: bool
    sheet: Path | None  # the contact sheet, when a mark is doubtful

    @property
    def complete(self) -> bool:
        """True when every page was read and every statement has a rating."""
        return not self.trouble and not any(w.left for w in self.written)


def scan(
    request: ScanRequest, operator: Operator | None, report: Callable[[str], None] = err
) -> ExitCode:
    """The whole command: read and write (`scan_forms`), show the table of forms, report
    what is left unanswered; the exit code (1 when anything could not be read)."""
    from ..render.text.scan_table import print_scan_table

    outcome = scan_forms(request, operator, report)
    print_scan_table(table_rows(outcome))
    for line in left_messages(outcome):
        report(line)
    if outcome.sheet is not None:
        report(_("Crops of the marks to check: {path}").format(path=outcome.sheet))
    return ExitCode.OK if outcome.complete else ExitCode.INPUT


def scan_forms(
    request: ScanRequest, operator: Operator | None, report: Callable[[str], None] = err
) -> ScanOutcome:
    """Read the scans and write the answer files; every unreadable page or form is
    reported (one line each) and the rest are still written. With `request.review`, the
    `operator` is asked for each doubtful statement."""
    from ..schema.definition import read_questionnaire

    require_libraries()
    versions = read_questionnaire(request.questionnaire, None)
    q = versions.get(request.lang) or next(iter(versions.values()))
    people = read_people(request.roster)
    forms, trouble = _read(request.files, versions, q, request.respondent, people, report)
    ask = operator if request.review else None
    written = _write(q, forms, people, request.output_dir, request.force, ask)
    doubtful = any(form.doubts for form in forms)
    return ScanOutcome(q, written, trouble, request.output_dir / SHEET if doubtful else None)


def require_libraries() -> None:
    """Fail with one line naming the 'scan' extra when its libraries are missing."""
    from .deps import require

    for module in ("numpy", "cv2", "pypdfium2"):
        require(module)


def read_people(path: Path | None) -> dict[str, Participant]:
    """The roster's participants by id (none without a roster)."""
    if path is None:
        return {}
    from ..sources import read_bytes
    from .roster import read_roster

    return {p.id: p for p in read_roster(read_bytes(path), str(path))}


def _read(
    files: Sequence[str],
    versions: Mapping[str, Questionnaire],
    q: Questionnaire,
    respondent: str | None,
    people: Mapping[str, Participant],
    report: Callable[[str], None],
) -> tuple[list[Form], bool]:
    """The forms read from the files; True when a page or a form had a problem (reported)."""
    from .assemble import ScannedPage, assemble
    from .reader import PageFailure, read_pages, scan_files
    from .scan import layouts

    paths = scan_files(files)
    if not paths:
        raise UsageError(_("no PDF or image files to read"))
    pages: list[ScannedPage] = []
    failures: list[PageFailure] = []
    for page in read_pages(paths, layouts(versions)):
        if isinstance(page, PageFailure):
            failures.append(page)
        else:
            pages.append(page)
    for failure in failures:
        report(str(failure))
    forms, problems = assemble(q, pages, respondent)
    for problem in problems:
        report(f"{problem.respondent}: {problem.message}")
    return named(forms, people), bool(failures or problems)


def named(forms: Sequence[Form], people: Mapping[str, Participant]) -> list[Form]:
    """The forms with the roster's name for each respondent id the roster knows."""
    return [
        replace(f, respondent=people[f.respondent_id].name)
        if f.respondent_id is not None and f.respondent_id in people
        else f
        for f in forms
    ]


def _write(
    q: Questionnaire,
    forms: Sequence[Form],
    people: Mapping[str, Participant],
    folder: Path,
    force: bool,
    operator: Operator | None,
) -> tuple[Written, ...]:
    """Write the answer files (after asking `operator`, when given), the name crops and
    the contact sheet. Every target is checked before the first is written."""
    from .reader import contact_sheet, png

    names = file_names([f.respondent for f in forms])
    targets = [folder / f"{name}.yaml" for name in names]
    doubts = [(f.respondent, d) for f in forms for d in f.doubts]
    for target in targets + ([folder / SHEET] if doubts else []):
        check_writable(target, force)
    folder.mkdir(parents=True, exist_ok=True)
    if doubts:
        write_atomic(folder / SHEET, contact_sheet(q, doubts), force=True)
    written = []
    for form, name, target in zip(forms, names, targets, strict=True):
        ratings = reviewed(q, form, operator) if operator is not None else _copy(form)
        left = tuple(d for d in form.doubts if ratings[d.row.section][d.row.item] is None)
        person = people.get(form.respondent_id or "")
        extra = person.metadata if person is not None else None
        write_atomic(target, answer_text(q, form, ratings, extra), force=True)
        if form.name_crop is not None:
            write_atomic(folder / f"{name}.name.png", png(form.name_crop), force=True)
        written.append(Written(form, target, left))
    return tuple(written)


def _copy(form: Form) -> dict[str, list[int | None]]:
    return {k: list(v) for k, v in form.ratings.items()}


def reviewed(q: Questionnaire, form: Form, operator: Operator) -> dict[str, list[int | None]]:
    """The form's ratings with the operator's value for each doubtful statement (None: the
    operator left it unanswered)."""
    texts = {(s.id, i): item.text for s in q.sections for i, item in enumerate(s.items)}
    ratings = _copy(form)
    low, high = q.scale.low, q.scale.high
    prompt = _("Rating {low}–{high}, or Enter to leave it unanswered: ")
    for doubt in form.doubts:
        row = doubt.row
        operator.say("")
        operator.say(
            f"{form.respondent} · {doubt.origin} · {row.label} {texts[row.section, row.item]}"
        )
        operator.say(_("Seen: {problem}   {boxes}").format(problem=problem(row), boxes=seen(row)))
        value = operator.ask_point(prompt.format(low=low, high=high), low, high, optional=True)
        ratings[row.section][row.item] = value
    return ratings


def problem(row: RowReading) -> str:
    """Why the statement was left unanswered ("" when it was read)."""
    from .scan import problem_text

    return problem_text(row.problem) if row.problem is not None else ""


def seen(row: RowReading) -> str:
    """What each box of the row holds, as value and symbol: `1 ·  2 ✓  3 ✗`."""
    return "  ".join(f"{b.value} {SYMBOLS[b.state]}" for b in row.boxes)


def file_names(respondents: Sequence[str]) -> list[str]:
    """A safe, distinct file name for each respondent."""
    out: list[str] = []
    for who in respondents:
        base = re.sub(r"[^\w.-]+", "_", who, flags=re.UNICODE).strip("._") or "respondent"
        name, n = base[:80], 2
        while name in out:
            name, n = f"{base[:80]}-{n}", n + 1
        out.append(name)
    return out


def left_messages(outcome: ScanOutcome) -> list[str]:
    """One line per statement left unanswered: respondent, page, statement, why."""
    return [
        _("{respondent}: {origin}: statement {label}: {problem}, left unanswered").format(
            respondent=w.form.respondent,
            origin=doubt.origin,
            label=doubt.row.label,
            problem=problem(doubt.row),
        )
        for w in outcome.written
        for doubt in w.left
    ]


def table_rows(outcome: ScanOutcome) -> list[tuple[str, str, str, str, str]]:
    """The table of forms: respondent, pages, statements read, unanswered, answer file."""
    count = outcome.questionnaire.item_count
    return [
        (
            w.form.respondent,
            "; ".join(str(p.origin) for p in w.form.pages),
            f"{count - len(w.left)}/{count}",
            str(len(w.left)),
            str(w.target),
        )
        for w in outcome.written
    ]

"""The `report` use cases for many respondents: a team report, or one report per respondent.

Inputs are read and scored as `score` reads them, one at a time: the team report
needs only the streaming summary (and, for the previous wave, a second one), so
memory stays flat however many respondents there are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, UsageError
from ..i18n import _
from ..model import Questionnaire, Result
from ..output import err
from ..summary import Summary, SummaryBuilder

if TYPE_CHECKING:
    from ..intake.reader import TableOptions
    from ..norms.model import Norm
    from ..render.documents import Paper, ReportFormat


@dataclass(frozen=True)
class Scored:
    """What one pass over the inputs gave: the summary, and how many inputs were rejected."""

    summary: Summary
    rejected: int


def summarise_inputs(  # noqa: PLR0913 - the summary's options, and stdin's outcomes
    paths: Sequence[str],
    q: Questionnaire,
    group_by: str | None,
    min_group: int,
    norm: Norm | None,
    table: TableOptions | None = None,
    each: Callable[[Result], None] | None = None,
    outcomes: Iterable[Result | InputError] | None = None,
) -> Scored:
    """Score every input in order into a summary; each rejected input is told on stderr.

    `outcomes` stands for inputs already scored (standard input, which is read once).
    """
    from ..sources import expand
    from .scoring import score_all

    builder = SummaryBuilder(q, group_by, min_group, norm)
    rejected = 0
    if outcomes is None:
        outcomes = score_all(expand(paths, None, table, note=err), q)
    for outcome in outcomes:
        if isinstance(outcome, InputError):
            rejected += 1
            err(str(outcome))
            builder.add_rejected()
        else:
            builder.add(outcome)
            if each is not None:
                each(outcome)
    return Scored(builder.finish(), rejected)


class HistoryWave:
    """The previous wave from the history: each respondent's latest audit before this one."""

    def __init__(self, q: Questionnaire, db: Path | None) -> None:
        from ..history.db import open_history, resolve_path

        self.q = q
        self.builder = SummaryBuilder(q)
        self.history = None
        path = resolve_path(db)
        if path.exists():
            self.history = open_history(path, create=False)
        self.dates: set[str] = set()

    def add(self, result: Result) -> None:
        """Look up the respondent's previous audit and count it."""
        from ..history.db import new_record, to_result

        if self.history is None:
            return
        new = new_record(result)
        found = self.history.previous(new.respondent, new.questionnaire, new.fingerprint, new.date)
        if found is not None:
            self.builder.add(to_result(found, self.q))
            self.dates.add(found.date)

    def finish(self) -> tuple[Summary | None, str]:
        """The previous wave's summary (None when no respondent had one) and its label."""
        if self.history is not None:
            self.history.close()
        summary = self.builder.finish()
        if not summary.count:
            return None, ""
        from ..render.dates import date_text

        lang = self.q.language
        label = _("Previous audits ({count}, {first} to {last})").format(
            count=summary.count,
            first=date_text(min(self.dates), lang),
            last=date_text(max(self.dates), lang),
        )
        return summary, label


def file_name(result: Result, used: set[str], extension: str) -> str:
    """A file name for one respondent's report: the name made safe, unique in the folder."""
    answers = result.answers
    base = answers.respondent or Path(answers.source).stem
    if answers.respondent is None and answers.row is not None:
        base += f"-row{answers.row}"
    slug = re.sub(r"[^\w.-]+", "-", base, flags=re.UNICODE).strip("-.")[:80] or "respondent"
    name, n = f"{slug}.{extension}", 2
    while name.casefold() in used:
        name, n = f"{slug}-{n}.{extension}", n + 1
    used.add(name.casefold())
    return name


def write_each(  # noqa: PLR0913 - the options of `report --each`
    paths: Sequence[str],
    q: Questionnaire,
    folder: Path,
    fmt: ReportFormat,
    paper: Paper,
    force: bool,
    norm: Norm | None,
    table: TableOptions | None = None,
) -> tuple[int, int]:
    """One individual report per respondent into `folder`: (written, rejected)."""
    from ..output import check_writable, write_atomic
    from ..render.documents import render_report

    if folder.exists() and not folder.is_dir():
        raise UsageError(_("--output-dir {path} is not a folder").format(path=folder))
    folder.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    written = 0

    def one(result: Result) -> None:
        nonlocal written
        target = folder / file_name(result, used, fmt.value)
        check_writable(target, force)
        write_atomic(target, render_report(result, fmt, paper=paper, norm=norm), force=force)
        written += 1

    scored = summarise_inputs(paths, q, None, 1, None, table, each=one)
    return written, scored.rejected

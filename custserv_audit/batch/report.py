"""The `report` use cases: one respondent's report, a team report, or one report per
respondent.

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

from ..errors import ExitCode, InputError, UsageError
from ..i18n import _, active_language, ngettext
from ..model import Questionnaire, Result
from ..output import emit_document, err
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


def report_each(  # noqa: PLR0913 - the options of `report --each`
    paths: Sequence[str],
    q: Questionnaire,
    folder: Path,
    fmt: ReportFormat,
    paper: Paper,
    force: bool,
    norm: Norm | None,
    table: TableOptions | None = None,
) -> ExitCode:
    """`report --each`: one individual report per respondent into `folder`, the count told
    on stderr; the exit code."""
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
    wrote = ngettext("Wrote {count} report to {path}.", "Wrote {count} reports to {path}.", written)
    err(wrote.format(count=written, path=folder))
    return ExitCode.INPUT if scored.rejected else ExitCode.OK


@dataclass(frozen=True)
class ReportRequest:
    """What `report` writes (without --each) and from what."""

    inputs: Sequence[str]
    fmt: ReportFormat
    paper: Paper
    output: Path | None = None  # None: standard output
    force: bool = False
    db: Path | None = None  # the history, for the previous audit or wave
    norm: Norm | None = None
    group_by: str | None = None
    min_group: int = 3
    previous: Sequence[str] = ()  # the previous wave's inputs (else: from the history)
    table: TableOptions | None = None


def write_report(request: ReportRequest, q: Questionnaire) -> ExitCode:
    """One respondent's report when the inputs hold exactly one (and no group or previous
    wave is asked for), else the team report; the exit code."""
    read: list[Result | InputError] | None = None
    if len(request.inputs) == 1 and request.group_by is None and not request.previous:
        result, read = only_respondent(request.inputs[0], q, request.table)
        if result is not None:
            individual_report(result, request)
            return ExitCode.OK
    return team_report(request, q, read)


def only_respondent(
    raw: str, q: Questionnaire, table: TableOptions | None = None
) -> tuple[Result | None, list[Result | InputError] | None]:
    """The result when `raw` is one file holding one respondent, else None (a batch), and
    the outcomes already read from standard input (which cannot be read twice).

    A file that cannot be read or scored is reported as `score` reports it.
    """
    import glob

    from ..sources import STDIN, Source, kind_of
    from .scoring import score_source

    if raw == STDIN:
        source = Source("<stdin>", None, "", table)
    elif Path(raw).is_dir() or (glob.has_magic(raw) and not Path(raw).exists()):
        return None, None
    elif not Path(raw).exists():
        raise InputError(raw, _("no such file or folder"))
    else:
        source = Source(raw, Path(raw), kind_of(raw), table)
    outcomes = score_source(source, q)
    first = next(outcomes, None)
    second = next(outcomes, None)
    if first is None or second is not None:  # none or several: the team report says so
        if raw == STDIN and first is not None:
            return None, [first, *([second] if second is not None else []), *outcomes]
        return None, None
    if isinstance(first, InputError):
        raise first
    return first, None


def individual_report(result: Result, request: ReportRequest) -> None:
    """One respondent's report, with the change since the previous audit in the history
    and the follow-up of the latest plan (also told on stderr)."""
    from ..history.service import previous_audit
    from ..plan.service import follow_up_of
    from ..render import documents

    follow = follow_up_of(result, request.db)
    data = documents.render_report(
        result,
        request.fmt,
        previous=previous_audit(result, request.db),
        paper=request.paper,
        norm=request.norm,
        followup=follow,
    )
    if follow is not None:
        from ..render.text.plan_table import followup_lines

        for line in followup_lines(follow, active_language()):
            err(line)
    emit_document(data, request.output, request.force)


def team_report(
    request: ReportRequest, q: Questionnaire, read: list[Result | InputError] | None = None
) -> ExitCode:
    """The team report of every respondent the inputs hold (`read`: standard input's
    outcomes, already read); the exit code (1 when an input was rejected)."""
    from ..render import documents
    from ..render.documents.team_view import TeamReport

    wave = None if request.previous else HistoryWave(q, request.db)
    scored = summarise_inputs(
        request.inputs,
        q,
        request.group_by,
        request.min_group,
        request.norm,
        request.table,
        each=wave.add if wave is not None else None,
        outcomes=read,
    )
    if scored.summary.count == 0:
        if scored.rejected:  # each rejected input is reported already
            return ExitCode.INPUT
        raise InputError(
            ", ".join(request.inputs), _("no respondent could be scored, so there is no report")
        )
    before: Summary | None = None
    label = ""
    if request.previous:
        before = summarise_inputs(request.previous, q, None, 1, None, request.table).summary
        label = _("Previous wave ({count} respondents)").format(count=before.count)
        if before.count == 0:
            before = None
    elif wave is not None:
        before, label = wave.finish()
    report = TeamReport(scored.summary, before, label)
    emit_document(
        documents.render_team(report, request.fmt, request.paper), request.output, request.force
    )
    return ExitCode.INPUT if scored.rejected else ExitCode.OK

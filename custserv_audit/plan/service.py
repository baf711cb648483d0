"""The `plan` use cases: make a plan from an audit, show it, print it, put it in a calendar;
and find the plan to follow up when the same respondent is audited again.

`cli.plan` parses the command line and calls these. SQLite, Rich and reportlab
are imported only by the use case that needs them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, UsageError
from ..i18n import _, ngettext
from ..model import Questionnaire, Result
from ..output import err, write_text
from .create import Audited, audited, group_audited, make_plan
from .file import MAX_PLAN_BYTES, PlanError, dump_plan, parse_plan
from .followup import FollowUp, follow_up
from .model import Plan

if TYPE_CHECKING:
    from ..history.db import History
    from ..intake.reader import TableOptions
    from ..render.documents import Paper
    from ..render.documents.plan_common import PlanFormat

#: Metadata fields that are not metadata: `--group respondent=...` and the like.
_RECORD_FIELDS = ("respondent", "date", "source")


def read_plan(path: Path, questionnaire: Questionnaire) -> Plan:
    """A plan file read and checked against the questionnaire in use."""
    from ..sources import read_bytes

    if path.is_dir():
        raise UsageError(_("{path} is a folder; give a plan file").format(path=path))
    if not path.exists():
        raise InputError(str(path), _("no such file or folder"))
    return parse_plan(read_bytes(path, str(path), limit=MAX_PLAN_BYTES), str(path), questionnaire)


def looks_like_plan(path: Path) -> bool:
    """True when the file is a plan (it starts a `plan:` mapping), not an answer file."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096).decode("utf-8", errors="replace")
    except OSError:
        return False
    return re.search(r"^plan:", head, re.M) is not None


def _slug(text: str) -> str:
    slug = re.sub(r"[^\w]+", "-", text.casefold()).strip("-")
    return slug[:40] or "audit"


def default_plan_path(plan: Plan) -> Path:
    """plan-<respondent>-<audit date>.yaml in the current folder."""
    return Path(f"plan-{_slug(plan.respondent)}-{plan.audit_date.isoformat()}.yaml")


def _parse_group(group: str) -> tuple[str, str]:
    field, sep, value = group.partition("=")
    if not sep or not field.strip() or not value.strip():
        raise UsageError(
            _("--group {group!r}: expected FIELD=VALUE, such as team=Sales").format(group=group)
        )
    return field.strip(), value.strip()


def _in_group(result: Result, field: str, value: str) -> bool:
    answers = result.answers
    if field in _RECORD_FIELDS:
        got = {"respondent": answers.respondent, "date": answers.date, "source": answers.source}[
            field
        ]
    else:
        got = answers.metadata.get(field)
    return got is not None and " ".join(got.split()) == value


def _results_of(
    ref: str, questionnaire: Questionnaire, table: TableOptions | None = None
) -> list[Result]:
    from ..batch.scoring import score_source
    from ..sources import Source, kind_of

    path = Path(ref)
    if path.is_dir():
        raise UsageError(
            _("{path} is a folder; plan takes one answer file or a history record id").format(
                path=ref
            )
        )
    results = []
    for outcome in score_source(Source(ref, path, kind_of(ref), table), questionnaire):
        if isinstance(outcome, InputError):
            raise outcome
        results.append(outcome)
    return results


def starting_point(
    ref: str,
    group: str | None,
    questionnaire: Questionnaire,
    db: Path | None,
    record: bool,
    table: TableOptions | None = None,
) -> tuple[Audited, Result | None]:
    """What the plan starts from: a history record, one answer file's audit, or a group.

    Returns the starting point and the single audit to record with it (None for a
    record already in the history and for a group).
    """
    number = ref[1:] if ref.startswith("#") else ref
    path = Path(ref)
    if not path.exists() and number.isdigit():
        if group is not None:
            raise UsageError(_("--group needs a batch file (CSV, or YAML/JSON answer files)"))
        from ..history.db import open_history, resolve_path, to_result

        with open_history(resolve_path(db), create=False) as history:
            found = history.get(int(number))
        result = to_result(found, questionnaire)
        return audited(result, found.id), None
    if not path.exists():
        raise InputError(
            ref, _("no such answer file, and not a history record id (see: custserv-audit history)")
        )
    results = _results_of(ref, questionnaire, table)
    if group is not None:
        field, value = _parse_group(group)
        members = [r for r in results if _in_group(r, field, value)]
        if not members:
            raise UsageError(
                _("{path}: no respondent has {field} = {value!r}").format(
                    path=ref, field=field, value=value
                )
            )
        return group_audited(members, f"{field}={value}"), None
    if len(results) != 1:
        raise UsageError(
            _(
                "{path} holds {count} respondents; plan takes one, or a group of them with "
                "--group FIELD=VALUE"
            ).format(path=ref, count=len(results))
        )
    return audited(results[0]), results[0] if record else None


@dataclass(frozen=True)
class PlanRequest:
    """What `plan RESULT` was asked to do."""

    ref: str
    sections: tuple[str, ...] = ()
    group: str | None = None
    output: Path | None = None
    force: bool = False
    record: bool = True
    db: Path | None = None
    table: TableOptions | None = None  # how to read RESULT when it is a table


def plan_create(
    request: PlanRequest, questionnaire: Questionnaire, today: dt.date | None = None
) -> Plan:
    """Make the plan, write it as YAML (never over a file without --force), record it."""
    from ..output import check_writable, write_atomic

    ref, sections, group = request.ref, request.sections, request.group
    output, force, record, db = request.output, request.force, request.record, request.db

    start, to_record = starting_point(ref, group, questionnaire, db, record, request.table)
    answers = to_record.answers if to_record is not None else None
    if answers is not None and not (answers.respondent or answers.key or "").strip():
        raise UsageError(
            _(
                "{path} has no respondent name; add 'respondent:' to it (or use --no-record), "
                "so that the next audit can be followed up against the plan"
            ).format(path=ref)
        )
    plan = make_plan(start, sections, today=today)
    target = output if output is not None else default_plan_path(plan)
    check_writable(target, force)
    if record:
        from ..history.db import open_history, record_audit, resolve_path

        with open_history(resolve_path(db)) as history:
            if to_record is not None:
                recorded, _previous = record_audit(history, to_record)
                plan = make_plan(
                    audited(to_record, recorded.id), sections, today=today, record_id=recorded.id
                )
            content = dump_plan(plan)
            write_atomic(target, content, force=force)
            plan_id = history.record_plan(plan, str(target.resolve()), content)
        err(_("Recorded as plan #{id} in {path}.").format(id=plan_id, path=resolve_path(db)))
    else:
        write_atomic(target, dump_plan(plan), force=force)
    actions = sum(len(s.actions) for s in plan.sections)
    count = len(plan.sections)
    written = _("Action plan written to {path}: {sections}, {actions}.").format(
        path=target,
        sections=ngettext("{count} section", "{count} sections", count).format(count=count),
        actions=ngettext("{count} action", "{count} actions", actions).format(count=actions),
    )
    write_text(written + "\n")
    write_text(
        _(
            "Fill in owners and due dates, then print it with: "
            "custserv-audit plan {path} --format pdf --output plan.pdf"
        ).format(path=target)
        + "\n"
    )
    return plan


def plan_show(path: Path, questionnaire: Questionnaire, today: dt.date, color: bool) -> None:
    """The plan in the terminal: actions by status and due date, overdue ones marked."""
    from ..render.text.plan_table import plan_view
    from ..render.text.table import to_text

    write_text(to_text(plan_view(read_plan(path, questionnaire), today), color=color))


def plan_document(
    path: Path,
    fmt: PlanFormat,
    paper: Paper,
    questionnaire: Questionnaire,
    today: dt.date,
) -> bytes | str:
    """The printable plan (PDF, HTML or Markdown)."""
    from ..render.documents.plan_common import render_plan_document

    return render_plan_document(read_plan(path, questionnaire), fmt, paper, today)


def plan_calendar(path: Path, questionnaire: Questionnaire) -> str:
    """The plan's due dates and next audit as an iCalendar file."""
    from ..render.data.plan_ics import render_ics

    return render_ics(read_plan(path, questionnaire))


def write_plan_document(
    path: Path,
    fmt: PlanFormat,
    paper: Paper,
    questionnaire: Questionnaire,
    today: dt.date,
    output: Path | None,
    force: bool,
) -> None:
    """`plan PLAN --format`: the printable plan to `output` (None: standard output, never
    a PDF to a terminal), checked before the plan is read."""
    from ..i18n import active_language
    from ..output import check_document_target, emit_document
    from ..render.documents.plan_common import PlanFormat

    check_document_target(fmt is PlanFormat.pdf, output, force, active_language())
    emit_document(plan_document(path, fmt, paper, questionnaire, today), output, force)


def write_calendar(
    path: Path, questionnaire: Questionnaire, output: Path | None, force: bool
) -> None:
    """`plan ics`: the plan's calendar to `output` (None: standard output)."""
    from ..i18n import active_language
    from ..output import check_document_target, emit_document

    if output is not None:
        check_document_target(False, output, force, active_language())
    emit_document(plan_calendar(path, questionnaire), output, force)


# --- follow-up at the next audit -------------------------------------------------------------


def recorded_plan(history: History, key: str, result: Result, quiet: bool = False) -> Plan | None:
    """The respondent's latest plan made from an audit before this one, as it stands now.

    The plan file is read again when it is still where it was written (people fill
    in statuses there); otherwise, or when it no longer reads, the copy recorded
    with the plan is used and a note says so.
    """
    date = result.answers.date or dt.date.today().isoformat()
    found = history.latest_plan(key, result.questionnaire.id, date)
    if found is None:
        return None
    plan_id, file, content = found
    questionnaire = result.questionnaire
    path = Path(file)
    if path.is_file():
        try:
            plan = read_plan(path, questionnaire)
        except (PlanError, InputError) as exc:
            if not quiet:
                first = exc.problems[0] if isinstance(exc, PlanError) else exc
                err(str(first))
                err(_("Following up plan #{id} as it was recorded.").format(id=plan_id))
        else:
            return plan
    try:
        return parse_plan(content.encode(), f"plan #{plan_id}", questionnaire)
    except (PlanError, InputError):
        return None


def follow_up_of(result: Result, db: Path | None, key: str | None = None) -> FollowUp | None:
    """The follow-up of the respondent's latest plan by this audit (None without one).

    Opens the history only when it exists; a history that cannot be read gives none.
    """
    from ..errors import AuditError
    from ..history.db import new_record, open_history, resolve_path

    path = resolve_path(db)
    if not path.exists():
        return None
    try:
        with open_history(path, create=False) as history:
            plan = recorded_plan(history, key or new_record(result).respondent_key, result)
    except AuditError:
        return None
    return follow_up(plan, result) if plan is not None else None

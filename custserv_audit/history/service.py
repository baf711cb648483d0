"""The bodies of `history`, `history import` and `compare`, and recording for `score`.

`cli` declares the commands and their options and calls these; they parse
nothing from the command line. `cli` imports this module only inside those
commands, so SQLite, Rich and the store cost nothing to other commands.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import AuditError, InputError, UsageError
from ..i18n import _, active_language, gettext_for, ngettext_for
from ..output import err, write_text
from ..render.dates import date_text
from ..render.numbers import score_text
from ..terminal import display_name

if TYPE_CHECKING:
    from ..comparison import Comparison
    from ..intake.reader import TableOptions
    from ..model import Questionnaire, Result
    from .db import History


Side = tuple[str, Any]


def _view(renderable: Any) -> str:
    from ..render.text.table import to_text

    return to_text(renderable, color=sys.stdout.isatty())


class Recorder:
    """Records each scored respondent of `score --record`; notes go to standard error."""

    def __init__(self, db: Path | None, lang: str, respondent_column: str | None = None) -> None:
        from .db import open_history, resolve_path

        self.respondent_column = respondent_column
        self.path = resolve_path(db)
        self.history: History = open_history(self.path)
        self._ = gettext_for(lang)
        self.lang = lang
        self.added = 0
        self.already = 0
        # The first result the database refused (a full disk), why, and how many came after.
        self.stopped: tuple[str, AuditError] | None = None
        self.later = 0

    @property
    def failed(self) -> bool:
        """Whether some result could not be recorded."""
        return self.stopped is not None

    def add(self, result: Result) -> None:
        """Record one result (the same answers twice make one record).

        Once the database refuses a result, the later ones are only counted: the scoring
        and the output go on, and `close` says which were not recorded.
        """
        from .db import UNNAMED, new_record

        _ = self._
        source = result.answers.source or "-"
        if self.stopped is not None:
            self.later += 1
            return
        new = new_record(result, respondent_column=self.respondent_column)
        try:
            done = self.history.record(new)
        except AuditError as exc:
            self.stopped = (source, exc)
            return
        if self.respondent_column and (not new.key or new.key.startswith(UNNAMED)):
            err(
                _("{source}: no {column!r} value to key the respondent by").format(
                    source=source, column=self.respondent_column
                )
            )
        if done.already:
            self.already += 1
            err(_("{source}: already recorded as audit #{id}").format(source=source, id=done.id))
        else:
            self.added += 1
        if not (result.answers.respondent or "").strip() and new.key.startswith(UNNAMED):
            err(
                _(
                    "{source}: row {row}: no respondent name or key; recorded as an unnamed "
                    "respondent that no other audit is matched to (name the key column with "
                    "--respondent-column, or key: in a mapping file)"
                ).format(source=source, row=result.answers.row)
            )
        elif not (result.answers.respondent or "").strip():
            err(
                _("{source}: no respondent name; recorded as {name!r}").format(
                    source=source, name=new.respondent
                )
            )
        if new.date_assumed:
            err(
                _("{source}: no date in the answers; recorded with today's date {date}").format(
                    source=source, date=date_text(new.date, active_language())
                )
            )
        self._follow_up(result, new.respondent_key, source)

    def _follow_up(self, result: Result, key: str, source: str) -> None:
        """Under the respondent's result, how the latest plan's targets went."""
        from ..plan.followup import follow_up
        from ..plan.service import recorded_plan
        from ..render.text.plan_table import followup_lines

        plan = recorded_plan(self.history, key, result)
        if plan is not None:
            for line in followup_lines(follow_up(plan, result), self.lang):
                err(f"{source}: {line.strip()}")

    def close(self) -> None:
        """Say what was recorded (and, after a failure, what was not), and close the database."""
        self.history.close()
        if self.stopped is not None:
            source, problem = self.stopped
            err(
                self._(
                    "{problem}; {source} and the results after it ({later}) were not recorded "
                    "(recorded before it: {added} new, {already} already in the history)"
                ).format(
                    problem=problem,
                    source=source,
                    later=self.later,
                    added=self.added,
                    already=self.already,
                )
            )
            return
        ngettext = ngettext_for(self.lang)
        message = ngettext(
            "Recorded {count} new audit in {path}.",
            "Recorded {count} new audits in {path}.",
            self.added,
        ).format(count=self.added, path=self.path)
        if self.already:
            message += " " + already_recorded(self.already, self.lang)
        err(message)


def already_recorded(count: int, lang: str) -> str:
    """`N were already recorded.` in the plural form of `lang`."""
    ngettext = ngettext_for(lang)
    return ngettext(
        "{count} was already recorded.", "{count} were already recorded.", count
    ).format(count=count)


def previous_audit(result: Result, db: Path | None) -> Result | None:
    """The respondent's latest recorded audit before this one's date, for `report`.

    Without a history database there is none (and none is created).
    """
    from .db import new_record, open_history, resolve_path, to_result

    path = resolve_path(db)
    if not path.exists():
        return None
    new = new_record(result)
    with open_history(path, create=False) as history:
        found = history.previous(new.respondent, new.questionnaire, new.fingerprint, new.date)
    if found is None:
        return None
    err(
        _("Showing the change since audit #{id} of {date} in the history.").format(
            id=found.id, date=date_text(found.date, active_language())
        )
    )
    return to_result(found, result.questionnaire)


def parse_where(conditions: Sequence[str]) -> list[tuple[str, str]]:
    """`--where FIELD=VALUE` conditions as (field, value) pairs; a bad one is a usage error."""
    pairs = []
    for condition in conditions:
        name, sep, value = condition.partition("=")
        if not sep or not name.strip():
            raise UsageError(
                _("--where {condition!r}: expected FIELD=VALUE, such as team=Sales").format(
                    condition=condition
                )
            )
        pairs.append((name.strip(), value.strip()))
    return pairs


def history_list(
    respondent: str | None,
    fmt: str,
    db: Path | None,
    q: Questionnaire,
    lang: str,
    where: Sequence[str] = (),
) -> None:
    """List the recorded audits: one row per respondent with the trend, or one respondent's
    audits in detail (`--respondent`); JSON is the full backup, CSV one row per audit."""
    from .db import open_history, resolve_path

    _ = gettext_for(lang)
    conditions = parse_where(where)
    path = resolve_path(db)
    records = []
    if path.exists():
        with open_history(path, create=False) as history:
            records = history.records(respondent, conditions)
    if fmt == "json":
        from ..render.data.history_json import dumps
        from .backup import history_to_dict

        write_text(dumps(history_to_dict(records, q)))
        return
    if fmt == "csv":
        from ..render.data.history_csv import history_csv

        write_text(history_csv(records))
        return
    if not records:
        if respondent:
            err(
                _("No audits of {name!r} are recorded in {path}.").format(
                    name=respondent, path=path
                )
            )
        elif conditions:
            err(_("No recorded audit in {path} matches the --where conditions.").format(path=path))
        else:
            err(_("No audits are recorded in {path} yet.").format(path=path))
        return
    from ..comparison import series_of

    if respondent:
        from ..render.text.history_table import history_view

        write_text(_view(history_view(series_of(records), q, lang)))
        return
    from ..render.text.history_table import respondents_view

    write_text(_view(respondents_view(series_of(records), q, lang)))
    ngettext = ngettext_for(lang)
    people, audits = len(series_of(records)), len(records)
    err(
        "{respondents}, {audits}. {hint}".format(
            respondents=ngettext("{count} respondent", "{count} respondents", people).format(
                count=people
            ),
            audits=ngettext("{count} audit", "{count} audits", audits).format(count=audits),
            hint=_(
                "Each one's audits and section trends: custserv-audit history --respondent NAME"
            ),
        )
    )


def parse_ids(values: Sequence[str]) -> list[int]:
    """Record ids as typed (`3` or `#3`); anything else is a usage error."""
    ids = []
    for value in values:
        number = value[1:] if value.startswith("#") else value
        if not number.isdigit() or int(number) < 1:
            raise UsageError(
                _("{value!r} is not a history record id (see: custserv-audit history)").format(
                    value=value
                )
            )
        ids.append(int(number))
    return ids


def history_delete(values: Sequence[str], yes: bool, db: Path | None, lang: str) -> int:
    """Delete audits after showing them and asking, in a terminal; `--yes` skips the question.

    Without a terminal and without `--yes` nothing is deleted (a usage error). Returns
    the exit code: 0 deleted, 1 not confirmed.
    """
    from .db import open_history, resolve_path

    _ = gettext_for(lang)
    ngettext = ngettext_for(lang)
    ids = parse_ids(values)
    if not yes and not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise UsageError(
            _(
                "history delete asks for confirmation in a terminal; to delete from a script, "
                "add --yes"
            )
        )
    path = resolve_path(db)
    with open_history(path, create=False) as history:
        records = [history.get(record_id) for record_id in dict.fromkeys(ids)]
        for record in records:
            err(
                _("#{id} {respondent}, {date}, total {total}").format(
                    id=record.id,
                    respondent=record.respondent,
                    date=date_text(record.date, active_language()),
                    total=score_text(record.total, active_language()),
                )
            )
        if not yes:
            from ..interactive.questions import confirm

            question = ngettext(
                "Delete this audit from {path}? This cannot be undone. [y/N] ",
                "Delete these {count} audits from {path}? This cannot be undone. [y/N] ",
                len(records),
            ).format(count=len(records), path=path)
            if not confirm(question, {"y", "yes", _("y"), _("yes")}):
                err(_("Nothing was deleted."))
                return 1
        deleted = history.delete([r.id for r in records])
    deleted_text = ngettext(
        "Deleted {count} audit from {path}.", "Deleted {count} audits from {path}.", deleted
    )
    write_text(deleted_text.format(count=deleted, path=path) + "\n")
    return 0


def history_import(file: Path, db: Path | None, q: Questionnaire, lang: str) -> None:
    """Import a backup; audits already recorded are kept once. All of the file, or nothing."""
    from ..sources import read_bytes
    from .backup import MAX_BACKUP_BYTES, parse_backup
    from .db import check_with, open_history, resolve_path

    _ = gettext_for(lang)
    name = display_name(file)
    records = parse_backup(read_bytes(file, name, limit=MAX_BACKUP_BYTES), name)
    for index, new in enumerate(records):
        check_with(new, q, str(file), index)
    path = resolve_path(db)
    with open_history(path) as history:
        done = history.record_many(records)
    added = sum(1 for d in done if not d.already)
    ngettext = ngettext_for(lang)
    imported = ngettext(
        "Imported {count} audit into {path}.", "Imported {count} audits into {path}.", added
    ).format(count=added, path=path)
    write_text(f"{imported} {already_recorded(len(done) - added, lang)}\n")


def _side(ref: str, db: Path | None, q: Questionnaire, table: TableOptions | None) -> Side:
    """One argument of `compare`: ('file', (data, kind)) for an answer file, ('table',
    Result) for a table of one respondent (CSV, TSV, workbook, NDJSON), or ('record', Record).
    """
    from ..batch.scoring import TABLE_KINDS
    from ..sources import kind_of, read_bytes

    path = Path(ref)
    if path.is_file():
        kind = kind_of(ref)
        if kind in TABLE_KINDS:
            return "table", _table_result(ref, path, kind, q, table)
        return "file", (read_bytes(path, ref), kind)
    number = ref[1:] if ref.startswith("#") else ref
    if number.isdigit():
        from .db import open_history, resolve_path

        with open_history(resolve_path(db), create=False) as history:
            return "record", history.get(int(number))
    raise InputError(
        ref,
        _("no such answer file, and not a history record id (see: custserv-audit history)"),
    )


def _table_result(
    ref: str, path: Path, kind: str, q: Questionnaire, table: TableOptions | None
) -> Result:
    """The one respondent of a table, scored as `score` would; else the reason why not."""
    from ..batch.scoring import score_source
    from ..sources import Source

    results = []
    for outcome in score_source(Source(ref, path, kind, table), q):
        if isinstance(outcome, InputError):
            raise outcome
        results.append(outcome)
    if len(results) != 1:
        raise UsageError(
            _("{path} holds {count} respondents; compare takes one audit on each side").format(
                path=ref, count=len(results)
            )
        )
    return results[0]


def _questionnaire_id(ref: str, side: tuple[str, Any]) -> object:
    """The questionnaire an argument belongs to, read before its answers are checked."""
    from ..schema.document import parse_document

    kind, value = side
    if kind == "record":
        return value.questionnaire
    if kind == "table":
        return value.answers.questionnaire
    data, file_kind = value
    parsed, _line_of = parse_document(data, ref, file_kind)
    return parsed.get("questionnaire") if isinstance(parsed, dict) else None


def _result(ref: str, side: tuple[str, Any], questionnaire: Questionnaire) -> Result:
    from ..scoring import score
    from .db import to_result

    kind, value = side
    if kind == "record":
        return to_result(value, questionnaire)
    if kind == "table":
        result: Result = value
        return result
    from ..schema.answers import load_answers

    data, file_kind = value
    return score(questionnaire, load_answers(data, ref, questionnaire, file_kind))


def _warn_unlike(result: Comparison, before: str, after: str, lang: str) -> None:
    """Say so when the two audits are of different respondents, or given latest first."""
    from ..comparison import different_respondents, in_reverse_order

    _ = gettext_for(lang)
    first, second = result.before.answers, result.after.answers
    if different_respondents(result.before, result.after):
        err(
            _(
                "Warning: {a} and {b} are audits of different respondents ({ra}, {rb}); "
                "the comparison is between them as given."
            ).format(a=before, b=after, ra=first.respondent, rb=second.respondent)
        )
    if in_reverse_order(result.before, result.after):
        err(
            _(
                "Warning: {a} ({da}) is later than {b} ({db}); the changes are from the first "
                "to the second (give the earlier audit first)."
            ).format(a=before, da=first.date, b=after, db=second.date)
        )


def compare_audits(
    before: str,
    after: str,
    as_json: bool,
    db: Path | None,
    q: Questionnaire,
    lang: str,
    table: TableOptions | None = None,
) -> None:
    """Compare two audits: each section before and after, the total, the band, the movers.

    `table` says how to read an audit given as a table (delimiter, encoding, sheet, map).
    """
    from ..comparison import CompareError, compare

    _ = gettext_for(lang)
    sides = [(ref, _side(ref, db, q, table)) for ref in (before, after)]
    ids = [_questionnaire_id(ref, side) for ref, side in sides]
    if ids[0] != ids[1]:
        raise CompareError(
            _(
                "cannot compare audits of different questionnaires: {a} is {qa!r}, {b} is {qb!r}"
            ).format(a=before, qa=ids[0], b=after, qb=ids[1])
        )
    result = compare(*(_result(ref, side, q) for ref, side in sides))
    _warn_unlike(result, before, after, lang)
    from ..plan.service import follow_up_of

    follow = follow_up_of(result.after, db)
    if as_json:
        from ..render.data.history_json import comparison_to_dict, dumps, follow_up_to_dict

        data = comparison_to_dict(result, before, after)
        data["plan"] = follow_up_to_dict(follow) if follow is not None else None
        write_text(dumps(data))
        return
    from ..render.text.history_table import compare_heading, compare_view

    write_text(compare_heading(result) + _view(compare_view(result)))
    if follow is not None:
        from ..render.text.plan_table import followup_view

        write_text(_view(followup_view(follow, lang)))

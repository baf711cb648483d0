"""The bodies of `history`, `history import` and `compare`, and recording for `score`.

`cli` declares the commands and their options and calls these; they parse
nothing from the command line. `cli` imports this module only inside those
commands, so SQLite, Rich and the store cost nothing to other commands.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, UsageError
from ..i18n import _, gettext_for
from ..output import err, write_text
from ..terminal import display_name

if TYPE_CHECKING:
    from ..model import Questionnaire, Result
    from .db import History


def _view(renderable: Any) -> str:
    from ..render.text.table import to_text

    return to_text(renderable, color=sys.stdout.isatty())


class Recorder:
    """Records each scored respondent of `score --record`; notes go to standard error."""

    def __init__(self, db: Path | None, lang: str) -> None:
        from .db import open_history, resolve_path

        self.path = resolve_path(db)
        self.history: History = open_history(self.path)
        self._ = gettext_for(lang)
        self.added = 0
        self.already = 0

    def add(self, result: Result) -> None:
        """Record one result (the same answers twice make one record)."""
        from .db import new_record

        _ = self._
        new = new_record(result)
        done = self.history.record(new)
        source = result.answers.source or "-"
        if done.already:
            self.already += 1
            err(_("{source}: already recorded as audit #{id}").format(source=source, id=done.id))
        else:
            self.added += 1
        if not (result.answers.respondent or "").strip():
            err(
                _("{source}: no respondent name; recorded as {name!r}").format(
                    source=source, name=new.respondent
                )
            )
        if new.date_assumed:
            err(
                _("{source}: no date in the answers; recorded with today's date {date}").format(
                    source=source, date=new.date
                )
            )

    def close(self) -> None:
        """Say what was recorded, and close the database."""
        self.history.close()
        err(
            self._("Recorded {added} new audit(s) in {path} ({already} already recorded).").format(
                added=self.added, path=self.path, already=self.already
            )
        )


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
            id=found.id, date=found.date
        )
    )
    return to_result(found, result.questionnaire)


def history_list(
    respondent: str | None, as_json: bool, db: Path | None, q: Questionnaire, lang: str
) -> None:
    """List the recorded audits in date order, with each section's trend over time."""
    from .db import open_history, resolve_path

    _ = gettext_for(lang)
    path = resolve_path(db)
    records = []
    if path.exists():
        with open_history(path, create=False) as history:
            records = history.records(respondent)
    if as_json:
        from ..render.data.history_json import dumps
        from .backup import history_to_dict

        write_text(dumps(history_to_dict(records, q)))
        return
    if not records:
        if respondent:
            err(
                _("No audits of {name!r} are recorded in {path}.").format(
                    name=respondent, path=path
                )
            )
        else:
            err(_("No audits are recorded in {path} yet.").format(path=path))
        return
    from ..comparison import series_of
    from ..render.text.history_table import history_view

    write_text(_view(history_view(series_of(records), q, lang)))


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
    write_text(
        _("Imported {added} audit(s) into {path}; {already} were already recorded.").format(
            added=added, path=path, already=len(done) - added
        )
        + "\n"
    )


def _side(ref: str, db: Path | None) -> tuple[str, Any]:
    """('file', (data, kind)) or ('record', Record) for one argument of `compare`."""
    from ..sources import kind_of, read_bytes

    path = Path(ref)
    if path.is_file():
        kind = kind_of(ref)
        if kind == "csv":
            raise UsageError(
                _(
                    "{ref}: compare takes one respondent's answer file (YAML or JSON) or a "
                    "history record id"
                ).format(ref=ref)
            )
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


def _questionnaire_id(ref: str, side: tuple[str, Any]) -> object:
    """The questionnaire an argument belongs to, read before its answers are checked."""
    from ..schema.document import parse_document

    kind, value = side
    if kind == "record":
        return value.questionnaire
    data, file_kind = value
    parsed, _line_of = parse_document(data, ref, file_kind)
    return parsed.get("questionnaire") if isinstance(parsed, dict) else None


def _result(ref: str, side: tuple[str, Any], questionnaire: Questionnaire) -> Result:
    from ..scoring import score
    from .db import to_result

    kind, value = side
    if kind == "record":
        return to_result(value, questionnaire)
    from ..schema.answers import load_answers

    data, file_kind = value
    return score(questionnaire, load_answers(data, ref, questionnaire, file_kind))


def compare_audits(
    before: str,
    after: str,
    as_json: bool,
    db: Path | None,
    q: Questionnaire,
    lang: str,
) -> None:
    """Compare two audits: each section before and after, the total, the band, the movers."""
    from ..comparison import CompareError, compare

    _ = gettext_for(lang)
    sides = [(ref, _side(ref, db)) for ref in (before, after)]
    ids = [_questionnaire_id(ref, side) for ref, side in sides]
    if ids[0] != ids[1]:
        raise CompareError(
            _(
                "cannot compare audits of different questionnaires: {a} is {qa!r}, {b} is {qb!r}"
            ).format(a=before, qa=ids[0], b=after, qb=ids[1])
        )
    result = compare(*(_result(ref, side, q) for ref, side in sides))
    if as_json:
        from ..render.data.history_json import comparison_to_dict, dumps

        write_text(dumps(comparison_to_dict(result, before, after)))
        return
    from ..render.text.history_table import compare_heading, compare_view

    write_text(compare_heading(result) + _view(compare_view(result)))

"""The `compare` of two waves: score each batch as `score` does, summarise it, compare.
(`compare_inputs` is the whole `compare`: two waves, or two audits.)

Each wave streams through a summary (flat memory, like `score --summary`);
every rejected input gets its line on standard error, as in `score`, and
makes the exit code 1 while the rest is still compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ExitCode, InputError
from ..i18n import gettext_for
from ..model import Questionnaire
from ..output import err, write_text
from ..sources import ANSWER_SUFFIXES, STDIN, expand, kind_of
from ..summary import NO_GROUP, Summary, SummaryBuilder
from .scoring import score_all

if TYPE_CHECKING:
    from ..intake.reader import TableOptions

#: Input kinds that hold many respondents: a second argument of these makes a wave comparison.
BATCH_KINDS = ("csv", "table", "xlsx", "ndjson")


def is_batch(ref: str, q: Questionnaire, table: TableOptions | None = None) -> bool:
    """True for a folder, a glob, or a table (CSV, TSV, workbook, NDJSON) of more than one
    respondent: a wave, not one audit. A table of one row is one audit."""
    if ref == STDIN:
        return False
    path = Path(ref)
    if path.is_dir():
        return True
    if not path.exists():
        return any(c in ref for c in "*?[")
    if path.suffix.lower() not in ANSWER_SUFFIXES or kind_of(ref) not in BATCH_KINDS:
        return False
    outcomes = score_all(expand([ref], table=table), q)
    return next(outcomes, None) is not None and next(outcomes, None) is not None


@dataclass(frozen=True)
class WavesRequest:
    """What `compare WAVE1 WAVE2` was asked to do."""

    before: str
    after: str
    group_by: str | None = None
    min_group: int = 3
    as_json: bool = False
    table: TableOptions | None = None  # how to read tables: delimiter, encoding, sheet, map


def summarise_wave(
    ref: str, q: Questionnaire, group_by: str | None, table: TableOptions | None = None
) -> Summary:
    """One wave scored and summarised, every group's figures kept (the rule is applied later).

    Raises InputError when nothing in it could be scored.
    """
    builder = SummaryBuilder(q, group_by, min_group=1)
    for outcome in score_all(expand([ref], table=table, note=err), q):
        if isinstance(outcome, InputError):
            err(str(outcome))
        builder.add_outcome(outcome)
    summary = builder.finish()
    _ = gettext_for(q.language)
    if summary.count == 0:
        raise InputError(ref, _("no respondent in this wave could be scored"))
    if group_by is not None and [g.group for g in summary.groups] == [NO_GROUP]:
        err(
            _(
                "Warning: no scored respondent has the field {field!r}; "
                "all are in the group (none)."
            ).format(field=group_by)
            + f" ({ref})"
        )
    return summary


def compare_waves_of(request: WavesRequest, q: Questionnaire) -> ExitCode:
    """Compare two waves per group and section; the exit code is 1 if any input was rejected."""
    from ..comparison import compare_waves

    before = summarise_wave(request.before, q, request.group_by, request.table)
    after = summarise_wave(request.after, q, request.group_by, request.table)
    waves = compare_waves(before, after, request.min_group)
    if request.as_json:
        from ..render.data.waves_json import dumps, waves_to_dict

        write_text(dumps(waves_to_dict(waves, request.before, request.after)))
    else:
        import sys

        from ..render.text.table import to_text
        from ..render.text.waves_table import waves_view

        write_text(
            to_text(waves_view(waves, request.before, request.after), color=sys.stdout.isatty())
        )
    rejected = waves.before_rejected + waves.after_rejected
    return ExitCode.INPUT if rejected else ExitCode.OK


def compare_inputs(request: WavesRequest, q: Questionnaire, db: Path | None, lang: str) -> ExitCode:
    """`compare`: two waves when a group is asked for or either side holds many respondents,
    else two audits (answer files or history record ids in `db`); the exit code."""
    table = request.table
    if (
        request.group_by is not None
        or is_batch(request.before, q, table)
        or is_batch(request.after, q, table)
    ):
        return compare_waves_of(request, q)
    from ..history.service import compare_audits

    compare_audits(request.before, request.after, request.as_json, db, q, lang, table)
    return ExitCode.OK

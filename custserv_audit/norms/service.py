"""The `norms` use cases: build a norm from a batch or the history; load the one `--norms` names."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..i18n import _
from ..model import Questionnaire
from .build import NormBuilder
from .model import TRUSTED_NORM, Norm

if TYPE_CHECKING:
    from ..intake.reader import TableOptions

#: `--norms history`: the norm is made from the history database on the spot.
FROM_HISTORY = "history"


def build_from_inputs(
    paths: Sequence[str],
    q: Questionnaire,
    note: Callable[[str], None],
    input_format: str | None = None,
    table: TableOptions | None = None,
) -> tuple[Norm, int]:
    """The norm of every respondent the inputs hold, and how many inputs were rejected
    (each told to `note`)."""
    from ..batch.scoring import score_all
    from ..sources import expand

    builder = NormBuilder(q)
    rejected = 0
    for outcome in score_all(expand(paths, input_format, table, note=note), q):
        if isinstance(outcome, InputError):
            rejected += 1
            note(str(outcome))
        else:
            builder.add(outcome)
    return builder.finish(), rejected


def write_norm_file(  # noqa: PLR0913 - the options of `norms build`
    output: Path,
    q: Questionnaire,
    note: Callable[[str], None],
    paths: Sequence[str] = (),
    db: Path | None = None,
    force: bool = False,
    input_format: str | None = None,
    table: TableOptions | None = None,
) -> int:
    """`norms build`: the norm of the inputs (none given: of the history) written to
    `output` and told to `note`; how many inputs were rejected (each told to `note`)."""
    from ..errors import UsageError
    from ..output import check_writable, write_atomic
    from .file import dump_norm

    check_writable(output, force)
    rejected = 0
    if not paths:
        norm = build_from_history(db, q, note)
    else:
        norm, rejected = build_from_inputs(paths, q, note, input_format, table)
        if not norm.count:
            raise UsageError(_("no respondent could be scored, so there is no norm to write"))
    write_atomic(output, dump_norm(norm).encode(), force=force)
    dates = (
        _("{first} to {last}").format(first=norm.first_date, last=norm.last_date)
        if norm.first_date
        else _("no dates")
    )
    note(
        _("Wrote {path}: a norm of {count} respondents ({dates}).").format(
            path=output, count=norm.count, dates=dates
        )
    )
    if rejected:
        note(
            _("Inputs that could not be scored (not in the norm): {count} (see above).").format(
                count=rejected
            )
        )
    warn_if_small(norm, note)
    return rejected


def build_from_history(db: Path | None, q: Questionnaire, note: Callable[[str], None]) -> Norm:
    """The norm of each respondent's latest recorded audit of this questionnaire's structure."""
    from ..history.db import open_history, resolve_path, to_result

    path = resolve_path(db)
    if not path.exists():
        raise InputError(str(path), _("there is no history database yet, so no norm to make"))
    with open_history(path, create=False) as history:
        records = history.records()
    latest = {}
    other = 0
    for record in records:
        if q.is_the_one(record.questionnaire, record.fingerprint):
            latest[record.respondent_key] = record
        else:
            other += 1
    if other:
        note(
            _("{count} audits of another questionnaire or structure are not in the norm").format(
                count=other
            )
        )
    builder = NormBuilder(q)
    for record in latest.values():
        builder.add(to_result(record, q))
    norm = builder.finish()
    if not norm.count:
        raise InputError(
            str(path), _("the history holds no audit of questionnaire {id!r}").format(id=q.id)
        )
    return norm


def load_norm(spec: str, q: Questionnaire, db: Path | None, note: Callable[[str], None]) -> Norm:
    """The norm `--norms` names: a norm file, or `history`; warned about when small."""
    if spec == FROM_HISTORY and not Path(spec).exists():
        norm = build_from_history(db, q, note)
    else:
        from ..sources import read_bytes
        from .file import parse_norm

        norm = parse_norm(read_bytes(Path(spec), spec), spec, q)
    warn_if_small(norm, note)
    return norm


def warn_if_small(norm: Norm, note: Callable[[str], None]) -> None:
    """Say so when a norm holds too few respondents for steady percentiles."""
    if not norm.trusted:
        note(
            _(
                "Note: the norm holds only {count} respondents; below {trusted} a percentile "
                "can be off by more than 10 points either way, so read it as a rough guide."
            ).format(count=norm.count, trusted=TRUSTED_NORM)
        )

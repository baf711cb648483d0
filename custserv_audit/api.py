"""The public library API: what a consultant's own Python script can import and trust.

Every name here is re-exported by the package (`from custserv_audit import score`) and
keeps its meaning from release 0.2 on; everything else in the package is internal.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from .comparison import Comparison
from .errors import InputError
from .history.db import History
from .model import Answers, Questionnaire, Result
from .summary import Summary


def load_questionnaire(path: str | Path | None = None, lang: str = "en") -> Questionnaire:
    """The built-in questionnaire (`path` None) or a custom definition, in one language.

    Raises `QuestionnaireError` listing every problem of a bad definition.
    """
    from .schema.definition import load_questionnaire as load

    return load(Path(path) if path is not None else None, lang)


def read_answers(
    inputs: Iterable[str | Path],
    questionnaire: Questionnaire,
    input_format: str | None = None,
) -> Iterator[Answers | InputError]:
    """Checked answers from files, folders, glob patterns or "-", in input order.

    A rejected input (or CSV row) is yielded as an `InputError` in its place; the others go on.
    """
    from .batch.scoring import read_all

    return read_all([str(p) for p in inputs], questionnaire, input_format)


def score(questionnaire: Questionnaire, answers: Answers) -> Result:
    """Score one respondent exactly: section means, total, band and weakest sections."""
    from .scoring import score as score_answers

    return score_answers(questionnaire, answers)


def score_inputs(
    inputs: Iterable[str | Path],
    questionnaire: Questionnaire,
    input_format: str | None = None,
) -> Iterator[Result | InputError]:
    """`read_answers` then `score`: what `custserv-audit score` computes, in input order."""
    from .batch.scoring import score_all

    return score_all([str(p) for p in inputs], questionnaire, input_format)


def summarise(
    outcomes: Iterable[Result | InputError],
    questionnaire: Questionnaire,
    group_by: str | None = None,
) -> Summary:
    """The summary `score --summary` prints, in one streaming pass over `outcomes`."""
    from .summary import SummaryBuilder

    builder = SummaryBuilder(questionnaire, group_by)
    for outcome in outcomes:
        builder.add_outcome(outcome)
    return builder.finish()


def compare(before: Result, after: Result) -> Comparison:
    """Each section before and after, the change, and the band change, exactly."""
    from .comparison import compare as compare_results

    return compare_results(before, after)


def open_history(path: str | Path | None = None, create: bool = False) -> History:
    """The history database (default: the user's, as the commands use it); close it after use.

    Use it as a context manager; `records()` lists the recorded audits in date order.
    """
    from .history.db import open_history as open_db
    from .history.db import resolve_path

    return open_db(resolve_path(Path(path) if path is not None else None), create=create)

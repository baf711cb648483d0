"""custserv-audit: how customer-oriented is your business?

The public library API (stable names; see the README's "Library" section)::

    import custserv_audit as ca

    q = ca.load_questionnaire(lang="en")
    results = [r for r in ca.score_inputs(["answers/"], q) if isinstance(r, ca.Result)]
    print(ca.summarise(results, q, group_by="team").overall.total.mean)

Names are loaded on first use, so importing the package costs nothing at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

__all__ = [
    "Answers",
    "AuditError",
    "Comparison",
    "History",
    "InputError",
    "Questionnaire",
    "QuestionnaireError",
    "Result",
    "Summary",
    "__version__",
    "compare",
    "load_questionnaire",
    "open_history",
    "read_answers",
    "score",
    "score_inputs",
    "summarise",
]

if TYPE_CHECKING:
    from .api import (
        compare,
        load_questionnaire,
        open_history,
        read_answers,
        score,
        score_inputs,
        summarise,
    )
    from .comparison import Comparison
    from .errors import AuditError, InputError, QuestionnaireError
    from .history.db import History
    from .model import Answers, Questionnaire, Result
    from .summary import Summary

_HOMES = {
    "compare": "api",
    "load_questionnaire": "api",
    "open_history": "api",
    "read_answers": "api",
    "score": "api",
    "score_inputs": "api",
    "summarise": "api",
    "Comparison": "comparison",
    "AuditError": "errors",
    "InputError": "errors",
    "QuestionnaireError": "errors",
    "History": "history.db",
    "Answers": "model",
    "Questionnaire": "model",
    "Result": "model",
    "Summary": "summary",
}


def __getattr__(name: str) -> Any:
    """Load a public name on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'custserv_audit' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{home}"), name)


def __dir__() -> list[str]:
    return sorted(__all__)

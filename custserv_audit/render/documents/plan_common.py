"""The action plan's words and figures that every plan format shares (no format imported here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from fractions import Fraction
from importlib import import_module

from ...i18n import gettext_for
from ...plan.model import Action, Measure, Plan, SectionPlan, Status
from ..dates import date_text
from ..numbers import localise, number
from . import Paper


class PlanFormat(StrEnum):
    """Formats of the printable plan."""

    pdf = "pdf"
    html = "html"
    markdown = "markdown"


def render_plan_document(
    plan: Plan, fmt: PlanFormat, paper: Paper = Paper.a4, today: dt.date | None = None
) -> bytes | str:
    """The printable plan in one format: PDF as bytes, HTML and Markdown as text."""
    if fmt is PlanFormat.markdown:
        from .plan_markdown import render_plan

        return render_plan(plan, today)
    module = import_module(f".plan_{fmt.value}", __package__)
    render: Callable[..., bytes | str] = module.render_plan
    return render(plan, paper, today)


def status_label(status: Status, lang: str) -> str:
    """An action's status in the plan's language."""
    _ = gettext_for(lang)
    labels = {
        Status.open: _("open"),
        Status.doing: _("doing"),
        Status.done: _("done"),
        Status.dropped: _("dropped"),
    }
    return labels[status]


def unit_label(unit: str, lang: str) -> str:
    """A measure's unit in the plan's language."""
    _ = gettext_for(lang)
    labels = {
        "seconds": _("seconds"),
        "minutes": _("minutes"),
        "hours": _("hours"),
        "days": _("days"),
        "percent": "%",
        "count": _("count"),
    }
    return labels.get(unit, unit)


def figure(value: float | Fraction | None, lang: str) -> str:
    """A figure as people write it in `lang` (empty when not filled in)."""
    if value is None:
        return ""
    if isinstance(value, float) and value != int(value):
        return localise(f"{value:g}", lang)
    return number(Fraction(value), lang)


def score_text(value: Fraction, lang: str) -> str:
    """A section score as people write it in `lang` (at most two decimals)."""
    return number(value, lang)


def target_line(plan: Plan, section: SectionPlan) -> str:
    """'Score at the audit: 2.33; target at the next audit: 3' in the plan's language."""
    _ = gettext_for(plan.language)
    return _("Score at the audit: {score}; target at the next audit: {target}").format(
        score=score_text(section.score, plan.language),
        target=score_text(section.target_score, plan.language),
    )


def ordered_actions(plan: Plan) -> list[tuple[SectionPlan, Action]]:
    """Actions by status (doing, open, done, dropped), then due date (none last), then order."""
    order = {Status.doing: 0, Status.open: 1, Status.done: 2, Status.dropped: 3}
    indexed = list(enumerate(plan.actions))
    indexed.sort(
        key=lambda item: (
            order[item[1][1].status],
            item[1][1].due or dt.date.max,
            item[0],
        )
    )
    return [pair for _n, pair in indexed]


def measure_state(measure: Measure, lang: str) -> str:
    """'met', 'not met' or empty until the figures are in."""
    _ = gettext_for(lang)
    if measure.met is None:
        return ""
    return _("met") if measure.met else _("not met")


def heading_lines(plan: Plan) -> tuple[str, list[str]]:
    """The plan's title and the lines under it (respondent, audit, next audit)."""
    _ = gettext_for(plan.language)
    title = _("Action plan: {respondent}").format(respondent=plan.respondent or "—")
    lines = [
        _("Made on {created} from the audit of {date}: total {total}.").format(
            created=date_text(plan.created, plan.language),
            date=date_text(plan.audit_date, plan.language),
            total=number(plan.audit_total, plan.language),
        )
    ]
    if plan.next_audit is not None:
        lines.append(_("Next audit: {date}").format(date=date_text(plan.next_audit, plan.language)))
    return title, lines


def translator(plan: Plan) -> Callable[[str], str]:
    """The `_` of the plan's language."""
    return gettext_for(plan.language)

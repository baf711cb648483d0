"""`plan`: make an action plan from an audit, show it, print it, put it in a calendar."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from ..i18n import _
from ..render.documents import Paper
from ..render.documents.plan_common import PlanFormat
from .app import (
    DbOpt,
    ForceOpt,
    LangOpt,
    OutputDocOpt,
    PaperOpt,
    QuestionnaireOpt,
    _h,
    app,
    examples,
    get_questionnaire,
    handle_errors,
    language,
)
from .common import DOCUMENT_EXTENSIONS, format_for_output
from .tables import NO_TABLE, TableArgs, table_input


def _today(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            _("--today {value!r} is not a date (YYYY-MM-DD)").format(value=value)
        ) from None


@app.command(
    help=_h(
        "Action plan. 'plan RESULT' writes an editable plan (YAML) for the weakest sections of an "
        "audit: RESULT is an answer file, a history record id, or a batch file with --group. "
        "'plan show PLAN' lists its actions by status and due date; 'plan PLAN --format "
        "pdf|html|markdown' prints it; 'plan ics PLAN' writes its due dates as a calendar."
    ),
    epilog=examples(
        "custserv-audit plan acme.yaml",
        "custserv-audit plan show plan-acme-oy-2026-11-30.yaml",
        "custserv-audit plan plan-acme-oy-2026-11-30.yaml -o plan.pdf",
        "custserv-audit plan ics plan-acme-oy-2026-11-30.yaml -o plan.ics",
    ),
)
@handle_errors
@table_input()
def plan(  # noqa: PLR0913 - a Typer command takes each option as a parameter
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="RESULT|PLAN...",
            help=_h("RESULT, or show PLAN, or PLAN (with --format), or ics PLAN."),
            show_default=False,
        ),
    ],
    section: Annotated[
        list[str] | None,
        typer.Option(
            "--section",
            "-s",
            metavar="ID",
            help=_h("Also plan for this section (its id); may be given more than once."),
        ),
    ] = None,
    group: Annotated[
        str | None,
        typer.Option(
            "--group",
            metavar="FIELD=VALUE",
            help=_h(
                "Plan for a group of a batch: FIELD=VALUE, such as team=Sales (its mean "
                "section scores)."
            ),
        ),
    ] = None,
    output_format: Annotated[
        PlanFormat | None,
        typer.Option("--format", "-f", help=_h("Print the plan PLAN in this format.")),
    ] = None,
    output: OutputDocOpt = None,
    paper: PaperOpt = Paper.a4,
    force: ForceOpt = False,
    no_record: Annotated[
        bool,
        typer.Option(
            "--no-record", help=_h("Do not record the plan (and its audit) in the history.")
        ),
    ] = False,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            metavar="YYYY-MM-DD",
            help=_h("The day the plan is made or shown, YYYY-MM-DD (default: today)."),
        ),
    ] = None,
    db: DbOpt = None,
    questionnaire: QuestionnaireOpt = None,
    lang: LangOpt = None,
    table: TableArgs = NO_TABLE,
) -> None:
    """Make, show, print or export an action plan."""
    from ..plan import service

    lang_code = language(lang)
    q = get_questionnaire(questionnaire, lang_code)
    day = _today(today)
    verb = words[0]
    if verb in ("show", "ics"):
        if len(words) != 2:
            raise UsageError(
                _("'plan {verb}' takes one plan file: custserv-audit plan {verb} PLAN").format(
                    verb=verb
                )
            )
        path = Path(words[1])
        if verb == "show":
            service.plan_show(path, q, day, color=sys.stdout.isatty())
        else:
            service.write_calendar(path, q, output, force)
        return
    if len(words) != 1:
        raise UsageError(
            _(
                "plan takes one RESULT or PLAN (got {count}); see: custserv-audit plan --help"
            ).format(count=len(words))
        )
    path = Path(verb)
    is_plan = path.is_file() and service.looks_like_plan(path)
    if is_plan or output_format is not None:
        chosen = format_for_output(
            output_format, output, DOCUMENT_EXTENSIONS, {f.value for f in PlanFormat}
        )
        output_format = PlanFormat(chosen) if chosen else None
    if output_format is not None or is_plan:
        if output_format is None:
            raise UsageError(
                _(
                    "{path} is a plan; show it with: custserv-audit plan show {path}, or print it "
                    "with --format pdf|html|markdown"
                ).format(path=verb)
            )
        service.write_plan_document(path, output_format, paper, q, day, output, force)
        return
    request = service.PlanRequest(
        ref=verb,
        sections=tuple(section or ()),
        group=group,
        output=output,
        force=force,
        record=not no_record,
        db=db,
        table=table.options(q),
    )
    service.plan_create(request, q, today=day)

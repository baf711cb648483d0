"""`form` and `report`: printable documents."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import UsageError
from ..i18n import gettext_for
from ..output import check_document_target, check_writable, emit_document, err
from ..render.documents import FORM_MODULES, FormFormat, Paper, ReportFormat
from .app import (
    DbOpt,
    ForceOpt,
    LangOpt,
    NormsOpt,
    OutputDocOpt,
    OutputReportOpt,
    PaperOpt,
    QuestionnaireOpt,
    _h,
    app,
    examples,
    get_questionnaire,
    handle_errors,
    language,
)
from .common import DOCUMENT_EXTENSIONS, FORM_EXTENSIONS, format_for_output
from .tables import NO_TABLE, TableArgs, table_input


@app.command(
    help=_h(
        "Write a blank printable form (PDF, HTML or Markdown) to fill in with a pen and score "
        "by hand, or the survey for a form platform (xlsform, limesurvey, surveyjs, "
        "google-apps-script) whose export scores as it is."
    ),
    epilog=examples(
        "custserv-audit form -o form.pdf",
        "custserv-audit form --lang fi --paper letter -o lomake.pdf",
        "custserv-audit form --lang sk -o formular.html",
        "custserv-audit form --format xlsform -o audit.xlsx",
    ),
)
@handle_errors
def form(
    output_format: Annotated[
        FormFormat | None,
        typer.Option(
            "--format",
            "-f",
            help=_h("Output format (default: from the --output file's extension, else pdf)."),
            show_default=False,
        ),
    ] = None,
    output: OutputDocOpt = None,
    paper: PaperOpt = Paper.a4,
    force: ForceOpt = False,
    respondents: Annotated[
        Path | None,
        typer.Option(
            "--respondents",
            help=_h(
                "A roster CSV (a 'name' column, optional 'id' and other columns): one "
                "personalised PDF form per participant, each starting on a new sheet."
            ),
            dir_okay=False,
        ),
    ] = None,
    questionnaire: QuestionnaireOpt = None,
    lang: LangOpt = None,
) -> None:
    """Write a blank printable form to fill in with a pen and score by hand."""
    from ..render import documents

    lang_code = language(lang)
    _ = gettext_for(lang_code)
    output_format = FormFormat(
        format_for_output(output_format, output, FORM_EXTENSIONS, {f.value for f in FormFormat})
        or FormFormat.pdf
    )
    if respondents is not None and output_format is not FormFormat.pdf:
        raise UsageError(_("--respondents makes PDF forms only (--format pdf)"))
    if output_format not in FORM_MODULES:  # a survey definition for a form platform
        from ..render.survey import SurveyFormat

        _survey(SurveyFormat(output_format.value), output, force, questionnaire, lang_code)
        return
    check_document_target(output_format is FormFormat.pdf, output, force, lang_code)
    q = get_questionnaire(questionnaire, lang_code)
    if respondents is not None:
        from ..paper.pdf import roster_forms

        emit_document(roster_forms(q, paper, respondents), output, force)
        return
    emit_document(documents.render_form(q, output_format, paper), output, force)


def _survey(fmt: Any, output: Path | None, force: bool, path: Path | None, lang: str) -> None:
    """A survey definition for a form platform, in every language of the questionnaire."""
    from ..intake.inputs import languages
    from ..render.survey import SurveyFormat, render_survey

    _ = gettext_for(lang)
    if fmt is SurveyFormat.xlsform and output is None:
        raise UsageError(_("an XLSForm is a workbook; give --output FILE.xlsx"))
    if output is not None:
        check_writable(output, force)
    q = get_questionnaire(path, lang)
    emit_document(render_survey(languages(q), fmt), output, force)


@app.command(
    help=_h(
        "Write a result as a document (PDF or HTML). One respondent: band, section chart, "
        "weakest sections with advice, every answer. Many respondents: a team report "
        "(overview, spider chart, sections by group, lowest statements, reliability, advice, "
        "a page per group); with --each, one report per respondent."
    ),
    epilog=examples(
        "custserv-audit report acme.yaml -o acme-report.pdf",
        "custserv-audit report acme.yaml --lang fi -o raportti.html",
        "custserv-audit report team.csv --group-by team -o team-report.pdf",
    ),
)
@handle_errors
@table_input()
def report(  # noqa: PLR0913 - a Typer command takes each option as a parameter
    answers: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE...",
            help=_h(
                "Answer files, exports, folders or glob patterns, as for score (or - for one "
                "respondent on standard input)."
            ),
            show_default=False,
        ),
    ],
    output_format: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help=_h("Output format (default: from the --output file's extension, else pdf)."),
            show_default=False,
        ),
    ] = None,
    output: OutputReportOpt = None,
    paper: PaperOpt = Paper.a4,
    force: ForceOpt = False,
    group_by: Annotated[
        str | None,
        typer.Option(
            "--group-by",
            metavar="FIELD",
            help=_h(
                "A team report with a page per group: a CSV column or an answer file's "
                "metadata field (or respondent, date, source)."
            ),
        ),
    ] = None,
    min_group: Annotated[
        int,
        typer.Option(
            "--min-group",
            metavar="N",
            min=1,
            help=_h("Withhold the figures of any group with fewer than N respondents."),
        ),
    ] = 3,
    previous: Annotated[
        list[str] | None,
        typer.Option(
            "--previous",
            metavar="INPUT",
            help=_h(
                "The previous wave's inputs (repeat for several), drawn in the spider chart; "
                "without it, each respondent's previous audit in the history."
            ),
        ),
    ] = None,
    each: Annotated[
        bool,
        typer.Option(
            "--each", help=_h("One individual report per respondent (needs --output-dir).")
        ),
    ] = False,
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir",
            help=_h("The folder for --each (created when missing)."),
            file_okay=False,
        ),
    ] = None,
    norms: NormsOpt = None,
    db: DbOpt = None,
    questionnaire: QuestionnaireOpt = None,
    lang: LangOpt = None,
    table: TableArgs = NO_TABLE,
) -> None:
    """Write a result as a document."""
    lang_code = language(lang)
    _ = gettext_for(lang_code)
    output_format = ReportFormat(
        format_for_output(
            output_format, output, DOCUMENT_EXTENSIONS, {f.value for f in ReportFormat}
        )
        or ReportFormat.pdf
    )
    if each != (output_dir is not None):
        raise UsageError(
            _("--each writes one file per respondent into --output-dir DIR: give both")
        )
    if each and (output is not None or group_by is not None or previous):
        raise UsageError(
            _("--each writes individual reports: --output, --group-by and --previous do not apply")
        )
    if not each:
        check_document_target(output_format is ReportFormat.pdf, output, force, lang_code)
    q = get_questionnaire(questionnaire, lang_code)
    tables = table.options(q)
    norm = None
    if norms is not None:
        from ..norms.service import load_norm

        norm = load_norm(norms, q, db, err)
    if each:
        from ..batch.report import report_each

        assert output_dir is not None
        code = report_each(answers, q, output_dir, output_format, paper, force, norm, tables)
    else:
        from ..batch.report import ReportRequest, write_report

        request = ReportRequest(
            answers,
            output_format,
            paper,
            output,
            force,
            db,
            norm,
            group_by,
            min_group,
            tuple(previous or ()),
            tables,
        )
        code = write_report(request, q)
    if code:
        raise typer.Exit(code)

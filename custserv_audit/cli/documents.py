"""`form` and `report`: printable documents."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import InputError, UsageError
from ..i18n import gettext_for
from ..output import check_document_target, check_writable, emit_document, err
from ..render.documents import FORM_MODULES, FormFormat, Paper, ReportFormat
from .app import (
    DbOpt,
    ForceOpt,
    LangOpt,
    OutputDocOpt,
    PaperOpt,
    QuestionnaireOpt,
    _h,
    app,
    get_questionnaire,
    handle_errors,
    language,
)


@app.command(
    help=_h(
        "Write a blank printable form (PDF, HTML or Markdown) to fill in with a pen and score "
        "by hand, or the survey for a form platform (xlsform, limesurvey, surveyjs, "
        "google-apps-script) whose export scores as it is."
    )
)
@handle_errors
def form(
    output_format: Annotated[
        FormFormat, typer.Option("--format", "-f", help=_h("Output format."))
    ] = FormFormat.pdf,
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
    if respondents is not None and output_format is not FormFormat.pdf:
        raise UsageError(_("--respondents makes PDF forms only (--format pdf)"))
    if output_format not in FORM_MODULES:  # a survey definition for a form platform
        from ..render.survey import SurveyFormat

        _survey(SurveyFormat(output_format.value), output, force, questionnaire, lang_code)
        return
    check_document_target(output_format is FormFormat.pdf, output, force, lang_code)
    q = get_questionnaire(questionnaire, lang_code)
    if respondents is not None:
        from ..paper.pdf import Respondent, render
        from ..paper.roster import read_roster
        from ..sources import read_bytes

        roster = read_roster(read_bytes(respondents), str(respondents))
        people = [Respondent(p.name, p.id) for p in roster]
        emit_document(render(q, paper, people, even_pages=True), output, force)
        return
    data = documents.render_form(q, output_format, paper)
    emit_document(data, output, force)


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
        "Write one respondent's result as a document (PDF or HTML): band, section chart, "
        "weakest sections with advice, every answer."
    )
)
@handle_errors
def report(
    answers: Annotated[
        str,
        typer.Argument(
            help=_h("One respondent's answer file (YAML, JSON, or a CSV with one row), or -."),
            show_default=False,
        ),
    ],
    output_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help=_h("Output format."))
    ] = ReportFormat.pdf,
    output: OutputDocOpt = None,
    paper: PaperOpt = Paper.a4,
    force: ForceOpt = False,
    db: DbOpt = None,
    questionnaire: QuestionnaireOpt = None,
    lang: LangOpt = None,
) -> None:
    """Write one respondent's result as a document."""
    from ..render import documents

    lang_code = language(lang)
    check_document_target(output_format is ReportFormat.pdf, output, force, lang_code)
    q = get_questionnaire(questionnaire, lang_code)
    result = _score_one(answers, q, lang_code)
    from ..history.service import previous_audit
    from ..plan.service import follow_up_of

    follow = follow_up_of(result, db)
    data = documents.render_report(
        result,
        output_format,
        previous=previous_audit(result, db),
        paper=paper,
        followup=follow,
    )
    if follow is not None:
        from ..render.text.plan_table import followup_lines

        for line in followup_lines(follow):
            err(line)
    emit_document(data, output, force)


def _score_one(raw: str, q: Any, lang: str) -> Any:
    """Score one respondent's file the way `score` does, so a bad file gets the same error."""
    from ..batch.scoring import score_source
    from ..sources import STDIN, Source, kind_of

    _ = gettext_for(lang)
    if raw == STDIN:
        source = Source("<stdin>", None, "")
    elif Path(raw).is_dir():
        raise UsageError(_("{path} is a folder; report takes one answer file").format(path=raw))
    elif not Path(raw).exists():
        raise InputError(raw, _("no such file or folder"))
    else:
        source = Source(raw, Path(raw), kind_of(raw))
    outcomes = list(score_source(source, q))
    for outcome in outcomes:
        if isinstance(outcome, InputError):
            raise outcome
    if len(outcomes) != 1:
        raise UsageError(
            _(
                "{path} holds {count} respondents; report takes one "
                "(score them all with: custserv-audit score {path})"
            ).format(path=source.name, count=len(outcomes))
        )
    return outcomes[0]

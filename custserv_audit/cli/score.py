"""`score`: score answer files in batch."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ..render.base import OutputFormat
from .app import (
    DbOpt,
    ForceOpt,
    InputFormatOpt,
    LangOpt,
    NormsOpt,
    OutputFileOpt,
    QuestionnaireOpt,
    _h,
    app,
    examples,
    handle_errors,
)
from .common import MAX_JOBS, run_score, score_format
from .tables import NO_TABLE, TableArgs, table_input

if TYPE_CHECKING:
    from ..model import Questionnaire


@app.command(
    help=_h("Score answer files; bad inputs are reported and the rest are still scored."),
    epilog=examples(
        "custserv-audit score acme.yaml",
        "custserv-audit score answers/ export.csv -o results.csv",
        "custserv-audit score export.csv --summary --group-by team",
    ),
)
@handle_errors
@table_input()
def score(  # noqa: PLR0913 - a Typer command takes each option as a parameter
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE...",
            help=_h(
                "Answer files (YAML, JSON, NDJSON, CSV, TSV, .xlsx, platform exports), folders, "
                "glob patterns, or - for standard input."
            ),
            show_default=False,
        ),
    ],
    output_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            help=_h("Output format (default: from the --output file's extension, else table)."),
            show_default=False,
        ),
    ] = None,
    output: OutputFileOpt = None,
    force: ForceOpt = False,
    input_format: InputFormatOpt = None,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary",
            help=_h(
                "After the results, a summary of every scored respondent: count, mean, min, "
                "max and standard deviation of each section and the total, the bands, the "
                "weakest sections (docs/reference.md, Summaries)."
            ),
        ),
    ] = False,
    summary_only: Annotated[
        bool,
        typer.Option(
            "--summary-only",
            help=_h("Print only the summary (CSV: one row per figure)."),
        ),
    ] = False,
    group_by: Annotated[
        str | None,
        typer.Option(
            "--group-by",
            metavar="FIELD",
            help=_h(
                "Summarise per group: a CSV column or an answer file's metadata field (or "
                "respondent, date, source). Each group also names the sections where its "
                "respondents disagree most (largest spread). Respondents without the field form "
                "the group (none), null in JSON. Implies --summary."
            ),
        ),
    ] = None,
    min_group: Annotated[
        int,
        typer.Option(
            "--min-group",
            metavar="N",
            min=1,
            help=_h(
                "Withhold the figures of any group with fewer than N respondents (only its "
                "count is shown), so no one can be singled out. The overall figures are "
                "always shown."
            ),
        ),
    ] = 3,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            min=0,
            max=MAX_JOBS,
            help=_h(
                "Worker processes for large JSON/NDJSON batches (0: one per CPU core). "
                "The output is the same whatever the number."
            ),
        ),
    ] = 0,
    quiet: Annotated[
        bool, typer.Option("--quiet", help=_h("No progress display on standard error."))
    ] = False,
    record: Annotated[
        bool,
        typer.Option(
            "--record",
            help=_h(
                "Record each scored respondent in the history database; the same answers for "
                "the same respondent and date are kept once. Answers without a respondent name "
                "are recorded under their file name, and without a date under today's date."
            ),
        ),
    ] = False,
    respondent_column: Annotated[
        str | None,
        typer.Option(
            "--respondent-column",
            metavar="FIELD",
            help=_h(
                "With --record: the CSV column (or answer-file metadata field) that identifies "
                "each respondent, such as an id or an e-mail; audits with the same value line up "
                "over time, and it names respondents who have no name."
            ),
        ),
    ] = None,
    db: DbOpt = None,
    norms: NormsOpt = None,
    questionnaire: QuestionnaireOpt = None,
    lang: LangOpt = None,
    table: TableArgs = NO_TABLE,
) -> None:
    """Score answer files; bad inputs are reported and the rest are still scored."""
    from ..batch.run import BatchOptions

    def options_for(q: Questionnaire) -> BatchOptions:
        norm = None
        if norms is not None:
            from ..norms.service import load_norm
            from ..output import err

            norm = load_norm(norms, q, db, err)
        return BatchOptions(
            output_format=score_format(output_format, output),
            output=output,
            force=force,
            input_format=input_format.value if input_format else None,
            summary=summary,
            summary_only=summary_only,
            group_by=group_by,
            min_group=min_group,
            jobs=jobs,
            quiet=quiet,
            record=record,
            db=db,
            respondent_column=respondent_column,
            table=table.options(q),
            norm=norm,
        )

    code = run_score(paths, options_for, questionnaire, lang)
    if code:
        raise typer.Exit(code)

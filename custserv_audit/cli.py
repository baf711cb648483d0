"""The command line: each command parses, calls the core, renders and returns an exit code.

Heavy modules (questionary, Rich tables, reportlab) are imported inside the
command that needs them, so `score --format json` starts fast.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from contextvars import ContextVar
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from . import errors
from .errors import AuditError, InputError, QuestionnaireError, UsageError
from .i18n import (
    _,
    detect_language,
    gettext_for,
    install_framework_translations,
    language_scope,
)
from .render import OutputFormat
from .render.documents import FormFormat, Paper, ReportFormat

# Help texts are built when this module is imported, before any --lang is read,
# so they follow the locale (LANG=fi_FI.UTF-8 custserv-audit --help is Finnish);
# everything a command prints follows its --lang (see handle_errors).
_h = gettext_for(detect_language())
install_framework_translations()

app = typer.Typer(
    name="custserv-audit",
    help=_h(
        "How customer-oriented is your business? Run the 25-statement self-audit, "
        "score answer files, print forms and reports."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])


class Lang(StrEnum):
    """Languages of the built-in questionnaire and the program."""

    en = "en"
    fi = "fi"
    sk = "sk"


class InputFormat(StrEnum):
    """Formats of answer input when the file name does not tell."""

    yaml = "yaml"
    json = "json"
    csv = "csv"


QuestionnaireOpt = Annotated[
    Path | None,
    typer.Option(
        "--questionnaire",
        "-q",
        help=_h("A custom questionnaire definition (YAML or JSON) instead of the built-in one."),
        dir_okay=False,
    ),
]
LangOpt = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help=_h("Language of texts and messages (default: from the locale, else English)."),
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help=_h("Replace an existing output file."))]
DbOpt = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help=_h(
            "The history database (default: $CUSTSERV_AUDIT_DB, else history.sqlite3 in your "
            "user data folder)."
        ),
        dir_okay=False,
        show_default=False,
    ),
]


class ViewFormat(StrEnum):
    """Output formats of `history` and `compare`."""

    table = "table"
    json = "json"


# Whether the running command was given --lang (set by handle_errors).
_LANG_ASKED: ContextVar[bool] = ContextVar("lang_asked", default=False)


def err(message: str) -> None:
    """One line on standard error."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def handle_errors(func: F) -> F:
    """Turn the tool's exceptions into one clear line and the exit code (SPEC).

    The command's language (--lang, else the locale) is made the active language
    for its duration, so messages made deep in the core come out in it too.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        lang = kwargs.get("lang")
        token = _LANG_ASKED.set(isinstance(lang, Lang))
        try:
            with language_scope(language(lang if isinstance(lang, Lang) else None)):
                return _run_reporting_errors(func, *args, **kwargs)
        finally:
            _LANG_ASKED.reset(token)

    return wrapper  # type: ignore[return-value]


def _run_reporting_errors(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        return func(*args, **kwargs)
    except QuestionnaireError as exc:
        for problem in exc.problems:
            err(str(problem))
        raise typer.Exit(errors.EXIT_INPUT) from None
    except UsageError as exc:
        err(_("Error: {message}").format(message=exc))
        raise typer.Exit(errors.EXIT_USAGE) from None
    except AuditError as exc:
        err(str(exc) if isinstance(exc, InputError) else _("Error: {message}").format(message=exc))
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        err(_("Interrupted."))
        raise typer.Exit(errors.EXIT_INTERRUPTED) from None
    except BrokenPipeError:
        # The reader (head, jq) went away: stop quietly, as Unix tools do.
        _silence_stdout()
        raise typer.Exit(errors.EXIT_INPUT) from None


def _silence_stdout() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def language(lang: Lang | None) -> str:
    """The chosen language code: --lang, else the locale, else English."""
    return lang.value if lang is not None else detect_language()


def get_questionnaire(path: Path | None, lang: str) -> Any:
    """Load the questionnaire (built-in or custom) in one language.

    A language asked for with --lang must be in the file. One that only comes from
    the locale falls back to English, else the file's first language: a Finnish
    locale does not stop an English-only questionnaire from working.
    """
    from .loader import load_questionnaire, read_questionnaire

    if path is None or _LANG_ASKED.get():
        return load_questionnaire(path, lang)
    versions = read_questionnaire(path, None)
    return versions.get(lang) or versions.get("en") or next(iter(versions.values()))


@app.command(help=_h("Score answer files; bad inputs are reported and the rest are still scored."))
@handle_errors
def score(
    paths: Annotated[
        list[str],
        typer.Argument(
            help=_h(
                "Answer files (YAML, JSON, CSV), folders, glob patterns, or - for standard input."
            ),
            show_default=False,
        ),
    ],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help=_h("Output format."))
    ] = OutputFormat.table,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=_h("Write to this file instead of standard output."),
            dir_okay=False,
        ),
    ] = None,
    force: ForceOpt = False,
    input_format: Annotated[
        InputFormat | None,
        typer.Option(
            "--input-format", help=_h("Format of standard input (detected when not given).")
        ),
    ] = None,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary",
            help=_h(
                "After the results, summarise every scored respondent: count; mean, min, max "
                "and sample standard deviation (n-1; null below two respondents) of each section "
                "and the total; the count in each band; the weakest sections on average. JSON "
                'output then is one object {"results": [...], "summary": {...}}; NDJSON ends '
                'with a line {"summary": {...}}; CSV needs --summary-only.'
            ),
        ),
    ] = False,
    summary_only: Annotated[
        bool,
        typer.Option(
            "--summary-only",
            help=_h(
                'Print only the summary: JSON {"summary": {...}}, one NDJSON line, or CSV with '
                "one row per figure (scope, group, kind, id, label, count, mean, min, max, stdev, "
                "weakest, largest_spread)."
            ),
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
            min=0,
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
    db: DbOpt = None,
    questionnaire: QuestionnaireOpt = None,
    lang: LangOpt = None,
) -> None:
    """Score answer files; bad inputs are reported and the rest are still scored."""
    import os
    import time

    from .batch import expand, render_json_parallel, score_all, worth_parallel
    from .output import atomic_writer, check_writable
    from .progress import BatchProgress
    from .render import renderer_for, summary_renderer_for

    want_summary = summary or summary_only or group_by is not None
    if want_summary and output_format is OutputFormat.csv and not summary_only:
        raise UsageError(
            _(
                "CSV holds either results or a summary: use --summary-only, or --format json, "
                "ndjson or table for both"
            )
        )
    q = get_questionnaire(questionnaire, language(lang))
    if output is not None:
        check_writable(output, force)
    fmt = output_format
    color = output is None and fmt is OutputFormat.table and sys.stdout.isatty()
    builder = None
    if want_summary:
        # The summary accumulates as outcomes stream by; with --summary-only no
        # results renderer exists, so nothing per respondent is kept.
        renderer, builder = summary_renderer_for(
            fmt, q, group_by, summary_only, color=color, min_group=min_group
        )
    else:
        renderer = renderer_for(fmt, q, color=color)
    failed = 0
    sources = list(expand(paths, input_format.value if input_format else None))
    workers = jobs or os.cpu_count() or 1
    parallel = (
        workers > 1
        and builder is None
        and not record  # recording needs each result here, not JSON text from a worker
        and fmt in (OutputFormat.json, OutputFormat.ndjson)
        and worth_parallel(sources)
    )
    recorder = None
    if record:
        from .cli_history import Recorder

        # Opened before scoring, so a database that cannot be used stops the command early.
        recorder = Recorder(db, q.language)
    progress = BatchProgress(len(sources), enabled=not quiet)
    stream = fmt is OutputFormat.ndjson and output is None

    def run(write: Callable[[str], Any]) -> None:
        nonlocal failed
        flushed = time.monotonic()

        def emit(piece: str) -> None:
            nonlocal flushed
            write(piece)
            # NDJSON streams: the first lines reach the reader at once, then about
            # ten times a second (a flush per line would cost more than the scoring).
            if stream and (failed + progress.respondents <= 1 or time.monotonic() - flushed > 0.1):
                sys.stdout.flush()
                flushed = time.monotonic()

        write(renderer.start())
        if parallel:
            item_json = renderer.item_json  # type: ignore[attr-defined]
            for block in render_json_parallel(sources, q, workers):
                for _text, error_line in block:
                    if error_line is not None:
                        failed += 1
                        err(error_line)
                emit("".join([item_json(text) for text, _error in block]))
                progress.advance(len(block))
            write(renderer.end())
            return
        for outcome in score_all(sources, q):
            if isinstance(outcome, InputError):
                failed += 1
                err(str(outcome))
            elif recorder is not None:
                recorder.add(outcome)
            piece = renderer.item(outcome)
            if piece:
                emit(piece)
            progress.advance()
        write(renderer.end())

    try:
        if output is None:
            run(sys.stdout.write)
            sys.stdout.flush()
        else:
            with atomic_writer(output, force=force) as handle:
                run(handle.write)
    finally:
        progress.close()
        if recorder is not None:
            recorder.close()
    if builder is not None and group_by is not None:
        _warn_ungrouped(builder, group_by, q.language)
    if failed:
        raise typer.Exit(errors.EXIT_INPUT)


def _warn_ungrouped(builder: Any, field: str, lang: str) -> None:
    """A --group-by field that no scored respondent has is most likely a typo: say so."""
    from .summary import NO_GROUP

    groups = builder.finish().groups
    if len(groups) == 1 and groups[0].group == NO_GROUP:
        err(
            _(
                "Warning: no scored respondent has the field {field!r}; "
                "all are in the group (none)."
            ).format(field=field)
        )


@app.command(help=_h("Check a questionnaire definition; every problem is listed with its line."))
@handle_errors
def validate(
    file: Annotated[
        Path, typer.Argument(help=_h("The questionnaire definition to check."), dir_okay=False)
    ],
    lang: LangOpt = None,
) -> None:
    """Check a questionnaire definition; every problem is listed with its line."""
    from .loader import read_questionnaire

    versions = read_questionnaire(file, None)
    q = next(iter(versions.values()))
    print(
        _(
            "{file}: valid questionnaire {id!r} (sections: {sections}, statements: {items}, "
            "scale: {low}–{high}, bands: {bands}, languages: {languages})"
        ).format(
            file=file,
            id=q.id,
            sections=len(q.sections),
            items=q.item_count,
            low=q.scale.low,
            high=q.scale.high,
            bands=len(q.bands),
            languages=", ".join(q.languages),
        )
    )


@app.command(help=_h("Take the audit interactively; answers are saved as you go."))
@handle_errors
def run(
    respondent: Annotated[
        str | None, typer.Option("--respondent", "-r", help=_h("The company or person answering."))
    ] = None,
    save: Annotated[
        Path | None,
        typer.Option(
            "--save",
            "-s",
            help=_h("Where to save the answers (default: a new file in this folder)."),
            dir_okay=False,
        ),
    ] = None,
    resume: Annotated[
        Path | None,
        typer.Option(
            "--resume",
            help=_h("Continue an interrupted audit from its answer file."),
            dir_okay=False,
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help=_h("Date of the audit, YYYY-MM-DD (default: today).")),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help=_h("Replace an existing --save file."))
    ] = False,
    db: DbOpt = None,
    no_record: Annotated[
        bool,
        typer.Option(
            "--no-record",
            help=_h("Do not record the completed audit in the history database."),
        ),
    ] = False,
    questionnaire: QuestionnaireOpt = None,
    lang: LangOpt = None,
) -> None:
    """Take the audit interactively; answers are saved as you go."""
    from .session import run_session

    lang_code = language(lang)
    _ = gettext_for(lang_code)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            _(
                "run is interactive and needs a terminal; to score saved answers without one, "
                "use: custserv-audit score FILE"
            )
        )
    if date is not None:
        from .loader import check_date

        if check_date(date) is None:
            raise UsageError(_("--date {date!r} is not an ISO date (YYYY-MM-DD)").format(date=date))
    q = get_questionnaire(questionnaire, lang_code)
    code = run_session(
        q,
        respondent=respondent,
        save=save,
        resume=resume,
        date=date or dt.date.today().isoformat(),
        force=force,
        history=None if no_record else _history_path(db),
    )
    if code:
        raise typer.Exit(code)


def _history_path(db: Path | None) -> Path:
    from .store import resolve_path

    return resolve_path(db)


history_app = typer.Typer(
    help=_h("Audits recorded over time: list them with each section's trend, or import a backup."),
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(history_app, name="history")


@history_app.callback(invoke_without_command=True)
@handle_errors
def history(
    ctx: typer.Context,
    respondent: Annotated[
        str | None,
        typer.Option(
            "--respondent", "-r", help=_h("Only this respondent (case and spacing do not matter).")
        ),
    ] = None,
    output_format: Annotated[
        ViewFormat,
        typer.Option(
            "--format",
            "-f",
            help=_h(
                "table, or json: every audit with its answers (a backup that 'history import' "
                "reads back) and each respondent's trend."
            ),
        ),
    ] = ViewFormat.table,
    db: DbOpt = None,
    questionnaire: QuestionnaireOpt = None,
    lang: LangOpt = None,
) -> None:
    """List the recorded audits in date order, with each section's trend over time."""
    if ctx.invoked_subcommand is not None:
        return
    from .cli_history import history_list

    history_list(respondent, output_format is ViewFormat.json, db, questionnaire, language(lang))


@history_app.command(
    "import",
    help=_h("Import a backup: all of it or nothing; audits already recorded are kept once."),
)
@handle_errors
def history_import(
    file: Annotated[
        Path,
        typer.Argument(
            help=_h("A backup made with: custserv-audit history --format json"), dir_okay=False
        ),
    ],
    db: DbOpt = None,
    questionnaire: QuestionnaireOpt = None,
    lang: LangOpt = None,
) -> None:
    """Import a backup: all of it or nothing; audits already recorded are kept once."""
    from .cli_history import history_import as run_import

    run_import(file, db, questionnaire, language(lang))


@app.command(
    help=_h("Compare two audits: each section before and after, the total, the band, the movers.")
)
@handle_errors
def compare(
    before: Annotated[
        str, typer.Argument(help=_h("The earlier audit: an answer file or a history record id."))
    ],
    after: Annotated[
        str, typer.Argument(help=_h("The later audit: an answer file or a history record id."))
    ],
    output_format: Annotated[
        ViewFormat, typer.Option("--format", "-f", help=_h("Output format."))
    ] = ViewFormat.table,
    db: DbOpt = None,
    questionnaire: QuestionnaireOpt = None,
    lang: LangOpt = None,
) -> None:
    """Compare two audits: each section before and after, the total, the band, the movers."""
    from .cli_history import compare_audits

    compare_audits(
        before, after, output_format is ViewFormat.json, db, questionnaire, language(lang)
    )


OutputDocOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help=_h(
            "Write to this file. Without it HTML and Markdown go to standard output, and so "
            "does a PDF when standard output is a file or a pipe (never a terminal)."
        ),
        dir_okay=False,
    ),
]
PaperOpt = Annotated[Paper, typer.Option("--paper", help=_h("Paper size."))]


def _emit_document(data: bytes | str, output: Path | None, force: bool) -> None:
    """Write a rendered document to --output (atomically) or to standard output."""
    from .output import write_atomic

    if output is not None:
        write_atomic(output, data, force)
        return
    if isinstance(data, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(data)
        sys.stdout.flush()


def _check_document_target(binary: bool, output: Path | None, force: bool, lang: str) -> None:
    """Fail before rendering: an existing --output without --force, or a PDF to a terminal."""
    _ = gettext_for(lang)
    if output is not None:
        from .output import check_writable

        check_writable(output, force)
    elif binary and sys.stdout.isatty():
        raise UsageError(
            _("a PDF cannot be shown in a terminal; give --output FILE (or redirect: > FILE.pdf)")
        )


@app.command(
    help=_h(
        "Write a blank printable form (PDF, HTML or Markdown) to fill in with a pen and score "
        "by hand."
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
    questionnaire: QuestionnaireOpt = None,
    lang: LangOpt = None,
) -> None:
    """Write a blank printable form to fill in with a pen and score by hand."""
    from .render import documents

    lang_code = language(lang)
    _check_document_target(output_format is FormFormat.pdf, output, force, lang_code)
    q = get_questionnaire(questionnaire, lang_code)
    data = documents.render_form(q, output_format, paper)
    _emit_document(data, output, force)


@app.command(
    help=_h(
        "Write one respondent's result as a document (PDF or HTML): verdict, section chart, "
        "weakest areas with advice, every answer."
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
    from .render import documents

    lang_code = language(lang)
    _check_document_target(output_format is ReportFormat.pdf, output, force, lang_code)
    q = get_questionnaire(questionnaire, lang_code)
    result = _score_one(answers, q, lang_code)
    from .cli_history import previous_audit

    data = documents.render_report(
        result,
        output_format,
        previous=previous_audit(result, db),
        paper=paper,
    )
    _emit_document(data, output, force)


def _score_one(raw: str, q: Any, lang: str) -> Any:
    """Score one respondent's file the way `score` does, so a bad file gets the same error."""
    from .batch import STDIN, Source, score_source
    from .loader import kind_of

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


def main() -> None:
    """The console script."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()

"""`scan`: read filled-in paper forms back from scans and photos into answer files."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import ExitCode, UsageError
from ..i18n import _
from ..output import err
from .app import ForceOpt, LangOpt, QuestionnaireOpt, _h, app, examples, handle_errors, language

SHEET = "marks-to-check.html"
SYMBOLS = {"empty": "·", "mark": "✓", "filled": "■", "crossed": "✗", "doubtful": "?"}


@app.command(
    help=_h(
        "Read filled-in paper forms from scans and photos (PDF, PNG, JPEG) and write one "
        "answer file per respondent. Needs the 'scan' extra."
    ),
    epilog=examples(
        "custserv-audit scan scans/ --output-dir answers/",
        "custserv-audit scan scans/ --output-dir answers/ --review --force",
    ),
)
@handle_errors
def scan(
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE...",
            help=_h("Scanned PDFs, photos, or folders of them."),
            show_default=False,
        ),
    ],
    output_dir: Annotated[
        Path,
        typer.Option(
            "--output-dir",
            "-d",
            help=_h("Folder for the answer files (made when missing)."),
            file_okay=False,
        ),
    ],
    respondent: Annotated[
        str | None,
        typer.Option(
            "--respondent",
            metavar="NAME",
            help=_h("The respondent of an unpersonalised form (default: from the file name)."),
        ),
    ] = None,
    roster: Annotated[
        Path | None,
        typer.Option(
            "--respondents",
            help=_h(
                "The roster the forms were printed from: names and its other columns (such "
                "as team) go into the answer files."
            ),
            dir_okay=False,
        ),
    ] = None,
    review: Annotated[
        bool,
        typer.Option(
            "--review", help=_h("Ask in the terminal for every statement left unanswered.")
        ),
    ] = False,
    force: ForceOpt = False,
    questionnaire: QuestionnaireOpt = None,
    lang: LangOpt = None,
) -> None:
    """Read filled-in paper forms back into answer files."""
    from ..paper.deps import require
    from ..schema.definition import read_questionnaire

    for module in ("numpy", "cv2", "pypdfium2"):
        require(module)
    if review and not typer.get_text_stream("stdin").isatty():
        raise UsageError(_("--review needs a terminal"))
    lang_code = language(lang)
    versions = read_questionnaire(questionnaire, None)
    q = versions.get(lang_code) or next(iter(versions.values()))
    people = _roster(roster)
    forms, trouble = _read(files, versions, q, respondent, people)
    summary = _write(q, forms, people, output_dir, force, review)
    _print_table(q, summary)
    for form, _target, left in summary:
        for doubt in left:
            err(
                _("{respondent}: {origin}: statement {label}: {problem}, left unanswered").format(
                    respondent=form.respondent,
                    origin=doubt.origin,
                    label=doubt.row.label,
                    problem=_problem(doubt.row),
                )
            )
    if any(form.doubts for form in forms):
        err(_("Crops of the marks to check: {path}").format(path=output_dir / SHEET))
    if trouble or any(left for _form, _target, left in summary):
        raise typer.Exit(ExitCode.INPUT)


def _roster(path: Path | None) -> dict[str, Any]:
    """The roster's participants by id (none without --respondents)."""
    if path is None:
        return {}
    from ..paper.roster import read_roster
    from ..sources import read_bytes

    return {p.id: p for p in read_roster(read_bytes(path), str(path))}


def _read(
    files: list[str], versions: Any, q: Any, respondent: str | None, people: dict[str, Any]
) -> tuple[list[Any], bool]:
    """The forms read from the files; True when a page or a form had a problem (reported)."""
    from ..paper.assemble import ScannedPage, assemble
    from ..paper.reader import PageFailure, read_pages, scan_files
    from ..paper.scan import layouts

    paths = scan_files(files)
    if not paths:
        raise UsageError(_("no PDF or image files to read"))
    pages: list[ScannedPage] = []
    failures: list[PageFailure] = []
    for page in read_pages(paths, layouts(versions)):
        if isinstance(page, PageFailure):
            failures.append(page)
        else:
            pages.append(page)
    for failure in failures:
        err(str(failure))
    forms, problems = assemble(q, pages, respondent)
    for problem in problems:
        err(f"{problem.respondent}: {problem.message}")
    named = [
        replace(f, respondent=people[f.respondent_id].name) if f.respondent_id in people else f
        for f in forms
    ]
    return named, bool(failures or problems)


def _write(
    q: Any, forms: list[Any], people: dict[str, Any], folder: Path, force: bool, review: bool
) -> list[tuple[Any, Path, list[Any]]]:
    """Write the answer files (after --review), the name crops and the contact sheet."""
    from ..output import check_writable, write_atomic
    from ..paper.assemble import answer_text
    from ..paper.reader import contact_sheet, png

    names = _file_names([f.respondent for f in forms])
    targets = [folder / f"{name}.yaml" for name in names]
    doubts = [(f.respondent, d) for f in forms for d in f.doubts]
    for target in targets + ([folder / SHEET] if doubts else []):
        check_writable(target, force)
    folder.mkdir(parents=True, exist_ok=True)
    if doubts:
        write_atomic(folder / SHEET, contact_sheet(q, doubts), force=True)
    items = {f"{s.id}.{i}": item.text for s in q.sections for i, item in enumerate(s.items)}
    summary = []
    for form, name, target in zip(forms, names, targets, strict=True):
        ratings = {k: list(v) for k, v in form.ratings.items()}
        for doubt in form.doubts if review else ():
            row = doubt.row
            value = _ask(q, form.respondent, doubt, items[f"{row.section}.{row.item}"])
            ratings[row.section][row.item] = value
        left = [d for d in form.doubts if ratings[d.row.section][d.row.item] is None]
        person = people.get(form.respondent_id or "")
        extra = person.metadata if person is not None else None
        write_atomic(target, answer_text(q, form, ratings, extra), force=True)
        if form.name_crop is not None:
            write_atomic(folder / f"{name}.name.png", png(form.name_crop), force=True)
        summary.append((form, target, left))
    return summary


def _problem(row: Any) -> str:
    from ..paper.scan import problem_text

    return problem_text(row.problem) if row.problem is not None else ""


def _file_names(respondents: list[str]) -> list[str]:
    """A safe, distinct file name for each respondent."""
    out: list[str] = []
    for who in respondents:
        base = re.sub(r"[^\w.-]+", "_", who, flags=re.UNICODE).strip("._") or "respondent"
        name, n = base[:80], 2
        while name in out:
            name, n = f"{base[:80]}-{n}", n + 1
        out.append(name)
    return out


def _seen(row: Any) -> str:
    return "  ".join(f"{b.value} {SYMBOLS[b.state]}" for b in row.boxes)


def _ask(q: Any, respondent: str, doubt: Any, text: str) -> int | None:
    """The operator's value for one doubtful statement (None: leave it unanswered)."""
    from ..interactive.questions import ask_scale_point

    row = doubt.row
    low, high = q.scale.low, q.scale.high
    typer.echo("")
    typer.echo(f"{respondent} · {doubt.origin} · {row.label} {text}")
    typer.echo(_("Seen: {problem}   {boxes}").format(problem=_problem(row), boxes=_seen(row)))
    prompt = _("Rating {low}–{high}, or Enter to leave it unanswered: ")
    return ask_scale_point(prompt.format(low=low, high=high), low, high, optional=True)


def _print_table(q: Any, summary: list[Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_edge=False)
    for head in (_("Respondent"), _("Pages"), _("Read"), _("Unanswered"), _("Answer file")):
        table.add_column(head, overflow="fold")
    for form, target, left in summary:
        table.add_row(
            form.respondent,
            "; ".join(str(p.origin) for p in form.pages),
            f"{q.item_count - len(left)}/{q.item_count}",
            str(len(left)),
            str(target),
        )
    Console(soft_wrap=True).print(table)

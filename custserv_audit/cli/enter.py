"""`enter`: type a pile of paper forms in at the speed of typing digits."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import UsageError
from ..i18n import _, ngettext
from .app import (
    LangOpt,
    QuestionnaireOpt,
    _h,
    app,
    examples,
    get_questionnaire,
    handle_errors,
    language,
)


@app.command(
    help=_h(
        "Type paper forms in: the name, then one line of digits per section. Saved after "
        "every form to a CSV file or a folder of answer files; run again to go on."
    ),
    epilog=examples(
        "custserv-audit enter workshop.csv",
        "custserv-audit enter workshop.csv --verify",
    ),
)
@handle_errors
def enter(
    output: Annotated[
        Path,
        typer.Argument(
            metavar="OUTPUT",
            help=_h("A CSV file (NAME.csv) or a folder for one answer file per form."),
            show_default=False,
        ),
    ],
    verify: Annotated[
        bool,
        typer.Option(
            "--verify",
            help=_h(
                "Double entry: type the same forms again; every disagreement with the first "
                "entry is shown and settled."
            ),
        ),
    ] = False,
    questionnaire: QuestionnaireOpt = None,
    lang: LangOpt = None,
) -> None:
    """Type paper forms in, section by section."""
    from ..paper import entrystore

    if not typer.get_text_stream("stdin").isatty():
        raise UsageError(_("enter needs a terminal"))
    q = get_questionnaire(questionnaire, language(lang))
    records = entrystore.load(output, q)
    try:
        if verify:
            _verify(q, output, records)
        else:
            _first_pass(q, output, records)
    except EOFError:
        typer.echo("")


def _read_form(q: Any, name: str | None = None) -> Any:
    """One form typed line by line; `name` given: only the sections are asked."""
    from ..interactive.questions import ask_line
    from ..paper import entry

    state = entry.Entry(name=name) if name is not None else entry.Entry()
    while not state.complete(q):
        if state.name is None and name is None:
            line = ask_line(_("Respondent (Enter when the pile is done): "))
            if not line.strip():
                return None
        else:
            line = ask_line(f"  {entry.prompt(q, state)}: ")
        state = entry.step(q, state, line)
        if name is not None and state.name is None:  # "-" at the first section
            state = entry.Entry(name=name)
        if state.error:
            typer.echo("  " + state.error)
    return state


def _first_pass(q: Any, output: Path, records: list[Any]) -> None:
    from ..paper import entrystore

    typer.echo(
        _("Typing forms into {path} ({count} there so far). '-' goes back a section.").format(
            path=output, count=len(records)
        )
    )
    while True:
        typer.echo("")
        state = _read_form(q)
        if state is None:
            return
        records = [*records, entrystore.Record(state.name, state.ratings(q))]
        records = entrystore.save(output, q, records, len(records) - 1)
        typer.echo(
            ngettext(
                "Saved {name} ({count} form in {path}).",
                "Saved {name} ({count} forms in {path}).",
                len(records),
            ).format(name=state.name, count=len(records), path=output)
        )


def _verify(q: Any, output: Path, records: list[Any]) -> None:
    from dataclasses import replace

    from ..paper import entry, entrystore

    todo = [i for i, r in enumerate(records) if not r.checked]
    if not todo:
        typer.echo(_("Every form in {path} has been entered twice.").format(path=output))
        return
    items = {f"{s.id}.{i}": item.text for s in q.sections for i, item in enumerate(s.items)}
    labels = {s.id: n for n, s in enumerate(q.sections, start=1)}
    for done, index in enumerate(todo, start=1):
        record = records[index]
        typer.echo("")
        typer.echo(
            _("Second entry {n} of {count}: {name}").format(
                n=done, count=len(todo), name=record.name
            )
        )
        state = _read_form(q, record.name)
        ratings = dict(record.ratings)
        for d in entry.disagreements(q, record.ratings, state.ratings(q)):
            label = f"{labels[d.section]}.{d.item + 1}"
            typer.echo(
                _("{label} {text}: first entry {first}, second entry {second}").format(
                    label=label, text=items[f"{d.section}.{d.item}"], first=d.first, second=d.second
                )
            )
            value = _settle(q)
            ratings = entry.resolve(ratings, d, value)
        records[index] = replace(record, ratings=ratings, checked=True)
        records = entrystore.save(output, q, records, index)
        typer.echo(_("Checked {name}.").format(name=record.name))


def _settle(q: Any) -> int:
    from ..interactive.questions import ask_scale_point

    low, high = q.scale.low, q.scale.high
    prompt = _("Which is right? ({low}–{high}): ").format(low=low, high=high)
    value = ask_scale_point(prompt, low, high)
    assert value is not None  # not optional: asked until it is a point of the scale
    return value

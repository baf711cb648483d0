"""`questionnaire export`: the built-in questionnaire as a template for one's own."""

from __future__ import annotations

import typer

from .app import ForceOpt, LangOpt, OutputFileOpt, _h, app, examples, handle_errors

questionnaire_app = typer.Typer(
    help=_h("The built-in questionnaire: export it as a template for your own."),
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
)
app.add_typer(questionnaire_app, name="questionnaire")


@questionnaire_app.callback(
    epilog=examples(
        "custserv-audit questionnaire export --lang fi -o oma.yaml",
        "custserv-audit validate oma.yaml",
        "custserv-audit run -q oma.yaml",
    )
)
def questionnaire() -> None:
    """The built-in questionnaire."""


@questionnaire_app.command(
    "export",
    help=_h(
        "Write the built-in questionnaire as YAML, to adapt as your own: with --lang only "
        "that language (each text a plain string), else every language. Check your version "
        "with 'validate' and use it with --questionnaire (-q)."
    ),
    epilog=examples(
        "custserv-audit questionnaire export --lang en -o mine.yaml",
        "custserv-audit questionnaire export > all-languages.yaml",
        "custserv-audit score answers/ -q mine.yaml",
    ),
)
@handle_errors
def export(
    output: OutputFileOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> None:
    """Write the built-in questionnaire as a YAML template."""
    from ..output import emit_document
    from ..schema.template import commented_template

    code = lang.value if lang is not None else None
    emit_document(commented_template(code), output, force)

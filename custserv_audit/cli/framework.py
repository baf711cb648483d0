"""Typer's and Click's own words ("Usage:", "Invalid value", ...) in the program's language.

Click looks its words up with `gettext.gettext`, but the copy of Click that Typer
bundles (`typer._click`) has them as fixed English, and Typer reads its own (the
panel titles, the error box) from the process-wide text domain once, on import.
So the words are put in our catalogue (the msgids are Click's and Typer's own
English) and set here in the language the command line chose: `--lang`, else the
locale as `i18n.detect_language` reads it. English changes nothing.

Click's messages are built as whole English sentences (`Invalid value for '--jobs':
Input should be ...`); each is matched against its English shape and made again from
the translated msgid with the same parts, the inner message translated too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import IO, Any

from ..i18n import N_, gettext_for

# Click's and Typer's English shapes -> the msgid that says the same. Tried in order;
# a `message` part is itself translated. Anything else is left as it is.
_SHAPES: tuple[tuple[str, str], ...] = (
    (
        r"Invalid value for (?P<param_hint>.+?): (?P<message>.*)",
        N_("Invalid value for {param_hint}: {message}"),
    ),
    (r"Invalid value: (?P<message>.*)", N_("Invalid value: {message}")),
    (r"Missing argument (?P<param_hint>.+)\.", N_("Missing argument {param_hint}.")),
    (r"Missing option (?P<param_hint>.+)\.", N_("Missing option {param_hint}.")),
    (r"Missing parameter (?P<param_hint>.+)\.", N_("Missing parameter {param_hint}.")),
    (
        r"No such option: (?P<name>.+) \(Possible options: (?P<possibilities>.+)\)",
        N_("No such option: {name} (Possible options: {possibilities})"),
    ),
    (r"No such option: (?P<name>.+)", N_("No such option: {name}")),
    (r"Option (?P<name>'.+') requires an argument\.", N_("Option {name} requires an argument.")),
    (
        r"Option (?P<name>'.+') requires (?P<nargs>\d+) arguments\.",
        N_("Option {name} requires {nargs} arguments."),
    ),
    (r"Option (?P<name>'.+') does not take a value\.", N_("Option {name} does not take a value.")),
    (
        r"Argument (?P<name>'.+') takes (?P<nargs>\d+) values\.",
        N_("Argument {name} takes {nargs} values."),
    ),
    (
        r"Got unexpected extra argument\(s\) \((?P<args>.*)\)",
        N_("Got unexpected extra argument(s) ({args})"),
    ),
    (
        r"Could not open file (?P<filename>.+?): (?P<message>.*)",
        N_("Could not open file {filename}: {message}"),
    ),
    # Typer's checks of values (through pydantic).
    (r"Value error, (?P<message>.*)", "{message}"),
    (r"(?P<value>.+) is not one of (?P<choices>.+)\.", N_("{value} is not one of {choices}.")),
    (r"Input should be a valid integer.*", N_("Input should be a valid integer")),
    (r"Input should be a valid number.*", N_("Input should be a valid number")),
    (
        r"Input should be greater than or equal to (?P<limit>\S+)",
        N_("Input should be greater than or equal to {limit}"),
    ),
    (
        r"Input should be less than or equal to (?P<limit>\S+)",
        N_("Input should be less than or equal to {limit}"),
    ),
    (r"Input should be greater than (?P<limit>\S+)", N_("Input should be greater than {limit}")),
    (r"Input should be less than (?P<limit>\S+)", N_("Input should be less than {limit}")),
    (r"(?:file|directory|path) (?P<path>'.*') does not exist\.", N_("{path} does not exist.")),
    (r"(?:file|directory|path) (?P<path>'.*') is a file\.", N_("{path} is a file.")),
    (r"(?:file|directory|path) (?P<path>'.*') is a directory\.", N_("{path} is a directory.")),
    (r"(?:file|directory|path) (?P<path>'.*') is not readable\.", N_("{path} is not readable.")),
    (r"(?:file|directory|path) (?P<path>'.*') is not writable\.", N_("{path} is not writable.")),
)
_COMPILED = tuple((re.compile(shape, re.DOTALL), msgid) for shape, msgid in _SHAPES)

# Click's fixed words outside the messages.
USAGE = N_("Usage:")
# The placeholders of the usage line, as GNU tools translate theirs.
USAGE_WORDS = (N_("[OPTIONS]"), N_("COMMAND [ARGS]..."))
HELP_OPTION = N_("Show this message and exit.")
TRY_HELP = N_("Try '{command} {option}' for help.")
ERROR = N_("Error: {message}")

# Typer's words, read once on import of its rich_utils: constant name -> msgid.
_RICH_CONSTANTS = {
    "DEPRECATED_STRING": N_("(deprecated) "),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}
# Typer's words looked up when used (typer.core's `_`), marked for the catalogue.
TYPER_CORE_STRINGS = (
    N_("(dynamic)"),
    N_("Aborted!"),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("Missing command."),
    N_("No such command {name!r}."),
)


_state: dict[str, Any] = {"lang": "en", "patched": False}


def _words(msgid: str) -> str:
    """`msgid` in the framework's current language."""
    _ = gettext_for(_state["lang"])
    return _(msgid)


def translate(text: str, lang: str) -> str:
    """One of Click's English messages in `lang` (unchanged when its shape is unknown)."""
    if lang == "en":
        return text
    _ = gettext_for(lang)
    for shape, msgid in _COMPILED:
        match = shape.fullmatch(text)
        if match is None:
            continue
        parts = match.groupdict()
        if "message" in parts:
            parts["message"] = translate(parts["message"], lang)
        return (_(msgid) if msgid != "{message}" else msgid).format(**parts)
    return text


def install(lang: str) -> None:
    """Make Typer's and Click's own words speak `lang` from now on (in this process)."""
    _state["lang"] = lang
    if lang == "en" and not _state["patched"]:
        return  # Click's own English, untouched
    _ = gettext_for(lang)
    import typer.core
    from typer import rich_utils

    typer.core._ = _  # type: ignore[attr-defined,assignment]
    for name, msgid in _RICH_CONSTANTS.items():
        setattr(rich_utils, name, _(msgid))
    if not _state["patched"]:
        _patch_messages()
        _patch_help()
        _patch_plain_errors()
        _bold_usage(rich_utils)
        _state["patched"] = True


def _patch_messages() -> None:
    """Every error message of Click's goes through `translate`."""
    from typer._click import exceptions

    for cls in (
        exceptions.ClickException,
        exceptions.BadParameter,
        exceptions.MissingParameter,
        exceptions.NoSuchOption,
        exceptions.FileError,
    ):
        original = cls.format_message

        def format_message(self: Any, _original: Callable[[Any], str] = original) -> str:
            return translate(_original(self), _state["lang"])

        cls.format_message = format_message  # type: ignore[method-assign]


def _patch_help() -> None:
    """The usage line's words and the --help option's own help text."""
    from typer._click import formatting
    from typer._click.core import Command

    write_usage = formatting.HelpFormatter.write_usage

    def usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        for placeholder in USAGE_WORDS:
            args = args.replace(placeholder, _words(placeholder))
        write_usage(self, prog, args, f"{_words(USAGE)} " if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = usage  # type: ignore[method-assign]

    get_help_option = Command.get_help_option

    def help_option(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = _words(HELP_OPTION)
        return option

    Command.get_help_option = help_option  # type: ignore[method-assign]


def _patch_plain_errors() -> None:
    """Click's plain (not Rich: TYPER_USE_RICH=0) error output, in the chosen language."""
    from typer._click import exceptions
    from typer._click.utils import echo

    def show(self: Any, file: IO[Any] | None = None) -> None:
        ctx = getattr(self, "ctx", None)
        color = ctx.color if ctx is not None else None
        if ctx is not None:
            hint = ""
            if ctx.command.get_help_option(ctx) is not None:
                command, option = ctx.command_path, ctx.help_option_names[0]
                hint = _words(TRY_HELP).format(command=command, option=option) + "\n"
            echo(f"{ctx.get_usage()}\n{hint}", file=file, err=file is None, color=color)
        message = _words(ERROR).format(message=self.format_message())
        echo(message, file=file, err=file is None, color=color)

    exceptions.ClickException.show = show  # type: ignore[method-assign]
    exceptions.UsageError.show = show  # type: ignore[method-assign]


def _bold_usage(rich_utils: Any) -> None:
    """Rich makes "Usage: " bold; the translated words get the same style."""
    highlights: Sequence[str] = rich_utils.OptionHighlighter.highlights
    translated = (gettext_for(lang) for lang in ("fi", "sk"))
    rich_utils.OptionHighlighter.highlights = [
        *highlights,
        *(rf"(?P<usage>{re.escape(_(USAGE))} )" for _ in translated),
    ]

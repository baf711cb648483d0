"""How `--help` names values: FILE, DIR, N, choices; nothing on a flag.

Typer shows every parameter's Python type (`<bool>` on each flag, `<list[str]>`,
`<int range> [x>=0]`) and puts required arguments in braces (`{paths}...`). These
replacements give the names people know from other tools: a parameter's own metavar when
it has one, else one made from its type; a flag shows none; a range speaks of its
metavar (`0<=N<=64`). A bad value's message loses pydantic's "Value error, " prefix.

A dumb terminal (TERM=dumb) keeps its own width (Rich would take it for 80 columns).

On a narrow terminal Typer's four-column option table squeezes the help column until
words are cut ("kokonaispistei…") and long option names too ("--install-complet…"). When
the help column would be narrower than `NARROW_HELP` cells, each option is shown on a
line of its own (names and value) with its help wrapped below it, at word boundaries.

Installed once, on the Typer path only (a plain `score` never imports Typer).
"""

from __future__ import annotations

import re
from typing import Any

_LABELS = {
    "<file>": "FILE",
    "<dir>": "DIR",
    "<directory>": "DIR",
    "<path>": "PATH",
    "<str>": "TEXT",
    "<int>": "N",
    "<int range>": "N",
    "<float>": "NUMBER",
}


def plain_label(label: str | None) -> str | None:
    """`<file>` → FILE, `<a|b>` → a|b, `<list[str]>` → TEXT; anything else unchanged."""
    if label is None:
        return None
    if label in _LABELS:
        return _LABELS[label]
    inner = re.fullmatch(r"<list\[(.*)\]>", label)
    if inner:
        return plain_label(f"<{inner.group(1)}>")
    if label.startswith("<") and label.endswith(">"):
        return label[1:-1]
    return label


_ORIGINAL: dict[str, Any] = {}


def _option_display(self: Any, ctx: Any) -> str | None:
    if self.metavar is not None:
        return str(self.metavar)
    if self.is_flag or self.count:
        return None
    label = plain_label(_ORIGINAL["option_type"](self, ctx))
    return f"{label}..." if label and self.nargs != 1 else label


def _argument_display(self: Any, ctx: Any = None) -> str | None:
    """Nothing: the argument's name column already says it (FILE...)."""
    del self, ctx
    return None


def _argument_name(self: Any) -> str:
    return str(self.metavar or self.name.upper())


def _argument_usage(self: Any) -> str:
    name = _argument_name(self)
    if self.nargs != 1 and not name.endswith("..."):
        name += "..."
    return name if self.required else f"[{name}]"


def _option_range(self: Any) -> str | None:
    text: str | None = _ORIGINAL["option_range"](self)
    name = self.metavar or "N"
    return text.replace("x", name) if text else text


def _error_text(exc: Any) -> str:
    return str(_ORIGINAL["error"](exc)).removeprefix("Value error, ")


# The narrowest help column the table layout may leave; below it, options are stacked.
NARROW_HELP = 40
# The stacked layout's indent of an option's help under its names.
HELP_INDENT = 4


def _names_and_value(param: Any, ctx: Any, width: int | None = None) -> list[Any]:
    """An option's names and value: `--format, -f  table|json`, `* FILE...`.

    One line when it fits in `width`; else the value goes below, indented and broken
    after a `|` (a long list of choices), never inside a name.
    """
    from rich.text import Text
    from typer import rich_utils
    from typer.core import TyperArgument

    if isinstance(param, TyperArgument):
        plural = param.metavar is None and param.nargs != 1
        names = [param.display_name_raw + ("..." if plural else "")]
    else:
        opts = [*param.opts, *param.secondary_opts]
        names = sorted(opts, key=lambda o: not o.startswith("--"))  # long names first
    line = Text(no_wrap=True)
    if param.required:
        line.append(rich_utils.REQUIRED_SHORT_STRING + " ", style=rich_utils.STYLE_REQUIRED_SHORT)
    line.append_text(rich_utils.highlighter(Text(", ".join(names))))
    value = param.display_type_rich(ctx=ctx) or ""
    range_text = param._get_number_range_help_str()
    if range_text:
        value += rich_utils.RANGE_STRING.format(range_text)
    if not value:
        return [line]
    if width is None or line.cell_len + 2 + len(value) <= width:
        line.append("  ")
        line.append_text(_value_text(value))
        return [line]
    lines = [line]
    for chunk in _break_value(value, width - HELP_INDENT):
        lines.append(Text(" " * HELP_INDENT, no_wrap=True).append_text(_value_text(chunk)))
    return lines


def _value_text(value: str) -> Any:
    from rich.text import Text
    from typer import rich_utils

    return rich_utils.types_highlighter(Text(value, style=rich_utils.STYLE_TYPES))


def _break_value(value: str, width: int) -> list[str]:
    """`a|b|c` in pieces of at most `width` cells, each ending after a `|`."""
    pieces: list[str] = []
    current = ""
    for part in re.findall(r"[^|]+\|?", value):
        if current and len(current) + len(part) > width:
            pieces.append(current)
            current = ""
        current += part
    return [*pieces, current] if current else pieces


def _help_of(param: Any, ctx: Any, markup_mode: Any) -> Any:
    """An option's help, default and `[required]` as one paragraph (wrapped at spaces)."""
    from rich.text import Text
    from typer import rich_utils

    columns = rich_utils._get_parameter_help(param=param, ctx=ctx, markup_mode=markup_mode)
    parts = [part for part in columns.renderables if isinstance(part, Text)]
    return Text(" ").join(parts) if len(parts) == len(columns.renderables) else columns


def _table_help_width(params: list[Any], ctx: Any, width: int) -> int:
    """About how wide Typer's table would leave the help column at `width` cells."""
    long = short = value = 0
    for param in params:
        long = max(long, max((len(o) for o in param.opts if o.startswith("--")), default=0))
        short = max(short, max((len(o) for o in param.opts if not o.startswith("--")), default=0))
        value = max(value, len(param.display_type_rich(ctx=ctx) or ""))
    # The panel's border and padding (4), each column's padding (2 a column), the asterisk.
    return width - 4 - (long + short + value + 2 * 5 + 2)


def _options_panel(
    *, name: str, params: list[Any], ctx: Any, markup_mode: Any, console: Any
) -> None:
    """Typer's options panel, or the stacked layout when the help column would be narrow."""
    if not params or _table_help_width(params, ctx, console.width) >= NARROW_HELP:
        _ORIGINAL["options_panel"](
            name=name, params=params, ctx=ctx, markup_mode=markup_mode, console=console
        )
        return
    from rich.console import Group
    from rich.padding import Padding
    from rich.panel import Panel
    from typer import rich_utils

    rows: list[Any] = []
    for param in params:
        rows += _names_and_value(param, ctx, console.width - 4)
        rows.append(Padding(_help_of(param, ctx, markup_mode), (0, 0, 0, HELP_INDENT)))
    console.print(
        Panel(
            Group(*rows),
            border_style=rich_utils.STYLE_OPTIONS_PANEL_BORDER,
            title=name,
            title_align=rich_utils.ALIGN_OPTIONS_PANEL,
        )
    )


def _help_console(stderr: bool = False) -> Any:
    """Typer's help console; on a dumb terminal as wide as the terminal (Rich would
    assume 80 columns there, so a 60-column terminal would wrap every line)."""
    import shutil

    console = _ORIGINAL["console"](stderr)
    if console.is_dumb_terminal:
        size = shutil.get_terminal_size((80, 25))  # COLUMNS first
        console.size = (size.columns, size.lines)
    return console


def install() -> None:
    """Patch Typer's help display and its value errors, once."""
    from typer import _coercion, _param_types, core, rich_utils

    if _ORIGINAL:
        return
    _ORIGINAL.update(
        options_panel=rich_utils._print_options_panel,
        option_type=core.TyperOption.display_type_rich,
        option_range=core.TyperOption._get_number_range_help_str,
        error=getattr(_coercion, "get_error_msg"),  # noqa: B009 (not re-exported)
        console=rich_utils._get_rich_console,
    )
    patches: list[tuple[Any, str, Any]] = [
        (rich_utils, "_print_options_panel", _options_panel),
        (rich_utils, "_get_rich_console", _help_console),
        (core.TyperOption, "display_type_rich", _option_display),
        (core.TyperOption, "_get_number_range_help_str", _option_range),
        (core.TyperArgument, "display_type_rich", _argument_display),
        (core.TyperArgument, "_usage_display_name", _argument_usage),
        (core.TyperArgument, "display_name_raw", property(_argument_name)),
        (_coercion, "get_error_msg", _error_text),
        (_param_types, "get_error_msg", _error_text),
    ]
    for owner, name, value in patches:
        setattr(owner, name, value)

"""How `--help` names values: FILE, DIR, N, choices; nothing on a flag.

Typer shows every parameter's Python type (`<bool>` on each flag, `<list[str]>`,
`<int range> [x>=0]`) and puts required arguments in braces (`{paths}...`). These
replacements give the names people know from other tools: a parameter's own metavar when
it has one, else one made from its type; a flag shows none; a range speaks of its
metavar (`0<=N<=64`). A bad value's message loses pydantic's "Value error, " prefix.

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


def install() -> None:
    """Patch Typer's help display and its value errors, once."""
    from typer import _coercion, _param_types, core

    if _ORIGINAL:
        return
    _ORIGINAL.update(
        option_type=core.TyperOption.display_type_rich,
        option_range=core.TyperOption._get_number_range_help_str,
        error=getattr(_coercion, "get_error_msg"),  # noqa: B009 (not re-exported)
    )
    patches: list[tuple[Any, str, Any]] = [
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

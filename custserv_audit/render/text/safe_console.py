"""A Rich console that never sends control characters taken from inputs to the terminal,
and never breaks a line inside a token that must stay whole ("67 %", "24.92 / 35").

Respondent names, metadata, file names and questionnaire texts reach the tables and the
interview as plain text; Rich removes only a few control characters, not ESC. Every text
segment is made inert here, after layout and before output, so no renderer can forget it.
Rich's own control segments (cursor moves of a live display) and styles pass unchanged.

Rich wraps lines at every whitespace character, the no-break spaces U+00A0 and U+202F
included. So before a text is laid out, its no-break spaces (and the spaces of a token
made with `keep_together`) are swapped for private characters that Rich takes for
letters, and swapped back after layout: the terminal gets the characters it always got.
The stand-ins are lone surrogates, which no text read from an input can hold (JSON and
YAML reject them, file names show them escaped), so a character a user wrote, a private-use
one included, is never taken for a stand-in.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleDimensions, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Text

from ...terminal import inert

# Stand-ins, one cell wide like the spaces they stand for: high surrogates, never in an
# input's text (a file name's undecodable bytes are low surrogates).
_GLUED_SPACE = "\udb40"  # a space of a `keep_together` token: printed as " "
_NBSP = "\udb41"  # U+00A0
_NNBSP = "\udb42"  # U+202F
_HIDE = str.maketrans({"\u00a0": _NBSP, "\u202f": _NNBSP})
_SHOW = str.maketrans({_GLUED_SPACE: " ", _NBSP: "\u00a0", _NNBSP: "\u202f"})
_STAND_INS = (_GLUED_SPACE, _NBSP, _NNBSP)
_PERCENT = re.compile(r"(?<=\d) (?=%)")


def keep_together(text: str) -> str:
    """`text` (a number with its unit, a score out of its maximum) as one unbreakable token
    for a `SafeConsole`; it is printed with its ordinary spaces."""
    return text.replace(" ", _GLUED_SPACE)


def keep_percent(text: str) -> str:
    """`text` with every "number %" kept on one line ("95 % CI" may break before "CI")."""
    return _PERCENT.sub(_GLUED_SPACE, text)


def shown(text: str) -> str:
    """`text` as the terminal gets it: the stand-ins of `keep_together` swapped back."""
    return text.translate(_SHOW) if any(c in text for c in _STAND_INS) else text


def no_break(text: Text) -> Text:
    """A copy of `text` whose no-break spaces Rich cannot break at (same length, spans kept)."""
    if "\u00a0" not in text.plain and "\u202f" not in text.plain:
        return text
    copy = text.copy()
    copy.plain = text.plain.translate(_HIDE)
    return copy


def _terminal_columns() -> int | None:
    """COLUMNS, else the width of the terminal on standard output; None if neither."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns or None
    except (AttributeError, ValueError, OSError):
        return None


class SafeConsole(Console):
    """`rich.console.Console` whose rendered text has its control characters escaped and
    whose lines never break at a no-break space."""

    @property
    def size(self) -> ConsoleDimensions:
        """The console's size. On a dumb terminal Rich assumes 80 columns even when the
        width is given or the terminal tells its own; here the width given, else the
        terminal's (COLUMNS first), else 80."""
        if not self.is_dumb_terminal:
            return super().size
        width = self._width or _terminal_columns() or 80
        return ConsoleDimensions(width, self._height or 25)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        self._width, self._height = new_size

    def print(self, *objects: Any, **kwargs: Any) -> None:
        """Print as Rich does, each table fitted to the width or stacked (see `fit`)."""
        from .fit import fitted

        width = kwargs.get("width") or self.width
        super().print(*(fitted(o, self, width) for o in objects), **kwargs)

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        if isinstance(renderable, Text):
            renderable = no_break(renderable)
        for segment in super().render(renderable, options):
            if segment.control:
                yield segment
            else:
                text = inert(shown(segment.text), keep_lines=True)
                yield segment if text is segment.text else Segment(text, segment.style)

    def render_str(self, text: str, **kwargs: Any) -> Text:
        """A string (markup) as Text, its no-break spaces kept unbroken."""
        return no_break(super().render_str(text, **kwargs))

"""A Rich console that never sends control characters taken from inputs to the terminal.

Respondent names, metadata, file names and questionnaire texts reach the tables and the
interview as plain text; Rich removes only a few control characters, not ESC. Every text
segment is made inert here, after layout and before output, so no renderer can forget it.
Rich's own control segments (cursor moves of a live display) and styles pass unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment

from ...terminal import inert


class SafeConsole(Console):
    """`rich.console.Console` whose rendered text has its control characters escaped."""

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control:
                yield segment
            else:
                text = inert(segment.text, keep_lines=True)
                yield segment if text is segment.text else Segment(text, segment.style)

"""A progress display on stderr for batches that take more than a moment."""

from __future__ import annotations

import sys
import time
from typing import Any

from ..i18n import ngettext

DELAY = 0.5  # seconds before anything is shown: quick batches stay silent


class BatchProgress:
    """Counts scored respondents; draws a Rich progress line on a terminal's stderr only."""

    def __init__(self, total_inputs: int, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.total = total_inputs
        self.done = 0
        self.respondents = 0
        self._start = time.monotonic()
        self._bar: Any = None
        self._task: Any = None
        self._last = 0.0

    def advance(self, respondents: int = 1, inputs: int = 0) -> None:
        """Record progress; redraws at most ten times a second."""
        self.respondents += respondents
        self.done += inputs
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1:
            return
        self._last = now
        if self._bar is None:
            if now - self._start < DELAY:
                return
            self._open()
        self._bar.update(
            self._task,
            completed=self.done,
            description=ngettext(
                "Scoring: {n} respondent", "Scoring: {n} respondents", self.respondents
            ).format(n=self.respondents),
        )

    def _open(self) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        from ..render.text.safe_console import SafeConsole

        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=SafeConsole(stderr=True),
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task("", total=self.total or None)

    def close(self) -> None:
        """Remove the progress line (it is transient)."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

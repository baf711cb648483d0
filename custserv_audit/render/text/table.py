"""Rich terminal output: the result of one audit, and a table of many."""

from __future__ import annotations

import io
from fractions import Fraction

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ...errors import InputError
from ...i18n import gettext_for
from ...model import Questionnaire, Result
from ...scoring import rounded
from .safe_console import SafeConsole

BAND_STYLES = ("bold green", "bold yellow", "bold red", "bold magenta", "bold cyan")


def band_style(questionnaire: Questionnaire, band_id: str) -> str:
    """Colour of a band: the first (highest) band green, then yellow, then red."""
    ordered = sorted(
        questionnaire.bands, key=lambda b: b.lower if b.lower is not None else Fraction(-(10**9))
    )
    ranks = [b.id for b in reversed(ordered)]
    return BAND_STYLES[min(ranks.index(band_id), len(BAND_STYLES) - 1)]


def bar(value: Fraction, low: int, high: int, width: int = 20) -> str:
    """A text bar for a score on the scale."""
    filled = round((value - low) / (high - low) * width)
    return "█" * filled + "░" * (width - filled)


def fmt(value: Fraction) -> str:
    """A score shown with two decimals."""
    return f"{rounded(value):.2f}"


def result_view(result: Result, previous: Result | None = None) -> RenderableType:
    """The full result of one audit: scores with bars, total, verdict, weakest areas."""
    q = result.questionnaire
    _ = gettext_for(q.language)
    weak = {s.id for s in result.weakest}
    table = Table(title=escape(q.title), title_style="bold", expand=False)
    table.add_column(_("Section"))
    table.add_column(_("Score"), justify="right")
    table.add_column(f"{q.scale.low}–{q.scale.high}")
    if previous is not None:
        table.add_column(_("Change"), justify="right")
    prev = {s.section.id: s.score for s in previous.sections} if previous else {}
    for s in result.sections:
        style = "bold red" if s.section.id in weak else ""
        cells: list[RenderableType] = [
            Text(s.section.title + (" ◀" if s.section.id in weak else ""), style=style),
            Text(fmt(s.score), style=style),
            Text(
                bar(s.score, q.scale.low, q.scale.high),
                style="red" if s.section.id in weak else "cyan",
            ),
        ]
        if previous is not None:
            cells.append(
                Text(_signed(s.score - prev[s.section.id])) if s.section.id in prev else Text("")
            )
        table.add_row(*cells)
    total_line = Text.assemble(
        (_("Total") + ": ", "bold"),
        (f"{fmt(result.total)} / {q.max_total}", "bold"),
    )
    if previous is not None:
        total_line.append(
            f"  ({_signed(result.total - previous.total)} " + _("since the last audit") + ")"
        )
    verdict = Text.assemble(
        (result.band.label, band_style(q, result.band.id)), "\n", result.band.meaning
    )
    parts: list[RenderableType] = [
        table,
        total_line,
        Panel(verdict, title=_("Verdict"), expand=False),
    ]
    if result.weakest:
        blocks: list[RenderableType] = []
        for section in result.weakest:
            heading = f"{section.title} ({fmt(_score_of(result, section.id))})"
            blocks.append(Text(heading, style="bold red"))
            # A grid keeps wrapped advice lines under their bullet (a hanging indent).
            tips = Table.grid(padding=(0, 1))
            tips.add_column(width=3, justify="right")
            tips.add_column()
            for tip in section.advice:
                tips.add_row("•", Text(tip))
            blocks.append(tips)
        parts.append(Panel(Group(*blocks), title=_("Weakest areas and what to do"), expand=False))
    else:
        parts.append(Text(_("No weak areas: every section is at the top of the scale.")))
    return Group(*parts)


def _score_of(result: Result, section_id: str) -> Fraction:
    return next(s.score for s in result.sections if s.section.id == section_id)


def _signed(value: Fraction) -> str:
    return ("+" if value > 0 else "") + fmt(value)


def to_text(renderable: RenderableType, color: bool, width: int | None = None) -> str:
    """Render to a string (renderers return values; `cli` writes them)."""
    buffer = io.StringIO()
    console = SafeConsole(
        file=buffer, force_terminal=color, no_color=not color, width=width or 100, highlight=False
    )
    console.print(renderable)
    return buffer.getvalue()


class TableRenderer:
    """One row per respondent; a single respondent gets the full result view."""

    def __init__(
        self, questionnaire: Questionnaire, color: bool = False, width: int | None = None
    ) -> None:
        self.questionnaire = questionnaire
        self.color = color
        if width is None and color:
            import shutil

            width = shutil.get_terminal_size((100, 24)).columns
        self.width = width
        self._results: list[Result | InputError] = []

    def start(self) -> str:
        return ""

    def item(self, outcome: Result | InputError) -> str:
        self._results.append(outcome)
        return ""

    def end(self) -> str:
        scored = [r for r in self._results if isinstance(r, Result)]
        if not scored:
            return ""  # nothing was scored: the errors are on stderr already
        if len(self._results) == 1:
            return to_text(result_view(scored[0]), self.color, self.width)
        q = self.questionnaire
        _ = gettext_for(q.language)
        table = Table(expand=False)
        table.add_column(_("Source"))
        table.add_column(_("Respondent"))
        for section in q.sections:
            table.add_column(section.id, justify="right")
        table.add_column(_("Total"), justify="right")
        table.add_column(_("Band"))
        table.add_column(_("Weakest"))
        for outcome in self._results:
            if isinstance(outcome, InputError):
                where = (
                    _("{source} (row {row})").format(
                        source=outcome.source, row=outcome.location.row
                    )
                    if outcome.location.row
                    else outcome.source
                )
                table.add_row(
                    Text(where),
                    Text(_("not scored"), style="red"),
                    *[""] * len(q.sections),
                    "",
                    "",
                    "",
                )
                continue
            a = outcome.answers
            source = (
                _("{source} (row {row})").format(source=a.source, row=a.row) if a.row else a.source
            )
            table.add_row(
                Text(source),
                Text(a.respondent or ""),
                *[
                    Text(fmt(s.score), style="bold red" if s.section in outcome.weakest else "")
                    for s in outcome.sections
                ],
                Text(fmt(outcome.total), style="bold"),
                Text(outcome.band.label, style=band_style(q, outcome.band.id)),
                Text(", ".join(s.id for s in outcome.weakest)),
            )
        # Piped into a file, a wide table is better than one squeezed to 80 columns.
        return to_text(table, self.color, self.width or 200)

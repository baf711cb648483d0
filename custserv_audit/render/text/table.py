"""Rich terminal output: the result of one audit, and a table of many."""

from __future__ import annotations

import io
from fractions import Fraction

from rich.console import Group, RenderableType
from rich.constrain import Constrain
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ...errors import InputError
from ...i18n import gettext_for
from ...model import Questionnaire, Result
from ...norms.model import Norm, result_percentiles
from ..numbers import band_rank, score_text, signed
from .safe_console import SafeConsole, keep_together

BAND_STYLES = ("bold green", "bold yellow", "bold red", "bold magenta", "bold cyan")


def band_style(questionnaire: Questionnaire, band_id: str) -> str:
    """Colour of a band: the first (highest) band green, then yellow, then red."""
    return BAND_STYLES[min(band_rank(questionnaire, band_id), len(BAND_STYLES) - 1)]


def bar(value: Fraction, low: int, high: int, width: int = 20) -> str:
    """A text bar for a score on the scale."""
    filled = round((value - low) / (high - low) * width)
    return "█" * filled + "░" * (width - filled)


# The result never runs wider than this: long advice lines stay readable on wide terminals.
RESULT_WIDTH = 100


def result_view(
    result: Result, previous: Result | None = None, norm: Norm | None = None
) -> RenderableType:
    """The full result of one audit: scores with bars, total, verdict, weakest areas.

    Each area is coloured by the band its own score would give the total, so a
    weak area of a good audit is not painted alarm red.
    """
    from ..documents import section_band

    q = result.questionnaire
    lang = q.language
    _ = gettext_for(lang)
    weak = {s.id for s in result.weakest}
    table = Table(title=escape(q.title), title_style="bold", expand=False)
    if weak:
        table.caption = _("◀ the weakest sections; what to do about them is below")
        table.caption_justify = "left"
    table.add_column(_("Section"))
    table.add_column(_("Score"), justify="right")
    table.add_column(f"{q.scale.low}–{q.scale.high}")
    if previous is not None:
        table.add_column(_("Change"), justify="right")
    found = result_percentiles(norm, result) if norm is not None else None
    if found is not None:
        table.add_column(_("Percentile"), justify="right")
    prev = {s.section.id: s.score for s in previous.sections} if previous else {}
    for s in result.sections:
        colour = band_style(q, section_band(q, s.score).id)
        marked = s.section.id in weak
        cells: list[RenderableType] = [
            Text(
                s.section.title + (keep_together(" ◀") if marked else ""),
                style="bold" if marked else "",
            ),
            Text(score_text(s.score, lang), style=colour if marked else ""),
            Text(bar(s.score, q.scale.low, q.scale.high), style=colour.replace("bold ", "")),
        ]
        if previous is not None:
            cells.append(
                Text(signed(s.score - prev[s.section.id], lang))
                if s.section.id in prev
                else Text("")
            )
        if found is not None:
            cells.append(Text(percentile_text(dict(found.sections)[s.section.id], lang)))
        table.add_row(*cells)
    total_line = Text.assemble(
        (_("Total") + ": ", "bold"),
        (
            keep_together(f"{score_text(result.total, lang)} / {q.max_total}"),
            band_style(q, result.band.id),
        ),
    )
    if previous is not None:
        total_line.append(
            f"  ({signed(result.total - previous.total, lang)} " + _("since the last audit") + ")"
        )
    if found is not None and norm is not None:
        total_line.append(
            "  "
            + _("(percentile {value} among {count} respondents of the norm)").format(
                value=percentile_text(found.total, lang), count=norm.count
            )
        )
    verdict = Text.assemble(
        (result.band.label, band_style(q, result.band.id)), "\n", result.band.meaning
    )
    parts: list[RenderableType] = [
        table,
        total_line,
        _band_key(q),
        Panel(verdict, title=_("Band"), expand=False),
    ]
    parts.append(_advice(result))
    return Constrain(Group(*parts), RESULT_WIDTH)


def _band_key(q: Questionnaire) -> Text:
    """One line with every band's range: where the total stands."""
    from ..documents import band_range, ordered_bands

    _ = gettext_for(q.language)
    key = Text(_("Bands:") + " ", style="dim")
    for n, band in enumerate(ordered_bands(q)):
        if n:
            key.append(" · ", style="dim")
        key.append(band_range(band, _, q.language) + ": ", style="dim")
        key.append(band.label, style=band_style(q, band.id).replace("bold ", ""))
    return key


def _advice(result: Result) -> RenderableType:
    """The weakest areas with their advice; a flat profile gets one area to start with."""
    q = result.questionnaire
    _ = gettext_for(q.language)
    if not result.weakest:
        return Text(_("No weak sections: every section is at the top of the scale."))
    weakest = list(result.weakest)
    blocks: list[RenderableType] = []
    if len(weakest) == len(q.sections) > 1:
        blocks.append(
            Text(
                _(
                    "Every section has the same score, so none stands out; "
                    "start with the first and work down the list."
                )
            )
        )
        weakest = weakest[:1]
    for section in weakest:
        score = score_text(_score_of(result, section.id), q.language)
        blocks.append(Text(f"{section.title} ({score})", style="bold"))
        # A grid keeps wrapped advice lines under their bullet (a hanging indent).
        tips = Table.grid(padding=(0, 1))
        tips.add_column(width=3, justify="right")
        tips.add_column()
        for tip in section.advice:
            cell = Text(tip.text)
            if tip.source:
                cell.append("\n" + _("Source: {source}").format(source=tip.source), style="dim")
            tips.add_row("•", cell)
        blocks.append(tips)
    return Panel(Group(*blocks), title=_("Weakest sections and what to do"), expand=False)


def _score_of(result: Result, section_id: str) -> Fraction:
    return next(s.score for s in result.sections if s.section.id == section_id)


def to_text(renderable: RenderableType, color: bool, width: int | None = None) -> str:
    """Render to a string (renderers return values; `cli` writes them).

    `color` says the text goes to a terminal: then it is as wide as the terminal, else
    `width` or 100. Every table fits that width without a cut word or number, or is
    stacked (see `fit`).
    """
    buffer = io.StringIO()
    width = width or (terminal_width() if color else 100)
    console = SafeConsole(
        file=buffer,
        force_terminal=color,
        no_color=None if color else True,  # None: NO_COLOR in the environment decides
        width=width,
        highlight=False,
    )
    console.print(renderable)
    return buffer.getvalue()


class TableRenderer:
    """One row per respondent, printed as it is scored; a single respondent gets the full
    result view.

    Outcomes are held back only until the second one shows that this is a batch (and, so
    that a batch of rejected inputs prints nothing here, until one is scored); from then on
    each row is printed at once in a layout fixed by the width (see `batch_table`).
    """

    def __init__(
        self,
        questionnaire: Questionnaire,
        color: bool = False,
        width: int | None = None,
        norm: Norm | None = None,
    ) -> None:
        from .batch_table import RowWriter, choose_layout

        self.questionnaire = questionnaire
        self.norm = norm
        self.color = color
        if width is None:
            width = terminal_width() if color else _columns()
        self.width = width
        percentile = self._percentile if norm is not None else None
        # Piped into a file, a wide table is better than one squeezed to 80 columns.
        layout = choose_layout(questionnaire, width or 200, percentile=percentile is not None)
        self.rows = RowWriter(questionnaire, layout, color, percentile)
        self._held: list[Result | InputError] = []
        self._streaming = False

    def start(self) -> str:
        return ""

    def item(self, outcome: Result | InputError) -> str:
        if self._streaming:
            return self.rows.row(outcome)
        self._held.append(outcome)
        if len(self._held) < 2 or not any(isinstance(o, Result) for o in self._held):
            return ""
        self._streaming = True
        held, self._held = self._held, []
        return self.rows.header() + "".join(self.rows.row(o) for o in held)

    def end(self) -> str:
        if self._streaming or len(self._held) != 1 or not isinstance(self._held[0], Result):
            return ""  # a batch is printed already; nothing scored: the errors are on stderr
        return to_text(result_view(self._held[0], norm=self.norm), self.color, self.width)

    def _percentile(self, result: Result) -> str:
        """The total's percentile in the norm (the renderer has one when this is called)."""
        assert self.norm is not None
        value = result_percentiles(self.norm, result).total
        return percentile_text(value, self.questionnaire.language)


def percentile_text(value: Fraction | None, lang: str) -> str:
    """A percentile with one decimal (decimal comma in fi and sk)."""
    from ...norms.model import shown_percentile
    from ..numbers import localise

    shown = shown_percentile(value)
    return "–" if shown is None else localise(f"{shown:.1f}", lang)


def _columns() -> int | None:
    """COLUMNS, when set to a width (for output that is not a terminal)."""
    import os

    value = os.environ.get("COLUMNS", "")
    return int(value) if value.isdigit() and int(value) > 0 else None


def terminal_width() -> int:
    """The terminal's width (COLUMNS when set), 100 when it cannot be told."""
    import shutil

    return shutil.get_terminal_size((100, 24)).columns

"""The summary as Rich tables: overall, then one table per group, then where to start."""

from __future__ import annotations

from fractions import Fraction

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ...i18n import gettext_for
from ...summary import NO_GROUP, GroupSummary, Stats, Summary, SummaryBuilder, rounded_stdev
from ..base import Renderer, SummaryRenderer
from .table import band_style, fmt, to_text

DASH = "–"


def _show(value: Fraction | None) -> str:
    return DASH if value is None else fmt(value)


def _sd(variance: Fraction | None) -> str:
    return DASH if variance is None else f"{rounded_stdev(variance):.2f}"


def _cells(stats: Stats) -> list[str]:
    return [_show(stats.mean), _show(stats.minimum), _show(stats.maximum), _sd(stats.variance)]


def group_table(summary: Summary, group: GroupSummary, title: str) -> Table:
    """Mean, min, max and sample SD of every section and of the total; notes on the flagged ones."""
    q = summary.questionnaire
    _ = gettext_for(q.language)
    table = Table(title=escape(title), title_style="bold", title_justify="left", expand=False)
    table.add_column(_("Section"))
    for name in (_("Mean"), _("Min"), _("Max"), _("SD")):
        table.add_column(name, justify="right")
    table.add_column(_("Note"))
    weak = {s.id for s in group.weakest}
    spread = {s.id for s in group.largest_spread}
    for s in group.sections:
        notes = []
        if s.section.id in weak:
            notes.append(_("weakest on average"))
        if s.section.id in spread:
            notes.append(_("largest spread"))
        style = "bold red" if s.section.id in weak else ""
        table.add_row(
            Text(s.section.title, style=style),
            *(Text(c, style=style) for c in _cells(s.stats)),
            Text(", ".join(notes), style="yellow" if s.section.id in spread else style),
        )
    table.add_section()
    table.add_row(
        Text(_("Total"), style="bold"), *(Text(c, style="bold") for c in _cells(group.total)), ""
    )
    return table


def band_line(summary: Summary, group: GroupSummary) -> Text:
    """How many respondents fall in each band, zero included."""
    q = summary.questionnaire
    line = Text()
    for i, b in enumerate(group.bands):
        if i:
            line.append("  ·  ")
        line.append(b.band.label, style=band_style(q, b.band.id))
        line.append(f": {b.count}")
    return line


def group_name(summary: Summary, group: GroupSummary) -> str:
    """The shown name of a group; respondents without the field are "(none)"."""
    _ = gettext_for(summary.questionnaire.language)
    return _("(none)") if group.group == NO_GROUP else group.group


def summary_view(summary: Summary) -> RenderableType:
    """The overall table and bands, each group's, then the spreads to discuss first."""
    _ = gettext_for(summary.questionnaire.language)
    parts: list[RenderableType] = []
    title = _("Summary: {count} scored, {rejected} rejected").format(
        count=summary.count, rejected=summary.rejected
    )
    parts += [group_table(summary, summary.overall, title), band_line(summary, summary.overall)]
    for group in summary.groups:
        title = _("{field} = {group}: {count} scored").format(
            field=summary.group_by, group=group_name(summary, group), count=group.count
        )
        parts += [Text(""), group_table(summary, group, title), band_line(summary, group)]
    if summary.group_by is not None:
        spread = Text()
        for group in summary.groups:
            if not group.largest_spread:
                continue
            variance = {s.section.id: s.stats.variance for s in group.sections}
            names = ", ".join(
                _("{title} (SD {sd})").format(title=s.title, sd=_sd(variance[s.id]))
                for s in group.largest_spread
            )
            if spread:
                spread.append("\n")
            spread.append(group_name(summary, group) + ": ", style="bold")
            spread.append(names)
        body = spread if spread else Text(_("No group has two or more respondents who disagree."))
        parts += [
            Text(""),
            Panel(
                body,
                title=_("Where respondents disagree most (start the workshop here)"),
                expand=False,
            ),
        ]
    return Group(*parts)


class TableSummaryRenderer(SummaryRenderer):
    """The results table (unless summary only), then the summary tables."""

    def __init__(
        self,
        builder: SummaryBuilder,
        results: Renderer | None,
        color: bool = False,
        width: int | None = None,
    ) -> None:
        super().__init__(builder, results)
        self.color = color
        self.width = width

    def end(self) -> str:
        head = self.results.end() + "\n" if self.results else ""
        return head + to_text(summary_view(self.builder.finish()), self.color, self.width)

"""The summary as Rich tables: overall, then one table per group, then where to start."""

from __future__ import annotations

from fractions import Fraction

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ...i18n import gettext_for
from ...norms.model import Norm
from ...stats.figures import MIN_RELIABILITY_COUNT, Interval, Reason
from ...stats.quality import QualityFlag, long_string_length
from ...summary import NO_GROUP, GroupSummary, Summary, SummaryBuilder, rounded_stdev
from ..base import Renderer, SummaryRenderer
from ..dates import date_text
from ..numbers import localise, score_text
from .safe_console import keep_percent, keep_together
from .table import band_style, percentile_text, to_text

DASH = "–"


def _show(value: Fraction | None, lang: str) -> str:
    return DASH if value is None else score_text(value, lang)


def _sd(variance: Fraction | None, lang: str) -> str:
    return DASH if variance is None else localise(f"{rounded_stdev(variance):.2f}", lang)


def _ci(interval: Interval | None, lang: str) -> str:
    if interval is None:
        return DASH
    return localise(f"{interval.low:.2f}{DASH}{interval.high:.2f}", lang)


def _two(value: float | Fraction | None, lang: str) -> str:
    return DASH if value is None else localise(f"{value:.2f}", lang)


def _percent(share: Fraction | None) -> str:
    return DASH if share is None else keep_together(f"{round(float(share) * 100)} %")


def group_table(summary: Summary, group: GroupSummary, title: str) -> Table:
    """Every section's and the total's mean with its 95 % interval, spread and reliability."""
    q = summary.questionnaire
    _ = gettext_for(q.language)
    figures = group.figures
    table = Table(title=escape(title), title_style="bold", title_justify="left", expand=False)
    # Wide enough for the longest word of a section title: titles wrap, never cut mid-word.
    longest = max((len(w) for g in group.sections for w in g.section.title.split()), default=0)
    table.add_column(_("Section"), min_width=min(longest, 24))
    table.add_column(_("Mean"), justify="right")
    table.add_column(keep_percent(_("95 % CI")), justify="right")
    for name in (_("SD"), _("Spread"), _("Alpha")):
        table.add_column(name, justify="right")
    found = summary.percentiles(group)
    if found is not None:
        table.add_column(_("Percentile"), justify="right")
    table.add_column(_("Note"))
    weak = {s.id for s in group.weakest}
    spread = {s.id for s in group.largest_spread}
    spreads = figures.disagreement.sections if figures.disagreement else ()
    for i, s in enumerate(group.sections):
        detail = figures.sections[i]
        notes = []
        if s.section.id in weak:
            notes.append(_("weakest on average"))
        if s.section.id in spread:
            within = figures.disagreement is not None and figures.disagreement.within_noise
            notes.append(_("largest spread (within noise)") if within else _("largest spread"))
        if detail.crossed:
            notes.append(_("could be either band"))
        style = "bold red" if s.section.id in weak else ""
        mean, sd = _show(s.stats.mean, q.language), _sd(s.stats.variance, q.language)
        typical = spreads[i].spread if spreads else None
        alpha = detail.reliability.alpha
        cells = [
            mean,
            _ci(detail.interval, q.language),
            sd,
            _two(typical, q.language),
            _two(alpha, q.language),
        ]
        if found is not None:
            cells.append(percentile_text(found.sections[i][1], q.language))
        table.add_row(
            Text(s.section.title, style=style),
            *(Text(c, style=style) for c in cells),
            Text(", ".join(notes), style="yellow" if s.section.id in spread else style),
        )
    table.add_section()
    mean, sd = _show(group.total.mean, q.language), _sd(group.total.variance, q.language)
    note = _("could be either band") if figures.total_crossed else ""
    extra = [] if found is None else [Text(percentile_text(found.total, q.language), style="bold")]
    table.add_row(
        Text(_("Total"), style="bold"),
        *(Text(c, style="bold") for c in (mean, _ci(figures.total_interval, q.language), sd)),
        "",
        "",
        *extra,
        Text(note, style="yellow"),
    )
    return table


def norm_line(norm: Norm, lang: str) -> Text:
    """What the percentiles are measured against: the norm's size and dates."""
    _ = gettext_for(lang)
    text = _("Percentiles: where a score stands among the {count} respondents of the norm").format(
        count=norm.count
    )
    if norm.first_date is not None:
        text += " " + _("({first} to {last})").format(
            first=date_text(norm.first_date, lang), last=date_text(norm.last_date, lang)
        )
    if not norm.trusted:
        text += "; " + _("a small norm: read the percentiles as a rough guide")
    return Text(text, style="dim")


def band_line(summary: Summary, group: GroupSummary) -> Text:
    """How many respondents fall in each band and their share, zero included."""
    q = summary.questionnaire
    shares = {b.band: b.share for b in group.figures.bands}
    line = Text()
    for i, b in enumerate(group.bands):
        if i:
            line.append("  ·  ")
        line.append(b.band.label, style=band_style(q, b.band.id))
        line.append(f": {b.count} ({_percent(shares.get(i))})")
    return line


def lowest_table(summary: Summary, group: GroupSummary) -> Table | None:
    """The statements rated lowest, with the shares at the bottom and top of the scale."""
    q = summary.questionnaire
    _ = gettext_for(q.language)
    if not group.figures.lowest:
        return None
    low, high = q.scale.low, q.scale.high
    bottom, top = f"{low}{DASH}{low + 1}", f"{high - 1}{DASH}{high}"
    table = Table(
        title=_("Lowest statements (share rating {bottom} and {top})").format(
            bottom=bottom, top=top
        ),
        title_justify="left",
        expand=False,
    )
    table.add_column(_("Statement"), ratio=1)
    table.add_column(_("Mean"), justify="right")
    table.add_column(bottom, justify="right")
    table.add_column(top, justify="right")
    for st in group.figures.lowest:
        item = q.sections[st.section].items[st.item]
        table.add_row(
            Text(f"{item.id} {item.text}"),
            _show(st.mean, q.language),
            _percent(st.bottom_share),
            _percent(st.top_share),
        )
    return table


def flag_name(summary: Summary, flag: QualityFlag) -> str:
    """The translated name of a response-quality flag."""
    _ = gettext_for(summary.questionnaire.language)
    if flag is QualityFlag.STRAIGHT_LINE:
        return _("the same rating for every statement")
    if flag is QualityFlag.LONG_STRING:
        return _("one rating for {count} or more statements in a row").format(
            count=long_string_length(summary.questionnaire.item_count)
        )
    return _("two ratings taking turns throughout")


def quality_line(summary: Summary, group: GroupSummary) -> Text | None:
    """The response patterns worth a follow-up (they never change a score); None if none."""
    _ = gettext_for(summary.questionnaire.language)
    flagged = [t for t in group.figures.quality if t.count]
    if not flagged:
        return None
    line = Text(_("Answer patterns to follow up (scores are unchanged):"), style="bold")
    for tally in flagged:
        who = [
            e.respondent or (f"{e.source}:{e.row}" if e.row is not None else e.source)
            for e in tally.examples
        ]
        more = tally.count - len(who)
        names = ", ".join(who) + (f", … (+{more})" if more > 0 else "")
        line.append(f"\n  {flag_name(summary, tally.flag)}: {tally.count}")
        if names:
            line.append(f" — {names}", style="dim")
    return line


def reliability_note(summary: Summary, group: GroupSummary) -> Text | None:
    """Why alpha is missing, when it is missing for lack of respondents."""
    _ = gettext_for(summary.questionnaire.language)
    reasons = {d.reliability.reason for d in group.figures.sections}
    if Reason.TOO_FEW_RESPONDENTS not in reasons:
        return None
    return Text(
        _("Alpha (reliability) and the spread check need at least {count} respondents.").format(
            count=MIN_RELIABILITY_COUNT
        ),
        style="dim",
    )


def group_name(summary: Summary, group: GroupSummary) -> str:
    """The shown name of a group; respondents without the field are "(none)"."""
    _ = gettext_for(summary.questionnaire.language)
    return _("(none)") if group.group == NO_GROUP else group.group


def group_parts(summary: Summary, group: GroupSummary, title: str) -> list[RenderableType]:
    """The table, bands, lowest statements, reliability note and quality flags of one group."""
    parts: list[RenderableType] = [group_table(summary, group, title), band_line(summary, group)]
    for extra in (
        lowest_table(summary, group),
        reliability_note(summary, group),
        quality_line(summary, group),
    ):
        if extra is not None:
            parts.append(extra)
    return parts


def disagreement_panel(summary: Summary) -> Panel:
    """Per group, where respondents disagree most, or why that cannot be told."""
    _ = gettext_for(summary.questionnaire.language)
    body = Text()
    for group in summary.groups:
        dis = group.figures.disagreement
        if dis is None:
            continue
        if body:
            body.append("\n")
        body.append(group_name(summary, group) + ": ", style="bold")
        if not dis.named:
            body.append(
                _("too few respondents to tell")
                if dis.reason is Reason.TOO_FEW_RESPONDENTS
                else _("they agree")
            )
            continue
        body.append(
            ", ".join(
                _("{title} (SD {sd})").format(
                    title=summary.questionnaire.sections[i].title,
                    sd=_two(dis.sections[i].spread, summary.questionnaire.language),
                )
                for i in dis.named
            )
        )
        if dis.within_noise:
            body.append(" " + _("(within noise: no section stands out beyond chance)"), style="dim")
    if not body:
        body = Text(_("No group has two or more respondents who disagree."))
    return Panel(
        body, title=_("Where respondents disagree most (start the workshop here)"), expand=False
    )


def summary_view(summary: Summary) -> RenderableType:
    """The overall table and bands, each group's, then the spreads to discuss first."""
    _ = gettext_for(summary.questionnaire.language)
    title = _("Summary: {count} scored, {rejected} rejected").format(
        count=summary.count, rejected=summary.rejected
    )
    parts = group_parts(summary, summary.overall, title)
    if summary.norm is not None:
        parts.insert(1, norm_line(summary.norm, summary.questionnaire.language))
    for group in summary.groups:
        parts.append(Text(""))
        if not group.shown:
            parts.append(
                Text(
                    _(
                        "{field} = {group}: {count} scored; figures withheld "
                        "(groups under {min} respondents are not shown)"
                    ).format(
                        field=summary.group_by,
                        group=group_name(summary, group),
                        count=group.count,
                        min=summary.min_group,
                    ),
                    style="bold",
                )
            )
            continue
        title = _("{field} = {group}: {count} scored").format(
            field=summary.group_by, group=group_name(summary, group), count=group.count
        )
        parts += group_parts(summary, group, title)
    if summary.group_by is not None:
        parts += [Text(""), disagreement_panel(summary)]
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

"""Two waves compared as Rich tables: everyone, then each group; the change and its noise."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ...comparison import WaveComparison, WaveGroup
from ...i18n import gettext_for
from ...stats.change import Change
from ...summary import NO_GROUP
from ..numbers import localise, score_text, signed
from .safe_console import keep_percent, keep_together

DASH = "–"


def _interval(change: Change, lang: str) -> str:
    if change.low is None or change.high is None:
        return DASH
    # One token: an interval is never split across lines.
    return keep_together(localise(f"{change.low:+.2f} … {change.high:+.2f}", lang))


def _verdict(change: Change, lang: str) -> Text:
    _ = gettext_for(lang)
    beyond = change.beyond_noise
    if beyond is None:
        return Text(_("too few respondents to tell"), style="dim")
    if not beyond:
        return Text(_("within the noise"), style="dim")
    return Text(
        _("improved") if change.difference > 0 else _("declined"),
        style="bold green" if change.difference > 0 else "bold red",
    )


def group_table(group: WaveGroup, title: str, lang: str) -> Table:
    """Each section's and the total's mean in both waves, the change and its interval."""
    _ = gettext_for(lang)
    table = Table(title=title, title_justify="left", expand=False)
    table.add_column(_("Section"))
    table.add_column(_("Before"), justify="right")
    table.add_column(_("After"), justify="right")
    table.add_column(_("Change"), justify="right")
    table.add_column(keep_percent(_("95 % CI")), justify="right")
    table.add_column("")
    rows = [(s.title, c, "") for s, c in group.sections]
    if group.total is not None:
        rows.append((_("Total"), group.total, "bold"))
    for label, change, style in rows:
        table.add_row(
            Text(label, style=style),
            score_text(change.before, lang),
            score_text(change.after, lang),
            signed(change.difference, lang),
            _interval(change, lang),
            _verdict(change, lang),
        )
    return table


def waves_view(waves: WaveComparison, before_ref: str, after_ref: str) -> RenderableType:
    """Everyone first, then one table per group (withheld groups by their counts only)."""
    lang = waves.questionnaire.language
    _ = gettext_for(lang)
    parts: list[RenderableType] = [
        Text(
            _("Waves compared: {before} ({n1} scored) and {after} ({n2} scored)").format(
                before=before_ref,
                n1=waves.overall.before_count,
                after=after_ref,
                n2=waves.overall.after_count,
            ),
            style="bold",
        )
    ]
    rejected = waves.before_rejected + waves.after_rejected
    if rejected:
        parts.append(Text(_("Rejected inputs: {count} (see above).").format(count=rejected)))
    parts.append(group_table(waves.overall, _("Everyone"), lang))
    for group in waves.groups:
        name = _("(none)") if group.name == NO_GROUP else group.name
        counts = {"field": waves.group_by, "group": name}
        counts.update(n1=str(group.before_count), n2=str(group.after_count))
        if not group.shown:
            parts.append(
                Text(
                    _(
                        "{field} = {group}: {n1} and {n2} scored; figures withheld "
                        "(groups under {min} respondents in a wave are not shown)"
                    ).format(min=waves.min_group, **counts),
                    style="bold",
                )
            )
            continue
        title = _("{field} = {group}: {n1} and {n2} scored").format(**counts)
        parts.append(group_table(group, title, lang))
    parts.append(
        Text(
            _(
                "The interval (95 % CI) is Welch's interval of the difference of the means; "
                "a change is beyond the noise when its interval leaves out zero."
            ),
            style="dim",
        )
    )
    return Group(*parts)

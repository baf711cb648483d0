"""Rich terminal views of the audit history (with trend sparklines) and of a comparison."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from fractions import Fraction

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from ...comparison import Comparison, Series
from ...i18n import gettext_for
from ...model import Questionnaire
from ..dates import date_text
from ..numbers import score_text
from ..numbers import signed as signed_number
from .safe_console import keep_together
from .table import band_style

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[Fraction | None], low: int, high: int) -> str:
    """One block per value on the fixed range low..high, so a small change looks small.

    A missing value is a space.
    """
    out = []
    for value in values:
        if value is None:
            out.append(" ")
            continue
        share = (value - low) / (high - low) if high > low else Fraction(1)
        share = min(max(share, Fraction(0)), Fraction(1))
        out.append(SPARKS[round(share * (len(SPARKS) - 1))])
    return "".join(out)


def _date(value: dt.date | str | None, lang: str) -> str:
    """A date as `lang` writes it, never split across lines ("15. 11. 2026")."""
    return keep_together(date_text(value, lang))


def signed(value: Fraction | None, lang: str) -> str:
    """A change with its sign, two decimals; empty when there is none."""
    return "" if value is None else signed_number(value, lang)


def _change_style(value: Fraction | None) -> str:
    if value is None or value == 0:
        return ""
    return "green" if value > 0 else "red"


def matches(questionnaire: Questionnaire | None, questionnaire_id: str, fingerprint: str) -> bool:
    """True when the questionnaire in use is the one the records were taken with."""
    return questionnaire is not None and questionnaire.is_the_one(questionnaire_id, fingerprint)


def history_view(
    series: Sequence[Series], questionnaire: Questionnaire | None, lang: str
) -> RenderableType:
    """Every respondent's audits in date order, then each section's trend.

    Section titles and band labels come from `questionnaire` when the records
    were taken with it; otherwise their ids are shown.
    """
    _ = gettext_for(lang)
    parts: list[RenderableType] = []
    for one in series:
        last = one.records[-1]
        known = matches(questionnaire, one.questionnaire, last.fingerprint)
        q = questionnaire if known else None
        titles = {s.id: s.title for s in q.sections} if q else {}
        bands = {b.id: b for b in q.bands} if q else {}
        heading = Text.assemble(
            (one.respondent, "bold"), " — ", q.title if q else one.questionnaire
        )
        parts.append(heading)

        audits = Table(title=_("Audits"), title_justify="left", expand=False)
        audits.add_column("#", justify="right")
        audits.add_column(_("Date"))
        audits.add_column(_("Total"), justify="right")
        audits.add_column(_("Change"), justify="right")
        audits.add_column(_("Band"))
        assumed = False
        for index, record in enumerate(one.records):
            change = one.change(index)
            band = bands.get(record.band)
            assumed = assumed or record.date_assumed
            audits.add_row(
                str(record.id),
                _date(record.date, lang) + (" *" if record.date_assumed else ""),
                Text(score_text(record.total, lang), style="bold"),
                Text(signed(change, lang), style=_change_style(change)),
                Text(band.label, style=band_style(q, band.id)) if q and band else Text(record.band),
            )
        parts.append(audits)
        if assumed:
            parts.append(Text(_("* the answers had no date; the date of recording is shown")))

        trend = Table(title=_("Trend by section"), title_justify="left", expand=False)
        trend.add_column(_("Section"))
        trend.add_column(_("Trend"))
        trend.add_column(_("First"), justify="right")
        trend.add_column(_("Latest"), justify="right")
        trend.add_column(_("Change"), justify="right")
        low, high = last.scale_low, last.scale_high
        for section_id in one.section_ids:
            values = one.scores(section_id)
            present = [v for v in values if v is not None]
            change = present[-1] - present[0] if len(present) > 1 else None
            trend.add_row(
                escape(titles.get(section_id, section_id)),
                Text(sparkline(values, low, high), style="cyan"),
                score_text(present[0], lang),
                score_text(present[-1], lang),
                Text(signed(change, lang), style=_change_style(change)),
            )
        totals = one.totals
        count = len(one.section_ids)
        total_change = totals[-1] - totals[0] if len(totals) > 1 else None
        trend.add_row(
            Text(_("Total"), style="bold"),
            Text(sparkline(totals, low * count, high * count), style="bold cyan"),
            score_text(totals[0], lang),
            Text(score_text(totals[-1], lang), style="bold"),
            Text(signed(total_change, lang), style=_change_style(total_change)),
        )
        parts.append(trend)
        parts.append(Text(""))
    return Group(*parts)


def compare_heading(comparison: Comparison) -> str:
    """Which audits are compared, as plain lines: a long path is never wrapped or cut."""
    q = comparison.after.questionnaire
    _ = gettext_for(q.language)
    lines = []
    for label, result in ((_("Before:"), comparison.before), (_("After:"), comparison.after)):
        a = result.answers
        bits = [
            a.respondent or "",
            date_text(a.date, q.language),
            f"({a.source})" if a.source else "",
        ]
        lines.append(" ".join([label, *(b for b in bits if b)]))
    return "\n".join(lines) + "\n"


def compare_view(comparison: Comparison) -> RenderableType:
    """Each section before and after with the change, the total and band change, the movers.

    `compare_heading` says which two audits these are.
    """
    before, after = comparison.before, comparison.after
    q = after.questionnaire
    lang = q.language
    _ = gettext_for(lang)
    table = Table(title=escape(q.title), title_style="bold", expand=False)
    table.add_column(_("Section"))
    table.add_column(_("Before"), justify="right")
    table.add_column(_("After"), justify="right")
    table.add_column(_("Change"), justify="right")
    for c in comparison.sections:
        table.add_row(
            escape(c.section.title),
            score_text(c.before, lang),
            score_text(c.after, lang),
            Text(signed(c.change, lang), style=_change_style(c.change)),
        )
    change = comparison.total_change
    table.add_row(
        Text(_("Total"), style="bold"),
        Text(score_text(before.total, lang), style="bold"),
        Text(score_text(after.total, lang), style="bold"),
        Text(signed(change, lang), style="bold " + _change_style(change)),
    )
    if comparison.band_changed:
        band_line = Text.assemble(
            (_("Band") + ": ", "bold"),
            (before.band.label, band_style(q, before.band.id)),
            " → ",
            (after.band.label, band_style(q, after.band.id)),
        )
    else:
        band_line = Text.assemble(
            (_("Band") + ": ", "bold"),
            (after.band.label, band_style(q, after.band.id)),
            " " + _("(unchanged)"),
        )
    none = _("none")
    improved = ", ".join(s.title for s in comparison.most_improved) or none
    declined = ", ".join(s.title for s in comparison.most_declined) or none
    return Group(
        table,
        band_line,
        Text.assemble((_("Most improved") + ": ", "bold green"), improved),
        Text.assemble((_("Most declined") + ": ", "bold red"), declined),
    )


def respondents_view(
    series: Sequence[Series], questionnaire: Questionnaire | None, lang: str
) -> RenderableType:
    """One row per respondent: how many audits, the latest total and band, the trend."""
    _ = gettext_for(lang)
    table = Table(expand=False)
    table.add_column(_("Respondent"))
    table.add_column(_("Audits"), justify="right")
    table.add_column(_("First"))
    table.add_column(_("Latest"))
    table.add_column(_("Total"), justify="right")
    table.add_column(_("Change"), justify="right")
    table.add_column(_("Trend"))
    table.add_column(_("Band"))
    for one in series:
        last = one.records[-1]
        q = questionnaire if matches(questionnaire, one.questionnaire, last.fingerprint) else None
        band = next((b for b in q.bands if b.id == last.band), None) if q else None
        count = len(one.section_ids)
        change = one.change(len(one.records) - 1)
        name = one.respondent if q else f"{one.respondent} ({one.questionnaire})"
        table.add_row(
            escape(name),
            str(len(one.records)),
            _date(one.records[0].date, lang),
            _date(last.date, lang),
            Text(score_text(last.total, lang), style="bold"),
            Text(signed(change, lang), style=_change_style(change)),
            Text(
                sparkline(one.totals, last.scale_low * count, last.scale_high * count),
                style="cyan",
            ),
            Text(band.label, style=band_style(q, band.id)) if q and band else Text(last.band),
        )
    return table

"""The team report as format-neutral blocks: what every page says, with numbers already written.

`team_blocks` turns a `Summary` (the same object `score --summary` prints) into a
list of blocks (headings, texts, key figures, a total gauge, band shares, a radar
chart, shaded tables, bullet lists, page breaks); `team_pdf` and `team_html` only
draw them. Every figure is the summary's own, rounded as in its JSON (means half up
to two decimals, intervals to two decimals, shares to whole percents), so the
report and `score --summary --format json` always agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from fractions import Fraction

from ...i18n import gettext_for
from ...model import Questionnaire
from ...norms.model import shown_percentile
from ...stats.figures import Interval, Reason
from ...summary import NO_GROUP, GroupSummary, Summary
from ..dates import date_text
from ..numbers import localise, number, score_text
from . import band_colour, ordered_bands, section_band, section_thresholds
from .charts import Axis, Tick, Zone, band_strip

# --- blocks ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 (the report's title), 2 (a part) or 3."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Para:
    """A paragraph; `tone` is body, muted or small."""

    text: str
    tone: str = "body"


@dataclass(frozen=True)
class Facts:
    """Key figures side by side: (label, value) pairs."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Gauge:
    """The mean total with its 95 % interval on the strip of totals (the shared band zones and
    ticks of `charts`)."""

    axis: Axis
    zones: tuple[Zone, ...]
    ticks: tuple[Tick, ...]
    mean: Fraction | None
    ci: tuple[float, float] | None
    caption: str


@dataclass(frozen=True)
class Share:
    """One band's count and share of respondents."""

    label: str
    count: int
    percent: int
    colour: str


@dataclass(frozen=True)
class BandShares:
    """A stacked bar of the band shares with its key."""

    shares: tuple[Share, ...]


@dataclass(frozen=True)
class Series:
    """One line of the radar chart: a value per axis (None where unknown)."""

    name: str
    values: tuple[float | None, ...]
    colour: str
    dashed: bool = False
    filled: bool = False


@dataclass(frozen=True)
class Radar:
    """A spider chart of section means: one axis per section, rings at whole points."""

    axes: tuple[str, ...]
    low: int
    high: int
    rings: tuple[tuple[float, str], ...]
    """Band thresholds at the pace of one section, with their colour."""
    series: tuple[Series, ...]
    compact: bool = False
    """A group page's chart: a deliberately smaller radius (five sixths of the overall one)."""
    shares: BandShares | None = None
    """On a group's page, the band shares, drawn beside the chart under its key."""
    shares_title: str = ""


@dataclass(frozen=True)
class Cell:
    """A table cell: its text, a background colour, bold or not, right-aligned or not."""

    text: str
    fill: str | None = None
    bold: bool = False
    number: bool = False


@dataclass(frozen=True)
class Grid:
    """A table: a header row and rows of cells; `widths` are shares of the text width."""

    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]
    note: str = ""


@dataclass(frozen=True)
class Bullets:
    """A list: each item a text and an optional source line."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class PageBreak:
    """The next block starts a new page."""


Block = Heading | Para | Facts | Gauge | BandShares | Radar | Grid | Bullets | PageBreak

# --- radar geometry, shared by the PDF and the SVG ------------------------------------


def radar_point(index: int, axes: int, fraction: float, radius: float) -> tuple[float, float]:
    """Where `fraction` (0 at the centre, 1 at the rim) of axis `index` lies, relative to the
    centre, y upwards: the first axis points up, the others follow clockwise."""
    angle = math.pi / 2 - 2 * math.pi * index / axes
    return fraction * radius * math.cos(angle), fraction * radius * math.sin(angle)


def radar_fraction(value: float, low: int, high: int) -> float:
    """A value's distance from the centre: the bottom of the scale at the centre."""
    return (value - low) / (high - low)


# --- colours ----------------------------------------------------------------------------

THIS_WAVE = "#1f4e79"
PREVIOUS_WAVE = "#9e9e9e"
NORM = "#00838f"
GROUP_ALL = "#7a9cc6"
NO_DATA = "#f3f3f3"


def score_fill(q: Questionnaire, mean: Fraction | None) -> str | None:
    """The tint of a section mean: the band a total would fall in at that pace."""
    if mean is None:
        return None
    return band_colour(q, section_band(q, mean).id, tint=True)


def total_fill(q: Questionnaire, mean: Fraction | None) -> str | None:
    """The tint of a mean total: its band."""
    if mean is None:
        return None
    from ...scoring import band_for

    return band_colour(q, band_for(q.bands, mean).id, tint=True)


# --- the report ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamReport:
    """What the team report shows: this wave's summary, and what it is set against."""

    summary: Summary
    previous: Summary | None = None
    previous_label: str = ""
    rejected_sources: tuple[str, ...] = field(default=())


def _two(value: float, lang: str) -> str:
    return localise(f"{round(value, 2):.2f}", lang)


def _interval(interval: Interval | None, lang: str) -> str:
    if interval is None:
        return "–"
    return f"{_two(interval.low, lang)}–{_two(interval.high, lang)}"


def _percent(share: Fraction | None) -> int:
    """A share as a whole percent, from the four-decimal proportion JSON gives."""
    return 0 if share is None else round(round(float(share), 4) * 100)


def _mean(value: Fraction | None, lang: str) -> str:
    return "–" if value is None else score_text(value, lang)


def _percentile(value: Fraction | None, lang: str) -> str:
    shown = shown_percentile(value)
    return "–" if shown is None else localise(f"{shown:.1f}", lang)


class _Builder:
    """Builds the blocks of one report in one language."""

    def __init__(self, report: TeamReport) -> None:
        self.report = report
        self.summary = report.summary
        self.q = report.summary.questionnaire
        self.lang = self.q.language
        self._ = gettext_for(self.lang)

    def name(self, group: GroupSummary) -> str:
        return self._("(none)") if group.group == NO_GROUP else group.group

    # -- overview ---------------------------------------------------------------------

    def overview(self) -> list[Block]:
        _, s = self._, self.summary
        overall = s.overall
        facts = [
            (_("Respondents"), str(s.count)),
            (_("Mean total"), f"{_mean(overall.total.mean, self.lang)} / {self.q.max_total}"),
            (_("95 % CI"), _interval(overall.figures.total_interval, self.lang)),
        ]
        if s.group_by is not None:
            facts.append((_("Groups"), str(len(s.groups))))
        if s.rejected:
            facts.append((_("Not scored"), str(s.rejected)))
        blocks: list[Block] = [
            Heading(_("Team report"), 1),
            Para(self.q.title, "muted"),
            Facts(tuple(facts)),
        ]
        if not overall.shown or overall.total.mean is None:
            blocks.append(Para(_("No respondent could be scored.")))
            return blocks
        blocks += [
            Heading(_("Where the organisation stands")),
            self.gauge(overall),
            Para(self.total_sentence(overall)),
            Heading(_("Respondents by band"), 3),
            self.band_shares(overall),
            Heading(_("Section profile")),
            self.radar(overall, with_history=True),
            Para(self.radar_note(), "small"),
        ]
        return blocks

    def total_sentence(self, group: GroupSummary) -> str:
        _ = self._
        figures = group.figures
        mean = _mean(group.total.mean, self.lang)
        interval = _interval(figures.total_interval, self.lang)
        if figures.total_interval is None:
            return _("The mean total is {mean}.").format(mean=mean)
        text = _(
            "The mean total is {mean}; the true mean lies between {interval} (95 % CI)."
        ).format(mean=mean, interval=interval)
        if figures.total_crossed:
            text += " " + _(
                "That range holds a band threshold, so the data cannot tell which band the "
                "organisation is in: it could be either band."
            )
        return text

    def gauge(self, group: GroupSummary) -> Gauge:
        axis, zones, ticks = band_strip(self.q, self.lang, ordered_bands(self.q))
        interval = group.figures.total_interval
        return Gauge(
            axis=axis,
            zones=zones,
            ticks=ticks,
            mean=group.total.mean,
            ci=None if interval is None else (round(interval.low, 2), round(interval.high, 2)),
            caption=self._("Mean total {mean}, 95 % CI {interval}").format(
                mean=_mean(group.total.mean, self.lang), interval=_interval(interval, self.lang)
            ),
        )

    def band_shares(self, group: GroupSummary) -> BandShares:
        shares = {b.band: b.share for b in group.figures.bands}
        ordered = {b.id: i for i, b in enumerate(ordered_bands(self.q))}
        counts = sorted(
            ((i, b) for i, b in enumerate(group.bands)), key=lambda ib: ordered[ib[1].band.id]
        )
        return BandShares(
            tuple(
                Share(
                    b.band.label, b.count, _percent(shares.get(i)), band_colour(self.q, b.band.id)
                )
                for i, b in counts
            )
        )

    def radar(self, group: GroupSummary, with_history: bool = False) -> Radar:
        _, q = self._, self.q
        series = []
        report = self.report
        if with_history and report.previous is not None and report.previous.overall.shown:
            series.append(
                Series(
                    report.previous_label or _("Previous wave"),
                    tuple(_float(s.stats.mean) for s in report.previous.overall.sections),
                    PREVIOUS_WAVE,
                    dashed=True,
                )
            )
        norm = self.summary.norm
        if norm is not None:
            series.append(
                Series(
                    _("Norm ({count} respondents)").format(count=norm.count),
                    tuple(_float(norm.section(s.id).mean()) for s in q.sections),
                    NORM,
                    dashed=True,
                )
            )
        if group is not self.summary.overall:
            series.append(
                Series(
                    _("Everyone"),
                    tuple(_float(s.stats.mean) for s in self.summary.overall.sections),
                    GROUP_ALL,
                    dashed=True,
                )
            )
        label = _("This wave") if group is self.summary.overall else self.name(group)
        series.append(
            Series(
                label, tuple(_float(s.stats.mean) for s in group.sections), THIS_WAVE, filled=True
            )
        )
        return Radar(
            axes=tuple(s.title for s in q.sections),
            low=q.scale.low,
            high=q.scale.high,
            rings=tuple(
                (float(th.per_section), band_colour(q, th.band.id)) for th in section_thresholds(q)
            ),
            series=tuple(series),
            compact=group is not self.summary.overall,
        )

    def radar_note(self) -> str:
        _ = self._
        marks = "; ".join(
            _("{value} = {band}").format(
                value=number(th.per_section, self.lang), band=th.band.label
            )
            for th in section_thresholds(self.q)
        )
        return _(
            "Each spoke is a section's mean rating, from {low} at the centre to {high} at the rim. "
            "Coloured rings: the average section score at which the total reaches a band ({marks})."
        ).format(low=self.q.scale.low, high=self.q.scale.high, marks=marks)

    # -- sections x groups ---------------------------------------------------------------

    def heatmap(self) -> list[Block]:
        _, q, s = self._, self.q, self.summary
        groups = [s.overall, *s.groups]
        names = [_("Everyone"), *(self.name(g) for g in s.groups)]
        header = (Cell(_("Section")), *(Cell(n, bold=True, number=True) for n in names))
        rows = []
        for i, section in enumerate(q.sections):
            cells = [Cell(section.title)]
            for g in groups:
                mean = g.sections[i].stats.mean if g.shown else None
                cells.append(
                    Cell(
                        _mean(mean, self.lang) if g.shown else "·",
                        fill=score_fill(q, mean),
                        number=True,
                    )
                )
            rows.append(tuple(cells))
        total = [Cell(_("Total"), bold=True)]
        for g in groups:
            mean = g.total.mean if g.shown else None
            total.append(
                Cell(
                    _mean(mean, self.lang) if g.shown else "·",
                    fill=total_fill(q, mean),
                    bold=True,
                    number=True,
                )
            )
        rows.append(tuple(total))
        count = [Cell(_("Respondents"))] + [Cell(str(g.count), number=True) for g in groups]
        rows.append(tuple(count))
        first = 0.26 if len(groups) <= 8 else 0.2
        widths = (first, *([(1 - first) / len(groups)] * len(groups)))
        note = _(
            "Cells are shaded by the band a total would reach if every section scored like that "
            "cell."
        )
        withheld = [g for g in s.groups if not g.shown]
        if withheld:
            note += " " + _(
                "· = withheld: fewer than {min} respondents, so no one can be singled out."
            ).format(min=s.min_group)
        return [
            Heading(_("Sections by group")),
            Grid(header, tuple(rows), widths, note),
        ]

    # -- statements, disagreement, reliability, quality, advice -------------------------

    def lowest(self, group: GroupSummary, title: str) -> list[Block]:
        _, q = self._, self.q
        if not group.figures.lowest:
            return []
        low, high = q.scale.low, q.scale.high
        header = (
            Cell(_("Statement")),
            Cell(_("Mean"), number=True),
            Cell(f"{low}–{low + 1}", number=True),
            Cell(f"{high - 1}–{high}", number=True),
        )
        rows = []
        for st in group.figures.lowest:
            item = q.sections[st.section].items[st.item]
            rows.append(
                (
                    Cell(f"{item.id}  {item.text}"),
                    Cell(_mean(st.mean, self.lang), fill=score_fill(q, st.mean), number=True),
                    Cell(f"{_percent(st.bottom_share)} %", number=True),
                    Cell(f"{_percent(st.top_share)} %", number=True),
                )
            )
        note = _("Share of respondents rating the statement {bottom} and {top}.").format(
            bottom=f"{low}–{low + 1}", top=f"{high - 1}–{high}"
        )
        return [Heading(title, 3), Grid(header, tuple(rows), (0.64, 0.12, 0.12, 0.12), note)]

    def disagreement(self, group: GroupSummary) -> list[Block]:
        _, q = self._, self.q
        dis = group.figures.disagreement
        if dis is None:
            return []
        if not dis.named:
            text = (
                _("Too few respondents to tell where they disagree (10 are needed).")
                if dis.reason is Reason.TOO_FEW_RESPONDENTS
                else _("Respondents agree: no section's ratings are spread out.")
            )
            return [Para(text)]
        named = ", ".join(
            _("{title} (SD {sd})").format(
                title=q.sections[i].title, sd=_two(dis.sections[i].spread or 0.0, self.lang)
            )
            for i in dis.named
        )
        text = _("Respondents disagree most about: {sections}.").format(sections=named)
        if dis.within_noise:
            text += " " + _(
                "The difference from the other sections is within noise: no section stands out "
                "beyond chance, so take this as a starting point only."
            )
        else:
            text += " " + _("A good place to start the workshop: people see this differently.")
        return [Para(text)]

    def reliability(self, group: GroupSummary) -> list[Block]:
        _, q = self._, self.q
        header = (Cell(_("Section")), Cell(_("Alpha"), number=True), Cell(_("Reading")))
        rows = []
        for section, detail in zip(q.sections, group.figures.sections, strict=True):
            rel = detail.reliability
            if rel.alpha is None:
                reason = {
                    Reason.TOO_FEW_RESPONDENTS: _("not shown: fewer than 10 respondents"),
                    Reason.TOO_FEW_STATEMENTS: _("not shown: a single statement"),
                    Reason.NO_VARIANCE: _("not shown: every rating the same"),
                }.get(rel.reason or Reason.NO_VARIANCE, "")
                rows.append((Cell(section.title), Cell("–", number=True), Cell(reason)))
                continue
            reading = (
                _("consistent")
                if rel.alpha >= 0.7
                else _("acceptable")
                if rel.alpha >= 0.6
                else _("low: the statements measure different things here")
            )
            rows.append(
                (
                    Cell(section.title),
                    Cell(localise(f"{round(rel.alpha, 2):.2f}", self.lang), number=True),
                    Cell(reading),
                )
            )
        note = _(
            "Cronbach's alpha: how consistently respondents answered the statements of a section "
            "(0.7 or more is usually taken as consistent). Shown from 10 respondents."
        )
        return [Heading(_("Reliability"), 3), Grid(header, tuple(rows), (0.4, 0.15, 0.45), note)]

    def quality(self, group: GroupSummary) -> list[Block]:
        from ..text.summary_table import flag_name

        _ = self._
        flagged = [t for t in group.figures.quality if t.count]
        if not flagged:
            return [Para(_("No answer pattern needs a follow-up."))]
        items = tuple((f"{flag_name(self.summary, t.flag)}: {t.count}", "") for t in flagged)
        return [
            Para(
                _(
                    "Answer patterns to follow up (they change no score; the respondents "
                    "concerned are not named in this report):"
                )
            ),
            Bullets(items),
        ]

    def advice(self, group: GroupSummary) -> list[Block]:
        _, q = self._, self.q
        blocks: list[Block] = [Heading(_("Weakest sections and what to do"))]
        ranked = sorted(
            (
                (s.stats.mean, i)
                for i, s in enumerate(group.sections)
                if s.stats.mean is not None and s.stats.mean < q.scale.high
            ),
        )[:2]
        if not ranked:
            blocks.append(Para(_("No weak sections: every section is at the top of the scale.")))
            return blocks
        for mean, i in ranked:
            section = q.sections[i]
            blocks.append(Heading(f"{section.title} — {_mean(mean, self.lang)}", 3))
            tips = tuple(
                (tip.text, _("Source: {source}").format(source=tip.source) if tip.source else "")
                for tip in section.advice
            )
            if tips:
                blocks.append(Bullets(tips))
        return blocks

    # -- a page per group ----------------------------------------------------------------

    def group_page(self, group: GroupSummary) -> list[Block]:
        """One page: key figures, the gauge, the radar with the band shares beside it, the
        section table (its Total row says when the interval crosses a band), disagreement
        and the lowest statements."""
        _, q = self._, self.q
        field_name = self.summary.group_by or ""
        blocks: list[Block] = [
            PageBreak(),
            Heading(self.name(group)),
            Para(_("Group by {field}").format(field=field_name), "muted"),
        ]
        blocks.append(
            Facts(
                (
                    (_("Respondents"), str(group.count)),
                    (
                        _("Mean total"),
                        f"{_mean(group.total.mean, self.lang)} / {q.max_total}",
                    ),
                    (_("95 % CI"), _interval(group.figures.total_interval, self.lang)),
                )
            )
        )
        blocks.append(self.gauge(group))
        radar = self.radar(group)
        blocks.append(
            replace(radar, shares=self.band_shares(group), shares_title=_("Respondents by band"))
        )
        blocks.append(self.section_table(group))
        blocks += self.disagreement(group)
        blocks += self.lowest(group, _("Lowest statements"))
        return blocks

    def section_table(self, group: GroupSummary) -> Grid:
        _, q = self._, self.q
        found = self.summary.percentiles(group)
        header = [
            Cell(_("Section")),
            Cell(_("Mean"), number=True),
            Cell(_("95 % CI"), number=True),
        ]
        if found is not None:
            header.append(Cell(_("Percentile"), number=True))
        header.append(Cell(_("Note")))
        rows = []
        weak = {s.id for s in group.weakest}
        for i, s in enumerate(group.sections):
            detail = group.figures.sections[i]
            notes = []
            if s.section.id in weak:
                notes.append(_("weakest on average"))
            if detail.crossed:
                notes.append(_("could be either band"))
            cells = [
                Cell(s.section.title, bold=s.section.id in weak),
                Cell(_mean(s.stats.mean, self.lang), fill=score_fill(q, s.stats.mean), number=True),
                Cell(_interval(detail.interval, self.lang), number=True),
            ]
            if found is not None:
                cells.append(Cell(_percentile(found.sections[i][1], self.lang), number=True))
            cells.append(Cell(", ".join(notes)))
            rows.append(tuple(cells))
        total = [
            Cell(_("Total"), bold=True),
            Cell(
                _mean(group.total.mean, self.lang),
                fill=total_fill(q, group.total.mean),
                bold=True,
                number=True,
            ),
            Cell(_interval(group.figures.total_interval, self.lang), bold=True, number=True),
        ]
        if found is not None:
            total.append(Cell(_percentile(found.total, self.lang), bold=True, number=True))
        total.append(Cell(_("could be either band") if group.figures.total_crossed else ""))
        rows.append(tuple(total))
        widths = (0.32, 0.1, 0.2, 0.15, 0.23) if found is not None else (0.36, 0.12, 0.2, 0.32)
        return Grid(tuple(header), tuple(rows), widths)

    def withheld(self) -> list[Block]:
        _, s = self._, self.summary
        small = [g for g in s.groups if not g.shown]
        if not small:
            return []
        items = tuple(
            (
                _("{group}: {count} respondents").format(group=self.name(g), count=g.count),
                "",
            )
            for g in small
        )
        return [
            Heading(_("Groups not shown"), 3),
            Para(
                _(
                    "Groups with fewer than {min} respondents get no page of their own and no "
                    "figures: their averages would be one or two people's own answers. They are "
                    "counted in the figures for everyone."
                ).format(min=s.min_group)
            ),
            Bullets(items),
        ]

    def norm_note(self) -> list[Block]:
        norm = self.summary.norm
        if norm is None:
            return []
        _ = self._
        text = _(
            "Percentiles: where a score stands among the {count} respondents of the norm"
        ).format(count=norm.count)
        if norm.first_date is not None:
            text += " " + _("({first} to {last})").format(
                first=date_text(norm.first_date, self.lang),
                last=date_text(norm.last_date, self.lang),
            )
        text += "."
        if not norm.trusted:
            text += " " + _("a small norm: read the percentiles as a rough guide") + "."
        return [Para(text, "small")]

    def blocks(self) -> list[Block]:
        _, s = self._, self.summary
        out = self.overview()
        if not s.overall.shown or s.overall.total.mean is None:
            return out
        out += self.norm_note()
        out += self.withheld()
        out.append(PageBreak())
        out.append(Heading(_("Everyone")))
        out.append(self.section_table(s.overall))
        if s.group_by is not None and s.groups:
            out += self.heatmap()
        out += self.lowest(s.overall, _("Lowest statements"))
        # The rest flows on (a page break here left Letter pages with a few lines of advice).
        out.append(Heading(_("Where respondents disagree most")))
        out += self.disagreement(s.overall)
        out += self.reliability(s.overall)
        out.append(Heading(_("Answer patterns"), 3))
        out += self.quality(s.overall)
        out += self.advice(s.overall)
        for group in s.groups:
            if group.shown:
                out += self.group_page(group)
        return out


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def team_blocks(report: TeamReport) -> list[Block]:
    """Every block of the team report, in order."""
    return _Builder(report).blocks()

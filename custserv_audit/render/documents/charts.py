"""The report's two charts as format-neutral geometry: what is drawn, at which value.

`gauge_view` (the total on a band strip) and `chart_view` (a bar per section with
the band thresholds) compute every zone, tick, bar, colour and label once; the
PDF and HTML writers only map values to their own coordinates with `Axis.at`.
Nothing here imports reportlab.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ...model import Band, Questionnaire, Result
from ..numbers import number, score_text, signed
from . import band_colour, chart_axis, chart_note, previous_sections, section_band
from . import section_thresholds as band_thresholds


@dataclass(frozen=True)
class Axis:
    """A value range drawn along a line: `lo` at its start, `hi` at its end."""

    lo: int
    hi: int

    def at(self, value: Fraction | int, start: float, end: float) -> float:
        """Where `value` lies on a line drawn from `start` to `end`."""
        return start + float(Fraction(value) - self.lo) / (self.hi - self.lo) * (end - start)


@dataclass(frozen=True)
class Zone:
    """One band's stretch of the gauge, tinted and labelled in the band's colour."""

    label: str
    start: Fraction
    end: Fraction
    colour: str
    tint: str


@dataclass(frozen=True)
class Tick:
    """A numbered mark on the gauge: the ends and every band boundary between them."""

    value: Fraction
    text: str
    last: bool  # the highest total: its number is written leftwards


@dataclass(frozen=True)
class GaugeView:
    """The total on a strip from the lowest to the highest possible total."""

    axis: Axis
    zones: tuple[Zone, ...]
    ticks: tuple[Tick, ...]
    total: Fraction
    total_text: str
    previous: Fraction | None  # the previous audit's total, kept on the strip


def band_strip(
    q: Questionnaire, lang: str, bands: Sequence[Band] | None = None
) -> tuple[Axis, tuple[Zone, ...], tuple[Tick, ...]]:
    """The strip of totals: its axis, a zone per band (in the order of `bands`, by default
    the questionnaire's) and a tick at each end and at every band boundary between them."""
    low, high = Fraction(q.min_total), Fraction(q.max_total)
    zones = tuple(
        Zone(
            label=band.label,
            start=max(low, band.lower) if band.lower is not None else low,
            end=min(high, band.upper) if band.upper is not None else high,
            colour=band_colour(q, band.id),
            tint=band_colour(q, band.id, tint=True),
        )
        for band in (q.bands if bands is None else bands)
    )
    inside = {t for b in q.bands for t in (b.lower, b.upper) if t is not None and low < t < high}
    ticks = tuple(Tick(t, number(t, lang), t == high) for t in sorted({low, high} | inside))
    return Axis(q.min_total, q.max_total), zones, ticks


def gauge_view(result: Result, previous: Result | None) -> GaugeView:
    """The gauge of `result`, with the previous audit's marker when there is one."""
    q = result.questionnaire
    axis, zones, ticks = band_strip(q, q.language)
    low, high = Fraction(q.min_total), Fraction(q.max_total)
    before = min(max(previous.total, low), high) if previous is not None else None
    return GaugeView(
        axis=axis,
        zones=zones,
        ticks=ticks,
        total=result.total,
        total_text=score_text(result.total, q.language),
        previous=before,
    )


@dataclass(frozen=True)
class GridLine:
    """A scale point on the section chart: a light line and its number below."""

    value: int
    text: str


@dataclass(frozen=True)
class ThresholdLine:
    """A band boundary as an average section score: a dashed line in the band's colour."""

    value: Fraction
    text: str
    colour: str


@dataclass(frozen=True)
class Bar:
    """One section's bar (and the previous audit's thinner bar under it)."""

    number: int
    name: str  # the section's title
    weak: bool  # one of the weakest sections: written in bold
    score: Fraction
    colour: str
    value_text: str  # "3.33"
    previous: Fraction | None  # the previous audit's score of this section
    change_text: str | None  # "+0.67", when there is a previous score

    @property
    def title(self) -> str:
        """'3. Feedback'."""
        return f"{self.number}. {self.name}"


@dataclass(frozen=True)
class ChartView:
    """Horizontal bars of the section scores against the scale, with band thresholds."""

    axis: Axis
    grid: tuple[GridLine, ...]
    thresholds: tuple[ThresholdLine, ...]
    bars: tuple[Bar, ...]
    with_history: bool  # a previous audit exists: bars leave room for the grey ones
    note: str  # the key under the chart


def chart_view(result: Result, previous: Result | None) -> ChartView:
    """The section chart of `result` (grey bars for `previous` when given)."""
    q = result.questionnaire
    lang = q.language
    lo, hi = chart_axis(q)
    before = previous_sections(result, previous) if previous is not None else {}
    weak = {s.id for s in result.weakest}
    bars = []
    for i, s in enumerate(result.sections):
        change = before.get(s.section.id)
        old = change.previous.score if change is not None and change.previous is not None else None
        bars.append(
            Bar(
                number=i + 1,
                name=s.section.title,
                weak=s.section.id in weak,
                score=s.score,
                colour=band_colour(q, section_band(q, s.score).id),
                value_text=score_text(s.score, lang),
                previous=old,
                change_text=signed(s.score - old, lang) if old is not None else None,
            )
        )
    return ChartView(
        axis=Axis(lo, hi),
        grid=tuple(GridLine(v, str(v)) for v in range(lo, hi + 1)),
        thresholds=tuple(
            ThresholdLine(th.per_section, number(th.per_section, lang), band_colour(q, th.band.id))
            for th in band_thresholds(q)
            if lo < th.per_section < hi
        ),
        bars=tuple(bars),
        with_history=previous is not None,
        note=chart_note(q, previous),
    )


def label_lines(
    label: str, room: float, measure: Callable[[str], float], most: int = 2
) -> list[str]:
    """A zone's label broken between words into at most `most` lines, each at most `room`
    wide as `measure` gives a text's width.

    Words are never cut: what does not fit on the last line is left out and marked
    with "…" after the last whole word that fits (a single word too long for the
    zone is shortened letter by letter only then).
    """

    def fits(text: str) -> bool:
        return measure(text) <= room

    lines: list[str] = []
    words = label.split()
    while words and len(lines) < most:
        line = words.pop(0)
        while words and fits(f"{line} {words[0]}"):
            line += " " + words.pop(0)
        lines.append(line)
    if words or (lines and not fits(lines[-1])):
        last = lines[-1] if lines else ""
        while last and not fits(last + "…"):
            cut = last.rsplit(" ", 1)
            last = cut[0] if len(cut) == 2 else last[:-1]
        lines[-1:] = [last.rstrip(" ,;:") + "…"] if last else []
    return [line for line in lines if line]

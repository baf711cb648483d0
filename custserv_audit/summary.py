"""Aggregate many scored respondents in one streaming pass, overall and per group.

`SummaryBuilder` keeps, per group and per section (and for the total), only the
count, the exact sum, the exact sum of squares, the minimum and the maximum, so
memory is O(groups × sections) whatever the number of respondents. Section
scores are means of whole numbers, so every sum is kept as an integer scaled by
a fixed denominator and every figure is exact until it is shown.

A group below the minimum size shows only its count, so until it reaches that size
it keeps its respondents packed (a byte per rating) instead of sums and rating
patterns: grouping by respondent or by source costs a few dozen bytes per group.

The standard deviation is the *sample* standard deviation (divisor n − 1); it
is undefined (None, `null` in JSON) for fewer than two respondents.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from itertools import chain
from operator import mul

from .errors import InputError
from .model import Band, Questionnaire, Result, Section
from .norms.model import Norm, Percentiles, percentiles_of
from .scoring import scoring_plan
from .stats.accumulate import FlaggedRespondent, RatingsAccumulator
from .stats.disclosure import DEFAULT_MIN_GROUP
from .stats.group import GroupFigures, Measure, group_figures, withheld
from .stats.quality import QualityFlag, quality_flags

#: Answer fields (besides metadata) a summary can be grouped by.
BUILTIN_FIELDS = ("respondent", "date", "source")

#: The group of respondents that lack the `--group-by` field (or have it empty).
NO_GROUP = ""


@dataclass(frozen=True)
class Stats:
    """Count, mean, extremes and sample variance of one measure; None when undefined."""

    count: int
    mean: Fraction | None
    minimum: Fraction | None
    maximum: Fraction | None
    variance: Fraction | None
    """Sample variance (divisor n − 1); None when count < 2."""

    @property
    def stdev(self) -> float | None:
        """Sample standard deviation; None when count < 2."""
        return None if self.variance is None else math.sqrt(self.variance)


@dataclass(frozen=True)
class SectionStats:
    """The statistics of one section's score."""

    section: Section
    stats: Stats


@dataclass(frozen=True)
class BandCount:
    """How many respondents' totals fall in one band."""

    band: Band
    count: int


@dataclass(frozen=True)
class GroupSummary:
    """The aggregate of one group of respondents (or of all of them)."""

    group: str
    count: int
    sections: tuple[SectionStats, ...]
    total: Stats
    bands: tuple[BandCount, ...]
    weakest: tuple[Section, ...]
    """Every section at the lowest mean, unless that mean is the top of the scale."""
    largest_spread: tuple[Section, ...]
    """Every section at the highest sample variance; none when n < 2 or all spreads are 0."""
    figures: GroupFigures
    """Intervals, statements, reliability, disagreement, quality flags; see `stats`."""

    @property
    def shown(self) -> bool:
        """False when the group is below the minimum size: only its count may be shown."""
        return self.figures.disclosure.shown


@dataclass(frozen=True)
class Summary:
    """The aggregate of a whole run: overall, per group, and how many inputs were rejected."""

    questionnaire: Questionnaire
    group_by: str | None
    rejected: int
    overall: GroupSummary
    groups: tuple[GroupSummary, ...]
    """Sorted by name, the group lacking the field (`NO_GROUP`) last; empty without group_by."""
    min_group: int = DEFAULT_MIN_GROUP
    """Groups with fewer respondents have their figures withheld (the overall never is)."""
    norm: Norm | None = None
    """The norm `--norms` gave: each shown group's means get a percentile in it."""

    @property
    def count(self) -> int:
        """How many respondents were scored."""
        return self.overall.count

    def percentiles(self, group: GroupSummary) -> Percentiles | None:
        """Where a group's section means and mean total stand among the norm's respondents.

        None without a norm and for a withheld group.
        """
        if self.norm is None or not group.shown:
            return None
        return percentiles_of(
            self.norm,
            tuple((s.section.id, s.stats.mean) for s in group.sections),
            group.total.mean,
        )


def rounded_stdev(variance: Fraction) -> float:
    """The square root of `variance`, rounded half up to two decimals, exactly.

    floor(sqrt(x)) == isqrt(floor(x)), so the hundredths are computed in whole
    numbers and a root that lies exactly on a half (0.125) rounds up, as
    `scoring.rounded` does, instead of wherever float rounding lands.
    """
    scaled = variance * 40000  # (2 · 100 · sd)² — twice the hundredths, squared
    return (math.isqrt(scaled.numerator // scaled.denominator) + 1) // 2 / 100


@dataclass(frozen=True)
class GroupTally:
    """Exact sums of many respondents of one group, added at once (see `add_tally`).

    Per measure (each section's points, then the scaled total): the sum, the sum of
    squares, the minimum and the maximum; per band the count; per section the count
    of each rating pattern.
    """

    count: int
    sums: tuple[int, ...]
    squares: tuple[int, ...]
    lows: tuple[int, ...]
    highs: tuple[int, ...]
    bands: tuple[int, ...]
    patterns: tuple[dict[tuple[int, ...], int], ...]


class _Group:
    """Running count, sums, sums of squares and extremes of one group, one column per measure.

    The measures are every section's points (score × statements) and the total
    scaled to a whole number; plain lists updated in place are the cheapest
    per-respondent update in CPython (cheaper than objects per measure or `map`).
    """

    __slots__ = ("bands", "count", "highs", "lows", "squares", "sums")

    def __init__(self, measures: int, band_count: int) -> None:
        self.count = 0
        self.sums = [0] * measures
        self.squares = [0] * measures
        self.lows: list[int] = []
        self.highs: list[int] = []
        self.bands = [0] * band_count

    def add(self, values: list[int], band: int) -> None:
        if not self.count:
            self.lows = list(values)
            self.highs = list(values)
        self.count += 1
        sums, squares, lows, highs = self.sums, self.squares, self.lows, self.highs
        for i, v in enumerate(values):
            sums[i] += v
            squares[i] += v * v
            if v < lows[i]:
                lows[i] = v
            elif v > highs[i]:
                highs[i] = v
        self.bands[band] += 1

    def add_tally(self, tally: GroupTally) -> None:
        """Add many respondents' sums at once."""
        if not tally.count:
            return
        if not self.count:
            self.lows = list(tally.lows)
            self.highs = list(tally.highs)
        else:
            self.lows = [min(a, b) for a, b in zip(self.lows, tally.lows, strict=True)]
            self.highs = [max(a, b) for a, b in zip(self.highs, tally.highs, strict=True)]
        self.count += tally.count
        self.sums = [a + b for a, b in zip(self.sums, tally.sums, strict=True)]
        self.squares = [a + b for a, b in zip(self.squares, tally.squares, strict=True)]
        self.bands = [a + b for a, b in zip(self.bands, tally.bands, strict=True)]

    def stats(self, i: int, scale: int) -> Stats:
        """The statistics of measure `i`, whose values are the real ones times `scale`."""
        n, d = self.count, scale
        if n == 0:
            return Stats(0, None, None, None, None)
        total, squares = self.sums[i], self.squares[i]
        variance = Fraction(n * squares - total * total, n * (n - 1) * d * d) if n > 1 else None
        return Stats(
            n,
            Fraction(total, n * d),
            Fraction(self.lows[i], d),
            Fraction(self.highs[i], d),
            variance,
        )


#: One entry of a group below the minimum size: a respondent packed in bytes (each rating
#: minus the scale's low point, then the band's index), the quality flags of the
#: respondent packed just before it, or many respondents counted at once (`add_tally`).
_Entry = bytes | tuple[FlaggedRespondent | None, frozenset[QualityFlag]] | GroupTally

_NO_FLAGS: frozenset[QualityFlag] = frozenset()


class _Pending:
    """A group still below the minimum size: how many respondents, and their entries in
    the order they came (replayed into a full group when it reaches the minimum)."""

    __slots__ = ("count", "entries")

    def __init__(self) -> None:
        self.count = 0
        self.entries: list[_Entry] = []


class SummaryBuilder:
    """Feed scored respondents (and rejected inputs) one at a time; `finish` any time."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        group_by: str | None = None,
        min_group: int = DEFAULT_MIN_GROUP,
        norm: Norm | None = None,
    ) -> None:
        if min_group < 1:
            raise ValueError("the minimum group size must be at least 1")
        self.questionnaire = questionnaire
        self.group_by = group_by
        self.min_group = min_group
        self.norm = norm
        self.rejected = 0
        # Totals are summed as whole numbers scaled as the scoring does (see ScaledPlan).
        plan = scoring_plan(questionnaire)
        self._sizes, self._total_scale, self._factors = plan.sizes, plan.denominator, plan.factors
        self._band_index = {b.id: i for i, b in enumerate(questionnaire.bands)}
        self._overall = self._new_group()
        self._groups: dict[str, _Group] = {}
        self._overall_ratings = self._new_ratings()
        self._group_ratings: dict[str, RatingsAccumulator] = {}
        # Groups below min_group, packed (see `_Pending`): one byte per rating (the rating
        # itself on a scale within 0..255, else its distance from the low point) and per band.
        scale = questionnaire.scale
        self._offset = 0 if scale.low >= 0 and scale.high < 256 else scale.low
        self._packs = (
            min_group > 1 and scale.high - self._offset < 256 and len(self._band_index) <= 256
        )
        self._pending: dict[str, _Pending] = {}

    def _new_group(self) -> _Group:
        return _Group(len(self._sizes) + 1, len(self.questionnaire.bands))

    def _new_ratings(self) -> RatingsAccumulator:
        scale = self.questionnaire.scale
        return RatingsAccumulator(self._sizes, scale.low, scale.high)

    def add(self, result: Result) -> None:
        """Count one scored respondent, overall and in its group."""
        values = [s.points for s in result.sections]
        values.append(sum(map(mul, values, self._factors)))
        band = self._band_index[result.band.id]
        self._overall.add(values, band)
        ratings = [s.ratings for s in result.sections]
        flags = quality_flags(ratings)
        answers = result.answers
        who = FlaggedRespondent(answers.source, answers.row, answers.respondent) if flags else None
        if self.group_by is None:
            self._overall_ratings.add(ratings, who, flags)
            return
        key = group_key(result, self.group_by)
        if key not in self._groups:
            pending = self._pending_of(key, 1)
            if pending is not None:
                pending.count += 1
                pending.entries.append(self._pack(ratings, band))
                if flags:
                    pending.entries.append((who, flags))
                return
        group, accumulator = self._group_of(key)
        group.add(values, band)
        accumulator.add(ratings, who, flags)

    def _pending_of(self, key: str, count: int) -> _Pending | None:
        """The group `key` (not a full one) while it stays below the minimum size with
        `count` more respondents; None when it reaches the minimum (its entries are then
        replayed into a full group) or nothing is packed."""
        if not self._packs:
            return None
        pending = self._pending.get(key)
        if pending is None:
            if count >= self.min_group:
                return None
            pending = self._pending[key] = _Pending()
        elif pending.count + count >= self.min_group:
            del self._pending[key]
            group, accumulator = self._group_of(key)
            for entry in pending.entries:
                self._replay(entry, group, accumulator)
            return None
        return pending

    def _pack(self, ratings: list[tuple[int, ...]], band: int) -> bytes:
        """One respondent in bytes: its ratings (less the offset), then the band's index."""
        flat = list(chain.from_iterable(ratings))
        if self._offset:
            flat = [r - self._offset for r in flat]
        flat.append(band)
        return bytes(flat)

    def _unpack(self, entry: bytes) -> list[tuple[int, ...]]:
        """The ratings `_pack` packed, section by section."""
        offset, ratings, start = self._offset, [], 0
        for size in self._sizes:
            piece = entry[start : start + size]
            ratings.append(tuple([v + offset for v in piece]) if offset else tuple(piece))
            start += size
        return ratings

    def _replay(self, entry: _Entry, group: _Group | None, accumulator: RatingsAccumulator) -> None:
        """Add one entry of a packed group to a full group (when given) and to `accumulator`."""
        if isinstance(entry, GroupTally):
            if group is not None:
                group.add_tally(entry)
            accumulator.add_patterns(entry.count, entry.patterns)
        elif isinstance(entry, tuple):
            accumulator.add_flags(*entry)
        else:
            ratings = self._unpack(entry)
            if group is not None:
                values = [sum(r) for r in ratings]
                values.append(sum(map(mul, values, self._factors)))
                group.add(values, entry[-1])
            accumulator.add(ratings, None, _NO_FLAGS)

    @property
    def factors(self) -> list[int]:
        """Per section, what its points are multiplied by in the scaled total."""
        return list(self._factors)

    def _group_of(self, key: str) -> tuple[_Group, RatingsAccumulator]:
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = self._new_group()
            self._group_ratings[key] = self._new_ratings()
        return group, self._group_ratings[key]

    def add_tally(self, key: str | None, tally: GroupTally) -> None:
        """Count many respondents at once from their exact sums (`key`: their group, or
        None without --group-by); their quality flags come by `add_flagged`."""
        self._overall.add_tally(tally)
        if key is None:
            ratings = self._overall_ratings
        else:
            if key not in self._groups:
                pending = self._pending_of(key, tally.count)
                if pending is not None:
                    pending.count += tally.count
                    pending.entries.append(self._packed_tally(tally))
                    return
            group, ratings = self._group_of(key)
            group.add_tally(tally)
        ratings.add_patterns(tally.count, tally.patterns)

    def _packed_tally(self, tally: GroupTally) -> _Entry:
        """A tally of one respondent packed as `add` packs it (its patterns are its
        ratings); a tally of several is kept whole (their ratings cannot be told apart)."""
        if tally.count != 1:
            return tally
        ratings = [next(iter(patterns)) for patterns in tally.patterns]
        return self._pack(ratings, tally.bands.index(1))

    def add_flagged(
        self,
        key: str | None,
        ratings: list[tuple[int, ...]],
        source: str,
        row: int | None,
        respondent: str | None,
    ) -> None:
        """The quality flags of one respondent counted by `add_tally`, before or after it
        (none: nothing)."""
        flags = quality_flags(ratings)
        if not flags:
            return
        who = FlaggedRespondent(source, row, respondent)
        if key is not None and self._packs and key not in self._groups:
            pending = self._pending.get(key)
            if pending is None:
                pending = self._pending[key] = _Pending()  # its respondents come by a tally
            pending.entries.append((who, flags))
            return
        accumulator = self._overall_ratings if key is None else self._group_of(key)[1]
        accumulator.add_flags(who, flags)

    def add_rejected(self) -> None:
        """Count one input that could not be scored."""
        self.rejected += 1

    def add_outcome(self, outcome: Result | InputError) -> None:
        """Either of the above, by type."""
        if isinstance(outcome, InputError):
            self.add_rejected()
        else:
            self.add(outcome)

    def finish(self) -> Summary:
        """The summary of everything added so far (the builder stays usable)."""
        ordered = sorted([*self._groups, *self._pending], key=lambda k: (k == NO_GROUP, k))
        withheld_by_count: dict[int, GroupSummary] = {}  # they differ only by name

        def summarise(key: str) -> GroupSummary:
            pending = self._pending.get(key)
            if pending is None:
                group, ratings = self._groups[key], self._group_ratings[key]
                return self._summarise(key, group, ratings, self.min_group)
            shared = withheld_by_count.get(pending.count)
            if shared is None:
                shared = withheld_by_count[pending.count] = withheld_group(
                    self.questionnaire, key, pending.count, self.min_group
                )
            return shared if shared.group == key else _renamed(shared, key)

        return Summary(
            questionnaire=self.questionnaire,
            group_by=self.group_by,
            rejected=self.rejected,
            overall=self._summarise(NO_GROUP, self._overall, self._all_ratings(ordered), 0),
            groups=tuple(summarise(k) for k in ordered),
            min_group=self.min_group,
            norm=self.norm,
        )

    def group_names(self) -> list[str]:
        """The groups seen so far, in no particular order (cheaper than `finish`)."""
        return [*self._groups, *self._pending]

    def _all_ratings(self, ordered: list[str]) -> RatingsAccumulator:
        """Everyone's ratings: kept directly without groups, else merged from the groups.

        Ratings are kept once per respondent (in its group), which halves the
        work per respondent of a grouped summary; quality-flag examples then
        come group by group.
        """
        if self.group_by is None:
            return self._overall_ratings
        merged = self._new_ratings()
        for key in ordered:
            pending = self._pending.get(key)
            if pending is None:
                merged.merge(self._group_ratings[key])
            else:
                for entry in pending.entries:
                    self._replay(entry, None, merged)
        return merged

    def _summarise(
        self, name: str, group: _Group, ratings: RatingsAccumulator, min_group: int
    ) -> GroupSummary:
        q = self.questionnaire
        if group.count < min_group:
            return withheld_group(q, name, group.count, min_group)
        sections = tuple(
            SectionStats(s, group.stats(i, k))
            for i, (s, k) in enumerate(zip(q.sections, self._sizes, strict=True))
        )
        total = group.stats(len(self._sizes), self._total_scale)
        figures = group_figures(
            q,
            [Measure(s.stats.count, s.stats.mean, s.stats.variance) for s in sections],
            Measure(total.count, total.mean, total.variance),
            group.bands,
            ratings,
            min_group,
        )
        return GroupSummary(
            group=name,
            count=group.count,
            sections=sections,
            total=total,
            bands=tuple(BandCount(b, n) for b, n in zip(q.bands, group.bands, strict=True)),
            weakest=weakest_on_average(sections, q.scale.high),
            largest_spread=tuple(q.sections[i] for i in figures.disagreement.named)
            if figures.disagreement
            else (),
            figures=figures,
        )


def withheld_group(
    questionnaire: Questionnaire, name: str, count: int, min_group: int
) -> GroupSummary:
    """A group below the minimum size: its count only, every figure withheld."""
    empty = Stats(count, None, None, None, None)
    return GroupSummary(
        group=name,
        count=count,
        sections=tuple(SectionStats(s, empty) for s in questionnaire.sections),
        total=empty,
        bands=(),
        weakest=(),
        largest_spread=(),
        figures=withheld(count, min_group),
    )


def _renamed(group: GroupSummary, name: str) -> GroupSummary:
    """The same figures under another group's name (`dataclasses.replace`, but cheaper)."""
    return GroupSummary(
        name,
        group.count,
        group.sections,
        group.total,
        group.bands,
        group.weakest,
        group.largest_spread,
        group.figures,
    )


def group_key(result: Result, field: str) -> str:
    """The group of one respondent: a built-in answer field, else a metadata field.

    `respondent`, `date` and `source` are the answer file's own fields; any
    other name is looked up in the metadata (CSV extra columns, the YAML/JSON
    `metadata:` mapping); `metadata.NAME` names a metadata field whose name is one of
    ours. A missing or empty value gives `NO_GROUP`.
    """
    answers = result.answers
    if field == "respondent":
        value = answers.respondent
    elif field == "date":
        value = answers.date
    elif field == "source":
        value = answers.source
    elif field.startswith("metadata.") and field not in answers.metadata:
        value = answers.metadata.get(field.removeprefix("metadata."))
    else:
        value = answers.metadata.get(field)
    return value or NO_GROUP


def weakest_on_average(sections: Iterable[SectionStats], top: int) -> tuple[Section, ...]:
    """Every section at the lowest mean (ties included), none when that is the top of the scale."""
    means = [(s.section, s.stats.mean) for s in sections if s.stats.mean is not None]
    if not means:
        return ()
    lowest = min(m for _, m in means)
    if lowest >= top:
        return ()
    return tuple(section for section, m in means if m == lowest)


def largest_spread(sections: Iterable[SectionStats]) -> tuple[Section, ...]:
    """Every section at the highest sample variance, ties included; none if all are 0 or None."""
    spreads = [(s.section, s.stats.variance) for s in sections if s.stats.variance is not None]
    if not spreads:
        return ()
    highest = max(v for _, v in spreads)
    if highest == 0:
        return ()
    return tuple(section for section, v in spreads if v == highest)

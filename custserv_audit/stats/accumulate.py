"""Streaming, mergeable accumulators of statement ratings in flat memory.

Each section keeps a count of the distinct rating patterns it has seen (the
tuple of its ratings) — at most (scale points)^(statements) of them, a few
thousand for the built-in questionnaire — and folds them into exact integer
moment sums when that buffer grows past `PATTERN_CAP`. From the sums every
statement statistic, Cronbach's alpha and the disagreement measure are
computed exactly at the end. Memory depends on the questionnaire only, never on
the number of respondents; adding one respondent is one dictionary update per
section.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .quality import QualityFlag, quality_flags

#: Distinct patterns a section buffers before folding them into the sums.
PATTERN_CAP = 8192

#: How many flagged respondents of each kind are kept by name for follow-up.
FLAGGED_EXAMPLES = 25

Matrix = tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class SectionMoments:
    """Exact sums over respondents of one section's ratings x_1..x_k.

    `cross[i][j]` = Σ x_i·x_j, `cube[i][j]` = Σ x_i²·x_j, `quad[i][j]` = Σ x_i²·x_j²;
    `counts[i][v]` = how many rated statement i with the v-th point of the scale.
    """

    count: int
    sums: tuple[int, ...]
    cross: Matrix
    cube: Matrix
    quad: Matrix
    counts: Matrix

    @property
    def size(self) -> int:
        """The number of statements."""
        return len(self.sums)


class SectionAccumulator:
    """Rating patterns of one section; `moments()` gives the exact sums at any time.

    The sums are allocated at the first fold, so a group that never grows past
    a few patterns (grouping by respondent, say) costs only its small buffer.
    """

    __slots__ = (
        "count",
        "counts",
        "cross",
        "cube",
        "high",
        "low",
        "patterns",
        "quad",
        "size",
        "sums",
    )

    def __init__(self, size: int, low: int, high: int) -> None:
        self.size = size
        self.low = low
        self.high = high
        self.count = 0
        """Respondents already folded into the sums (the buffer holds the rest)."""
        self.patterns: dict[tuple[int, ...], int] = {}
        self.sums: list[int] = []
        self.cross: list[list[int]] = []
        self.cube: list[list[int]] = []
        self.quad: list[list[int]] = []
        self.counts: list[list[int]] = []

    def _allocate(self) -> None:
        if self.sums or not self.size:
            return
        k = self.size
        self.sums = [0] * k
        self.cross = [[0] * k for _ in range(k)]
        self.cube = [[0] * k for _ in range(k)]
        self.quad = [[0] * k for _ in range(k)]
        self.counts = [[0] * (self.high - self.low + 1) for _ in range(k)]

    def add(self, ratings: tuple[int, ...]) -> None:
        """Count one respondent's ratings of this section."""
        patterns = self.patterns
        patterns[ratings] = patterns.get(ratings, 0) + 1
        if len(patterns) > PATTERN_CAP:
            self.flush()

    def flush(self) -> None:
        """Fold the buffered patterns into the sums and empty the buffer."""
        self._allocate()
        k, low = self.size, self.low
        sums, cross, cube, quad, counts = self.sums, self.cross, self.cube, self.quad, self.counts
        for pattern, n in self.patterns.items():
            self.count += n
            squares = [x * x for x in pattern]
            for i in range(k):
                x, xx = pattern[i], squares[i]
                sums[i] += n * x
                counts[i][x - low] += n
                row_cross, row_cube, row_quad = cross[i], cube[i], quad[i]
                for j in range(k):
                    y, yy = pattern[j], squares[j]
                    row_cross[j] += n * x * y
                    row_cube[j] += n * xx * y
                    row_quad[j] += n * xx * yy
        self.patterns.clear()

    def merge(self, other: SectionAccumulator) -> None:
        """Add another accumulator of the same section (e.g. another worker's); it is unchanged."""
        if (other.size, other.low, other.high) != (self.size, self.low, self.high):
            raise ValueError("cannot merge accumulators of different sections")
        patterns = self.patterns
        for pattern, n in other.patterns.items():
            patterns[pattern] = patterns.get(pattern, 0) + n
        if len(patterns) > PATTERN_CAP:
            self.flush()
        if not other.count:
            return
        self._allocate()
        self.count += other.count
        for i in range(self.size):
            self.sums[i] += other.sums[i]
            for j in range(self.size):
                self.cross[i][j] += other.cross[i][j]
                self.cube[i][j] += other.cube[i][j]
                self.quad[i][j] += other.quad[i][j]
            for v, n in enumerate(other.counts[i]):
                self.counts[i][v] += n

    def moments(self) -> SectionMoments:
        """The exact sums of everything added so far."""
        self.flush()

        def freeze(matrix: list[list[int]]) -> Matrix:
            return tuple(tuple(row) for row in matrix)

        return SectionMoments(
            count=self.count,
            sums=tuple(self.sums),
            cross=freeze(self.cross),
            cube=freeze(self.cube),
            quad=freeze(self.quad),
            counts=freeze(self.counts),
        )


@dataclass(frozen=True)
class FlaggedRespondent:
    """Who to follow up: where the answers came from and the respondent's id if any."""

    source: str
    row: int | None
    respondent: str | None


@dataclass(frozen=True)
class QualityTally:
    """How many respondents carry a flag, and the first few of them."""

    flag: QualityFlag
    count: int
    examples: tuple[FlaggedRespondent, ...]


class RatingsAccumulator:
    """All sections of one group of respondents plus the response-quality tallies."""

    __slots__ = ("_examples", "_flag_counts", "_patterns", "count", "sections")

    def __init__(self, sizes: Sequence[int], low: int, high: int) -> None:
        self.count = 0
        self.sections = [SectionAccumulator(k, low, high) for k in sizes]
        self._patterns = [acc.patterns for acc in self.sections]
        self._flag_counts: dict[QualityFlag, int] = {}
        self._examples: dict[QualityFlag, list[FlaggedRespondent]] = {}

    def add(
        self,
        ratings: Sequence[tuple[int, ...]],
        who: FlaggedRespondent | None = None,
        flags: frozenset[QualityFlag] | None = None,
    ) -> None:
        """Count one respondent: each section's ratings, in questionnaire order.

        `flags` may be given when already computed (one respondent counted in
        several groups); otherwise they are worked out here.
        """
        # The hot path of a big summary: update the pattern buffers directly and
        # look at their size only now and then (they stay within PATTERN_CAP + 1024).
        self.count += 1
        for patterns, r in zip(self._patterns, ratings, strict=True):
            patterns[r] = patterns.get(r, 0) + 1
        if not self.count & 1023:
            for acc in self.sections:
                if len(acc.patterns) > PATTERN_CAP:
                    acc.flush()
        if flags is None:
            flags = quality_flags(ratings)
        if flags:
            self.add_flags(who, flags)

    def add_patterns(self, count: int, patterns: Sequence[dict[tuple[int, ...], int]]) -> None:
        """Count `count` respondents given as each section's pattern counts (their quality
        flags come by `add_flags`)."""
        self.count += count
        for acc, found in zip(self.sections, patterns, strict=True):
            buffer = acc.patterns
            for pattern, n in found.items():
                buffer[pattern] = buffer.get(pattern, 0) + n
            if len(buffer) > PATTERN_CAP:
                acc.flush()

    def add_flags(self, who: FlaggedRespondent | None, flags: frozenset[QualityFlag]) -> None:
        """Count one respondent's quality flags (its ratings are counted already)."""
        for flag in flags:
            self._flag_counts[flag] = self._flag_counts.get(flag, 0) + 1
            examples = self._examples.setdefault(flag, [])
            if who is not None and len(examples) < FLAGGED_EXAMPLES:
                examples.append(who)

    def merge(self, other: RatingsAccumulator) -> None:
        """Add another group's accumulator (same questionnaire), e.g. from a worker."""
        if len(other.sections) != len(self.sections):
            raise ValueError("cannot merge accumulators of different questionnaires")
        self.count += other.count
        for mine, theirs in zip(self.sections, other.sections, strict=True):
            mine.merge(theirs)
        for flag, count in other._flag_counts.items():
            self._flag_counts[flag] = self._flag_counts.get(flag, 0) + count
            examples = self._examples.setdefault(flag, [])
            examples.extend(other._examples.get(flag, [])[: FLAGGED_EXAMPLES - len(examples)])

    def moments(self) -> tuple[SectionMoments, ...]:
        """Every section's exact sums."""
        return tuple(acc.moments() for acc in self.sections)

    def quality(self) -> tuple[QualityTally, ...]:
        """Every flag, zero counts included, in a fixed order."""
        return tuple(
            QualityTally(f, self._flag_counts.get(f, 0), tuple(self._examples.get(f, ())))
            for f in QualityFlag
        )

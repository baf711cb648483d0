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
    """Rating patterns of one section; `moments()` gives the exact sums at any time."""

    __slots__ = ("count", "counts", "cross", "cube", "low", "patterns", "quad", "size", "sums")

    def __init__(self, size: int, low: int, high: int) -> None:
        self.size = size
        self.low = low
        self.count = 0
        self.patterns: dict[tuple[int, ...], int] = {}
        self.sums = [0] * size
        self.cross = [[0] * size for _ in range(size)]
        self.cube = [[0] * size for _ in range(size)]
        self.quad = [[0] * size for _ in range(size)]
        self.counts = [[0] * (high - low + 1) for _ in range(size)]

    def add(self, ratings: tuple[int, ...]) -> None:
        """Count one respondent's ratings of this section."""
        patterns = self.patterns
        patterns[ratings] = patterns.get(ratings, 0) + 1
        if len(patterns) > PATTERN_CAP:
            self.flush()

    def flush(self) -> None:
        """Fold the buffered patterns into the sums and empty the buffer."""
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
        """Add another accumulator of the same section (from another worker)."""
        if other.size != self.size or len(other.counts[0] if other.size else []) != len(
            self.counts[0] if self.size else []
        ):
            raise ValueError("cannot merge accumulators of different sections")
        other.flush()
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

    __slots__ = ("_examples", "_flag_counts", "count", "sections")

    def __init__(self, sizes: Sequence[int], low: int, high: int) -> None:
        self.count = 0
        self.sections = [SectionAccumulator(k, low, high) for k in sizes]
        self._flag_counts = dict.fromkeys(QualityFlag, 0)
        self._examples: dict[QualityFlag, list[FlaggedRespondent]] = {f: [] for f in QualityFlag}

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
        self.count += 1
        for acc, r in zip(self.sections, ratings, strict=True):
            acc.add(r)
        if flags is None:
            flags = quality_flags(ratings)
        for flag in flags:
            self._flag_counts[flag] += 1
            examples = self._examples[flag]
            if who is not None and len(examples) < FLAGGED_EXAMPLES:
                examples.append(who)

    def merge(self, other: RatingsAccumulator) -> None:
        """Add another group's accumulator (same questionnaire), e.g. from a worker."""
        if len(other.sections) != len(self.sections):
            raise ValueError("cannot merge accumulators of different questionnaires")
        self.count += other.count
        for mine, theirs in zip(self.sections, other.sections, strict=True):
            mine.merge(theirs)
        for flag in QualityFlag:
            self._flag_counts[flag] += other._flag_counts[flag]
            room = FLAGGED_EXAMPLES - len(self._examples[flag])
            self._examples[flag].extend(other._examples[flag][:room])

    def moments(self) -> tuple[SectionMoments, ...]:
        """Every section's exact sums."""
        return tuple(acc.moments() for acc in self.sections)

    def quality(self) -> tuple[QualityTally, ...]:
        """Every flag, zero counts included, in a fixed order."""
        return tuple(
            QualityTally(f, self._flag_counts[f], tuple(self._examples[f])) for f in QualityFlag
        )

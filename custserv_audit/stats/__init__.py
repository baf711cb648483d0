"""Statistics of a batch: statements, intervals, reliability, disagreement, quality, group size.

Feed `RatingsAccumulator` one respondent at a time (flat memory, mergeable),
then compute the figures with the pure functions of `figures`.
"""

from .accumulate import (
    FlaggedRespondent,
    QualityTally,
    RatingsAccumulator,
    SectionAccumulator,
    SectionMoments,
)
from .disclosure import DEFAULT_MIN_GROUP, Disclosure, disclosure
from .figures import (
    LEVEL,
    MIN_RELIABILITY_COUNT,
    BandShare,
    Disagreement,
    Interval,
    Reason,
    Reliability,
    SectionSpread,
    StatementStats,
    band_shares,
    disagreement,
    lowest_statements,
    mean_interval,
    reliability,
    statement_stats,
    thresholds_crossed,
)
from .quality import QualityFlag, quality_flags
from .tdist import t_cdf, t_quantile, two_sided_critical

__all__ = [
    "DEFAULT_MIN_GROUP",
    "LEVEL",
    "MIN_RELIABILITY_COUNT",
    "BandShare",
    "Disagreement",
    "Disclosure",
    "FlaggedRespondent",
    "Interval",
    "QualityFlag",
    "QualityTally",
    "RatingsAccumulator",
    "Reason",
    "Reliability",
    "SectionAccumulator",
    "SectionMoments",
    "SectionSpread",
    "StatementStats",
    "band_shares",
    "disagreement",
    "disclosure",
    "lowest_statements",
    "mean_interval",
    "quality_flags",
    "reliability",
    "statement_stats",
    "t_cdf",
    "t_quantile",
    "thresholds_crossed",
    "two_sided_critical",
]

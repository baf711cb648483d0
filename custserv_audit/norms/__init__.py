"""Norms: score distributions of many audits (never respondents), and percentiles against them."""

from .build import NormBuilder
from .model import TRUSTED_NORM, Distribution, Norm, Percentiles, percentiles_of, shown_percentile

__all__ = [
    "TRUSTED_NORM",
    "Distribution",
    "Norm",
    "NormBuilder",
    "Percentiles",
    "percentiles_of",
    "shown_percentile",
]

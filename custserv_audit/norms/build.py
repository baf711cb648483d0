"""Making a norm: count each exact score of many scored respondents, nothing else."""

from __future__ import annotations

from collections import Counter

from ..model import Questionnaire, Result
from ..scoring import scoring_plan
from .model import Distribution, Norm


def distribution(denominator: int, counter: Counter[int]) -> Distribution:
    """A distribution from a counter of numerators."""
    values = tuple(sorted(counter))
    return Distribution(denominator, values, tuple(counter[v] for v in values))


class NormBuilder:
    """Feed scored respondents one at a time; memory grows only with distinct scores."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        plan = scoring_plan(questionnaire)
        self._sizes, self._scale, self._factors = plan.sizes, plan.denominator, plan.factors
        self._sections: list[Counter[int]] = [Counter() for _ in self._sizes]
        self._total: Counter[int] = Counter()
        self.count = 0
        self.undated = 0
        self._first: str | None = None
        self._last: str | None = None

    def add(self, result: Result) -> None:
        """Count one respondent's section scores, total and date."""
        self.count += 1
        total = 0
        for counter, section, factor in zip(
            self._sections, result.sections, self._factors, strict=True
        ):
            counter[section.points] += 1
            total += section.points * factor
        self._total[total] += 1
        date = result.answers.date
        if date is None:
            self.undated += 1
        else:
            self._first = date if self._first is None or date < self._first else self._first
            self._last = date if self._last is None or date > self._last else self._last

    def finish(self) -> Norm:
        """The norm of everything added so far."""
        q = self.questionnaire
        return Norm(
            questionnaire=q.id,
            fingerprint=q.fingerprint,
            count=self.count,
            first_date=self._first,
            last_date=self._last,
            undated=self.undated,
            sections=tuple(
                (s.id, distribution(k, c))
                for s, k, c in zip(q.sections, self._sizes, self._sections, strict=True)
            ),
            total=distribution(self._scale, self._total),
        )

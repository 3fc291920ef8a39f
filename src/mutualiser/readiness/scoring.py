"""Readiness profile from the answers: a score per dimension, a level, the weak dimensions.

Pure functions (no database). A dimension's score is the mean of its answers mapped from the
1–5 scale to 0–100; unanswered statements are left out. The overall score is the mean of the
dimension scores, so that a dimension with three statements does not weigh more than one
with two.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .questions import Dimension, Questionnaire

READY = "ready"
CONSOLIDATE = "consolidate"
PREPARE = "prepare"

# Thresholds on the 0–100 scale. A single weak dimension keeps an organisation out of "ready":
# one missing condition (no champion, no trust) is enough to stall a pooling project.
READY_OVERALL = 70
WEAK_BELOW = 50
PREPARE_BELOW = 45


@dataclass(frozen=True, slots=True)
class DimensionScore:
    dimension: Dimension
    score: int  # 0–100
    answered: int

    @property
    def is_weak(self) -> bool:
        return self.score < WEAK_BELOW


@dataclass(frozen=True, slots=True)
class Profile:
    dimensions: tuple[DimensionScore, ...]
    overall: int
    level: str  # ready | consolidate | prepare

    @property
    def weak(self) -> tuple[DimensionScore, ...]:
        """Weak dimensions, weakest first."""
        return tuple(sorted((d for d in self.dimensions if d.is_weak), key=lambda d: d.score))

    @property
    def weakest(self) -> DimensionScore:
        return min(self.dimensions, key=lambda d: d.score)


def _to_percent(mean: float) -> int:
    return round((mean - 1) / 4 * 100)


def score_answers(questionnaire: Questionnaire, answers: Mapping[str, int]) -> Profile:
    """The profile of one set of answers ({question id: 1..5}); unknown ids are ignored."""
    scores = []
    for dimension in questionnaire.dimensions:
        values = [
            int(answers[q.id])
            for q in dimension.questions
            if q.id in answers and 1 <= int(answers[q.id]) <= 5
        ]
        mean = sum(values) / len(values) if values else 1.0
        scores.append(
            DimensionScore(dimension=dimension, score=_to_percent(mean), answered=len(values))
        )
    overall = round(sum(s.score for s in scores) / len(scores))
    if overall >= READY_OVERALL and not any(s.is_weak for s in scores):
        level = READY
    elif overall >= PREPARE_BELOW:
        level = CONSOLIDATE
    else:
        level = PREPARE
    return Profile(dimensions=tuple(scores), overall=overall, level=level)

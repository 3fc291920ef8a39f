"""Writes of the guide: a chapter read, a quiz answer."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from mutualiser.words import reasons
from mutualiser.words.formats import language_code

from .content import Chapter, QuizQuestion
from .models import ChapterRead, QuizAnswer


@dataclass(frozen=True, slots=True)
class QuizResult:
    choice: int
    correct: bool


def chapter_mark_read(*, user, slug: str) -> ChapterRead:
    """Remember that the member opened a chapter; the first reading's date is kept."""
    read, _created = ChapterRead.objects.get_or_create(user=user, slug=slug)
    return read


def quiz_check(*, question: QuizQuestion, choice: int) -> QuizResult:
    return QuizResult(choice=choice, correct=choice == question.answer)


@transaction.atomic
def quiz_answer_record(
    *, user, chapter: Chapter, question: QuizQuestion, choice: int
) -> QuizResult:
    """Check an answer and, for a signed-in member, keep it (the last answer counts)."""
    result = quiz_check(question=question, choice=choice)
    if user.is_authenticated:
        QuizAnswer.objects.update_or_create(
            user=user,
            slug=chapter.slug,
            question=question.index,
            defaults={"choice": choice, "correct": result.correct},
        )
    return result


# The cost-sharing example -------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerInput:
    name: str
    months: tuple[float, ...]  # use in each of the 12 months
    budget: float | None


@dataclass(frozen=True)
class RuleRow:
    code: str
    label: str
    in_core: bool
    cells: tuple[dict, ...]  # per partner: share, savings, percent of the scale, over


@dataclass(frozen=True)
class CostSharingExample:
    category_label: str
    unit_label: str
    cost: float
    standalone_total: float
    partners: tuple[dict, ...]  # name, standalone, yearly use, percent of the scale
    rules: tuple[RuleRow, ...]
    notes: tuple[str, ...]
    feasible: bool

    @property
    def savings(self) -> float:
        return self.standalone_total - self.cost

    @property
    def savings_percent(self) -> int:
        return round(100 * self.savings / self.standalone_total) if self.standalone_total else 0


def months_for(use: float, season_months: tuple[int, ...]) -> tuple[float, ...]:
    return tuple(use if month in season_months else 0.0 for month in range(1, 13))


def cost_sharing_example(
    *, category_code: str, partners: list[PartnerInput], language: str
) -> CostSharingExample:
    """Every key's split of one shared resource among the example's partners (the engine's).

    Partners are keyed by position, so two partners may carry the same name.
    """
    from mutualiser.engine.costsharing import RULES, share_cost
    from mutualiser.engine.taxonomy import load_taxonomy

    lang = language_code(language)
    category = load_taxonomy().get(category_code)
    keys = [f"p{i}" for i in range(len(partners))]
    demands = {key: list(p.months) for key, p in zip(keys, partners, strict=True)}
    budgets = None
    if all(p.budget is not None for p in partners):
        budgets = {key: float(p.budget) for key, p in zip(keys, partners, strict=True)}
    result = share_cost(category.cost_params(), demands, budgets=budgets)
    scale = max(
        [*result.standalone.values(), *(s for org in result.shares.values() for s in org.values())]
    )
    scale = scale or 1.0

    def percent(value: float) -> float:
        return round(max(0.0, 100 * value / scale), 1)

    rows = []
    for rule in RULES:
        cells = []
        for key in keys:
            share = result.shares[key][rule]
            cells.append(
                {
                    "share": share,
                    "savings": result.savings[key][rule],
                    "percent": percent(share),
                    "standalone_percent": percent(result.standalone[key]),
                    "over": share > result.standalone[key] + 0.005,
                }
            )
        rows.append(
            RuleRow(
                code=rule,
                label=reasons.label(f"rule.{rule}", lang),
                in_core=result.in_core[rule],
                cells=tuple(cells),
            )
        )
    return CostSharingExample(
        category_label=category.label(lang),
        unit_label=reasons.unit_name(category.unit, 2, lang),
        cost=result.cost,
        standalone_total=sum(result.standalone.values()),
        partners=tuple(
            {
                "name": p.name,
                "standalone": result.standalone[key],
                "use": sum(p.months),
                "percent": percent(result.standalone[key]),
            }
            for key, p in zip(keys, partners, strict=True)
        ),
        rules=tuple(rows),
        notes=tuple(
            reasons.render(note, lang)
            for note in result.notes
            if note.id != "share.budget_missing" or budgets is None
        ),
        feasible=result.feasible,
    )

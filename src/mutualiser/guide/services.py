"""Writes of the guide: a chapter read, a quiz answer."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

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

"""Reads about the guide: chapters and the member's progress in them."""

from __future__ import annotations

from typing import NamedTuple

from mutualiser.words.language import current_language

from .content import Chapter, Guide, get_guide
from .models import ChapterRead, QuizAnswer


class GuideProgress(NamedTuple):
    chapters_read: int
    total: int
    answered: int
    correct: int

    @property
    def percent(self) -> int:
        return round(100 * self.chapters_read / self.total) if self.total else 0


def current_guide() -> Guide:
    """The guide in the active language."""
    return get_guide(current_language())


def quiz_question_count(guide: Guide | None = None) -> int:
    guide = guide or current_guide()
    return sum(len(chapter.quiz) for chapter in guide.chapters)


def chapter_read_slugs(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(ChapterRead.objects.filter(user=user).values_list("slug", flat=True))


def quiz_answer_map(user, slug: str | None = None) -> dict[tuple[str, int], QuizAnswer]:
    """The member's last answers, keyed by (chapter slug, question index)."""
    if not user.is_authenticated:
        return {}
    answers = QuizAnswer.objects.filter(user=user)
    if slug is not None:
        answers = answers.filter(slug=slug)
    return {(a.slug, a.question): a for a in answers}


def guide_progress(user, guide: Guide | None = None) -> GuideProgress | None:
    """(chapters read, chapters in all, questions answered, answered right), None when anonymous.

    Only chapters and questions that still exist in the guide count.
    """
    if not user.is_authenticated:
        return None
    guide = guide or current_guide()
    slugs = {chapter.slug for chapter in guide.chapters}
    questions = {(chapter.slug, q.index) for chapter in guide.chapters for q in chapter.quiz}
    answers = [a for key, a in quiz_answer_map(user).items() if key in questions]
    return GuideProgress(
        chapters_read=len(chapter_read_slugs(user) & slugs),
        total=len(slugs),
        answered=len(answers),
        correct=sum(a.correct for a in answers),
    )


def chapter_answered_counts(user, guide: Guide) -> dict[str, int]:
    """How many of each chapter's questions the member has answered."""
    counts: dict[str, int] = {}
    valid = {(c.slug, q.index) for c in guide.chapters for q in c.quiz}
    for key in quiz_answer_map(user):
        if key in valid:
            counts[key[0]] = counts.get(key[0], 0) + 1
    return counts


def chapter_get(guide: Guide, slug: str) -> Chapter | None:
    return guide.get(slug)

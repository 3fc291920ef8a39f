"""A visitor learns in Chromium: reads a chapter, answers a quiz, tries the simulator."""

from __future__ import annotations

import os

import pytest

from mutualiser.guide.content import get_guide

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_reads_a_chapter_answers_a_quiz_and_sees_the_explanation(page, live_server):
    chapter = get_guide("fr").chapters[0]
    question = chapter.quiz[0]
    wrong = next(i for i in range(len(question.choices)) if i != question.answer)
    page.goto(live_server.url + "/fr/guide/")
    page.get_by_role("link", name=chapter.title).click()

    page.get_by_role("heading", level=1, name=chapter.title).wait_for()
    form = page.locator("#quiz-0")
    form.get_by_label(question.choices[wrong]).check()
    form.get_by_role("button", name="Vérifier ma réponse").click()

    feedback = page.locator("#quiz-0 .quiz-feedback")
    feedback.wait_for()
    assert "Pas tout à fait." in feedback.inner_text()
    assert question.explanation in feedback.inner_text()
    # Swapped in place by HTMX: still on the chapter, the other questions untouched.
    assert page.url.endswith(f"/fr/guide/{chapter.slug}/")
    assert page.locator("#quiz-1 .quiz-feedback").count() == 0


def test_visitor_changes_a_figure_and_the_shares_follow(page, live_server):
    page.goto(live_server.url + "/fr/guide/partage-des-couts/exemple/")
    before = page.locator("#cost-result .cs-summary").inner_text()

    page.fill("#id_p2-use", "beaucoup")
    page.locator("#err-p2-use .errorlist").wait_for()
    page.fill("#id_p2-use", "60")
    page.locator("#cost-result .cs-table").wait_for()

    assert page.locator("#err-p2-use").inner_text() == ""
    assert page.locator("#cost-result .cs-summary").inner_text() != before

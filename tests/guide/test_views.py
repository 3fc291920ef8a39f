from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from mutualiser.guide.models import ChapterRead, QuizAnswer
from mutualiser.guide.selectors import guide_progress

pytestmark = pytest.mark.django_db


def url(name: str, language: str = "fr", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def test_visitor_sees_the_table_of_contents_with_summaries(client, test_guide):
    response = client.get(url("guide:index"))

    assert response.status_code == 200
    assert "Qu&#x27;est-ce que la mutualisation ?" in response.content.decode()
    assert "Les deux conditions de base." in response.content.decode()
    assert "Créez un compte" in response.content.decode()


def test_table_of_contents_is_in_english_under_en(client, test_guide):
    response = client.get(url("guide:index", "en"))

    assert "What is pooling?" in response.content.decode()
    assert "Glossary" in response.content.decode()


def test_member_sees_read_marks_and_progress_on_the_index(client, alice, test_guide):
    ChapterRead.objects.create(user=alice, slug="definition")
    QuizAnswer.objects.create(user=alice, slug="definition", question=0, choice=1, correct=True)
    client.force_login(alice)

    response = client.get(url("guide:index"))

    page = response.content.decode()
    assert "Votre progression dans le guide" in page
    assert "1 chapitre lu sur 2" in page
    assert "1 question répondue, dont 1 juste" in page
    assert "is-read" in page


def test_visitor_reads_a_chapter_with_its_contents_and_quiz(client, test_guide):
    response = client.get(url("guide:chapter", slug="definition"))

    page = response.content.decode()
    assert response.status_code == 200
    assert '<h2 id="en-une-phrase">' in page
    assert 'href="#deux-conditions"' in page
    assert "Quelles sont les deux conditions minimales ?" in page
    assert 'hx-post="/fr/guide/definition/quiz/0/"' in page
    assert ChapterRead.objects.count() == 0


def test_chapter_links_to_the_next_and_previous_chapters(client, test_guide):
    first = client.get(url("guide:chapter", slug="definition")).content.decode()
    last = client.get(url("guide:chapter", slug="glossaire")).content.decode()

    assert 'href="/fr/guide/glossaire/" class="guide-pager-next"' in first
    assert 'href="/fr/guide/definition/" class="guide-pager-prev"' in last


def test_chapter_links_to_the_tool_it_leads_to(client, test_guide):
    response = client.get(url("guide:chapter", slug="definition"))

    assert f'href="{url("readiness:index")}" role="button"' in response.content.decode()


def test_a_tool_not_built_yet_shows_soon_instead_of_a_link(client, test_guide):
    response = client.get(url("guide:chapter", slug="glossaire"))

    page = response.content.decode()
    assert "Animer un atelier" in page
    assert "bientôt" in page


def test_unknown_chapter_gives_404(client, test_guide):
    response = client.get("/fr/guide/pas-un-chapitre/")

    assert response.status_code == 404


def test_opening_a_chapter_marks_it_read_for_a_member(client, alice, test_guide):
    client.force_login(alice)

    client.get(url("guide:chapter", slug="definition"))
    client.get(url("guide:chapter", slug="definition"))

    assert list(ChapterRead.objects.values_list("user__email", "slug")) == [
        ("alice@example.org", "definition")
    ]


def test_a_quiz_answer_shows_the_whole_page_without_javascript(client, test_guide):
    response = client.post(url("guide:quiz-answer", slug="definition", index=0), {"choice": "0"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" in page
    assert "Pas tout à fait." in page
    assert "Il faut une ressource à partager et un retour attendu." in page


def test_a_quiz_answer_over_htmx_returns_only_the_question(client, test_guide):
    response = client.post(
        url("guide:quiz-answer", slug="definition", index=0),
        {"choice": "1"},
        headers={"HX-Request": "true"},
    )

    page = response.content.decode()
    assert "<html" not in page
    assert 'id="quiz-0"' in page
    assert "Bonne réponse." in page
    assert "Il faut une ressource à partager et un retour attendu." in page


def test_a_quiz_without_a_choice_asks_for_one(client, test_guide):
    response = client.post(
        url("guide:quiz-answer", slug="definition", index=1), {}, headers={"HX-Request": "true"}
    )

    assert "Choisissez une réponse." in response.content.decode()


def test_a_choice_outside_the_list_is_refused(client, alice, test_guide):
    client.force_login(alice)

    response = client.post(url("guide:quiz-answer", slug="definition", index=1), {"choice": "7"})

    assert "Choisissez une des réponses proposées." in response.content.decode()
    assert not QuizAnswer.objects.exists()


def test_a_question_that_does_not_exist_gives_404(client, test_guide):
    response = client.post(url("guide:quiz-answer", slug="definition", index=9), {"choice": "0"})

    assert response.status_code == 404


def test_the_last_answer_of_a_member_counts(client, alice, test_guide):
    client.force_login(alice)
    answer_url = url("guide:quiz-answer", slug="definition", index=0)

    client.post(answer_url, {"choice": "0"})
    client.post(answer_url, {"choice": "1"})

    answer = QuizAnswer.objects.get()
    assert (answer.user, answer.question, answer.choice, answer.correct) == (alice, 0, 1, True)


def test_a_visitor_answer_is_not_kept(client, test_guide):
    client.post(url("guide:quiz-answer", slug="definition", index=0), {"choice": "1"})

    assert not QuizAnswer.objects.exists()


def test_the_quiz_answer_url_refuses_get(client, test_guide):
    response = client.get(url("guide:quiz-answer", slug="definition", index=0))

    assert response.status_code == 405


def test_a_member_sees_their_previous_answer_when_coming_back(client, alice, test_guide):
    QuizAnswer.objects.create(user=alice, slug="definition", question=1, choice=1, correct=False)
    client.force_login(alice)

    response = client.get(url("guide:chapter", slug="definition"))

    assert "On cède une part d&#x27;autonomie." in response.content.decode()


def test_progress_counts_chapters_read_and_answers(alice, bob, test_guide):
    ChapterRead.objects.create(user=alice, slug="definition")
    ChapterRead.objects.create(user=alice, slug="chapitre-retire")
    QuizAnswer.objects.create(user=alice, slug="definition", question=0, choice=0, correct=False)
    QuizAnswer.objects.create(user=alice, slug="definition", question=1, choice=0, correct=True)
    ChapterRead.objects.create(user=bob, slug="glossaire")

    with translation.override("fr"):
        progress = guide_progress(alice)

    assert tuple(progress) == (1, 2, 2, 1)


def test_a_visitor_has_no_progress(test_guide):
    from django.contrib.auth.models import AnonymousUser

    assert guide_progress(AnonymousUser()) is None


def test_the_home_page_shows_the_member_progress(client, alice, test_guide):
    ChapterRead.objects.create(user=alice, slug="glossaire")
    client.force_login(alice)

    response = client.get(url("home"))

    assert "Votre progression dans le guide" in response.content.decode()
    assert "1 chapitre lu sur 2" in response.content.decode()


def test_the_home_page_has_no_progress_block_for_a_visitor(client, test_guide):
    response = client.get(url("home"))

    assert "Votre progression dans le guide" not in response.content.decode()


def test_search_finds_a_term_without_its_accents(client, test_guide):
    response = client.get(url("guide:search"), {"q": "cooperation"})

    page = response.content.decode()
    assert 'href="/fr/guide/glossaire/#cooperation"' in page
    assert "<mark>" in page or "Coopération" in page


def test_search_stays_in_the_current_language(client, test_guide):
    response = client.get(url("guide:search", "en"), {"q": "cooperation"})

    assert 'href="/en/guide/glossaire/#cooperation"' in response.content.decode()


def test_search_without_result_says_what_to_do(client, test_guide):
    response = client.get(url("guide:search"), {"q": "zzzz"})

    page = response.content.decode()
    assert "Aucun passage ne contient « zzzz »." in page
    assert 'href="/fr/guide/"' in page


def test_search_escapes_the_query(client, test_guide):
    response = client.get(url("guide:search"), {"q": "<script>x</script>"})

    assert "<script>x</script>" not in response.content.decode()


def test_the_guide_index_needs_few_queries(
    client, alice, test_guide, django_assert_max_num_queries
):
    client.force_login(alice)

    with django_assert_max_num_queries(12):
        client.get(url("guide:index"))

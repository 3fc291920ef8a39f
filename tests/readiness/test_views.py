from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from mutualiser.organisations.choices import Role
from mutualiser.readiness.models import ReadinessAssessment
from mutualiser.readiness.questions import get_questionnaire
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(name: str, language: str = "fr", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def answers(value: int, **overrides: int) -> dict[str, int]:
    data = {q.id: value for q in get_questionnaire().questions}
    data.update(overrides)
    return data


@pytest.fixture
def viewer(organisation_a):
    user = UserFactory(email="vera@example.org", full_name="Véra Viewer")
    MembershipFactory(user=user, organisation=organisation_a, role=Role.VIEWER)
    return user


@pytest.fixture
def assessment_a(organisation_a, alice):
    return ReadinessAssessment.objects.create(
        organisation=organisation_a, answered_by=alice, answers=answers(5, trust_history=1,
        trust_values=1, trust_talk=1)
    )  # fmt: skip


def test_visitor_is_sent_to_the_login_page(client):
    response = client.get(url("readiness:index"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_member_without_organisation_is_pointed_to_create_one(client):
    user = UserFactory(email="solo@example.org")
    client.force_login(user)

    response = client.get(url("readiness:index"))

    assert "L'autoévaluation se fait pour un organisme." in response.content.decode()
    assert f'href="{url("organisations:create")}"' in response.content.decode()


def test_owner_without_assessment_is_invited_to_start(client, alice):
    client.force_login(alice)

    response = client.get(url("readiness:index"))

    assert f'href="{url("readiness:answer")}" role="button"' in response.content.decode()


def test_the_questionnaire_groups_statements_by_dimension(client, bob):
    client.force_login(bob)

    response = client.get(url("readiness:answer"))

    page = response.content.decode()
    assert "Engagement de la direction" in page
    assert "Ouverture au partage" in page
    assert page.count('type="radio"') == 5 * len(get_questionnaire().questions)


def test_editor_answers_and_sees_the_profile(client, bob, organisation_a):
    client.force_login(bob)

    response = client.post(url("readiness:answer"), answers(4), follow=True)

    assessment = ReadinessAssessment.objects.get()
    assert assessment.organisation == organisation_a
    assert assessment.answered_by == bob
    assert assessment.answers["intent_gain"] == 4
    page = response.content.decode()
    assert "Prêt à démarrer" in page
    assert "75&nbsp;/&nbsp;100" in page
    assert "Passez au diagnostic" in page


def test_missing_answers_are_shown_next_to_the_statements_and_nothing_is_saved(client, alice):
    client.force_login(alice)
    partial = answers(4)
    del partial["finances_cash"]

    response = client.post(url("readiness:answer"), partial)

    assert response.status_code == 200
    assert "Répondez à cette affirmation." in response.content.decode()
    assert not ReadinessAssessment.objects.exists()


def test_a_value_outside_the_scale_is_refused(client, alice):
    client.force_login(alice)

    response = client.post(url("readiness:answer"), answers(4, intent_gain=9))

    assert "Choisissez une valeur de 1 à 5." in response.content.decode()
    assert not ReadinessAssessment.objects.exists()


def test_weak_dimensions_get_advice_and_a_chapter_to_read(client, alice, assessment_a):
    client.force_login(alice)

    response = client.get(url("readiness:index"))

    page = response.content.decode()
    assert "À consolider" in page
    assert "Confiance et relations" in page
    assert "La confiance se construit par étapes." in page
    assert "Démarrez par une entente légère" in page
    assert 'href="/fr/guide/niveaux/"' in page


def test_a_low_profile_is_to_prepare_and_starts_with_the_weakest_dimension(
    client, alice, organisation_a
):
    ReadinessAssessment.objects.create(
        organisation=organisation_a, answered_by=alice, answers=answers(2, intent_gain=1)
    )
    client.force_login(alice)

    response = client.get(url("readiness:index"))

    page = response.content.decode()
    assert "À préparer" in page
    assert "Préparez le terrain avant de chercher des partenaires" in page
    assert "Commencez par « Intention »" in page


def test_history_is_kept_and_the_latest_is_shown(client, alice, organisation_a, assessment_a):
    newer = ReadinessAssessment.objects.create(
        organisation=organisation_a, answered_by=alice, answers=answers(5)
    )
    client.force_login(alice)

    response = client.get(url("readiness:index"))

    page = response.content.decode()
    assert "Prêt à démarrer" in page
    assert "Historique" in page
    assert f'href="{assessment_a.get_absolute_url()}"' in page
    assert f'href="{newer.get_absolute_url()}"' in page


def test_the_questionnaire_starts_from_the_latest_answers(client, alice, assessment_a):
    client.force_login(alice)

    response = client.get(url("readiness:answer"))

    assert 'name="trust_history" value="1" id="id_trust_history_0" required checked' in (
        response.content.decode()
    )


def test_viewer_sees_the_result_but_cannot_answer(client, viewer, assessment_a):
    client.force_login(viewer)

    index = client.get(url("readiness:index"))
    form = client.get(url("readiness:answer"))
    post = client.post(url("readiness:answer"), answers(5))

    assert "À consolider" in index.content.decode()
    assert "Refaire l'autoévaluation" not in index.content.decode()
    assert form.status_code == 403
    assert post.status_code == 403
    assert ReadinessAssessment.objects.count() == 1


def test_viewer_without_assessment_is_told_who_can_answer(client, viewer):
    client.force_login(viewer)

    response = client.get(url("readiness:index"))

    assert "Une personne responsable ou éditrice" in response.content.decode()


def test_member_of_another_organisation_gets_404_for_an_assessment(client, charlie, assessment_a):
    client.force_login(charlie)

    response = client.get(assessment_a.get_absolute_url())

    assert response.status_code == 404


def test_member_of_another_organisation_never_sees_its_assessments(client, charlie, assessment_a):
    client.force_login(charlie)

    response = client.get(url("readiness:index"))

    assert "Danse Boréale" in response.content.decode()
    assert "À consolider" not in response.content.decode()


def test_charlie_answering_saves_for_his_own_organisation_only(
    client, charlie, organisation_b, assessment_a
):
    client.force_login(charlie)

    client.post(url("readiness:answer"), answers(3))

    assert ReadinessAssessment.objects.filter(organisation=organisation_b).count() == 1
    assert ReadinessAssessment.objects.filter(organisation=assessment_a.organisation).count() == 1


def test_an_earlier_assessment_opens_by_its_id_for_a_member(client, bob, assessment_a):
    client.force_login(bob)

    response = client.get(assessment_a.get_absolute_url())

    assert response.status_code == 200
    assert "Autoévaluation du" in response.content.decode()


def test_the_result_reads_in_english(client, alice, assessment_a):
    client.force_login(alice)

    response = client.get(url("readiness:index", "en"))

    page = response.content.decode()
    assert "Trust and relationships" in page
    assert "Trust is built in stages." in page


def test_the_readiness_page_needs_few_queries(
    client, alice, organisation_a, django_assert_max_num_queries
):
    for value in (2, 3, 4, 5):
        ReadinessAssessment.objects.create(
            organisation=organisation_a, answered_by=alice, answers=answers(value)
        )
    client.force_login(alice)

    with django_assert_max_num_queries(10):
        response = client.get(url("readiness:index"))

    assert response.status_code == 200


def test_submitting_the_questionnaire_unchanged_adds_nothing_to_the_history(
    client, alice, organisation_a
):
    client.force_login(alice)
    client.post(url("readiness:answer"), answers(4))

    response = client.post(url("readiness:answer"), answers(4), follow=True)

    assert ReadinessAssessment.objects.filter(organisation=organisation_a).count() == 1
    assert "Vos réponses n&#x27;ont pas changé" in response.content.decode()


def test_a_changed_answer_adds_a_new_assessment_to_the_history(client, alice, organisation_a):
    client.force_login(alice)
    client.post(url("readiness:answer"), answers(4))

    client.post(url("readiness:answer"), answers(4, intent_gain=5))

    assert ReadinessAssessment.objects.filter(organisation=organisation_a).count() == 2


def test_the_same_answers_as_another_organisation_are_saved_for_ones_own(
    client, alice, charlie, organisation_a, organisation_b
):
    client.force_login(alice)
    client.post(url("readiness:answer"), answers(4))
    client.force_login(charlie)

    client.post(url("readiness:answer"), answers(4))

    assert ReadinessAssessment.objects.filter(organisation=organisation_b).count() == 1


def test_an_assessment_whose_author_left_still_shows(client, organisation_a, alice):
    """The author's account was deleted (answered_by set to null): the page says "—", no 500."""
    ReadinessAssessment.objects.create(organisation=organisation_a, answered_by=None, answers={})
    client.force_login(alice)

    response = client.get(url("readiness:index"))

    assert response.status_code == 200
    assert "par —" in response.content.decode()

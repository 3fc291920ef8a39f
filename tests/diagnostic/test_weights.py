"""The scoring grid's weights: facilitators only, validated, restorable, used by the results."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from mutualiser.diagnostic.models import Category, ScoringWeights
from mutualiser.diagnostic.scoring import FACILITATORS_GROUP, active_weights
from mutualiser.engine.diagnostic import CRITERIA, DEFAULT_WEIGHTS

from ..factories import InventoryItemFactory, UserFactory


def weights_url(lang: str = "fr") -> str:
    with translation.override(lang):
        return reverse("diagnostic:weights")


def form_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {code: DEFAULT_WEIGHTS[code] for code in CRITERIA}
    data.update(changes)
    data["action"] = "save"
    return data


@pytest.fixture
def facilitator(db):
    user = UserFactory(email="fanny@example.org", full_name="Fanny Lavoie")
    user.groups.add(Group.objects.get(name=FACILITATORS_GROUP))
    return user


@pytest.mark.django_db
def test_the_facilitators_group_exists_after_migrating():
    assert Group.objects.filter(name=FACILITATORS_GROUP).exists()


@pytest.mark.django_db
def test_a_member_who_is_not_a_facilitator_gets_404(client, alice, charlie):
    for user in (alice, charlie):
        client.force_login(user)

        assert client.get(weights_url()).status_code == 404
        assert client.post(weights_url(), form_data(recurrence=5)).status_code == 404

    assert not ScoringWeights.objects.exists()


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(weights_url())

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_a_facilitator_sees_the_twelve_weights_with_their_descriptions(client, facilitator):
    client.force_login(facilitator)

    response = client.get(weights_url())

    page = response.content.decode()
    assert response.status_code == 200
    for code in CRITERIA:
        assert f'name="{code}"' in page
    assert "Volume fractionnaire" in page
    assert "Le besoin revient-il tous les mois" in page


@pytest.mark.django_db
def test_restore_is_offered_only_when_adjusted_weights_are_in_force(client, facilitator):
    client.force_login(facilitator)

    defaults = client.get(weights_url()).content.decode()
    asked_anyway = client.get(weights_url(), {"confirm": "restore"}).content.decode()
    client.post(weights_url(), form_data(recurrence="5"))
    adjusted = client.get(weights_url()).content.decode()

    assert "Les valeurs par défaut sont en vigueur." in defaults
    assert "Restaurer les valeurs par défaut" not in defaults
    assert "Oui, restaurer" not in asked_anyway
    assert "Une pondération ajustée est en vigueur." in adjusted
    assert "Restaurer les valeurs par défaut" in adjusted


@pytest.mark.django_db
def test_staff_users_are_facilitators_too(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(weights_url()).status_code == 200


@pytest.mark.django_db
def test_a_facilitator_saves_new_weights_that_the_results_then_use(client, facilitator, alice):
    InventoryItemFactory(
        organisation=alice.memberships.get().organisation,
        category=Category.objects.get(code="accounting"),
    )
    client.force_login(facilitator)

    response = client.post(weights_url(), form_data(recurrence="4.5", support_core="0"))

    assert response.status_code == 302
    weights, custom = active_weights()
    assert custom is True
    assert weights["recurrence"] == 4.5
    assert weights["support_core"] == 0.0
    client.force_login(alice)
    results = client.get(reverse("diagnostic:index")).context["results"]
    assert results.weights["recurrence"] == 4.5
    assert results.items[0].criteria[0].weight == 4.5


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("recurrence", "6", "Le poids ne peut pas dépasser 5."),
        ("recurrence", "-1", "Le poids ne peut pas être négatif."),
        ("recurrence", "1.25", "Utilisez des demi-points"),
        ("recurrence", "abc", "Indiquez un nombre entre 0 et 5"),
        ("recurrence", "", "Indiquez un poids entre 0 et 5."),
    ],
)
def test_invalid_weights_are_shown_next_to_the_field_and_nothing_is_saved(
    client, facilitator, field, value, message
):
    client.force_login(facilitator)

    response = client.post(weights_url(), form_data(**{field: value}))

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert f'id="id_{field}_error"' in page
    assert "rien n&#x27;a été enregistré" in page or "rien n'a été enregistré" in page
    assert not ScoringWeights.objects.exists()


@pytest.mark.django_db
def test_all_weights_at_zero_are_refused(client, facilitator):
    client.force_login(facilitator)

    response = client.post(weights_url(), form_data(**dict.fromkeys(CRITERIA, "0")))

    assert "Au moins un critère doit avoir un poids plus grand que 0." in response.content.decode()
    assert not ScoringWeights.objects.exists()


@pytest.mark.django_db
def test_errors_are_in_english_under_the_english_prefix(client, facilitator):
    client.force_login(facilitator)

    response = client.post(weights_url("en"), form_data(recurrence="9"))

    assert "The weight cannot exceed 5." in response.content.decode()


@pytest.mark.django_db
def test_restoring_the_defaults_asks_for_confirmation_first(client, facilitator):
    client.force_login(facilitator)
    client.post(weights_url(), form_data(recurrence="5"))

    confirm = client.get(weights_url(), {"confirm": "restore"})
    still_custom = active_weights()[1]
    restored = client.post(weights_url(), {"action": "restore"})

    assert "Oui, restaurer les valeurs par défaut" in confirm.content.decode()
    assert still_custom is True
    assert restored.status_code == 302
    assert active_weights() == (dict(DEFAULT_WEIGHTS), False)
    assert ScoringWeights.objects.count() == 2

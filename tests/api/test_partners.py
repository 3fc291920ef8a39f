"""Opportunities, contact requests and projects through the API: what the pages show.

Of another organisation only its name, the category, the monthly quantities and the distance
band: the strings the partners' fixture plants in B's private fields never appear.
"""

from __future__ import annotations

import pytest

from mutualiser.organisations.choices import Visibility
from mutualiser.projects.services import project_create
from tests.contacts.factories import ContactRequestFactory
from tests.factories import OrganisationFactory
from tests.partners import conftest as partners_region
from tests.partners.conftest import PRIVATE_NAME, SECRET_COST, SECRET_LABEL, SECRET_NOTES

from .conftest import assert_error_shape, call

# The partner search's small region (its fixtures), used here as the pages' tests use it.
accounting = partners_region.accounting
studio = partners_region.studio
region = partners_region.region


def opportunities(organisation) -> str:
    return f"/api/v1/organisations/{organisation.slug}/opportunities"


@pytest.mark.django_db
def test_my_opportunities_show_partners_by_category_months_and_band_only(
    client, region, alice_read
):
    response = call(client, "GET", opportunities(region["a"]), token=alice_read)

    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["takes_part"] is True
    assert answer["opportunities"], "the fixture's region has opportunities for A"
    text = response.content.decode()
    for secret in (SECRET_LABEL, SECRET_NOTES, str(SECRET_COST), "987654", PRIVATE_NAME):
        assert secret not in text
    first = answer["opportunities"][0]
    assert first["me"]["item_id"] in {region["a_accounting"].pk, region["a_studio"].pk}
    for partner in first["partners"]:
        assert set(partner) == {"organisation", "role", "months", "distance_band"}
        assert set(partner["organisation"]) == {"slug", "name"}
        assert len(partner["months"]) == 12
        assert "km" in partner["distance_band"]
    assert first["reasons"] and all(isinstance(r, str) for r in first["reasons"])


@pytest.mark.django_db
def test_an_opportunity_in_detail(client, region, alice_read):
    listing = call(client, "GET", opportunities(region["a"]), token=alice_read).json()
    first = listing["opportunities"][0]

    response = call(client, "GET", f"{opportunities(region['a'])}/{first['id']}", token=alice_read)

    assert response.status_code == 200
    assert response.json() == first


@pytest.mark.django_db
def test_opportunities_of_another_organisation_are_404(client, region, alice_read, charlie):
    from mutualiser.api.services import token_create

    charlie_token = token_create(user=charlie, name="c", scope="read")
    mine = call(client, "GET", opportunities(region["a"]), token=alice_read).json()
    first = mine["opportunities"][0]["id"]

    others = call(client, "GET", opportunities(region["a"]), token=charlie_token)
    by_id_under_b = call(client, "GET", f"{opportunities(region['b'])}/{first}", token=alice_read)

    assert_error_shape(others, 404)
    assert_error_shape(by_id_under_b, 404)


@pytest.mark.django_db
def test_a_private_organisation_takes_no_part(client, alice_read, organisation_a):
    response = call(client, "GET", opportunities(organisation_a), token=alice_read)

    assert response.json() == {
        "takes_part": False,
        "computed_at": None,
        "pending": False,
        "opportunities": [],
    }


@pytest.mark.django_db
def test_my_requests_sent_and_received_with_their_thread(
    client, alice_read, organisation_a, organisation_b
):
    sent = ContactRequestFactory(sender=organisation_a, recipient=organisation_b)
    received = ContactRequestFactory(sender=organisation_b, recipient=organisation_a)
    ContactRequestFactory()  # between two other organisations

    listing = call(
        client, "GET", f"/api/v1/organisations/{organisation_a.slug}/requests", token=alice_read
    )
    detail = call(client, "GET", f"/api/v1/requests/{sent.pk}", token=alice_read)

    assert [(r["id"], r["side"]) for r in listing.json()] == [
        (received.pk, "received"),
        (sent.pk, "sent"),
    ]
    assert detail.json()["recipient"] == {"slug": "danse-boreale", "name": "Danse Boréale"}
    assert detail.json()["messages"] == []


@pytest.mark.django_db
def test_a_request_between_two_other_organisations_is_404(client, alice_read):
    other = ContactRequestFactory()

    response = call(client, "GET", f"/api/v1/requests/{other.pk}", token=alice_read)

    assert_error_shape(response, 404)


@pytest.fixture
def project(alice, organisation_a, accounting):
    partner = OrganisationFactory(
        name="Festival des Ruelles", slug="festival-des-ruelles", visibility=Visibility.DIRECTORY
    )
    return project_create(
        created_by=alice,
        lead=organisation_a,
        partners=[partner],
        category=accounting,
        title="Comptable partagée",
        months_by_partner={
            organisation_a.pk: [90, 90, 100, 100, 60, 10, 0, 10, 80, 110, 110, 70],
            partner.pk: [0, 0, 10, 20, 50, 120, 130, 120, 30, 0, 0, 0],
        },
    )


@pytest.mark.django_db
def test_my_projects_with_their_cost_sharing(client, alice_read, project):
    listing = call(client, "GET", "/api/v1/projects", token=alice_read)
    detail = call(client, "GET", f"/api/v1/projects/{project.pk}", token=alice_read)

    assert [p["id"] for p in listing.json()] == [project.pk]
    sharing = detail.json()["cost_sharing"]
    rules = {r["rule"] for r in sharing["rules"]}
    assert {"equal", "proportional", "shapley"} <= rules
    assert len(sharing["partners"]) == 2
    for row in sharing["partners"]:
        assert row["shares"]["shapley"] >= 0
    shapley_total = sum(row["shares"]["shapley"] for row in sharing["partners"])
    assert shapley_total == pytest.approx(sharing["cost"], rel=1e-6)
    assert sharing["chosen"] is None


@pytest.mark.django_db
def test_cost_sharing_sentences_follow_the_callers_language(client, alice_read, project):
    english = call(client, "GET", f"/api/v1/projects/{project.pk}", token=alice_read, lang="en")

    labels = {r["rule"]: r["label"] for r in english.json()["cost_sharing"]["rules"]}
    assert labels["equal"] == "Equal shares"


@pytest.mark.django_db
def test_a_project_my_organisations_are_not_in_is_404(client, charlie, project):
    from mutualiser.api.services import token_create

    token = token_create(user=charlie, name="c", scope="read")

    listing = call(client, "GET", "/api/v1/projects", token=token)
    detail = call(client, "GET", f"/api/v1/projects/{project.pk}", token=token)

    assert listing.json() == []
    assert_error_shape(detail, 404)

"""Privacy: of another organisation, only category, monthly quantities and distance band.

Unique strings are planted in a partner's private fields (label, notes, cost, exact place) and
in a private organisation; none may reach any page, fragment or export of organisation A.
"""

from __future__ import annotations

import pytest

from mutualiser.partners.models import OpportunityMember
from mutualiser.words import formats
from mutualiser.words.reasons import label

from .conftest import PRIVATE_LABEL, PRIVATE_NAME, SECRET_COST, SECRET_LABEL, SECRET_NOTES


def pages_of_a(client, organisation) -> dict[str, str]:
    """Every page and fragment organisation A's member can open, in both languages."""
    rows = OpportunityMember.objects.filter(organisation=organisation)
    urls = []
    for lang in ("fr", "en"):
        urls += [
            f"/{lang}/opportunities/",
            f"/{lang}/opportunities/?kind=group",
            f"/{lang}/opportunities/progress/",
            f"/{lang}/diagnostic/",
            f"/{lang}/diagnostic/export.csv",
        ]
        urls += [f"/{lang}/opportunities/{row.opportunity_id}/" for row in rows]
    pages = {}
    for url in urls:
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(url, headers=headers)
            assert response.status_code == 200, url
            pages[f"{url} {headers}"] = response.content.decode()
    return pages


def forbidden_strings(region) -> list[str]:
    b = region["b"]
    return [
        SECRET_LABEL,
        SECRET_NOTES,
        PRIVATE_NAME,
        PRIVATE_LABEL,
        region["p"].slug,
        str(SECRET_COST),
        formats.money(SECRET_COST, "fr"),
        formats.money(SECRET_COST, "en"),
        formats.money(SECRET_COST, "fr", 2),
        f"{b.latitude}",
        f"{b.longitude}",
    ]


@pytest.mark.django_db
def test_no_private_field_of_a_partner_nor_a_private_organisation_reaches_a(client, alice, region):
    client.force_login(alice)

    pages = pages_of_a(client, region["a"])

    assert any("Danse Boréale" in text for text in pages.values())  # the partner is there
    for url, text in pages.items():
        for secret in forbidden_strings(region):
            assert secret not in text, (secret, url)


@pytest.mark.django_db
def test_a_partner_sees_a_distance_band_never_kilometres_to_the_decimal(client, alice, region):
    client.force_login(alice)
    row = OpportunityMember.objects.filter(organisation=region["a"]).first()

    page = client.get(f"/fr/opportunities/{row.opportunity_id}/").content.decode()

    assert label("band.10", "fr") in page
    assert f"{row.opportunity.distance_km:.1f}".replace(".", ",") not in page


@pytest.mark.django_db
def test_a_partner_turning_private_leaves_my_opportunities_at_once(client, alice, region):
    client.force_login(alice)
    from django.test.utils import override_settings

    b = region["b"]
    b.visibility = "private"
    # the recomputation waits for a worker: the page must not wait for it
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        b.save(update_fields=["visibility"])
        page = client.get("/fr/opportunities/").content.decode()
        group = OpportunityMember.objects.filter(
            organisation=region["a"], opportunity__members__organisation=b
        ).first()
        detail = client.get(f"/fr/opportunities/{group.opportunity_id}/")

    assert "Danse Boréale" not in page
    assert detail.status_code == 404

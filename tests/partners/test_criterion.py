"""The diagnostic's criterion "partners available nearby", fed by the partner search."""

from __future__ import annotations

import pytest

from mutualiser.engine.diagnostic import rule_partners_nearby, score_item
from mutualiser.words.reasons import render
from tests.engine.test_diagnostic import make_item


@pytest.mark.parametrize(("count", "score"), [(0, 2), (1, 3), (2, 4), (3, 5), (12, 5)])
def test_more_compatible_partners_nearby_score_higher(count, score):
    note, reason = rule_partners_nearby(make_item(partners_nearby=count))

    assert note == score
    assert render(reason, "fr") and render(reason, "en")


def test_without_a_count_the_criterion_is_left_out_and_the_score_unchanged():
    item = make_item()

    diagnosis = score_item(item)

    assert diagnosis.criterion("partners_nearby").score is None
    assert score_item(make_item(partners_nearby=None)).score == diagnosis.score
    assert score_item(make_item(partners_nearby=5)).score > diagnosis.score


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError):
        make_item(partners_nearby=-1)


@pytest.mark.django_db
def test_the_diagnostic_counts_the_compatible_organisations_nearby_and_links_to_them(
    client, alice, region
):
    client.force_login(alice)

    page = client.get("/fr/diagnostic/").content.decode()

    assert "Partenaires disponibles à proximité" in page
    # accounting: B and C (matched, even if only the three of them pay off); studio: D and E
    assert page.replace("\u00a0", " ").count("2 organismes compatibles à proximité") == 2
    assert f"/fr/opportunities/?item={region['a_studio'].pk}" in page


@pytest.mark.django_db
def test_a_private_organisations_diagnostic_leaves_the_criterion_out(
    client, alice, organisation_a, accounting
):
    from tests.factories import InventoryItemFactory

    InventoryItemFactory(organisation=organisation_a, category=accounting)
    client.force_login(alice)

    page = client.get("/fr/diagnostic/").content.decode().replace("&#x27;", "'")

    assert "La recherche de partenaires ne porte pas sur cet élément" in page

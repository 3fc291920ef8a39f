"""The results page renders each card and the chart once per state of the results, and a
kept card never outlives what it shows: an edit, a removal, an addition, new weights or the
other language show at once."""

from __future__ import annotations

import pytest
from django.template.loader import get_template
from django.utils import translation

from mutualiser.diagnostic.models import Category
from mutualiser.diagnostic.scoring import diagnostic_results, scoring_weights_update
from mutualiser.diagnostic.services import inventory_item_delete, inventory_item_update
from mutualiser.engine.diagnostic import DEFAULT_WEIGHTS

from ..factories import InventoryItemFactory, UserFactory
from ..pages import page_html

RESULTS = "/fr/diagnostic/"


@pytest.fixture
def items(organisation_a):
    return [
        InventoryItemFactory(
            organisation=organisation_a,
            category=Category.objects.get(code=code),
            months=[20.0] * 12,
            label=label,
        )
        for code, label in [("accounting", "Tenue de livres"), ("payroll", "Paie des artistes")]
    ]


def page(client, url=RESULTS) -> str:
    return page_html(client, url)


def ranking_and_chart(html: str) -> str:
    """The page from its chart to its ranking's end; the rest holds a per-request CSRF token."""
    return html[html.index('<section class="results-chart"') : html.index("</ol>")]


@pytest.mark.django_db
def test_a_second_visit_reuses_the_cards_of_the_first(client, alice, items):
    client.force_login(alice)
    first = page(client)
    results = diagnostic_results(organisation=alice.memberships.get().organisation, lang="fr")
    kept = dict(results.fragments.items())

    assert {key[0] for key in kept} == {"card", "chart"}
    assert ranking_and_chart(page(client)) == ranking_and_chart(first)
    assert dict(results.fragments.items()) == kept  # nothing rendered again


@pytest.mark.django_db
def test_a_kept_card_is_the_card_a_fresh_render_gives(client, alice, items):
    client.force_login(alice)
    page(client)
    results = diagnostic_results(organisation=alice.memberships.get().organisation, lang="fr")
    template = get_template("diagnostic/results.html#result-card")

    with translation.override("fr"):
        for scored in results.items:
            fresh = template.render({"scored": scored})
            assert dict(results.fragments.items())[("card", "fr", scored.item.pk)] == fresh
            assert f'id="item-{scored.item.pk}"' in fresh


@pytest.mark.django_db
def test_each_language_has_its_own_cards(client, alice, items):
    client.force_login(alice)
    french = page(client)
    english = page(client, "/en/diagnostic/")

    assert "Ce qui joue en faveur" in french and "Ce qui joue en faveur" not in english
    assert "Détail des 13 critères" not in english
    assert ranking_and_chart(page(client)) == ranking_and_chart(french)


@pytest.mark.django_db
def test_an_edit_shows_at_once(client, alice, items):
    client.force_login(alice)
    assert "Tenue de livres" in page(client)

    inventory_item_update(item=items[0], data={"label": "Comptabilité partagée"})

    html = page(client)
    assert "Comptabilité partagée" in html
    assert "Tenue de livres" not in html


@pytest.mark.django_db
def test_a_removed_item_leaves_and_an_added_one_appears(client, alice, items, organisation_a):
    client.force_login(alice)
    page(client)

    inventory_item_delete(item=items[1])
    InventoryItemFactory(
        organisation=organisation_a,
        category=Category.objects.get(code="grant_writing"),
        months=[10.0] * 12,
        label="Demandes au Conseil des arts",
    )

    html = page(client)
    assert f'id="item-{items[1].pk}"' not in html
    assert "Paie des artistes" not in html
    assert "Demandes au Conseil des arts" in html


@pytest.mark.django_db
def test_new_weights_rescore_the_cards(client, alice, items):
    client.force_login(alice)
    before = page(client)

    weights = {code: 0.0 for code in DEFAULT_WEIGHTS} | {"recurrence": 1.0}
    scoring_weights_update(weights=weights, user=UserFactory())

    after = page(client)
    assert after != before
    assert "pondération ajustée" in after


@pytest.mark.django_db
def test_the_kept_fragments_stay_within_their_bound(client, alice, items, monkeypatch):
    from mutualiser.diagnostic import scoring

    monkeypatch.setattr(scoring, "FRAGMENTS_KEPT", 1)
    client.force_login(alice)

    html = page(client)

    results = diagnostic_results(organisation=alice.memberships.get().organisation, lang="fr")
    assert len(results.fragments) == 1
    assert "Tenue de livres" in html and "Paie des artistes" in html

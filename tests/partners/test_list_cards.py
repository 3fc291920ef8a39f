"""The opportunities list renders each card once per state of what it reads, and a kept card
never outlives it: a partner renamed, my item relabelled, a new run or the other language
show at once."""

from __future__ import annotations

import pytest
from django.template.loader import get_template
from django.utils import translation

from mutualiser.diagnostic.models import InventoryItem
from mutualiser.organisations.models import Organisation
from mutualiser.partners import presenters
from mutualiser.partners.selectors import latest_run, opportunity_list
from mutualiser.partners.services import opportunities_refresh_request

from ..pages import page_html

INDEX = "/fr/opportunities/"


def page(client, url=INDEX) -> str:
    return page_html(client, url)


def the_list(html: str) -> str:
    return html[html.index('<div class="opportunity-list">') : html.index("</section>")]


@pytest.fixture
def builds(monkeypatch) -> list[int]:
    """The cards built from scratch, by opportunity id."""
    built: list[int] = []
    build_card = presenters.build_card

    def counting(row, *, lang):
        built.append(row.opportunity_id)
        return build_card(row, lang=lang)

    monkeypatch.setattr(presenters, "build_card", counting)
    return built


@pytest.mark.django_db
def test_a_second_visit_builds_no_card_again(client, alice, region, builds):
    client.force_login(alice)
    first = page(client)
    assert len(builds) == 2

    assert the_list(page(client)) == the_list(first)
    assert len(builds) == 2


@pytest.mark.django_db
def test_a_kept_card_is_the_card_a_fresh_render_gives(client, alice, region):
    client.force_login(alice)
    page(client)
    run = latest_run(region["a"].region)
    template = get_template("partners/card.html")

    with translation.override("fr"):
        for row in opportunity_list(organisation=region["a"], run=run):
            fresh = template.render({"card": presenters.build_card(row, lang="fr"), "full": False})
            assert presenters.list_card_html(row, run=run, lang="fr") == fresh


@pytest.mark.django_db
def test_a_partner_renamed_shows_at_once(client, alice, region):
    client.force_login(alice)
    assert "Danse Boréale" in page(client)

    # .update(): no signal, no new run; the kept card must still notice
    Organisation.objects.filter(pk=region["b"].pk).update(name="Danse Australe")

    html = page(client)
    assert "Danse Australe" in html and "Danse Boréale" not in html


@pytest.mark.django_db
def test_my_item_relabelled_shows_at_once(client, alice, region):
    client.force_login(alice)
    page(client)

    InventoryItem.objects.filter(pk=region["a_accounting"].pk).update(label="Livres du festival")

    assert "Livres du festival" in page(client)


@pytest.mark.django_db
def test_a_new_run_builds_its_cards(client, alice, region, builds):
    client.force_login(alice)
    page(client)
    before = list(builds)

    opportunities_refresh_request(region=region["a"].region)
    page(client)

    assert len(builds) == 2 * len(before)
    assert set(builds[len(before) :]).isdisjoint(before)  # the new run's opportunities


@pytest.mark.django_db
def test_each_language_has_its_own_cards(client, alice, region):
    client.force_login(alice)
    page(client)

    english = page(client, "/en/opportunities/")

    assert "Accounting" in the_list(english) and "Comptabilité" not in the_list(english)
    assert "/en/organisations/" in the_list(english)


@pytest.mark.django_db
def test_the_kept_cards_stay_within_their_bound(client, alice, region, monkeypatch):
    monkeypatch.setattr(presenters.list_cards, "max_entries", 1)
    client.force_login(alice)

    html = page(client)

    assert len(presenters.list_cards) == 1
    assert html.count('class="opportunity-card') == 2

"""An honest diagnostic on incomplete data: no verdict without monthly quantities, said so."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from mutualiser.diagnostic.models import Category
from mutualiser.diagnostic.scoring import diagnostic_results
from mutualiser.diagnostic.services import inventory_items_add
from mutualiser.organisations.choices import Role

from ..factories import InventoryItemFactory, MembershipFactory, UserFactory
from .test_report import pdf_text

FOUR = ("accounting", "payroll", "social_media", "cargo_van")


def url(name: str, lang: str = "fr") -> str:
    with translation.override(lang):
        return reverse(f"diagnostic:{name}")


@pytest.fixture
def four_ticked(organisation_a):
    """A new organisation that ticked four categories and filled nothing else."""
    categories = Category.objects.filter(code__in=FOUR)
    return inventory_items_add(
        organisation=organisation_a, categories=categories, direction="need"
    ).created


@pytest.fixture
def one_complete(organisation_a):
    """A fractional, recurring, generic support need, bought from a freelancer."""
    return InventoryItemFactory(
        organisation=organisation_a,
        category=Category.objects.get(code="bookkeeping"),
        months=[20.0] * 12,
        how_done="freelance",
        specificity="low",
        confidentiality="low",
        criticality="low",
        annual_cost=None,
    )


@pytest.mark.django_db
def test_items_without_quantities_get_no_verdict_and_are_left_out_of_the_counts(
    organisation_a, four_ticked
):
    results = diagnostic_results(organisation=organisation_a, lang="fr")

    assert results.items == () and results.strong == ()
    assert [entry.item for entry in results.to_complete] == four_ticked
    assert results.provisional
    assert results.strong_annual_cost == 0 and results.total_annual_cost == 0
    accounting = next(e for e in results.to_complete if e.item.category.code == "accounting")
    assert accounting.missing == ("les quantités de chaque mois (en heures)",)
    assert "le coût annuel (sinon estimé au tarif de référence)" in accounting.also_useful


@pytest.mark.django_db
def test_an_offer_without_capacity_says_the_spare_capacity_is_missing(organisation_a):
    InventoryItemFactory(
        organisation=organisation_a,
        category=Category.objects.get(code="cargo_van"),
        direction="offer",
        months=[0.0] * 12,
    )

    results = diagnostic_results(organisation=organisation_a, lang="en")

    assert results.to_complete[0].missing == ("the spare capacity of each month (in days)",)


@pytest.mark.django_db
def test_only_items_with_a_verdict_count_and_a_missing_cost_is_estimated(
    organisation_a, four_ticked, one_complete
):
    results = diagnostic_results(organisation=organisation_a, lang="fr")

    assert [s.item for s in results.items] == [one_complete]
    assert len(results.to_complete) == 4
    scored = results.items[0]
    assert scored.band == "strong"
    assert scored.cost_estimated and scored.annual_cost == pytest.approx(45 * 240)
    assert results.strong_annual_cost == pytest.approx(45 * 240)
    assert results.strong_cost_estimated


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "notice", "count", "missing"),
    [
        (
            "fr",
            "Diagnostic provisoire",
            "4 éléments sont à compléter",
            "Il manque : les quantités de chaque mois (en heures).",
        ),
        (
            "en",
            "Provisional diagnostic",
            "4 items are to complete",
            "Missing: the quantities of each month (in hours).",
        ),
    ],
)
def test_a_new_organisation_with_four_ticked_categories_reads_a_provisional_diagnostic(
    client, alice, four_ticked, lang, notice, count, missing
):
    client.force_login(alice)

    response = client.get(url("index", lang))

    page = response.content.decode()
    assert response.status_code == 200
    assert notice in page and count in page and missing in page
    assert 'href="#to-complete"' in page and 'id="to-complete"' in page
    for item in four_ticked:
        assert reverse("diagnostic:inventory-edit", args=[item.pk]) in page
    assert 'class="summary-figure"' not in page
    assert "éléments évalués" not in page and "items assessed" not in page
    assert "0\u00a0$" not in page and "$0" not in page
    assert "Coût estimé à 0" not in page and "Estimated at $0" not in page
    assert "Votre inventaire est vide" not in page


@pytest.mark.django_db
def test_a_viewer_is_sent_to_the_inventory_instead_of_the_edit_form(
    client, organisation_a, four_ticked
):
    viewer = UserFactory()
    MembershipFactory(user=viewer, organisation=organisation_a, role=Role.VIEWER)
    client.force_login(viewer)

    page = client.get(url("index")).content.decode()

    assert "Voir dans l'inventaire" in page
    assert reverse("diagnostic:inventory-edit", args=[four_ticked[0].pk]) not in page


@pytest.mark.django_db
def test_a_mixed_inventory_counts_the_assessed_items_and_stays_provisional(
    client, alice, four_ticked, one_complete
):
    client.force_login(alice)

    page = client.get(url("index")).content.decode()

    assert "Diagnostic provisoire" in page
    assert "candidat fort (éléments évalués\u00a0: 1)" in page or (
        "candidat fort (éléments évalués : 1)" in page
    )
    assert "Coût estimé : 10\u00a0800\u00a0$ par année" in page
    assert "en partie estimé" in page


@pytest.mark.django_db
def test_a_complete_inventory_is_not_provisional(client, alice, one_complete):
    client.force_login(alice)

    page = client.get(url("index")).content.decode()

    assert "Diagnostic provisoire" not in page and 'id="to-complete"' not in page


@pytest.mark.django_db
def test_the_report_of_a_new_organisation_is_a_provisional_pdf_without_figures(
    client, alice, four_ticked
):
    client.force_login(alice)

    response = client.get(url("report-pdf"))

    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = " ".join(pdf_text(response.content).split())
    assert "Diagnostic provisoire" in text and "4 éléments sont à compléter" in text
    assert "Il manque : les quantités de chaque mois (en heures)." in text
    assert "candidats forts" not in text.replace("ni dans les candidats forts", "")
    assert "0 $" not in text


@pytest.mark.django_db
def test_the_english_report_of_a_mixed_inventory_says_it_is_provisional(
    client, alice, four_ticked, one_complete
):
    client.force_login(alice)

    response = client.get(url("report-pdf", "en"))

    text = " ".join(pdf_text(response.content).split())
    assert "Provisional diagnostic" in text and "4 items are to complete" in text
    assert "To complete" in text


@pytest.mark.django_db
def test_a_given_cost_of_zero_is_not_an_estimate(organisation_a):
    InventoryItemFactory(
        organisation=organisation_a,
        category=Category.objects.get(code="social_media"),
        months=[10.0] * 12,
        how_done="volunteer",
        annual_cost=Decimal("0"),
    )

    scored = diagnostic_results(organisation=organisation_a, lang="fr").items[0]

    assert not scored.cost_estimated
    assert scored.diagnosis.criterion("cost_weight").reason.id == "diag.cost.nothing"

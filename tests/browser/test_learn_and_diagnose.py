"""A newcomer learns and diagnoses in Chromium.

Signs in, reads a step of the guide, fills an inventory of five items through the checklist and
the free-text search, edits one item's months and cost in place, reads the ranked results and
downloads the PDF report; then, on a phone in English, reads the results and their reasons.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress

from mutualiser.diagnostic.models import Category, Direction, InventoryItem
from mutualiser.diagnostic.services import taxonomy_load
from mutualiser.guide.content import get_guide
from mutualiser.organisations.choices import Role

from ..factories import InventoryItemFactory, MembershipFactory, OrganisationFactory, UserFactory
from .conftest import PHONE

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Un-mot-de-passe-solide-42"
CHECKLIST = {
    "Administration et finances": ["Comptabilité", "Paie"],
    "Communication et marketing": ["Graphisme"],
    "Production et technique": ["Direction technique"],
}


@pytest.fixture
def newcomer(db):
    """Nadia, whose email is verified, owns an organisation with an empty inventory."""
    # Transactional tests flush the tables, the taxonomy loaded by a migration with them.
    taxonomy_load()
    user = UserFactory(email="nadia@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    organisation = OrganisationFactory(name="Les Productions du Fleuve", slug="productions-fleuve")
    MembershipFactory(user=user, organisation=organisation, role=Role.OWNER)
    return user


def sign_in(page, live_server, lang: str = "fr") -> None:
    page.goto(f"{live_server.url}/{lang}/accounts/login/")
    page.fill("#id_login", "nadia@example.org")
    page.fill("#id_password", PASSWORD)
    page.click("form.auth-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/{lang}/")


def fill_five_items(organisation) -> None:
    """Five needs straight in the database, for the test that is not about the inventory."""
    for code, months, cost in [
        ("accounting", [20] * 12, 15_600),
        ("payroll", [6] * 12, 4_300),
        ("graphic_design", [10] * 6 + [0] * 6, None),
        ("technical_direction", [0] * 5 + [40] * 3 + [0] * 4, 9_000),
        ("cargo_van", [0] * 5 + [8] * 3 + [0] * 4, 3_200),
    ]:
        InventoryItemFactory(
            organisation=organisation,
            category=Category.objects.get(code=code),
            months=months,
            annual_cost=cost,
        )


def test_newcomer_reads_a_guide_step_fills_an_inventory_and_downloads_the_report(
    live_server, page, newcomer, tmp_path: Path
):
    sign_in(page, live_server)

    # Learn: the guide, then the step-by-step chapter.
    chapter = next(c for c in get_guide("fr").chapters if c.slug == "demarche")
    page.get_by_role("navigation").get_by_role("link", name="Guide").first.click()
    page.wait_for_url(re.compile(r"/fr/guide/$"))
    page.get_by_role("link", name=chapter.title).first.click()
    page.wait_for_url(re.compile(r"/fr/guide/demarche/$"))
    page.get_by_role("heading", level=1, name=chapter.title).wait_for()
    page.get_by_role("heading", level=2, name="2. Faire le diagnostic interne").wait_for()
    assert "livrable" in page.locator("main").inner_text()

    # Diagnose: the empty diagnostic leads to the inventory.
    page.goto(live_server.url + "/fr/diagnostic/")
    assert "Votre inventaire est vide" in page.locator("main").inner_text()
    page.get_by_role("button", name="Remplir mon inventaire").click()
    page.wait_for_url(re.compile(r"/fr/diagnostic/inventory/"))

    # Four needs ticked in the checklist, family by family.
    # The empty inventory keeps its list folded behind one action.
    checklist = page.locator("#checklist")
    assert checklist.get_attribute("open") is None
    checklist.locator("summary").click()
    assert checklist.get_attribute("open") is not None
    checklist.locator("input[name=direction][value=need]").check()
    for family, labels in CHECKLIST.items():
        box = checklist.locator(
            "fieldset.inv-family-box", has=page.locator("legend", has_text=family)
        )
        for label in labels:
            box.get_by_label(label, exact=True).check()
    checklist.get_by_role("button", name="Ajouter les catégories cochées").click()
    page.get_by_text("4 éléments ajoutés").wait_for()

    # The fifth in the newcomer's own words.
    page.fill("#id_q", "on cherche une camionnette pour la tournée")
    suggestions = page.locator("#suggestions form")
    suggestions.wait_for()
    assert suggestions.get_by_label(re.compile("Camion cube ou fourgon")).is_checked()
    suggestions.get_by_role("button", name="Ajouter à l'inventaire").click()
    page.get_by_text("1 élément ajouté").wait_for()
    items = InventoryItem.objects.filter(organisation__slug="productions-fleuve")
    assert items.count() == 5
    assert set(items.values_list("direction", flat=True)) == {Direction.NEED}

    # Edit the accounting need in place: twenty hours a month all year, 15 600 $ a year.
    accounting = items.get(category__code="accounting")
    row = page.locator(f"#item-{accounting.pk}")
    row.get_by_role("button", name=re.compile("^Modifier")).click()
    form = row.locator("form")
    form.wait_for()
    form.locator("select[name=preset]").select_option(label="Toute l'année")
    form.locator("input[name=preset_quantity]").fill("20")
    form.locator("input[name=annual_cost]").fill("15 600")
    form.get_by_role("button", name="Enregistrer").click()
    row.locator(".inv-bars").wait_for()
    assert "240 heures par année" in row.inner_text()
    assert "15\u00a0600\u00a0$ par année" in row.inner_text()  # non-breaking spaces
    accounting.refresh_from_db()
    assert accounting.months == [20] * 12
    assert accounting.annual_cost == 15_600

    # The results: the accounting need ranked with its score bar and its reasons; the four
    # items without quantities have no verdict yet, and the diagnostic says it is provisional.
    page.get_by_role("button", name=re.compile("Voir le diagnostic")).click()
    page.wait_for_url(re.compile(r"/fr/diagnostic/$"))
    page.get_by_role("heading", name="Diagnostic provisoire").wait_for()
    assert "4 éléments sont à compléter" in page.locator("#provisional").inner_text()
    assert page.locator("#to-complete .to-complete-card").count() == 4
    cards = page.locator("#results-list .result-card")
    assert cards.count() == 1
    scores = [int(cards.nth(i).locator(".result-score strong").inner_text()) for i in range(1)]
    first = cards.first
    bar = first.locator(".scorebar")
    assert bar.get_attribute("aria-label") == f"Potentiel de mutualisation : {scores[0]} sur 100"
    assert first.locator(".scorebar span").bounding_box()["width"] > 0
    assert first.locator(".reasons li").count() >= 1
    assert "Comptabilité" in page.locator("#results-list").inner_text()

    # The PDF report for the board.
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Télécharger le rapport PDF").click()
    download = download_info.value
    assert re.fullmatch(
        r"diagnostic-productions-fleuve-\d{4}-\d{2}-\d{2}\.pdf", download.suggested_filename
    )
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    content = saved.read_bytes()
    assert content.startswith(b"%PDF")
    assert len(content) > 10_000


def test_results_on_a_phone_in_english_give_the_reasons_in_english(
    live_server, new_context, newcomer
):
    fill_five_items(newcomer.memberships.get().organisation)
    page = new_context(viewport=PHONE, locale="en-CA").new_page()
    sign_in(page, live_server, lang="en")

    page.goto(live_server.url + "/en/diagnostic/")

    page.get_by_role("heading", level=1, name="Your pooling potential").wait_for()
    assert page.get_attribute("html", "lang") == "en-CA"
    cards = page.locator("#results-list .result-card")
    assert cards.count() == 5
    text = page.locator("#results-list").inner_text()
    assert "Accounting" in text
    assert "Comptabilité" not in text
    assert (
        cards.first.locator(".scorebar").get_attribute("aria-label").startswith("Pooling potential")
    )
    reasons = cards.first.locator(".reasons")
    assert reasons.locator("li").count() >= 1
    headings = reasons.locator("h4").all_inner_texts()
    assert set(headings) <= {"What works in favour", "What holds it back"}, headings
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

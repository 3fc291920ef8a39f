"""The diagnostic's PDF report: a real PDF, named after the organisation, in its language."""

from __future__ import annotations

import datetime
import io
import re

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from mutualiser.diagnostic.models import Category
from mutualiser.organisations.middleware import SESSION_KEY

from ..factories import InventoryItemFactory


def report_url(lang: str = "fr") -> str:
    with translation.override(lang):
        return reverse("diagnostic:report-pdf")


def pdf_text(pdf: bytes) -> str:
    """The PDF's text (pypdf: the same on every machine, no system tool to install)."""
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def item_a(organisation_a):
    return InventoryItemFactory(
        organisation=organisation_a,
        category=Category.objects.get(code="accounting"),
        label="Tenue de livres",
    )


@pytest.mark.django_db
def test_the_report_is_a_pdf_attachment_named_after_the_organisation_and_the_day(
    client, alice, item_a
):
    client.force_login(alice)

    response = client.get(report_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    today = timezone.localdate().isoformat()
    expected = f'attachment; filename="diagnostic-theatre-des-alizes-{today}.pdf"'
    assert response["Content-Disposition"] == expected


@pytest.mark.django_db
def test_the_report_names_the_organisation_and_its_candidates_in_french(client, alice, item_a):
    client.force_login(alice)

    text = pdf_text(client.get(report_url()).content)

    assert "Théâtre des Alizés" in text
    assert "Diagnostic de mutualisation" in text
    assert "Comptabilité — Tenue de livres" in text
    assert "Méthode" in text
    assert re.search(r"\b2\s*/\s*\d+\b", text)  # page numbers


@pytest.mark.django_db
def test_the_report_is_in_english_under_the_english_prefix(client, alice, item_a):
    client.force_login(alice)

    text = pdf_text(client.get(report_url("en")).content)

    assert "Pooling diagnostic" in text
    assert "Accounting — Tenue de livres" in text
    assert "Comes back every month of the year." in text


@pytest.mark.django_db
def test_the_report_has_a_cover_and_several_pages(alice, organisation_a, item_a):
    from mutualiser.diagnostic.report import report_pdf_bytes
    from mutualiser.diagnostic.scoring import diagnostic_results

    results = diagnostic_results(organisation=organisation_a, lang="fr")
    pdf = report_pdf_bytes(
        organisation=organisation_a,
        results=results,
        date=datetime.date(2026, 3, 2),
        base_url="http://testserver/",
        lang="fr",
    )

    assert pdf.startswith(b"%PDF")
    assert "2 mars 2026" in pdf_text(pdf)


@pytest.mark.django_db
def test_without_inventory_the_report_sends_back_to_the_results(client, alice):
    client.force_login(alice)

    response = client.get(report_url())

    assert response.status_code == 302
    assert response["Location"] == reverse("diagnostic:index")


@pytest.mark.django_db
def test_charlie_gets_his_own_report_never_that_of_a(client, charlie, item_a):
    InventoryItemFactory(
        organisation=charlie.memberships.get().organisation,
        category=Category.objects.get(code="cargo_van"),
        label="Camion de Boréale",
    )
    client.force_login(charlie)
    session = client.session
    session[SESSION_KEY] = item_a.organisation_id
    session.save()

    response = client.get(report_url())

    assert "danse-boreale" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Danse Boréale" in text
    assert "Théâtre des Alizés" not in text
    assert "Tenue de livres" not in text

"""The import page: editors upload, every error is listed, nothing half-imported."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mutualiser.diagnostic.models import Category, InventoryItem
from mutualiser.organisations.choices import Role

from ..factories import InventoryItemFactory, MembershipFactory, UserFactory

URL = "/fr/diagnostic/import/"
HEADER = "categorie;sens;precision;jan;fev;mar;avr;mai;juin;juil;aou;sep;oct;nov;dec"


def upload(*lines, name="inventaire.csv"):
    content = ("\ufeff" + "\r\n".join([HEADER, *lines]) + "\r\n").encode()
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.mark.django_db
def test_the_page_documents_the_columns_and_links_the_template(client, alice):
    client.force_login(alice)

    response = client.get(URL)

    page = response.content.decode()
    assert "/fr/diagnostic/template.xlsx" in page
    assert "cout_annuel" in page and "distance_max_km" in page


@pytest.mark.django_db
def test_a_good_file_is_imported_with_a_summary(client, alice, organisation_a):
    InventoryItemFactory(organisation=organisation_a, category=Category.objects.get(code="audit"))
    client.force_login(alice)

    response = client.post(
        URL,
        {
            "file": upload(
                "payroll;besoin;;1;1;1;1;1;1;1;1;1;1;1;1",
                "audit;besoin;;2;2;2;2;2;2;2;2;2;2;2;2",
            )
        },
        follow=True,
    )

    assert "Import terminé : 1 élément créé, 1 mis à jour." in response.content.decode()
    assert InventoryItem.objects.filter(organisation=organisation_a).count() == 2


@pytest.mark.django_db
def test_a_file_with_errors_lists_them_all_and_imports_nothing(client, alice, organisation_a):
    client.force_login(alice)

    response = client.post(
        URL,
        {
            "file": upload(
                "payroll;besoin;;1;1;1;1;1;1;1;1;1;1;1;1",
                "jonglerie;besoin;;1;1;1;1;1;1;1;1;1;1;1;1",
                "audit;peut-être;;douze;1;1;1;1;1;1;1;1;1;1;1",
            )
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Le fichier n'a pas été importé" in page
    assert "Corrigez ces 3 problèmes" in page
    assert "Ligne 3, colonne « categorie » : catégorie inconnue « jonglerie »" in page
    assert "Ligne 4, colonne « sens »" in page
    assert "Ligne 4, colonne « jan » : « douze » n&#x27;est pas un nombre." in page
    assert not InventoryItem.objects.exists()


@pytest.mark.django_db
def test_a_malformed_file_gets_one_clear_message(client, alice):
    client.force_login(alice)

    response = client.post(URL, {"file": SimpleUploadedFile("photo.png", b"\x89PNG\x00")})

    assert "Seuls les fichiers CSV et XLSX sont acceptés." in response.content.decode()


@pytest.mark.django_db
def test_no_file_says_so(client, alice):
    client.force_login(alice)

    response = client.post(URL, {})

    assert "Choisissez un fichier CSV ou XLSX." in response.content.decode()


@pytest.mark.django_db
def test_a_viewer_cannot_import(client, organisation_a):
    viewer = UserFactory()
    MembershipFactory(user=viewer, organisation=organisation_a, role=Role.VIEWER)
    client.force_login(viewer)

    get = client.get(URL)
    post = client.post(URL, {"file": upload("payroll;besoin;;1;1;1;1;1;1;1;1;1;1;1;1")})

    assert (get.status_code, post.status_code) == (403, 403)
    assert not InventoryItem.objects.exists()


@pytest.mark.django_db
def test_charlie_imports_into_his_organisation_only(client, charlie, organisation_b):
    client.force_login(charlie)

    client.post(URL, {"file": upload("payroll;besoin;;1;1;1;1;1;1;1;1;1;1;1;1")})

    assert InventoryItem.objects.get().organisation == organisation_b

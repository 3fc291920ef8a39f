"""POST …/inventory/import: the inventory page's import through the API, all rows or none."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mutualiser.diagnostic.models import InventoryItem

from .conftest import assert_error_shape

HEADER = "categorie;sens;precision;jan;fev;mar;avr;mai;juin;juil;aou;sep;oct;nov;dec"


def upload(*lines, name="inventaire.csv"):
    content = ("\ufeff" + "\r\n".join([HEADER, *lines]) + "\r\n").encode()
    return SimpleUploadedFile(name, content, content_type="text/csv")


def post(client, organisation, token, file):
    return client.post(
        f"/api/v1/organisations/{organisation.slug}/inventory/import",
        {"file": file},
        HTTP_AUTHORIZATION=f"Bearer {token.raw}",
    )


@pytest.mark.django_db
def test_a_good_file_is_imported(client, alice_write, organisation_a):
    response = post(
        client,
        organisation_a,
        alice_write,
        upload("payroll;besoin;;1;1;1;1;1;1;1;1;1;1;1;1", "audit;besoin;;2;2;2;2;2;2;2;2;2;2;2;2"),
    )

    assert response.status_code == 200, response.content
    assert response.json() == {"created": 2, "updated": 0, "unchanged": 0}
    assert InventoryItem.objects.filter(organisation=organisation_a).count() == 2


@pytest.mark.django_db
def test_one_bad_cell_refuses_the_whole_file_and_names_it(client, alice_write, organisation_a):
    response = post(
        client,
        organisation_a,
        alice_write,
        upload("payroll;besoin;;1;1;1;1;1;1;1;1;1;1;1;1", "nope;besoin;;x;2;2;2;2;2;2;2;2;2;2;2"),
    )

    answer = assert_error_shape(response, 422)
    assert any("Ligne 3" in e["message"] for e in answer["errors"])
    assert not InventoryItem.objects.filter(organisation=organisation_a).exists()


@pytest.mark.django_db
def test_a_file_that_is_no_table_is_422(client, alice_write, organisation_a):
    junk = SimpleUploadedFile("x.xlsx", b"\x00\x01 not a workbook", content_type="text/plain")

    answer = assert_error_shape(post(client, organisation_a, alice_write, junk), 422)

    assert answer["errors"][0]["field"] == "file"


@pytest.mark.django_db
def test_a_file_over_2_mb_is_413(client, alice_write, organisation_a):
    big = SimpleUploadedFile("big.csv", b"a" * (2 * 1024 * 1024 + 10), content_type="text/csv")

    answer = assert_error_shape(post(client, organisation_a, alice_write, big), 413)

    assert "2 Mo" in answer["detail"]


@pytest.mark.django_db
def test_a_read_token_or_another_organisation_cannot_import(
    client, alice_read, alice_write, organisation_b
):
    from mutualiser.organisations.models import Organisation

    file = upload("payroll;besoin;;1;1;1;1;1;1;1;1;1;1;1;1")
    a = Organisation.objects.get(slug="theatre-des-alizes")

    assert_error_shape(post(client, a, alice_read, file), 403)
    assert_error_shape(post(client, organisation_b, alice_write, upload("x")), 404)
    assert not InventoryItem.objects.exists()

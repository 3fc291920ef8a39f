"""Files that hurt (issue 8): crafted spreadsheets are refused or read, quickly, and nothing is
written when they are refused. Timings are measured by bench/bench_hostile_uploads.py; these
tests check the behaviour."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.test import RequestFactory, override_settings
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from mutualiser.diagnostic.importexport import MAX_BYTES
from mutualiser.diagnostic.models import InventoryItem
from mutualiser.diagnostic.services import ImportRefused, inventory_import

from . import hostile_files as hostile

URL = "/fr/diagnostic/import/"


def refusal(organisation, data: bytes, name: str = "inventaire.xlsx") -> ImportRefused:
    with pytest.raises(ImportRefused) as refused:
        inventory_import(organisation=organisation, name=name, data=data)
    assert not InventoryItem.objects.filter(organisation=organisation).exists()
    return refused.value


def messages_of(refused: ImportRefused) -> list[str]:
    return [str(error) for error in refused.errors]


@pytest.mark.django_db
def test_the_declared_dimension_is_ignored_by_the_dimension_bomb(organisation_a):
    summary = inventory_import(
        organisation=organisation_a, name="bombe.xlsx", data=hostile.dimension_bomb()
    )

    assert summary.created == 1
    assert InventoryItem.objects.get(organisation=organisation_a).label == "Paie"


@pytest.mark.django_db
def test_rows_past_the_declared_dimension_are_all_read_and_counted(organisation_a):
    summary = inventory_import(
        organisation=organisation_a, name="dim.xlsx", data=hostile.rows_past_dimension()
    )

    assert summary.created == 4
    labels = set(InventoryItem.objects.values_list("label", flat=True))
    assert labels == {"Ligne 2", "Ligne 3", "Ligne 4", "Ligne 5"}


@pytest.mark.django_db
@pytest.mark.parametrize("build", [hostile.last_row_bomb, hostile.blank_rows])
def test_blank_rows_count_towards_the_limit(organisation_a, build):
    refused = refusal(organisation_a, build())

    assert "au-delà de la ligne 5\xa0000 (lignes vides comprises)" in refused.message


@pytest.mark.django_db
def test_blank_lines_of_a_csv_count_too(organisation_a):
    header = "categorie;sens;precision;jan;fev;mar;avr;mai;juin;juil;aou;sep;oct;nov;dec"
    data = (
        header + "\r\n" + ";;\r\n" * 6000 + "payroll;besoin;;1;1;1;1;1;1;1;1;1;1;1;1\r\n"
    ).encode()

    refused = refusal(organisation_a, data, "vide.csv")

    assert "lignes vides comprises" in refused.message


@pytest.mark.django_db
def test_a_huge_shared_string_is_refused_from_the_archive_sizes(organisation_a):
    # 40 MB here (the benchmark tries 300 MB): over the limit of one part, refused before it
    # is inflated.
    data = hostile.huge_shared_string(megabytes=40)
    assert len(data) < MAX_BYTES

    refused = refusal(organisation_a, data)

    assert "trop volumineux une fois décompressé" in refused.message


@pytest.mark.django_db
def test_one_cell_longer_than_excel_allows_is_refused(organisation_a):
    refused = refusal(organisation_a, hostile.long_cell_in_shared_strings())

    assert "dépasse 32\xa0767 caractères" in refused.message


@pytest.mark.django_db
def test_a_part_that_compresses_too_well_is_refused(organisation_a):
    refused = refusal(organisation_a, hostile.zip_of_zeros())

    assert "trop volumineux une fois décompressé" in refused.message


@pytest.mark.django_db
def test_an_entry_that_inflates_past_its_declared_size_is_refused(organisation_a):
    refused = refusal(organisation_a, hostile.lying_sizes())

    assert "pas un classeur XLSX lisible" in refused.message


@pytest.mark.django_db
def test_a_number_cell_holding_nan_is_named(organisation_a):
    refused = refusal(organisation_a, hostile.nan_cell())

    assert messages_of(refused) == [
        "Ligne 2, colonne « jan » : la cellule D2 devait contenir un nombre : « NaN »."
    ]


@pytest.mark.django_db
def test_a_shared_string_index_out_of_range_is_named(organisation_a):
    refused = refusal(organisation_a, hostile.bad_shared_string_index())

    assert messages_of(refused) == [
        "Ligne 2, colonne « categorie » : la cellule A2 renvoie à un texte absent du classeur."
    ]


@pytest.mark.django_db
def test_text_in_a_date_cell_and_a_date_out_of_any_calendar_are_named(organisation_a):
    refused = refusal(organisation_a, hostile.text_in_date_cell())

    assert messages_of(refused) == [
        "Ligne 2, colonne « fev » : la cellule E2 devait contenir une date : « pas une date ».",
        "Ligne 2, colonne « mar » : la cellule F2 devait contenir une date : « 1e300 ».",
    ]


@pytest.mark.django_db
def test_a_doctype_is_refused(organisation_a):
    bomb = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    with_doctype = hostile.workbook([hostile.row_xml(1, hostile.HEADERS)])

    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(with_doctype)) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == "xl/workbook.xml":
                content = content.replace(
                    b'<?xml version="1.0" encoding="UTF-8"?>',
                    b'<?xml version="1.0" encoding="UTF-8"?>' + bomb.encode(),
                )
            target.writestr(entry.filename, content)

    refused = refusal(organisation_a, buffer.getvalue())

    assert "pas un classeur XLSX lisible" in refused.message


# --- the upload itself ------------------------------------------------------------------------


class CountingStream(io.BytesIO):
    """The request body, counting what the server read of it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.consumed = 0

    def read(self, size: int = -1) -> bytes:
        chunk = super().read(size)
        self.consumed += len(chunk)
        return chunk

    def readline(self, size: int = -1) -> bytes:
        chunk = super().readline(size)
        self.consumed += len(chunk)
        return chunk


def multipart_request(size: int) -> tuple[WSGIRequest, CountingStream, int]:
    body = encode_multipart(
        BOUNDARY,
        {
            "csrfmiddlewaretoken": "token",
            "file": SimpleUploadedFile("gros.csv", b"x" * size, content_type="text/csv"),
        },
    )
    stream = CountingStream(body)
    environ = RequestFactory()._base_environ(
        REQUEST_METHOD="POST",
        PATH_INFO=URL,
        CONTENT_TYPE=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(len(body)),
        **{"wsgi.input": stream},
    )
    return WSGIRequest(environ), stream, len(body)


def test_a_body_far_over_the_limit_is_not_read_to_its_end():
    request, stream, length = multipart_request(40 * 1024 * 1024)

    assert "file" not in request.FILES
    assert request.POST["csrfmiddlewaretoken"] == "token"  # the fields before the file are read
    assert request.upload_too_large
    assert stream.consumed < 1024 * 1024 < length


def test_a_file_a_little_over_the_limit_is_never_stored():
    request, stream, length = multipart_request(MAX_BYTES + 100 * 1024)

    assert "file" not in request.FILES and request.upload_too_large
    assert stream.consumed == length  # drained, so that the browser shows the answer


def test_a_file_at_the_limit_goes_through():
    request, _stream, _length = multipart_request(MAX_BYTES)

    assert request.FILES["file"].size == MAX_BYTES
    assert not getattr(request, "upload_too_large", False)


@pytest.mark.django_db
def test_the_import_page_says_the_file_is_too_large_and_writes_nothing(
    client, alice, organisation_a
):
    client.force_login(alice)
    big = SimpleUploadedFile("gros.csv", b"x" * (MAX_BYTES + 1), content_type="text/csv")

    response = client.post(URL, {"file": big})

    assert response.status_code == 200
    assert "Le fichier dépasse 2 Mo" in response.content.decode()
    assert not InventoryItem.objects.filter(organisation=organisation_a).exists()


@pytest.mark.django_db
def test_a_hostile_workbook_through_the_page_gets_its_message_not_a_500(
    client, alice, organisation_a
):
    client.force_login(alice)
    upload = SimpleUploadedFile("nan.xlsx", hostile.nan_cell())

    response = client.post(URL, {"file": upload})

    assert response.status_code == 200
    assert "la cellule D2 devait contenir un nombre" in response.content.decode()
    assert not InventoryItem.objects.filter(organisation=organisation_a).exists()


@override_settings(INVENTORY_MAX_ITEMS=3)
@pytest.mark.django_db
def test_an_import_past_the_inventory_limit_is_refused_whole(organisation_a):
    refused = refusal(organisation_a, hostile.rows_past_dimension())

    assert "il en permet 3 au plus" in refused.message


@pytest.mark.django_db
def test_with_csrf_checks_the_too_large_file_still_gets_its_message(alice, organisation_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    client.get(URL)  # the CSRF cookie
    token = client.cookies["csrftoken"].value
    big = SimpleUploadedFile("gros.csv", b"x" * (10 * MAX_BYTES), content_type="text/csv")

    # the token comes first in the page's form, so it is read before the file is cut short
    response = client.post(URL, {"csrfmiddlewaretoken": token, "file": big})

    assert response.status_code == 200
    assert "Le fichier dépasse 2 Mo" in response.content.decode()

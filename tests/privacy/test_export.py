"""The export: a ZIP of JSON and CSV with my account and my organisations, nothing else."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.urls import reverse

from mutualiser.privacy.export import safe_cell

pytestmark = pytest.mark.django_db


def _zip(client) -> zipfile.ZipFile:
    response = client.get(reverse("privacy:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response.streaming
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def _json(archive: zipfile.ZipFile, name: str):
    return json.loads(archive.read(name).decode("utf-8"))


def _csv(archive: zipfile.ZipFile, name: str) -> list[list[str]]:
    text = archive.read(name).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get(reverse("privacy:export"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_archive_holds_my_account_and_each_organisation_i_own(client, alice, world):
    client.force_login(alice)

    archive = _zip(client)

    names = set(archive.namelist())
    base = "organisations/theatre-des-alizes/"
    assert {
        "README.txt",
        "account.json",
        base + "organisation.json",
        base + "inventory.csv",
    } <= names
    account = _json(archive, "account.json")
    assert account["email"] == "alice@example.org"
    assert account["language"] == "fr"
    assert account["date_joined"]
    assert [m["organisation"] for m in account["memberships"]] == ["Théâtre des Alizés"]
    profile = _json(archive, base + "organisation.json")
    assert profile["name"] == "Théâtre des Alizés"
    assert {m["email"] for m in profile["members"]} == {
        "alice@example.org",
        "bob@example.org",
        "vera@example.org",
    }
    items = _json(archive, base + "inventory.json")
    assert [i["label"] for i in items] == ["Régie A"]
    assert _json(archive, base + "readiness.json")[0]["answers"] == {"q1": 4}


def test_requests_projects_and_workshops_are_there_as_the_pages_show_them(client, alice, world):
    client.force_login(alice)

    archive = _zip(client)

    base = "organisations/theatre-des-alizes/"
    [request] = _json(archive, base + "requests.json")
    assert request["other_organisation"] == "Danse Boréale"
    assert [m["body"] for m in request["messages"]] == ["@SUM(A1) bonjour", "Réponse de B"]
    [project] = _json(archive, base + "projects.json")
    assert {p["organisation"] for p in project["partners"]} == {
        "Théâtre des Alizés",
        "Festival des Ruelles",
    }
    [decision] = project["decisions"]
    assert decision["title"] == "Engager une directrice technique"
    assert decision["answers"][0]["organisation"] == "Festival des Ruelles"
    assert project["history"]
    [seat] = _json(archive, base + "workshops.json")
    assert seat["obstacles"][0]["text"] == "-confiance"
    assert seat["votes"][0]["opportunity"] == "i1+i2"
    assert seat["commitments"][0]["text"] == "Appeler C"
    assert seat["quick_inventory"][0]["category"] == "technical_direction"


def test_another_organisations_private_data_never_goes_in(client, alice, world):
    client.force_login(alice)

    archive = _zip(client)

    everything = b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8")
    for secret in (
        "SECRET-B",
        "notes-privees-B",
        "SECRET-C",
        "notes-privees-C",
        "Entre B et C seulement",
        "obstacle-de-B",
        "123456",  # C's budget in the project
        "charlie@example.org",
        "carol@example.org",
    ):
        assert secret not in everything, secret
    assert not any("danse-boreale" in name for name in archive.namelist())


def test_an_editor_gets_only_the_account_not_the_organisation(client, bob, world):
    client.force_login(bob)

    archive = _zip(client)

    assert not any(name.startswith("organisations/") for name in archive.namelist())
    assert _json(archive, "account.json")["memberships"][0]["exported"] is False


def test_csv_cells_that_look_like_formulas_are_protected(client, alice, world):
    client.force_login(alice)

    archive = _zip(client)

    base = "organisations/theatre-des-alizes/"
    messages = _csv(archive, base + "request-messages.csv")
    assert "'@SUM(A1) bonjour" in [row[-1] for row in messages]
    cards = _csv(archive, base + "workshop-contributions.csv")
    assert "'-confiance" in [row[3] for row in cards]
    inventory = archive.read(base + "inventory.csv").decode("utf-8-sig")
    assert "'=1+2 notes A" in inventory


@pytest.mark.parametrize("text", ["=cmd", "+1", "-1", "@x", "\tx", "\rx"])
def test_safe_cell_prefixes_formula_starts(text):
    assert safe_cell(text) == "'" + text


def test_safe_cell_leaves_plain_text_and_numbers(text="Bonjour"):
    assert safe_cell(text) == text
    assert safe_cell(-3) == -3


def test_the_readme_is_in_the_readers_language(client, alice, world):
    client.force_login(alice)

    response = client.get("/en/privacy/my-data/export.zip")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))

    assert "Your Mutualiser data" in archive.read("README.txt").decode("utf-8")


def test_the_archive_is_sent_in_chunks_not_built_whole(alice, world):
    import secrets

    from mutualiser.contacts.models import RequestMessage
    from mutualiser.privacy.export import export_zip

    RequestMessage.objects.bulk_create(
        RequestMessage(
            request=world["request"],
            organisation=world["request"].sender,
            author=alice,
            body=secrets.token_hex(750),
        )
        for _ in range(400)
    )

    chunks = list(export_zip(alice, language="fr"))

    assert len(chunks) > 3
    assert max(len(chunk) for chunk in chunks) < 512 * 1024
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    assert archive.testzip() is None
    assert len(_csv(archive, "organisations/theatre-des-alizes/request-messages.csv")) == 403


def test_a_facilitator_finds_the_rooms_participants_as_the_report_names_them(client, carol, world):
    client.force_login(carol)

    archive = _zip(client)

    [workshop] = _json(archive, "account.json")["workshops_run"]
    assert workshop["title"] == "Atelier BSL"
    assert [p["name"] for p in workshop["participants"]] == ["Théâtre des Alizés", "Danse Boréale"]

"""API personas: alice owns A (write and read tokens), bob edits A, vera views A, charlie owns B.

`call(client, method, path, token=..., body=..., lang=...)` sends one API request the way a
tool does: JSON in, Bearer token, Accept-Language.
"""

from __future__ import annotations

import json as jsonlib

import pytest
from django.utils import translation

from mutualiser.api.services import token_create, token_revoke
from tests.factories import CategoryFactory, InventoryItemFactory


@pytest.fixture(autouse=True)
def _french_first():
    # A request activates its language in the thread: each test starts from French.
    with translation.override("fr"):
        yield


class Multipart:
    """A form body (a file upload) rather than JSON, for `call`."""

    def __init__(self, **files: tuple[str, bytes]) -> None:
        self.files = files

    def fields(self) -> dict:
        from django.core.files.uploadedfile import SimpleUploadedFile

        return {key: SimpleUploadedFile(name, data) for key, (name, data) in self.files.items()}


def call(client, method: str, path: str, *, token=None, body=None, lang=None, **headers):
    if token is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {getattr(token, 'raw', token)}"
    if lang is not None:
        headers["HTTP_ACCEPT_LANGUAGE"] = lang
    kwargs = {}
    if isinstance(body, Multipart):
        kwargs = {"data": body.fields()}
    elif body is not None:
        kwargs = {"data": jsonlib.dumps(body), "content_type": "application/json"}
    return getattr(client, method.lower())(path, **kwargs, **headers)


def assert_error_shape(response, status: int) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    answer = response.json()
    assert set(answer) == {"detail", "errors"}
    assert isinstance(answer["detail"], str) and answer["detail"]
    for entry in answer["errors"]:
        assert set(entry) == {"field", "message"}
        assert entry["message"]
    return answer


@pytest.fixture
def alice_write(alice):
    return token_create(user=alice, name="Tableur", scope="write")


@pytest.fixture
def alice_read(alice):
    return token_create(user=alice, name="Lecture", scope="read")


@pytest.fixture
def bob_write(bob):
    return token_create(user=bob, name="Script de Bob", scope="write")


@pytest.fixture
def vera_write(vera):
    return token_create(user=vera, name="Vera", scope="write")


@pytest.fixture
def charlie_write(charlie):
    return token_create(user=charlie, name="Charlie", scope="write")


@pytest.fixture
def revoked(alice):
    new = token_create(user=alice, name="Ancien", scope="write")
    token_revoke(token=new.token)
    return new


@pytest.fixture
def accounting(db):
    return CategoryFactory(code="accounting", label_fr="Comptabilité", label_en="Accounting")


@pytest.fixture
def item_a(organisation_a, accounting):
    return InventoryItemFactory(
        organisation=organisation_a, category=accounting, label="Paie", notes="notes de A"
    )


@pytest.fixture
def item_b(organisation_b, accounting):
    return InventoryItemFactory(
        organisation=organisation_b,
        category=accounting,
        label="ZQX-secret-de-B",
        notes="ZQX-notes-de-B",
    )

"""Reading a page in a test: the answer must be a page, its HTML as text."""

from __future__ import annotations


def page_html(client, url: str) -> str:  # noqa: ANN001 - Django's test client
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return response.content.decode()

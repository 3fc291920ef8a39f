"""Links to pages that later parts of the product may not have built yet."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse


def url_if_built(name: str, **kwargs) -> str:
    """The page's address, or "" while no view answers to `name` (the caller hides the link)."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""

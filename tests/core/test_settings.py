import pytest
from django.core.exceptions import ImproperlyConfigured

from mutualiser.settings import envbool, envint, envlist


def test_envbool_reads_the_usual_words(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert envbool("FLAG") is True
    monkeypatch.setenv("FLAG", "0")
    assert envbool("FLAG", True) is False


def test_envbool_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("FLAG", "perhaps")

    with pytest.raises(ImproperlyConfigured, match="FLAG must be a boolean"):
        envbool("FLAG")


def test_envint_refuses_a_word(monkeypatch):
    monkeypatch.setenv("COUNT", "ten")

    with pytest.raises(ImproperlyConfigured, match="COUNT must be an integer"):
        envint("COUNT", 1)


def test_envlist_splits_and_trims(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example , b.example,")

    assert envlist("HOSTS", "") == ["a.example", "b.example"]


def test_debug_is_off_unless_asked_for():
    from django.conf import settings

    assert settings.DEBUG is False

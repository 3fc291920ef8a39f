"""Access (issue 8): the admin's login locks out like the site's, per account AND address,
with our page in French or English; attempts are kept in the database (every process)."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt
from django.conf import settings
from django.test import override_settings

from tests.factories import UserFactory

ADMIN_LOGIN = "/admin/login/"
SITE_LOGIN = "/fr/accounts/login/"
RIGHT = "correct horse battery"
OFFICE = "203.0.113.7"


@pytest.fixture
def staff(db):
    return UserFactory(email="direction@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def colleague(db):
    return UserFactory(email="collegue@example.org", is_staff=True, is_superuser=True)


def admin_login(client, email: str, password: str, address: str = OFFICE, **headers):
    return client.post(
        ADMIN_LOGIN,
        {"username": email, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def logged_in(client) -> bool:
    return client.get("/fr/").wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_thirty_wrong_admin_passwords_lock_the_account_at_that_address(client, staff):
    statuses = [admin_login(client, staff.email, f"mauvais {n}").status_code for n in range(30)]

    limit = settings.AXES_FAILURE_LIMIT
    assert statuses[: limit - 1] == [200] * (limit - 1)  # the admin's "wrong password" form
    assert set(statuses[limit:]) == {429}
    response = admin_login(client, staff.email, RIGHT)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Trop d'essais de connexion manqués" in page
    assert f"Après {limit} mots de passe erronés" in page
    assert not logged_in(client)
    attempt = AccessAttempt.objects.get()  # in the database: every process sees it
    assert (attempt.username, attempt.ip_address) == (staff.email, OFFICE)


@pytest.mark.django_db
def test_a_colleague_at_the_same_address_is_not_locked_out(client, staff, colleague):
    for n in range(30):
        admin_login(client, staff.email, f"mauvais {n}")

    response = admin_login(client, colleague.email, RIGHT)

    assert response.status_code == 302
    assert logged_in(client)


@pytest.mark.django_db
def test_the_same_account_from_another_address_is_not_locked_out(client, staff):
    for n in range(30):
        admin_login(client, staff.email, f"mauvais {n}")

    response = admin_login(client, staff.email, RIGHT, address="198.51.100.20")

    assert response.status_code == 302


@pytest.mark.django_db
def test_the_account_is_the_same_whatever_its_case(client, staff):
    for n in range(settings.AXES_FAILURE_LIMIT):
        admin_login(client, staff.email.upper() if n % 2 else staff.email, f"mauvais {n}")

    assert admin_login(client, staff.email, RIGHT).status_code == 429


@pytest.mark.django_db
def test_the_lockout_page_speaks_english_to_an_english_browser(client, staff):
    for n in range(settings.AXES_FAILURE_LIMIT):
        admin_login(client, staff.email, f"wrong {n}")

    response = admin_login(client, staff.email, RIGHT, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed login attempts" in page
    assert "Trop d'essais" not in page


@pytest.mark.django_db
@override_settings(ACCOUNT_RATE_LIMITS=False)  # allauth's own limit would stop them first
def test_the_site_login_locks_out_the_same_way(client):
    member = UserFactory(email="lea@example.org")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(SITE_LOGIN, {"login": member.email, "password": f"mauvais {n}"})

    response = client.post(SITE_LOGIN, {"login": member.email, "password": RIGHT})

    assert response.status_code == 429
    assert "Trop d'essais de connexion manqués" in response.content.decode()
    assert not logged_in(client)


@pytest.mark.django_db
def test_a_right_password_before_the_limit_clears_the_failures(client, staff):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        admin_login(client, staff.email, f"mauvais {n}")

    assert admin_login(client, staff.email, RIGHT).status_code == 302
    assert not AccessAttempt.objects.filter(failures_since_start__gt=0).exists()


@pytest.mark.django_db
def test_the_shared_cache_is_the_database_and_migrate_creates_its_table():
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE mutualiser_cache")
    call_command("migrate", verbosity=0)
    cache.set("lockout-test", 1)
    assert cache.get("lockout-test") == 1

"""The demo login's organisation has one request received and one sent, both waiting."""

from __future__ import annotations

import pytest
from django.conf import settings

from mutualiser.contacts.models import ContactRequest, RequestStatus
from mutualiser.core.demo import demo_build
from mutualiser.core.demo.data import DEMO_USER_OWNS

pytestmark = pytest.mark.django_db


def test_the_demo_login_has_one_request_received_and_one_sent(client):
    demo_build()
    from mutualiser.accounts.models import User

    login = User.objects.get(email=settings.DEMO_EMAIL)
    own = login.memberships.get(role="owner").organisation

    received = ContactRequest.objects.filter(recipient=own)
    sent = ContactRequest.objects.filter(sender=own)

    assert DEMO_USER_OWNS and received.count() == 1 and sent.count() == 1
    assert {r.status for r in [*received, *sent]} == {RequestStatus.PENDING}
    assert sent.get().messages.count() == 1
    client.force_login(login)
    page = client.get(f"/fr/requests/{received.get().pk}/").content.decode()
    assert "Accepter d'en parler" in page


def test_two_demo_builds_give_the_same_requests():
    def snapshot():
        return sorted(
            (r.sender.slug, r.recipient.slug, r.category.code, r.message, r.first_step)
            for r in ContactRequest.objects.select_related("sender", "recipient", "category")
        )

    demo_build()
    first = snapshot()
    from mutualiser.core.demo import demo_delete

    demo_delete()
    assert not ContactRequest.objects.exists()
    demo_build()

    assert snapshot() == first

"""Every request URL, for every role: only members of the two organisations see a request.

A invites B. Owners and editors of either side act; viewers read; dan (a third organisation)
and anybody guessing an id get 404, never 403 (nothing tells that the request exists).
Anonymous visitors are sent to the login page, for a real id and a made-up one alike (an
email's link works once they sign in, and nothing leaks).
"""

from __future__ import annotations

import pytest

from mutualiser.contacts.models import Notification, RequestMessage, RequestStatus

pytestmark = pytest.mark.django_db

SIDE_A = ["alice", "bob", "vera"]
SIDE_B = ["charlie", "carla", "victor"]
EVERY_ROLE = [*SIDE_A, *SIDE_B, "dan", "anonymous"]


def client_for(client, everyone, who):
    if who != "anonymous":
        client.force_login(everyone[who])
    return client


@pytest.mark.parametrize("who", EVERY_ROLE)
def test_the_request_page_is_seen_by_both_sides_only(client, everyone, a_to_b, who):
    response = client_for(client, everyone, who).get(f"/fr/requests/{a_to_b.pk}/")

    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif who == "dan":
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert "Partageons une comptable" in response.content.decode()


@pytest.mark.parametrize("who", EVERY_ROLE)
@pytest.mark.parametrize("action", ["", "accept/", "decline/", "withdraw/", "messages/"])
def test_a_made_up_id_gives_404_to_everyone_signed_in(client, everyone, a_to_b, who, action):
    missing = a_to_b.pk + 1000
    client = client_for(client, everyone, who)

    response = (
        client.post(f"/fr/requests/{missing}/{action}")
        if action
        else client.get(f"/fr/requests/{missing}/")
    )

    assert response.status_code == (302 if who == "anonymous" else 404)


@pytest.mark.parametrize("who", EVERY_ROLE)
def test_only_owners_and_editors_of_the_invited_side_accept(client, everyone, a_to_b, who):
    response = client_for(client, everyone, who).post(f"/fr/requests/{a_to_b.pk}/accept/")

    a_to_b.refresh_from_db()
    accepted = a_to_b.status == RequestStatus.ACCEPTED
    if who in ("charlie", "carla"):
        assert response.status_code == 302 and accepted
    elif who in ("alice", "bob"):  # the inviting side: refused with a message, page kept
        assert response.status_code == 302 and not accepted
    elif who == "anonymous":
        assert "/accounts/login/" in response["Location"] and not accepted
    else:  # viewers and outsiders
        assert response.status_code == 404 and not accepted


@pytest.mark.parametrize("who", EVERY_ROLE)
def test_only_owners_and_editors_of_the_invited_side_decline(client, everyone, a_to_b, who):
    response = client_for(client, everyone, who).post(
        f"/fr/requests/{a_to_b.pk}/decline/", {"reason": "Pas maintenant"}
    )

    a_to_b.refresh_from_db()
    declined = a_to_b.status == RequestStatus.DECLINED
    assert declined == (who in ("charlie", "carla"))
    if who in ("victor", "vera", "dan"):
        assert response.status_code == 404


@pytest.mark.parametrize("who", EVERY_ROLE)
def test_only_owners_and_editors_of_the_inviting_side_withdraw(client, everyone, a_to_b, who):
    response = client_for(client, everyone, who).post(f"/fr/requests/{a_to_b.pk}/withdraw/")

    a_to_b.refresh_from_db()
    assert (a_to_b.status == RequestStatus.WITHDRAWN) == (who in ("alice", "bob"))
    if who in ("victor", "vera", "dan"):
        assert response.status_code == 404


@pytest.mark.parametrize("who", EVERY_ROLE)
def test_owners_and_editors_of_both_sides_write_in_the_thread(client, everyone, a_to_b, who):
    response = client_for(client, everyone, who).post(
        f"/fr/requests/{a_to_b.pk}/messages/", {"body": f"Message de {who}"}
    )

    written = RequestMessage.objects.filter(body=f"Message de {who}").exists()
    assert written == (who in ("alice", "bob", "charlie", "carla"))
    if who in ("victor", "vera", "dan"):
        assert response.status_code == 404


@pytest.mark.parametrize("who", EVERY_ROLE)
def test_the_lists_show_a_request_to_its_two_sides_only(client, everyone, a_to_b, who):
    client = client_for(client, everyone, who)

    listing = client.get("/fr/requests/")

    if who == "anonymous":
        assert listing.status_code == 302
        return
    assert listing.status_code == 200
    shows = f"/fr/requests/{a_to_b.pk}/" in listing.content.decode()
    assert shows == (who != "dan")


@pytest.mark.parametrize("who", EVERY_ROLE)
def test_a_notification_opens_for_its_owner_only(client, everyone, a_to_b, who):
    notification = Notification.objects.create(
        user=everyone["charlie"], request=a_to_b, kind="received"
    )

    response = client_for(client, everyone, who).get(
        f"/fr/requests/notifications/{notification.pk}/"
    )

    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif who == "charlie":
        assert response["Location"] == f"/fr/requests/{a_to_b.pk}/"
    else:
        assert response.status_code == 404
    notification.refresh_from_db()
    assert (notification.read_at is not None) == (who == "charlie")


def test_a_member_who_left_no_longer_sees_the_request_nor_its_notifications(
    client, everyone, a_to_b
):
    carla = everyone["carla"]
    Notification.objects.create(user=carla, request=a_to_b, kind="received")
    carla.memberships.all().delete()
    client.force_login(carla)

    assert client.get(f"/fr/requests/{a_to_b.pk}/").status_code == 404
    assert "Théâtre des Alizés" not in client.get("/fr/requests/notifications/").content.decode()

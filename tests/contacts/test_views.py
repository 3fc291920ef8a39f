"""The pages: start a request from a link, answer it, the thread with and without HTMX, the
header's counter, the notifications, the profile's button; hostile input never gives a 500."""

from __future__ import annotations

import pytest

from mutualiser.contacts.models import ContactRequest, Notification, RequestMessage, RequestStatus
from mutualiser.contacts.rules import MAX_RECIPIENTS
from mutualiser.contacts.selectors import new_request_url
from mutualiser.organisations.choices import Visibility
from tests.factories import CategoryFactory, OrganisationFactory

from .factories import ContactRequestFactory, NotificationFactory

pytestmark = pytest.mark.django_db

FORM = {
    "message": "Nos saisons se complètent.",
    "first_step": "Une rencontre d'une heure",
    "trial_months": "3",
}


def test_the_start_address_is_built_for_the_other_pages():
    assert new_request_url(to=["a", "b"], category="accounting") == (
        "/fr/requests/new/?to=a&to=b&category=accounting"
    )


def test_the_new_page_lists_the_invited_organisations_and_the_default_trial(
    client, alice, organisation_b
):
    CategoryFactory(code="rehearsal-test", label_fr="Studio de répétition")
    client.force_login(alice)

    page = client.get("/fr/requests/new/?to=danse-boreale&category=rehearsal-test").content.decode()

    assert 'name="to" value="danse-boreale" checked' in page
    assert "Studio de répétition" in page
    assert '<option value="3" selected>3 mois</option>' in page
    assert "les mutualisations qui commencent petit sont celles qui durent" in page.lower()


def test_sending_from_the_form_creates_the_request_and_opens_it(client, alice, charlie):
    client.force_login(alice)

    response = client.post("/fr/requests/new/", {**FORM, "to": ["danse-boreale"]}, follow=True)

    request = ContactRequest.objects.get()
    assert response.redirect_chain[-1][0] == f"/fr/requests/{request.pk}/"
    assert "Demande envoyée à Danse Boréale" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?to=nobody-here", "« nobody-here »"),
        ("?to=theatre-des-alizes", "votre propre organisme"),
        ("?" + "&".join(f"to=org-{n}" for n in range(50)), f"au plus {MAX_RECIPIENTS} organismes"),
        ("?to=" + "%00" * 10 + "&category=" + "x" * 5000, "identifiant"),
        ("", "Aucun organisme choisi"),
    ],
    ids=["unknown", "own", "fifty", "garbage", "none"],
)
def test_hostile_start_addresses_show_a_clear_message(client, alice, query, expected):
    client.force_login(alice)

    response = client.get("/fr/requests/new/" + query)

    assert response.status_code == 200
    assert expected in response.content.decode()


def test_a_private_organisation_is_not_named_on_the_new_page(client, alice):
    OrganisationFactory(name="Compagnie Secrète", slug="secrete", visibility=Visibility.PRIVATE)
    client.force_login(alice)

    page = client.get("/fr/requests/new/?to=secrete").content.decode()

    assert "Compagnie Secrète" not in page
    assert "pas public" in page


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({**FORM, "message": ""}, "Écrivez un message"),
        ({**FORM, "message": "m" * 200_000}, "au plus 2000"),
        ({**FORM, "first_step": ""}, "Proposez un premier pas"),
        ({**FORM, "trial_months": "forever"}, "Sélectionnez un choix valide"),
        ({**FORM, "to": [f"org-{n}" for n in range(50)]}, "au plus 5 organismes"),
    ],
    ids=["empty", "huge", "no-step", "bad-trial", "fifty"],
)
def test_a_refused_post_keeps_the_form_says_why_and_writes_nothing(
    client, alice, organisation_b, data, expected
):
    client.force_login(alice)
    data = {"to": ["danse-boreale"], **data}

    response = client.post("/fr/requests/new/", data)

    assert response.status_code == 200
    page = response.content.decode()
    assert expected in page and "La demande n'est pas partie" in page
    assert not ContactRequest.objects.exists() and not Notification.objects.exists()


def test_a_viewer_is_told_who_may_send(client, vera):
    client.force_login(vera)

    page = client.get("/fr/requests/new/?to=danse-boreale").content.decode()

    assert "seuls ses responsables et ses éditeurs" in page
    assert "<textarea" not in page


def test_someone_without_an_organisation_is_asked_to_create_one(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())

    for path in ("/fr/requests/", "/fr/requests/new/?to=danse-boreale"):
        assert "Créer le profil de mon organisme" in client.get(path).content.decode()


def test_accepting_from_the_page_tells_the_other_side(client, charlie, alice, a_to_b):
    client.force_login(charlie)

    page = client.post(f"/fr/requests/{a_to_b.pk}/accept/", follow=True).content.decode()

    a_to_b.refresh_from_db()
    assert a_to_b.status == RequestStatus.ACCEPTED
    assert "Demande acceptée" in page
    assert Notification.objects.filter(user=alice, kind="accepted").exists()


def test_declining_twice_says_it_was_already_answered(client, charlie, a_to_b):
    client.force_login(charlie)
    client.post(f"/fr/requests/{a_to_b.pk}/decline/", {"reason": "Pas cette année"})

    page = client.post(f"/fr/requests/{a_to_b.pk}/accept/", follow=True).content.decode()

    assert "déjà été déclinée" in page
    a_to_b.refresh_from_db()
    assert a_to_b.status == RequestStatus.DECLINED and a_to_b.decline_reason == "Pas cette année"


def test_the_thread_takes_a_message_with_htmx_and_returns_only_the_thread(client, alice, a_to_b):
    client.force_login(alice)

    response = client.post(
        f"/fr/requests/{a_to_b.pk}/messages/",
        {"body": "Un café jeudi ?"},
        headers={"HX-Request": "true"},
    )

    fragment = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in fragment and 'id="thread"' in fragment
    assert "Un café jeudi ?" in fragment
    assert RequestMessage.objects.count() == 1


def test_the_thread_works_without_javascript(client, alice, a_to_b):
    client.force_login(alice)

    response = client.post(f"/fr/requests/{a_to_b.pk}/messages/", {"body": "Bonjour !"})
    page = client.get(response["Location"]).content.decode()

    assert response.status_code == 302 and response["Location"].endswith("#thread")
    assert "<html" in page and "Bonjour !" in page


def test_an_empty_thread_message_is_refused_in_the_fragment(client, alice, a_to_b):
    client.force_login(alice)

    response = client.post(
        f"/fr/requests/{a_to_b.pk}/messages/", {"body": "  "}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert "Écrivez un message" in response.content.decode()
    assert not RequestMessage.objects.exists()


def test_the_header_counts_unread_notifications_and_opening_the_request_reads_them(
    client, charlie, a_to_b
):
    NotificationFactory(user=charlie, request=a_to_b)
    NotificationFactory(user=charlie, request=a_to_b, kind="message")
    client.force_login(charlie)

    before = client.get("/fr/guide/").content.decode()
    client.get(f"/fr/requests/{a_to_b.pk}/")
    after = client.get("/en/guide/").content.decode()

    assert 'aria-label="Notifications : 2 non lues"' in before
    assert 'class="notification-count" aria-hidden="true">2<' in before
    assert 'aria-label="Notifications: none unread"' in after
    assert "notification-count" not in after


def test_the_notifications_page_lists_them_in_the_readers_language_and_marks_all_read(
    client, charlie, a_to_b
):
    NotificationFactory(user=charlie, request=a_to_b)
    client.force_login(charlie)

    english = client.get("/en/requests/notifications/").content.decode()
    client.post("/fr/requests/notifications/read/")

    assert "Théâtre des Alizés suggests pooling with you" in english
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_the_lists_take_a_fixed_number_of_queries(
    client, alice, organisation_a, django_assert_max_num_queries
):
    for _ in range(12):
        ContactRequestFactory(sender=organisation_a)
        ContactRequestFactory(recipient=organisation_a)
    client.force_login(alice)

    with django_assert_max_num_queries(14):
        assert client.get("/fr/requests/").status_code == 200


def test_the_profile_button_invites_a_directory_organisation(client, alice, organisation_b):
    client.force_login(alice)

    page = client.get("/fr/organisations/danse-boreale/").content.decode()

    assert 'href="/fr/requests/new/?to=danse-boreale"' in page
    assert "Proposer de mutualiser" in page


def test_the_profile_shows_the_waiting_request_instead_of_a_second_button(client, alice, a_to_b):
    client.force_login(alice)

    page = client.get("/fr/organisations/danse-boreale/").content.decode()

    assert f'href="/fr/requests/{a_to_b.pk}/"' in page
    assert "/fr/requests/new/" not in page


def test_no_button_on_ones_own_profile(client, alice):
    client.force_login(alice)

    page = client.get("/fr/organisations/theatre-des-alizes/").content.decode()

    assert "Proposer de mutualiser" not in page


def test_the_request_page_in_english(client, charlie, a_to_b):
    client.force_login(charlie)

    page = client.get(f"/en/requests/{a_to_b.pk}/").content.decode()

    assert "Request from Théâtre des Alizés" in page
    assert "Accept to talk" in page and "Decline" in page


def test_unchecking_every_organisation_keeps_them_listed_and_says_to_choose_one(
    client, alice, organisation_b
):
    client.force_login(alice)

    response = client.post("/fr/requests/new/", {**FORM, "offered": ["danse-boreale"]})

    page = response.content.decode()
    assert "Choisissez au moins un organisme" in page
    assert 'name="to" value="danse-boreale">' in page  # listed, unchecked
    assert not ContactRequest.objects.exists()


def test_the_notifications_page_makes_the_same_queries_for_2_or_32_notifications(
    client, charlie, organisation_b, django_assert_max_num_queries, django_assert_num_queries
):
    def notify(count: int) -> None:
        for _ in range(count):
            request = ContactRequestFactory(recipient=organisation_b)
            NotificationFactory(user=charlie, request=request)

    notify(2)
    client.force_login(charlie)
    client.get("/fr/requests/notifications/")  # warm the session
    with django_assert_max_num_queries(12) as few:
        client.get("/fr/requests/notifications/")
    notify(30)

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/fr/requests/notifications/")

    assert response.content.decode().count('class="notification unread"') == 32


def test_a_nul_byte_in_the_texts_is_refused_not_a_server_error(client, alice, a_to_b):
    client.force_login(alice)

    new = client.post("/fr/requests/new/", {**FORM, "message": "a\x00b", "to": ["musee-du-fil"]})
    thread = client.post(f"/fr/requests/{a_to_b.pk}/messages/", {"body": "a\x00b"})

    assert new.status_code == 200 and thread.status_code == 200
    assert ContactRequest.objects.count() == 1 and not RequestMessage.objects.exists()

"""The rules of contact requests, through the services: who may send, limits, answers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from mutualiser.contacts import services
from mutualiser.contacts.models import (
    MESSAGE_MAX_LENGTH,
    ContactRequest,
    Notification,
    NotificationKind,
    RequestMessage,
    RequestStatus,
)
from mutualiser.contacts.rules import DECLINE_COOLDOWN_DAYS, MAX_PENDING_SENT, MAX_RECIPIENTS
from mutualiser.organisations.choices import Visibility
from tests.factories import CategoryFactory, OrganisationFactory

from .factories import ContactRequestFactory

pytestmark = pytest.mark.django_db


def send(sender, user, slugs, **overrides):
    data = {
        "message": "Nos saisons se complètent : partageons une comptable.",
        "first_step": "Une rencontre d'une heure",
        "trial_months": 3,
    }
    data.update(overrides)
    return services.contact_request_send(sender=sender, user=user, recipient_slugs=slugs, **data)


def refusal(callable_, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        callable_(*args, **kwargs)
    return " ".join(caught.value.messages)


def test_a_request_to_two_organisations_makes_one_request_each_and_notifies_their_members(
    django_capture_on_commit_callbacks, alice, bob, charlie, carla, victor, dan, organisation_a
):
    category = CategoryFactory(code="accounting-test", label_fr="Comptabilité")

    with django_capture_on_commit_callbacks(execute=True):
        sent = send(
            organisation_a,
            alice,
            ["danse-boreale", "musee-du-fil"],
            category_code="accounting-test",
        )

    assert sorted(r.recipient.slug for r in sent) == ["danse-boreale", "musee-du-fil"]
    assert all(r.status == RequestStatus.PENDING and r.category == category for r in sent)
    notified = set(Notification.objects.values_list("user__email", flat=True))
    assert notified == {"charlie@example.org", "carla@example.org", "victor@example.org"} | {
        "dan@example.org"
    }
    # emails go to those who may answer (owners, editors), not to the viewer nor the sender
    assert sorted(m.to[0] for m in mail.outbox) == [
        "carla@example.org",
        "charlie@example.org",
        "dan@example.org",
    ]


def test_a_viewer_cannot_send_a_request(vera, charlie, organisation_a):
    message = refusal(send, organisation_a, vera, ["danse-boreale"])

    assert "responsables et les éditeurs" in message
    assert not ContactRequest.objects.exists()


@pytest.mark.parametrize(
    ("slugs", "expected"),
    [
        ([], "Choisissez au moins un organisme"),
        (["", "  "], "Choisissez au moins un organisme"),
        (["nobody-here"], "« nobody-here »"),
        (["theatre-des-alizes"], "votre propre organisme (Théâtre des Alizés)"),
        ([f"org-{n}" for n in range(50)], f"au plus {MAX_RECIPIENTS} organismes"),
    ],
    ids=["none", "blank", "unknown", "own", "fifty"],
)
def test_hostile_recipients_are_refused_with_a_clear_message_and_nothing_written(
    alice, organisation_a, organisation_b, slugs, expected
):
    message = refusal(send, organisation_a, alice, slugs)

    assert expected in message
    assert not ContactRequest.objects.exists() and not Notification.objects.exists()


def test_a_private_organisation_gets_the_same_answer_as_an_unknown_one(alice, organisation_a):
    OrganisationFactory(name="Secret", slug="secret", visibility=Visibility.PRIVATE)

    private = refusal(send, organisation_a, alice, ["secret"])
    unknown = refusal(send, organisation_a, alice, ["tercse"])

    assert private.replace("secret", "X") == unknown.replace("tercse", "X")
    assert "Secret" not in private


def test_another_of_my_organisations_cannot_be_invited(alice, organisation_a):
    mine = OrganisationFactory(name="Ma deuxième", slug="ma-deuxieme", visibility="directory")
    from tests.factories import MembershipFactory

    MembershipFactory(user=alice, organisation=mine)

    assert "propre organisme (Ma deuxième)" in refusal(send, organisation_a, alice, ["ma-deuxieme"])


def test_one_bad_recipient_among_good_ones_sends_nothing_at_all(
    alice, organisation_a, organisation_b
):
    message = refusal(send, organisation_a, alice, ["danse-boreale", "nobody-here"])

    assert "nobody-here" in message
    assert not ContactRequest.objects.exists()


def test_repeated_slugs_count_once(alice, organisation_a, organisation_b):
    sent = send(organisation_a, alice, ["danse-boreale"] * 8)

    assert len(sent) == 1


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("message", "", "Écrivez un message"),
        ("message", "   \n  ", "Écrivez un message"),
        ("message", "x" * 100_000, f"au plus {MESSAGE_MAX_LENGTH}"),
        ("first_step", "", "Proposez un premier pas"),
        ("first_step", "y" * 301, "au plus 300"),
        ("trial_months", 48, "durée de l'essai"),
    ],
)
def test_hostile_texts_are_refused_with_a_clear_message(
    alice, organisation_a, organisation_b, field, value, expected
):
    message = refusal(send, organisation_a, alice, ["danse-boreale"], **{field: value})

    assert expected in message
    assert not ContactRequest.objects.exists()


def test_every_problem_is_named_at_once(alice, organisation_a):
    message = refusal(send, organisation_a, alice, ["nobody-here"], message="", first_step="")

    assert "nobody-here" in message and "Écrivez un message" in message
    assert "Proposez un premier pas" in message


def test_the_cap_on_pending_requests_names_the_limit_and_what_is_left(alice, organisation_a):
    for _ in range(MAX_PENDING_SENT - 1):
        ContactRequestFactory(sender=organisation_a)
    others = [
        OrganisationFactory(slug=f"autre-{n}", visibility=Visibility.DIRECTORY).slug
        for n in range(2)
    ]

    message = refusal(send, organisation_a, alice, others)

    assert f"déjà {MAX_PENDING_SENT - 1} demandes en attente" in message
    assert f"la limite est de {MAX_PENDING_SENT} demandes en attente" in message
    assert "encore en envoyer 1" in message
    assert ContactRequest.objects.count() == MAX_PENDING_SENT - 1
    # one more still fits
    assert len(send(organisation_a, alice, others[:1])) == 1


def test_answered_requests_do_not_count_against_the_cap(alice, organisation_a, organisation_b):
    for status in (RequestStatus.ACCEPTED, RequestStatus.EXPIRED, RequestStatus.WITHDRAWN):
        ContactRequestFactory.create_batch(MAX_PENDING_SENT, sender=organisation_a, status=status)

    assert len(send(organisation_a, alice, ["danse-boreale"])) == 1


def test_a_declined_request_cannot_be_repeated_for_thirty_days(
    alice, charlie, organisation_a, organisation_b
):
    now = timezone.now()
    request = send(organisation_a, alice, ["danse-boreale"])[0]
    services.contact_request_decline(request=request, user=charlie, now=now)

    early = refusal(
        send, organisation_a, alice, ["danse-boreale"]
    )  # the cooldown counts from the answer
    assert "a décliné votre demande" in early
    assert f"avant {DECLINE_COOLDOWN_DAYS} jours" in early
    assert ContactRequest.objects.count() == 1

    later = services.contact_request_send(
        sender=organisation_a,
        user=alice,
        recipient_slugs=["danse-boreale"],
        message="Et maintenant ?",
        first_step="Un café",
        trial_months=3,
        now=now + timedelta(days=DECLINE_COOLDOWN_DAYS, seconds=1),
    )
    assert len(later) == 1


def test_a_decline_by_b_does_not_stop_b_from_inviting_a(
    alice, charlie, organisation_a, organisation_b
):
    request = send(organisation_a, alice, ["danse-boreale"])[0]
    services.contact_request_decline(request=request, user=charlie)

    assert len(send(organisation_b, charlie, ["theatre-des-alizes"])) == 1


def test_a_second_request_while_one_waits_between_the_two_is_refused(
    alice, charlie, organisation_a, organisation_b, a_to_b
):
    same_way = refusal(send, organisation_a, alice, ["danse-boreale"])
    other_way = refusal(send, organisation_b, charlie, ["theatre-des-alizes"])

    assert "attend déjà une réponse" in same_way and "attend déjà une réponse" in other_way
    assert ContactRequest.objects.count() == 1


def test_accepting_records_who_and_when_and_tells_the_sender(
    django_capture_on_commit_callbacks, alice, bob, vera, carla, a_to_b
):
    with django_capture_on_commit_callbacks(execute=True):
        services.contact_request_accept(request=a_to_b, user=carla)

    a_to_b.refresh_from_db()
    assert a_to_b.status == RequestStatus.ACCEPTED and a_to_b.answered_by == carla
    notified = Notification.objects.filter(kind=NotificationKind.ACCEPTED)
    assert set(notified.values_list("user__email", flat=True)) == {
        "alice@example.org",
        "bob@example.org",
        "vera@example.org",
    }
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "bob@example.org"]


def test_a_request_is_answered_once(charlie, carla, a_to_b):
    services.contact_request_accept(request=a_to_b, user=charlie)

    assert "déjà été acceptée" in refusal(
        services.contact_request_decline, request=a_to_b, user=carla
    )
    a_to_b.refresh_from_db()
    assert a_to_b.status == RequestStatus.ACCEPTED


def test_the_sender_cannot_accept_its_own_request(alice, charlie, a_to_b):
    assert "responsables et les éditeurs de Danse Boréale" in refusal(
        services.contact_request_accept, request=a_to_b, user=alice
    )


def test_a_viewer_of_the_invited_organisation_cannot_answer(victor, a_to_b):
    refusal(services.contact_request_accept, request=a_to_b, user=victor)

    a_to_b.refresh_from_db()
    assert a_to_b.status == RequestStatus.PENDING


def test_a_decline_keeps_its_reason_and_refuses_a_huge_one(charlie, a_to_b):
    assert "au plus 500" in refusal(
        services.contact_request_decline, request=a_to_b, user=charlie, reason="z" * 501
    )

    services.contact_request_decline(request=a_to_b, user=charlie, reason="  Pas avant l'automne ")

    a_to_b.refresh_from_db()
    assert a_to_b.status == RequestStatus.DECLINED
    assert a_to_b.decline_reason == "Pas avant l'automne"


def test_withdrawing_frees_a_place_and_closes_the_thread(alice, charlie, organisation_a, a_to_b):
    services.contact_request_withdraw(request=a_to_b, user=alice)

    a_to_b.refresh_from_db()
    assert a_to_b.status == RequestStatus.WITHDRAWN
    assert "close" in refusal(
        services.request_message_post,
        request=a_to_b,
        user=alice,
        organisation=organisation_a,
        body="Encore là ?",
    )


def test_both_sides_write_in_the_thread_and_the_other_side_is_told(
    alice, charlie, organisation_a, organisation_b, a_to_b
):
    services.request_message_post(
        request=a_to_b, user=charlie, organisation=organisation_b, body="Une question : quand ?"
    )
    services.request_message_post(
        request=a_to_b, user=alice, organisation=organisation_a, body="En janvier."
    )

    assert list(RequestMessage.objects.values_list("body", flat=True)) == [
        "Une question : quand ?",
        "En janvier.",
    ]
    told = Notification.objects.filter(kind=NotificationKind.MESSAGE)
    assert {n.user.email for n in told} == {"alice@example.org", "charlie@example.org"}


def test_an_outsider_cannot_write_in_a_thread_even_by_naming_his_organisation(
    dan, organisation_c, a_to_b
):
    assert "ne faites pas partie" in refusal(
        services.request_message_post,
        request=a_to_b,
        user=dan,
        organisation=organisation_c,
        body="Coucou",
    )
    assert not RequestMessage.objects.exists()


def test_an_empty_or_huge_thread_message_is_refused(alice, organisation_a, a_to_b):
    for body in ("", "w" * (MESSAGE_MAX_LENGTH + 1)):
        refusal(
            services.request_message_post,
            request=a_to_b,
            user=alice,
            organisation=organisation_a,
            body=body,
        )

    assert not RequestMessage.objects.exists()


def test_a_slug_or_category_with_a_nul_byte_is_unknown_not_an_error(alice, organisation_a):
    message = refusal(send, organisation_a, alice, ["danse\x00boreale"])

    assert "n'existe pas" in message and "\x00" not in message
    assert services.category_for("x\x00y") is None

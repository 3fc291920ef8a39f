"""Factories of the contacts app (requests, messages, notifications)."""

from __future__ import annotations

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from mutualiser.contacts.models import ContactRequest, Notification, RequestMessage
from mutualiser.organisations.choices import Visibility
from tests.factories import OrganisationFactory, UserFactory


class ContactRequestFactory(DjangoModelFactory):
    class Meta:
        model = ContactRequest

    sender = factory.SubFactory(OrganisationFactory, visibility=Visibility.DIRECTORY)
    recipient = factory.SubFactory(OrganisationFactory, visibility=Visibility.DIRECTORY)
    sent_by = factory.SubFactory(UserFactory)
    message = "Partageons une comptable : nos saisons se complètent."
    first_step = "Une rencontre d'une heure"
    trial_months = 3
    created_at = factory.LazyFunction(timezone.now)


class RequestMessageFactory(DjangoModelFactory):
    class Meta:
        model = RequestMessage

    request = factory.SubFactory(ContactRequestFactory)
    organisation = factory.SelfAttribute("request.sender")
    author = factory.SubFactory(UserFactory)
    body = "Bonjour !"


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    request = factory.SubFactory(ContactRequestFactory)
    kind = "received"

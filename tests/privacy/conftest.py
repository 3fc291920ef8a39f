"""A small world: A (alice owns, bob edits, vera reads) shares a project with C (carol) and a
contact request with B (charlie); each has private inventory items; A sat in a workshop."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from mutualiser.contacts.models import ContactRequest, RequestMessage
from mutualiser.projects.services import decision_answer, decision_propose, project_create
from mutualiser.readiness.models import ReadinessAssessment
from mutualiser.workshops.models import (
    Commitment,
    Obstacle,
    Participant,
    Vote,
    Workshop,
    WorkshopItem,
)

from ..factories import CategoryFactory, InventoryItemFactory

MONTHS = [10.0] * 12


@pytest.fixture(autouse=True)
def _french_first():
    with translation.override("fr"):
        yield


@pytest.fixture
def category(db):
    return CategoryFactory(code="technical_direction", label_fr="Direction technique")


@pytest.fixture
def world(
    alice, bob, vera, carol, charlie, organisation_a, organisation_b, organisation_c, category
):
    InventoryItemFactory(
        organisation=organisation_a, category=category, label="Régie A", notes="=1+2 notes A"
    )
    InventoryItemFactory(
        organisation=organisation_b, category=category, label="SECRET-B", notes="notes-privees-B"
    )
    InventoryItemFactory(
        organisation=organisation_c, category=category, label="SECRET-C", notes="notes-privees-C"
    )
    ReadinessAssessment.objects.create(
        organisation=organisation_a, answered_by=alice, answers={"q1": 4}
    )
    ReadinessAssessment.objects.create(
        organisation=organisation_b, answered_by=charlie, answers={"q1": 1}
    )

    project = project_create(
        created_by=alice,
        lead=organisation_a,
        partners=[organisation_c],
        category=category,
        title="Direction technique partagée",
        months_by_partner={organisation_a.pk: MONTHS, organisation_c.pk: MONTHS},
        place="Montréal",
    )
    partner_a = project.partners.get(organisation=organisation_a)
    partner_c = project.partners.get(organisation=organisation_c)
    partner_c.budget = 123456.0
    partner_c.save(update_fields=["budget"])
    decision = decision_propose(
        project=project,
        partner=partner_a,
        user=alice,
        title="Engager une directrice technique",
        closes_at=timezone.now() + datetime.timedelta(days=7),
    )
    decision_answer(decision=decision, partner=partner_c, user=carol, answer="agree")

    request = ContactRequest.objects.create(
        sender=organisation_a,
        recipient=organisation_b,
        sent_by=alice,
        category=category,
        message="Partageons une régie",
        first_step="Un café",
    )
    RequestMessage.objects.create(
        request=request, organisation=organisation_a, author=alice, body="@SUM(A1) bonjour"
    )
    RequestMessage.objects.create(
        request=request, organisation=organisation_b, author=charlie, body="Réponse de B"
    )
    # A request between B and C only: never A's business.
    ContactRequest.objects.create(
        sender=organisation_b,
        recipient=organisation_c,
        message="Entre B et C seulement",
        first_step="Rien",
    )

    workshop = Workshop.objects.create(
        facilitator=carol, title="Atelier BSL", date=datetime.date(2026, 12, 3), code="ABC123"
    )
    seat = Participant.objects.create(
        workshop=workshop, organisation=organisation_a, user=alice, number=1
    )
    WorkshopItem.objects.create(
        participant=seat,
        category=category,
        direction="need",
        quantity=5,
        season="year",
        months=MONTHS,
    )
    Obstacle.objects.create(participant=seat, kind="trust", text="-confiance")
    Vote.objects.create(participant=seat, opportunity="i1+i2")
    Commitment.objects.create(participant=seat, text="Appeler C")
    other_seat = Participant.objects.create(
        workshop=workshop, organisation=organisation_b, number=2
    )
    Obstacle.objects.create(participant=other_seat, kind="money", text="obstacle-de-B")
    return {"project": project, "decision": decision, "request": request, "workshop": workshop}

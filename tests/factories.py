"""One factory per model; tests override only what they are about."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth.models import Group
from django.utils import timezone
from factory.django import DjangoModelFactory

from mutualiser.accounts.models import User
from mutualiser.diagnostic.models import Category, Direction, Family, InventoryItem
from mutualiser.diagnostic.scoring import FACILITATORS_GROUP
from mutualiser.organisations.choices import LegalKind, Region, Role, Visibility
from mutualiser.organisations.models import Invitation, Membership, Organisation
from mutualiser.partners.models import (
    MemberRole,
    Opportunity,
    OpportunityKind,
    OpportunityMember,
    PartnerRun,
)
from mutualiser.projects.choices import Grade, RiskKind
from mutualiser.projects.models import AllocationSnapshot, Decision, Evaluation, Risk
from mutualiser.readiness.models import ReadinessAssessment
from mutualiser.runs.models import RunStatus
from mutualiser.workshops.models import (
    Commitment,
    Obstacle,
    ObstacleKind,
    Participant,
    Workshop,
    WorkshopItem,
)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    username = factory.SelfAttribute("email")
    full_name = factory.Faker("name", locale="fr_CA")
    password = factory.django.Password("correct horse battery")


class FacilitatorFactory(UserFactory):
    """A user of the "facilitateurs" group: may run workshops."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def facilitator_group(user, create, extracted, **kwargs):
        if create:
            user.groups.add(Group.objects.get_or_create(name=FACILITATORS_GROUP)[0])


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Compagnie {n}")
    slug = factory.Sequence(lambda n: f"compagnie-{n}")
    legal_kind = LegalKind.NONPROFIT
    disciplines = factory.LazyFunction(lambda: ["theatre"])
    region = Region.MONTREAL
    municipality = "Montréal"
    latitude = 45.5088
    longitude = -73.5878
    visibility = Visibility.PRIVATE


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.OWNER


def persona(email: str, full_name: str, organisation: Organisation, role: str) -> User:
    """A user who holds `role` in `organisation`: the personas of the conftests."""
    user = UserFactory(email=email, full_name=full_name)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


class InvitationFactory(DjangoModelFactory):
    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = Role.EDITOR


class FamilyFactory(DjangoModelFactory):
    class Meta:
        model = Family
        django_get_or_create = ["code"]

    code = "ADM"
    label_fr = "Administration et finances"
    label_en = "Administration & finance"


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"category-{n}")
    family = factory.SubFactory(FamilyFactory)
    label_fr = "Comptabilité"
    label_en = "Accounting"
    kind = "human"
    unit = "hour"
    support_or_core = "support"
    typical_level = "L3"
    confidentiality = "medium"
    proximity_need = "low"
    standalone_rate = 65
    unit_capacity = 140
    unit_cost = 6200
    min_fraction = 0.4
    member_overhead = 150
    max_group_size = 6


class InventoryItemFactory(DjangoModelFactory):
    class Meta:
        model = InventoryItem

    organisation = factory.SubFactory(OrganisationFactory)
    category = factory.SubFactory(CategoryFactory)
    direction = Direction.NEED
    months = factory.LazyFunction(lambda: [20.0] * 12)


class ReadinessAssessmentFactory(DjangoModelFactory):
    class Meta:
        model = ReadinessAssessment

    organisation = factory.SubFactory(OrganisationFactory)
    answers = factory.LazyFunction(dict)


class PartnerRunFactory(DjangoModelFactory):
    """A finished partner search of a region (the pages read its opportunities)."""

    class Meta:
        model = PartnerRun

    region = Region.MONTREAL
    status = RunStatus.DONE
    started_at = factory.LazyFunction(timezone.now)
    finished_at = factory.LazyFunction(timezone.now)


class OpportunityFactory(DjangoModelFactory):
    class Meta:
        model = Opportunity

    run = factory.SubFactory(PartnerRunFactory)
    kind = OpportunityKind.GROUP
    category = factory.SubFactory(CategoryFactory)
    savings = 4200.0
    cost = 30000.0
    in_core = True
    distance_km = 3.0
    capacity = factory.LazyFunction(lambda: [140.0] * 12)
    reasons = factory.LazyFunction(list)


class OpportunityMemberFactory(DjangoModelFactory):
    class Meta:
        model = OpportunityMember

    opportunity = factory.SubFactory(OpportunityFactory)
    item = factory.SubFactory(
        InventoryItemFactory, category=factory.SelfAttribute("..opportunity.category")
    )
    organisation = factory.SelfAttribute("item.organisation")
    role = MemberRole.NEED
    months = factory.SelfAttribute("item.months")
    gain = 2100.0
    share = 15000.0
    standalone = 17100.0


class DecisionFactory(DjangoModelFactory):
    """An open decision of a project, proposed by one of its partners (`proposed_by`)."""

    class Meta:
        model = Decision

    project = factory.SelfAttribute("proposed_by.project")
    title = factory.Sequence(lambda n: f"Décision {n}")
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))


class RiskFactory(DjangoModelFactory):
    class Meta:
        model = Risk

    kind = RiskKind.MONEY
    description = "Un partenaire se retire avant la fin de l'essai."
    likelihood = Grade.MEDIUM
    impact = Grade.HIGH


class AllocationSnapshotFactory(DjangoModelFactory):
    class Meta:
        model = AllocationSnapshot

    rule = "proportional"
    cost = 30000.0
    shares = factory.LazyFunction(list)


class EvaluationFactory(DjangoModelFactory):
    class Meta:
        model = Evaluation

    actual_cost = 29000.0
    estimated_cost = 30000.0


class WorkshopFactory(DjangoModelFactory):
    class Meta:
        model = Workshop

    facilitator = factory.SubFactory(FacilitatorFactory)
    title = factory.Sequence(lambda n: f"Atelier {n}")
    date = datetime.date(2026, 12, 3)
    # Six characters of the join alphabet (services.CODE_ALPHABET), distinct per workshop.
    code = factory.Sequence(lambda n: "WK" + "".join("ACDEFGHJKM"[int(d)] for d in f"{n:04d}"))
    phase = "inventory"


class ParticipantFactory(DjangoModelFactory):
    """A guest seat by default; pass `organisation` (and `user`) for an organisation's."""

    class Meta:
        model = Participant

    workshop = factory.SubFactory(WorkshopFactory)
    guest_name = factory.Sequence(lambda n: f"Invité {n}")
    number = factory.Sequence(lambda n: n + 1)


class WorkshopItemFactory(DjangoModelFactory):
    class Meta:
        model = WorkshopItem

    participant = factory.SubFactory(ParticipantFactory)
    category = factory.SubFactory(CategoryFactory)
    direction = "need"
    quantity = 20.0
    season = "year"
    months = factory.LazyFunction(lambda: [20.0] * 12)


class ObstacleFactory(DjangoModelFactory):
    class Meta:
        model = Obstacle

    participant = factory.SubFactory(ParticipantFactory)
    kind = ObstacleKind.TRUST
    text = "Nous ne nous connaissons pas encore."


class CommitmentFactory(DjangoModelFactory):
    class Meta:
        model = Commitment

    participant = factory.SubFactory(ParticipantFactory)
    text = "Appeler le festival d'ici vendredi."

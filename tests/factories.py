"""One factory per model; tests override only what they are about."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from mutualiser.accounts.models import User
from mutualiser.diagnostic.models import Category, Direction, Family, InventoryItem
from mutualiser.organisations.choices import LegalKind, Region, Role, Visibility
from mutualiser.organisations.models import Invitation, Membership, Organisation


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    username = factory.SelfAttribute("email")
    full_name = factory.Faker("name", locale="fr_CA")
    password = factory.django.Password("correct horse battery")


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

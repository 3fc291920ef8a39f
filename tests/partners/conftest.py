"""A small region for the partner search: alice's organisation A and four partners in the
directory (B, C share A's accounting; D and E could lend A a studio, D is the plan's), some
unexpected (a museum run as a company, an artists' co-operative), and a private organisation
that would fit but must never take part."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mutualiser.diagnostic.models import Direction
from mutualiser.organisations.choices import LegalKind, Visibility
from mutualiser.partners.services import opportunities_refresh_request
from tests.factories import CategoryFactory, InventoryItemFactory, OrganisationFactory

SUMMER = [0, 0, 0, 10, 40, 70, 70, 60, 10, 0, 0, 0]
WINTER = [70, 70, 60, 20, 0, 0, 0, 0, 20, 60, 70, 70]
STEADY = [40] * 12
# Strings planted in private fields: none may appear on another organisation's pages.
SECRET_LABEL = "ZQX-etiquette-secrete"
SECRET_NOTES = "ZQX-notes-confidentielles"
SECRET_COST = Decimal("987654.32")
PRIVATE_NAME = "ZQX Organisme Privé"
PRIVATE_LABEL = "ZQX-besoin-du-prive"


@pytest.fixture
def accounting(db):
    return CategoryFactory(code="accounting", label_fr="Comptabilité", label_en="Accounting")


@pytest.fixture
def studio(db):
    return CategoryFactory(
        code="rehearsal_studio",
        label_fr="Salle de répétition",
        label_en="Rehearsal studio",
        kind="material",
        standalone_rate=35,
        unit_capacity=200,
        unit_cost=3000,
    )


@pytest.fixture
def region(organisation_a, organisation_b, accounting, studio):
    """A in the directory with two needs; B, C, D partners; P private. Opportunities computed."""
    organisation_a.visibility = Visibility.DIRECTORY
    organisation_a.save(update_fields=["visibility"])
    b = organisation_b  # charlie owns it
    b.disciplines = ["dance"]
    b.visibility = Visibility.DIRECTORY
    b.latitude, b.longitude = 45.52, -73.58
    b.save()
    c = OrganisationFactory(
        name="Musée du Fil",
        slug="musee-du-fil",
        disciplines=["heritage"],
        legal_kind=LegalKind.COMPANY,
        visibility=Visibility.DIRECTORY,
        latitude=45.50,
        longitude=-73.60,
    )
    d = OrganisationFactory(
        name="Diffusion du Quai",
        slug="diffusion-du-quai",
        disciplines=["presenting"],
        visibility=Visibility.DIRECTORY,
        latitude=45.51,
        longitude=-73.57,
    )
    e = OrganisationFactory(
        name="Atelier Coop Vitrail",
        slug="atelier-coop-vitrail",
        disciplines=["visual_arts"],
        legal_kind=LegalKind.COOPERATIVE,
        visibility=Visibility.DIRECTORY,
        latitude=45.53,
        longitude=-73.59,
    )
    p = OrganisationFactory(
        name=PRIVATE_NAME,
        slug="zqx-prive",
        visibility=Visibility.PRIVATE,
        latitude=45.51,
        longitude=-73.59,
    )
    items = {
        "a_accounting": InventoryItemFactory(
            organisation=organisation_a, category=accounting, months=SUMMER[:]
        ),
        "a_studio": InventoryItemFactory(
            organisation=organisation_a, category=studio, months=[10] * 12
        ),
        "b_accounting": InventoryItemFactory(
            organisation=b,
            category=accounting,
            months=WINTER[:],
            label=SECRET_LABEL,
            notes=SECRET_NOTES,
            annual_cost=SECRET_COST,
            satisfaction=2,
        ),
        "c_accounting": InventoryItemFactory(
            organisation=c, category=accounting, months=STEADY[:], label=SECRET_LABEL + "-c"
        ),
        "d_studio": InventoryItemFactory(
            organisation=d,
            category=studio,
            direction=Direction.OFFER,
            months=[60] * 12,
            rate=Decimal("15"),
            label=SECRET_LABEL + "-d",
        ),
        "e_studio": InventoryItemFactory(
            organisation=e,
            category=studio,
            direction=Direction.OFFER,
            months=[30] * 12,
            rate=Decimal("20"),
        ),
        "p_accounting": InventoryItemFactory(
            organisation=p, category=accounting, months=WINTER[:], label=PRIVATE_LABEL
        ),
    }
    opportunities_refresh_request(region=organisation_a.region)
    return {"a": organisation_a, "b": b, "c": c, "d": d, "e": e, "p": p, **items}

"""The database as an engine instance: the contract's format, readable by the engine."""

from __future__ import annotations

import importlib.util
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from mutualiser.core.demo import demo_build
from mutualiser.diagnostic.adapters import instance_from_queryset, item_pk_from_engine_id
from mutualiser.diagnostic.models import Category, Direction
from mutualiser.organisations.models import Organisation
from mutualiser.places.loader import region_centre
from tests.factories import InventoryItemFactory, OrganisationFactory


def _engine_has(module: str) -> bool:
    return importlib.util.find_spec(f"mutualiser.engine.{module}") is not None


@pytest.fixture
def accounting(db):
    return Category.objects.get(code="accounting")


@pytest.mark.django_db
def test_organisations_and_items_follow_the_contract(accounting):
    org = OrganisationFactory(slug="alizes", budget_band="250k-500k", disciplines=["dance"])
    need = InventoryItemFactory(organisation=org, category=accounting, max_distance_km=60)
    offer = InventoryItemFactory(
        organisation=org, category=accounting, direction=Direction.OFFER, rate=Decimal("45.50")
    )

    instance = instance_from_queryset(organisations=Organisation.objects.all())

    assert instance["organisations"] == [
        {
            "id": "alizes",
            "lat": org.latitude,
            "lon": org.longitude,
            "region": "06",
            "disciplines": ["dance"],
            "kind": "nonprofit",
            "budget": 375_000.0,
        }
    ]
    assert instance["items"][0] == {
        "id": f"item-{need.pk}",
        "org": "alizes",
        "category": "accounting",
        "direction": "need",
        "months": [20.0] * 12,
        "max_distance_km": 60.0,
    }
    assert instance["items"][1]["rate"] == 45.5
    assert item_pk_from_engine_id(instance["items"][1]["id"]) == offer.pk
    assert instance["categories"] == [
        {
            "code": "accounting",
            "standalone_rate": accounting.standalone_rate,
            "unit_capacity": accounting.unit_capacity,
            "unit_cost": accounting.unit_cost,
            "min_fraction": accounting.min_fraction,
            "member_overhead": accounting.member_overhead,
            "max_group_size": accounting.max_group_size,
        }
    ]
    assert instance["exclusions"] == []


@pytest.mark.django_db
def test_in_house_items_and_offers_without_rate_are_left_out(accounting):
    org = OrganisationFactory()
    InventoryItemFactory(organisation=org, category=accounting, direction=Direction.INHOUSE)
    InventoryItemFactory(organisation=org, category=accounting, direction=Direction.OFFER)

    instance = instance_from_queryset(organisations=[org])

    assert instance["items"] == []
    assert instance["categories"] == []


@pytest.mark.django_db
def test_an_organisation_without_coordinates_sits_at_its_region_centre():
    org = OrganisationFactory(region="05", latitude=None, longitude=None, budget_band="")

    record = instance_from_queryset(organisations=[org])["organisations"][0]

    assert (record["lat"], record["lon"]) == region_centre("05")
    assert "budget" not in record


@pytest.mark.django_db
def test_items_of_other_organisations_are_dropped(accounting):
    mine, other = OrganisationFactory(), OrganisationFactory()
    InventoryItemFactory(organisation=other, category=accounting)

    instance = instance_from_queryset(
        organisations=[mine], items=[InventoryItemFactory(organisation=other)]
    )

    assert instance["items"] == []


@pytest.mark.django_db
def test_category_figures_edited_in_the_admin_reach_the_engine(accounting):
    Category.objects.filter(pk=accounting.pk).update(unit_cost=7777)
    InventoryItemFactory(category=accounting)

    instance = instance_from_queryset(organisations=Organisation.objects.all())

    assert instance["categories"][0]["unit_cost"] == 7777


@pytest.mark.django_db
def test_export_instance_writes_a_region(tmp_path, capsys):
    demo_build()
    path = tmp_path / "estrie.json"

    call_command("export_instance", "-o", str(path), "--region", "5")

    instance = json.loads(path.read_text(encoding="utf-8"))
    assert {o["region"] for o in instance["organisations"]} == {"05"}
    assert len(instance["organisations"]) == Organisation.objects.filter(region="05").count()
    assert "organisations" in capsys.readouterr().err


@pytest.mark.django_db
def test_export_instance_refuses_an_unknown_region():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("export_instance", "--region", "42")


@pytest.mark.django_db
def test_the_demo_region_is_a_valid_engine_instance():
    if not _engine_has("instance"):
        pytest.skip("mutualiser.engine.instance is not written yet")
    from mutualiser.engine.instance import load_instance

    demo_build()
    data = instance_from_queryset(organisations=Organisation.objects.all())

    instance = load_instance(data)

    assert len(instance.organisations) == Organisation.objects.count()
    assert {i.direction for i in instance.items} == {"need", "offer"}


@pytest.mark.django_db
def test_the_engine_finds_groups_and_offers_in_the_demo_region():
    if not (_engine_has("instance") and _engine_has("grouping")):
        pytest.skip("mutualiser.engine.grouping is not written yet")
    from mutualiser.engine.grouping import solve
    from mutualiser.engine.instance import load_instance

    demo_build()
    instance = load_instance(instance_from_queryset(organisations=Organisation.objects.all()))

    # A time limit keeps the suite fast: the demo's largest components are solved by the
    # heuristic, which finds these opportunities well within it.
    result = solve(instance, time_limit=5)

    org_of = {item.id: item.org for item in instance.items}
    categories = {group.category for group in result.groups}
    assert len(categories) >= 5
    assert any(len({org_of[i] for i in group.items}) >= 3 for group in result.groups)
    assert len(result.assignments) >= 1
    assert result.total_savings > 0
    # The scenarios of docs/demo.md: seasonal van sharing in Montréal, the idle van in Mauricie.
    van_groups = [g for g in result.groups if g.category == "cargo_van"]
    assert any(
        "festival-des-ruelles-chantantes" in {org_of[i] for i in g.items} for g in van_groups
    )
    assert any(org_of[a.offer] == "diffusion-rive-nord-spectacles" for a in result.assignments)

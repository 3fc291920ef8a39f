"""The taxonomy in the database: loaded by migration, refreshed by `manage.py taxonomy`."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from mutualiser.diagnostic.models import Category, Family
from mutualiser.diagnostic.services import taxonomy_load
from mutualiser.engine.taxonomy import load_taxonomy


@pytest.mark.django_db
def test_a_fresh_database_has_every_family_and_category_of_the_engine():
    taxonomy = load_taxonomy()

    codes = set(Category.objects.values_list("code", flat=True))

    assert Family.objects.count() == len(taxonomy.families)
    assert codes == {c.code for c in taxonomy.categories}
    accounting = Category.objects.get(code="accounting")
    expected = taxonomy.get("accounting")
    assert accounting.family.code == expected.family
    assert accounting.standalone_rate == expected.standalone_rate
    assert accounting.unit_capacity == expected.unit_capacity
    assert accounting.competitive_sensitivity == expected.competitive_sensitivity
    assert accounting.label_en == expected.label_en


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    first = taxonomy_load()
    second = taxonomy_load()

    assert first.categories_created == 0
    assert second.categories_updated == 0
    assert second.categories_unchanged == len(load_taxonomy().categories)


@pytest.mark.django_db
def test_missing_categories_and_families_are_created():
    Category.objects.filter(family__code="ACH").delete()
    Family.objects.filter(code="ACH").delete()

    counts = taxonomy_load()

    assert counts.families_created == 1
    assert counts.categories_created == 3
    assert Category.objects.get(code="group_insurance").family.code == "ACH"


@pytest.mark.django_db
def test_a_category_nobody_edited_is_refreshed_from_the_file():
    Category.objects.filter(code="accounting").update(label_fr="Ancien libellé", unit_cost=1)

    counts = taxonomy_load()

    accounting = Category.objects.get(code="accounting")
    assert counts.categories_updated == 1
    assert accounting.label_fr == load_taxonomy().get("accounting").label_fr
    assert accounting.unit_cost == load_taxonomy().get("accounting").unit_cost


@pytest.mark.django_db
def test_a_category_edited_by_staff_is_kept_unless_update():
    Category.objects.filter(code="accounting").update(unit_cost=7000, customised=True)

    kept = taxonomy_load()
    accounting = Category.objects.get(code="accounting")

    assert kept.categories_kept == 1
    assert accounting.unit_cost == 7000

    overwritten = taxonomy_load(update_existing=True)
    accounting.refresh_from_db()

    assert overwritten.categories_updated == 1
    assert accounting.unit_cost == load_taxonomy().get("accounting").unit_cost
    assert accounting.customised is False


@pytest.mark.django_db
def test_the_command_prints_what_it_did(capsys):
    call_command("taxonomy")

    assert "60 unchanged" in capsys.readouterr().out


@pytest.mark.django_db
def test_editing_a_category_in_the_admin_marks_it_customised(client):
    from tests.factories import UserFactory

    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    category = Category.objects.get(code="cargo_van")
    url = f"/admin/diagnostic/category/{category.pk}/change/"
    page = client.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["unit_cost"] = 1250

    response = client.post(url, data)

    assert response.status_code == 302
    category.refresh_from_db()
    assert category.unit_cost == 1250
    assert category.customised is True


@pytest.mark.django_db
def test_the_admin_lists_pages_answer(client):
    from tests.factories import InventoryItemFactory, UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    InventoryItemFactory(category=Category.objects.get(code="accounting"))

    for path in ("family", "category", "inventoryitem"):
        response = client.get(f"/admin/diagnostic/{path}/?q=compta")
        assert response.status_code == 200, path
    response = client.get("/admin/diagnostic/inventoryitem/?organisation__region__exact=06")
    assert response.status_code == 200

"""Staff can browse every model of the project in the admin, with filters and search."""

import pytest
from django.apps import apps
from django.contrib import admin

PROJECT_MODELS = [m for m in apps.get_models() if m.__module__.startswith("mutualiser.")]


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda m: m.__name__)
def test_every_project_model_is_in_the_admin_with_filters_and_search(model):
    model_admin = admin.site._registry.get(model)

    assert model_admin is not None, f"{model.__name__} is not registered in the admin"
    assert model_admin.list_filter, f"{model.__name__} admin has no list filters"
    assert model_admin.search_fields, f"{model.__name__} admin has no search"


@pytest.mark.django_db
@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda m: m.__name__)
def test_every_admin_changelist_opens_for_staff(admin_client, model):
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"

    response = admin_client.get(url, {"q": "test"})

    assert response.status_code == 200

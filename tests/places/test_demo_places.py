"""The demo's organisation descriptions put their municipality in the sentence correctly."""

from __future__ import annotations

import pytest

from mutualiser.core.demo import DEFAULT_SEED, demo_build
from mutualiser.organisations.models import Organisation


@pytest.mark.django_db
def test_demo_descriptions_place_the_organisations_right():
    demo_build(seed=DEFAULT_SEED)

    plateau = Organisation.objects.get(name="Théâtre de la Marée Haute")
    assert plateau.description == "Compagnie de théâtre de création établie au Plateau-Mont-Royal."
    assert not Organisation.objects.filter(description__regex=r" (à|de) (Le|Les) ").exists()
    assert Organisation.objects.filter(description__contains=" à Montréal").exists()

"""Every form of the site writes its labels without Django's trailing colon."""

import re

import pytest

from mutualiser.diagnostic.forms import InventoryItemForm
from mutualiser.diagnostic.forms_results import ResultsFilterForm
from mutualiser.guide.forms import CostExampleForm, PartnerForm
from mutualiser.readiness.forms import ReadinessForm
from mutualiser.words.forms import PlainLabelsMixin
from tests.factories import InventoryItemFactory

FORMS = [InventoryItemForm, ResultsFilterForm, CostExampleForm, PartnerForm, ReadinessForm]


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: c.__name__)
def test_the_form_uses_plain_labels(form_class):
    assert issubclass(form_class, PlainLabelsMixin)


@pytest.mark.django_db
def test_the_item_edit_page_has_no_label_ending_with_a_colon(client, alice, organisation_a):
    item = InventoryItemFactory(organisation=organisation_a)
    client.force_login(alice)

    page = client.get(f"/fr/diagnostic/inventory/{item.pk}/edit/").content.decode()

    labels = re.findall(r"<label[^>]*>(.*?)</label>", page, re.S)
    assert labels and not [label for label in labels if label.strip().endswith(":")]

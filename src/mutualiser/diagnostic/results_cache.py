"""The diagnostic's results kept between requests until their inputs change (issue 8).

Scoring a 500-item inventory costs about as much as rendering the page, and a member pages
through the results, filters them and comes back to them without changing anything. The
results are a pure function of the inventory, the taxonomy's figures, the organisation's
budget and team, the weights, the partners found nearby and the language, so they are kept
per process under a key made of those inputs, read with small queries (one aggregate over
the inventory, one over the taxonomy, the partner search's counts) instead of loading and
scoring every item.

An item's every write goes through the services, which move its `version` and `updated_at`
on; an added or removed item changes the count and the sum of ids. A process-local memory is
enough: another worker process builds its own copy once.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from django.db.models import Count, Max, Sum

from mutualiser.kept import KeptMemory
from mutualiser.organisations.models import Organisation

from .models import TAXONOMY_CATEGORY_FIELDS, Category, InventoryItem

# Enough for the organisations a worker serves at once; one entry of 500 items is ~2 MB.
MAX_ENTRIES = 16

# Everything of a category and its family that the scoring or the page reads.
_TAXONOMY_FIELDS = (
    "pk",
    "code",
    *TAXONOMY_CATEGORY_FIELDS,
    "family__code",
    "family__label_fr",
    "family__label_en",
    "family__order",
)


memory = KeptMemory(MAX_ENTRIES)


def inventory_fingerprint(organisation: Organisation) -> tuple:
    """What changes whenever an item of the organisation is added, edited or removed."""
    row = InventoryItem.objects.filter(organisation=organisation).aggregate(
        count=Count("id"), ids=Sum("id"), versions=Sum("version"), latest=Max("updated_at")
    )
    return (row["count"], row["ids"], row["versions"], row["latest"])


def taxonomy_fingerprint() -> int:
    """The taxonomy's labels and figures, which staff may edit in the admin."""
    return hash(tuple(Category.objects.order_by("pk").values_list(*_TAXONOMY_FIELDS)))


def results_key(
    *,
    organisation: Organisation,
    lang: str,
    weights: Mapping[str, float],
    partners: Mapping[int, int] | None,
) -> Hashable:
    """The inputs of the results; `partners` are the partner search's counts per item."""
    return (
        None if partners is None else tuple(sorted(partners.items())),
        organisation.pk,
        organisation.budget_band,
        organisation.staff_fte,
        lang,
        tuple(sorted(weights.items())),
        inventory_fingerprint(organisation),
        taxonomy_fingerprint(),
    )

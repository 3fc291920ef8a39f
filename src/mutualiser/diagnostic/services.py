"""Writes of the diagnostic app: the taxonomy first, then the inventory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from mutualiser.engine.taxonomy import load_taxonomy

from .models import Category, Family

# --- taxonomy ------------------------------------------------------------------------------

# Category fields copied from the engine's taxonomy file (all but code, family and order).
TAXONOMY_CATEGORY_FIELDS = (
    "label_fr",
    "label_en",
    "description_fr",
    "description_en",
    "kind",
    "unit",
    "support_or_core",
    "typical_level",
    "confidentiality",
    "proximity_need",
    "competitive_sensitivity",
    "standalone_rate",
    "unit_capacity",
    "unit_cost",
    "min_fraction",
    "member_overhead",
    "max_group_size",
    "source",
)


@dataclass(frozen=True, slots=True)
class TaxonomyCounts:
    """What `taxonomy_load` did, row by row."""

    families_created: int = 0
    families_updated: int = 0
    categories_created: int = 0
    categories_updated: int = 0
    categories_unchanged: int = 0
    categories_kept: int = 0  # edited by staff, left alone (no --update)

    def __str__(self) -> str:
        return (
            f"families: {self.families_created} created, {self.families_updated} updated; "
            f"categories: {self.categories_created} created, {self.categories_updated} updated, "
            f"{self.categories_unchanged} unchanged, {self.categories_kept} kept (edited by staff)"
        )


def _assign(instance: Family | Category, values: dict[str, object]) -> list[str]:
    """Set the differing values on the instance; return the names of the fields changed."""
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


@transaction.atomic
def taxonomy_load(
    *, update_existing: bool = False, path: str | Path | None = None
) -> TaxonomyCounts:
    """Upsert families and categories from the engine's taxonomy file (validated by the engine).

    Missing rows are created and rows nobody edited are refreshed from the file. Categories
    staff edited in the admin (`customised`) are kept as they are, unless `update_existing`,
    which overwrites every row with the file and clears the flag. Categories absent from the
    file are never deleted (inventory items point at them). Idempotent; one transaction.
    """
    taxonomy = load_taxonomy(path)
    counts = dict.fromkeys(TaxonomyCounts.__dataclass_fields__, 0)

    families: dict[str, Family] = {f.code: f for f in Family.objects.all()}
    for order, entry in enumerate(taxonomy.families):
        values = {"label_fr": entry.label_fr, "label_en": entry.label_en, "order": order}
        family = families.get(entry.code)
        if family is None:
            families[entry.code] = Family.objects.create(code=entry.code, **values)
            counts["families_created"] += 1
        elif changed := _assign(family, values):
            family.save(update_fields=changed)
            counts["families_updated"] += 1

    categories: dict[str, Category] = {c.code: c for c in Category.objects.all()}
    for order, entry in enumerate(taxonomy.categories):
        values = {name: getattr(entry, name) for name in TAXONOMY_CATEGORY_FIELDS}
        values["family_id"] = families[entry.family].pk
        values["order"] = order
        category = categories.get(entry.code)
        if category is None:
            Category.objects.create(code=entry.code, **values)
            counts["categories_created"] += 1
            continue
        if category.customised and not update_existing:
            counts["categories_kept"] += 1
            continue
        values["customised"] = False
        changed = _assign(category, values)
        if changed:
            category.save(update_fields=changed)
            counts["categories_updated"] += 1
        else:
            counts["categories_unchanged"] += 1
    return TaxonomyCounts(**counts)

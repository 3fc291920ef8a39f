"""Load the engine's taxonomy (families and categories) into every new database.

Reads the JSON file directly and writes through the historical models, so that this
migration keeps working whatever the live models or the loading service become. Only
missing rows are created; `manage.py taxonomy` refreshes them later.
"""

import json
from pathlib import Path

from django.db import migrations

import mutualiser.engine

TAXONOMY_FILE = Path(mutualiser.engine.__file__).resolve().parent / "data" / "taxonomy.json"

# A frozen copy of models.TAXONOMY_CATEGORY_FIELDS, on purpose: these are the fields the
# historical Category has at this point. Importing the live tuple would make this migration
# write fields that later migrations add, and fail on a new database.
CATEGORY_FIELDS = (
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


def load_taxonomy(apps, schema_editor):
    Family = apps.get_model("diagnostic", "Family")
    Category = apps.get_model("diagnostic", "Category")
    alias = schema_editor.connection.alias
    document = json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    families = {}
    for order, raw in enumerate(document["families"]):
        family, _ = Family.objects.using(alias).get_or_create(
            code=raw["code"],
            defaults={"label_fr": raw["label_fr"], "label_en": raw["label_en"], "order": order},
        )
        families[family.code] = family
    existing = set(Category.objects.using(alias).values_list("code", flat=True))
    Category.objects.using(alias).bulk_create(
        [
            Category(
                code=raw["code"],
                family=families[raw["family"]],
                order=order,
                **{name: raw[name] for name in CATEGORY_FIELDS if name in raw},
            )
            for order, raw in enumerate(document["categories"])
            if raw["code"] not in existing
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("diagnostic", "0002_category_competitive_sensitivity_customised"),
    ]

    operations = [
        migrations.RunPython(load_taxonomy, migrations.RunPython.noop),
    ]

# The database holds the key the import relies on (organisation, category, direction, label).
# Its own migration: on PostgreSQL the index cannot be built in the transaction that updated
# the duplicates' labels (0008).

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("diagnostic", "0008_inventory_limits_separate_duplicates"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='inventoryitem',
            constraint=models.UniqueConstraint(models.F('organisation'), models.F('category'), models.F('direction'), django.db.models.functions.text.Lower('label'), name='inventory_item_unique_key', violation_error_message='Cet élément existe déjà dans votre inventaire : ajoutez une précision pour le distinguer.'),
        ),
    ]

"""The programme's five outcome types, with their definitions (editors may add more)."""

from django.db import migrations


def create_outcome_types(apps, schema_editor):
    from learning.results import ensure_outcome_types

    ensure_outcome_types(apps.get_model("learning", "OutcomeType"))


class Migration(migrations.Migration):
    dependencies = [("learning", "0005_programme_results")]

    operations = [
        migrations.RunPython(create_outcome_types, migrations.RunPython.noop),
    ]

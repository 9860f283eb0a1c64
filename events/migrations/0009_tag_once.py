from django.db import migrations, models

from portal.links import keep_first_links


def keep_each_theme_once(apps, schema_editor):
    """A gathering that has a theme twice keeps its first link to it."""
    keep_first_links(apps.get_model("events", "GatheringTag"), "content_object", "tag")


class Migration(migrations.Migration):
    """A theme once a gathering, so the list counts its themes without DISTINCT."""

    dependencies = [
        ("events", "0008_registration_confirmation"),
        (
            "taggit",
            "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx",
        ),
    ]

    operations = [
        migrations.RunPython(keep_each_theme_once, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="gatheringtag",
            constraint=models.UniqueConstraint(
                fields=("content_object", "tag"), name="gathering_tag_once"
            ),
        ),
    ]

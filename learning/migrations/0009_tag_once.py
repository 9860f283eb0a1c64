from django.db import migrations, models

from portal.links import keep_first_links


def keep_each_theme_once(apps, schema_editor):
    """A page that has a theme twice keeps its first link to it."""
    for name in ("ExperienceArticleTag", "GoodPracticeTag", "PresentationTag"):
        keep_first_links(apps.get_model("learning", name), "content_object", "tag")


class Migration(migrations.Migration):
    """A theme once a page, so the lists count a page's themes without DISTINCT."""

    dependencies = [
        ("learning", "0008_statisticsfigure_region_holds_aggregates"),
        (
            "taggit",
            "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx",
        ),
    ]

    operations = [
        migrations.RunPython(keep_each_theme_once, migrations.RunPython.noop),
        *(
            migrations.AddConstraint(
                model_name=model_name,
                constraint=models.UniqueConstraint(
                    fields=("content_object", "tag"), name=name
                ),
            )
            for model_name, name in (
                ("experiencearticletag", "experience_article_tag_once"),
                ("goodpracticetag", "good_practice_tag_once"),
                ("presentationtag", "presentation_tag_once"),
            )
        ),
    ]

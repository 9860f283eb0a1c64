import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0010_written_standard"),
    ]

    operations = [
        migrations.AddField(
            model_name="experiencearticlepage",
            name="contact_person",
            field=models.ForeignKey(
                blank=True,
                help_text="Den lesere kan spørre om erfaringene.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="experience_articles_as_contact",
                to="portal.person",
                verbose_name="kontaktperson",
            ),
        ),
    ]

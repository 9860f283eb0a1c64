import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


def load_groups(apps, schema_editor):
    """SSB's KOSTRA groups, from the data file (portal/data/kostra_groups.csv)."""
    from portal.kostra import ensure_groups

    ensure_groups(apps.get_model("portal", "KostraGroup"))


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0009_person_contact"),
    ]

    operations = [
        migrations.CreateModel(
            name="KostraGroup",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        help_text="SSBs kode for gruppen, for eksempel EKG13.",
                        max_length=10,
                        unique=True,
                        verbose_name="kode",
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text=(
                            "SSBs beskrivelse av gruppen, for eksempel «Store "
                            "kommuner utenom de fire største byene»."
                        ),
                        max_length=200,
                        verbose_name="beskrivelse",
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        help_text=(
                            "Hvem som har laget grupperingen, og hvor den er publisert."
                        ),
                        max_length=300,
                        verbose_name="kilde",
                    ),
                ),
                (
                    "source_url",
                    models.URLField(blank=True, verbose_name="lenke til kilden"),
                ),
                (
                    "year",
                    models.PositiveSmallIntegerField(
                        help_text="Året grupperingen gjelder for, for eksempel 2008.",
                        validators=[
                            django.core.validators.MinValueValidator(1990),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                        verbose_name="år",
                    ),
                ),
            ],
            options={
                "verbose_name": "KOSTRA-gruppe",
                "verbose_name_plural": "KOSTRA-grupper",
                "ordering": ["code"],
            },
        ),
        migrations.AddField(
            model_name="municipalitypage",
            name="kostra_group",
            field=models.ForeignKey(
                blank=True,
                help_text=(
                    "SSBs gruppe av kommuner med lignende størrelse og økonomi. "
                    "Sidene viser «Kommuner som ligner» fra samme gruppe."
                ),
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="municipalities",
                to="portal.kostragroup",
                verbose_name="KOSTRA-gruppe",
            ),
        ),
        migrations.RunPython(load_groups, migrations.RunPython.noop),
    ]

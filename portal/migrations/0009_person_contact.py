import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0008_written_standard"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="email",
            field=models.EmailField(
                blank=True,
                help_text=(
                    "Jobbadresse, vises offentlig for lesere som ber om den. "
                    "Personopplysning: fyll ut bare med personens samtykke."
                ),
                max_length=254,
                verbose_name="e-post",
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="phone",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Jobbnummer, vises offentlig. Personopplysning: fyll ut bare med "
                    "personens samtykke."
                ),
                max_length=20,
                validators=[
                    django.core.validators.RegexValidator(
                        "^\\+?[0-9][0-9 ]*$",
                        "Telefonnummeret kan bare ha sifre og mellomrom, og eventuelt "
                        "+ først, for eksempel «+47 22 96 16 00».",
                    )
                ],
                verbose_name="telefon",
            ),
        ),
    ]

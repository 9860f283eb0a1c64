"""A coordinator's e-mail with the group's link goes through the outbox: the group
keeps whether it was sent, and a failure is tried again. Groups made before were sent
their link (or lost it) already: they count as sent."""

from django.db import migrations, models
from django.db.models import F


def sent_before(apps, schema_editor):
    group = apps.get_model("events", "RegistrationGroup")
    group.objects.filter(sent_at__isnull=True).update(sent_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0017_registration_groups"),
    ]

    operations = [
        migrations.AddField(
            model_name="registrationgroup",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="registrationgroup",
            name="gave_up_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="registrationgroup",
            name="last_error",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name="registrationgroup",
            name="next_attempt_at",
            field=models.DateTimeField(blank=True, db_index=True, null=True),
        ),
        migrations.AddField(
            model_name="registrationgroup",
            name="retry_since",
            field=models.DateTimeField(
                blank=True,
                help_text="The first failure of the current retries.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="registrationgroup",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(sent_before, migrations.RunPython.noop),
    ]

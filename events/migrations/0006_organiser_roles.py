"""Organisers' roles (filled in by the roles change)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("events", "0005_learning_loop")]

    operations = []

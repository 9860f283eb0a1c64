"""The «Arrangører» group: into the admin, and to the participant lists.

The permissions are created here if they do not exist yet: on a fresh database Django
creates model permissions only after all migrations have run.
"""

from django.db import migrations

GROUP_NAME = "Arrangører"


def permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label=app_label, model=model
    )
    found, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return found


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(
        permission(
            apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"
        ),
        permission(
            apps,
            "events",
            "registration",
            "manage_registrations",
            "Kan se og håndtere påmeldinger",
        ),
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]

"""Organisers' roles, and messages from the organisers to the participants.

- «Arrangører» add, edit and publish gatherings below every gatherings index, and
  upload and choose the images and documents of an agenda.
- Husbanken's editors see the participants (``events.manage_registrations``).
- An organiser's message to a gathering's participants, sent through the outbox.

A gatherings index made after this migration gets the organisers' rights when it is
created, and every migrate sets the rights up again (``events.roles``). The rights are
written here with the historical models, so that this migration does not change when
``events.roles`` does. Reversing removes what this migration gives.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

ORGANISERS = "Arrangører"
HUSBANKEN_EDITORS = "Husbanken-redaktører"
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
MEDIA = (("wagtailimages", "image"), ("wagtaildocs", "document"))
MEDIA_ACTIONS = ("add", "choose")


def permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label=app_label, model=model
    )
    found, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return found


def manage_registrations(apps):
    return permission(apps, "events", "registration", "manage_registrations")


def media_permissions(apps):
    return [
        permission(apps, app_label, model, f"{action}_{model}")
        for app_label, model in MEDIA
        for action in MEDIA_ACTIONS
    ]


def page_permissions(apps):
    return [
        permission(apps, "wagtailcore", "page", codename)
        for codename in PAGE_PERMISSIONS
    ]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GatheringIndexPage = apps.get_model("events", "GatheringIndexPage")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )

    organisers, _ = Group.objects.get_or_create(name=ORGANISERS)
    organisers.permissions.add(
        permission(apps, "wagtailadmin", "admin", "access_admin"),
        manage_registrations(apps),
    )
    for index in GatheringIndexPage.objects.all():
        for page_permission in page_permissions(apps):
            GroupPagePermission.objects.get_or_create(
                group=organisers, page_id=index.pk, permission=page_permission
            )
    root = Collection.objects.filter(depth=1).first()
    if root is not None:
        for media_permission in media_permissions(apps):
            GroupCollectionPermission.objects.get_or_create(
                group=organisers, collection=root, permission=media_permission
            )

    editors, _ = Group.objects.get_or_create(name=HUSBANKEN_EDITORS)
    editors.permissions.add(manage_registrations(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GatheringIndexPage = apps.get_model("events", "GatheringIndexPage")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )

    organisers = Group.objects.filter(name=ORGANISERS).first()
    if organisers is not None:
        GroupPagePermission.objects.filter(
            group=organisers,
            page_id__in=GatheringIndexPage.objects.values("pk"),
            permission__in=page_permissions(apps),
        ).delete()
        GroupCollectionPermission.objects.filter(
            group=organisers, permission__in=media_permissions(apps)
        ).delete()
    editors = Group.objects.filter(name=HUSBANKEN_EDITORS).first()
    if editors is not None:
        editors.permissions.remove(manage_registrations(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_learning_loop"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.CreateModel(
            name="OrganiserMessage",
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
                ("subject", models.CharField(max_length=120, verbose_name="emne")),
                ("body", models.TextField(max_length=3000, verbose_name="tekst")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "gathering",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="organiser_messages",
                        to="events.gatheringpage",
                    ),
                ),
                (
                    "sent_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "beskjed fra arrangørene",
                "verbose_name_plural": "beskjeder fra arrangørene",
            },
        ),
        migrations.AddField(
            model_name="notification",
            name="message",
            field=models.ForeignKey(
                blank=True,
                help_text="The organisers' text, for an e-mail of the kind «message».",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="notifications",
                to="events.organisermessage",
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("confirmation", "Bekreftelse"),
                    ("waiting", "Venteliste"),
                    ("promoted", "Fått plass"),
                    ("cancelled", "Avmelding"),
                    ("reminder", "Påminnelse"),
                    ("link", "Lenke til påmeldingen"),
                    ("evaluation", "Evaluering"),
                    ("followup", "Oppfølging"),
                    ("message", "Beskjed fra arrangørene"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(grant, revoke),
    ]

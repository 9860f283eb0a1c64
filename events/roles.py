"""Who plans gatherings and who sees their participants, with Wagtail's own permissions.

- The organisers («Arrangører») add, edit and publish gatherings below every gatherings
  index (a ``GroupPagePermission`` on each ``GatheringIndexPage``), upload and choose the
  images and documents of an agenda in their own collection («Samlinger»), and handle
  the participants (Påmeldinger). Not in the root collection: choosing there would
  reach the municipalities' private rooms below it (learning.moderation).
- Husbanken's editors publish everywhere already; they see the participants too.

Migration ``0006_organiser_roles`` gave these rights on an existing database (the
media ones in the root collection, which every migrate since moves). As
with Husbanken's editors (``learning.signals.set_up_moderation``), every migrate sets
them up again, and a gatherings index made later gets the organisers' rights when it
is created: a new site works the same as a migrated one. Nothing here
checks a permission itself: ``events.admin_views`` asks ``user.has_perm`` and Wagtail
asks its page permissions.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from events.models import GatheringIndexPage
from learning.moderation import HUSBANKEN_EDITORS

ORGANISERS = "Arrangører"
MANAGE_REGISTRATIONS = "manage_registrations"  # events.manage_registrations
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
MEDIA = (("wagtailimages", "image"), ("wagtaildocs", "document"))
MEDIA_ACTIONS = ("add", "choose")
MEDIA_COLLECTION = "Samlinger"


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant_gathering_index(index, group=None):
    """Let the organisers add, edit and publish gatherings below ``index``."""
    group = group or Group.objects.filter(name=ORGANISERS).first()
    if group is None:
        return
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group, page=index, permission=_permission("wagtailcore", codename)
        )


@transaction.atomic
def ensure_organisers():
    """The organisers' group with all its rights; returns it."""
    group, _ = Group.objects.get_or_create(name=ORGANISERS)
    group.permissions.add(
        _permission("wagtailadmin", "access_admin"),
        _permission("events", MANAGE_REGISTRATIONS),
    )
    for index in GatheringIndexPage.objects.all():
        grant_gathering_index(index, group)
    _grant_media(group)
    return group


def _grant_media(group):
    """Upload and choose in the organisers' own collection, and nowhere else."""
    root = Collection.get_first_root_node()
    if root is None:  # an emptied database (a test server's flush)
        return
    collection = root.get_children().filter(name=MEDIA_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=MEDIA_COLLECTION)
    kept = [
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=collection,
            permission=_permission(app_label, f"{action}_{model}"),
        )[0].pk
        for app_label, model in MEDIA
        for action in MEDIA_ACTIONS
    ]
    GroupCollectionPermission.objects.filter(group=group).exclude(pk__in=kept).delete()


def ensure_editors_see_participants():
    """Husbanken's editors' group, with the participants added to its rights."""
    group, _ = Group.objects.get_or_create(name=HUSBANKEN_EDITORS)
    group.permissions.add(_permission("events", MANAGE_REGISTRATIONS))
    return group


def set_up_roles(sender, **kwargs):
    """After migrating (connected in ``EventsConfig.ready``)."""
    ensure_organisers()
    ensure_editors_see_participants()


def gathering_index_created(sender, instance, created, raw=False, **kwargs):
    """A new gatherings index: the organisers may plan gatherings below it."""
    if created and not raw:
        grant_gathering_index(instance)

"""Municipalities contribute, Husbanken approves – with Wagtail's own permissions.

Each programme municipality gets an editors' group that may add and edit pages below
its municipality page only, and must submit them to the «Godkjenning i Husbanken»
workflow, whose task Husbanken's editors' group approves. Nothing here checks page
permissions itself: it sets up Wagtail's groups, page permissions and workflow.

Uploads wait for approval too. Each municipality has two collections: its own
(«Karmøy», public, approved files) and below it a private room for new uploads
(«Karmøy – til godkjenning», visible only to its contributors and Husbanken). The
contributors upload only into the room; a file leaves it for the public collection
when a page that uses it is published (only Husbanken publishes), or when Husbanken's
editors move it. The contributors cannot replace a file once it is approved.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    ReferenceIndex,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from learning.models import ExperienceArticlePage
from portal import written_standards
from portal.models import MunicipalityPage
from portal.page_forms import choosable_pages

HUSBANKEN_EDITORS = "Husbanken-redaktører"
WORKFLOW_NAME = "Godkjenning i Husbanken"
TASK_NAME = "Husbanken godkjenner"
UPLOAD_ROOM_SUFFIX = " – til godkjenning"

# What Wagtail's own migrations create for a new site; the portal's groups replace them.
WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"
MEDIA_MODELS = (("wagtailimages", "image"), ("wagtaildocs", "document"))


def municipality_group_name(municipality):
    return f"{municipality.title} – bidragsytere"


def _admin_access():
    return Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )


def _media_permissions(actions):
    """{(action, model): permission} for images and documents."""
    permissions = Permission.objects.filter(
        content_type__app_label__in=[app for app, _ in MEDIA_MODELS],
        codename__in=[
            f"{action}_{model}" for action in actions for _, model in MEDIA_MODELS
        ],
    )
    return {
        tuple(permission.codename.split("_", 1)): permission
        for permission in permissions
    }


def _grant_media(group, rights, only=False):
    """Give a group these (collection, action) rights on images and documents.

    With ``only``, take away every other right it has on them. Reads what the group
    has in one query and adds what it lacks in one more (a municipality page's
    creation runs this).
    """
    permissions = _media_permissions({action for _, action in rights})
    media = GroupCollectionPermission.objects.filter(
        group=group,
        permission__content_type__app_label__in=[app for app, _ in MEDIA_MODELS],
    )
    held = {
        (collection, permission): pk
        for collection, permission, pk in media.values_list(
            "collection", "permission", "pk"
        )
    }
    wanted = [
        (collection, permissions[action, model])
        for collection, action in rights
        for _, model in MEDIA_MODELS
    ]
    GroupCollectionPermission.objects.bulk_create(
        [
            GroupCollectionPermission(
                group=group, collection=collection, permission=permission
            )
            for collection, permission in wanted
            if (collection.pk, permission.pk) not in held
        ]
    )
    if only:
        kept = {(collection.pk, permission.pk) for collection, permission in wanted}
        stale = [pk for key, pk in held.items() if key not in kept]
        GroupCollectionPermission.objects.filter(pk__in=stale).delete()


def _husbanken_media(group):
    """Upload, choose and change (move out of a municipality's room) every file."""
    root = Collection.get_first_root_node()
    if root is None:  # an emptied database (a test server's flush)
        return
    _grant_media(group, [(root, action) for action in ("add", "change", "choose")])


def upload_room(group):
    """The private collection a municipality's contributors upload into, or None."""
    return (
        Collection.objects.filter(
            group_permissions__group=group,
            group_permissions__permission__codename="add_document",
        )
        .exclude(depth=1)
        .first()
    )


def _municipality_media(group, municipality):
    """The municipality's own collection and its private room for new uploads."""
    root = Collection.get_first_root_node()
    if root is None:
        return
    room = upload_room(group)
    if room is None:
        own = root.get_children().filter(
            name=municipality.title
        ).first() or root.add_child(name=municipality.title)
        room = own.add_child(name=f"{municipality.title}{UPLOAD_ROOM_SUFFIX}")
    else:
        own = room.get_parent()
    restriction, _ = CollectionViewRestriction.objects.get_or_create(
        collection=room,
        defaults={"restriction_type": BaseViewRestriction.GROUPS},
    )
    if restriction.restriction_type != BaseViewRestriction.GROUPS:
        restriction.restriction_type = BaseViewRestriction.GROUPS
        restriction.save()
    restriction.groups.add(group, husbanken_editors())
    # Choosing in their own collection covers the room below it; uploading (and with
    # it changing their own files) only in the room.
    _grant_media(group, [(own, "choose"), (room, "add")], only=True)


@transaction.atomic
def ensure_husbanken_editors():
    """Husbanken's editors: publish anywhere, and approve the municipalities' pages."""
    group, _ = Group.objects.get_or_create(name=HUSBANKEN_EDITORS)
    group.permissions.add(_admin_access())
    root = Page.get_first_root_node()
    home = root.get_children().first() if root else None
    if home is not None:
        for codename in (
            "add_page",
            "change_page",
            "publish_page",
            "lock_page",
            "unlock_page",
        ):
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=home,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
    _husbanken_media(group)
    # The people (speakers, authors, contacts) and the controlled lists.
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="portal",
            content_type__model__in=[
                "person",
                "targetgroup",
                "programmegoal",
                "kostragroup",
            ],
            codename__regex=r"^(add|change|delete|view)_",
        )
    )
    # The calculator's rates.
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="learning",
            content_type__model__in=["housingrates", "outcometype"],
            codename__regex=r"^(add|change|delete|view)_",
        )
    )
    # The site search: pin pages for a query, and see what people search for.
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="wagtailsearchpromotions",
            codename__in=[
                "add_searchpromotion",
                "change_searchpromotion",
                "delete_searchpromotion",
            ],
        ),
        Permission.objects.get(
            content_type__app_label="portal", codename="view_searchquerycount"
        ),
    )
    return group


def husbanken_editors():
    """Husbanken's editors' group as it is, set up first if it is missing."""
    return (
        Group.objects.filter(name=HUSBANKEN_EDITORS).first()
        or ensure_husbanken_editors()
    )


def contribution_workflow():
    """The contributions' workflow as it is, set up first if it is missing or has
    no task."""
    return (
        Workflow.objects.filter(name=WORKFLOW_NAME, workflow_tasks__isnull=False)
        .distinct()
        .first()
        or ensure_workflow()
    )


@transaction.atomic
def ensure_workflow():
    """The workflow municipal contributions go through: one approval by Husbanken."""
    husbanken = ensure_husbanken_editors()
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
        task.groups.set([husbanken])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        # Not workflow.workflow_tasks.create(): modelcluster would keep it in memory
        # only, and a workflow without tasks publishes whatever is submitted.
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


@transaction.atomic
def ensure_municipality_editors(municipality):
    """The editors' group of one municipality, with rights below its page only."""
    group = (
        Group.objects.filter(page_permissions__page=municipality).distinct().first()
        or Group.objects.get_or_create(name=municipality_group_name(municipality))[0]
    )
    group.permissions.add(_admin_access())
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=municipality,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    _municipality_media(group, municipality)
    if not WorkflowPage.objects.filter(page=municipality).exists():
        WorkflowPage.objects.create(page=municipality, workflow=contribution_workflow())
    return group


@transaction.atomic
def remove_wagtail_defaults():
    """Wagtail's starter groups and their workflow: only the portal's groups hold rights."""
    workflows = Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW)
    Task.objects.filter(
        Q(workflow_tasks__workflow__in=workflows) | Q(name=WAGTAIL_DEFAULT_WORKFLOW)
    ).exclude(name__in=[TASK_NAME]).delete()
    workflows.delete()
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).delete()


def sees_every_page(user):
    """Husbanken's editors and superusers see every page in the admin."""
    return user.is_superuser or user.groups.filter(name=HUSBANKEN_EDITORS).exists()


def visible_pages(user):
    """Pages the admin may show a user: live public pages and the pages they may edit.

    None for those who see everything. Other municipalities' drafts and private pages
    stay out of contributors' and organisers' sight.
    """
    if sees_every_page(user):
        return None
    return choosable_pages(user)


def page_upload_room(page):
    """The private room of the municipality ``page`` belongs to (is below), or None."""
    municipality = (
        MunicipalityPage.objects.ancestor_of(page, inclusive=True)
        .order_by("-depth")
        .first()
    )
    if municipality is None:
        return None
    group = Group.objects.filter(page_permissions__page=municipality).distinct().first()
    return upload_room(group) if group is not None else None


@transaction.atomic
def approve_media_used_by(page):
    """Files a published page uses leave its municipality's room for its collection.

    Only Husbanken publishes, so a published page's files are approved with it – but
    only its own municipality's: a file another municipality's page refers to (its id
    typed in, say) stays private until that municipality's page is approved.
    The reference index is brought up to date here, once the room holds files at all:
    its own update may still wait in the task queue.
    """
    room = page_upload_room(page)
    if room is None:
        return
    waiting = [
        model
        for model in (get_document_model(), get_image_model())
        if model.objects.filter(collection=room).exists()
    ]
    if not waiting:
        return
    ReferenceIndex.create_or_update_for_object(page)
    references = ReferenceIndex.get_references_for_object(page)
    for model in waiting:
        ids = [
            int(pk)
            for pk in references.filter(
                to_content_type=ContentType.objects.get_for_model(model)
            ).values_list("to_object_id", flat=True)
            if pk.isdigit()
        ]
        for item in model.objects.filter(pk__in=ids, collection=room):
            item.collection = room.get_parent()
            item.save(update_fields=["collection"])


# --- follow-up drafts (events.loop) ---

FOLLOWUP_SUBJECT = gettext_lazy("Nytt utkast fra oppfølgingen: {title}")
FOLLOWUP_BODY = gettext_lazy(
    "Hei!\n\n"
    "Et svar på oppfølgingen etter en samling er blitt et utkast til erfaringsartikkel "
    "for {municipality}: «{title}».\n\n"
    "Gjør teksten ferdig, bekreft at ingen kan kjennes igjen, og send den til "
    "godkjenning:\n{url}\n"
)


def followup_draft_recipients(municipality):
    """Who hears of a new follow-up draft: the municipality's contributors (the groups
    with rights on its page) and Husbanken's editors; active people with an address."""
    groups = Group.objects.filter(
        Q(page_permissions__page=municipality) | Q(name=HUSBANKEN_EDITORS)
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__in=groups)
        .exclude(email="")
        .distinct()
        .order_by("email")
    )


def followup_drafts(user):
    """The follow-up drafts awaiting work that ``user`` can do something about:
    every one for Husbanken's editors, their municipality's for contributors."""
    drafts = (
        ExperienceArticlePage.objects.exclude(followup_note="")
        .filter(first_published_at__isnull=True)
        .select_related("municipality")
        .order_by("-latest_revision_created_at", "-pk")
    )
    if sees_every_page(user):
        return drafts
    municipalities = GroupPagePermission.objects.filter(group__user=user).values("page")
    return drafts.filter(municipality__in=municipalities)


def announce_followup_draft(article, municipality):
    """E-mail the contributors and Husbanken's editors, once the draft is committed."""
    recipients = list(followup_draft_recipients(municipality))
    if not recipients:
        return
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "wagtailadmin_pages:edit", args=[article.pk]
    )
    mails = []
    for user in recipients:
        # In the municipality's adopted standard (the language act's § 15).
        with translation.override(written_standards.for_mail(municipality, user)):
            subject = FOLLOWUP_SUBJECT.format(title=article.title)
            body = FOLLOWUP_BODY.format(
                municipality=municipality.title, title=article.title, url=url
            )
        mails.append((subject, body, user.email))
    # One e-mail each: contributors of one municipality need not see each other's
    # addresses. fail_silently: a mail server that is down must not lose the answer.
    transaction.on_commit(
        lambda: [
            send_mail(subject, body, None, [address], fail_silently=True)
            for subject, body, address in mails
        ]
    )

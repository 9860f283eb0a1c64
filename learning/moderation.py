"""Municipalities contribute, Husbanken approves – with Wagtail's own permissions.

Each programme municipality gets an editors' group that may add and edit pages below
its municipality page only, and must submit them to the «Godkjenning i Husbanken»
workflow, whose task Husbanken's editors' group approves. Nothing here checks
permissions itself: it only sets up Wagtail's groups, page permissions and workflow.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

HUSBANKEN_EDITORS = "Husbanken-redaktører"
WORKFLOW_NAME = "Godkjenning i Husbanken"
TASK_NAME = "Husbanken godkjenner"


def municipality_group_name(municipality):
    return f"{municipality.title} – bidragsytere"


def _admin_access():
    return Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )


def _media_permissions(group):
    """Upload and choose images and documents (needed to illustrate a contribution)."""
    root = Collection.get_first_root_node()
    if root is None:  # an emptied database (a test server's flush)
        return
    for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
        for action in ("add", "choose"):
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=f"{action}_{model}"
            )
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


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
    _media_permissions(group)
    return group


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
    _media_permissions(group)
    WorkflowPage.objects.get_or_create(
        page=municipality, defaults={"workflow": ensure_workflow()}
    )
    return group

"""Where the admin differs from Wagtail's own for municipal contributions.

- Approving a page in its workflow, or publishing pages in bulk, never publishes a page
  whose author has not confirmed that nobody can be recognised: the reviewer gets a
  message instead of an error page, and the workflow stays open.
- The page types report counts and names only the pages a contributor or organiser
  may see (``moderation.visible_pages``).
- The page chooser and the page types report name a page that the user may not edit
  by its live title: a draft's new title is not theirs to read.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin import messages
from wagtail.admin.utils import get_latest_str
from wagtail.admin.views import chooser
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from learning import moderation
from learning.models.base import UNCONFIRMED_MESSAGE, unconfirmed


def show_live_title(page, user):
    """Name ``page`` by its live title unless ``user`` may edit it (and its drafts)."""
    if page is not None and not page.permissions_for_user(user).can_edit():
        page.draft_title = page.title
    return page


def tell_unconfirmed(request, pages):
    for page in pages:
        messages.error(request, UNCONFIRMED_MESSAGE.format(title=get_latest_str(page)))


class ConfirmedWorkflowActionView(WorkflowActionView):
    """Approving (which publishes) waits for the anonymity confirmation."""

    def post(self, request, *args, **kwargs):
        if self.action_name == "approve" and unconfirmed(self.object):
            tell_unconfirmed(request, [self.object])
            if request.headers.get("x-requested-with") == "XMLHttpRequest":
                return self.render_modal_json(
                    request, {"step": "success", "redirect": self.redirect_url}
                )
            return redirect(self.redirect_url)
        return super().post(request, *args, **kwargs)


class ConfirmedPageViewSet(PageViewSet):
    """Wagtail's page views, with the workflow's approval gated, for one page type."""

    workflow_action_view_class = ConfirmedWorkflowActionView

    @property
    def parent_models(self):
        # Leave the explorer's listings of parent pages as they are.
        return []


class ConfirmedPublishBulkAction(PublishBulkAction):
    """Bulk publishing leaves out, and names, pages that lack the confirmation."""

    def form_valid(self, form):
        self.unconfirmed_pages = []
        response = super().form_valid(form)
        tell_unconfirmed(self.request, self.unconfirmed_pages)
        return response

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "unconfirmed_pages": self.unconfirmed_pages,
        }

    @classmethod
    def execute_action(
        cls,
        objects,
        include_descendants=False,
        user=None,
        unconfirmed_pages=None,
        **kwargs,
    ):
        left_out = [] if unconfirmed_pages is None else unconfirmed_pages
        num_parent_objects, num_child_objects = 0, 0

        def publish(page):
            if unconfirmed(page):
                left_out.append(page)
                return False
            revision = page.get_latest_revision() or page.specific.save_revision(
                user=user
            )
            revision.publish(user=user)
            return True

        for page in objects:
            num_parent_objects += publish(page)
            if include_descendants:
                for descendant in (
                    page.get_descendants()
                    .not_live()
                    .defer_streamfields()
                    .specific()
                    .iterator()
                ):
                    if (
                        user is None
                        or descendant.permissions_for_user(user).can_publish()
                    ):
                        num_child_objects += publish(descendant)
        return num_parent_objects, num_child_objects

    def get_success_message(self, num_parent_objects, num_child_objects):
        if not num_parent_objects + num_child_objects:
            return None
        return super().get_success_message(num_parent_objects, num_child_objects)


class VisiblePageTypesUsageReportView(PageTypesUsageReportView):
    """Wagtail's page types report, counting only the pages the user may see."""

    def get_queryset(self):
        visible = moderation.visible_pages(self.request.user)
        if visible is None:
            return super().get_queryset()
        visible_ids = visible.values("pk")
        queryset = ContentType.objects.filter(model__in=self.page_models)
        self.queryset = queryset
        queryset = self.filter_queryset(queryset)

        pages = Page.objects.filter(pk__in=visible_ids)
        counted = Q(pages__in=visible_ids)
        site_root_path = self.filters.form.cleaned_data.get("site")
        if site_root_path:
            pages = pages.filter(path__startswith=site_root_path)
            counted &= Q(pages__path__startswith=site_root_path)
        latest = pages.filter(content_type=OuterRef("pk")).order_by(
            F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk"
        )
        return queryset.annotate(
            count=Count("pages", filter=counted),
            last_edited_page_id=Subquery(latest.values("pk")[:1]),
        ).order_by("-count", "app_label", "model")

    def decorate_paginated_queryset(self, page_types):
        page_types = super().decorate_paginated_queryset(page_types)
        for item in page_types:
            show_live_title(item.last_edited_page, self.request.user)
        return page_types


# --- the page chooser ---


class LiveTitleColumn(chooser.PageTitleColumn):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def get_cell_context_data(self, instance, parent_context):
        show_live_title(instance, self.user)
        return super().get_cell_context_data(instance, parent_context)


class LiveParentTitleColumn(chooser.ParentPageColumn):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def get_value(self, instance):
        return show_live_title(super().get_value(instance), self.user)


def live_title_columns(columns, user):
    """The chooser's columns, naming pages the user may not edit by their live title."""
    replaced = []
    for column in columns:
        if isinstance(column, chooser.PageTitleColumn):
            column = LiveTitleColumn(
                column.name,
                label=column.label,
                is_multiple_choice=column.is_multiple_choice,
                user=user,
            )
        elif isinstance(column, chooser.ParentPageColumn):
            column = LiveParentTitleColumn(column.name, label=column.label, user=user)
        replaced.append(column)
    return replaced


class LiveTitleBrowseView(chooser.BrowseView):
    @property
    def columns(self):
        return live_title_columns(super().columns, self.request.user)


class LiveTitleSearchView(chooser.SearchView):
    @property
    def columns(self):
        return live_title_columns(super().columns, self.request.user)


class VisibleChosenMultipleView(chooser.ChosenMultipleView):
    """The pages chosen at once: only visible ones, by the title the user may read."""

    def get(self, request):
        ids = [pk for pk in request.GET.getlist("id") if pk.isdigit()]
        pages = Page.objects.filter(pk__in=ids).specific()
        visible = moderation.visible_pages(request.user)
        if visible is not None:
            pages = pages.filter(pk__in=visible.values("pk"))
        return self.render_chosen_response(
            [
                {
                    "id": page.pk,
                    "parentId": page.get_parent().pk,
                    "adminTitle": show_live_title(
                        page, request.user
                    ).get_admin_display_title(),
                    "editUrl": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
                    "url": page.url,
                }
                for page in pages
            ]
        )

"""Where the admin differs from Wagtail's own for municipal contributions.

- Approving a page in its workflow, or publishing pages in bulk, never publishes a page
  whose author has not confirmed that nobody can be recognised: the reviewer gets a
  message instead of an error page, and the workflow stays open.
- The page types report counts and names only the pages a contributor or organiser
  may see (``moderation.visible_pages``).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.shortcuts import redirect
from wagtail.admin import messages
from wagtail.admin.utils import get_latest_str
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from learning import moderation
from learning.models.base import UNCONFIRMED_MESSAGE, unconfirmed


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

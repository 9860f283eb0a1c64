"""The editors' report of what people search for on the site: counts only."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.search import statistics

PERIODS = {
    7: _("siste 7 dager"),
    30: _("siste 30 dager"),
    90: _("siste 90 dager"),
}
DEFAULT_PERIOD = 30
PERMISSION = "portal.view_searchquerycount"


def can_see_report(user):
    return user.has_perm(PERMISSION)


class SearchReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "portal/admin/search_report.html"
    page_title = _("Søk på nettstedet")
    header_icon = "search"

    def dispatch(self, request, *args, **kwargs):
        if not can_see_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        try:
            days = int(self.request.GET.get("dager", DEFAULT_PERIOD))
        except ValueError:
            days = DEFAULT_PERIOD
        if days not in PERIODS:
            days = DEFAULT_PERIOD
        return super().get_context_data(
            days=days,
            periods=PERIODS,
            most_searched=statistics.most_searched(days),
            not_found=statistics.not_found(days),
            **kwargs,
        )

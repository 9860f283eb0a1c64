from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy
from wagtail import hooks
from wagtail.admin.forms.workflows import WorkflowPageForm
from wagtail.admin.menu import MenuItem
from wagtail.images import get_image_model
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail.users.forms import PagePermissionsForm

from portal import admin_privacy, media
from portal.models import KostraGroup, Person, ProgrammeGoal, TargetGroup
from portal.rich_text import PageAddressLinkHandler
from portal.search.admin_views import SearchReportView, can_see_report
from portal.written_standards import WrittenStandardsReportView

# Wagtail's page-permission and workflow-page forms leave their page field's label to
# Django, which writes the field's name as it is: "Page", in English on every group and
# workflow screen. The catalogue's "Page" is «Side».
for _form in (PagePermissionsForm, WorkflowPageForm):
    _form.base_fields["page"].label = gettext_lazy("Page")


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = gettext_lazy("Personer")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "role", "organisation", "municipality"]
    list_filter = ["organisation"]
    search_fields = ["name", "organisation", "role"]


class TargetGroupViewSet(SnippetViewSet):
    model = TargetGroup
    icon = "group"
    list_display = ["name", "sort_order"]


class ProgrammeGoalViewSet(SnippetViewSet):
    model = ProgrammeGoal
    icon = "tick-inverse"
    list_display = ["name", "sort_order"]


class KostraGroupViewSet(SnippetViewSet):
    """SSB's KOSTRA groups, loaded as data; editors correct them or add a new
    grouping's, and assign municipalities on each municipality's page."""

    model = KostraGroup
    icon = "table"
    list_display = ["code", "name", "year"]
    list_filter = ["year"]
    search_fields = ["code", "name"]


class VocabularyGroup(SnippetViewSetGroup):
    """The controlled lists that editors keep short, under one menu item."""

    menu_label = gettext_lazy("Faste lister")
    menu_icon = "list-ul"
    menu_order = 210
    items = (TargetGroupViewSet, ProgrammeGoalViewSet, KostraGroupViewSet)


register_snippet(PersonViewSet)
register_snippet(VocabularyGroup)


@hooks.register("portal_admin_url_overrides")
def bulk_actions_and_moves_name_only_what_the_user_may_act_on():
    return admin_privacy.url_overrides()


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("two_factor_manage"),
        "label": gettext("Totrinnsinnlogging"),
        "help_text": gettext(
            "Autentiseringsapp og gjenopprettingskoder for innloggingen."
        ),
    }


@hooks.register("register_admin_urls")
def search_report_url():
    return [path("sok/", SearchReportView.as_view(), name="search_report")]


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_report(request.user)


@hooks.register("register_reports_menu_item")
def search_report_menu_item():
    return SearchReportMenuItem(
        gettext_lazy("Søk på nettstedet"),
        reverse("search_report"),
        name="search-report",
        icon_name="search",
        order=1250,
    )


@hooks.register("register_admin_urls")
def written_standards_report_url():
    return [
        path(
            "malform/",
            WrittenStandardsReportView.as_view(),
            name="written_standards_report",
        )
    ]


@hooks.register("register_reports_menu_item")
def written_standards_report_menu_item():
    return SearchReportMenuItem(
        gettext_lazy("Bokmål og nynorsk"),
        reverse("written_standards_report"),
        name="written-standards-report",
        icon_name="doc-full",
        order=1260,
    )


@hooks.register("construct_reports_menu")
def leave_out_wagtails_search_terms(request, menu_items):
    """Wagtail's own search-terms report counts its own search, which the site's search
    does not use: the portal's report above replaces it."""
    menu_items[:] = [item for item in menu_items if item.name != "search-terms"]


@hooks.register("insert_global_admin_js")
def name_the_admins_generated_inputs():
    """The rich text editor and the tag input get their field's label (axe: label,
    aria-input-field-name); Wagtail builds them in the browser without one."""
    return format_html(
        '<script src="{}" defer></script>', static("js/admin-field-names.js")
    )


@hooks.register("after_bulk_action")
def restricted_images_follow_their_collection(request, action_type, objects, action):
    """Wagtail moves images to another collection with one UPDATE, without saving
    them: their files follow here (portal.media)."""
    if action_type == "add_to_collection" and action.model is get_image_model():
        media.place_image_files(objects)


@hooks.register("register_rich_text_features", order=1)
def link_pages_by_address(features):
    """After Wagtail's own (order): rich text reads linked pages in one query."""
    features.register_link_type(PageAddressLinkHandler)

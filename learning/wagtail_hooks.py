"""The admin for municipal contributions: what contributors see, and what publishes."""

from django.http import Http404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from wagtail import hooks
from wagtail.admin.auth import require_admin_access
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from learning import admin_views, moderation, theme_admin, themes
from learning.models import (
    ExperienceArticlePage,
    GoodPracticePage,
    HousingRates,
    OutcomeType,
)

# The page types with the anonymity confirmation (ConfirmedAnonymousMixin).
CONFIRMED_PAGE_TYPES = (ExperienceArticlePage, GoodPracticePage)


@hooks.register("register_admin_viewset")
def register_confirmed_page_viewsets():
    return [
        admin_views.ConfirmedPageViewSet(
            name=f"confirmed_{model._meta.model_name}", model=model
        )
        for model in CONFIRMED_PAGE_TYPES
    ]


# After Wagtail's own «publish» for pages (order 0), so that this one replaces it.
hooks.register("register_bulk_action", admin_views.ConfirmedPublishBulkAction, order=1)


@hooks.register("construct_page_chooser_queryset")
def only_visible_pages_in_chooser(pages, request):
    """Other municipalities' drafts and private pages are not offered, nor browsed."""
    visible = moderation.visible_pages(request.user)
    if visible is None:
        return pages
    match = request.resolver_match
    parent_page_id = match.kwargs.get("parent_page_id") if match else None
    if parent_page_id is not None and not visible.filter(pk=parent_page_id).exists():
        raise Http404
    return pages.filter(pk__in=visible.values("pk"))


@hooks.register("portal_admin_url_overrides")
def page_views_for_visible_pages():
    """Wagtail's page types report and page chooser at their own addresses, counting
    and naming only visible pages, by the titles the user may read."""
    report = admin_views.VisiblePageTypesUsageReportView

    def admin_view(view_function):
        return never_cache(require_admin_access(view_function))

    return [
        path("reports/page-types-usage/", admin_view(report.as_view())),
        path(
            "reports/page-types-usage/results/",
            admin_view(report.as_view(results_only=True)),
        ),
        path("choose-page/", admin_view(admin_views.LiveTitleBrowseView.as_view())),
        path(
            "choose-page/<int:parent_page_id>/",
            admin_view(admin_views.LiveTitleBrowseView.as_view()),
        ),
        path(
            "choose-page/search/",
            admin_view(admin_views.LiveTitleSearchView.as_view()),
        ),
        path(
            "choose-page/chosen-multiple/",
            admin_view(admin_views.VisibleChosenMultipleView.as_view()),
        ),
    ]


class HousingRatesViewSet(SnippetViewSet):
    """The calculator's rates, one set per date they apply from."""

    model = HousingRates
    icon = "table"
    menu_label = _("Satser for kalkulatoren")
    menu_name = "kalkulatorsatser"
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["__str__", "source"]


register_snippet(HousingRatesViewSet)


class OutcomeTypeViewSet(SnippetViewSet):
    """The kinds of results the municipalities count, with their definitions."""

    model = OutcomeType
    icon = "list-ol"
    menu_label = _("Resultattyper")
    menu_name = "resultattyper"
    add_to_admin_menu = True
    menu_order = 261
    list_display = ["name", "unit"]


register_snippet(OutcomeTypeViewSet)


class FollowUpDraftsPanel(Component):
    """Drafts a gathering's follow-up made, until someone publishes them."""

    name = "followup_drafts"
    order = 90

    def __init__(self, drafts):
        self.drafts = drafts

    def render_html(self, parent_context=None):
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a> – {}</li>',
            (
                (
                    reverse("wagtailadmin_pages:edit", args=[page.pk]),
                    page.draft_title,
                    page.municipality.title if page.municipality else "",
                )
                for page in self.drafts
            ),
        )
        return format_html(
            '<section class="w-panel"><h2 class="w-panel__heading">'
            "{}</h2><ul>{}</ul></section>",
            gettext("Utkast fra oppfølgingen som venter"),
            items,
        )


@hooks.register("construct_homepage_panels")
def followup_drafts_panel(request, panels):
    drafts = list(moderation.followup_drafts(request.user)[:20])
    if drafts:
        panels.append(FollowUpDraftsPanel(drafts))


class ThemeEditorMenuItem(MenuItem):
    def is_shown(self, request):
        return theme_admin.is_theme_editor(request.user)


class ThemeProposalMenuItem(MenuItem):
    # Editors make new themes from the Temaer list.
    def is_shown(self, request):
        return not theme_admin.is_theme_editor(request.user)


@hooks.register("register_admin_urls")
def register_theme_urls():
    return theme_admin.admin_urls()


@hooks.register("register_admin_menu_item")
def register_themes_menu_item():
    return ThemeEditorMenuItem(
        _("Temaer"),
        reverse("learning_themes:index"),
        name="temaer",
        icon_name="tag",
        order=262,
    )


@hooks.register("register_admin_menu_item")
def register_theme_proposal_menu_item():
    return ThemeProposalMenuItem(
        _("Foreslå nytt tema"),
        reverse("learning_themes:propose"),
        name="foresla-tema",
        icon_name="tag",
        order=262,
    )


@hooks.register("register_log_actions")
def register_theme_log_actions(actions):
    for action, label, message in (
        (themes.RENAMED, _("Gi tema nytt navn"), _("Temaet fikk nytt navn")),
        (
            themes.MERGED,
            _("Slå sammen temaer"),
            _("Et tema ble slått sammen med dette"),
        ),
        (themes.RETIRED, _("Ta tema ut av bruk"), _("Temaet ble tatt ut av bruk")),
        (
            themes.REACTIVATED,
            _("Ta tema i bruk igjen"),
            _("Temaet ble tatt i bruk igjen"),
        ),
        (themes.PROPOSED, _("Foreslå tema"), _("Temaet ble foreslått")),
        (themes.APPROVED, _("Godkjenn tema"), _("Temaet ble godkjent")),
        (themes.REJECTED, _("Avvis temaforslag"), _("Temaforslaget ble avvist")),
    ):
        actions.register_action(action, label, message)

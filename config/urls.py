"""The root URLs: Wagtail's admin with the portal's doors in front of it, each app's own
``urls.py``, the sitemap's sections, and Wagtail's pages last, which take every address
nothing above has claimed."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import hooks
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from learning.topics import ToolsSitemap, TopicSitemap
from portal import admin_logout, media, page_passwords, sitemaps
from portal import urls as portal_urls
from portal.two_factor import password_reset
from portal.two_factor import views as two_factor_views

# Admin views an app replaces at Wagtail's own address (a narrower queryset, say):
# the app's wagtail_hooks return path()s, relative to /admin/, from this hook.
admin_url_overrides = [
    pattern
    for hook in hooks.get_hooks("portal_admin_url_overrides")
    for pattern in hook()
]

# /sitemap.xml lists these sections; each is /sitemap-<name>.xml.
sitemap_sections = {
    "sider": sitemaps.PageSitemap,
    "personer": sitemaps.PersonSitemap,
    "tema": TopicSitemap,
    "verktoy": ToolsSitemap,
}

urlpatterns = [
    # Before Wagtail's: every door that checks a password, held to the sign-in
    # limits (portal.two_factor.throttle), and the second factor.
    path("admin/login/", two_factor_views.LoginView.as_view()),
    path(
        "admin/account/",
        require_admin_access(two_factor_views.AccountView.as_view()),
    ),
    path("admin/password_reset/", password_reset.PasswordResetView.as_view()),
    path("_util/login/", two_factor_views.FrontendLoginView.as_view()),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        page_passwords.authenticate_with_password,
    ),
    path("admin/2fa/", include("portal.two_factor.urls")),
    # Only a POST signs out (portal.admin_logout).
    path("admin/logout/", admin_logout.LogoutView.as_view()),
    path("admin/", include(admin_url_overrides)),
    path("admin/", include(wagtailadmin_urls)),
    path("dokumenter/", include(wagtaildocs_urls)),
    path("", include(portal_urls.shared)),
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sections": sitemap_sections},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemaps.section,
        {"sections": sitemap_sections},
        name="sitemap_section",
    ),
    # Images only: documents in the same folder go through /dokumenter/ (portal.media).
    path(f"{settings.MEDIA_URL.lstrip('/')}<path:path>", media.image, name="media"),
]

# What readers see, in bokmål at its own address and in nynorsk below /nn/: every
# address reversed while nynorsk is active starts with /nn/, Wagtail's pages included.
urlpatterns += i18n_patterns(
    path("", include(portal_urls.public)),
    path("", include("learning.urls")),
    # Last of the apps: its page calendars (<page url>kalender.ics) match below any
    # address.
    path("", include("events.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler500 = "portal.middleware.server_error"

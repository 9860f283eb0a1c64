from django.conf import settings
from django.urls import include, path
from wagtail import hooks
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from portal import (
    admin_logout,
    media,
    openapi,
    page_passwords,
    registry,
    sitemaps,
    views,
)
from portal.api import api_router
from portal.two_factor import password_reset
from portal.two_factor import views as two_factor_views

# Admin views an app replaces at Wagtail's own address (a narrower queryset, say):
# the app's wagtail_hooks return path()s, relative to /admin/, from this hook.
admin_url_overrides = [
    pattern
    for hook in hooks.get_hooks("portal_admin_url_overrides")
    for pattern in hook()
]

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
    path("sok/", views.search, name="search"),
    path("personer/", views.person_index, name="person_index"),
    path("personer/<slug:slug>/", views.person_detail, name="person_detail"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("helse/", views.health, name="health"),
    path("api/v2/openapi.json", openapi.openapi_view, name="openapi"),
    path("api/v2/", api_router.urls),
    *registry.url_patterns,
]

urlpatterns += [
    # Images only: documents in the same folder go through /dokumenter/ (portal.media).
    path(f"{settings.MEDIA_URL.lstrip('/')}<path:path>", media.image, name="media"),
    path("", include(wagtail_urls)),
]

handler500 = "portal.middleware.server_error"

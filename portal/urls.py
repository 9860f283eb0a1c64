from django.conf import settings
from django.urls import include, path
from wagtail import hooks
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.documents import urls as wagtaildocs_urls

from portal import content_version, media, registry, sitemaps, views
from portal.api import api_router
from portal.two_factor import views as two_factor_views

# Admin views an app replaces at Wagtail's own address (a narrower queryset, say):
# the app's wagtail_hooks return path()s, relative to /admin/, from this hook.
admin_url_overrides = [
    pattern
    for hook in hooks.get_hooks("portal_admin_url_overrides")
    for pattern in hook()
]

urlpatterns = [
    # Before Wagtail's admin: sign-in with limits, and the second factor.
    path("admin/login/", two_factor_views.LoginView.as_view()),
    path("admin/2fa/", include("portal.two_factor.urls")),
    path("admin/", include(admin_url_overrides)),
    path("admin/", include(wagtailadmin_urls)),
    path("dokumenter/", include(wagtaildocs_urls)),
    path("sok/", views.search, name="search"),
    path("personer/", views.person_index, name="person_index"),
    path("personer/<slug:slug>/", views.person_detail, name="person_detail"),
    path(
        "sitemap.xml",
        content_version.cache_response(24 * 3600)(sitemap_views.index),
        {"sitemaps": sitemaps.sections(), "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("helse/", views.health, name="health"),
    path("api/v2/", api_router.urls),
    *registry.url_patterns,
]

urlpatterns += [
    # Images only: documents in the same folder go through /dokumenter/ (portal.media).
    path(f"{settings.MEDIA_URL.lstrip('/')}<path:path>", media.image, name="media"),
    path("", include(wagtail_urls)),
]

handler500 = "portal.middleware.server_error"

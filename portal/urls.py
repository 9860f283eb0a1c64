"""Portal's own public addresses: search, people, robots.txt, the health check and the
API. The root URLs (``config.urls``) include them: ``public`` in both written standards,
``shared`` once."""

from django.urls import path

from portal import alert_views, openapi, views
from portal.api import api_router

# The same in either written standard: for machines, or without text of their own.
shared = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("helse/", views.health, name="health"),
    path("api/v2/openapi.json", openapi.openapi_view, name="openapi"),
    path("api/v2/", api_router.urls),
]

# Pages for readers, in bokmål and below /nn/ in nynorsk (config.urls).
public = [
    path("sok/", views.search, name="search"),
    path("personer/", views.person_index, name="person_index"),
    path("personer/<slug:slug>/", views.person_detail, name="person_detail"),
    path("personer/<slug:slug>/e-post/", views.person_email, name="person_email"),
    path("varsler/", alert_views.subscribe, name="alert_subscribe"),
    path("varsler/sendt/", alert_views.sent, name="alert_sent"),
    path("varsler/<str:token>/", alert_views.manage, name="alert_manage"),
    path("varsler/<str:token>/bekreft/", alert_views.confirm, name="alert_confirm"),
    path(
        "varsler/<str:token>/avmeld/", alert_views.unsubscribe, name="alert_unsubscribe"
    ),
]

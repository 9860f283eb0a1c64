"""Portal's own public addresses: search, people, robots.txt, the health check and the
API. The root URLs (``config.urls``) include them: ``public`` in both written standards,
``shared`` once."""

from django.urls import path

from portal import openapi, views
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
]

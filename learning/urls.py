"""Learning's own addresses: the calculator, the results, the topics, the feeds and the
open data."""

from django.urls import path, re_path

from learning import feeds, open_data, themes, views
from portal import content_version

feed = content_version.cache_response(24 * 3600)(feeds.KnowledgeFeed())
# The open data's files are kept like the feeds; their addresses stay.
kept = content_version.cache_response(open_data.CACHE_SECONDS)
datasets = "|".join(open_data.DATASETS)

urlpatterns = [
    path("kalkulator/", views.calculator, name="calculator"),
    path("resultater/", views.programme_results, name="programme_results"),
    path("tema/", views.topics, name="topics"),
    # Most theme slugs are ASCII (portal.slugs.ascii_tag_slug), but taggit can still
    # give one with æ, ø or å («bøker» when «boker» is taken), which <slug:> would
    # refuse and {% url %} would crash on.
    re_path(r"^tema/(?P<slug>[-\w]+)/\Z", views.topic, name="topic"),
    # A theme's earlier address (renamed, merged) sends its feed on too.
    re_path(
        r"^tema/(?P<slug>[-\w]+)/rss/\Z",
        themes.follow_old_addresses("topic_feed", feed),
        name="topic_feed",
    ),
    path("rss/", feed, name="knowledge_feed"),
    path("apne-data/", views.open_data_page, name="open_data"),
    path(
        "apne-data/katalog.jsonld",
        kept(views.open_data_catalogue),
        name="open_data_catalogue",
    ),
    re_path(
        rf"^apne-data/(?P<slug>{datasets})\.csv\Z",
        kept(views.open_data_csv),
        name="open_data_csv",
    ),
    re_path(
        rf"^apne-data/(?P<slug>{datasets})\.json\Z",
        kept(views.open_data_json),
        name="open_data_json",
    ),
    re_path(
        rf"^apne-data/(?P<slug>{datasets})\.schema\.json\Z",
        kept(views.open_data_schema),
        name="open_data_schema",
    ),
]

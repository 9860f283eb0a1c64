"""What is cached from published content follows every change at once, and an
unreachable cache only means nothing is cached."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from portal import content_version
from tests.factories import PersonFactory, StandardPageFactory
from tests.learning.factories import (
    ExperienceArticlePageFactory,
    ExperienceIndexPageFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context), response.content.decode()


def test_the_menu_follows_publishing_and_unpublishing(client, home_page):
    queries(client, "/")
    page = StandardPageFactory(
        parent=home_page, title="Om programmet", slug="om", show_in_menus=True
    )
    assert 'href="/om/">Om programmet</a>' in client.get("/").content.decode()
    page.unpublish()
    assert "Om programmet</a>" not in client.get("/").content.decode()


def test_related_knowledge_follows_a_newly_published_article(client, home_page):
    index = ExperienceIndexPageFactory(parent=home_page)
    article = ExperienceArticlePageFactory(
        parent=index, title="Husleie i Karmøy", tags=["bostøtte"]
    )
    _, content = queries(client, article.url)
    assert "Relatert kunnskap" not in content
    ExperienceArticlePageFactory(
        parent=index, title="Bostøtte i Bodø", tags=["bostøtte"]
    )
    content = client.get(article.url).content.decode()
    assert "Relatert kunnskap" in content
    assert "Bostøtte i Bodø" in content


def test_cached_parts_save_queries_until_something_changes(client, home_page):
    index = ExperienceIndexPageFactory(parent=home_page)
    ExperienceArticlePageFactory(parent=index, tags=["bostøtte"])
    queries(client, "/")  # per-process caches (the site, its settings)
    first, _ = queries(client, index.url)
    again, _ = queries(client, index.url)
    assert again < first  # the menu and the facet counts came from the cache
    PersonFactory(name="Kari Nordmann")  # a snippet saved: everything is rebuilt
    assert queries(client, index.url)[0] > again


def test_facet_counts_follow_publishing(client, home_page):
    index = ExperienceIndexPageFactory(parent=home_page)
    ExperienceArticlePageFactory(parent=index, tags=["bostøtte"])
    assert "bostøtte" in client.get(index.url).content.decode()
    ExperienceArticlePageFactory(parent=index, tags=["gjennomstrømning"])
    assert "gjennomstrømning" in client.get(index.url).content.decode()


def test_an_unreachable_cache_only_means_nothing_is_kept(settings, free_port, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port}/0",
        }
    }
    built = []

    def build():
        built.append(1)
        return "<nav>…</nav>"

    assert content_version.current() is None
    for _ in range(2):
        assert content_version.cached(("menu", 1), build, 60) == "<nav>…</nav>"
    assert len(built) == 2
    content_version.raise_now_and_after_commit()  # a publish still goes through
    assert "the cache is unreachable" in caplog.text


def test_a_published_article_is_read_in_one_query_until_it_changes(client, home_page):
    index = ExperienceIndexPageFactory(parent=home_page)
    article = ExperienceArticlePageFactory(parent=index, title="Husleie i Karmøy")
    queries(client, article.url)
    count, content = queries(client, article.url)
    assert count == 1  # the page itself; its article, menu and footer are kept
    assert "Husleie i Karmøy" in content
    article.title = "Husleie og bostøtte i Karmøy"
    article.save_revision().publish()
    assert "Husleie og bostøtte i Karmøy" in client.get(article.url).content.decode()


def test_the_first_page_creates_the_settings_without_retiring_the_cache(
    client, home_page
):
    from portal.models import SiteSettings

    queries(client, "/")  # creates the site's settings, with their defaults
    assert SiteSettings.objects.count() == 1
    warm, _ = queries(client, "/")
    assert queries(client, "/")[0] == warm
    settings = SiteSettings.objects.get()
    settings.contact_email = "post@husbanken.no"
    settings.save()
    assert "post@husbanken.no" in queries(client, "/")[1]


def test_a_new_view_restriction_applies_at_once(client, home_page):
    from wagtail.models import PageViewRestriction

    section = StandardPageFactory(parent=home_page, title="Internt", slug="internt")
    page = StandardPageFactory(parent=section, title="Notat", slug="notat")
    assert client.get(page.url).status_code == 200
    PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
    )
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Notat</h1>" not in response.content.decode()
    assert 'name="password"' in response.content.decode()


def test_the_gatherings_list_follows_the_clock_within_a_minute(client, home_page):
    import datetime

    import time_machine
    from django.utils import timezone

    from tests.events.factories import GatheringIndexPageFactory, GatheringPageFactory

    index = GatheringIndexPageFactory(parent=home_page)
    closes = timezone.now() + datetime.timedelta(minutes=5)
    GatheringPageFactory(parent=index, registration_closes=closes)
    assert "Påmeldingen er åpen" in client.get(index.url).content.decode()
    with time_machine.travel(closes + datetime.timedelta(seconds=61)):
        content = client.get(index.url).content.decode()
    assert "Påmeldingen er stengt" in content


def test_the_apis_kept_answers_follow_a_new_collection_restriction(client):
    from wagtail.models import Collection, CollectionViewRestriction

    from tests.factories import ImageFactory

    closed = Collection.get_first_root_node().add_child(name="Lukket")
    ImageFactory(title="Internt bilde", collection=closed)

    def titles():
        response = client.get("/api/v2/images/")
        assert response.status_code == 200
        return [item["title"] for item in response.json()["items"]]

    assert titles() == ["Internt bilde"]
    CollectionViewRestriction.objects.create(
        collection=closed, restriction_type=CollectionViewRestriction.LOGIN
    )
    assert titles() == []


def test_what_is_built_around_a_kept_fragment_shows_its_names():
    """A page built around a fragment read from the cache is retired with it."""
    built = []

    def fragment():
        content_version.shows(content_version.SEATS)
        built.append(1)
        return "12 ledige plasser"

    content_version.cached(("seats-fragment",), fragment, 60)
    with content_version.building() as names:
        assert content_version.cached(("seats-fragment",), fragment, 60) == (
            "12 ledige plasser"
        )
    assert built == [1]
    assert content_version.SEATS in names
    assert content_version.still_shown(names)

    content_version.raise_name(content_version.SEATS)
    assert not content_version.still_shown(names)
    content_version.cached(("seats-fragment",), fragment, 60)
    assert built == [1, 1]


def test_raising_a_name_leaves_what_does_not_show_it():
    built = []
    content_version.cached(("plain",), lambda: built.append(1) or "tekst", 60)
    content_version.raise_name(content_version.SEATS)
    content_version.cached(("plain",), lambda: built.append(1) or "tekst", 60)
    assert built == [1]


def test_a_request_reads_each_kept_thing_once_and_a_change_within_it_at_once():
    built = []

    def build():
        built.append(len(built))
        return f"bygget {len(built)}"

    def view(request):
        seen = [content_version.cached(("held-test",), build, 60)]
        cache.clear()  # kept elsewhere no more: this request still has it
        seen.append(content_version.cached(("held-test",), build, 60))
        content_version.raise_now_and_after_commit()  # a change: built anew
        seen.append(content_version.cached(("held-test",), build, 60))
        return HttpResponse(" / ".join(seen))

    response = content_version.RequestMiddleware(view)(RequestFactory().get("/"))

    assert response.content.decode() == "bygget 1 / bygget 1 / bygget 2"
    # Outside a request nothing is held: each read asks the cache.
    cache.clear()
    assert content_version.cached(("held-test",), build, 60) == "bygget 3"

"""What is cached from published content follows every change at once, and an
unreachable cache only means nothing is cached."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal import content_version
from tests.factories import PersonFactory, StandardPageFactory
from tests.learning.factories import (
    ExperienceArticlePageFactory,
    ExperienceIndexPageFactory,
)

pytestmark = pytest.mark.django_db


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

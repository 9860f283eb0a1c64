"""schema.org Article on articles, good practices and presentations."""

import pytest

from tests.learning.factories import (
    ExperienceArticlePageFactory,
    GoodPracticeIndexPageFactory,
    GoodPracticePageFactory,
)
from tests.machine_readable import json_ld

pytestmark = pytest.mark.django_db


def test_an_article_says_who_wrote_it_and_when(client, karmoy):
    article = ExperienceArticlePageFactory(
        parent=karmoy, title="Bolig først i Karmøy", intro="Slik gikk det."
    )
    article.tags.add("Bostedsløshet")
    article.save_revision().publish()
    article.refresh_from_db()
    data = json_ld(client, article)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Article"
    assert data["headline"] == "Bolig først i Karmøy"
    assert data["description"] == "Slik gikk det."
    assert data["url"] == data["mainEntityOfPage"] == article.full_url
    assert data["author"] == {"@type": "Organization", "name": "Karmøy kommune"}
    assert data["publisher"]["@type"] == "Organization"
    assert data["datePublished"] == article.first_published_at.isoformat()
    assert data["dateModified"] == article.last_published_at.isoformat()
    assert data["keywords"] == "Bostedsløshet"
    assert data["inLanguage"] == "nb"


def test_a_good_practice_from_husbanken_is_by_husbanken(client, home_page):
    index = GoodPracticeIndexPageFactory(parent=home_page)
    practice = GoodPracticePageFactory(
        parent=index, title='Tiltak </script><script>alert("x")</script>'
    )
    html = client.get(practice.url).content.decode()
    assert "<script>alert" not in html
    data = json_ld(client, practice)
    assert data["headline"].startswith("Tiltak </script>")
    assert data["author"] == data["publisher"]

"""«Relatert kunnskap» at the foot of an article: who comes first, and what never shows."""

import datetime

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from learning import related
from tests.learning.factories import (
    ExperienceArticlePageFactory,
    GoodPracticePageFactory,
)

pytestmark = pytest.mark.django_db


def related_titles(client, page):
    """The titles under «Relatert kunnskap», as a reader sees them."""
    html = BeautifulSoup(client.get(page.url).content, "html.parser")
    section = html.find("section", attrs={"aria-labelledby": "relatert"})
    if section is None:
        return []
    return [heading.get_text(strip=True) for heading in section.find_all("h3")]


def article(parent, title, tags, year, **kwargs):
    return ExperienceArticlePageFactory(
        parent=parent,
        title=title,
        tags=tags,
        date=datetime.date(year, 1, 1),
        **kwargs,
    )


def test_other_municipalities_first_then_most_shared_themes_then_newest(
    client, karmoy, bergen, bodo
):
    page = article(karmoy, "Husleie i Karmøy", ["bostøtte", "leie"], 2020)
    article(bergen, "Begge temaene i Bergen", ["bostøtte", "leie"], 2019)
    article(bergen, "Ett tema, nyere", ["leie"], 2024)
    article(karmoy, "Begge temaene hjemme", ["bostøtte", "leie"], 2024)
    GoodPracticePageFactory(
        parent=bodo,
        title="Begge temaene i Bodø",
        tags=["leie", "bostøtte", "startlån"],
        date=datetime.date(2021, 1, 1),
    )
    article(bergen, "Annet tema", ["startlån"], 2024)
    article(bergen, "Utkast", ["leie"], 2024, live=False)

    assert related_titles(client, page) == [
        "Begge temaene i Bodø",
        "Begge temaene i Bergen",
        "Ett tema, nyere",
        "Begge temaene hjemme",
    ]


def test_restricted_pages_are_left_out(client, karmoy, bergen):
    page = article(karmoy, "Husleie i Karmøy", ["leie"], 2020)
    hidden = article(bergen, "Bare for innloggede", ["leie"], 2021)
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.LOGIN
    )
    article(bergen, "Åpen for alle", ["leie"], 2019)

    assert related_titles(client, page) == ["Åpen for alle"]


def test_no_more_than_six_and_only_the_newest_window_is_ranked(
    client, monkeypatch, karmoy, bergen
):
    monkeypatch.setattr(related, "WINDOW", 7)
    page = article(karmoy, "Husleie i Karmøy", ["bostøtte", "leie"], 2000)
    # Older than the seven newest that share a theme: not ranked, though it shares more.
    article(bergen, "Gammel, begge temaene", ["bostøtte", "leie"], 2001)
    for number in range(7):
        article(bergen, f"Ny {number}", ["leie"], 2010 + number)

    assert related_titles(client, page) == [
        f"Ny {number}" for number in (6, 5, 4, 3, 2, 1)
    ]


def test_each_item_shows_its_date_municipality_intro_and_themes(client, karmoy, bodo):
    page = article(karmoy, "Husleie i Karmøy", ["leie"], 2020)
    practice = GoodPracticePageFactory(
        parent=bodo,
        title="Utleie i Bodø",
        intro="Kommunen leier av private.",
        tags=["Startlån", "leie"],
        date=datetime.date(2021, 3, 5),
    )

    html = BeautifulSoup(client.get(page.url).content, "html.parser")
    item = html.find("section", attrs={"aria-labelledby": "relatert"}).find("li")
    assert item.h3.a["href"] == practice.url
    assert item.find("p", class_="meta").get_text(strip=True) == (
        f"5. mars 2021 · {bodo.title}"
    )
    assert "Kommunen leier av private." in item.get_text()
    assert [tag.get_text() for tag in item.select(".tag-list a")] == [
        "leie",
        "Startlån",
    ]
    assert item.select(".tag-list a")[0]["href"] == "/tema/leie/"


def test_pages_of_one_shape_are_each_ranked_with_their_own_values(
    client, karmoy, bergen
):
    # One theme and a municipality each: the ranking built for the first is reused.
    renting = article(karmoy, "Leie i Karmøy", ["leie"], 2020)
    loans = article(bergen, "Startlån i Bergen", ["startlån"], 2020)
    elsewhere = article(bergen, "Leie i Bergen", ["leie"], 2019)
    article(karmoy, "Leie hjemme", ["leie"], 2021)
    article(karmoy, "Startlån i Karmøy", ["startlån"], 2018)
    article(bergen, "Startlån hjemme", ["startlån"], 2022)

    assert related_titles(client, renting) == ["Leie i Bergen", "Leie hjemme"]
    assert related_titles(client, loans) == ["Startlån i Karmøy", "Startlån hjemme"]
    # A restriction changes what the ranking filters by.
    PageViewRestriction.objects.create(
        page=elsewhere, restriction_type=PageViewRestriction.LOGIN
    )
    assert related_titles(client, renting) == ["Leie hjemme"]

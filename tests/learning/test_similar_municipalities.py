"""«Kommuner som ligner» on a good practice, and the lists' KOSTRA group filter."""

import datetime

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from portal import kostra
from portal.models import KostraGroup, MunicipalityPage
from tests.factories import MunicipalityPageFactory
from tests.learning.factories import (
    ExperienceArticlePageFactory,
    GoodPracticePageFactory,
)
from tests.learning.listing import counts, facets, query, titles

pytestmark = pytest.mark.django_db

SIMILAR = "Gode eksempler fra kommuner som ligner"


@pytest.fixture
def groups(db):
    kostra.ensure_groups()
    return {group.code: group for group in KostraGroup.objects.all()}


@pytest.fixture
def places(karmoy, bergen, bodo, municipality_index, groups):
    """Karmøy, Bodø and Haugesund in EKG13; Bergen in EKG14."""
    MunicipalityPage.objects.filter(pk__in=[karmoy.pk, bodo.pk]).update(
        kostra_group=groups["EKG13"]
    )
    MunicipalityPage.objects.filter(pk=bergen.pk).update(kostra_group=groups["EKG14"])
    haugesund = MunicipalityPageFactory(
        parent=municipality_index,
        title="Haugesund",
        slug="haugesund",
        municipality_number="1106",
        kostra_group=groups["EKG13"],
    )
    return {"karmoy": karmoy, "bergen": bergen, "bodo": bodo, "haugesund": haugesund}


def practice(parent, title, day, **kwargs):
    return GoodPracticePageFactory(
        parent=parent, title=title, date=datetime.date(2016, 1, day), **kwargs
    )


def similar(response):
    """(note, [(title, meta)]) of the practice page's section, or None."""
    soup = BeautifulSoup(response.content, "html.parser")
    heading = soup.find("h2", string=SIMILAR)
    if heading is None:
        return None
    items = heading.find_parent("section").select("li")
    return (
        heading.find_next_sibling("p", class_="meta").get_text(strip=True),
        [
            (item.h3.get_text(strip=True), item.find("p", class_="meta").get_text())
            for item in items
        ],
    )


def test_a_practice_shows_the_newest_practices_of_its_group(client, places):
    own = practice(places["karmoy"], "Karmøys tiltak", 1)
    practice(places["karmoy"], "Et annet fra Karmøy", 2)
    for day in range(3, 10):
        practice(places["bodo"], f"Bodø {day}", day)
    practice(places["haugesund"], "Én dør inn", 20)
    practice(places["bergen"], "Fra Bergen", 25)
    note, items = similar(client.get(own.url))
    assert note == (
        "Store kommuner utenom de fire største byene (SSB, KOSTRA-gruppe 2008)"
    )
    # A handful, newest first; not itself, its own municipality's nor another group's.
    assert [title for title, _ in items] == [
        "Én dør inn",
        "Bodø 9",
        "Bodø 8",
        "Bodø 7",
        "Bodø 6",
    ]
    assert items[0][1] == "20. januar 2016 · Haugesund"


def test_the_section_links_to_the_list_filtered_by_the_group(
    client, places, practice_index
):
    own = practice(places["karmoy"], "Karmøys tiltak", 1)
    for day in range(3, 10):
        practice(places["bodo"], f"Bodø {day}", day)
    soup = BeautifulSoup(client.get(own.url).content, "html.parser")
    more = soup.find("a", string="Se alle gode eksempler fra gruppen")
    assert more["href"] == f"{practice_index.url}?kostra=EKG13"


def test_drafts_and_private_practices_are_never_shown(client, places):
    own = practice(places["karmoy"], "Karmøys tiltak", 1)
    practice(places["bodo"], "Utkast", 2, live=False)
    private = practice(places["bodo"], "Bare for innloggede", 3)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    assert similar(client.get(own.url)) is None
    practice(places["bodo"], "Publisert", 4)
    assert [title for title, _ in similar(client.get(own.url))[1]] == ["Publisert"]


def test_nothing_without_a_group_or_a_municipality(client, places, practice_index):
    practice(places["bodo"], "Fra Bodø", 2)
    MunicipalityPage.objects.filter(pk=places["karmoy"].pk).update(kostra_group=None)
    own = practice(places["karmoy"], "Karmøys tiltak", 1)
    response = client.get(own.url)
    assert response.status_code == 200
    assert similar(response) is None
    husbanken = practice(practice_index, "Husbankens eget", 3)
    assert similar(client.get(husbanken.url)) is None


# --- the lists' filter ------------------------------------------------------------


@pytest.fixture
def listed(places, practice_index, experience_index):
    return {
        "karmoy": practice(places["karmoy"], "Karmøys tiltak", 1),
        "bodo": practice(places["bodo"], "Bodøs tiltak", 2),
        "bergen": practice(places["bergen"], "Bergens tiltak", 3),
        "husbanken": practice(practice_index, "Uten kommune", 4),
        "experience": ExperienceArticlePageFactory(
            parent=places["bergen"], title="Erfaring fra Bergen"
        ),
    }


def test_the_practice_list_counts_and_filters_by_group(client, listed, practice_index):
    response = client.get(practice_index.url)
    assert counts(response, "KOSTRA-gruppe") == {
        "Bergen, Trondheim og Stavanger": 1,
        "Store kommuner utenom de fire største byene": 2,
    }
    _, href, selected = facets(response)["KOSTRA-gruppe"][
        "Store kommuner utenom de fire største byene"
    ]
    assert not selected
    assert query(href) == {"kostra": "EKG13"}
    response = client.get(practice_index.url, {"kostra": "EKG13"})
    assert titles(response) == ["Bodøs tiltak", "Karmøys tiltak"]
    assert facets(response)["KOSTRA-gruppe"][
        "Store kommuner utenom de fire største byene"
    ][2]


def test_the_group_filter_keeps_the_other_filters(client, listed, practice_index):
    response = client.get(practice_index.url, {"kostra": "EKG13", "kommune": "bodo"})
    assert titles(response) == ["Bodøs tiltak"]
    # The municipalities are counted within the group, and the group within Bodø.
    assert counts(response, "Kommune") == {"Bodø": 1, "Karmøy": 1}
    assert counts(response, "KOSTRA-gruppe") == {
        "Store kommuner utenom de fire største byene": 1
    }
    # Choosing another municipality keeps the group.
    _, href, _ = facets(response)["Kommune"]["Karmøy"]
    assert query(href) == {"kostra": "EKG13", "kommune": "karmoy"}


def test_the_experience_list_filters_by_group(client, listed, experience_index):
    response = client.get(experience_index.url, {"kostra": "EKG14"})
    assert titles(response) == ["Erfaring fra Bergen"]
    assert titles(client.get(experience_index.url, {"kostra": "EKG13"})) == []


@pytest.mark.parametrize("value", ["EKG99", "ekg13", "<script>", "EKG13\x00"])
def test_an_unknown_group_gives_an_empty_list_not_an_error(
    client, listed, practice_index, value
):
    response = client.get(practice_index.url, {"kostra": value})
    assert response.status_code == 200
    assert titles(response) == []


def test_a_practice_from_a_nynorsk_municipality_is_marked_as_nynorsk(client, places):
    MunicipalityPage.objects.filter(pk=places["bodo"].pk).update(adopted_standard="nn")
    own = practice(places["karmoy"], "Karmøys tiltak", 1)
    practice(places["bodo"], "Bustader i Bodø", 2)
    practice(places["haugesund"], "Boliger i Haugesund", 3)
    soup = BeautifulSoup(client.get(own.url).content, "html.parser")
    section = soup.find("h2", string=SIMILAR).find_parent("section")
    langs = {
        item.h3.get_text(strip=True): item.h3.a.get("lang")
        for item in section.select("li")
    }
    assert langs == {"Boliger i Haugesund": None, "Bustader i Bodø": "nn"}

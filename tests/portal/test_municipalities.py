import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from portal.models import County, MunicipalityPage, Region
from tests.factories import (
    ImageFactory,
    MunicipalityContactFactory,
    MunicipalityOutcomeFactory,
    MunicipalityPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("number", ["1149", "0301", "5001"])
def test_four_digit_numbers_are_valid(municipality_index, number):
    page = MunicipalityPage(
        title="Kommune",
        slug=f"k{number}",
        municipality_number=number,
        county=County.ROGALAND,
        region=Region.VEST,
        year_joined=2014,
    )
    municipality_index.add_child(instance=page)  # saving a page validates it
    assert MunicipalityPage.objects.get(municipality_number=number).pk == page.pk


@pytest.mark.parametrize(
    "number", ["149", "11490", "11a9", "abcd", " 1149", "1149\n", "١١٤٩", "<b>", ""]
)
def test_other_municipality_numbers_are_refused_in_bokmal(municipality_index, number):
    page = MunicipalityPage(
        title="Kommune",
        slug="kommune",
        municipality_number=number,
        county=County.ROGALAND,
        region=Region.VEST,
        year_joined=2014,
    )
    with pytest.raises(ValidationError) as excinfo:
        municipality_index.add_child(instance=page)
    messages = excinfo.value.message_dict["municipality_number"]
    expected = "fire sifre" if number else "kan ikke være blankt"
    assert any(expected in message for message in messages), messages
    assert not MunicipalityPage.objects.exists()


def test_municipality_number_is_unique(municipality_index):
    MunicipalityPageFactory(parent=municipality_index, municipality_number="1149")
    with pytest.raises(ValidationError) as excinfo:
        MunicipalityPageFactory(parent=municipality_index, municipality_number="1149")
    assert excinfo.value.message_dict["municipality_number"] == [
        "Kommunenummeret er allerede brukt av en annen programkommune."
    ]
    other = MunicipalityPageFactory(
        parent=municipality_index, municipality_number="1106"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        MunicipalityPage.objects.filter(pk=other.pk).update(municipality_number="1149")
    assert MunicipalityPage.objects.filter(municipality_number="1149").count() == 1


def test_index_counts_and_filters_by_county_and_region(client, municipality_index):
    MunicipalityPageFactory(
        parent=municipality_index,
        title="Karmøy kommune",
        county=County.ROGALAND,
        region=Region.VEST,
    )
    MunicipalityPageFactory(
        parent=municipality_index,
        title="Haugesund kommune",
        county=County.ROGALAND,
        region=Region.VEST,
    )
    bodo = MunicipalityPageFactory(
        parent=municipality_index,
        title="Bodø kommune",
        county=County.NORDLAND,
        region=Region.NORD,
        year_joined=2014,
    )

    response = client.get(municipality_index.url)
    content = response.content.decode()
    assert "3 programkommuner" in content
    assert "Rogaland (2)" in content and "Nordland (1)" in content

    response = client.get(municipality_index.url, {"fylke": "rogaland"})
    content = response.content.decode()
    assert "Viser 2 av 3 programkommuner" in content
    assert "Karmøy kommune" in content and "Bodø kommune" not in content

    response = client.get(municipality_index.url, {"region": "nord"})
    (card,) = BeautifulSoup(response.content, "html.parser").select(".card-grid li")
    assert (card.h3.a.get_text(), card.h3.a["href"]) == ("Bodø kommune", bodo.url)
    assert [p.get_text() for p in card.find_all("p")] == [
        "Nordland · Region nord",
        "Programkommune fra 2014",
    ]

    response = client.get(
        municipality_index.url, {"fylke": "rogaland", "region": "nord"}
    )
    assert "Ingen programkommuner passer" in response.content.decode()


@pytest.mark.parametrize(
    "value", ["finnes-ikke", "<script>", "' OR 1=1 --", "x" * 5000]
)
def test_index_ignores_unknown_filter_values(client, municipality_index, value):
    MunicipalityPageFactory(parent=municipality_index)
    response = client.get(municipality_index.url, {"fylke": value, "region": value})
    assert response.status_code == 200
    assert "1 programkommuner" in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_index_queries_do_not_grow_with_municipalities(client, municipality_index):
    def count_queries():
        with CaptureQueriesContext(connection) as context:
            client.get(municipality_index.url)
        return len(context)

    MunicipalityPageFactory(parent=municipality_index, image=ImageFactory())
    count_queries()  # the first request fills the caches (site, settings, menu)
    few = count_queries()
    for _ in range(10):
        MunicipalityPageFactory(parent=municipality_index, image=ImageFactory())
    count_queries()  # publishing retired the cached menu
    assert count_queries() == few


def test_municipality_page_shows_facts_contacts_outcomes_and_photo_credit(
    client, municipality_index
):
    page = MunicipalityPageFactory(
        parent=municipality_index,
        title="Karmøy kommune",
        municipality_number="1149",
        image=ImageFactory(credit="Husbanken", description="Deltakere fra Karmøy"),
    )
    MunicipalityContactFactory(page=page, person__name="Sverre Høynes")
    MunicipalityOutcomeFactory(page=page, year=2015, homeless_settled=14)
    content = client.get(page.url).content.decode()
    assert "1149" in content
    assert "Rogaland" in content and "Region vest" in content
    assert "Sverre Høynes" in content
    assert "Foto: Husbanken" in content
    assert 'alt="Deltakere fra Karmøy"' in content
    # Figures typed on the page itself are not shown: only approved results are.
    assert "Resultater for enkeltmennesker" not in content

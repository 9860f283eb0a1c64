"""The programme's results: a municipality's figures, approved, summed, exported."""

import csv
import datetime
import io
import re
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import PageViewRestriction

from learning import results
from learning.models import (
    MunicipalityResultsPage,
    OutcomeFigure,
    OutcomeType,
    PracticeOutcome,
    StatisticsFigure,
    StatisticsTable,
)
from portal.models import Region
from tests.factories import MunicipalityOutcomeFactory
from tests.learning.factories import GoodPracticePageFactory
from tests.learning.test_moderation import contributor, moderation_ready  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


@pytest.fixture
def types(db):
    results.ensure_outcome_types()
    return {outcome.slug: outcome for outcome in OutcomeType.objects.all()}


def results_page(municipality, figures, live=True, example=False):
    page = MunicipalityResultsPage(
        title=f"Resultater for {municipality.title}",
        slug="resultater",
        example_data=example,
        figures=[
            OutcomeFigure(outcome_type=outcome, year=year, value=value, goal=goal)
            for outcome, year, value, goal in figures
        ],
    )
    municipality.add_child(instance=page)
    if live:
        page.save_revision().publish()
    else:
        page.unpublish()
    return page


@pytest.fixture
def karmoy_results(karmoy, types):
    settled = types["bostedslose-bosatt"]
    return results_page(
        karmoy,
        [
            (settled, 2015, 8, 10),
            (settled, 2016, 12, 12),
            (types["nye-utleieboliger"], 2016, 3, None),
        ],
    )


def test_a_municipality_has_one_results_page(karmoy, karmoy_results):
    assert not MunicipalityResultsPage.can_create_at(karmoy)
    assert MunicipalityResultsPage in karmoy.specific_class.allowed_subpage_models()


def test_the_results_page_shows_each_type_over_time_against_its_goals(
    client, karmoy_results
):
    content = client.get(karmoy_results.url).content.decode()
    assert "Bostedsløse som fikk bolig" in content
    assert '<polyline class="chart__line chart__line--0"' in content  # the figures
    assert '<polyline class="chart__line chart__line--1"' in content  # the goals
    # The year, the count, the goal, and the whole programme's count beside it.
    assert (
        '<tr><th scope="row">2015</th><td class="number">8</td>'
        '<td class="number">10</td><td class="number">8</td></tr>'
    ) in content
    assert "Nye kommunale utleieboliger" in content
    assert "eksempeldata" not in content


def test_the_municipality_page_shows_the_latest_figures(client, karmoy, karmoy_results):
    content = client.get(karmoy.url).content.decode()
    assert "Resultater for folk" in content
    assert "Bostedsløse som fikk bolig: 12 personer" in content
    assert "2016 · mål 12" in content
    assert f'href="{karmoy_results.url}#bostedslose-bosatt"' in content


def test_the_municipality_page_reads_its_results_with_their_page_in_one_query(
    client, karmoy, karmoy_results
):
    with CaptureQueriesContext(connection) as queries:
        client.get(karmoy.url)
    read = [
        query["sql"]
        for query in queries
        if re.search(
            r'FROM "learning_(outcomefigure|municipalityresultspage)"', query["sql"]
        )
    ]
    assert len(read) == 1


def test_figures_wait_for_approval(client, karmoy, bergen, types, contributor):  # noqa: F811
    results_page(bergen, [(types["bostedslose-bosatt"], 2016, 99, None)], live=False)
    rows = results.programme_rows()
    assert rows == []
    content = client.get(reverse("programme_results")).content.decode()
    assert "Ingen godkjente tall" in content
    assert "99" not in content


def test_the_programme_sums_by_year_and_region(
    client, karmoy, bergen, types, karmoy_results
):
    karmoy.region, bergen.region = Region.VEST, Region.VEST
    karmoy.save()
    bergen.save()
    results_page(bergen, [(types["bostedslose-bosatt"], 2016, 5, None)], example=True)
    content = client.get(reverse("programme_results")).content.decode()
    # 2016: 12 in Karmøy + 5 in Bergen.
    assert '<tr><th scope="row">2016</th><td class="number">17</td></tr>' in content
    assert (
        '<tr><th scope="row">Region vest</th><td class="number">25</td></tr>' in content
    )
    assert "Sum for 2 kommuner" in content
    assert "Noen av tallene er eksempeldata" in content
    # Karmøy's own page shows the programme's 17 beside its 12.
    own = client.get(karmoy_results.url).content.decode()
    assert (
        '<tr><th scope="row">2016</th><td class="number">12</td>'
        '<td class="number">12</td><td class="number">17</td></tr>'
    ) in own

    only = client.get(reverse("programme_results"), {"type": "nye-utleieboliger"})
    text = only.content.decode()
    assert "Nye kommunale utleieboliger" in text
    assert "Sum for 1 kommune, i boliger" in text
    assert '<h2 class="ds-heading" data-size="md" id="resultat-2">' not in text

    elsewhere = client.get(reverse("programme_results"), {"region": "nord"})
    assert "Ingen godkjente tall for dette utvalget" in elsewhere.content.decode()


def test_figures_behind_a_view_restriction_are_nobodys_public_figures(
    client, bergen, types, karmoy_results
):
    hidden = results_page(bergen, [(types["bostedslose-bosatt"], 2016, 5, None)])
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.LOGIN
    )
    content = client.get(reverse("programme_results")).content.decode()
    # 2016: Karmøy's 12 only, not 12 + 5.
    assert '<tr><th scope="row">2016</th><td class="number">12</td></tr>' in content
    assert "Sum for 1 kommune" in content
    assert {figure.page_id for figure in results.approved_figures()} == {
        karmoy_results.pk
    }


def test_a_bad_filter_says_so_and_shows_everything(client, karmoy_results):
    response = client.get(
        reverse("programme_results"), {"region": "<script>", "type": "x"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Velg en region fra listen." in content
    assert "Velg en resultattype fra listen." in content
    assert "Bostedsløse som fikk bolig" in content


def test_the_figures_download_as_csv_and_excel(client, karmoy_results):
    response = client.get(reverse("programme_results"), {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == results.EXPORT_COLUMNS
    assert [
        "Karmøy",
        "1149",
        "Region vest",
        "Bostedsløse som fikk bolig",
        "personer",
        "2015",
        "8",
        "10",
        "nei",
    ] in rows
    assert len(rows) == 4

    response = client.get(reverse("programme_results"), {"format": "xlsx"})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook["Resultater"]
    values = list(sheet.values)
    assert values[0] == tuple(results.EXPORT_COLUMNS)
    assert (
        "Karmøy",
        "1149",
        "Region vest",
        "Bostedsløse som fikk bolig",
        "personer",
        2015,
        8,
        10,
        "nei",
    ) in values


def test_a_practice_cites_the_figures_it_moved(client, karmoy, karmoy_results, types):
    practice = GoodPracticePageFactory(parent=karmoy, title="Bolig først i Karmøy")
    PracticeOutcome.objects.create(
        page=practice,
        outcome_type=types["bostedslose-bosatt"],
        from_year=2015,
        to_year=2016,
    )
    content = client.get(karmoy_results.url).content.decode()
    assert "Gode eksempler som flyttet disse tallene:" in content
    assert (
        f'<a class="ds-link" href="{practice.url}">Bolig først i Karmøy</a>' in content
    )
    assert "(2015–2016)" in content


def test_statistics_norway_stands_beside_with_its_source(
    client, karmoy, karmoy_results
):
    table = StatisticsTable.objects.create(
        table_id="12262",
        contents_code="KOSTRA",
        title="Kommunalt disponerte boliger per 1000 innbyggere",
        unit="per 1000 innbyggere",
        source_url="https://www.ssb.no/statbank/table/12262",
    )
    StatisticsFigure.objects.create(table=table, region="1149", year=2016, value="21.5")
    StatisticsFigure.objects.create(table=table, region="0", year=2016, value="20.1")
    content = client.get(karmoy_results.url).content.decode()
    assert "SSB, tabell 12262" in content
    assert '<td class="number">21,5</td><td class="number">20,1</td>' in content
    national = client.get(reverse("programme_results")).content.decode()
    assert "Hele landet, fra Statistisk sentralbyrå" in national
    assert '<td class="number">20,1</td>' in national


def test_editors_keep_the_outcome_types(admin_client, types):
    response = admin_client.get(reverse("wagtailsnippets_learning_outcometype:list"))
    assert response.status_code == 200
    assert "Oppfølging i hjemmet" in response.content.decode()


def ssb_table(title="Kommunalt disponerte boliger per 1000 innbyggere", **kwargs):
    return StatisticsTable.objects.create(
        table_id=kwargs.pop("table_id", "12262"),
        contents_code="KOSTRA",
        title=title,
        unit=kwargs.pop("unit", "per 1000 innbyggere"),
        source_url="https://www.ssb.no/statbank/table/12262",
    )


def test_the_programme_and_ssb_stand_side_by_side_for_the_same_years(
    client, karmoy_results
):
    table = ssb_table()
    for year, value in ((2016, "20.1"), (2020, "19.0")):
        StatisticsFigure.objects.create(table=table, region="0", year=year, value=value)
    content = client.get(reverse("programme_results")).content.decode()
    # One row per programme year: each type's sum, then SSB's figure for that year.
    assert (
        '<tr><th scope="row">2016</th><td class="number">12</td>'
        '<td class="number">3</td><td class="number">20,1</td></tr>'
    ) in content
    assert (
        '<tr><th scope="row">2015</th><td class="number">8</td>'
        '<td class="number">–</td><td class="number">–</td></tr>'
    ) in content
    # 2020 has no programme figures: not set beside them as if comparable.
    assert '<tr><th scope="row">2020</th>' not in content
    assert "Programmets tall er fra 2015–2016, SSBs landstall fra 2016 og 2020" in (
        content
    )


def test_when_the_years_differ_the_results_page_says_so(client, karmoy_results):
    table = ssb_table()
    for year in (2020, 2021, 2022):
        StatisticsFigure.objects.create(table=table, region="0", year=year, value="20")
    content = client.get(reverse("programme_results")).content.decode()
    assert (
        "Årene er ulike: programmets tall er fra 2015–2016, mens SSBs landstall er "
        "fra 2020–2022. Tallene kan derfor ikke sammenlignes år for år."
    ) in content


def test_an_ssb_caption_names_its_unit_once(client, karmoy, karmoy_results):
    said = ssb_table()
    unsaid = ssb_table("Husstander med bostøtte", table_id="11111", unit="prosent")
    for table in (said, unsaid):
        for region in ("0", "1149"):
            StatisticsFigure.objects.create(
                table=table, region=region, year=2016, value="5"
            )
    for url in (reverse("programme_results"), karmoy_results.url):
        content = client.get(url).content.decode()
        assert "per 1000 innbyggere (per 1000 innbyggere)" not in content, url
        assert "Kommunalt disponerte boliger per 1000 innbyggere. Kilde:" in content
        assert "Husstander med bostøtte (prosent). Kilde:" in content


def test_the_municipality_page_shows_only_the_approved_figures(
    client, karmoy, karmoy_results
):
    # A figure typed on the municipality page itself, never approved as a result.
    MunicipalityOutcomeFactory(page=karmoy, year=2016, homeless_settled=4711)
    content = client.get(karmoy.url).content.decode()
    assert "Bostedsløse som fikk bolig: 12 personer" in content
    assert "4711" not in content
    assert "Resultater for enkeltmennesker" not in content


def test_the_results_json_says_how_old_each_ssb_import_is(client, karmoy_results):
    today = datetime.datetime(2026, 3, 2, 12, tzinfo=OSLO)
    old = ssb_table(table_id="12262")
    old.imported_at = today - datetime.timedelta(days=400)
    old.save()
    fresh = ssb_table(title="Bostøttemottakere", table_id="10001", unit="personer")
    fresh.imported_at = today - datetime.timedelta(days=10)
    fresh.save()
    for table in (old, fresh):
        StatisticsFigure.objects.create(table=table, region="0", year=2016, value="20")
    with time_machine.travel(today, tick=False):
        data = client.get(reverse("programme_results") + "?format=json").json()
        page = client.get(reverse("programme_results")).content.decode()

    tables = {table["table_id"]: table for table in data["statistics"]}
    assert tables["12262"]["imported_at"] == old.imported_at.isoformat()
    assert tables["12262"]["older_than_a_year"] is True
    assert tables["10001"]["older_than_a_year"] is False
    assert tables["12262"]["national"] == [{"year": 2016, "value": 20}]
    assert tables["12262"]["same_years"] == [2016]
    settled = next(o for o in data["outcomes"] if o["name"].startswith("Bostedsløse"))
    assert settled["years"] == [
        {"year": 2015, "total": 8},
        {"year": 2016, "total": 12},
    ]
    # The page says the same of the old import, and nothing of the fresh one.
    assert "SSB, tabell 12262, ble hentet 26. januar 2025, for mer enn ett år" in page
    assert "tabell 10001, ble hentet" not in page
    assert "SSB, tabell 10001</a>, hentet 20. februar 2026." in page


def test_a_table_without_an_import_time_is_not_called_old(client, karmoy_results):
    table = ssb_table()
    StatisticsFigure.objects.create(table=table, region="0", year=2016, value="20")
    data = client.get(reverse("programme_results") + "?format=json").json()
    assert data["statistics"][0]["imported_at"] is None
    assert data["statistics"][0]["older_than_a_year"] is None
    assert data["filters"] == {"region": None, "type": None}

"""Open data: the approved results and the practice library as CSV and JSON, their
schemas, and the DCAT-AP-NO description a national data catalogue harvests."""

import csv
import datetime
import io
import json
import re

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rdflib import Graph, Literal, Namespace, URIRef
from wagtail.models import PageViewRestriction

from learning import open_data, results
from tests.factories import MunicipalityPageFactory
from tests.learning.factories import (
    ExperienceArticlePageFactory,
    GoodPracticePageFactory,
    PresentationPageFactory,
)
from tests.learning.test_results import results_page, types  # noqa: F401
from tests.markup import assert_valid_html

# Marked one by one: the tests whose checks depend on the date or the hour.
pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 3, 1, 11, 30, 15, tzinfo=datetime.UTC)
STAMP = "2027-03-01T11:30:15Z"
NLOD = "https://data.norge.no/nlod/no/2.0"
EU = "http://publications.europa.eu/resource/authority/"
BASE = "http://testserver"
# Plain namespaces: rdflib's own warn at every name pytest looks for in the module.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
A = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def figures(frozen, karmoy, bergen, types):  # noqa: F811
    """Karmøy's figures approved, Bergen's still waiting."""
    karmoy.region = "vest"
    karmoy.save()
    settled = types["bostedslose-bosatt"]
    results_page(
        karmoy,
        [(settled, 2015, 8, 10), (types["nye-utleieboliger"], 2016, None, 4)],
    )
    results_page(bergen, [(settled, 2016, 99, None)], live=False)


@pytest.fixture
def library(frozen, karmoy, bergen, presentation_index):
    """One page of each kind in the library, and three that must stay out of it."""
    article = ExperienceArticlePageFactory(
        parent=karmoy,
        title="Fra hospits til egen leilighet",
        intro="Slik fikk vi det til.",
        date=datetime.date(2026, 5, 2),
        tags=["Bostedsløse", "bo-oppfølging"],
    )
    practice = GoodPracticePageFactory(
        parent=bergen, title="Boveileder på dag én", intro="", tags=[]
    )
    # A page of Husbanken's own, with no municipality and a title a spreadsheet
    # would take for a formula, written as it is.
    talk = PresentationPageFactory(
        parent=presentation_index,
        title='=Startlån, "for alle"',
        date=datetime.date(2026, 1, 9),
    )
    private = ExperienceArticlePageFactory(parent=karmoy, title="Bare for innloggede")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    ExperienceArticlePageFactory(parent=karmoy, title="Et utkast", live=False)
    return {"article": article, "practice": practice, "talk": talk}


def get_csv(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = response.content.decode("utf-8")
    assert not content.startswith("\ufeff")
    return response, content


def read_csv(content):
    return list(csv.reader(io.StringIO(content, newline="")))


def get_json(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


# A Table Schema reader of the test's own, independent of the module's: each CSV cell
# and JSON value against its field's type and constraints.

INTEGER = re.compile(r"^-?[0-9]+$")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
DATETIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")


def cast_cell(field, text, missing):
    """A CSV cell as Table Schema reads it, or an AssertionError."""
    if text in missing:
        return None
    kind = field["type"]
    if kind == "integer":
        assert INTEGER.match(text), (field["name"], text)
        return int(text)
    if kind == "boolean":
        assert text in field["trueValues"] + field["falseValues"], (field["name"], text)
        return text in field["trueValues"]
    if kind == "date":
        assert DATE.match(text), (field["name"], text)
        return datetime.date.fromisoformat(text)
    if kind == "datetime":
        assert DATETIME.match(text), (field["name"], text)
        return text
    assert kind == "string", kind
    return text


def check_value(field, value):
    """A JSON value against its field: its type, whether required, its constraints."""
    constraints = field.get("constraints", {})
    if value is None:
        assert not constraints.get("required"), f"{field['name']} is required"
        return
    kind = field["type"]
    python = {
        "integer": int,
        "boolean": bool,
        "string": str,
        "date": datetime.date,
        "datetime": str,
    }[kind]
    assert isinstance(value, python), (field["name"], value)
    if kind == "integer":
        assert not isinstance(value, bool)
    if field.get("format") == "uri":
        assert re.match(r"^https?://[^\s/]+/\S*$", value), value
    if "pattern" in constraints:
        assert re.fullmatch(constraints["pattern"].strip("^$"), value), value
    if "enum" in constraints:
        assert value in constraints["enum"], value
    if "minimum" in constraints:
        assert value >= constraints["minimum"], value
    if "maximum" in constraints:
        assert value <= constraints["maximum"], value


def json_value(field, value):
    if value is not None and field["type"] == "date":
        assert DATE.match(value), value
        return datetime.date.fromisoformat(value)
    if value is not None and field["type"] == "datetime":
        assert DATETIME.match(value), value
    return value


def assert_rows_fit(schema, header, csv_rows, json_rows):
    fields = schema["fields"]
    names = [field["name"] for field in fields]
    assert header == names
    assert len(csv_rows) == len(json_rows)
    missing = schema.get("missingValues", [""])
    for cells, row in zip(csv_rows, json_rows, strict=True):
        assert list(row) == names
        for field, text in zip(fields, cells, strict=True):
            from_csv = cast_cell(field, text, missing)
            from_json = json_value(field, row[field["name"]])
            check_value(field, from_csv)
            check_value(field, from_json)
            assert from_csv == from_json, field["name"]


# The results ---------------------------------------------------------------------------


@pytest.mark.clock
def test_results_hold_only_the_approved_figures(client, figures):
    response, content = get_csv(client, "/apne-data/resultater.csv")
    assert response["Content-Disposition"] == 'attachment; filename="resultater.csv"'
    assert f'<{NLOD}>; rel="license"' in response["Link"]
    assert content.endswith("\r\n")
    assert read_csv(content) == [
        results.EXPORT_COLUMNS,
        [
            "Karmøy",
            "1149",
            "Region vest",
            "Bostedsløse som fikk bolig",
            "personer",
            "2015",
            "8",
            "10",
            "nei",
        ],
        [
            "Karmøy",
            "1149",
            "Region vest",
            "Nye kommunale utleieboliger",
            "boliger",
            "2016",
            "",
            "4",
            "nei",
        ],
    ]
    data = get_json(client, "/apne-data/resultater.json")
    assert data["lisens"] == NLOD
    assert data["skjema"] == f"{BASE}/apne-data/resultater.schema.json"
    assert data["oppdatert"] == STAMP
    assert data["antall"] == 2
    assert data["rader"][1] == {
        "kommune": "Karmøy",
        "kommunenummer": "1149",
        "region": "Region vest",
        "resultattype": "Nye kommunale utleieboliger",
        "enhet": "boliger",
        "år": 2016,
        "antall": None,
        "mål": 4,
        "eksempeldata": False,
    }
    # Bergen's 99 waits for approval, here as on /resultater/.
    assert "Bergen" not in content
    assert "99" not in json.dumps(data)


def test_the_results_are_the_rows_the_results_page_exports(client, figures):
    """The same selection as /resultater/'s own export, not a second one."""
    export = client.get("/resultater/?format=csv").content.decode("utf-8-sig")
    exported = list(csv.reader(io.StringIO(export, newline=""), delimiter=";"))
    published = read_csv(get_csv(client, "/apne-data/resultater.csv")[1])
    assert exported == published


def test_every_result_row_fits_its_schema(client, figures):
    schema = get_json(client, "/apne-data/resultater.schema.json")
    assert schema["$schema"].startswith("https://specs.frictionlessdata.io/")
    rows = read_csv(get_csv(client, "/apne-data/resultater.csv")[1])
    data = get_json(client, "/apne-data/resultater.json")
    assert_rows_fit(schema, rows[0], rows[1:], data["rader"])


# The practice library ----------------------------------------------------------------


@pytest.mark.clock
def test_the_library_lists_only_live_public_pages(client, library, karmoy, bergen):
    data = get_json(client, "/apne-data/praksiser.json")
    article, practice, talk = (
        library["article"],
        library["practice"],
        library["talk"],
    )
    assert [row["id"] for row in data["rader"]] == sorted(
        [article.pk, practice.pk, talk.pk]
    )
    rows = {row["id"]: row for row in data["rader"]}
    assert rows[article.pk] == {
        "id": article.pk,
        "tittel": "Fra hospits til egen leilighet",
        "adresse": f"{BASE}/kommuner/karmoy/fra-hospits-til-egen-leilighet/",
        "sidetype": "erfaringsartikkel",
        "kommunenummer": "1149",
        "kommune": "Karmøy",
        "temaer": "bo-oppfølging; Bostedsløse",
        "dato": "2026-05-02",
        "først_publisert": STAMP,
        "sist_oppdatert": STAMP,
        "ingress": "Slik fikk vi det til.",
    }
    assert rows[practice.pk]["sidetype"] == "godt eksempel"
    assert rows[practice.pk]["kommune"] == "Bergen"
    assert rows[practice.pk]["temaer"] is None
    assert rows[practice.pk]["ingress"] is None
    assert rows[talk.pk]["sidetype"] == "presentasjon"
    assert rows[talk.pk]["kommunenummer"] is None
    assert rows[talk.pk]["tittel"] == '=Startlån, "for alle"'
    text = json.dumps(data, ensure_ascii=False)
    assert "Bare for innloggede" not in text
    assert "Et utkast" not in text

    response, content = get_csv(client, "/apne-data/praksiser.csv")
    assert response["Content-Disposition"] == 'attachment; filename="praksiser.csv"'
    assert "Bare for innloggede" not in content
    # Quoted as RFC 4180 quotes, not altered as a spreadsheet export would.
    assert '"=Startlån, ""for alle"""' in content


@pytest.mark.clock
def test_a_page_of_a_municipality_that_is_not_public_names_none(
    client, frozen, municipality_index, experience_index
):
    hidden = MunicipalityPageFactory(
        parent=municipality_index, title="Skjult", municipality_number="0301"
    )
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.LOGIN
    )
    page = ExperienceArticlePageFactory(parent=experience_index, municipality=hidden)
    data = get_json(client, "/apne-data/praksiser.json")
    assert [(row["id"], row["kommune"]) for row in data["rader"]] == [(page.pk, None)]
    assert "Skjult" not in json.dumps(data, ensure_ascii=False)


def test_every_library_row_fits_its_schema(client, library):
    schema = get_json(client, "/apne-data/praksiser.schema.json")
    assert schema["primaryKey"] == ["id"]
    rows = read_csv(get_csv(client, "/apne-data/praksiser.csv")[1])
    data = get_json(client, "/apne-data/praksiser.json")
    assert len(rows) == 4
    assert_rows_fit(schema, rows[0], rows[1:], data["rader"])


def test_an_unknown_dataset_is_not_found(client, home_page):
    assert client.get("/apne-data/deltakere.csv").status_code == 404
    assert client.get("/apne-data/resultater.xml").status_code == 404


# Cost and caching ----------------------------------------------------------------------


def queries_for(client, url):
    """The queries of a request with an empty cache (after one that filled the
    process's own caches, such as content types)."""
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url", ["/apne-data/praksiser.csv", "/apne-data/resultater.json", "/apne-data/"]
)
def test_the_cost_does_not_grow_with_the_rows(
    client,
    library,
    figures,
    karmoy,
    bergen,
    bodo,
    types,  # noqa: F811
    url,
    django_assert_num_queries,
):
    few = queries_for(client, url)
    for number in range(4):
        ExperienceArticlePageFactory(parent=bergen, tags=[f"Tema {number}"])
        GoodPracticePageFactory(parent=karmoy, tags=["Rus"])
        PresentationPageFactory(parent=bergen)
    results_page(bodo, [(types["bostedslose-bosatt"], 2017, 3, 5)])
    cache.clear()
    with django_assert_num_queries(few):
        assert client.get(url).status_code == 200


def test_the_files_are_kept_until_something_is_published(client, library, karmoy):
    get_csv(client, "/apne-data/praksiser.csv")
    with CaptureQueriesContext(connection) as queries:
        get_csv(client, "/apne-data/praksiser.csv")
    assert not [query for query in queries if "learning_" in query["sql"]]
    ExperienceArticlePageFactory(parent=karmoy, title="Nyss publisert")
    assert "Nyss publisert" in get_csv(client, "/apne-data/praksiser.csv")[1]


# The page --------------------------------------------------------------------------------


@pytest.mark.clock
def test_the_open_data_page_lists_each_dataset_in_bokmal(client, library, figures):
    response = client.get("/apne-data/")
    assert response.status_code == 200
    content = response.content.decode()
    assert '<h1 class="ds-heading" data-size="lg">Åpne data</h1>' in content
    for slug in ("resultater", "praksiser"):
        for name in (f"{slug}.csv", f"{slug}.json", f"{slug}.schema.json"):
            assert f'href="/apne-data/{name}"' in content
    assert f'<a class="ds-link" href="{NLOD}" rel="license">' in content
    assert "Norsk lisens for offentlige data (NLOD) 2.0" in content
    assert (
        '<time datetime="2027-03-01T12:30:15+0100">1. mars 2027 kl. 12.30</time>'
        in content
    )
    assert "<dt>Rader</dt>\n    <dd>3</dd>" in content  # the three public pages
    assert 'href="/apne-data/katalog.jsonld"' in content
    assert 'href="/api/v2/openapi.json"' in content
    assert_valid_html({"apne-data": content})


def test_the_footer_leads_to_the_open_data(client, home_page):
    content = client.get("/").content.decode()
    assert '<a class="ds-link" href="/apne-data/">Åpne data</a>' in content


# The catalogue (DCAT-AP-NO) ----------------------------------------------------------------

CATALOGUE_MANDATORY = """
ASK {
  ?catalogue a dcat:Catalog ;
    dct:title ?title ; dct:description ?description ; dct:identifier ?identifier ;
    dct:publisher ?publisher ; dcat:dataset ?dataset .
  ?publisher foaf:name ?name .
  FILTER (isIRI(?publisher) && lang(?title) = "nb" && lang(?description) = "nb")
}
"""
DATASET_MISSING = """
SELECT ?dataset WHERE {
  ?dataset a dcat:Dataset .
  FILTER NOT EXISTS {
    ?dataset dct:title ?title ; dct:description ?description ;
      dct:identifier ?identifier ; dct:publisher ?publisher ; dcat:theme ?theme ;
      dcat:keyword ?keyword ; dcat:contactPoint ?contact ; dct:modified ?modified ;
      dcat:distribution ?distribution .
    ?contact a vcard:Organization .
    FILTER (isIRI(?publisher) && isIRI(?theme) && lang(?title) = "nb"
            && STRSTARTS(STR(?theme), "EU_data-theme/"))
  }
}
""".replace("EU_", EU)
DISTRIBUTION_MISSING = """
SELECT ?distribution WHERE {
  ?dataset dcat:distribution ?distribution .
  FILTER NOT EXISTS {
    ?distribution a dcat:Distribution ; dcat:accessURL ?access ;
      dcat:downloadURL ?download ; dct:format ?format ; dct:license ?licence ;
      dct:conformsTo ?schema .
    ?schema dct:title ?schemaTitle .
    FILTER (isIRI(?access) && isIRI(?format) && isIRI(?schema)
            && STRSTARTS(STR(?format), "EU_file-type/"))
  }
}
""".replace("EU_", EU)
NAMESPACES = {"dcat": DCAT, "dct": DCTERMS, "foaf": FOAF, "vcard": VCARD}


def catalogue_graph(client):
    response = client.get("/apne-data/katalog.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    data = response.json()
    assert isinstance(data["@context"], dict)  # inline: parsed without the network
    return Graph().parse(data=response.content.decode(), format="json-ld")


@pytest.mark.clock
def test_the_catalogue_has_what_dcat_ap_no_requires(client, library, figures):
    graph = catalogue_graph(client)
    assert graph.query(CATALOGUE_MANDATORY, initNs=NAMESPACES).askAnswer
    assert list(graph.query(DATASET_MISSING, initNs=NAMESPACES)) == []
    assert list(graph.query(DISTRIBUTION_MISSING, initNs=NAMESPACES)) == []
    datasets = set(graph.subjects(A, DCAT.Dataset))
    assert datasets == {
        URIRef(f"{BASE}/apne-data/#resultater"),
        URIRef(f"{BASE}/apne-data/#praksiser"),
    }
    distributions = set(graph.subjects(A, DCAT.Distribution))
    assert len(distributions) == 4
    for dataset in datasets:
        assert graph.value(dataset, DCTERMS.modified) == Literal(
            STAMP, datatype=XSD.dateTime
        )


def test_the_catalogue_leads_to_the_real_files_under_nlod(client, library, figures):
    graph = catalogue_graph(client)
    for distribution in graph.subjects(A, DCAT.Distribution):
        assert graph.value(distribution, DCTERMS.license) == URIRef(NLOD)
        download = str(graph.value(distribution, DCAT.downloadURL))
        assert download.startswith(BASE)
        response = client.get(download.removeprefix(BASE))
        assert response.status_code == 200
        media_type = str(graph.value(distribution, DCAT.mediaType)).rsplit(
            "media-types/", 1
        )[1]
        assert response["Content-Type"].split(";")[0] == media_type
        file_type = str(graph.value(distribution, DCTERMS["format"])).rsplit("/", 1)[1]
        assert download.upper().endswith("." + file_type)
        schema = str(graph.value(distribution, DCTERMS.conformsTo))
        fields = client.get(schema.removeprefix(BASE)).json()["fields"]
        if file_type == "CSV":
            header = read_csv(response.content.decode())[0]
        else:
            header = list(response.json()["rader"][0])
        assert header == [field["name"] for field in fields]


def test_the_catalogue_names_the_publisher_and_the_api(client, library, settings):
    from wagtail.models import Site

    from portal.models import SiteSettings

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.contact_email = "post@husbanken.no"
    site_settings.save()
    settings.ORGANISATION_NUMBER = "123456785"
    graph = catalogue_graph(client)
    catalogue = next(graph.subjects(A, DCAT.Catalog))
    publisher = graph.value(catalogue, DCTERMS.publisher)
    assert publisher == URIRef(open_data.BRREG + "123456785")
    assert graph.value(publisher, DCTERMS.identifier) == Literal("123456785")
    assert graph.value(publisher, FOAF.name) == Literal("Husbanken", lang="nb")
    for dataset in graph.subjects(A, DCAT.Dataset):
        assert graph.value(dataset, DCTERMS.publisher) == publisher
        contact = graph.value(dataset, DCAT.contactPoint)
        assert graph.value(contact, VCARD.hasEmail) == URIRef(
            "mailto:post@husbanken.no"
        )
    service = graph.value(catalogue, DCAT.service)
    assert graph.value(service, DCAT.endpointURL) == URIRef(f"{BASE}/api/v2/")
    assert graph.value(service, DCAT.endpointDescription) == URIRef(
        f"{BASE}/api/v2/openapi.json"
    )


def test_without_an_organisation_number_the_publisher_has_an_address_here(
    client, home_page, settings
):
    settings.ORGANISATION_NUMBER = ""
    graph = catalogue_graph(client)
    catalogue = next(graph.subjects(A, DCAT.Catalog))
    publisher = graph.value(catalogue, DCTERMS.publisher)
    assert publisher == URIRef(f"{BASE}/apne-data/#utgiver")
    assert graph.value(publisher, DCTERMS.identifier) is None
    # No data yet: datasets without a time of change, and still every one described.
    assert len(set(graph.subjects(A, DCAT.Dataset))) == 2

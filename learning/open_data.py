"""The programme's open data: tables anyone may reuse, their schemas and a description
a national data catalogue can harvest.

Norwegian state bodies make their data available for reuse, here under the Norwegian
Licence for Open Government Data (NLOD 2.0). Two datasets:

- ``resultater``: every approved figure per municipality, outcome type and year, the
  very rows /resultater/ sums and exports (``learning.results.programme_rows``);
- ``praksiser``: the practice library's metadata: the live experience articles, good
  practices and presentations that anyone may see (``portal.public_pages``), with their
  address, type, municipality, themes, dates and intro.

Each is built in a fixed number of queries whatever its size, kept under the content
version (a publish retires it, ``portal.content_version``) and served at a stable
address as CSV (RFC 4180: UTF-8 without a byte-order mark, commas, CRLF, a header row),
as JSON, and with a Frictionless Table Schema whose fields are the columns. Values are
written as they are: unlike the spreadsheets made for people (``portal.spreadsheets``),
no cell is altered against spreadsheet formulas, so that the CSV, the JSON and the site
say the same.

``catalogue`` describes both in DCAT-AP-NO (JSON-LD with its context inline): the
catalogue, each dataset with its distributions, and the public API as a data service.
"""

import csv
import datetime
import io
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop

from learning import results
from learning.models import ExperienceArticlePage, GoodPracticePage, PresentationPage
from learning.models.base import with_themes
from portal import content_version, public_pages
from portal.site_root import absolute_url

LICENCE = "https://data.norge.no/nlod/no/2.0"
# The texts the open-data page shows are marked with ``gettext_noop`` and translated
# there (``{% translate %}``): the files, schemas and catalogue stay in bokmål.
LICENCE_NAME = gettext_noop("Norsk lisens for offentlige data (NLOD) 2.0")
TABLE_SCHEMA_PROFILE = "https://specs.frictionlessdata.io/schemas/table-schema.json"
CACHE_SECONDS = 24 * 3600

# Controlled vocabularies DCAT-AP-NO asks for.
EU = "http://publications.europa.eu/resource/authority/"
DATA_THEME = EU + "data-theme/"
FILE_TYPE = EU + "file-type/"
IANA = "https://www.iana.org/assignments/media-types/"
BRREG = "https://data.brreg.no/enhetsregisteret/api/enheter/"

# The practice library's page types, and what the dataset calls them.
PAGE_TYPES = (
    (ExperienceArticlePage, "erfaringsartikkel"),
    (GoodPracticePage, "godt eksempel"),
    (PresentationPage, "presentasjon"),
)


@dataclass(frozen=True)
class Column:
    """One column of a dataset, as its Table Schema field describes it."""

    name: str
    type: str
    title: str
    description: str
    required: bool = False
    format: str = ""
    constraints: dict = field(default_factory=dict)
    true_values: tuple = ()
    false_values: tuple = ()

    def as_field(self):
        spec = {
            "name": self.name,
            "type": self.type,
            "title": self.title,
            "description": self.description,
        }
        if self.format:
            spec["format"] = self.format
        if self.true_values:
            spec["trueValues"] = list(self.true_values)
            spec["falseValues"] = list(self.false_values)
        constraints = dict(self.constraints)
        if self.required:
            constraints["required"] = True
        if constraints:
            spec["constraints"] = constraints
        return spec

    def text(self, value):
        """The value as a CSV cell: an empty cell for none."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return self.true_values[0] if value else self.false_values[0]
        return _plain(value)


@dataclass(frozen=True)
class Table:
    """A dataset's rows (``{column name: value}``) and when its data last changed."""

    rows: list
    modified: datetime.datetime | None


@dataclass(frozen=True)
class Dataset:
    """An open dataset: what it is, its columns, and how its rows are read."""

    slug: str
    title: str
    description: str
    keywords: tuple
    themes: tuple
    columns: tuple
    build: object
    primary_key: tuple = ()

    def table(self):
        """The rows, kept under the content version."""
        return content_version.cached(
            ("open-data", self.slug), self.build, CACHE_SECONDS
        )

    def schema(self):
        """The Frictionless Table Schema of the rows."""
        schema = {
            "$schema": TABLE_SCHEMA_PROFILE,
            "title": self.title,
            "description": self.description,
            "fields": [column.as_field() for column in self.columns],
            "missingValues": [""],
        }
        if self.primary_key:
            schema["primaryKey"] = list(self.primary_key)
        return schema

    def csv_rows(self, table):
        yield [column.name for column in self.columns]
        for row in table.rows:
            yield [column.text(row[column.name]) for column in self.columns]

    def as_csv(self, table):
        """RFC 4180: a header row, commas, CRLF, quotes only where needed."""
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(self.csv_rows(table))
        return buffer.getvalue()

    def as_json(self, table):
        return {
            "datasett": self.slug,
            "tittel": self.title,
            "lisens": LICENCE,
            "skjema": self.url("schema"),
            "oppdatert": _plain(table.modified),
            "antall": len(table.rows),
            "rader": [
                {column.name: _plain(row[column.name]) for column in self.columns}
                for row in table.rows
            ],
        }

    def identifier(self):
        """Its IRI: its section of the open-data page."""
        return absolute_url(reverse("open_data") + f"#{self.slug}")

    def url(self, kind):
        """The public address of its ``csv``, ``json`` or ``schema``."""
        return absolute_url(reverse(f"open_data_{kind}", args=[self.slug]))


def _plain(value):
    """A value as JSON and CSV write it: times in UTC to the second, dates ISO."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


# The results --------------------------------------------------------------------------


def results_table():
    """The approved figures as /resultater/ selects them, one row per figure.

    In bokmål whatever the reader's language: the files are the same for everyone
    (and kept under one key), their texts as the schema and catalogue describe them.
    """
    with translation.override(settings.LANGUAGE_CODE):
        figures = results.programme_rows()
    rows = []
    for values in figures:
        row = dict(zip(results.EXPORT_COLUMNS, values, strict=True))
        row["region"] = row["region"] or None
        row["eksempeldata"] = row["eksempeldata"] == "ja"
        rows.append(row)
    modified = results.approved_figures().aggregate(
        latest=Max("page__last_published_at")
    )["latest"]
    return Table(rows=rows, modified=modified)


MUNICIPALITY_NUMBER = {"pattern": "^[0-9]{4}$"}
COUNT = {"minimum": 0}

RESULTS = Dataset(
    slug="resultater",
    title=gettext_noop("Resultater for folk i programkommunene"),
    description=gettext_noop(
        "Tallene programkommunene har lagt inn for folk som har fått bolig og "
        "oppfølging, per kommune, resultattype og år, med kommunens mål. Bare tall "
        "Husbanken har godkjent er med."
    ),
    keywords=("bostedsløse", "boligsosialt arbeid", "kommuner", "resultater"),
    themes=("SOCI", "REGI"),
    columns=(
        Column(
            "kommune",
            "string",
            "Kommune",
            gettext_noop("Kommunens navn."),
            required=True,
        ),
        Column(
            "kommunenummer",
            "string",
            "Kommunenummer",
            gettext_noop("Kommunenummeret, fire sifre."),
            required=True,
            constraints=MUNICIPALITY_NUMBER,
        ),
        Column(
            "region",
            "string",
            "Region",
            gettext_noop("Husbankens region, om kommunen har en."),
        ),
        Column(
            "resultattype",
            "string",
            "Resultattype",
            gettext_noop("Hva som telles, slik det er definert for alle kommunene."),
            required=True,
        ),
        Column(
            "enhet",
            "string",
            "Enhet",
            gettext_noop("Hva tallet teller, for eksempel personer."),
            required=True,
        ),
        Column(
            "år",
            "integer",
            "År",
            gettext_noop("Året tallet gjelder."),
            required=True,
            constraints={"minimum": 2000, "maximum": 2100},
        ),
        Column(
            "antall",
            "integer",
            "Antall",
            gettext_noop(
                "Det som faktisk skjedde det året. Tomt når tallet ikke er kjent."
            ),
            constraints=COUNT,
        ),
        Column(
            "mål",
            "integer",
            "Mål",
            gettext_noop(
                "Kommunens eget mål for året. Tomt når kommunen ikke har satt et."
            ),
            constraints=COUNT,
        ),
        Column(
            "eksempeldata",
            "boolean",
            "Eksempeldata",
            gettext_noop("«ja» når tallene er eksempler og ikke kommunens egne."),
            required=True,
            true_values=("ja",),
            false_values=("nei",),
        ),
    ),
    build=results_table,
)


# The practice library -----------------------------------------------------------------


def _is_public(page, restricted):
    return page.live and not page.path.startswith(tuple(restricted))


def practices_table():
    """The live, public knowledge pages: two queries for each page type."""
    restricted = public_pages.restricted_roots()
    rows = []
    for model, kind in PAGE_TYPES:
        pages = (
            public_pages.live_public(model)
            .defer_streamfields()
            .select_related("municipality")
            .order_by("pk")
        )
        for page in with_themes(pages):
            url = page.get_url()
            if url is None:  # outside every site: no address to give
                continue
            municipality = page.municipality
            if municipality is not None and not _is_public(municipality, restricted):
                municipality = None
            rows.append(
                {
                    "id": page.pk,
                    "tittel": page.title,
                    "adresse": absolute_url(url),
                    "sidetype": kind,
                    "kommunenummer": municipality.municipality_number
                    if municipality
                    else None,
                    "kommune": municipality.title if municipality else None,
                    "temaer": "; ".join(tag.name for tag in page.themes) or None,
                    "dato": page.date,
                    "først_publisert": page.first_published_at,
                    "sist_oppdatert": page.last_published_at,
                    "ingress": page.intro or None,
                }
            )
    rows.sort(key=lambda row: row["id"])
    modified = max(
        (row["sist_oppdatert"] for row in rows if row["sist_oppdatert"]), default=None
    )
    return Table(rows=rows, modified=modified)


PRACTICES = Dataset(
    slug="praksiser",
    title=gettext_noop(
        "Praksisbiblioteket: erfaringer, gode eksempler og presentasjoner"
    ),
    description=gettext_noop(
        "Hva som er publisert i programmets kunnskapsbase: erfaringsartikler, gode "
        "eksempler og presentasjoner fra programkommunene og Husbanken, med adresse, "
        "kommune, temaer, datoer og ingress."
    ),
    keywords=("erfaringer", "gode eksempler", "presentasjoner", "boligsosialt arbeid"),
    themes=("SOCI", "GOVE"),
    columns=(
        Column(
            "id",
            "integer",
            "Id",
            gettext_noop(
                "Sidens nummer, det samme som i API-et (/api/v2/pages/<id>/)."
            ),
            required=True,
            constraints={"minimum": 1},
        ),
        Column(
            "tittel", "string", "Tittel", gettext_noop("Sidens tittel."), required=True
        ),
        Column(
            "adresse",
            "string",
            "Adresse",
            gettext_noop("Sidens adresse på nettstedet."),
            required=True,
            format="uri",
        ),
        Column(
            "sidetype",
            "string",
            "Sidetype",
            gettext_noop("Hva slags side det er."),
            required=True,
            constraints={"enum": [kind for _label, kind in PAGE_TYPES]},
        ),
        Column(
            "kommunenummer",
            "string",
            "Kommunenummer",
            gettext_noop(
                "Nummeret til kommunen siden hører til. Tomt for sider uten kommune."
            ),
            constraints=MUNICIPALITY_NUMBER,
        ),
        Column(
            "kommune", "string", "Kommune", gettext_noop("Kommunen siden hører til.")
        ),
        Column(
            "temaer",
            "string",
            "Temaer",
            gettext_noop(
                "Sidens temaer i alfabetisk rekkefølge, skilt med semikolon og mellomrom."
            ),
        ),
        Column(
            "dato",
            "date",
            "Dato",
            gettext_noop("Når erfaringen ble skrevet eller presentasjonen ble holdt."),
            required=True,
        ),
        Column(
            "først_publisert",
            "datetime",
            "Først publisert",
            gettext_noop("Når siden ble publisert første gang (UTC)."),
        ),
        Column(
            "sist_oppdatert",
            "datetime",
            "Sist oppdatert",
            gettext_noop("Når siden sist ble publisert (UTC)."),
        ),
        Column(
            "ingress",
            "string",
            "Ingress",
            gettext_noop("Sidens ingress, slik den står på siden."),
        ),
    ),
    build=practices_table,
    primary_key=("id",),
)

DATASETS = {dataset.slug: dataset for dataset in (RESULTS, PRACTICES)}


# The catalogue ------------------------------------------------------------------------

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

FORMATS = {
    "csv": ("CSV", "text/csv", "CSV (kommaseparert, UTF-8)"),
    "json": ("JSON", "application/json", "JSON"),
}


def _nb(text):
    return {"@value": text, "@language": "nb"}


def _iri(url):
    return {"@id": url}


def _moment(value):
    return {"@value": _plain(value), "@type": "xsd:dateTime"}


def publisher(organisation_name):
    """The publisher as DCAT-AP-NO wants it: the organisation's IRI in the Central
    Coordinating Register for Legal Entities when its number is configured
    (``ORGANISATION_NUMBER``), else an address on this site."""
    number = settings.ORGANISATION_NUMBER
    agent = {
        "@id": BRREG + number
        if number
        else absolute_url(reverse("open_data") + "#utgiver"),
        "@type": "foaf:Agent",
        "foaf:name": _nb(organisation_name),
    }
    if number:
        agent["dct:identifier"] = number
    return agent


def contact_point(site_settings):
    contact = {
        "@type": "vcard:Organization",
        "vcard:fn": _nb(site_settings.organisation_name),
        "vcard:hasURL": _iri(absolute_url("/")),
    }
    if site_settings.contact_email:
        contact["vcard:hasEmail"] = _iri(f"mailto:{site_settings.contact_email}")
    if site_settings.contact_phone:
        phone = "".join(site_settings.contact_phone.split())
        contact["vcard:hasTelephone"] = _iri(f"tel:{phone}")
    return contact


def distribution(dataset, kind):
    code, media_type, label = FORMATS[kind]
    return {
        "@id": f"{dataset.identifier()}-{kind}",
        "@type": "dcat:Distribution",
        "dct:title": _nb(f"{dataset.title} ({code})"),
        "dct:description": _nb(f"Alle radene som {label}, med lisens {LICENCE_NAME}."),
        "dcat:accessURL": _iri(dataset.url(kind)),
        "dcat:downloadURL": _iri(dataset.url(kind)),
        "dct:format": _iri(FILE_TYPE + code),
        "dcat:mediaType": _iri(IANA + media_type),
        "dct:license": _iri(LICENCE),
        "dct:conformsTo": {
            "@id": dataset.url("schema"),
            "@type": "dct:Standard",
            "dct:title": _nb(f"Tabellskjema: {dataset.title}"),
        },
    }


def dataset_description(dataset, table, agent, contact):
    identifier = dataset.identifier()
    described = {
        "@id": identifier,
        "@type": "dcat:Dataset",
        "dct:identifier": identifier,
        "dct:title": _nb(dataset.title),
        "dct:description": _nb(dataset.description),
        "dct:publisher": _iri(agent["@id"]),
        "dcat:contactPoint": contact,
        "dcat:theme": [_iri(DATA_THEME + theme) for theme in dataset.themes],
        "dcat:keyword": [_nb(keyword) for keyword in dataset.keywords],
        "dct:language": _iri(EU + "language/NOB"),
        "dct:spatial": _iri(EU + "country/NOR"),
        "dct:accessRights": _iri(EU + "access-right/PUBLIC"),
        "dct:accrualPeriodicity": _iri(EU + "frequency/UPDATE_CONT"),
        "dcat:landingPage": _iri(absolute_url(reverse("open_data"))),
        "dcat:distribution": [distribution(dataset, kind) for kind in FORMATS],
    }
    if table.modified:
        described["dct:modified"] = _moment(table.modified)
    return described


def catalogue(site_settings):
    """The DCAT-AP-NO description of the datasets and the API, as JSON-LD."""
    agent = publisher(site_settings.organisation_name)
    contact = contact_point(site_settings)
    tables = {slug: dataset.table() for slug, dataset in DATASETS.items()}
    page = absolute_url(reverse("open_data"))
    described = {
        "@context": CONTEXT,
        "@id": page,
        "@type": "dcat:Catalog",
        "dct:identifier": page,
        "dct:title": _nb("Åpne data fra Boligsosialt velferdsprogram"),
        "dct:description": _nb(
            "Programmets godkjente resultater per kommune og år, og metadata om "
            "erfaringer, gode eksempler og presentasjoner i kunnskapsbasen."
        ),
        "dct:publisher": agent,
        "dct:language": _iri(EU + "language/NOB"),
        "dct:license": _iri(LICENCE),
        "foaf:homepage": _iri(absolute_url("/")),
        "dcat:dataset": [
            dataset_description(dataset, tables[slug], agent, contact)
            for slug, dataset in DATASETS.items()
        ],
        "dcat:service": {
            "@id": absolute_url("/api/v2/"),
            "@type": "dcat:DataService",
            "dct:identifier": absolute_url("/api/v2/"),
            "dct:title": _nb("API for sidene, bildene og dokumentene på nettstedet"),
            "dct:description": _nb(
                "Les alle publiserte sider som JSON: erfaringer, gode eksempler, "
                "presentasjoner, samlinger og kommuner."
            ),
            "dct:publisher": _iri(agent["@id"]),
            "dcat:contactPoint": contact,
            "dcat:endpointURL": _iri(absolute_url("/api/v2/")),
            "dcat:endpointDescription": _iri(absolute_url(reverse("openapi"))),
            "dct:conformsTo": _iri("https://spec.openapis.org/oas/v3.1.0"),
        },
    }
    moments = [table.modified for table in tables.values() if table.modified]
    if moments:
        described["dct:modified"] = _moment(max(moments))
    return described


def as_json(data):
    return json.dumps(data, ensure_ascii=False, indent=2)

"""The import of Statistics Norway's JSON-stat 2.0 tables (learning.ssb, import_ssb).

The expected figures are read by hand off the files in tests/learning/data (README.md
there says what each file is; they are hand-written in the shape of SSB's answers). In
ssb_12262_sample.json the values run region by region (in index position order: EAK,
K-1149, 4601, 1804, EKG13, 3201), four years (2020–2023) each; in
ssb_12262_two_contents.json they run region by region (0, K-1149, 4601), then contents
code, then year (2021–2023). The PxWebApi v2 files: ssb_12262_kostra_v2.json runs EAK,
EAKUO, EKA11, EKG13, 0301, 4601, 1149, 1804, five years (2020–2024) each;
ssb_12367_kostra_accounts_v2.json runs region (EAK, EKG13, 0301, 4601, 1149), then
scope (A, B), function (265, 283), type (AGD10, AGD2) and year (2023, 2024);
ssb_01222_quarterly_v2.json runs region (0, 11, 0301, 4601, 1149), then births and the
population at the end of the quarter, ten quarters (2022K1–2024K2) each;
ssb_03723_monthly_v2.json runs region (0, 03, 11, 46), 15 months (2023M01–2024M03) each.
"""

import copy
import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse

from learning import ssb
from learning.models import StatisticsFigure, StatisticsTable
from portal.models import County
from tests.factories import MunicipalityPageFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "ssb_12262_sample.json"
TWO_CONTENTS = DATA / "ssb_12262_two_contents.json"
KOSTRA = DATA / "ssb_12262_kostra_v2.json"
ACCOUNTS = DATA / "ssb_12367_kostra_accounts_v2.json"
QUARTERLY = DATA / "ssb_01222_quarterly_v2.json"
MONTHLY = DATA / "ssb_03723_monthly_v2.json"
DEMO = Path(__file__).parents[2] / "learning" / "data" / "ssb_kostra_sample.json"

PER_1000 = "KOSTRA_KomDispBol1000"
WHEELCHAIR = "KOSTRA_AndelRullestol"
KOSTRA_CODE = "KOSkomdispbol1000"
ACCOUNTS_SELECT = {
    "KOKregnskapsomfa0000": "A",
    "KOKfunksjon0000": "265",
    "KOKart0000": "AGD2",
}
NOW = datetime.datetime(2025, 3, 1, 12, 0, tzinfo=datetime.UTC)
SKIPPED_EKG13 = (
    "Tabell 12262: hoppet over 1 samleregion (EKG13): uten --aggregates lagres bare "
    "kommuner og hele landet."
)


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def stored(table_id="12262"):
    return {
        (region, year): value
        for region, year, value in StatisticsFigure.objects.filter(
            table__table_id=table_id
        ).values_list("region", "year", "value")
    }


# Parsing


def test_parse_sample_title_unit_and_code():
    title, unit, code, figures = ssb.parse_jsonstat(load(SAMPLE))
    assert title == (
        "12262: Kommunalt disponerte boliger per 1000 innbyggere, "
        "etter region, statistikkvariabel og år"
    )
    assert unit == "per 1000 innbyggere"
    assert code == PER_1000
    # 5 storable regions x 4 years, less Karmøy's missing 2022.
    assert len(figures) == 19


def test_parse_picks_values_at_their_positions():
    _, _, _, figures = ssb.parse_jsonstat(load(SAMPLE))
    assert ("1149", 2023, Decimal("15.10")) in figures  # value[7]
    assert ("1149", 2020, Decimal("14.20")) in figures  # value[4]
    assert ("4601", 2020, Decimal("18.90")) in figures  # value[8]
    assert ("1804", 2022, Decimal("24.10")) in figures  # value[14]
    assert ("3201", 2021, Decimal("17.10")) in figures  # value[21]
    assert ("0", 2021, Decimal("20.30")) in figures  # value[1]
    assert ("0", 2023, Decimal("20.10")) in figures  # value[3]


def test_parse_skips_nulls_strips_k_and_maps_national():
    _, _, _, figures = ssb.parse_jsonstat(load(SAMPLE))
    keys = {(region, year) for region, year, _ in figures}
    assert ("1149", 2022) not in keys  # null
    assert {region for region, _ in keys} == {"0", "1149", "1804", "3201", "4601"}
    assert [(y, v) for r, y, v in figures if r == "1149"] == [
        (2020, Decimal("14.20")),
        (2021, Decimal("14.50")),
        (2023, Decimal("15.10")),
    ]
    assert [v for r, _, v in figures if r == "0"] == [
        Decimal("20.40"),
        Decimal("20.30"),
        Decimal("20.20"),
        Decimal("20.10"),
    ]


def test_parse_region_codes():
    assert ssb.normalise_region("K-3201") == "3201"
    assert ssb.normalise_region("3201") == "3201"
    assert ssb.normalise_region("0") == "0"
    assert ssb.normalise_region("EAK") == "0"
    # «Landet uten Oslo» is not the whole country: an aggregate, like counties.
    assert ssb.normalise_region("EAKUO") is None
    assert ssb.normalise_region("EKA11") is None
    assert ssb.normalise_region("K-0") == "0"
    assert ssb.normalise_region("EKG13") is None
    assert ssb.normalise_region("11") is None
    assert ssb.normalise_region("030101") is None


def test_parse_prefers_exact_national_code_over_eak():
    document = load(TWO_CONTENTS)
    document["dimension"]["Region"]["category"]["index"] = ["EAK", "0", "4601"]
    _, _, _, figures = ssb.parse_jsonstat(document, WHEELCHAIR)
    # "0" (second row) wins over "EAK" (first row) for the whole country; EAK only
    # fills the year "0" lacks.
    assert [(y, v) for r, y, v in figures if r == "0"] == [
        (2021, Decimal("38.00")),
        (2022, Decimal("48.10")),
        (2023, Decimal("41.20")),
    ]


def test_parse_list_index_and_chosen_contents_code():
    title, unit, code, figures = ssb.parse_jsonstat(load(TWO_CONTENTS), WHEELCHAIR)
    assert code == WHEELCHAIR
    assert unit == "prosent"
    assert title.endswith(
        ": Andel kommunalt disponerte boliger tilgjengelige for rullestolbrukere"
    )
    assert figures == [
        ("0", 2021, Decimal("47.50")),
        ("0", 2022, Decimal("48.10")),
        ("0", 2023, Decimal("48.90")),
        ("1149", 2021, Decimal("38.00")),
        ("1149", 2023, Decimal("41.20")),
        ("4601", 2021, Decimal("52.40")),
        ("4601", 2022, Decimal("53.00")),
        ("4601", 2023, Decimal("53.60")),
    ]
    _, unit, _, figures = ssb.parse_jsonstat(load(TWO_CONTENTS), PER_1000)
    assert unit == "per 1000 innbyggere"
    assert ("1149", 2022, Decimal("13.90")) in figures  # value[7]
    assert ("4601", 2023, Decimal("19.30")) in figures  # value[14]
    assert len(figures) == 9


def test_parse_several_contents_codes_need_a_choice():
    with pytest.raises(ValueError) as error:
        ssb.parse_jsonstat(load(TWO_CONTENTS))
    assert str(error.value) == (
        f"Tabellen har 2 statistikkvariabler ({PER_1000} og {WHEELCHAIR}); velg én "
        "med --contents-code."
    )
    with pytest.raises(ValueError, match="Tabellen har ingen statistikkvariabel NOPE"):
        ssb.parse_jsonstat(load(TWO_CONTENTS), "NOPE")


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda d: d.update({"class": "collection"}),
            "Dokumentet er ikke et JSON-stat 2.0-datasett.",
        ),
        (lambda d: d.pop("version"), "Dokumentet er ikke et JSON-stat 2.0-datasett."),
        (lambda d: d["dimension"].pop("Tid"), "Datasettet mangler dimensjonen Tid."),
        (lambda d: d.pop("dimension"), "Datasettet har ingen dimensjoner."),
        (
            lambda d: d["value"].pop(),
            "Datasettet har 23 verdier, men dimensjonene gir 24.",
        ),
        (
            lambda d: d.update({"size": [6, 1]}),
            "Datasettets «id» og «size» stemmer ikke overens.",
        ),
        (
            lambda d: d["value"].__setitem__(0, "x"),
            "Verdien for EAK 2020 er ikke et tall: 'x'.",
        ),
        (
            lambda d: d["dimension"]["Tid"]["category"].pop("index"),
            "Dimensjonen Tid har ingen kategoriindeks.",
        ),
        (
            lambda d: d["dimension"]["Tid"].pop("category"),
            "Dimensjonen Tid har ingen kategorier.",
        ),
        (
            lambda d: d["dimension"]["Tid"]["category"].update(index="2020"),
            "Dimensjonen Tid har en ugyldig kategoriindeks.",
        ),
        (
            lambda d: d["dimension"]["Tid"]["category"]["index"].update({"2021": 0}),
            "Dimensjonen Tid har en ugyldig plassering for kategorien",
        ),
        (
            lambda d: d.update({"size": [6, 1, 5]}),
            "Dimensjonen Tid har 4 kategorier, men størrelsen er 5.",
        ),
        (lambda d: d.pop("value"), "Datasettet har ingen verdier."),
        (
            lambda d: d.update({"value": {"x": 1}}),
            "Verdiene i datasettet har ugyldige plasseringer.",
        ),
        (
            lambda d: d["value"].__setitem__(1, float("inf")),
            "Verdien for EAK 2021 er ikke et endelig tall.",
        ),
        (
            lambda d: d["value"].__setitem__(1, "1e15"),
            "Verdien for EAK 2021 er for stor til å lagres",
        ),
        (lambda d: d.update({"id": 7}), "Datasettets «id» og «size» stemmer ikke"),
    ],
)
def test_parse_rejects_broken_documents(change, message):
    document = load(SAMPLE)
    change(document)
    with pytest.raises(ValueError) as error:
        ssb.parse_jsonstat(document)
    assert str(error.value).startswith(message)


def test_parse_rejects_what_is_not_a_json_object():
    with pytest.raises(ValueError, match="^Dokumentet er ikke et JSON-objekt.$"):
        ssb.parse_jsonstat([])


def rename(document, old, new):
    document["id"][document["id"].index(old)] = new
    document["dimension"][new] = document["dimension"].pop(old)
    for names in (document.get("role") or {}).values():
        if old in names:
            names.remove(old)
    return document


def test_parse_rejects_missing_region_dimension():
    document = rename(load(TWO_CONTENTS), "Region", "Bydel")
    with pytest.raises(ValueError) as error:
        ssb.parse_jsonstat(document, PER_1000)
    assert str(error.value) == (
        "Fant ikke regiondimensjonen: tabellen har dimensjonene Bydel (region), "
        "ContentsCode (statistikkvariabel) og Tid (år). Importen kjenner den på "
        "rollen «geo» eller navnet Region, KOKkommuneregion0000, Kommune eller "
        "KOKkommuneregion…."
    )


def test_parse_accepts_a_region_dimension_named_kommune():
    document = rename(load(TWO_CONTENTS), "Region", "Kommune")
    assert len(ssb.parse_jsonstat(document, PER_1000)[3]) == 9


def test_parse_rejects_mixed_time_codes():
    document = load(TWO_CONTENTS)
    document["dimension"]["Tid"]["category"]["index"] = ["2021M01", "2022", "2023"]
    with pytest.raises(
        ValueError,
        match="Tidsdimensjonen Tid blander måneder og år; importen leser én inndeling",
    ):
        ssb.parse_jsonstat(document, PER_1000)


def test_parse_rejects_time_codes_that_are_no_period():
    document = load(TWO_CONTENTS)
    document["dimension"]["Tid"]["category"]["index"] = ["2021", "2022H1", "2023"]
    with pytest.raises(ValueError) as error:
        ssb.parse_jsonstat(document, PER_1000)
    assert str(error.value) == (
        "Tidskoden 2022H1 er verken et år (2023), et kvartal (2023K1) eller en "
        "måned (2023M01)."
    )


# Importing


def test_import_creates_table_and_figures():
    result = ssb.import_table(
        "12262", load(SAMPLE), "https://www.ssb.no/statbank/table/12262", now=NOW
    )
    assert result == (19, 0, 0)
    table = StatisticsTable.objects.get(table_id="12262")
    assert table.contents_code == PER_1000
    assert table.unit == "per 1000 innbyggere"
    assert table.title.startswith("12262: Kommunalt disponerte boliger per 1000")
    assert table.source_url == "https://www.ssb.no/statbank/table/12262"
    assert table.imported_at == NOW
    figures = stored()
    assert len(figures) == 19
    assert figures[("1149", 2023)] == Decimal("15.10")
    assert figures[("0", 2020)] == Decimal("20.40")
    assert figures[("1804", 2021)] == Decimal("24.30")
    assert ("1149", 2022) not in figures


def test_import_twice_is_idempotent():
    url = "https://www.ssb.no/statbank/table/12262"
    assert ssb.import_table("12262", load(SAMPLE), url, now=NOW) == (19, 0, 0)
    before = list(
        StatisticsFigure.objects.order_by("pk").values_list(
            "pk", "region", "year", "value"
        )
    )
    later = NOW + datetime.timedelta(days=1)
    assert ssb.import_table("12262", load(SAMPLE), url, now=later) == (0, 0, 19)
    after = list(
        StatisticsFigure.objects.order_by("pk").values_list(
            "pk", "region", "year", "value"
        )
    )
    assert after == before
    assert StatisticsTable.objects.count() == 1
    assert StatisticsTable.objects.get().imported_at == later


def test_import_updates_a_changed_value():
    url = "https://www.ssb.no/statbank/table/12262"
    ssb.import_table("12262", load(SAMPLE), url)
    revised = copy.deepcopy(load(SAMPLE))
    revised["value"][8] = 19.5  # Bergen 2020, was 18.9
    revised["value"][6] = 14.8  # Karmøy 2022, was null
    assert ssb.import_table("12262", revised, url) == (1, 1, 18)
    figures = stored()
    assert figures[("4601", 2020)] == Decimal("19.50")
    assert figures[("1149", 2022)] == Decimal("14.80")
    assert figures[("4601", 2021)] == Decimal("19.00")
    assert len(figures) == 20


def test_import_keeps_only_given_regions_and_national():
    result = ssb.import_table(
        "12262",
        load(SAMPLE),
        "https://www.ssb.no/statbank/table/12262",
        regions={"4601"},
    )
    assert result == (8, 0, 0)
    figures = stored()
    assert {region for region, _ in figures} == {"0", "4601"}
    assert figures[("4601", 2023)] == Decimal("19.30")
    assert figures[("0", 2023)] == Decimal("20.10")


def test_import_of_another_contents_code_replaces_the_figures():
    url = "https://www.ssb.no/statbank/table/12262"
    assert ssb.import_table("12262", load(TWO_CONTENTS), url, PER_1000) == (9, 0, 0)
    assert ssb.import_table("12262", load(TWO_CONTENTS), url, WHEELCHAIR) == (8, 0, 0)
    table = StatisticsTable.objects.get(table_id="12262")
    assert table.contents_code == WHEELCHAIR
    assert table.unit == "prosent"
    figures = stored()
    assert len(figures) == 8
    assert figures[("4601", 2021)] == Decimal("52.40")
    assert ("1149", 2022) not in figures


def test_import_of_a_broken_document_changes_nothing():
    document = load(SAMPLE)
    document["value"][23] = "x"
    with pytest.raises(ValueError, match="Verdien for 3201 2023 er ikke et tall"):
        ssb.import_table("12262", document, "https://www.ssb.no/statbank/table/12262")
    assert StatisticsTable.objects.count() == 0
    assert StatisticsFigure.objects.count() == 0


def test_demo_sample_is_importable_example_data():
    title, unit, code, figures = ssb.parse_jsonstat(load(DEMO))
    assert "12262" in title and "eksempeldata" in title
    assert unit == "per 1000 innbyggere"
    assert code == PER_1000
    assert ("1149", 2023, Decimal("15.10")) in figures
    assert len(figures) == 19


# Fetching (no network: urlopen is replaced)


class Answer(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def answering(monkeypatch, body):
    """urlopen answering ``body`` to every request; returns the requests made."""
    calls = []

    def urlopen(request, timeout):
        calls.append((request, timeout))
        return Answer(body)

    monkeypatch.setattr(ssb.urllib.request, "urlopen", urlopen)
    return calls


def test_fetch_posts_a_v2_query_for_json_stat2(monkeypatch):
    calls = answering(monkeypatch, KOSTRA.read_bytes())
    query = {"selection": [{"variableCode": "Tid", "valueCodes": ["*"]}]}
    document = ssb.fetch("12262", query)
    assert document["size"] == [8, 1, 5]
    [(request, timeout)] = calls
    assert request.full_url == (
        "https://data.ssb.no/api/pxwebapi/v2/tables/12262/data"
        "?lang=no&outputFormat=json-stat2"
    )
    assert request.get_method() == "POST"
    assert request.get_header("Content-type") == "application/json"
    assert timeout == 30
    assert json.loads(request.data) == query


def test_fetch_metadata_gets_the_tables_dimensions(monkeypatch):
    calls = answering(monkeypatch, ACCOUNTS.read_bytes())
    assert ssb.fetch_metadata("12367")["id"][2] == "KOKfunksjon0000"
    [(request, timeout)] = calls
    assert request.full_url == (
        "https://data.ssb.no/api/pxwebapi/v2/tables/12367/metadata"
        "?lang=no&outputFormat=json-stat2"
    )
    assert request.get_method() == "GET"
    assert request.data is None
    assert timeout == 30


def test_fetch_reads_no_more_than_the_cap(monkeypatch):
    answering(monkeypatch, b'{"note": "' + b"x" * (5 * 1024 * 1024) + b'"}')
    with pytest.raises(ValueError, match="Dokumentet er større enn 5 MB"):
        ssb.fetch("12262", {"selection": []})


def test_fetch_rejects_odd_table_ids():
    with pytest.raises(ValueError, match="Invalid SSB table id"):
        ssb.fetch("../12262", {"selection": []})
    with pytest.raises(ValueError, match="Invalid SSB table id"):
        ssb.fetch_metadata("12262/../x")


def test_data_query_names_the_tables_own_dimensions():
    assert ssb.data_query(load(KOSTRA), KOSTRA_CODE) == {
        "selection": [
            {"variableCode": "KOKkommuneregion0000", "valueCodes": ["*"]},
            {"variableCode": "ContentsCode", "valueCodes": [KOSTRA_CODE]},
            {"variableCode": "Tid", "valueCodes": ["*"]},
        ]
    }
    assert ssb.data_query(load(ACCOUNTS), select=ACCOUNTS_SELECT) == {
        "selection": [
            {"variableCode": "KOKkommuneregion0000", "valueCodes": ["*"]},
            {"variableCode": "ContentsCode", "valueCodes": ["*"]},
            {"variableCode": "Tid", "valueCodes": ["*"]},
            {"variableCode": "KOKregnskapsomfa0000", "valueCodes": ["A"]},
            {"variableCode": "KOKfunksjon0000", "valueCodes": ["265"]},
            {"variableCode": "KOKart0000", "valueCodes": ["AGD2"]},
        ]
    }


def test_data_query_refuses_before_asking_for_figures():
    with pytest.raises(ValueError, match="Tabellen har flere kategorier i"):
        ssb.data_query(load(ACCOUNTS))
    with pytest.raises(ValueError, match="Tabellen har ingen statistikkvariabel X"):
        ssb.data_query(load(KOSTRA), "X")


# The management command


def test_command_imports_from_file():
    out = io.StringIO()
    call_command("import_ssb", "12262", file=str(SAMPLE), stdout=out)
    assert out.getvalue() == (
        f"{SKIPPED_EKG13}\nTabell 12262: 19 nye, 0 endret, 0 uendret.\n"
    )
    table = StatisticsTable.objects.get(table_id="12262")
    assert table.source_url == "https://www.ssb.no/statbank/table/12262"
    assert table.figures.count() == 19
    out = io.StringIO()
    call_command("import_ssb", "12262", "--file", str(SAMPLE), stdout=out)
    assert out.getvalue().endswith("\nTabell 12262: 0 nye, 0 endret, 19 uendret.\n")


def test_command_with_contents_code():
    out = io.StringIO()
    call_command(
        "import_ssb",
        "12262",
        file=str(TWO_CONTENTS),
        contents_code=WHEELCHAIR,
        stdout=out,
    )
    assert out.getvalue() == "Tabell 12262: 8 nye, 0 endret, 0 uendret.\n"
    assert stored()[("1149", 2023)] == Decimal("41.20")


def test_command_fetches_all_regions_and_years_without_file(monkeypatch):
    asked = []

    def fetch_metadata(table_id):
        asked.append(("metadata", table_id))
        return load(ACCOUNTS)

    def fetch(table_id, query):
        asked.append((table_id, query))
        return load(ACCOUNTS)

    monkeypatch.setattr(ssb, "fetch_metadata", fetch_metadata)
    monkeypatch.setattr(ssb, "fetch", fetch)
    out = io.StringIO()
    call_command(
        "import_ssb",
        "12367",
        "--select",
        "KOKregnskapsomfa0000=A",
        "--select",
        "KOKfunksjon0000=265",
        "--select",
        "KOKart0000=AGD2",
        stdout=out,
    )
    assert out.getvalue().endswith("Tabell 12367: 8 nye, 0 endret, 0 uendret.\n")
    assert asked == [
        ("metadata", "12367"),
        ("12367", ssb.data_query(load(ACCOUNTS), select=ACCOUNTS_SELECT)),
    ]
    assert stored("12367")[("4601", 2024)] == Decimal("139650.00")


def test_command_refuses_a_table_it_cannot_read_before_fetching_figures(
    monkeypatch,
):
    asked = []
    monkeypatch.setattr(ssb, "fetch_metadata", lambda table_id: load(ACCOUNTS))
    monkeypatch.setattr(ssb, "fetch", lambda *args: asked.append(args))
    with pytest.raises(
        CommandError,
        match="Kan ikke importere tabell 12367: Tabellen har flere kategorier i",
    ):
        call_command("import_ssb", "12367", stdout=io.StringIO())
    assert asked == []


def test_command_missing_file(tmp_path):
    missing = tmp_path / "nothing.json"
    with pytest.raises(CommandError, match="Finner ikke filen .*nothing.json"):
        call_command("import_ssb", "12262", file=str(missing))
    assert StatisticsTable.objects.count() == 0


def test_command_broken_json(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"version": "2.0", "class": ', encoding="utf-8")
    with pytest.raises(CommandError, match="broken.json er ikke gyldig JSON"):
        call_command("import_ssb", "12262", file=str(broken))
    assert StatisticsTable.objects.count() == 0


def test_command_refuses_a_document_nested_too_deeply(tmp_path):
    nested = tmp_path / "nested.json"
    nested.write_text('{"version": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(
        CommandError, match="nested.json: Dokumentet er nestet for dypt"
    ):
        call_command("import_ssb", "12262", file=str(nested))
    assert StatisticsTable.objects.count() == 0


def test_command_refuses_a_document_too_large(tmp_path):
    # A valid dataset padded past the cap: the pentest's 27.6 MB took 354 s and 3.6 GB.
    document = load(SAMPLE)
    document["note"].append("x" * (5 * 1024 * 1024))
    large = tmp_path / "large.json"
    large.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(
        CommandError, match="large.json: Dokumentet er større enn 5 MB, grensen for"
    ):
        call_command("import_ssb", "12262", file=str(large))
    assert StatisticsTable.objects.count() == 0


def test_command_parse_error(tmp_path):
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"version": "2.0", "class": "collection"}', encoding="utf-8")
    with pytest.raises(
        CommandError,
        match="Kan ikke importere tabell 12262: Dokumentet er ikke et JSON-stat 2.0-datasett",
    ):
        call_command("import_ssb", "12262", file=str(wrong))
    with pytest.raises(CommandError, match="Tabellen har 2 statistikkvariabler"):
        call_command("import_ssb", "12262", file=str(TWO_CONTENTS))
    assert StatisticsTable.objects.count() == 0


def test_command_programme_only(municipality_index):
    MunicipalityPageFactory(
        parent=municipality_index,
        title="Karmøy",
        slug="karmoy",
        municipality_number="1149",
        county=County.ROGALAND,
    )
    MunicipalityPageFactory(
        parent=municipality_index,
        title="Bergen",
        slug="bergen",
        municipality_number="4601",
        county=County.VESTLAND,
        live=False,
    )
    out = io.StringIO()
    call_command(
        "import_ssb", "12262", file=str(SAMPLE), programme_only=True, stdout=out
    )
    # The whole country's four years and Karmøy's three (2022 is missing).
    assert out.getvalue() == (
        f"{SKIPPED_EKG13}\nTabell 12262: 7 nye, 0 endret, 0 uendret.\n"
    )
    figures = stored()
    assert {region for region, _ in figures} == {"0", "1149"}
    assert figures[("1149", 2021)] == Decimal("14.50")
    assert figures[("0", 2022)] == Decimal("20.20")


def test_an_import_renews_the_pages_that_show_its_figures():
    from portal import content_version

    before = content_version.current()
    document = json.loads((DATA / "ssb_12262_sample.json").read_text(encoding="utf-8"))
    ssb.import_table("12262", document, "https://www.ssb.no/statbank/table/12262")
    assert content_version.current() != before


# Refusals: an import never destroys what it cannot replace, nor stores what is not SSB's


def write(tmp_path, document, name="table.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def nothing_usable():
    """The sample under another contents code, with every value missing."""
    document = load(SAMPLE)
    category = document["dimension"]["ContentsCode"]["category"]
    category["index"] = {"KOSTRA_Annet": 0}
    category["label"] = {"KOSTRA_Annet": "Noe annet"}
    document["value"] = [None] * 24
    return document


def test_command_refuses_an_import_without_figures_and_keeps_the_table(tmp_path):
    call_command("import_ssb", "12262", file=str(SAMPLE), stdout=io.StringIO())
    before = stored()
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command(
            "import_ssb", "12262", file=write(tmp_path, nothing_usable()), stdout=out
        )
    assert str(error.value) == (
        "Importen gir 0 tall, men tabell 12262 har 19 i dag, og ville slettet 19 tall "
        "for 5 regioner (0, 1149, 1804, 3201, 4601) og årene 2020–2023. Det ligner en "
        "feil eller ufullstendig fil, så ingenting er endret. Bruk --replace for å "
        "importere likevel."
    )
    assert out.getvalue() == ""
    assert stored() == before
    assert StatisticsTable.objects.get().contents_code == PER_1000


def test_command_replace_says_what_it_deletes(tmp_path):
    call_command("import_ssb", "12262", file=str(SAMPLE), stdout=io.StringIO())
    out = io.StringIO()
    call_command(
        "import_ssb",
        "12262",
        file=write(tmp_path, nothing_usable()),
        replace=True,
        stdout=out,
    )
    assert out.getvalue() == (
        "Tabell 12262: sletter 19 tall for 5 regioner (0, 1149, 1804, 3201, 4601) "
        "og årene 2020–2023.\n"
        "Tabell 12262: 0 nye, 0 endret, 0 uendret.\n"
    )
    assert stored() == {}


def test_import_refuses_far_fewer_figures_unless_replacing():
    url = "https://www.ssb.no/statbank/table/12262"
    ssb.import_table("12262", load(SAMPLE), url)
    with pytest.raises(ssb.ImportRefused, match="Importen gir 8 tall, men tabell"):
        ssb.import_table("12262", load(SAMPLE), url, regions={"4601"})
    assert len(stored()) == 19
    reports = []
    result = ssb.import_table(
        "12262",
        load(SAMPLE),
        url,
        regions={"4601"},
        replace=True,
        report=reports.append,
    )
    assert result == (0, 0, 8)
    assert reports == [
        SKIPPED_EKG13,
        "Tabell 12262: sletter 11 tall for 3 regioner (1149, 1804, 3201) "
        "og årene 2020–2023.",
    ]
    assert {region for region, _ in stored()} == {"0", "4601"}


def test_import_of_half_the_figures_keeps_the_rest():
    url = "https://www.ssb.no/statbank/table/12262"
    ssb.import_table("12262", load(SAMPLE), url)
    # 11 of 19 is more than half: imported, and the other figures are kept.
    assert ssb.import_table("12262", load(SAMPLE), url, regions={"4601", "3201"}) == (
        0,
        0,
        12,
    )
    assert len(stored()) == 19


def test_import_without_figures_creates_no_table():
    document = load(SAMPLE)
    document["value"] = [None] * 24
    with pytest.raises(ssb.ImportRefused, match="Importen gir ingen tall å lagre"):
        ssb.import_table("12262", document, "https://www.ssb.no/statbank/table/12262")
    assert StatisticsTable.objects.count() == 0


def test_command_refuses_a_table_without_norwegian_municipalities(tmp_path):
    # Statistics Sweden's codes: four digits too, and 1860 is Laxå as well as Vestvågøy.
    document = load(SAMPLE)
    document["dimension"]["Region"]["category"] = {
        "index": {"00": 0, "0180": 1, "1480": 2, "1860": 3, "0114": 4, "2580": 5},
        "label": {
            "00": "Riket",
            "0180": "Stockholm",
            "1480": "Göteborg",
            "1860": "Laxå",
            "0114": "Upplands Väsby",
            "2580": "Luleå",
        },
    }
    with pytest.raises(
        CommandError,
        match="Tabellen har ingen norske kommuner og ikke hele landet "
        r"\(regionkodene begynner med 00, 0180, 1480, 1860, 0114\)",
    ):
        call_command("import_ssb", "12262", file=write(tmp_path, document))
    assert StatisticsTable.objects.count() == 0


def test_parse_accepts_norwegian_codes_without_labels():
    document = load(SAMPLE)
    del document["dimension"]["Region"]["category"]["label"]
    assert len(ssb.parse_jsonstat(document)[3]) == 19


def test_command_refuses_conflicting_values_for_one_region_and_year(tmp_path):
    document = load(SAMPLE)
    index = document["dimension"]["Region"]["category"]["index"]
    index["1149"] = index.pop("1804")  # beside K-1149, with Bodø's values
    with pytest.raises(
        CommandError,
        match=r"Regionen 1149 har to ulike tall for 2020 \(K-1149: 14.20, 1149: 24.60\)",
    ):
        call_command("import_ssb", "12262", file=write(tmp_path, document))
    assert StatisticsTable.objects.count() == 0


def test_parse_accepts_a_duplicated_region_with_equal_values():
    document = load(SAMPLE)
    index = document["dimension"]["Region"]["category"]["index"]
    index["1149"] = index.pop("1804")
    document["value"][12:16] = document["value"][4:8]
    figures = ssb.parse_jsonstat(document)[3]
    assert [(y, v) for r, y, v in figures if r == "1149"] == [
        (2020, Decimal("14.20")),
        (2021, Decimal("14.50")),
        (2023, Decimal("15.10")),
    ]


MID_2025 = datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)


@pytest.mark.parametrize("year", ["0000", "9999", "1989", "2027"])
@time_machine.travel(MID_2025)
def test_parse_refuses_years_ssb_cannot_have(year):
    document = load(TWO_CONTENTS)
    document["dimension"]["Tid"]["category"]["index"] = ["2021", year, "2023"]
    with pytest.raises(
        ValueError,
        match=f"Året {year} er utenfor årene SSB har tall for \\(1990–2026\\)",
    ):
        ssb.parse_jsonstat(document, PER_1000)


@time_machine.travel(MID_2025)
def test_parse_accepts_the_first_and_next_year():
    document = load(TWO_CONTENTS)
    document["dimension"]["Tid"]["category"]["index"] = ["1990", "2022", "2026"]
    figures = ssb.parse_jsonstat(document, PER_1000)[3]
    assert {year for _, year, _ in figures} == {1990, 2022, 2026}


# KOSTRA's tables by municipality, as SSB's PxWebApi v2 returns them


def test_parse_kostra_region_dimension_by_its_role():
    title, unit, code, figures = ssb.parse_jsonstat(load(KOSTRA))
    assert title == (
        "12262: Kommunalt disponerte boliger (K), etter region, statistikkvariabel og år"
    )
    assert unit == "per 1000 innbyggere"
    assert code == KOSTRA_CODE
    # EAK's five years, and Oslo's four (2024 missing), Bergen's five, Karmøy's four
    # (2022 missing) and Bodø's five; EAKUO, EKA11 and EKG13 are aggregates.
    assert len(figures) == 23
    assert {region for region, _, _ in figures} == {"0", "0301", "4601", "1149", "1804"}
    assert ("0", 2020, Decimal("20.90")) in figures  # value[0], EAK
    assert ("0", 2024, Decimal("20.40")) in figures  # value[4], not EAKUO's 19.7
    assert ("0301", 2023, Decimal("25.00")) in figures  # value[23]
    assert ("1149", 2024, Decimal("15.00")) in figures  # value[34]
    assert ("1804", 2020, Decimal("24.60")) in figures  # value[35]
    assert ("0301", 2024) not in {(r, y) for r, y, _ in figures}  # null


def test_parse_kostra_without_a_geo_role_finds_the_region_by_name():
    document = load(KOSTRA)
    del document["role"]["geo"]
    assert ssb.parse_jsonstat(document)[3] == ssb.parse_jsonstat(load(KOSTRA))[3]
    del document["role"]
    assert len(ssb.parse_jsonstat(document)[3]) == 23


def test_parse_finds_a_kostra_region_dimension_by_its_family_name():
    document = rename(load(KOSTRA), "KOKkommuneregion0000", "KOKkommuneregion0001")
    assert len(ssb.parse_jsonstat(document)[3]) == 23


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "KOKkommuneregion0000",
            "KOKfylkesregion0000",
            "Fant ikke regiondimensjonen: tabellen har dimensjonene "
            "KOKfylkesregion0000 (region), KOKregnskapsomfa0000 (regnskapsomfang), "
            "KOKfunksjon0000 (funksjon), KOKart0000 (art), ContentsCode "
            "(statistikkvariabel) og Tid (år).",
        ),
        (
            "ContentsCode",
            "Innhold",
            "Fant ikke statistikkvariabelen: tabellen har dimensjonene "
            "KOKkommuneregion0000 (region), KOKregnskapsomfa0000 (regnskapsomfang), "
            "KOKfunksjon0000 (funksjon), KOKart0000 (art), Innhold "
            "(statistikkvariabel) og Tid (år). Importen kjenner den på rollen "
            "«metric» eller navnet ContentsCode.",
        ),
        (
            "Tid",
            "Periode",
            "Fant ikke tidsdimensjonen: tabellen har dimensjonene "
            "KOKkommuneregion0000 (region), KOKregnskapsomfa0000 (regnskapsomfang), "
            "KOKfunksjon0000 (funksjon), KOKart0000 (art), ContentsCode "
            "(statistikkvariabel) og Periode (år). Importen kjenner den på rollen "
            "«time» eller navnet Tid.",
        ),
    ],
)
def test_parse_says_which_dimension_it_cannot_place(old, new, message):
    document = rename(load(ACCOUNTS), old, new)
    with pytest.raises(ValueError) as error:
        ssb.parse_jsonstat(document, select=ACCOUNTS_SELECT)
    assert str(error.value).startswith(message)


def test_command_imports_kostra_and_reports_the_aggregates_it_skips():
    out = io.StringIO()
    call_command("import_ssb", "12262", file=str(KOSTRA), stdout=out)
    assert out.getvalue() == (
        "Tabell 12262: hoppet over 3 samleregioner (EAKUO, EKA11 og EKG13): uten "
        "--aggregates lagres bare kommuner og hele landet.\n"
        "Tabell 12262: 23 nye, 0 endret, 0 uendret.\n"
    )
    figures = stored()
    assert figures[("0", 2022)] == Decimal("20.60")  # value[2]
    assert figures[("4601", 2024)] == Decimal("19.40")  # value[29]
    assert not [region for region, _ in figures if region.startswith("E")]


def test_kostra_aggregates_are_kept_on_request_under_their_codes():
    reports = []
    created, _, _ = ssb.import_table(
        "12262",
        load(KOSTRA),
        "https://www.ssb.no/statbank/table/12262",
        aggregates=True,
        report=reports.append,
    )
    assert reports == []
    regions = {region for region, _ in stored()}
    assert regions == {"0", "0301", "4601", "1149", "1804", "EAKUO", "EKA11", "EKG13"}
    assert created == len(stored()) > 23


def test_programme_only_keeps_the_country_and_the_programme_municipalities(
    municipality_index,
):
    MunicipalityPageFactory(
        parent=municipality_index,
        title="Oslo",
        slug="oslo",
        municipality_number="0301",
        county=County.OSLO,
    )
    out = io.StringIO()
    call_command(
        "import_ssb", "12262", file=str(KOSTRA), programme_only=True, stdout=out
    )
    assert out.getvalue().endswith("Tabell 12262: 9 nye, 0 endret, 0 uendret.\n")
    assert {region for region, _ in stored()} == {"0", "0301"}


# Further dimensions: KOSTRA's accounts by function and type


def test_parse_refuses_further_dimensions_with_several_categories():
    with pytest.raises(ValueError) as error:
        ssb.parse_jsonstat(load(ACCOUNTS))
    assert str(error.value) == (
        "Tabellen har flere kategorier i dimensjonene KOKregnskapsomfa0000 "
        "(regnskapsomfang: A og B), KOKfunksjon0000 (funksjon: 265 og 283) og "
        "KOKart0000 (art: AGD10 og AGD2). Importen leser én kategori av hver: velg "
        "den med --select KOKregnskapsomfa0000=KODE."
    )


def test_parse_reads_the_selected_categories():
    title, unit, code, figures = ssb.parse_jsonstat(
        load(ACCOUNTS), select=ACCOUNTS_SELECT
    )
    assert code == "KOSbelop0000"
    assert unit == "1000 kr"
    assert title.endswith(
        "(Kommunekonsern, Kommunalt disponerte boliger, Netto driftsutgifter)"
    )
    assert figures == [
        ("0", 2023, Decimal("1575000.00")),  # value[2]
        ("0", 2024, Decimal("1653750.00")),  # value[3]
        ("0301", 2023, Decimal("420000.00")),  # value[34]
        ("0301", 2024, Decimal("441000.00")),
        ("1149", 2023, Decimal("14350.00")),  # value[66]
        ("1149", 2024, Decimal("15067.00")),
        ("4601", 2023, Decimal("133000.00")),  # value[50]
        ("4601", 2024, Decimal("139650.00")),
    ]
    other = dict(ACCOUNTS_SELECT, KOKfunksjon0000="283", KOKart0000="AGD10")
    figures = ssb.parse_jsonstat(load(ACCOUNTS), select=other)[3]
    assert ("4601", 2023, Decimal("57000.00")) in figures  # value[52]


@pytest.mark.parametrize(
    "select, message",
    [
        (
            dict(ACCOUNTS_SELECT, KOKfunksjon0000="999"),
            "Dimensjonen KOKfunksjon0000 (funksjon) har ingen kategori 999; den har "
            "265 og 283.",
        ),
        (
            dict(ACCOUNTS_SELECT, KOKalder0000="1"),
            "Tabellen har ingen dimensjon KOKalder0000 å velge i; den har "
            "dimensjonene KOKkommuneregion0000 (region),",
        ),
        (
            dict(ACCOUNTS_SELECT, Tid="2023"),
            "Dimensjonen Tid (år) leser importen selv og kan ikke velges med --select",
        ),
    ],
)
def test_parse_refuses_a_selection_it_cannot_make(select, message):
    with pytest.raises(ValueError) as error:
        ssb.parse_jsonstat(load(ACCOUNTS), select=select)
    assert str(error.value).startswith(message)


def test_command_selects_with_repeated_options():
    out = io.StringIO()
    call_command(
        "import_ssb",
        "12367",
        "--file",
        str(ACCOUNTS),
        "--select",
        "KOKregnskapsomfa0000=B",
        "--select",
        "KOKfunksjon0000=265",
        "--select",
        "KOKart0000=AGD10",
        stdout=out,
    )
    # KOSTRA group 13 has no figures for the municipality itself (B): nothing skipped.
    assert out.getvalue() == "Tabell 12367: 8 nye, 0 endret, 0 uendret.\n"
    assert stored("12367")[("0301", 2024)] == Decimal("1209600.00")  # value[41]
    table = StatisticsTable.objects.get(table_id="12367")
    assert table.title.endswith(
        "(Kommunekasse, Kommunalt disponerte boliger, Brutto driftsutgifter)"
    )


@pytest.mark.parametrize(
    "options, message",
    [
        (["--select", "KOKfunksjon0000"], "--select KOKfunksjon0000: skriv"),
        (
            ["--select", "KOKart0000=AGD2", "--select", "KOKart0000=AGD10"],
            r"--select velger to kategorier i KOKart0000 \(AGD2 og AGD10\)",
        ),
    ],
)
def test_command_refuses_an_odd_select(options, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_ssb", "12367", "--file", str(ACCOUNTS), *options)
    assert StatisticsTable.objects.count() == 0


# Quarters and months


def test_parse_refuses_quarters_without_being_told_how_to_make_years():
    with pytest.raises(ValueError) as error:
        ssb.parse_jsonstat(load(QUARTERLY), "Fodte2")
    assert str(error.value) == (
        "Tidsdimensjonen Tid har kvartaler (2022K1, 2022K2, 2022K3 …), ikke år. Si "
        "hvordan et år skal regnes ut: --per-year sum (summen av årets kvartaler), "
        "mean (gjennomsnittet av dem) eller last (det siste kvartalet med tall i "
        "året)."
    )
    with pytest.raises(ValueError, match="Tidsdimensjonen Tid har måneder"):
        ssb.parse_jsonstat(load(MONTHLY))
    with pytest.raises(ValueError, match="Ukjent --per-year median: bruk sum, mean"):
        ssb.parse_jsonstat(load(QUARTERLY), "Fodte2", per_year="median")


def test_sum_of_quarters_skips_and_reports_incomplete_years():
    reports = []
    title, unit, _, figures = ssb.parse_jsonstat(
        load(QUARTERLY), "Fodte2", per_year="sum", report=reports.append
    )
    assert title.endswith(": Levendefødde (summen av årets kvartaler)")
    assert unit == "personer"
    assert figures == [
        ("0", 2022, Decimal("52880.00")),  # value[0:4]
        ("0", 2023, Decimal("53630.00")),  # value[4:8]
        ("0301", 2022, Decimal("7790.00")),  # value[40:44]
        ("0301", 2023, Decimal("7910.00")),
        ("1149", 2022, Decimal("391.00")),  # value[80:84]; 2023K3 is null
        ("4601", 2022, Decimal("3105.00")),
        ("4601", 2023, Decimal("3150.00")),
    ]
    assert reports == [
        "hoppet over 1 samleregion (11): uten --aggregates lagres bare kommuner og "
        "hele landet.",
        "hoppet over 5 tall for 4 regioner (0, 0301, 1149, 4601) og årene "
        "2023–2024: året mangler kvartaler, og summen av et ufullstendig år er ikke "
        "et tall for året.",
    ]


def test_mean_of_quarters():
    figures = ssb.parse_jsonstat(load(QUARTERLY), "Fodte2", per_year="mean")[3]
    assert ("0301", 2022, Decimal("1947.50")) in figures  # 7790 / 4
    assert ("4601", 2023, Decimal("787.50")) in figures  # 3150 / 4
    assert len(figures) == 7


def test_last_quarter_of_each_year():
    reports = []
    title, _, _, figures = ssb.parse_jsonstat(
        load(QUARTERLY), "Folketallet11", per_year="last", report=reports.append
    )
    assert title.endswith(
        ": Befolkning ved utgangen av kvartalet (det siste kvartalet i året)"
    )
    oslo = [(year, value) for region, year, value in figures if region == "0301"]
    assert oslo == [
        (2022, Decimal("709037.00")),  # value[53], 2022K4
        (2023, Decimal("717710.00")),  # value[57], 2023K4
        (2024, Decimal("721002.00")),  # value[59], 2024K2
    ]
    assert len(figures) == 12
    assert reports[1] == (
        "4 tall for 4 regioner (0, 0301, 1149, 4601) og året 2024 bygger på det "
        "siste kvartalet med tall, ikke på et helt år."
    )


def test_command_sums_months_and_keeps_counties_on_request():
    out = io.StringIO()
    call_command(
        "import_ssb",
        "03723",
        "--file",
        str(MONTHLY),
        "--per-year",
        "sum",
        "--aggregates",
        stdout=out,
    )
    assert out.getvalue() == (
        "Tabell 03723: hoppet over 5 tall for 4 regioner (0, 03, 11, 46) og årene "
        "2023–2024: året mangler måneder, og summen av et ufullstendig år er ikke et "
        "tall for året.\n"
        "Tabell 03723: 3 nye, 0 endret, 0 uendret.\n"
    )
    # 2023's twelve months; Vestland (46) lacks July.
    assert stored("03723") == {
        ("0", 2023): Decimal("27600.00"),  # value[0:12]
        ("03", 2023): Decimal("3750.00"),  # value[15:27]
        ("11", 2023): Decimal("2280.00"),  # value[30:42]
    }


def test_command_refuses_months_without_per_year():
    with pytest.raises(
        CommandError,
        match="Kan ikke importere tabell 03723: Tidsdimensjonen Tid har måneder",
    ):
        call_command("import_ssb", "03723", "--file", str(MONTHLY))
    assert StatisticsTable.objects.count() == 0


def test_stored_counties_never_pass_for_the_country(client):
    ssb.import_table(
        "03723",
        load(MONTHLY),
        "https://www.ssb.no/statbank/table/03723",
        per_year="sum",
        aggregates=True,
    )
    content = client.get(reverse("programme_results")).content.decode()
    assert '<td class="number">27600</td>' in content  # the whole country
    assert "3750" not in content and "2280" not in content  # Oslo and Rogaland


def test_the_demo_sample_still_imports():
    reports = []
    assert ssb.import_table(
        "12262",
        load(DEMO),
        "https://www.ssb.no/statbank/table/12262",
        report=reports.append,
    ) == (19, 0, 0)
    assert reports == [SKIPPED_EKG13]

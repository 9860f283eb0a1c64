"""The import of Statistics Norway's JSON-stat 2.0 tables (learning.ssb, import_ssb).

The expected figures are read by hand off the files in tests/learning/data: in
ssb_12262_sample.json the values run region by region (in index position order: EAK,
K-1149, 4601, 1804, EKG13, 3201), four years (2020–2023) each; in
ssb_12262_two_contents.json they run region by region (0, K-1149, 4601), then contents
code, then year (2021–2023).
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

from learning import ssb
from learning.models import StatisticsFigure, StatisticsTable
from portal.models import County
from tests.factories import MunicipalityPageFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "ssb_12262_sample.json"
TWO_CONTENTS = DATA / "ssb_12262_two_contents.json"
DEMO = Path(__file__).parents[2] / "learning" / "data" / "ssb_kostra_sample.json"

PER_1000 = "KOSTRA_KomDispBol1000"
WHEELCHAIR = "KOSTRA_AndelRullestol"
NOW = datetime.datetime(2025, 3, 1, 12, 0, tzinfo=datetime.UTC)


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
    assert ssb.normalise_region("EAKUO") == "0"
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
    with pytest.raises(ValueError, match="holds 2 statistics") as error:
        ssb.parse_jsonstat(load(TWO_CONTENTS))
    assert PER_1000 in str(error.value) and WHEELCHAIR in str(error.value)
    with pytest.raises(ValueError, match="no contents code 'NOPE'"):
        ssb.parse_jsonstat(load(TWO_CONTENTS), "NOPE")


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.update({"class": "collection"}), "not a JSON-stat 2.0 dataset"),
        (lambda d: d.pop("version"), "not a JSON-stat 2.0 dataset"),
        (lambda d: d["dimension"].pop("Tid"), "lacks the dimensions Tid"),
        (lambda d: d.pop("dimension"), "has no dimensions"),
        (lambda d: d["value"].pop(), "has 23 values, but its dimensions make 24"),
        (lambda d: d.update({"size": [6, 1]}), "'id' and 'size' do not match"),
        (lambda d: d["value"].__setitem__(0, "x"), "EAK 2020 is not a number"),
    ],
)
def test_parse_rejects_broken_documents(change, message):
    document = load(SAMPLE)
    change(document)
    with pytest.raises(ValueError, match=message):
        ssb.parse_jsonstat(document)


def test_parse_rejects_missing_region_dimension():
    document = load(TWO_CONTENTS)
    document["id"][0] = "Kommune"
    document["dimension"]["Kommune"] = document["dimension"].pop("Region")
    with pytest.raises(ValueError, match="no 'Region' dimension"):
        ssb.parse_jsonstat(document, PER_1000)


def test_parse_rejects_non_year_time_codes():
    document = load(TWO_CONTENTS)
    document["dimension"]["Tid"]["category"]["index"] = ["2021M01", "2022", "2023"]
    with pytest.raises(ValueError, match="'2021M01' is not a year"):
        ssb.parse_jsonstat(document, PER_1000)


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
    with pytest.raises(ValueError, match="3201 2023 is not a number"):
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


def test_fetch_posts_the_query_as_json_stat2(monkeypatch):
    calls = []

    class Response(io.BytesIO):
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def urlopen(request, timeout):
        calls.append((request, timeout))
        return Response(SAMPLE.read_bytes())

    monkeypatch.setattr(ssb.urllib.request, "urlopen", urlopen)
    query = {
        "query": [{"code": "Tid", "selection": {"filter": "all", "values": ["*"]}}]
    }
    document = ssb.fetch("12262", query)
    assert document["size"] == [6, 1, 4]
    [(request, timeout)] = calls
    assert request.full_url == "https://data.ssb.no/api/v0/no/table/12262/"
    assert request.get_method() == "POST"
    assert timeout == 30
    assert json.loads(request.data) == {
        "query": [{"code": "Tid", "selection": {"filter": "all", "values": ["*"]}}],
        "response": {"format": "json-stat2"},
    }
    assert "response" not in query


def test_fetch_rejects_odd_table_ids():
    with pytest.raises(ValueError, match="Invalid SSB table id"):
        ssb.fetch("../12262", {"query": []})


# The management command


def test_command_imports_from_file():
    out = io.StringIO()
    call_command("import_ssb", "12262", file=str(SAMPLE), stdout=out)
    assert out.getvalue() == "Table 12262: 19 created, 0 updated, 0 unchanged.\n"
    table = StatisticsTable.objects.get(table_id="12262")
    assert table.source_url == "https://www.ssb.no/statbank/table/12262"
    assert table.figures.count() == 19
    out = io.StringIO()
    call_command("import_ssb", "12262", "--file", str(SAMPLE), stdout=out)
    assert out.getvalue() == "Table 12262: 0 created, 0 updated, 19 unchanged.\n"


def test_command_with_contents_code():
    out = io.StringIO()
    call_command(
        "import_ssb",
        "12262",
        file=str(TWO_CONTENTS),
        contents_code=WHEELCHAIR,
        stdout=out,
    )
    assert out.getvalue() == "Table 12262: 8 created, 0 updated, 0 unchanged.\n"
    assert stored()[("1149", 2023)] == Decimal("41.20")


def test_command_fetches_all_regions_and_years_without_file(monkeypatch):
    queries = []

    def fetch(table_id, query):
        queries.append((table_id, query))
        return load(TWO_CONTENTS)

    monkeypatch.setattr(ssb, "fetch", fetch)
    out = io.StringIO()
    call_command("import_ssb", "12262", contents_code=PER_1000, stdout=out)
    assert out.getvalue() == "Table 12262: 9 created, 0 updated, 0 unchanged.\n"
    assert queries == [
        (
            "12262",
            {
                "query": [
                    {"code": "Region", "selection": {"filter": "all", "values": ["*"]}},
                    {
                        "code": "ContentsCode",
                        "selection": {"filter": "item", "values": [PER_1000]},
                    },
                    {"code": "Tid", "selection": {"filter": "all", "values": ["*"]}},
                ]
            },
        )
    ]


def test_command_missing_file(tmp_path):
    missing = tmp_path / "nothing.json"
    with pytest.raises(CommandError, match="File not found: .*nothing.json"):
        call_command("import_ssb", "12262", file=str(missing))
    assert StatisticsTable.objects.count() == 0


def test_command_broken_json(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"version": "2.0", "class": ', encoding="utf-8")
    with pytest.raises(CommandError, match="broken.json is not valid JSON"):
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
        match="Cannot import table 12262: The document is not a JSON-stat 2.0 dataset",
    ):
        call_command("import_ssb", "12262", file=str(wrong))
    with pytest.raises(CommandError, match="holds 2 statistics"):
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
    assert out.getvalue() == "Table 12262: 7 created, 0 updated, 0 unchanged.\n"
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
        "Table 12262: 0 created, 0 updated, 0 unchanged.\n"
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
        "Tabell 12262: sletter 11 tall for 3 regioner (1149, 1804, 3201) "
        "og årene 2020–2023."
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

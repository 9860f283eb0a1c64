"""SSB's KOSTRA groups: the groups as data, the import of which municipality is in
which, and «Kommuner som ligner» on a municipality's page."""

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from learning import results
from learning.models import MunicipalityResultsPage, OutcomeFigure, OutcomeType
from portal import kostra
from portal.models import KostraGroup, MunicipalityPage
from tests.factories import MunicipalityPageFactory
from tests.learning.factories import GoodPracticePageFactory

pytestmark = pytest.mark.django_db

NOTE_13 = "Store kommuner utenom de fire største byene (SSB, KOSTRA-gruppe 2008)"


@pytest.fixture
def groups(db):
    """The data file's groups (the migration loads them; a flush after a live server's
    test may have removed them)."""
    kostra.ensure_groups()
    return {group.code: group for group in KostraGroup.objects.all()}


@pytest.fixture
def places(municipality_index, groups):
    """Three large towns in EKG13 and Trondheim in EKG14."""

    def place(title, number, code):
        return MunicipalityPageFactory(
            parent=municipality_index,
            title=title,
            slug=title.lower().replace("ø", "o"),
            municipality_number=number,
            kostra_group=groups.get(code),
        )

    return {
        "karmoy": place("Karmøy", "1149", "EKG13"),
        "haugesund": place("Haugesund", "1106", "EKG13"),
        "bodo": place("Bodø", "1804", "EKG13"),
        "trondheim": place("Trondheim", "5001", "EKG14"),
    }


def section(response, title):
    """{"note": …, "items": [(title, meta, description)]} of the section headed
    ``title``, or None when the page has none."""
    soup = BeautifulSoup(response.content, "html.parser")
    heading = soup.find("h2", string=title)
    if heading is None:
        return None
    part = heading.find_parent("section")
    note = heading.find_next_sibling("p", class_="meta")
    return {
        "note": note.get_text(strip=True) if note else "",
        "items": [
            (
                item.h3.get_text(strip=True),
                item.find("p", class_="meta").get_text(strip=True)
                if item.find("p", class_="meta")
                else "",
                item.find("p", class_="ds-paragraph").get_text(strip=True)
                if item.find("p", class_="ds-paragraph")
                else "",
            )
            for item in part.select("li")
        ],
    }


def titles(response, title):
    found = section(response, title)
    return [item[0] for item in found["items"]] if found else []


# --- the groups as data ----------------------------------------------------------


def test_the_data_file_holds_ssbs_sixteen_groups_with_their_source_and_year(groups):
    assert sorted(groups) == [f"EKG{number:02d}" for number in range(1, 17)]
    large = groups["EKG13"]
    assert large.name == "Store kommuner utenom de fire største byene"
    assert large.year == 2008
    assert large.source == "Statistisk sentralbyrå, KOSTRA-grupperinger"
    assert large.source_url.startswith("https://www.ssb.no/")
    assert groups["EKG14"].name == "Bergen, Trondheim og Stavanger"
    assert str(large) == "EKG13 Store kommuner utenom de fire største byene"


def test_loading_the_groups_again_keeps_an_editors_correction(groups):
    KostraGroup.objects.filter(code="EKG13").update(name="Rettet av redaktøren")
    kostra.ensure_groups()
    assert KostraGroup.objects.count() == 16
    assert KostraGroup.objects.get(code="EKG13").name == "Rettet av redaktøren"


def test_the_code_is_unique(groups):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        KostraGroup.objects.create(code="EKG13", name="Igjen", source="SSB", year=2008)


def test_deleting_a_group_leaves_its_municipalities_without_one(places, groups):
    groups["EKG14"].delete()
    trondheim = MunicipalityPage.objects.get(pk=places["trondheim"].pk)
    assert trondheim.kostra_group is None


def test_an_administrator_edits_a_group_in_the_admin(admin_client, groups):
    group = groups["EKG13"]
    listing = admin_client.get("/admin/snippets/portal/kostragroup/")
    assert listing.status_code == 200
    assert "Store kommuner utenom de fire største byene" in listing.text
    response = admin_client.post(
        f"/admin/snippets/portal/kostragroup/edit/{group.pk}/",
        {
            "code": "EKG13",
            "name": "Store kommuner",
            "year": "2008",
            "source": "Statistisk sentralbyrå",
            "source_url": "",
        },
    )
    assert response.status_code == 302
    assert KostraGroup.objects.get(pk=group.pk).name == "Store kommuner"


def test_husbanken_editors_manage_the_groups(client, groups, home_page):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from learning import moderation, signals

    signals.set_up_moderation(sender=None)
    editor = get_user_model().objects.create_user(username="redaktor", password="x")
    editor.groups.add(Group.objects.get(name=moderation.HUSBANKEN_EDITORS))
    client.force_login(editor)
    assert client.get("/admin/snippets/portal/kostragroup/add/").status_code == 200


def test_an_editor_chooses_the_group_on_the_municipalitys_page(admin_client, places):
    page = places["karmoy"]
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    options = soup.find("select", attrs={"name": "kostra_group"}).find_all("option")
    assert "EKG13 Store kommuner utenom de fire største byene" in [
        option.get_text(strip=True) for option in options
    ]


# --- the import -------------------------------------------------------------------


def write(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "kostra.csv"
    path.write_bytes(text.encode(encoding))
    return str(path)


def groups_by_number():
    return dict(
        MunicipalityPage.objects.values_list(
            "municipality_number", "kostra_group__code"
        )
    )


def test_the_import_assigns_groups_by_number_and_reports_unknown_numbers(
    tmp_path, places, capsys
):
    MunicipalityPage.objects.update(kostra_group=None)
    call_command(
        "import_kostra_groups",
        write(
            tmp_path,
            "kommunenummer;gruppekode\n1149;EKG13\n1106;13\n5001;EKG14\n0301;EKG15\n\n",
        ),
    )
    assert groups_by_number() == {
        "1149": "EKG13",
        "1106": "EKG13",
        "1804": None,  # not in the file: left as it was
        "5001": "EKG14",
    }
    out = capsys.readouterr().out
    assert "3 kommuner fikk ny KOSTRA-gruppe, 0 hadde den allerede." in out
    assert "Ingen programkommune har disse kommunenumrene (hoppet over): 0301" in out


def test_the_import_is_idempotent(tmp_path, places, capsys):
    path = write(tmp_path, "1149;EKG14\n1106;EKG13\n")
    call_command("import_kostra_groups", path)
    call_command("import_kostra_groups", path)
    assert groups_by_number()["1149"] == "EKG14"
    out = capsys.readouterr().out
    assert "0 kommuner fikk ny KOSTRA-gruppe, 2 hadde den allerede." in out


def test_publishing_a_draft_later_keeps_the_imported_group(tmp_path, places):
    page = MunicipalityPage.objects.get(pk=places["bodo"].pk)
    page.intro = "Utkast skrevet før importen."
    page.save_revision()
    call_command("import_kostra_groups", write(tmp_path, "1804;EKG14\n"))
    page = MunicipalityPage.objects.get(pk=page.pk)
    assert page.kostra_group.code == "EKG14"
    assert page.intro != "Utkast skrevet før importen."  # the draft is not published
    page.get_latest_revision().publish()
    page = MunicipalityPage.objects.get(pk=page.pk)
    assert page.intro == "Utkast skrevet før importen."
    assert page.kostra_group.code == "EKG14"


@pytest.mark.parametrize(
    "text, message",
    [
        ("1149;EKG13\n1106\n", "Linje 2 har 1 kolonner"),
        ("1149;EKG13;2008\n", "Linje 1 har 3 kolonner"),
        ("1149;EKG13\n116;EKG13\n", "«116» er ikke et kommunenummer med fire sifre"),
        ("1149;EKG13\n1106;EKG 13\n", "«EKG 13» er ikke en gruppekode"),
        ("1149;EKG13\n1149;EKG14\n", "kommune 1149 står i to grupper i filen"),
        ("1149;EKG99\n", "Ukjente KOSTRA-grupper i filen: EKG99."),
        ("kommunenummer;gruppekode\n", "Filen har ingen linjer"),
    ],
)
def test_a_malformed_file_changes_nothing(tmp_path, places, text, message):
    before = groups_by_number()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_kostra_groups", write(tmp_path, text))
    assert message in str(excinfo.value)
    assert "Ingenting er endret." in str(excinfo.value)
    assert groups_by_number() == before


def test_a_file_that_is_not_utf8_or_missing_is_refused_in_bokmal(tmp_path, places):
    with pytest.raises(CommandError, match="er ikke en tekstfil i UTF-8"):
        call_command("import_kostra_groups", write(tmp_path, "1149;EKG13\n", "utf-16"))
    with pytest.raises(CommandError, match="Kan ikke lese"):
        call_command("import_kostra_groups", str(tmp_path / "mangler.csv"))


# --- «Kommuner som ligner» on a municipality's page ---------------------------------


@pytest.fixture
def types(db):
    results.ensure_outcome_types()
    return {outcome.slug: outcome for outcome in OutcomeType.objects.all()}


def results_page(municipality, figures, example=False):
    page = MunicipalityResultsPage(
        title=f"Resultater for {municipality.title}",
        slug="resultater",
        example_data=example,
        figures=[
            OutcomeFigure(outcome_type=outcome, year=year, value=value)
            for outcome, year, value in figures
        ],
    )
    municipality.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_a_municipality_shows_the_others_in_its_group_and_their_results(
    client, places, types
):
    settled = types["bostedslose-bosatt"]
    results_page(places["haugesund"], [(settled, 2015, 9), (settled, 2016, 12)])
    results_page(places["trondheim"], [(settled, 2016, 24)])
    response = client.get(places["karmoy"].url)
    peers = section(response, "Kommuner som ligner")
    assert peers["note"] == NOTE_13
    assert peers["items"] == [
        ("Bodø", "Rogaland", ""),
        ("Haugesund", "Rogaland", "Bostedsløse som fikk bolig: 12 personer (2016)"),
    ]
    # Itself and the other group's municipality never.
    assert "Karmøy" not in titles(response, "Kommuner som ligner")
    assert "Trondheim" not in response.text


def test_example_figures_are_called_so(client, places, types):
    results_page(places["bodo"], [(types["nye-utleieboliger"], 2016, 4)], example=True)
    peers = section(client.get(places["karmoy"].url), "Kommuner som ligner")
    assert (
        "Bodø",
        "Rogaland",
        "Nye kommunale utleieboliger: 4 boliger (2016) · eksempeldata",
    ) in peers["items"]


def test_the_municipality_shows_the_newest_practices_of_its_group(client, places):
    GoodPracticePageFactory(parent=places["haugesund"], title="Én dør inn")
    GoodPracticePageFactory(parent=places["bodo"], title="Startlån til unge")
    GoodPracticePageFactory(parent=places["karmoy"], title="Karmøys egen")
    GoodPracticePageFactory(parent=places["trondheim"], title="Fra Trondheim")
    response = client.get(places["karmoy"].url)
    practices = section(response, "Gode eksempler fra kommuner som ligner")
    assert practices["note"] == NOTE_13
    assert sorted(item[0] for item in practices["items"]) == [
        "Startlån til unge",
        "Én dør inn",
    ]


def test_nothing_without_a_group(client, places):
    MunicipalityPage.objects.filter(pk=places["karmoy"].pk).update(kostra_group=None)
    GoodPracticePageFactory(parent=places["haugesund"], title="Én dør inn")
    response = client.get(places["karmoy"].url)
    assert response.status_code == 200
    assert section(response, "Kommuner som ligner") is None
    assert section(response, "Gode eksempler fra kommuner som ligner") is None


def test_nothing_when_no_other_municipality_is_in_the_group(client, places):
    response = client.get(places["trondheim"].url)
    assert response.status_code == 200
    assert section(response, "Kommuner som ligner") is None
    assert "KOSTRA-gruppe" not in response.text


def test_drafts_and_private_pages_are_never_shown(client, places, types):
    haugesund, bodo = places["haugesund"], places["bodo"]
    GoodPracticePageFactory(parent=haugesund, title="Utkast", live=False)
    private = GoodPracticePageFactory(parent=haugesund, title="Bare for innloggede")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    GoodPracticePageFactory(parent=haugesund, title="Publisert")
    # Bodø is unpublished: it is not shown among the municipalities.
    bodo.unpublish()
    response = client.get(places["karmoy"].url)
    assert titles(response, "Kommuner som ligner") == ["Haugesund"]
    assert titles(response, "Gode eksempler fra kommuner som ligner") == ["Publisert"]
    # A peer behind a view restriction is not shown either.
    PageViewRestriction.objects.create(
        page=haugesund, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(places["karmoy"].url)
    assert section(response, "Kommuner som ligner") is None
    assert section(response, "Gode eksempler fra kommuner som ligner") is None


def test_the_sections_cost_the_same_queries_however_many_peers(
    client, municipality_index, places, groups, types
):
    settled = types["bostedslose-bosatt"]
    karmoy = places["karmoy"]

    def count():
        client.get(karmoy.url)  # the per-process caches: site, settings, menu
        from portal import content_version

        content_version.raise_now_and_after_commit()
        with CaptureQueriesContext(connection) as context:
            response = client.get(karmoy.url)
        assert response.status_code == 200
        return len(context), len(titles(response, "Kommuner som ligner"))

    def add_peer(number):
        peer = MunicipalityPageFactory(
            parent=municipality_index,
            title=f"Kommune {number}",
            municipality_number=f"{number:04d}",
            kostra_group=groups["EKG13"],
        )
        results_page(peer, [(settled, 2016, number)])
        GoodPracticePageFactory(parent=peer, title=f"Eksempel {number}")

    add_peer(9001)
    few, shown = count()
    assert shown == 3
    for number in range(9002, 9008):
        add_peer(number)
    many, shown = count()
    assert shown == 9
    assert many == few


# --- the municipality list's filter ---------------------------------------------------


def test_the_municipality_list_filters_by_group(client, places, municipality_index):
    response = client.get(municipality_index.url, {"kostra": "EKG14"})
    soup = BeautifulSoup(response.content, "html.parser")
    shown = [heading.get_text(strip=True) for heading in soup.select(".card-grid h3")]
    assert shown == ["Trondheim"]
    select = soup.find("select", id="filter-kostra")
    assert soup.find("label", attrs={"for": "filter-kostra"}).get_text() == (
        "KOSTRA-gruppe"
    )
    options = {
        option["value"]: (option.get_text(strip=True), option.has_attr("selected"))
        for option in select.find_all("option")
    }
    assert options == {
        "": ("Alle KOSTRA-grupper", False),
        "EKG13": ("EKG13 Store kommuner utenom de fire største byene (3)", False),
        "EKG14": ("EKG14 Bergen, Trondheim og Stavanger (1)", True),
    }


def test_the_group_filter_keeps_the_others(client, places, municipality_index):
    response = client.get(
        municipality_index.url, {"kostra": "EKG13", "fylke": "nordland"}
    )
    soup = BeautifulSoup(response.content, "html.parser")
    assert [h.get_text(strip=True) for h in soup.select(".card-grid h3")] == []
    # The factory places every municipality in Rogaland: Nordland has none.
    response = client.get(
        municipality_index.url, {"kostra": "EKG13", "fylke": "rogaland"}
    )
    soup = BeautifulSoup(response.content, "html.parser")
    assert sorted(h.get_text(strip=True) for h in soup.select(".card-grid h3")) == [
        "Bodø",
        "Haugesund",
        "Karmøy",
    ]


@pytest.mark.parametrize("value", ["EKG 13", "<b>", "x" * 300, "EKG99"])
def test_a_bad_group_is_no_error(client, places, municipality_index, value):
    response = client.get(municipality_index.url, {"kostra": value})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    shown = [h.get_text(strip=True) for h in soup.select(".card-grid h3")]
    # An unknown but well-formed code matches nothing, as the lists' filters do; one
    # that cannot be a code is no filter.
    expected = [] if value == "EKG99" else ["Bodø", "Haugesund", "Karmøy", "Trondheim"]
    assert sorted(shown) == expected

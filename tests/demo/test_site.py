"""The demo site built from demo/content and demo/images: what it holds (the facts of
the start-up gathering's report), that a second run changes nothing, that it renders."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from demo import datafiles
from learning.models import ExperienceArticlePage, GoodPracticePage, PresentationPage
from portal import written_standards
from portal.models import (
    County,
    HomePage,
    MunicipalityIndexPage,
    MunicipalityPage,
    Person,
    PortalImage,
    ProgrammeGoal,
    Region,
    SiteSettings,
    StandardPage,
    TargetGroup,
)

pytestmark = pytest.mark.django_db

MUNICIPALITIES = {
    "1149": ("Karmøy kommune", "karmoy", County.ROGALAND, Region.VEST, 2014),
    "1106": ("Haugesund kommune", "haugesund", County.ROGALAND, Region.VEST, 2014),
    "1804": ("Bodø kommune", "bodo", County.NORDLAND, Region.NORD, 2014),
    "5001": ("Trondheim kommune", "trondheim", County.TRONDELAG, Region.MIDT, 2014),
    "4204": ("Kristiansand kommune", "kristiansand", County.AGDER, Region.SOR, 2014),
    "3301": ("Drammen kommune", "drammen", County.BUSKERUD, Region.OST, 2014),
    "3407": ("Gjøvik kommune", "gjovik", County.INNLANDET, Region.OST, 2014),
    "1246": ("Fjell kommune", "fjell", County.VESTLAND, Region.VEST, 2011),
}

PEOPLE = {
    "Sverre Høynes": ("Programkoordinator", "Husbanken"),
    "Vibeke Johannessen": (
        "Leder for Kompetansesenter rus – region vest",
        "Stiftelsen Bergensklinikkene",
    ),
    "Cecilie Krohn": ("Programkoordinator", "Fjell kommune"),
    "Mabel Johansen": ("Regiondirektør", "Husbanken"),
    "Lars-Marius Ulfrstad": ("Avdelingsdirektør", "Husbanken"),
}


def run_command(**options):
    out = StringIO()
    call_command("load_demo_content", stdout=out, **options)
    return out.getvalue()


def site_settings():
    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


def snapshot():
    """What a second run must leave exactly as it was."""
    pages = Page.objects.order_by("path")
    return {
        "pages": list(
            pages.values_list(
                "pk", "path", "title", "slug", "live", "latest_revision_id"
            )
        ),
        "last_published": list(pages.values_list("pk", "last_published_at")),
        "revisions": Revision.objects.count(),
        "images": list(PortalImage.objects.values_list("pk", "title", "file")),
        "people": list(
            Person.objects.values_list("pk", "slug", "role", "bio", "municipality")
        ),
        "target_groups": list(TargetGroup.objects.values_list("pk", "name")),
        "goals": list(ProgrammeGoal.objects.values_list("pk", "name", "sort_order")),
        "settings": list(SiteSettings.objects.values()),
    }


def test_builds_all_eight_programme_municipalities(demo_once):
    index = MunicipalityIndexPage.objects.get()
    assert (index.slug, index.title, index.show_in_menus, index.live) == (
        "kommuner",
        "Programkommuner",
        True,
        True,
    )
    pages = MunicipalityPage.objects.child_of(index).live()
    assert {
        page.municipality_number: (
            page.title,
            page.slug,
            page.county,
            page.region,
            page.year_joined,
        )
        for page in pages
    } == MUNICIPALITIES
    for page in pages:
        assert page.intro and page.profile and page.goals
        years = [outcome.year for outcome in page.outcomes.all()]
        assert len(years) >= 2
        assert set(years) <= {2014, 2015, 2016}


def test_karmoy_has_its_image_and_husbanken_contact(demo_once):
    karmoy = MunicipalityPage.objects.get(municipality_number="1149")
    assert karmoy.url_path.endswith("/kommuner/karmoy/")
    assert karmoy.image.credit == "Husbanken"
    assert karmoy.image.description.startswith("Illustrasjon:")
    assert [
        (contact.person.name, contact.responsibility)
        for contact in karmoy.contacts.all()
    ] == [("Sverre Høynes", "Programkoordinator i Husbanken")]


def test_fjell_is_the_earlier_municipality_with_its_coordinator(demo_once):
    fjell = MunicipalityPage.objects.get(municipality_number="1246")
    assert fjell.year_joined == 2011
    assert "Øygarden" in fjell.profile
    cecilie = Person.objects.get(name="Cecilie Krohn")
    assert cecilie.municipality == fjell
    assert [contact.person for contact in fjell.contacts.all()] == [cecilie]


def test_fjell_writes_nynorsk_and_its_page_is_in_nynorsk(client, demo_once):
    """Fjell's adopted written standard, with its source: its own page and the pages
    of Fjell (its good practice, article, presentation) follow it."""
    fjell = MunicipalityPage.objects.get(municipality_number="1246")
    assert fjell.adopted_standard == "nn"
    assert "Språkrådet" in fjell.adopted_standard_source
    assert fjell.written_standard == "nn"
    assert "Kommunen vart med i Boligsosialt" in fjell.profile
    practice = GoodPracticePage.objects.get(slug="tverrfaglig-boligteam")
    assert practice.municipality == fjell
    assert practice.language == ""  # Fjell's own
    assert practice.written_standard == "nn"
    assert practice.title.startswith("Tverrfagleg bustadteam")
    article = ExperienceArticlePage.objects.get(
        slug="det-vi-har-laert-som-programkommune"
    )
    assert article.written_standard == "nn"
    presentation = PresentationPage.objects.get(slug="erfaringer-fra-fjell-kommune")
    assert presentation.municipality == fjell
    assert presentation.language == ""  # Fjell's own
    assert presentation.written_standard == "nn"
    assert presentation.title == "Erfaringar frå Fjell kommune"
    html = client.get(fjell.url).content.decode()
    assert '<p class="lead" lang="nn">Øykommunen vest for Bergen' in html
    total, _years = written_standards.shares()
    assert total.words["nn"] >= written_standards.page_words(fjell)


def test_the_demo_has_a_quarter_of_each_written_standard(demo_once):
    """The language act's minimum: at least 25 % of the public text in each written
    standard. Fjell writes nynorsk (its adopted standard, with its source), and the
    pages below it follow it."""
    fjell = MunicipalityPage.objects.get(municipality_number="1246")
    assert fjell.adopted_standard == "nn"
    assert fjell.adopted_standard_source == (
        "Språkrådet: målvedtak i kommunane (Fjell kommune, til samanslåinga med "
        "Øygarden i 2020)"
    )
    practice = fjell.get_children().get(slug="tverrfaglig-boligteam").specific
    assert practice.language == ""  # Fjell's own
    assert practice.written_standard == "nn"
    results = fjell.get_children().get(slug="resultater").specific
    assert results.written_standard == "nn"
    assert results.title == "Resultat for Fjell kommune"
    assert all(
        municipality.adopted_standard == "neutral"
        for municipality in MunicipalityPage.objects.exclude(pk=fjell.pk)
    )
    total, _years = written_standards.shares()
    assert total.percent("nn") >= written_standards.MINIMUM_SHARE, total.words
    assert total.percent("nb") >= written_standards.MINIMUM_SHARE, total.words


def test_the_five_people_with_their_roles(demo_once):
    people = {
        person.name: (person.role, person.organisation)
        for person in Person.objects.all()
    }
    assert people == PEOPLE
    assert all(person.bio for person in Person.objects.all())
    vibeke = Person.objects.get(slug="vibeke-johannessen")
    assert "programrådet" in vibeke.bio
    assert Person.objects.get(slug="sverre-hoynes").municipality is None


def test_vocabularies(demo_once):
    assert TargetGroup.objects.filter(name="Bostedsløse").exists()
    assert TargetGroup.objects.count() >= 5
    goals = list(ProgrammeGoal.objects.all())  # ordered by sort_order
    assert goals[0].name == "Flere vanskeligstilte skal bo godt og trygt"
    assert len(goals) >= 3
    assert all(goal.description for goal in goals)


def test_standard_pages_and_site_settings(demo_once):
    home = HomePage.objects.get()
    pages = {page.slug: page for page in StandardPage.objects.child_of(home).live()}
    assert {slug: page.show_in_menus for slug, page in pages.items()} == {
        "om-programmet": True,
        "personvern": False,
        "tilgjengelighet": False,
    }
    privacy_text = str(pages["personvern"].body)
    assert "30 dager" in privacy_text
    assert "Datatilsynet" in privacy_text
    accessibility_text = str(pages["tilgjengelighet"].body)
    assert "WCAG 2.1" in accessibility_text
    assert "uutilsynet.no" in accessibility_text
    assert "fact_box" in [block.block_type for block in pages["personvern"].body]
    assert "figure" in [block.block_type for block in pages["om-programmet"].body]

    settings = site_settings()
    assert settings.organisation_name == "Husbanken"
    assert settings.contact_email.endswith("@husbanken.no")
    assert settings.contact_address
    assert settings.privacy_page_id == pages["personvern"].pk
    assert settings.accessibility_page_id == pages["tilgjengelighet"].pk


def test_home_page_gets_intro_body_hero_and_one_published_revision(demo_once):
    home = HomePage.objects.get()
    assert "bo godt og trygt" in home.intro
    assert home.hero_image.title == "Hustak i en boligrekke"
    assert len(home.body) > 0
    assert home.live_revision_id == home.latest_revision_id
    assert Revision.page_revisions.filter(object_id=str(home.pk)).count() == 1


def test_images_are_the_demos_files_with_alt_text_and_credit(demo_once):
    images = PortalImage.objects.all()
    assert images.count() == 3
    files = {
        spec["title"]: spec["file"]
        for spec in datafiles.read("site")["images"].values()
    }
    for image in images:
        assert (image.width, image.height) == (1600, 900)
        assert image.description.startswith("Illustrasjon:")
        assert image.credit == "Husbanken"
        data = (datafiles.IMAGES / files[image.title]).read_bytes()
        with image.open_file() as stored:
            assert stored.read() == data
        assert image.file_size == len(data) and len(image.file_hash) == 40


def test_every_page_has_exactly_one_revision(demo_once):
    for page in Page.objects.filter(depth__gt=1):
        assert page.latest_revision_id is not None, page.url_path
        assert page.live_revision_id == page.latest_revision_id, page.url_path
    assert Revision.objects.count() == Page.objects.filter(depth__gt=1).count()


def test_running_twice_changes_nothing(demo_once):
    before = snapshot()
    output = run_command()
    assert output.startswith("Demo content: 0 created, ")
    assert snapshot() == before


def test_pages_render(client, demo_once):
    for page in Page.objects.live().filter(depth__gt=1).specific():
        response = client.get(page.url)
        assert response.status_code == 200, page.url_path


def test_karmoy_page_shows_the_photo_credit_and_contact(client, demo_once):
    karmoy = MunicipalityPage.objects.get(municipality_number="1149")
    html = client.get(karmoy.url).content.decode()
    assert "Foto: Husbanken" in html
    assert 'alt="Illustrasjon: små hus' in html
    assert "Sverre Høynes" in html
    assert "Resultater for folk" in html  # its approved figures (learning)


def test_home_and_footer_link_the_statements(client, demo_once):
    html = client.get("/").content.decode()
    assert "flere vanskeligstilte skal bo godt og trygt" in html
    assert 'href="/personvern/"' in html
    assert 'href="/tilgjengelighet/"' in html
    assert 'href="/kommuner/"' in html  # menu and the fact box's page link


def test_person_pages_render(client, demo_once):
    for person in Person.objects.all():
        response = client.get(person.get_absolute_url())
        assert response.status_code == 200
        assert person.name in response.content.decode()

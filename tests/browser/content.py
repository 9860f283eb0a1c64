"""The browser tests' shared content, built through the models' own APIs.

``tests/browser/conftest.py`` offers each part as a fixture, built anew for a test;
``build_everything`` builds all of it at once, for a module that shares it
(``tests/browser/test_pages.py``).
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Site
from wagtail.rich_text import RichText

from portal.models import County, Region, SiteSettings
from tests.factories import (
    ImageFactory,
    MunicipalityContactFactory,
    MunicipalityIndexPageFactory,
    MunicipalityOutcomeFactory,
    MunicipalityPageFactory,
    PersonFactory,
    StandardPageFactory,
)


@dataclass
class SiteContent:
    home: object
    municipality_index: object
    municipality_page: object
    standard_page: object
    privacy_page: object
    accessibility_page: object
    contact_person: object
    other_municipalities: list = field(default_factory=list)


def _photo(**kwargs):
    return ImageFactory(file__width=600, file__height=400, **kwargs)


def build_site(home_page):
    """A small but complete site: navigation, a photo on every kind of page, contacts,
    results, a body with every block, and the footer's statements from SiteSettings.

    Works with the Django test client (``db``) and with the live server (which flushes
    the database after each test; ``home_page`` rebuilds the site root).
    """
    home_page.intro = "Kunnskap og erfaringer fra kommunene i programmet."
    home_page.hero_image = _photo(description="Beboere og ansatte utenfor et boligfelt")
    home_page.save()

    municipality_index = MunicipalityIndexPageFactory(
        parent=home_page,
        intro="Kommunene som er med i Boligsosialt velferdsprogram.",
        show_in_menus=True,
    )
    contact_photo = _photo(
        description="Portrett av Sverre Høynes", credit="Karmøy kommune"
    )
    municipality_page = MunicipalityPageFactory(
        parent=municipality_index,
        title="Karmøy kommune",
        slug="karmoy",
        municipality_number="1149",
        county=County.ROGALAND,
        region=Region.VEST,
        intro="Øykommune i Nord-Rogaland med 43 000 innbyggere.",
        profile=(
            "<p>Karmøy har arbeidet med bolig for vanskeligstilte siden 2014.</p>"
            "<ul><li>Housing First</li><li>Leie til eie</li></ul>"
        ),
        goals="<p>Flere skal eie sin egen bolig.</p>",
        image=_photo(description="Deltakere fra Karmøy kommune i samtale"),
    )
    person = PersonFactory(
        name="Sverre Høynes",
        role="Programkoordinator",
        organisation="Karmøy kommune",
        municipality=municipality_page,
        photo=contact_photo,
        bio="Leder det boligsosiale arbeidet i kommunen.",
    )
    MunicipalityContactFactory(
        page=municipality_page, person=person, responsibility="Programkoordinator"
    )
    MunicipalityOutcomeFactory(page=municipality_page, year=2015, homeless_settled=14)
    MunicipalityOutcomeFactory(
        page=municipality_page, year=2016, homeless_settled=None, new_rental_homes=7
    )
    others = [
        MunicipalityPageFactory(
            parent=municipality_index,
            title="Haugesund kommune",
            slug="haugesund",
            municipality_number="1106",
            county=County.ROGALAND,
            region=Region.VEST,
        ),
        MunicipalityPageFactory(
            parent=municipality_index,
            title="Bodø kommune",
            slug="bodo",
            municipality_number="1804",
            county=County.NORDLAND,
            region=Region.NORD,
        ),
    ]

    standard_page = StandardPageFactory(
        parent=home_page,
        title="Om programmet",
        slug="om-programmet",
        show_in_menus=True,
        intro="Hva Boligsosialt velferdsprogram er, og hvem som er med.",
        body=[
            ("heading", {"text": "Bakgrunn", "level": "h2"}),
            (
                "paragraph",
                RichText(
                    "<p>Programmet er et samarbeid mellom Husbanken og kommunene. "
                    'Les mer om <a href="/kommuner/">programkommunene</a>.</p>'
                ),
            ),
            ("heading", {"text": "Hvem er med", "level": "h3"}),
            ("figure", {"image": _photo(), "caption": "Samling for programkommunene"}),
            (
                "quote",
                {
                    "quote": "Det er nyttig å hente erfaringer fra andre kommuner.",
                    "attribution": "Programkoordinator i en programkommune",
                },
            ),
            (
                "fact_box",
                {
                    "title": "Kort om programmet",
                    "body": RichText(
                        "<ul><li>Startet i 2009</li><li>Avsluttet i 2020</li></ul>"
                    ),
                },
            ),
        ],
    )
    # An editors' pick above the results of /sok/?q=kommune.
    SearchPromotion.objects.create(
        query=Query.get("kommune"),
        page=standard_page,
        sort_order=0,
        description="Hva programmet er, og hvem som er med.",
    )
    privacy_page = StandardPageFactory(
        parent=home_page, title="Personvernerklæring", slug="personvern"
    )
    accessibility_page = StandardPageFactory(
        parent=home_page, title="Tilgjengelighetserklæring", slug="tilgjengelighet"
    )

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.contact_email = "post@husbanken.no"
    site_settings.contact_phone = "22 96 16 00"
    site_settings.contact_address = "Husbanken\nPostboks 1404\n8002 Bodø"
    site_settings.privacy_page = privacy_page
    site_settings.accessibility_page = accessibility_page
    site_settings.save()

    return SiteContent(
        home=home_page,
        municipality_index=municipality_index,
        municipality_page=municipality_page,
        standard_page=standard_page,
        privacy_page=privacy_page,
        accessibility_page=accessibility_page,
        contact_person=person,
        other_municipalities=others,
    )


# Knowledge (learning) and gatherings (events), on top of the site ----------------------


def build_knowledge(site_content):
    """One of each learning page type, linked by themes, below the site's pages; the
    article shows a calculator scenario."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from learning.models import (
        ExperienceArticlePage,
        ExperienceIndexPage,
        GoodPracticeIndexPage,
        GoodPracticePage,
        PresentationIndexPage,
        PresentationPage,
    )

    home = site_content.home
    karmoy = site_content.municipality_page
    person = site_content.contact_person
    experiences = home.add_child(
        instance=ExperienceIndexPage(
            title="Erfaringer", slug="erfaringer", show_in_menus=True
        )
    )
    practices = home.add_child(
        instance=GoodPracticeIndexPage(title="Gode eksempler", slug="gode-eksempler")
    )
    presentations = home.add_child(
        instance=PresentationIndexPage(title="Presentasjoner", slug="presentasjoner")
    )
    practice = karmoy.add_child(
        instance=GoodPracticePage(
            title="Leieavtaler med private utleiere",
            slug="leieavtaler-med-private",
            intro="Kommunen leier boliger av private og fremleier dem.",
            problem="<p>For få kommunale utleieboliger.</p>",
            measures="<p>Avtaler med private utleiere om garantier.</p>",
            results="<p>Flere fikk et sted å bo.</p>",
            period_start=2014,
            no_identifiable_persons=True,
            contact_person=person,
        )
    )
    practice.tags.add("Private utleiere", "Bostedsløse")
    practice.figures.create(
        indicator="Husstander i midlertidig bolig",
        unit="husstander",
        before_value=40,
        before_year=2014,
        after_value=22,
        after_year=2016,
    )
    practice.save_revision().publish()
    article = karmoy.add_child(
        instance=ExperienceArticlePage(
            title="Slik økte vi gjennomstrømningen",
            slug="gjennomstromning",
            intro="Erfaringer fra Karmøy med oppfølging i hjemmet.",
            no_identifiable_persons=True,
            body=[
                ("paragraph", RichText("<p>Tett oppfølging gjorde forskjellen.</p>")),
                (
                    "calculator",
                    {"title": "Fire nye boliger", "link": "/kalkulator/?homes=4"},
                ),
            ],
        )
    )
    article.tags.add("Bostedsløse", "Gjennomstrømning")
    article.authors.add(person)
    article.related_practices.add(practice)
    article.save_revision().publish()
    document = get_document_model().objects.create(
        title="Lysark om programarbeid",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="lysark.pdf"),
    )
    presentation = presentations.add_child(
        instance=PresentationPage(
            title="Programarbeid på kommunenes premisser",
            slug="programarbeid",
            intro="Hvordan kommunene og Husbanken finner veien sammen.",
            document=document,
        )
    )
    presentation.speakers.add(person)
    presentation.tags.add("Bostedsløse")
    presentation.save_revision().publish()
    return SimpleNamespace(
        experiences=experiences,
        practices=practices,
        presentations=presentations,
        practice=practice,
        article=article,
        presentation=presentation,
    )


def build_gatherings(knowledge_content, site_content):
    """An upcoming gathering with registration open and a past one with a report."""
    import datetime

    from django.utils import timezone

    from events.models import (
        AgendaItem,
        GatheringIndexPage,
        GatheringPage,
        GatheringReportPage,
    )

    home = site_content.home
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    index = home.add_child(
        instance=GatheringIndexPage(
            title="Samlinger", slug="samlinger", show_in_menus=True
        )
    )
    upcoming = index.add_child(
        instance=GatheringPage(
            title="Fagsamling om bostedsløse",
            slug="fagsamling-bostedslose",
            intro="En dag om å bosette bostedsløse.",
            kind="fagsamling",
            start=now + datetime.timedelta(days=30, hours=1),
            end=now + datetime.timedelta(days=30, hours=7),
            venue="Husbanken, Bergen",
            capacity=12,
            registration_opens=now - datetime.timedelta(days=5),
        )
    )
    upcoming.tags.add("Bostedsløse")
    upcoming.save_revision().publish()
    past = index.add_child(
        instance=GatheringPage(
            title="Oppstartsamling for nye programkommuner",
            slug="oppstartsamling",
            kind="oppstartsamling",
            start=now - datetime.timedelta(days=60),
            end=now - datetime.timedelta(days=60) + datetime.timedelta(hours=6),
            venue="Husbanken, Bergen",
            registration_enabled=False,
        )
    )
    item = AgendaItem.objects.create(
        page=past,
        title="Programarbeid på kommunenes premisser",
        start=past.start,
        end=past.start + datetime.timedelta(minutes=40),
        presentation=knowledge_content.presentation,
    )
    item.speakers.add(site_content.contact_person)
    report = past.add_child(
        instance=GatheringReportPage(
            title="Kommunene stilte mannsterke",
            slug="rapport",
            intro="Sju nye programkommuner møttes.",
            body=[("paragraph", RichText("<p>Det var stor interesse.</p>"))],
            minutes="<p>Vedtak: neste samling holdes i Bodø.</p>",
        )
    )
    # What came out of it: a published evaluation, and an article from its follow-up.
    from events import loop
    from events.models import EvaluationAnswer, EvaluationResponse, FollowUp

    past.publish_evaluation = True
    past.save_revision().publish()
    useful = loop.questions(past)[0]
    for score in (4, 5):
        response = EvaluationResponse.objects.create(
            gathering=past, submitted_on=past.end.date()
        )
        EvaluationAnswer.objects.create(response=response, question=useful, score=score)
    FollowUp.objects.create(
        gathering=past,
        municipality=knowledge_content.article.get_parent().specific,
        article=knowledge_content.article,
    )
    return SimpleNamespace(index=index, upcoming=upcoming, past=past, report=report)


def build_loop_links(gathering_content, site_content):
    """The links of a participant's evaluation, follow-up and «no more e-mail»."""
    import datetime

    from django.urls import reverse
    from django.utils import timezone

    from events import loop
    from events.models import GatheringPage, Invitation, Registration

    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    links = {}
    for kind, days_ago in (("evaluation", 2), ("followup", 95)):
        gathering = gathering_content.index.add_child(
            instance=GatheringPage(
                title=f"Samling for {kind}",
                slug=f"samling-{kind}",
                kind="fagsamling",
                start=now - datetime.timedelta(days=days_ago, hours=6),
                end=now - datetime.timedelta(days=days_ago),
                registration_enabled=False,
            )
        )
        registration = Registration.objects.create(
            gathering=gathering,
            name="Kari Nordmann",
            email=f"kari-{kind}@example.no",
            municipality=site_content.municipality_page,
            consent=True,
            status="attended",
        )
        invitation = Invitation.objects.create(registration=registration, kind=kind)
        links[kind] = reverse(f"loop_{kind}", args=[loop.token(invitation)])
        links["opt_out"] = reverse(
            "loop_opt_out", args=[loop.opt_out_token(registration)]
        )
    return links


def build_hybrid(gathering_content):
    """A hybrid gathering whose one seat in the room is taken, with seats online."""
    import datetime

    from events import booking
    from events.models import GatheringPage

    upcoming = gathering_content.upcoming
    hybrid = gathering_content.index.add_child(
        instance=GatheringPage(
            title="Nettverkssamling i Bergen og på nett",
            slug="nettverkssamling-hybrid",
            kind="nettverkssamling",
            start=upcoming.start + datetime.timedelta(days=7),
            end=upcoming.end + datetime.timedelta(days=7),
            venue="Husbanken, Bergen",
            attendance="hybrid",
            capacity=1,
            digital_capacity=20,
            online_url="https://møte.example.no/nettverk-7",
            registration_opens=upcoming.registration_opens,
        )
    )
    hybrid.save_revision().publish()
    taken = booking.register(
        hybrid,
        name="Ola Nordmann",
        email="ola@example.no",
        organisation="NAV Bergen",
        participation="on_site",
        consent=True,
    ).registration
    booking.confirm(taken)
    return hybrid


def register_participant(gathering_content):
    from events import booking

    return booking.register(
        gathering_content.upcoming,
        name="Kari Nordmann",
        email="kari@example.no",
        organisation="NAV Karmøy",
        dietary_needs="Vegetar",
        consent=True,
    ).registration


def build_calculator_rates():
    """The demo's rates for the calculator."""
    from demo.loader import calculator_rates

    return calculator_rates()


def build_results(site_content):
    """The municipality's results, with goals, and an SSB table beside them."""
    from learning import results
    from learning.models import (
        MunicipalityResultsPage,
        OutcomeFigure,
        OutcomeType,
        StatisticsFigure,
        StatisticsTable,
    )

    results.ensure_outcome_types()
    settled = OutcomeType.objects.get(slug="bostedslose-bosatt")
    page = MunicipalityResultsPage(
        title="Resultater",
        slug="resultater",
        example_data=True,
        figures=[
            OutcomeFigure(outcome_type=settled, year=year, value=value, goal=goal)
            for year, value, goal in [(2015, 8, 10), (2016, 12, 12), (2017, 15, 14)]
        ],
    )
    site_content.municipality_page.add_child(instance=page)
    page.save_revision().publish()
    table = StatisticsTable.objects.create(
        table_id="12262",
        contents_code="KOSTRA",
        title="Kommunalt disponerte boliger per 1000 innbyggere",
        source_url="https://www.ssb.no/statbank/table/12262",
    )
    number = site_content.municipality_page.municipality_number
    for region, value in ((number, "21.5"), ("0", "20.1")):
        StatisticsFigure.objects.create(
            table=table, region=region, year=2016, value=value
        )
    return page


def build_everything(home_page):
    """All of the above on one site: the names are those of the fixtures."""
    site_content = build_site(home_page)
    calculator_rates = build_calculator_rates()
    knowledge_content = build_knowledge(site_content)
    gathering_content = build_gatherings(knowledge_content, site_content)
    return SimpleNamespace(
        home_page=home_page,
        site_content=site_content,
        calculator_rates=calculator_rates,
        knowledge_content=knowledge_content,
        gathering_content=gathering_content,
        loop_links=build_loop_links(gathering_content, site_content),
        registration=register_participant(gathering_content),
        results_page=build_results(site_content),
    )


def shared(name, field=None):
    """A fixture called ``name`` that gives the field of ``shared_site`` (conftest.py)
    of that name, or ``field``, with the database open to the test: read, not rolled
    back."""

    @pytest.fixture(name=name)
    def shared_field(shared_site, django_db_blocker):
        with django_db_blocker.unblock():
            yield getattr(shared_site, field or name)

    return shared_field

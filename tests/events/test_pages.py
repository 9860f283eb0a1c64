"""The events page types: where they live, that they render, that editors can create them,
and what the lists around them (index, report, person and home pages) show."""

import datetime
import zoneinfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from taggit.models import Tag
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from events.models import (
    GatheringIndexPage,
    GatheringKind,
    GatheringPage,
    GatheringReportPage,
)
from portal.models import HomePage, Region, StandardPage
from portal.site_root import ensure_home_page
from tests.events.factories import (
    AgendaItemFactory,
    GatheringIndexPageFactory,
    GatheringPageFactory,
    GatheringReportPageFactory,
    RegistrationFactory,
    in_days,
)
from tests.factories import PersonFactory
from tests.learning.factories import (
    PresentationIndexPageFactory,
    PresentationPageFactory,
)

pytestmark = pytest.mark.clock

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
NOW = datetime.datetime(2030, 3, 1, 12, 0, tzinfo=OSLO)


def at(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, 0, tzinfo=OSLO)


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def section_titles(response, heading_id):
    """The linked titles in the section labelled by ``heading_id``."""
    section = soup(response).find("section", attrs={"aria-labelledby": heading_id})
    return [link.get_text(strip=True) for link in section.select("h3 a")]


class EventsPageTestCase(WagtailPageTestCase):
    def setUp(self):
        self.home = ensure_home_page()
        self.login()


class TestGatheringIndexPage(EventsPageTestCase):
    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(GatheringIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(GatheringIndexPage, {GatheringPage})
        self.assertCanNotCreateAt(StandardPage, GatheringIndexPage)

    def test_editor_can_create_one_only(self):
        self.assertCanCreateAt(HomePage, GatheringIndexPage)
        self.assertCanCreate(
            self.home,
            GatheringIndexPage,
            nested_form_data(
                {
                    "title": "Samlinger",
                    "slug": "samlinger",
                    "intro": "Fagsamlinger, konferanser og webinarer i programmet.",
                }
            ),
        )
        index = GatheringIndexPage.objects.get()
        assert index.url == "/samlinger/"
        assert not GatheringIndexPage.can_create_at(self.home)

    def test_renders(self):
        index = GatheringIndexPageFactory(parent=self.home)
        self.assertPageIsRenderable(index)
        response = self.client.get(index.url)
        self.assertContains(response, "Ingen kommende samlinger")
        self.assertContains(response, "Ingen tidligere samlinger")


class TestGatheringPage(EventsPageTestCase):
    def setUp(self):
        super().setUp()
        self.index = GatheringIndexPageFactory(parent=self.home)

    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(GatheringPage, {GatheringIndexPage})
        self.assertAllowedSubpageTypes(GatheringPage, {GatheringReportPage})
        self.assertCanNotCreateAt(HomePage, GatheringPage)

    def test_renders_with_agenda_and_form(self):
        gathering = GatheringPageFactory(parent=self.index, title="Boligkonferansen")
        speaker = PersonFactory(name="Kari Nordmann", role="Rådgiver")
        item = AgendaItemFactory(page=gathering, title="Velkommen")
        item.speakers.set([speaker])
        item.save()

        self.assertPageIsRenderable(gathering)
        response = self.client.get(gathering.url)
        self.assertContains(response, "Velkommen")
        self.assertContains(response, "Kari Nordmann")
        self.assertContains(response, "10 ledige plasser")
        self.assertContains(response, "Meld deg på")
        self.assertContains(response, '"@type": "Event"')

    def test_editor_can_create_with_agenda_and_speakers(self):
        kari = PersonFactory(name="Kari Nordmann")
        # Pages take only themes that exist (learning.themes).
        for name in ["Bostedsløse"]:
            Tag.objects.get_or_create(name=name)
        ola = PersonFactory(name="Ola Nordmann")
        data = nested_form_data(
            {
                "title": "Fagsamling om bostedsløse",
                "slug": "fagsamling-bostedslose",
                "intro": "To dager om å skaffe bolig til bostedsløse.",
                "kind": GatheringKind.SEMINAR,
                "start": "2030-05-06 10:00",
                "end": "2030-05-07 15:00",
                "venue": "Husbanken, Bergen",
                "address": "Kaigaten 9, Bergen",
                "online_url": "",
                "region": Region.VEST,
                "organiser": "Husbanken",
                "audience": "Programkoordinatorer",
                "tags": "Bostedsløse",
                "description": streamfield(
                    [("paragraph", rich_text("<p>Program følger.</p>"))]
                ),
                "agenda_items": inline_formset(
                    [
                        {
                            "start": "2030-05-06 10:00",
                            "end": "2030-05-06 10:30",
                            "title": "Velkommen",
                            "kind": "talk",
                            "presentation": "",
                            "good_practice": "",
                        },
                        {
                            "start": "2030-05-06 10:30",
                            "end": "2030-05-06 11:15",
                            "title": "Bolig først i Bergen",
                            "kind": "talk",
                            "presentation": "",
                            "good_practice": "",
                        },
                        {
                            "start": "2030-05-07 09:00",
                            "end": "2030-05-07 10:00",
                            "title": "Verksted",
                            "kind": "workshop",
                            "presentation": "",
                            "good_practice": "",
                        },
                    ]
                ),
                "evaluation_questions": inline_formset([]),
                "registration_enabled": "on",
                "registration_opens": "",
                "registration_closes": "2030-05-01 12:00",
                "capacity": "80",
                "digital_capacity": "100",
                "attendance": "on_site",
                "registration_questions": inline_formset([]),
                "waiting_list": "on",
                "seats_per_municipality": "4",
                "reminder_days": "3",
            }
        )
        # Several speakers are several values of one field, which nested_form_data
        # would number instead.
        data["agenda_items-0-speakers"] = [str(kari.pk)]
        data["agenda_items-1-speakers"] = [str(kari.pk), str(ola.pk)]

        self.assertCanCreate(self.index, GatheringPage, data)

        gathering = GatheringPage.objects.get(slug="fagsamling-bostedslose")
        assert gathering.live
        assert gathering.capacity == 80
        assert gathering.seats_per_municipality == 4
        assert [item.title for item in gathering.agenda_items.all()] == [
            "Velkommen",
            "Bolig først i Bergen",
            "Verksted",
        ]
        talk = gathering.agenda_items.get(title="Bolig først i Bergen")
        assert set(talk.speakers.all()) == {kari, ola}
        assert timezone_local(talk.start) == at(2030, 5, 6, 10).replace(minute=30)
        assert [tag.name for tag in gathering.tags.all()] == ["Bostedsløse"]
        response = self.client.get(gathering.url)
        self.assertContains(response, "Bolig først i Bergen")
        self.assertContains(response, "Ola Nordmann")


def timezone_local(moment):
    return moment.astimezone(OSLO)


class TestGatheringReportPage(EventsPageTestCase):
    def setUp(self):
        super().setUp()
        self.index = GatheringIndexPageFactory(parent=self.home)
        # Held two days ago: a report is published once its gathering has started.
        self.gathering = GatheringPageFactory(
            parent=self.index,
            start=in_days(-2, 9),
            end=in_days(-2, 16),
            registration_opens=None,
            registration_closes=None,
        )

    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(GatheringReportPage, {GatheringPage})
        self.assertAllowedSubpageTypes(GatheringReportPage, set())
        self.assertCanNotCreateAt(GatheringIndexPage, GatheringReportPage)

    def test_renders(self):
        report = GatheringReportPageFactory(parent=self.gathering)
        self.assertPageIsRenderable(report)

    def test_editor_can_create(self):
        self.assertCanCreate(
            self.gathering,
            GatheringReportPage,
            nested_form_data(
                {
                    "title": "Rapport: to dager om bostedsløse",
                    "slug": "rapport",
                    "intro": "Dette lærte vi.",
                    "date": "2030-05-08",
                    "body": streamfield(
                        [
                            (
                                "paragraph",
                                rich_text("<p>Over hundre deltakere kom.</p>"),
                            )
                        ]
                    ),
                    "recordings": streamfield([]),
                }
            ),
        )
        report = GatheringReportPage.objects.get(slug="rapport")
        assert report.get_parent().specific == self.gathering
        response = self.client.get(report.url)
        self.assertContains(response, "Over hundre deltakere kom.")
        # The gathering links its report.
        self.assertContains(
            self.client.get(self.gathering.url), "Rapport: to dager om bostedsløse"
        )

    def test_shows_the_gatherings_speakers_and_presentations(self):
        presentations = PresentationIndexPageFactory(parent=self.home)
        kari = PersonFactory(name="Kari Nordmann", role="Rådgiver")
        ola = PersonFactory(name="Ola Nordmann")
        slides = PresentationPageFactory(
            parent=presentations, title="Bolig først – erfaringer", speakers=[kari]
        )
        draft = PresentationPageFactory(
            parent=presentations, title="Utkast til lysark", live=False
        )
        first = AgendaItemFactory(
            page=self.gathering, title="Innlegg om bolig først", presentation=slides
        )
        first.speakers.set([kari])
        first.save()
        second = AgendaItemFactory(
            page=self.gathering,
            title="Paneldebatt",
            presentation=draft,
            start=first.end,
            end=first.end + datetime.timedelta(minutes=30),
        )
        second.speakers.set([ola, kari])
        second.save()
        report = GatheringReportPageFactory(parent=self.gathering)

        response = self.client.get(report.url)

        page = soup(response)
        speakers = page.find("section", attrs={"aria-labelledby": "innledere"})
        assert [a.get_text() for a in speakers("a")] == [
            "Kari Nordmann",
            "Ola Nordmann",
        ]
        assert speakers.find("a", string="Kari Nordmann")["href"] == (
            kari.get_absolute_url()
        )
        listed = page.find("section", attrs={"aria-labelledby": "presentasjoner"})
        assert [a.get_text() for a in listed("a")] == ["Bolig først – erfaringer"]
        assert "Utkast til lysark" not in response.content.decode()

    def test_no_presentations_heading_when_none_is_published(self):
        presentations = PresentationIndexPageFactory(parent=self.home)
        draft = PresentationPageFactory(
            parent=presentations, title="Utkast til lysark", live=False
        )
        AgendaItemFactory(page=self.gathering, presentation=draft)
        report = GatheringReportPageFactory(parent=self.gathering)

        response = self.client.get(report.url)

        assert soup(response).find(id="presentasjoner") is None
        self.assertNotContains(response, "Utkast til lysark")


# --- the index: upcoming, past and filters ---


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def gatherings(frozen, gathering_index):
    """Two past, one under way and two upcoming gatherings, made in a mixed order."""

    def make(title, start, days=1, **fields):
        return GatheringPageFactory(
            parent=gathering_index,
            title=title,
            start=start,
            end=start + datetime.timedelta(days=days - 1, hours=7),
            registration_opens=None,
            registration_closes=None,
            **fields,
        )

    made = {
        "later": make(
            "Nettverkssamling nord",
            at(2030, 9, 10),
            kind=GatheringKind.NETWORK,
            region=Region.NORD,
        ),
        "old": make(
            "Oppstartsamling 2028",
            at(2028, 10, 1),
            kind=GatheringKind.STARTUP,
            region=Region.VEST,
        ),
        "soon": make(
            "Boligkonferansen 2030",
            at(2030, 4, 2),
            days=2,
            kind=GatheringKind.CONFERENCE,
            region=Region.VEST,
        ),
        "recent": make(
            "Fagsamling vest 2029",
            at(2029, 11, 5),
            kind=GatheringKind.SEMINAR,
            region=Region.VEST,
        ),
        "ongoing": make(
            "Webinar om bostøtte",
            at(2030, 3, 1, hour=11),
            kind=GatheringKind.WEBINAR,
            region=Region.OST,
        ),
    }
    made["draft"] = make("Utkast til samling", at(2030, 3, 20), live=False)
    for key in ("soon", "old"):
        made[key].tags.add("Bostedsløse")
        made[key].save()
    return made


@pytest.mark.django_db
def test_index_lists_upcoming_soonest_first_then_past_newest_first(
    client, gathering_index, gatherings
):
    response = client.get(gathering_index.url)

    assert response.status_code == 200
    assert section_titles(response, "kommende") == [
        "Webinar om bostøtte",  # under way counts as upcoming until it ends
        "Boligkonferansen 2030",
        "Nettverkssamling nord",
    ]
    assert section_titles(response, "tidligere") == [
        "Fagsamling vest 2029",
        "Oppstartsamling 2028",
    ]
    assert "Utkast til samling" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "upcoming", "past"),
    [
        ("type=konferanse", ["Boligkonferansen 2030"], []),
        (
            "region=vest",
            ["Boligkonferansen 2030"],
            ["Fagsamling vest 2029", "Oppstartsamling 2028"],
        ),
        ("ar=2029", [], ["Fagsamling vest 2029"]),
        ("tema=bostedslose", ["Boligkonferansen 2030"], ["Oppstartsamling 2028"]),
        ("region=vest&type=fagsamling", [], ["Fagsamling vest 2029"]),
        ("ar=ikke-et-aar", [], []),
    ],
)
def test_index_filters_without_javascript(
    client, gathering_index, gatherings, query, upcoming, past
):
    response = client.get(f"{gathering_index.url}?{query}")

    assert response.status_code == 200
    assert section_titles(response, "kommende") == upcoming
    assert section_titles(response, "tidligere") == past
    if not upcoming:
        assert "Ingen kommende samlinger" in response.content.decode()


@pytest.mark.django_db
def test_index_filters_are_plain_links(client, gathering_index, gatherings):
    theme = Tag.objects.get(name="Bostedsløse")

    page = soup(client.get(gathering_index.url))

    filters = page.find("nav", attrs={"aria-label": "Filtrer samlingene"})
    hrefs = {link["href"] for link in filters("a")}
    assert {
        "?type=konferanse",
        "?region=vest",
        "?ar=2029",
        f"?tema={theme.slug}",
    } <= hrefs
    assert page.find("script", src=True) is None


@pytest.mark.django_db
def test_past_gathering_shows_its_presentations(
    client, home_page, gathering_index, frozen
):
    presentations = PresentationIndexPageFactory(parent=home_page)
    slides = PresentationPageFactory(parent=presentations, title="Lysark fra Bodø")
    gathering = GatheringPageFactory(
        parent=gathering_index,
        start=at(2029, 6, 1),
        end=at(2029, 6, 1, 16),
        registration_opens=None,
        registration_closes=None,
    )
    AgendaItemFactory(page=gathering, presentation=slides)

    response = client.get(gathering.url)

    assert "Presentasjonene fra samlingen" in response.content.decode()
    assert "Lysark fra Bodø" in response.content.decode()
    assert soup(response).find("form", {"method": "post"}) is None


# --- what gatherings add to other pages ---


@pytest.mark.django_db
def test_person_page_lists_talks(client, gathering_index, frozen):
    kari = PersonFactory(name="Kari Nordmann")
    gathering = GatheringPageFactory(
        parent=gathering_index,
        title="Boligkonferansen 2030",
        start=at(2030, 4, 2),
        end=at(2030, 4, 2, 16),
    )
    talk = AgendaItemFactory(page=gathering, title="Bolig først i praksis")
    talk.speakers.set([kari])
    talk.save()
    hidden = GatheringPageFactory(parent=gathering_index, live=False)
    draft_talk = AgendaItemFactory(page=hidden, title="Innlegg på et utkast")
    draft_talk.speakers.set([kari])
    draft_talk.save()

    response = client.get(f"/personer/{kari.slug}/")

    assert response.status_code == 200
    assert "Innlegg på samlinger" in response.content.decode()
    section = soup(response).find("h2", string="Innlegg på samlinger").parent
    assert [a.get_text() for a in section.select("h3 a")] == ["Bolig først i praksis"]
    assert section.select_one("h3 a")["href"] == gathering.url
    assert "Boligkonferansen 2030 · 2. april 2030" in section.get_text()


@pytest.mark.django_db
def test_home_page_shows_upcoming_gatherings(client, home_page, gatherings):
    response = client.get(home_page.url)

    assert response.status_code == 200
    section = soup(response).find("h2", string="Kommende samlinger").parent
    assert [a.get_text() for a in section.select("h3 a")] == [
        "Webinar om bostøtte",
        "Boligkonferansen 2030",
        "Nettverkssamling nord",
    ]


@pytest.mark.django_db
def test_a_gathering_over_two_days_reads_the_same_on_every_page(
    client, gathering_index, frozen
):
    gathering = GatheringPageFactory(
        parent=gathering_index,
        title="Boligkonferansen 2030",
        start=at(2030, 3, 13, 10),
        end=at(2030, 3, 14, 15),
        registration_opens=None,
        registration_closes=None,
    )
    registration = RegistrationFactory(gathering=gathering)
    when = "onsdag 13. mars kl. 10:00 – torsdag 14. mars 2030 kl. 15:00"

    def text(url):
        response = client.get(url)
        assert response.status_code == 200
        return " ".join(soup(response).get_text(" ").split())

    assert f"Når {when}" in text(gathering.url)
    assert f"Boligkonferansen 2030 , {when}." in text(registration.get_absolute_url())
    cancel_page = text(f"{registration.get_absolute_url()}avmeld/")
    assert f"Boligkonferansen 2030 , {when}?" in cancel_page
    assert "13.–14. mars 2030" in text(gathering_index.url)

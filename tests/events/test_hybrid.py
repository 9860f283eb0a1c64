"""Hybrid gatherings: on site, digital or both.

- A hybrid gathering asks how the person takes part; on site and digital have their own
  seats and their own waiting lists, and a seat freed in one goes to the first person
  waiting for that one.
- The limit per municipality applies to the seats on site.
- The meeting's link is shown to confirmed digital participants only: on their own
  page, in the reminder and in their own calendar file. Never on a public page, in a
  feed, the API, the sitemap or a public calendar file.
"""

import re

import pytest
from django.core.exceptions import ValidationError

from events import booking, notifications
from events.models import (
    EmailKind,
    Participation,
    RegistrationState,
    RegistrationStatus,
)
from tests.events.factories import GatheringPageFactory
from tests.factories import MunicipalityPageFactory

pytestmark = pytest.mark.django_db

SECRET = "https://møte.example.no/hemmelig-strøm-4711"
ON_SITE, DIGITAL = Participation.ON_SITE, Participation.DIGITAL


def register(gathering, email, participation="", confirm=True, **fields):
    fields.setdefault("name", email.split("@")[0].title())
    fields.setdefault("organisation", "NAV")
    result = booking.register(
        gathering, email=email, participation=participation, consent=True, **fields
    )
    if confirm and result.created:
        return booking.confirm(result.registration).registration
    return result.registration


@pytest.fixture
def hybrid(gathering_index):
    return GatheringPageFactory(
        parent=gathering_index,
        title="Bostedsløse i by og bygd",
        attendance="hybrid",
        capacity=2,
        digital_capacity=3,
        online_url=SECRET,
    )


def test_each_way_of_taking_part_has_its_own_seats_and_waiting_list(hybrid):
    on_site = [register(hybrid, f"sal{n}@example.no", ON_SITE) for n in range(3)]
    digital = [register(hybrid, f"nett{n}@example.no", DIGITAL) for n in range(4)]

    assert [r.status for r in on_site] == ["confirmed", "confirmed", "waiting"]
    assert [r.status for r in digital] == ["confirmed"] * 3 + ["waiting"]
    assert on_site[2].waiting_position() == 1
    assert digital[3].waiting_position() == 1
    assert hybrid.seats_by_participation() == [(ON_SITE, 0), (DIGITAL, 0)]
    assert hybrid.registration_state() == RegistrationState.WAITING_LIST

    # A seat on site freed goes to the first waiting for a seat on site.
    booking.cancel(on_site[0])
    on_site[2].refresh_from_db()
    digital[3].refresh_from_db()
    assert on_site[2].status == RegistrationStatus.CONFIRMED
    assert digital[3].status == RegistrationStatus.WAITING


def test_a_digital_seat_is_free_while_the_room_is_full(hybrid):
    for n in range(2):
        register(hybrid, f"sal{n}@example.no", ON_SITE)

    assert hybrid.registration_state() == RegistrationState.OPEN
    assert hybrid.seats_left() == 3
    assert register(hybrid, "nett@example.no", DIGITAL).status == "confirmed"
    assert register(hybrid, "sal@example.no", ON_SITE).status == "waiting"


def test_a_hybrid_gathering_asks_and_a_single_one_does_not(hybrid, gathering_index):
    with pytest.raises(booking.BookingError, match="på stedet eller digitalt"):
        register(hybrid, "kari@example.no")
    with pytest.raises(booking.BookingError):
        register(hybrid, "kari@example.no", "i-salen")
    webinar = GatheringPageFactory(
        parent=gathering_index, attendance="digital", digital_capacity=1
    )
    assert register(webinar, "ola@example.no").participation == DIGITAL
    assert register(webinar, "per@example.no").status == "waiting"
    assert webinar.registration_state() == RegistrationState.WAITING_LIST


def test_the_limit_per_municipality_counts_the_seats_on_site(hybrid, home_page):
    municipality = MunicipalityPageFactory(parent=home_page, title="Karmøy kommune")
    hybrid.seats_per_municipality = 1
    hybrid.save()

    first = register(hybrid, "a@karmoy.kommune.no", ON_SITE, municipality=municipality)
    second = register(hybrid, "b@karmoy.kommune.no", ON_SITE, municipality=municipality)
    digital = register(
        hybrid, "c@karmoy.kommune.no", DIGITAL, municipality=municipality
    )

    assert (first.status, second.status, digital.status) == (
        "confirmed",
        "waiting",
        "confirmed",
    )
    assert second.waiting_reason() == "Karmøy kommune har allerede brukt sin plass"


def test_the_form_asks_only_where_the_gathering_is_hybrid(client, hybrid):
    html = client.get(hybrid.url).content.decode()
    assert "Hvordan deltar du?" in html
    assert 'type="radio" name="participation" value="digital"' in html
    assert "2 ledige plasser på stedet, 3 ledige plasser digitalt" in html

    response = client.post(
        hybrid.url,
        {"name": "Kari Nordmann", "email": "kari@example.no", "consent": "ja"},
    )
    assert response.status_code == 400
    assert "Velg om du deltar på stedet eller digitalt." in response.content.decode()
    assert not hybrid.registrations.exists()

    hybrid.attendance = "on_site"
    hybrid.save_revision().publish()
    assert "Hvordan deltar du?" not in client.get(hybrid.url).content.decode()


def test_a_way_with_people_in_it_cannot_be_taken_away(hybrid):
    register(hybrid, "nett@example.no", DIGITAL)
    hybrid.attendance = "on_site"
    with pytest.raises(ValidationError) as error:
        hybrid.full_clean()
    assert "attendance" in error.value.message_dict


class TestTheMeetingLink:
    """Only a confirmed digital participant sees it."""

    def test_a_confirmed_digital_participant_has_it_on_their_own_page(
        self, client, hybrid
    ):
        digital = register(hybrid, "nett@example.no", DIGITAL)
        html = client.get(digital.get_absolute_url()).content.decode()
        assert f'href="{SECRET}"' in html
        assert "Digitalt" in html

    @pytest.mark.parametrize(
        ("participation", "confirm"),
        [(ON_SITE, True), (DIGITAL, False)],
        ids=["on site", "unconfirmed"],
    )
    def test_nobody_else_sees_it_on_their_page(
        self, client, hybrid, participation, confirm
    ):
        registration = register(hybrid, "kari@example.no", participation, confirm)
        html = client.get(registration.get_absolute_url()).content.decode()
        assert SECRET not in html

    def test_a_digital_participant_waiting_has_no_link(self, client, hybrid):
        for n in range(3):
            register(hybrid, f"nett{n}@example.no", DIGITAL)
        waiting = register(hybrid, "vent@example.no", DIGITAL)
        assert waiting.status == "waiting"
        assert waiting.meeting_link() == ""

    def test_the_reminder_and_own_calendar_file_carry_it_to_digital_only(
        self, client, hybrid
    ):
        digital = register(hybrid, "nett@example.no", DIGITAL)
        on_site = register(hybrid, "sal@example.no", ON_SITE)
        for registration, shown in ((digital, True), (on_site, False)):
            reminder = notifications.build_message(
                notifications.queue(registration, EmailKind.REMINDER)
            )
            html = reminder.alternatives[0].content
            assert (SECRET in reminder.body) is shown
            assert (SECRET in html) is shown
            ics = client.get(
                f"/pamelding/{registration.token}/kalender.ics"
            ).content.decode()
            assert (SECRET in ics.replace("\r\n ", "")) is shown
        confirmation = notifications.build_message(
            digital.notifications.get(kind=EmailKind.CONFIRMATION)
        )
        assert SECRET not in confirmation.body

    def test_it_appears_nowhere_public(self, client, hybrid, gathering_index):
        register(hybrid, "nett@example.no", DIGITAL)
        addresses = [
            "/",
            gathering_index.url,
            hybrid.url,
            f"{hybrid.url}kalender.ics",
            f"{gathering_index.url}kalender.ics",
            f"/nn{hybrid.url}",
            "/rss/",
            "/sitemap.xml",
            "/sitemap-sider.xml",
            "/sok/?q=bostedsløse",
            "/api/v2/pages/?type=events.GatheringPage&fields=*",
            f"/api/v2/pages/{hybrid.pk}/",
            "/apne-data/",
        ]
        # Where the gathering itself is shown (so that the check reads it).
        showing = {hybrid.url, f"{hybrid.url}kalender.ics", addresses[4], addresses[5]}
        showing |= {addresses[10], addresses[11]}
        for address in addresses:
            response = client.get(address)
            assert response.status_code == 200, address
            text = response.content.decode().replace("\r\n ", "")
            assert "hemmelig-str" not in text, address
            assert "hemmelig-str%C3%B8m" not in text, address
            if address in showing:
                assert "Bostedsløse i by og bygd" in text, address


def test_organisers_see_each_ways_seats_and_how_each_person_takes_part(
    admin_client, hybrid
):
    register(hybrid, "sal@example.no", ON_SITE)
    register(hybrid, "nett@example.no", DIGITAL)
    html = admin_client.get(f"/admin/pameldinger/{hybrid.pk}/").content.decode()
    assert "på stedet: 2 · digitalt: 3" in html
    assert "på stedet: 1 · digitalt: 2" in html  # free seats
    cells = re.findall(r"<td >\s*([^<]+?)\s*</td>", html)
    assert "Digitalt" in cells
    assert "På stedet" in cells
    index = admin_client.get("/admin/pameldinger/").content.decode()
    assert "på stedet: 1 · digitalt: 2" in index
    export = admin_client.get(f"/admin/pameldinger/{hybrid.pk}/pameldinger.csv")
    rows = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert "deltar" in rows[0]
    assert any("nett@example.no" in row and "Digitalt" in row for row in rows)

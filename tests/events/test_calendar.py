"""Machine-readable gatherings: the calendar files (RFC 5545) and schema.org JSON-LD."""

import datetime
import json
import re
import zoneinfo

import icalendar
import pytest
from django.utils import timezone

from tests.events.factories import GatheringPageFactory, RegistrationFactory
from tests.machine_readable import json_ld

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
# Two years ahead, so these stay upcoming whenever the suite runs.
YEAR = timezone.now().year + 2
SUMMER_START = datetime.datetime(YEAR, 6, 17, 9, 30, tzinfo=OSLO)  # UTC+2
WINTER_START = datetime.datetime(YEAR, 1, 14, 10, 0, tzinfo=OSLO)  # UTC+1

TITLE = "Bolig, rus; psykisk helse – «gjennomstrømning» i kommunale utleieboliger"
INTRO = (
    "Økt om bostøtte, grunnlån og tilskudd til utleieboliger; erfaringer fra "
    "Karmøy, Bergen og Trondheim.\nAndre linje med en skråstrek \\ og æøå."
)


@pytest.fixture
def summer(gathering_index):
    return GatheringPageFactory(
        parent=gathering_index,
        title=TITLE,
        intro=INTRO,
        start=SUMMER_START,
        end=SUMMER_START.replace(hour=15),
        venue="Husbanken, Bergen",
        address="Kaigaten 9; 5015 Bergen",
    )


@pytest.fixture
def winter(gathering_index):
    return GatheringPageFactory(
        parent=gathering_index,
        title="Vintersamling",
        start=WINTER_START,
        end=WINTER_START.replace(hour=16),
        venue="",
        attendance="digital",
        online_url="https://møte.example.no/vinter",
    )


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events_by_uid(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def uid(gathering):
    return f"gathering-{gathering.pk}@boligsosialt-velferdsprogram"


def assert_well_formed(content):
    """CRLF line ends and no line longer than 75 octets (RFC 5545 3.1)."""
    assert content.endswith(b"\r\n")
    assert b"\n" not in content.replace(b"\r\n", b"")
    lines = content.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines), "expected folded lines"


def test_one_gathering_as_ics(client, summer):
    response = client.get(f"{summer.url}kalender.ics")

    calendar = parse(response)
    assert_well_formed(response.content)
    assert (
        response["Content-Disposition"] == f'attachment; filename="{summer.slug}.ics"'
    )
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == uid(summer)
    # Escaped , ; \ and the newline come back exactly.
    assert str(event["SUMMARY"]) == TITLE
    assert str(event["DESCRIPTION"]) == INTRO
    assert str(event["LOCATION"]) == "Husbanken, Bergen, Kaigaten 9; 5015 Bergen"
    assert str(event["URL"]) == summer.full_url
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
    start = event.decoded("DTSTART")
    assert start == summer.start
    assert (start.hour, start.minute) == (9, 30)
    assert start.utcoffset() == datetime.timedelta(hours=2)
    assert event.decoded("DTEND") == summer.end


def test_summer_and_winter_time_come_back_at_local_time(client, summer, winter):
    for gathering, hour, offset in ((summer, 9, 2), (winter, 10, 1)):
        calendar = parse(client.get(f"{gathering.url}kalender.ics"))
        (event,) = calendar.walk("VEVENT")
        assert "DTSTART;TZID=Europe/Oslo:" in calendar.to_ical().decode()
        start = event.decoded("DTSTART")
        assert start == gathering.start
        assert start.hour == hour
        assert start.utcoffset() == datetime.timedelta(hours=offset)
        # A program that does not know the zone's name uses the rules in the file.
        (vtimezone,) = calendar.walk("VTIMEZONE")
        rules = vtimezone.to_tz(lookup_tzid=False)
        local = start.replace(tzinfo=None)
        assert rules.utcoffset(local) == datetime.timedelta(hours=offset)


def test_a_digital_gatherings_public_file_leaves_its_meeting_link_out(client, winter):
    response = client.get(f"{winter.url}kalender.ics")
    (event,) = parse(response).walk("VEVENT")

    assert "LOCATION" not in event
    assert str(event["URL"]) == winter.full_url
    assert "møte.example.no" not in response.content.decode()


def test_cancelled_gathering_is_marked_cancelled(client, summer):
    summer.cancelled = True
    summer.save_revision().publish()

    (event,) = parse(client.get(f"{summer.url}kalender.ics")).walk("VEVENT")

    assert str(event["STATUS"]) == "CANCELLED"


def test_feed_of_all_upcoming_gatherings(client, gathering_index, summer, winter):
    past = GatheringPageFactory(
        parent=gathering_index,
        start=timezone.now() - datetime.timedelta(days=10),
        end=timezone.now() - datetime.timedelta(days=10, hours=-6),
        registration_opens=None,
        registration_closes=None,
    )
    draft = GatheringPageFactory(parent=gathering_index, live=False)

    response = client.get(f"{gathering_index.url}kalender.ics")

    calendar = parse(response)
    assert_well_formed(response.content)
    assert str(calendar["X-WR-CALNAME"]) == gathering_index.title
    events = events_by_uid(calendar)
    assert set(events) == {uid(summer), uid(winter)}
    assert uid(past) not in events and uid(draft) not in events
    assert events[uid(summer)].decoded("DTSTART") == summer.start
    assert events[uid(winter)].decoded("DTSTART") == winter.start
    assert str(events[uid(summer)]["SUMMARY"]) == TITLE
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == [
        "Vintersamling",
        TITLE,
    ]


def test_calendar_links_on_the_pages_lead_to_calendar_files(
    client, gathering_index, summer
):
    link = re.compile(r'href="([^"]*kalender\.ics)"')
    for page, expected in ((summer, [uid(summer)]), (gathering_index, [uid(summer)])):
        (href,) = set(link.findall(client.get(page.url).content.decode()))
        assert href == f"{page.url}kalender.ics"
        assert list(events_by_uid(parse(client.get(href)))) == expected
    assert client.get("/finnes-ikke/kalender.ics").status_code == 404


def test_participants_own_calendar_file(client, summer):
    registration = RegistrationFactory(gathering=summer)

    response = client.get(f"/pamelding/{registration.token}/kalender.ics")

    calendar = parse(response)
    assert_well_formed(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == uid(summer)
    assert event.decoded("DTSTART") == summer.start
    assert str(event["SUMMARY"]) == TITLE
    assert str(event["LOCATION"]) == "Husbanken, Bergen, Kaigaten 9; 5015 Bergen"
    assert client.get("/pamelding/ikke-en-ekte-kode/kalender.ics").status_code == 404


# --- schema.org JSON-LD on the gathering page ---

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def test_json_ld_describes_the_event(client, summer):
    data = json_ld(client, summer)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == TITLE
    assert data["description"] == INTRO
    assert datetime.datetime.fromisoformat(data["startDate"]) == summer.start
    assert data["startDate"] == f"{YEAR}-06-17T09:30:00+02:00"
    assert datetime.datetime.fromisoformat(data["endDate"]) == summer.end
    assert data["location"] == {
        "@type": "Place",
        "name": "Husbanken, Bergen",
        "address": "Kaigaten 9; 5015 Bergen",
    }
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert (
        data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    )
    assert data["url"] == summer.full_url


def test_json_ld_for_online_and_hybrid_gatherings(client, winter, summer):
    data = json_ld(client, winter)
    assert data["startDate"] == f"{YEAR}-01-14T10:00:00+01:00"
    # The page's address stands for the meeting: its link is for participants.
    assert data["location"] == {"@type": "VirtualLocation", "url": winter.full_url}
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"

    summer.attendance = "hybrid"
    summer.online_url = "https://møte.example.no/sommer"
    summer.save_revision().publish()
    data = json_ld(client, summer)
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in data["location"]] == [
        "Place",
        "VirtualLocation",
    ]


def test_title_cannot_break_out_of_the_json_ld_script(client, gathering_index):
    title = 'Samling </script><script>alert("x")</script> <!-- slutt'
    gathering = GatheringPageFactory(parent=gathering_index, title=title)

    html = client.get(gathering.url).content.decode()

    assert "<script>alert" not in html
    (found,) = JSON_LD.findall(html)
    assert "</script" not in found and "<!--" not in found
    assert json.loads(found)["name"] == title


def test_json_ld_offers_a_free_seat_while_registration_is_open(client, gathering_index):
    gathering = GatheringPageFactory(parent=gathering_index, capacity=1)
    offer = json_ld(client, gathering)["offers"]
    assert offer == {
        "@type": "Offer",
        "price": "0",
        "priceCurrency": "NOK",
        "url": f"{gathering.full_url}#pamelding",
        "availability": "https://schema.org/InStock",
        "validFrom": timezone.localtime(gathering.registration_opens).isoformat(),
    }
    RegistrationFactory(gathering=gathering)  # the one seat
    assert json_ld(client, gathering)["offers"]["availability"] == (
        "https://schema.org/SoldOut"
    )


def test_json_ld_before_registration_opens_and_without_registration(
    client, gathering_index
):
    later = GatheringPageFactory(
        parent=gathering_index,
        registration_opens=timezone.now() + datetime.timedelta(days=3),
    )
    assert json_ld(client, later)["offers"]["availability"] == (
        "https://schema.org/PreSale"
    )
    without = GatheringPageFactory(parent=gathering_index, registration_enabled=False)
    assert "offers" not in json_ld(client, without)

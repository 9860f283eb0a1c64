"""Gatherings and municipalities in the public API: what a machine reads of them."""

import datetime
import json

import pytest
import time_machine

from events.models import GatheringPage, Registration, RegistrationStatus
from tests.events.factories import (
    AgendaItemFactory,
    GatheringPageFactory,
    RegistrationFactory,
)
from tests.events.test_registration_views import post_form
from tests.factories import MunicipalityPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

NOW = datetime.datetime(2027, 3, 1, 12, tzinfo=datetime.UTC)


def at(days, hour):
    return NOW + datetime.timedelta(days=days, hours=hour - 12)


FIELDS = (
    "kind",
    "start",
    "end",
    "venue",
    "address",
    "region",
    "tags",
    "agenda",
    "registration_state",
    "seats_left",
)


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def karmoy(municipality_index):
    return MunicipalityPageFactory(
        parent=municipality_index,
        title="Karmøy kommune",
        municipality_number="1149",
        county="rogaland",
        region="vest",
    )


@pytest.fixture
def seminar(frozen, gathering_index, karmoy):
    gathering = GatheringPageFactory(
        parent=gathering_index,
        title="Fagsamling om bostedsløse",
        kind="fagsamling",
        start=at(30, 9),
        end=at(30, 16),
        venue="Husbanken, Bergen",
        address="Kaigaten 9, 5015 Bergen",
        online_url="https://møte.example.no/hemmelig-rom",
        region="vest",
        capacity=5,
        registration_opens=at(-10, 9),
        registration_closes=at(25, 12),
    )
    gathering.tags.add("Bostedsløse", "Rus")
    gathering.save()
    AgendaItemFactory(
        page=gathering, title="Velkommen", start=at(30, 9), end=at(30, 10)
    )
    AgendaItemFactory(
        page=gathering, title="Lunsj", kind="meal", start=at(30, 11), end=at(30, 12)
    )
    RegistrationFactory(
        gathering=gathering,
        name="Kari Deltaker",
        email="kari@example.no",
        municipality=karmoy,
        status=RegistrationStatus.CONFIRMED,
    )
    # An unconfirmed hold takes a seat until its time to confirm has passed.
    RegistrationFactory(
        gathering=gathering,
        name="Ola Holder",
        email="ola@example.no",
        status=RegistrationStatus.UNCONFIRMED,
        confirm_by=NOW + datetime.timedelta(minutes=30),
    )
    RegistrationFactory(
        gathering=gathering,
        name="Per Utløpt",
        email="per@example.no",
        status=RegistrationStatus.UNCONFIRMED,
        confirm_by=NOW - datetime.timedelta(minutes=1),
    )
    return gathering


def test_gathering_detail_has_its_dates_place_kind_agenda_and_seats(client, seminar):
    data = get(client, f"/api/v2/pages/{seminar.pk}/")

    assert data["kind"] == "fagsamling"
    assert datetime.datetime.fromisoformat(data["start"]) == at(30, 9)
    assert datetime.datetime.fromisoformat(data["end"]) == at(30, 16)
    assert data["venue"] == "Husbanken, Bergen"
    assert data["address"] == "Kaigaten 9, 5015 Bergen"
    assert data["region"] == "vest"
    assert data["cancelled"] is False
    assert sorted(data["tags"]) == ["Bostedsløse", "Rus"]
    assert [
        (
            datetime.datetime.fromisoformat(item["start"]),
            datetime.datetime.fromisoformat(item["end"]),
            item["title"],
            item["kind"],
        )
        for item in data["agenda"]
    ] == [
        (at(30, 9), at(30, 10), "Velkommen", "talk"),
        (at(30, 11), at(30, 12), "Lunsj", "meal"),
    ]
    assert data["registration_state"] == "open"
    # Five seats: one participant and one unexpired hold take two.
    assert data["seats_left"] == 3


def test_the_api_shows_no_participant_and_no_meeting_link(client, seminar):
    detail = client.get(f"/api/v2/pages/{seminar.pk}/").content.decode()
    listing = client.get(
        "/api/v2/pages/", {"type": "events.GatheringPage", "fields": "*"}
    ).content.decode()

    for text in (detail, listing):
        for secret in (
            "Kari Deltaker",
            "kari@example.no",
            "Ola Holder",
            "Per Utløpt",
            "hemmelig-rom",
            "online_url",
            "registrations",
        ):
            assert secret not in text
    for field in ("registrations", "online_url", "capacity"):
        response = client.get(
            "/api/v2/pages/", {"type": "events.GatheringPage", "fields": field}
        )
        assert response.status_code == 400, field


@pytest.mark.parametrize(
    ("changes", "state", "seats"),
    [
        ({}, "open", 3),
        ({"capacity": 2, "waiting_list": True}, "waiting_list", 0),
        ({"capacity": 2, "waiting_list": False}, "full", 0),
        ({"registration_closes": at(-1, 9)}, "closed", 3),
        ({"registration_opens": at(1, 9)}, "not_yet_open", 3),
        ({"cancelled": True}, "cancelled", 3),
    ],
)
def test_registration_state_is_the_one_the_page_shows(
    client, seminar, changes, state, seats
):
    GatheringPage.objects.filter(pk=seminar.pk).update(**changes)
    seminar.refresh_from_db()

    data = get(client, f"/api/v2/pages/{seminar.pk}/")
    listed = get(
        client,
        "/api/v2/pages/",
        type="events.GatheringPage",
        fields="registration_state,seats_left",
    )["items"]
    # A filter that joins another table counts each seat once all the same.
    tagged = get(
        client,
        "/api/v2/pages/",
        type="events.GatheringPage",
        tags="Bostedsløse",
        fields="seats_left",
    )["items"]

    assert (data["registration_state"], data["seats_left"]) == (state, seats)
    assert [(item["registration_state"], item["seats_left"]) for item in listed] == [
        (state, seats)
    ]
    assert state == seminar.registration_state()
    assert [item["seats_left"] for item in tagged] == [seats]


def test_a_registration_leaves_one_seat_fewer_in_the_api(
    client, seminar, django_capture_on_commit_callbacks
):
    url = f"/api/v2/pages/{seminar.pk}/"
    assert get(client, url)["seats_left"] == 3
    # The answer is kept: a change no signal reports is not seen yet.
    GatheringPage.objects.filter(pk=seminar.pk).update(venue="Et annet sted")
    assert get(client, url)["venue"] == "Husbanken, Bergen"

    with django_capture_on_commit_callbacks(execute=True):
        response = post_form(client, seminar, email="ny@example.no")
    assert response.status_code == 302
    assert Registration.objects.get(email="ny@example.no").status == (
        RegistrationStatus.UNCONFIRMED
    )

    assert get(client, url)["seats_left"] == 2


def test_gathering_list_reads_its_fields_in_a_fixed_number_of_queries(
    client, seminar, gathering_index
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal import content_version

    # Not ``*``: Wagtail reads each page's locale for its meta, whatever the type.
    params = {"type": "events.GatheringPage", "fields": ",".join(FIELDS)}

    def queries():
        content_version.raise_now_and_after_commit()
        with CaptureQueriesContext(connection) as context:
            items = get(client, "/api/v2/pages/", **params)["items"]
        return len(context), len(items)

    client.get("/api/v2/pages/", params)  # per-process caches: the site
    one = queries()
    for n in range(4):
        gathering = GatheringPageFactory(
            parent=gathering_index, start=at(40 + n, 9), end=at(40 + n, 16)
        )
        AgendaItemFactory(page=gathering, start=at(40 + n, 9), end=at(40 + n, 10))
        RegistrationFactory(gathering=gathering)
    five = queries()
    assert (one[1], five[1]) == (1, 5)
    assert five[0] == one[0]


def test_municipality_has_its_number_county_and_region(client, karmoy):
    data = get(client, f"/api/v2/pages/{karmoy.pk}/")
    listed = get(
        client,
        "/api/v2/pages/",
        type="portal.MunicipalityPage",
        fields="municipality_number,county,region",
    )["items"]

    assert (data["municipality_number"], data["county"], data["region"]) == (
        "1149",
        "rogaland",
        "vest",
    )
    assert [
        (item["municipality_number"], item["county"], item["region"]) for item in listed
    ] == [("1149", "rogaland", "vest")]
    assert json.dumps(data).count("contacts") == 0

"""The rules for a gathering's programme, alone and as editors meet them in the admin."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from events.agenda import agenda_problems
from events.models import GatheringPage
from tests.events.factories import GatheringPageFactory

pytestmark = pytest.mark.clock

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def at(day, hour, minute=0):
    """A time on 5 (Monday) to 7 May 2030 in Oslo."""
    return datetime.datetime(2030, 5, day, hour, minute, tzinfo=OSLO)


START, END = at(6, 10), at(7, 15)  # a two-day gathering


def problems(*items):
    return agenda_problems(START, END, list(items))


# --- events.agenda.agenda_problems ---


def test_a_good_agenda_has_no_problems():
    assert (
        problems(
            (at(6, 10), at(6, 10, 30), "Velkommen"),
            (at(6, 10, 30), at(6, 11, 15), "Bolig først"),  # may start as one ends
            (at(7, 9), at(7, 15), "Dag to"),
        )
        == []
    )


def test_the_day_counts_not_the_hour():
    """Breakfast before the gathering's first talk is on its programme all the same."""
    assert problems((at(6, 8), at(6, 9), "Frokost"), (at(7, 15), at(7, 23), "")) == []


@pytest.mark.parametrize("end", [at(6, 10), at(6, 9)], ids=["same-time", "before"])
def test_an_item_must_end_after_it_starts(end):
    assert problems((at(6, 10), end, "Velkommen")) == [
        (0, "«Velkommen» må slutte etter at det starter.")
    ]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (at(5, 10), at(5, 11)),  # the day before
        (at(8, 9), at(8, 10)),  # the day after
        (at(7, 23), at(8, 1)),  # runs past midnight after the last day
    ],
    ids=["day-before", "day-after", "past-midnight"],
)
def test_an_item_must_lie_within_the_gatherings_days(start, end):
    assert problems((start, end, "Middag")) == [
        (0, "«Middag» ligger utenfor dagene samlingen varer.")
    ]


def test_days_are_counted_in_oslo_time_not_utc():
    # 00:30 in Oslo on the first day is still the evening before in UTC.
    early = at(6, 0, 30)
    assert early.astimezone(datetime.UTC).day == 5

    assert problems((early, at(6, 1), "Nattmøte")) == []


def test_overlapping_items_are_reported_on_the_later_one():
    assert problems(
        (at(6, 10), at(6, 11), "Velkommen"),
        (at(6, 10, 45), at(6, 11, 30), "Bolig først"),
    ) == [
        (
            1,
            "«Bolig først» starter før punktet over er ferdig – sjekk rekkefølge "
            "og tider.",
        )
    ]


def test_items_out_of_order_are_reported():
    assert problems(
        (at(7, 9), at(7, 10), "Dag to"),
        (at(6, 10), at(6, 11), "Dag én"),
    ) == [
        (
            1,
            "«Dag én» starter før punktet over er ferdig – sjekk rekkefølge og tider.",
        )
    ]


def test_an_untitled_item_is_named_by_its_position():
    assert problems(
        (at(6, 10), at(6, 11), "Velkommen"),
        (at(6, 12), at(6, 11), ""),
    ) == [(1, "Programpunkt 2 må slutte etter at det starter.")]


def test_several_problems_are_all_reported():
    reported = problems(
        (at(6, 10), at(6, 9), "Baklengs"),
        (at(5, 10), at(5, 11), "For tidlig"),
        (at(6, 10), at(6, 11), "Velkommen"),
        (at(6, 10, 30), at(6, 11), "Overlapp"),
    )

    assert [position for position, _ in reported] == [0, 1, 3]


def test_incomplete_input_is_left_to_the_required_field_checks():
    assert agenda_problems(None, END, [(at(6, 10), at(6, 9), "X")]) == []
    assert agenda_problems(START, END, [(None, at(6, 9), "X")]) == []


# --- through the admin form ---


def gathering_form(agenda, start="2030-05-06 10:00", end="2030-05-07 15:00"):
    return nested_form_data(
        {
            "title": "Fagsamling om bostedsløse",
            "slug": "fagsamling",
            "intro": "",
            "kind": "fagsamling",
            "start": start,
            "end": end,
            "venue": "Husbanken, Bergen",
            "address": "",
            "online_url": "",
            "region": "",
            "organiser": "Husbanken",
            "audience": "",
            "tags": "",
            "description": streamfield([]),
            "agenda_items": inline_formset(
                [
                    {
                        "kind": "talk",
                        "presentation": "",
                        "good_practice": "",
                        **item,
                    }
                    for item in agenda
                ]
            ),
            "evaluation_questions": inline_formset([]),
            "registration_enabled": "on",
            "registration_opens": "",
            "registration_closes": "",
            "capacity": "50",
            "digital_capacity": "100",
            "attendance": "on_site",
            "registration_questions": inline_formset([]),
            "waiting_list": "on",
            "seats_per_municipality": "",
            "reminder_days": "3",
            "action-publish": "action-publish",
        }
    )


@pytest.fixture
def add_url(gathering_index):
    return reverse(
        "wagtailadmin_pages:add",
        args=("events", "gatheringpage", gathering_index.pk),
    )


def item(start, end, title):
    return {"start": f"2030-05-{start}", "end": f"2030-05-{end}", "title": title}


@pytest.mark.django_db
def test_admin_saves_a_good_agenda(admin_client, add_url):
    response = admin_client.post(
        add_url,
        gathering_form(
            [
                item("06 10:00", "06 10:30", "Velkommen"),
                item("06 10:30", "06 11:15", "Bolig først"),
            ]
        ),
    )

    assert response.status_code == 302
    assert GatheringPage.objects.get().agenda_items.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("agenda", "message"),
    [
        (
            [item("06 10:00", "06 09:30", "Velkommen")],
            "«Velkommen» må slutte etter at det starter.",
        ),
        (
            [item("08 10:00", "08 11:00", "Ekskursjon")],
            "«Ekskursjon» ligger utenfor dagene samlingen varer.",
        ),
        (
            [
                item("06 10:00", "06 11:00", "Velkommen"),
                item("06 10:30", "06 11:30", "Bolig først"),
            ],
            "«Bolig først» starter før punktet over er ferdig",
        ),
        (
            [
                item("07 09:00", "07 10:00", "Dag to"),
                item("06 10:00", "06 11:00", "Dag én"),
            ],
            "«Dag én» starter før punktet over er ferdig",
        ),
    ],
    ids=["ends-before-start", "outside-days", "overlap", "out-of-order"],
)
def test_admin_refuses_a_broken_agenda(admin_client, add_url, agenda, message):
    response = admin_client.post(add_url, gathering_form(agenda))

    assert response.status_code == 200  # the form again, with the error
    assert message in response.content.decode()
    assert not GatheringPage.objects.exists()


@pytest.mark.django_db
def test_admin_checks_the_order_the_editor_chose(admin_client, add_url):
    """Dragging an item above another changes ORDER, and the rule follows it."""
    data = gathering_form(
        [
            item("06 10:00", "06 11:00", "Velkommen"),
            item("06 11:00", "06 12:00", "Bolig først"),
        ]
    )
    data["agenda_items-0-ORDER"], data["agenda_items-1-ORDER"] = "1", "0"

    response = admin_client.post(add_url, data)

    assert response.status_code == 200
    assert "«Velkommen» starter før punktet over er ferdig" in response.content.decode()
    assert not GatheringPage.objects.exists()


@pytest.mark.django_db
def test_admin_ignores_deleted_items(admin_client, add_url):
    data = gathering_form(
        [
            item("06 10:00", "06 11:00", "Velkommen"),
            item("06 10:30", "06 11:30", "Slettet overlapp"),
        ]
    )
    data["agenda_items-1-DELETE"] = "1"

    response = admin_client.post(add_url, data)

    assert response.status_code == 302
    assert [i.title for i in GatheringPage.objects.get().agenda_items.all()] == [
        "Velkommen"
    ]


@pytest.mark.django_db
def test_admin_refuses_a_gathering_that_ends_before_it_starts(admin_client, add_url):
    response = admin_client.post(
        add_url,
        gathering_form([], start="2030-05-06 10:00", end="2030-05-06 09:00"),
    )

    assert response.status_code == 200
    assert "Slutten må være etter starten." in response.content.decode()
    assert not GatheringPage.objects.exists()


@pytest.mark.django_db
def test_admin_refuses_an_edit_that_breaks_the_agenda(admin_client, gathering_index):
    """Moving the gathering leaves its programme behind: the editor is told."""
    data = gathering_form([item("06 10:00", "06 11:00", "Velkommen")])
    admin_client.post(
        reverse(
            "wagtailadmin_pages:add",
            args=("events", "gatheringpage", gathering_index.pk),
        ),
        data,
    )
    gathering = GatheringPage.objects.get()
    existing = gathering.agenda_items.get()
    data = gathering_form(
        [{**item("06 10:00", "06 11:00", "Velkommen"), "id": str(existing.pk)}],
        start="2030-06-06 10:00",
        end="2030-06-06 15:00",
    )
    data["agenda_items-INITIAL_FORMS"] = "1"

    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=(gathering.pk,)), data
    )

    assert response.status_code == 200
    assert "«Velkommen» ligger utenfor dagene samlingen varer." in (
        response.content.decode()
    )
    gathering.refresh_from_db()
    assert gathering.start.astimezone(OSLO).month == 5


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"registration_closes": datetime.datetime(2030, 5, 8, tzinfo=OSLO)},
            "registration_closes",
            "Fristen kan ikke være etter at samlingen er slutt.",
        ),
        (
            {
                "registration_opens": datetime.datetime(2030, 5, 1, tzinfo=OSLO),
                "registration_closes": datetime.datetime(2030, 4, 1, tzinfo=OSLO),
            },
            "registration_closes",
            "Fristen må være etter at påmeldingen åpner.",
        ),
        (
            {"end": datetime.datetime(2030, 5, 6, 10, tzinfo=OSLO)},
            "end",
            "Slutten må være etter starten.",
        ),
    ],
    ids=["deadline-after-end", "deadline-before-opening", "no-length"],
)
def test_gathering_times_must_make_sense(fields, field, message):
    times = {
        "start": datetime.datetime(2030, 5, 6, 10, tzinfo=OSLO),
        "end": datetime.datetime(2030, 5, 7, 15, tzinfo=OSLO),
        "registration_opens": None,
        "registration_closes": None,
    }
    gathering = GatheringPageFactory.build(**{**times, **fields})

    with pytest.raises(ValidationError) as invalid:
        gathering.clean()

    assert invalid.value.message_dict[field] == [message]

"""The organisers' registration views in the Wagtail admin (Påmeldinger)."""

import csv
import datetime
import io
import json
from html.parser import HTMLParser

import openpyxl
import pytest
import time_machine
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events import booking, notifications
from events.exports import REGISTRATION_COLUMNS, neutralise
from events.models import Notification, Registration, RegistrationStatus
from events.retention import ANONYMOUS_NAME
from learning.moderation import ensure_husbanken_editors
from tests.events.factories import GatheringPageFactory, RegistrationFactory, in_days
from tests.events.test_notifications import unused_port
from tests.factories import MunicipalityPageFactory

# Marked one by one: the tests whose checks depend on the date or the hour.
pytestmark = pytest.mark.django_db

FORMULA_NAME = '=HYPERLINK("http://x")'
SCRIPT_NAME = "<script>alert(1)</script>"


# --- helpers and fixtures ---


class _Rows(HTMLParser):
    """The text of each table row marked with a given data- attribute."""

    def __init__(self, attribute):
        super().__init__()
        self.attribute = f"data-{attribute}"
        self.rows = {}
        self.current = None
        self.cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and self.attribute in attrs:
            self.current = self.rows.setdefault(attrs[self.attribute] or "", [])
        elif tag in ("td", "th") and self.current is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.current.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr":
            self.current = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_rows(response, attribute):
    parser = _Rows(attribute)
    parser.feed(response.content.decode())
    return parser.rows


def body(response):
    """The bytes of a response, streamed (the exports) or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def organiser(django_user_model):
    user = django_user_model.objects.create_user(
        "arrangor", "arrangor@husbanken.no", "x"
    )
    user.groups.add(Group.objects.get(name="Arrangører"))
    return user


@pytest.fixture
def editor(django_user_model):
    """A Husbanken editor: publishes pages, but is no organiser."""
    user = django_user_model.objects.create_user(
        "redaktor", "redaktor@husbanken.no", "x"
    )
    user.groups.add(ensure_husbanken_editors())
    return user


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def karmoy(municipality_index):
    return MunicipalityPageFactory(parent=municipality_index, title="Karmøy")


@pytest.fixture
def bergen(municipality_index):
    return MunicipalityPageFactory(parent=municipality_index, title="Bergen")


@pytest.fixture
def registrations(gathering, karmoy, bergen):
    """Two from Karmøy, one from Bergen, one from elsewhere; four statuses."""
    return {
        "kari": RegistrationFactory(
            gathering=gathering,
            name="Kari Nordmann",
            email="kari@karmoy.kommune.no",
            municipality=karmoy,
            organisation="",
            role="Programkoordinator",
            dietary_needs="Glutenfri",
        ),
        "ola": RegistrationFactory(
            gathering=gathering,
            name="Ola Hansen",
            email="ola@karmoy.kommune.no",
            municipality=karmoy,
            organisation="",
            status=RegistrationStatus.ATTENDED,
        ),
        "per": RegistrationFactory(
            gathering=gathering,
            name="Per Berg",
            email="per@bergen.kommune.no",
            municipality=bergen,
            organisation="",
            status=RegistrationStatus.WAITING,
        ),
        "lise": RegistrationFactory(
            gathering=gathering,
            name="Lise Lund",
            email="lise@nav.no",
            organisation="NAV Vest",
            status=RegistrationStatus.CANCELLED,
        ),
    }


def past_gathering(parent, days_ago, **fields):
    return GatheringPageFactory(
        parent=parent,
        start=in_days(-days_ago),
        end=in_days(-days_ago, 16),
        registration_opens=in_days(-days_ago - 30),
        registration_closes=in_days(-days_ago - 1),
        **fields,
    )


def registrations_url(gathering, query=""):
    url = reverse("events_admin:registrations", args=[gathering.pk])
    return f"{url}?{query}" if query else url


def action_url(registration, action):
    return reverse("events_admin:registration_action", args=[registration.pk, action])


# --- who may see participants ---


def test_the_organisers_group_gets_admin_access_and_the_registrations():
    group = Group.objects.get(name="Arrangører")
    permissions = {
        f"{permission.content_type.app_label}.{permission.codename}"
        for permission in group.permissions.all()
    }
    # (Wagtail's own later migrations may add "choose image" to every admin group.)
    assert {"wagtailadmin.access_admin", "events.manage_registrations"} <= permissions
    assert not any(p.startswith(("wagtailcore.", "auth.")) for p in permissions)


def test_organiser_has_the_menu_item_and_contributor_does_not(
    client, organiser, contributor
):
    index_url = reverse("events_admin:index")
    client.force_login(organiser)
    assert index_url in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(contributor)
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert dashboard.status_code == 200
    assert index_url not in dashboard.content.decode()


def test_a_contributor_is_refused_everywhere(client, contributor, registrations):
    gathering = registrations["kari"].gathering
    client.force_login(contributor)
    for url in (
        reverse("events_admin:index"),
        registrations_url(gathering),
        reverse("events_admin:export_csv", args=[gathering.pk]),
        reverse("events_admin:export_xlsx", args=[gathering.pk]),
        reverse("events_admin:personal_data"),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Kari Nordmann" not in response.content.decode()
    response = client.post(
        reverse("events_admin:personal_data"),
        {"email": "kari@karmoy.kommune.no", "action": "export_json"},
    )
    assert response.status_code == 403
    response = client.post(
        reverse("events_admin:personal_data"),
        {"email": "kari@karmoy.kommune.no", "action": "erase"},
    )
    assert response.status_code == 403
    response = client.post(action_url(registrations["kari"], "cancel"))
    assert response.status_code == 403
    registrations["kari"].refresh_from_db()
    assert registrations["kari"].status == RegistrationStatus.CONFIRMED
    assert registrations["kari"].name == "Kari Nordmann"


def test_anonymous_visitors_are_sent_to_the_login(client, gathering):
    response = client.get(registrations_url(gathering))
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


def test_a_superuser_sees_the_participants(client, django_user_model, registrations):
    client.force_login(
        django_user_model.objects.create_superuser("admin", "admin@husbanken.no", "x")
    )
    response = client.get(registrations_url(registrations["kari"].gathering))
    assert response.status_code == 200
    assert "Kari Nordmann" in response.content.decode()


# --- the lists and counts ---


@pytest.mark.clock
def test_the_index_lists_gatherings_with_their_counts(
    organiser_client, gathering_index, registrations
):
    past = past_gathering(gathering_index, 300, title="Oppstartsamling i fjor")
    response = organiser_client.get(reverse("events_admin:index"))
    assert response.status_code == 200
    assert [g.title for g in response.context["upcoming"]] == [
        "Fagsamling om bostedsløse"
    ]
    assert [g.title for g in response.context["past"]] == [past.title]
    page = response.content.decode()
    assert registrations_url(registrations["kari"].gathering) in page
    # capacity 10: one confirmed and one attended take two seats
    row = {
        "Plasser": "10",
        "Bekreftet": "1",
        "Møtt": "1",
        "Venteliste": "1",
        "Avmeldt": "1",
        "Ikke bekreftet ennå": "0",
        "Ledige plasser": "8",
    }
    cells = " ".join(f"<td>{value}</td>" for value in row.values())
    assert " ".join(page.split()).count(cells) == 1


def test_the_registrations_view_counts_in_total_and_per_municipality(
    organiser_client, registrations
):
    response = organiser_client.get(registrations_url(registrations["kari"].gathering))
    assert response.status_code == 200
    assert table_rows(response, "counts") == {"": ["10", "1", "1", "1", "1", "0", "8"]}
    assert table_rows(response, "municipality") == {
        "Andre organisasjoner": ["Andre organisasjoner", "0", "0", "0", "1"],
        "Bergen": ["Bergen", "0", "0", "1", "0"],
        "Karmøy": ["Karmøy", "1", "1", "0", "0"],
    }
    page = response.content.decode()
    for name in ("Kari Nordmann", "Ola Hansen", "Per Berg", "Lise Lund"):
        assert name in page
    assert "Glutenfri" in page


@pytest.mark.clock
def test_unconfirmed_holds_are_shown_apart_and_not_as_participants(
    organiser_client, registrations
):
    """A hold nobody has confirmed takes a seat, but is no participant: it is marked
    «Ikke bekreftet ennå», counted on its own and left out of the downloads."""
    gathering = registrations["kari"].gathering
    RegistrationFactory(
        gathering=gathering,
        name="Ukjent Person",
        status=RegistrationStatus.UNCONFIRMED,
        confirm_by=timezone.now() + datetime.timedelta(minutes=20),
    )
    RegistrationFactory(
        gathering=gathering,
        name="Slettet",
        status=RegistrationStatus.EXPIRED,
    )

    page = organiser_client.get(registrations_url(gathering))
    export = organiser_client.get(
        reverse("events_admin:export_csv", args=[gathering.pk])
    )
    only_unconfirmed = organiser_client.get(
        reverse("events_admin:export_csv", args=[gathering.pk]) + "?status=unconfirmed"
    )

    # Confirmed 1, attended 1, waiting 1, cancelled 1, unconfirmed 1; 7 seats free.
    assert table_rows(page, "counts") == {"": ["10", "1", "1", "1", "1", "1", "7"]}
    rows = {
        registration.name: registration.get_status_display()
        for registration in page.context["object_list"]
    }
    assert rows["Ukjent Person"] == "Ikke bekreftet ennå"
    assert "Slettet" not in rows  # an expired hold names nobody and is not listed
    exported = body(export).decode("utf-8-sig")
    assert "Kari Nordmann" in exported and "Ukjent Person" not in exported
    assert "Ukjent Person" in body(only_unconfirmed).decode("utf-8-sig")


def test_participant_text_is_escaped_in_the_list(organiser_client, gathering):
    RegistrationFactory(gathering=gathering, name=SCRIPT_NAME)
    page = organiser_client.get(registrations_url(gathering)).content.decode()
    assert SCRIPT_NAME not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def listed(response):
    return [registration.name for registration in response.context["object_list"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=waiting", ["Per Berg"]),
        ("status=cancelled", ["Lise Lund"]),
        ("municipality=ingen", ["Lise Lund"]),
        ("q=hansen", ["Ola Hansen"]),
        ("q=BERGEN.kommune", ["Per Berg"]),
        ("q=nav+vest", ["Lise Lund"]),
        ("q=karmøy", ["Kari Nordmann", "Ola Hansen"]),
        ("status=nonsense", ["Kari Nordmann", "Ola Hansen", "Per Berg", "Lise Lund"]),
    ],
)
def test_filters_and_search(organiser_client, registrations, query, expected):
    response = organiser_client.get(
        registrations_url(registrations["kari"].gathering, query)
    )
    assert response.status_code == 200
    assert listed(response) == expected


def test_filter_by_municipality_and_status_together(
    organiser_client, registrations, karmoy
):
    gathering = registrations["kari"].gathering
    response = organiser_client.get(
        registrations_url(gathering, f"municipality={karmoy.pk}&status=attended")
    )
    assert listed(response) == ["Ola Hansen"]
    # the counts stay those of the whole gathering
    assert table_rows(response, "counts") == {"": ["10", "1", "1", "1", "1", "0", "8"]}


def test_the_registrations_view_queries_do_not_grow_with_participants(
    organiser_client, gathering, karmoy
):
    RegistrationFactory(gathering=gathering, municipality=karmoy)
    organiser_client.get(registrations_url(gathering))  # the site, its settings kept
    with CaptureQueriesContext(connection) as few:
        organiser_client.get(registrations_url(gathering))
    RegistrationFactory.create_batch(15, gathering=gathering, municipality=karmoy)
    with CaptureQueriesContext(connection) as many:
        response = organiser_client.get(registrations_url(gathering))
    assert len(response.context["object_list"]) == 16
    assert len(many) == len(few)


# --- actions ---


def started_gathering(parent, **fields):
    """A gathering that began an hour ago and lasts the rest of the day."""
    now = timezone.now()
    return GatheringPageFactory(
        parent=parent,
        start=now - datetime.timedelta(hours=1),
        end=now + datetime.timedelta(hours=5),
        registration_opens=now - datetime.timedelta(days=30),
        registration_closes=now - datetime.timedelta(days=1),
        **fields,
    )


def actions_of(response, registration):
    for listed_registration in response.context["object_list"]:
        if listed_registration.pk == registration.pk:
            return [action for action, *_ in listed_registration.actions]
    raise AssertionError(f"{registration} not listed")


@pytest.mark.clock
def test_mark_attended_and_undo_once_the_gathering_has_started(
    organiser_client, gathering_index, mailoutbox
):
    gathering = started_gathering(gathering_index)
    kari = RegistrationFactory(gathering=gathering, name="Kari Nordmann")
    assert actions_of(organiser_client.get(registrations_url(gathering)), kari) == [
        "attended",
        "cancel",
    ]
    response = organiser_client.post(action_url(kari, "attended"))
    assert response.status_code == 302
    assert response.url == registrations_url(gathering)
    kari.refresh_from_db()
    assert kari.status == RegistrationStatus.ATTENDED
    assert messages_of(response) == ["Kari Nordmann er markert som møtt."]
    assert actions_of(organiser_client.get(registrations_url(gathering)), kari) == [
        "unattended"
    ]

    response = organiser_client.post(action_url(kari, "unattended"))
    kari.refresh_from_db()
    assert kari.status == RegistrationStatus.CONFIRMED
    assert messages_of(response) == ["Kari Nordmann er ikke lenger markert som møtt."]
    assert mailoutbox == []


@pytest.mark.clock
def test_attendance_cannot_be_marked_before_the_start(organiser_client, registrations):
    kari = registrations["kari"]  # the gathering starts in 30 days
    page = organiser_client.get(registrations_url(kari.gathering))
    assert actions_of(page, kari) == ["cancel"]
    start = timezone.localtime(kari.gathering.start)
    response = organiser_client.post(action_url(kari, "attended"))
    kari.refresh_from_db()
    assert kari.status == RegistrationStatus.CONFIRMED
    assert messages_of(response) == [
        "Oppmøte kan først markeres når samlingen har startet "
        f"({start:%d.%m.%Y} kl. {start:%H:%M})."
    ]


def test_cancelling_asks_first(organiser_client, gathering, mailoutbox):
    kari = RegistrationFactory(gathering=gathering, name="Kari Nordmann")
    list_url = registrations_url(gathering)
    page = organiser_client.get(list_url).content.decode()
    # «Meld av» is a link to a page that asks, not a form that acts.
    assert f'href="{action_url(kari, "cancel")}?next=' in page

    for response in (
        organiser_client.get(action_url(kari, "cancel"), {"next": list_url}),
        organiser_client.post(action_url(kari, "cancel"), {"next": list_url}),
    ):
        assert response.status_code == 200
        text = response.content.decode()
        assert "Melde av Kari Nordmann?" in text
        assert "Ja, meld av" in text
        assert f'href="{list_url}"' in text  # «Nei, tilbake»
    kari.refresh_from_db()
    assert kari.status == RegistrationStatus.CONFIRMED
    assert mailoutbox == []


def test_cancel_gives_the_seat_to_the_first_waiting_and_sends_mail(
    organiser_client,
    gathering,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    gathering.capacity = 1
    gathering.save()
    seated = RegistrationFactory(gathering=gathering, name="Kari Nordmann")
    first = RegistrationFactory(
        gathering=gathering, name="Per Berg", status=RegistrationStatus.WAITING
    )
    second = RegistrationFactory(
        gathering=gathering, name="Lise Lund", status=RegistrationStatus.WAITING
    )
    next_url = registrations_url(gathering, "status=waiting")
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            action_url(seated, "cancel"), {"next": next_url, "confirm": "ja"}
        )
    assert response.url == next_url
    for registration in (seated, first, second):
        registration.refresh_from_db()
    assert seated.status == RegistrationStatus.CANCELLED
    assert first.status == RegistrationStatus.CONFIRMED
    assert second.status == RegistrationStatus.WAITING
    assert sorted((m.to[0], m.subject) for m in mailoutbox) == sorted(
        [
            (seated.email, f"Avmeldingen din fra {gathering.title} er registrert"),
            (first.email, f"Du har fått plass på {gathering.title}"),
        ]
    )
    assert messages_of(response) == [
        "Kari Nordmann er meldt av og får en bekreftelse på e-post. "
        "1 fra ventelisten fikk plass og får beskjed."
    ]


def test_promote_with_free_seats_needs_no_confirmation(
    organiser_client, gathering, django_capture_on_commit_callbacks, mailoutbox
):
    waiting = RegistrationFactory(
        gathering=gathering, name="Per Berg", status=RegistrationStatus.WAITING
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(action_url(waiting, "promote"))
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert messages_of(response) == [
        "Per Berg har fått plass og får beskjed på e-post."
    ]
    assert len(mailoutbox) == 1


def test_promote_over_capacity_only_when_confirmed(
    organiser_client, gathering, django_capture_on_commit_callbacks, mailoutbox
):
    gathering.capacity = 1
    gathering.save()
    RegistrationFactory(gathering=gathering)
    waiting = RegistrationFactory(
        gathering=gathering, name="Per Berg", status=RegistrationStatus.WAITING
    )

    # Full: the organiser is asked, and nothing changes yet.
    response = organiser_client.post(action_url(waiting, "promote"))
    assert response.status_code == 200
    text = " ".join(response.content.decode().split())
    assert "Gi Per Berg plass over kapasiteten?" in text
    assert "blir det 1 over kapasitet" in text
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITING
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            action_url(waiting, "promote"), {"confirm": "ja"}
        )
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([waiting.email], f"Du har fått plass på {gathering.title}")
    ]
    assert messages_of(response) == [
        "Per Berg har fått plass og får beskjed på e-post."
    ]
    # The counts show the overbooking, here and in the index.
    page = organiser_client.get(registrations_url(gathering))
    assert table_rows(page, "counts") == {
        "": ["1", "2", "0", "0", "0", "0", "1 over kapasitet"]
    }
    index = organiser_client.get(reverse("events_admin:index"))
    assert table_rows(index, "gathering")[gathering.title][8] == "1 over kapasitet"


def test_promote_refuses_to_overbook_unasked_in_the_service(gathering):
    gathering.capacity = 1
    gathering.save()
    RegistrationFactory(gathering=gathering)
    waiting = RegistrationFactory(
        gathering=gathering, status=RegistrationStatus.WAITING
    )
    with pytest.raises(booking.OverCapacity):
        booking.promote(waiting)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITING
    booking.promote(waiting, over_capacity=True)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_a_booking_error_is_shown_as_a_message(
    organiser_client, registrations, mailoutbox
):
    per = registrations["per"]
    response = organiser_client.post(action_url(per, "attended"), follow=True)
    per.refresh_from_db()
    assert per.status == RegistrationStatus.WAITING
    assert "Bare bekreftede deltakere kan markeres som møtt." in (
        response.content.decode()
    )
    assert mailoutbox == []


def test_actions_that_act_need_post_and_a_known_action(organiser_client, registrations):
    kari = registrations["kari"]
    assert organiser_client.get(action_url(kari, "attended")).status_code == 405
    assert organiser_client.get(action_url(kari, "unattended")).status_code == 405
    assert organiser_client.get(action_url(kari, "promote")).status_code == 405
    assert organiser_client.post(action_url(kari, "delete")).status_code == 404
    kari.refresh_from_db()
    assert kari.status == RegistrationStatus.CONFIRMED


def test_actions_are_protected_by_csrf(client, organiser, registrations):
    csrf_client = client.__class__(enforce_csrf_checks=True)
    csrf_client.force_login(organiser)
    response = csrf_client.post(
        action_url(registrations["kari"], "cancel"), {"confirm": "ja"}
    )
    assert response.status_code == 403
    registrations["kari"].refresh_from_db()
    assert registrations["kari"].status == RegistrationStatus.CONFIRMED


@pytest.mark.clock
def test_seats_no_longer_change_hands_after_the_gathering(
    organiser_client, gathering_index, mailoutbox
):
    past = past_gathering(gathering_index, 3)
    kari = RegistrationFactory(gathering=past, name="Kari Nordmann")
    per = RegistrationFactory(gathering=past, status=RegistrationStatus.WAITING)
    response = organiser_client.get(registrations_url(past))
    assert actions_of(response, kari) == ["attended"]
    assert actions_of(response, per) == []
    response = organiser_client.post(action_url(kari, "cancel"), {"confirm": "ja"})
    kari.refresh_from_db()
    assert kari.status == RegistrationStatus.CONFIRMED
    assert messages_of(response) == [
        "Samlingen er over, så påmeldingen kan ikke endres."
    ]
    organiser_client.post(action_url(kari, "attended"))
    kari.refresh_from_db()
    assert kari.status == RegistrationStatus.ATTENDED


@pytest.mark.clock
def test_buttons_shown_are_those_that_work(organiser_client, registrations):
    gathering = registrations["kari"].gathering
    response = organiser_client.get(registrations_url(gathering))
    assert actions_of(response, registrations["kari"]) == ["cancel"]  # not started
    assert actions_of(response, registrations["ola"]) == ["unattended"]
    assert actions_of(response, registrations["per"]) == ["promote", "cancel"]
    assert actions_of(response, registrations["lise"]) == []  # cancelled
    # Organisers may edit their gatherings, so they get «Rediger samlingen».
    edit_url = reverse("wagtailadmin_pages:edit", args=[gathering.pk])
    assert "Rediger samlingen" in response.content.decode()
    assert edit_url in response.content.decode()
    # No e-mail failed, so there is nothing to send again.
    assert "Send på nytt" not in response.content.decode()


def test_a_cancelled_gathering_gives_no_seats(organiser_client, registrations):
    gathering = registrations["per"].gathering
    gathering.cancelled = True
    gathering.save()
    response = organiser_client.get(registrations_url(gathering))
    assert actions_of(response, registrations["per"]) == ["cancel"]
    response = organiser_client.post(
        action_url(registrations["per"], "promote"), {"confirm": "ja"}
    )
    assert messages_of(response) == ["Samlingen er avlyst, så ingen kan få plass."]
    registrations["per"].refresh_from_db()
    assert registrations["per"].status == RegistrationStatus.WAITING


def test_an_editor_of_the_page_gets_the_edit_button(
    client, django_user_model, registrations
):
    client.force_login(
        django_user_model.objects.create_superuser("admin", "admin@husbanken.no", "x")
    )
    gathering = registrations["kari"].gathering
    response = client.get(registrations_url(gathering))
    assert "Rediger samlingen" in response.content.decode()
    assert (
        reverse("wagtailadmin_pages:edit", args=[gathering.pk])
        in response.content.decode()
    )


# --- ids from the URL ---

TOO_LARGE = 99999999999999999999  # beyond 64 bits


def id_urls(number):
    return [
        reverse("events_admin:registrations", args=[number]),
        reverse("events_admin:registrations_results", args=[number]),
        reverse("events_admin:export_csv", args=[number]),
        reverse("events_admin:export_xlsx", args=[number]),
        reverse("events_admin:registration_action", args=[number, "cancel"]),
    ]


@pytest.mark.parametrize("number", [TOO_LARGE, 2**63, 2**31, 0, 987654])
def test_an_unknown_or_out_of_range_id_is_not_found(organiser_client, number):
    for url in id_urls(number):
        assert organiser_client.get(url).status_code == 404, url
    for url in (
        reverse("events_admin:registration_action", args=[number, "promote"]),
        reverse("events_admin:resend", args=[number]),
    ):
        assert organiser_client.post(url).status_code == 404, url


@pytest.fixture
def contributor(django_user_model):
    """A municipal contributor: the admin, but not the registrations."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("bidrag", "bidrag@karmoy.no", "x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.mark.parametrize("number", [TOO_LARGE, 2**31, 987654, None])
def test_a_contributor_is_refused_before_any_lookup(
    client, contributor, registrations, number
):
    client.force_login(contributor)
    number = number or registrations["kari"].gathering.pk
    for url in id_urls(number):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Bare arrangører" in response.content.decode()
    assert client.post(reverse("events_admin:resend", args=[number])).status_code == (
        403
    )


# --- exports ---


@pytest.fixture
def tricky(gathering, karmoy):
    """Names a participant could type to attack an organiser's spreadsheet."""
    RegistrationFactory(
        gathering=gathering,
        name=FORMULA_NAME,
        email="formel@example.no",
        organisation="",
        municipality=karmoy,
        role="+47 Rådgiver",
        dietary_needs="@SUM(1+1)",
    )
    RegistrationFactory(
        gathering=gathering,
        name=SCRIPT_NAME,
        email="skript@example.no",
        organisation="-Etaten",
        status=RegistrationStatus.WAITING,
    )
    return gathering


@pytest.mark.clock
def test_csv_export_parses_back_with_formulas_neutralised(organiser_client, tricky):
    response = organiser_client.get(
        reverse("events_admin:export_csv", args=[tricky.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="pameldinger-{tricky.slug}.csv"'
    )
    content = body(response)
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == REGISTRATION_COLUMNS
    assert rows[1][:8] == [
        "'" + FORMULA_NAME,
        "formel@example.no",
        "Karmøy",
        "'+47 Rådgiver",
        "'@SUM(1+1)",
        "På stedet",
        "",
        "Bekreftet",
    ]
    assert rows[2][:8] == [
        SCRIPT_NAME,
        "skript@example.no",
        "'-Etaten",
        "",
        "",
        "På stedet",
        "",
        "På venteliste",
    ]
    registered = Registration.objects.get(email="formel@example.no").created_at
    assert rows[1][8] == timezone.localtime(registered).strftime("%d.%m.%Y %H:%M")
    assert len(rows) == 3


@pytest.mark.clock
def test_excel_export_parses_back_with_formulas_neutralised(organiser_client, tricky):
    response = organiser_client.get(
        reverse("events_admin:export_xlsx", args=[tricky.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="pameldinger-{tricky.slug}.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
    assert sheet.title == "Påmeldinger"
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == REGISTRATION_COLUMNS
    assert list(rows[1][:8]) == [
        "'" + FORMULA_NAME,
        "formel@example.no",
        "Karmøy",
        "'+47 Rådgiver",
        "'@SUM(1+1)",
        "På stedet",
        None,
        "Bekreftet",
    ]
    assert rows[2][0] == SCRIPT_NAME
    assert rows[2][2] == "'-Etaten"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    registered = Registration.objects.get(email="formel@example.no").created_at
    local = timezone.localtime(registered).replace(tzinfo=None)
    assert isinstance(rows[1][8], datetime.datetime)  # a date cell, not text
    assert abs(rows[1][8] - local) < datetime.timedelta(seconds=1)
    assert len(rows) == 3


def test_exports_follow_the_filters(organiser_client, tricky):
    url = reverse("events_admin:export_csv", args=[tricky.pk]) + "?status=waiting"
    text = body(organiser_client.get(url)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [row[0] for row in rows[1:]] == [SCRIPT_NAME]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Kari = Ola", "Kari = Ola"),
        ("", ""),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


# --- personal data per e-mail address ---


@pytest.fixture
def kari_everywhere(
    gathering, gathering_index, karmoy, django_capture_on_commit_callbacks
):
    """Kari at an upcoming gathering (seated, sent a confirmation) and a past one."""
    past = past_gathering(gathering_index, 200, title="Nettverkssamling i fjor")
    with django_capture_on_commit_callbacks(execute=True):
        upcoming = booking.register(
            gathering,
            name="Kari Nordmann",
            email="Kari@Karmoy.kommune.no",
            municipality=karmoy,
            dietary_needs="Nøtteallergi",
            consent=True,
        ).registration
        upcoming = booking.confirm(upcoming).registration
    earlier = RegistrationFactory(
        gathering=past,
        name="Kari Nordmann",
        email="kari@karmoy.kommune.no",
        municipality=karmoy,
        organisation="",
        status=RegistrationStatus.ATTENDED,
    )
    other = RegistrationFactory(gathering=gathering, name="Ola Hansen")
    return {"upcoming": upcoming, "earlier": earlier, "other": other, "past": past}


def personal(client, email, action):
    return client.post(
        reverse("events_admin:personal_data"), {"email": email, "action": action}
    )


@pytest.mark.clock
def test_personal_data_lookup(organiser_client, kari_everywhere):
    assert (
        organiser_client.get(reverse("events_admin:personal_data")).status_code == 200
    )
    response = personal(organiser_client, "KARI@karmoy.kommune.no ", "lookup")
    assert response.status_code == 200
    assert [r.pk for r in response.context["registrations"]] == [
        kari_everywhere["upcoming"].pk,
        kari_everywhere["earlier"].pk,
    ]
    page = response.content.decode()
    assert "Nettverkssamling i fjor" in page
    assert "Ola Hansen" not in page


def test_personal_data_lookup_needs_a_valid_address(organiser_client):
    response = personal(organiser_client, "ikke-en-adresse", "lookup")
    assert response.status_code == 400
    assert response.context["form"].errors["email"]


@pytest.mark.clock
def test_personal_data_as_json(organiser_client, kari_everywhere):
    response = personal(organiser_client, "kari@karmoy.kommune.no", "export_json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["e-post"] == "kari@karmoy.kommune.no"
    upcoming, earlier = data["påmeldinger"]
    assert upcoming["samling"] == "Fagsamling om bostedsløse"
    assert upcoming["programkommune"] == "Karmøy"
    assert upcoming["spesialkost"] == "Nøtteallergi"
    assert upcoming["status"] == "Bekreftet"
    assert [n["type"] for n in upcoming["e-postvarsler"]] == [
        "Bekreft påmeldingen",
        "Bekreftelse",
    ]
    assert all(n["sendt"] is not None for n in upcoming["e-postvarsler"])
    assert earlier["samling"] == "Nettverkssamling i fjor"
    assert earlier["status"] == "Møtte"
    assert "Ola Hansen" not in response.content.decode()


def test_personal_data_as_csv(organiser_client, kari_everywhere):
    response = personal(organiser_client, "kari@karmoy.kommune.no", "export_csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [row["samling"] for row in rows] == [
        "Fagsamling om bostedsløse",
        "Nettverkssamling i fjor",
    ]
    assert rows[0]["spesialkost"] == "Nøtteallergi"
    assert rows[0]["e-postvarsler"].startswith("Bekreft påmeldingen sendt ")
    assert "Bekreftelse sendt " in rows[0]["e-postvarsler"]
    assert rows[1]["status"] == "Møtte"


@pytest.mark.clock
def test_erasing_asks_first_then_anonymises_and_keeps_the_counts(
    organiser_client,
    client,
    kari_everywhere,
    karmoy,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    upcoming, earlier = kari_everywhere["upcoming"], kari_everywhere["earlier"]
    gathering = upcoming.gathering
    gathering.capacity = 2
    gathering.save()
    waiting = RegistrationFactory(
        gathering=gathering, name="Per Berg", status=RegistrationStatus.WAITING
    )
    personal_url = upcoming.get_absolute_url()

    response = personal(organiser_client, "kari@karmoy.kommune.no", "confirm")
    assert response.status_code == 200
    assert "Ja, slett opplysningene" in response.content.decode()
    upcoming.refresh_from_db()
    assert upcoming.name == "Kari Nordmann"

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = personal(organiser_client, "kari@karmoy.kommune.no", "erase")
    assert response.status_code == 302
    assert response.url == reverse("events_admin:personal_data")
    assert messages_of(response)[0].startswith(
        "Opplysningene er slettet. 2 påmeldinger er anonymisert"
    )

    upcoming.refresh_from_db()
    earlier.refresh_from_db()
    for registration in (upcoming, earlier):
        assert registration.anonymised_at is not None
        assert registration.name == ANONYMOUS_NAME
        assert registration.role == ""
        assert registration.dietary_needs == registration.organisation == ""
        assert "kari" not in registration.email
        assert registration.municipality == karmoy
    assert not Notification.objects.filter(registration__in=[upcoming, earlier])
    # the seat at the coming gathering is given up and goes to the waiting list
    assert upcoming.status == RegistrationStatus.CANCELLED
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([waiting.email], f"Du har fått plass på {gathering.title}")
    ]
    # the past gathering keeps its statistics
    assert earlier.status == RegistrationStatus.ATTENDED
    counts = organiser_client.get(registrations_url(kari_everywhere["past"]))
    assert table_rows(counts, "municipality") == {
        "Karmøy": ["Karmøy", "0", "1", "0", "0"]
    }
    assert "Kari" not in counts.content.decode()
    # nothing is found any more, and the personal link is dead
    response = personal(organiser_client, "kari@karmoy.kommune.no", "lookup")
    assert response.context["registrations"] == []
    assert client.get(personal_url).status_code == 404
    kari_everywhere["other"].refresh_from_db()
    assert kari_everywhere["other"].name == "Ola Hansen"


def test_erase_person_twice_is_harmless(kari_everywhere):
    assert booking.erase_person("kari@karmoy.kommune.no") == 2
    assert booking.erase_person("kari@karmoy.kommune.no") == 0


def test_erase_person_keeps_addresses_unique(gathering):
    """Anonymised active registrations of one gathering must not collide."""
    for email in ("a@example.no", "b@example.no"):
        RegistrationFactory(
            gathering=gathering, email=email, status=RegistrationStatus.ATTENDED
        )
        booking.erase_person(email)
    assert Registration.objects.filter(anonymised_at__isnull=False).count() == 2


# --- the gathering's page in the admin ---


def test_the_gathering_edit_page_links_to_its_registrations(
    client, organiser, django_user_model, editor, gathering
):
    link = registrations_url(gathering)
    edit_url = reverse("wagtailadmin_pages:edit", args=[gathering.pk])
    admin = django_user_model.objects.create_superuser("admin", "a@husbanken.no", "x")
    client.force_login(admin)
    assert link in client.get(edit_url).content.decode()
    client.force_login(editor)  # Husbanken's editors see the participants too
    assert link in client.get(edit_url).content.decode()
    # Someone who may edit the page but not see the participants gets no link.
    from wagtail.models import GroupPagePermission

    page_editors = Group.objects.create(name="Bare sider")
    page_editors.permissions.add(
        *editor.groups.get().permissions.filter(codename="access_admin")
    )
    GroupPagePermission.objects.create(
        group=page_editors, page=gathering, permission_type="change"
    )
    writer = django_user_model.objects.create_user("skribent", "s@husbanken.no", "x")
    writer.groups.add(page_editors)
    client.force_login(writer)
    response = client.get(edit_url)
    assert response.status_code == 200
    assert link not in response.content.decode()


def test_the_page_explorer_links_to_registrations(client, django_user_model, gathering):
    admin = django_user_model.objects.create_superuser("admin", "a@husbanken.no", "x")
    client.force_login(admin)
    response = client.get(
        reverse("wagtailadmin_explore", args=[gathering.get_parent().pk])
    )
    assert registrations_url(gathering) in response.content.decode()


def test_anonymised_registrations_stay_in_lists_without_personal_data(
    organiser_client, gathering, karmoy
):
    RegistrationFactory(
        gathering=gathering,
        name="Kari Nordmann",
        email="kari@karmoy.kommune.no",
        municipality=karmoy,
        status=RegistrationStatus.ATTENDED,
    )
    booking.erase_person("kari@karmoy.kommune.no")
    response = organiser_client.get(registrations_url(gathering))
    page = response.content.decode()
    assert "Anonymisert" in page
    assert "Kari" not in page
    assert "anonymisert.invalid" not in page
    assert response.context["object_list"][0].actions == []
    export = organiser_client.get(
        reverse("events_admin:export_csv", args=[gathering.pk])
    )
    rows = list(
        csv.reader(io.StringIO(body(export).decode("utf-8-sig")), delimiter=";")
    )
    assert rows[1][:3] == [ANONYMOUS_NAME, "", "Karmøy"]


# --- e-mail that could not be sent ---


@pytest.fixture
def given_up(registrations):
    """Kari's confirmation, given up after two days of a mail server that was down."""
    now = timezone.now()
    return Notification.objects.create(
        registration=registrations["kari"],
        kind="confirmation",
        attempts=19,
        last_error="ConnectionRefusedError: [Errno 111] Connection refused",
        retry_since=now - datetime.timedelta(days=3),
        gave_up_at=now - datetime.timedelta(days=1),
    )


def test_organisers_see_unsent_email_and_send_it_again(
    organiser_client, given_up, mailoutbox
):
    gathering = given_up.registration.gathering
    index = organiser_client.get(reverse("events_admin:index"))
    assert table_rows(index, "gathering")[gathering.title][9] == "1"
    page = organiser_client.get(registrations_url(gathering))
    (row,) = table_rows(page, "unsent").values()
    assert row[:3] == ["Kari Nordmann", "Bekreftelse", "19"]
    assert row[3].startswith("Gitt opp ")
    assert "Send på nytt" in page.content.decode()

    response = organiser_client.post(
        reverse("events_admin:resend", args=[gathering.pk])
    )
    assert response.status_code == 302
    assert response.url == registrations_url(gathering)
    assert messages_of(response) == ["1 e-post er sendt."]
    given_up.refresh_from_db()
    assert given_up.sent_at is not None
    assert given_up.gave_up_at is None
    (message,) = mailoutbox
    assert message.to == ["kari@karmoy.kommune.no"]
    page = organiser_client.get(registrations_url(gathering))
    assert table_rows(page, "unsent") == {}
    assert "Send på nytt" not in page.content.decode()


@pytest.mark.clock
def test_send_again_while_the_server_is_still_down_starts_the_retries_over(
    organiser_client, given_up, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = unused_port()
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 2
    gathering = given_up.registration.gathering
    moment = timezone.now().replace(microsecond=0)
    with time_machine.travel(moment, tick=False):
        response = organiser_client.post(
            reverse("events_admin:resend", args=[gathering.pk])
        )
    assert messages_of(response) == [
        "1 e-post kunne ikke sendes nå. Portalen prøver igjen i to døgn."
    ]
    given_up.refresh_from_db()
    assert given_up.sent_at is None
    assert given_up.gave_up_at is None
    assert given_up.retry_since == moment
    assert given_up.next_attempt_at == moment + notifications.FIRST_PAUSE


def test_send_again_needs_post_and_csrf(client, organiser, given_up, mailoutbox):
    gathering = given_up.registration.gathering
    url = reverse("events_admin:resend", args=[gathering.pk])
    client.force_login(organiser)
    assert client.get(url).status_code == 405
    csrf_client = client.__class__(enforce_csrf_checks=True)
    csrf_client.force_login(organiser)
    assert csrf_client.post(url).status_code == 403
    given_up.refresh_from_db()
    assert given_up.sent_at is None
    assert mailoutbox == []


def test_the_listings_own_export_buttons_give_the_same_files(organiser_client, tricky):
    page = organiser_client.get(registrations_url(tricky, "status=waiting"))
    assert page.context["view"].csv_export_url.endswith("?status=waiting&export=csv")
    csv_export = organiser_client.get(
        registrations_url(tricky, "status=waiting&export=csv")
    )
    assert csv_export["Content-Disposition"] == (
        f'attachment; filename="pameldinger-{tricky.slug}.csv"'
    )
    rows = list(
        csv.reader(io.StringIO(body(csv_export).decode("utf-8-sig")), delimiter=";")
    )
    assert rows[0] == REGISTRATION_COLUMNS
    assert [row[0] for row in rows[1:]] == [SCRIPT_NAME]
    xlsx_export = organiser_client.get(registrations_url(tricky, "export=xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(body(xlsx_export))).active
    assert sheet["A2"].value == "'" + FORMULA_NAME


# --- every form carries its CSRF token ---


class _PostForms(HTMLParser):
    """Each ``<form method="post">``: its action and the names of its inputs."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.current = {"action": attrs.get("action"), "inputs": {}}
            self.forms.append(self.current)
        elif tag == "input" and self.current is not None:
            self.current["inputs"][attrs.get("name")] = attrs.get("value")

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def post_forms(response):
    parser = _PostForms()
    parser.feed(response.content.decode())
    return parser.forms


@pytest.fixture
def csrf_client(client, organiser):
    """A client that is checked for CSRF like a browser (the test client is not)."""
    checked = client.__class__(enforce_csrf_checks=True)
    checked.force_login(organiser)
    return checked


@pytest.mark.clock
def test_every_post_form_on_the_registration_screens_carries_its_csrf_token(
    csrf_client, gathering_index, given_up
):
    started = started_gathering(gathering_index)
    RegistrationFactory(gathering=started, name="Kari Nordmann")
    RegistrationFactory(gathering=started, status=RegistrationStatus.ATTENDED)
    RegistrationFactory(gathering=started, status=RegistrationStatus.WAITING)
    kari = given_up.registration
    screens = [
        registrations_url(started),
        registrations_url(kari.gathering),  # with «Send på nytt»
        action_url(kari, "cancel"),
        reverse("events_admin:personal_data"),
    ]
    seen = set()
    for url in screens:
        response = csrf_client.get(url)
        assert response.status_code == 200, url
        for form in post_forms(response):
            seen.add(form["action"])
            assert form["inputs"].get("csrfmiddlewaretoken"), (url, form["action"])
    # The row actions, the confirmation, «Send på nytt» and the search all checked.
    assert {action_url(kari, "cancel"), reverse("events_admin:personal_data")} <= seen
    assert reverse("events_admin:resend", args=[kari.gathering.pk]) in seen
    assert sum("/pamelding/" in (action or "") for action in seen) >= 4


@pytest.mark.clock
def test_the_row_buttons_work_with_the_csrf_check(csrf_client, gathering_index):
    """«Møtt», «Angre møtt» and «Gi plass» post the token their page gave them."""
    gathering = started_gathering(gathering_index)
    kari = RegistrationFactory(gathering=gathering, name="Kari Nordmann")
    per = RegistrationFactory(
        gathering=gathering, name="Per Berg", status=RegistrationStatus.WAITING
    )

    def press(registration, action):
        page = csrf_client.get(registrations_url(gathering))
        (form,) = [
            form
            for form in post_forms(page)
            if form["action"] == action_url(registration, action)
        ]
        return csrf_client.post(form["action"], form["inputs"])

    assert press(kari, "attended").status_code == 302
    kari.refresh_from_db()
    assert kari.status == RegistrationStatus.ATTENDED
    assert press(kari, "unattended").status_code == 302
    kari.refresh_from_db()
    assert kari.status == RegistrationStatus.CONFIRMED
    assert press(per, "promote").status_code == 302
    per.refresh_from_db()
    assert per.status == RegistrationStatus.CONFIRMED


def test_a_form_in_the_admin_that_fails_the_csrf_check_gets_the_admins_page(
    csrf_client, registrations
):
    kari = registrations["kari"]
    list_url = "http://testserver" + registrations_url(kari.gathering)
    response = csrf_client.post(
        action_url(kari, "cancel"), {"confirm": "ja"}, HTTP_REFERER=list_url
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "Skjemaet kunne ikke sendes" in page
    assert "Ingenting ble endret" in page
    assert 'id="wagtail-sidebar"' in page  # the admin's own frame, with its menu
    assert f'href="{list_url}"' in page  # back to the form
    assert reverse("wagtailadmin_home") in page
    assert "Gå til forsiden" not in page  # not the readers' page
    kari.refresh_from_db()
    assert kari.status == RegistrationStatus.CONFIRMED


def test_a_csrf_failure_at_the_admin_sign_in_is_the_admins_page(client):
    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post(
        reverse("wagtailadmin_login"),
        {"username": "x", "password": "y"},
        HTTP_REFERER="https://elsewhere.example/",
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "Skjemaet kunne ikke sendes" in page
    assert "wagtailadmin/css/core.css" in page
    assert "elsewhere.example" not in page  # no way back to another site


def test_a_csrf_failure_outside_the_admin_keeps_the_readers_page(client, gathering):
    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post(gathering.url, {"name": "Kari"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Skjemaet kunne ikke sendes" in page
    assert "Gå til forsiden" in page
    assert "wagtail-sidebar" not in page


# --- roles: organisers plan gatherings, Husbanken's editors see participants ---


def gathering_form(parent, **overrides):
    """The fields of a new gathering, as the admin's page form posts them."""
    start = timezone.localtime(in_days(40))
    data = {
        "title": "Nettverkssamling i Bodø",
        "slug": "nettverkssamling-bodo",
        "kind": "fagsamling",
        "start": start.strftime("%Y-%m-%d %H:%M"),
        "end": (start + datetime.timedelta(hours=6)).strftime("%Y-%m-%d %H:%M"),
        "venue": "Husbanken, Bodø",
        "organiser": "Husbanken",
        "capacity": "30",
        "digital_capacity": "100",
        "attendance": "on_site",
        "seats_per_municipality": "2",
        "reminder_days": "2",
        "registration_enabled": "on",
        "description-count": "0",
        "action-publish": "action-publish",
    }
    data.update(overrides)
    return data


def with_empty_formsets(client, url, data):
    """Add the management forms of every inline panel the page form shows."""
    import re

    page = client.get(url).content.decode()
    for prefix in re.findall(r'name="([\w-]+)-TOTAL_FORMS"', page):
        data.setdefault(f"{prefix}-TOTAL_FORMS", "0")
        data.setdefault(f"{prefix}-INITIAL_FORMS", "0")
        data.setdefault(f"{prefix}-MIN_NUM_FORMS", "0")
        data.setdefault(f"{prefix}-MAX_NUM_FORMS", "1000")
    return data


def test_an_organiser_creates_edits_and_publishes_a_gathering(
    organiser_client, gathering_index
):
    from events.models import GatheringPage

    add_url = reverse(
        "wagtailadmin_pages:add",
        args=["events", "gatheringpage", gathering_index.pk],
    )
    assert organiser_client.get(add_url).status_code == 200
    data = with_empty_formsets(
        organiser_client, add_url, gathering_form(gathering_index)
    )
    response = organiser_client.post(add_url, data)
    assert response.status_code == 302, response.context["form"].errors
    created = GatheringPage.objects.get(slug="nettverkssamling-bodo")
    assert created.live
    assert (created.capacity, created.seats_per_municipality) == (30, 2)

    edit_url = reverse("wagtailadmin_pages:edit", args=[created.pk])
    data = with_empty_formsets(
        organiser_client, edit_url, gathering_form(gathering_index, capacity="40")
    )
    response = organiser_client.post(edit_url, data)
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.capacity == 40
    # Their participants, with the way back to the page they may edit.
    page = organiser_client.get(registrations_url(created))
    assert "Rediger samlingen" in page.content.decode()


def test_an_organiser_may_not_edit_other_pages(organiser_client, home_page):
    assert (
        organiser_client.get(
            reverse("wagtailadmin_pages:edit", args=[home_page.pk])
        ).status_code
        != 200
    )


def test_a_husbanken_editor_sees_the_participants(client, editor, registrations):
    client.force_login(editor)
    assert (
        reverse("events_admin:index")
        in client.get(reverse("wagtailadmin_home")).content.decode()
    )
    response = client.get(registrations_url(registrations["kari"].gathering))
    assert response.status_code == 200
    assert "Kari Nordmann" in response.content.decode()


def test_the_roles_migration_gives_and_takes_the_rights(gathering_index, editor):
    import importlib

    from django.apps import apps
    from wagtail.models import GroupCollectionPermission, GroupPagePermission

    migration = importlib.import_module("events.migrations.0006_organiser_roles")
    organisers = Group.objects.get(name="Arrangører")

    def page_rights():
        return set(
            GroupPagePermission.objects.filter(
                group=organisers, page=gathering_index
            ).values_list("permission__codename", flat=True)
        )

    def media_rights():
        return set(
            GroupCollectionPermission.objects.filter(group=organisers).values_list(
                "permission__codename", flat=True
            )
        )

    migration.revoke(apps, None)
    assert page_rights() == set()
    assert media_rights() == set()
    assert (
        not editor.groups.get()
        .permissions.filter(codename="manage_registrations")
        .exists()
    )

    migration.grant(apps, None)
    assert page_rights() == {"add_page", "change_page", "publish_page"}
    assert {"add_image", "choose_image", "add_document", "choose_document"} <= (
        media_rights()
    )
    editor = type(editor).objects.get(pk=editor.pk)  # no cached permissions
    assert editor.has_perm("events.manage_registrations")


# --- e-mail to the participants from Påmeldinger ---


def send_url(gathering, what):
    return reverse("events_admin:send", args=[gathering.pk, what])


def message_url(gathering):
    return reverse("events_admin:message", args=[gathering.pk])


@pytest.mark.clock
def test_send_the_evaluation_now_to_this_gatherings_participants(
    organiser_client, gathering_index, django_capture_on_commit_callbacks, mailoutbox
):
    from events.models import Invitation

    gathering = started_gathering(gathering_index)
    other = started_gathering(gathering_index)
    kari = RegistrationFactory(
        gathering=gathering, name="Kari Nordmann", status=RegistrationStatus.ATTENDED
    )
    RegistrationFactory(gathering=gathering, status=RegistrationStatus.CONFIRMED)
    RegistrationFactory(gathering=other, status=RegistrationStatus.ATTENDED)
    page = organiser_client.get(registrations_url(gathering)).content.decode()
    assert "Send evalueringen nå" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(send_url(gathering, "evaluering"))
    assert response.url == registrations_url(gathering)
    assert messages_of(response) == ["Evalueringen sendes til 1 deltaker."]
    assert [m.to for m in mailoutbox] == [[kari.email]]
    assert mailoutbox[0].subject == f"Hva syntes du om {gathering.title}?"
    assert list(Invitation.objects.values_list("registration", flat=True)) == [kari.pk]
    # Once is enough.
    response = organiser_client.post(send_url(gathering, "evaluering"))
    assert messages_of(response)[-1] == (
        "Alle som skal ha evalueringen, har allerede fått den."
    )
    assert Invitation.objects.count() == 1


def test_the_evaluation_waits_for_the_start(organiser_client, registrations):
    gathering = registrations["kari"].gathering  # in 30 days
    page = organiser_client.get(registrations_url(gathering)).content.decode()
    assert "Send evalueringen nå" not in page
    assert "Evalueringen kan først sendes når samlingen har startet." in page
    response = organiser_client.post(send_url(gathering, "evaluering"))
    assert messages_of(response) == [
        "Evalueringen kan først sendes når samlingen har startet."
    ]
    assert not Notification.objects.filter(kind="evaluation").exists()


@pytest.mark.clock
def test_send_a_reminder_now(
    organiser_client, registrations, django_capture_on_commit_callbacks, mailoutbox
):
    gathering = registrations["kari"].gathering
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(send_url(gathering, "paminnelse"))
    assert messages_of(response) == ["Påminnelsen sendes til 1 deltaker."]
    assert [m.to for m in mailoutbox] == [["kari@karmoy.kommune.no"]]
    response = organiser_client.post(send_url(gathering, "paminnelse"))
    assert messages_of(response)[-1] == (
        "Alle som skal ha påminnelsen, har allerede fått den."
    )
    assert Notification.objects.filter(kind="reminder").count() == 1


@pytest.mark.clock
def test_no_reminder_once_the_gathering_has_started(organiser_client, gathering_index):
    gathering = started_gathering(gathering_index)
    RegistrationFactory(gathering=gathering)
    response = organiser_client.post(send_url(gathering, "paminnelse"))
    assert messages_of(response) == [
        "Påminnelsen kan bare sendes før samlingen starter."
    ]
    assert not Notification.objects.exists()


def test_send_a_message_to_everyone_with_a_seat(
    organiser_client, registrations, django_capture_on_commit_callbacks, mailoutbox
):
    gathering = registrations["kari"].gathering
    form = organiser_client.get(message_url(gathering))
    assert form.status_code == 200
    assert "2 deltakere med plass" in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            message_url(gathering),
            {"subject": "Nytt møterom", "body": "Vi er i rom 3.\nVelkommen!"},
        )
    assert response.url == registrations_url(gathering)
    assert messages_of(response) == ["Beskjeden «Nytt møterom» sendes til 2 deltakere."]
    assert sorted(m.to[0] for m in mailoutbox) == [
        "kari@karmoy.kommune.no",
        "ola@karmoy.kommune.no",
    ]
    message = mailoutbox[0]
    assert message.subject == "Nytt møterom"
    assert "Vi er i rom 3.\nVelkommen!" in message.body
    assert gathering.title in message.body
    # What each person has been sent, in the list.
    page = organiser_client.get(registrations_url(gathering)).content.decode()
    assert "Beskjed fra arrangørene: «Nytt møterom», sendt" in " ".join(page.split())
    assert (
        "Nytt møterom" in organiser_client.get(message_url(gathering)).content.decode()
    )


@pytest.mark.parametrize(
    "data, error",
    [
        ({"subject": "", "body": "Tekst"}, "Skriv et emne."),
        ({"subject": "Emne", "body": "  "}, "Skriv en tekst."),
        ({"subject": "x" * 121, "body": "Tekst"}, "Emnet kan ha høyst 120 tegn."),
        ({"subject": "Emne", "body": "x" * 3001}, "Teksten kan ha høyst 3000 tegn."),
        ({"subject": "To\nlinjer", "body": "Tekst"}, "Emnet må stå på én linje."),
    ],
)
def test_a_message_that_does_not_fit_is_refused_in_bokmal(
    organiser_client, registrations, data, error
):
    gathering = registrations["kari"].gathering
    response = organiser_client.post(message_url(gathering), data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Notification.objects.filter(kind="message").exists()


@pytest.mark.clock
def test_the_list_shows_what_each_person_was_sent(organiser_client, given_up):
    kari = given_up.registration
    Notification.objects.create(
        registration=kari, kind="reminder", sent_at=timezone.now()
    )
    page = organiser_client.get(registrations_url(kari.gathering)).content.decode()
    text = " ".join(page.split())
    assert "Bekreftelse, ikke sendt, gitt opp" in text
    assert "Påminnelse, sendt" in text


def test_sending_is_for_organisers_only(client, contributor, registrations, mailoutbox):
    gathering = registrations["kari"].gathering
    client.force_login(contributor)
    for url in (send_url(gathering, "paminnelse"), send_url(gathering, "evaluering")):
        assert client.post(url).status_code == 403
    assert client.get(message_url(gathering)).status_code == 403
    response = client.post(message_url(gathering), {"subject": "S", "body": "T"})
    assert response.status_code == 403
    assert not Notification.objects.exists()


def test_sending_needs_post_and_csrf(csrf_client, registrations):
    gathering = registrations["kari"].gathering
    assert csrf_client.get(send_url(gathering, "paminnelse")).status_code == 405
    assert csrf_client.post(send_url(gathering, "paminnelse")).status_code == 403
    response = csrf_client.post(message_url(gathering), {"subject": "S", "body": "T"})
    assert response.status_code == 403
    assert not Notification.objects.exists()
    # The forms carry their token.
    for url in (registrations_url(gathering), message_url(gathering)):
        for form in post_forms(csrf_client.get(url)):
            assert form["inputs"].get("csrfmiddlewaretoken"), (url, form["action"])

"""Group registration: a coordinator registers colleagues at once; each confirms,
gets e-mail and cancels alone, and the coordinator's page shows where each stands."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from events import booking, retention
from events.models import EmailKind, Notification, Registration, RegistrationGroup
from tests.events.factories import GatheringPageFactory, RegistrationFactory
from tests.events.test_notifications import closed_mail_server  # noqa: F401 (a fixture)
from tests.factories import MunicipalityPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def karmoy(municipality_index):
    return MunicipalityPageFactory(parent=municipality_index, title="Karmøy kommune")


@pytest.fixture
def gathering(gathering_index):
    return GatheringPageFactory(parent=gathering_index, title="Fagsamling i Bergen")


def form_url(gathering):
    return f"/samlinger-gruppe/{gathering.pk}/"


def send(client, gathering, karmoy, colleagues, **changes):
    page = client.get(form_url(gathering)).content.decode()
    data = {
        "started": re.search(r'name="started" value="([^"]+)"', page)[1],
        "coordinator_name": "Kari Koordinator",
        "coordinator_email": "kari@karmoy.kommune.no",
        "municipality": str(karmoy.pk),
        "consent": "on",
        "kollega-TOTAL_FORMS": str(max(len(colleagues), 5)),
        "kollega-INITIAL_FORMS": "0",
        "kollega-MIN_NUM_FORMS": "0",
        "kollega-MAX_NUM_FORMS": "20",
        **changes,
    }
    for number, (name, email) in enumerate(colleagues):
        data[f"kollega-{number}-name"] = name
        data[f"kollega-{number}-email"] = email
    return client.post(form_url(gathering), data)


COLLEAGUES = [("Ola Hansen", "ola@karmoy.kommune.no"), ("Siri Berg", "siri@karmoy.no")]


@pytest.fixture(autouse=True)
def quick(settings):
    settings.REGISTRATION_MIN_FILL_SECONDS = 0


def test_each_colleague_is_registered_and_asked_to_confirm(
    client, gathering, karmoy, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, gathering, karmoy, COLLEAGUES)
    group = RegistrationGroup.objects.get()
    assert response.status_code == 302
    assert response["Location"] == group.get_absolute_url()
    members = Registration.objects.filter(group=group).order_by("name")
    assert [(m.name, m.email, m.municipality) for m in members] == [
        ("Ola Hansen", "ola@karmoy.kommune.no", karmoy),
        ("Siri Berg", "siri@karmoy.no", karmoy),
    ]
    assert Notification.objects.filter(kind=EmailKind.CONFIRM_ADDRESS).count() == 2
    (to_coordinator,) = [m for m in mailoutbox if m.to == ["kari@karmoy.kommune.no"]]
    assert group.get_absolute_url() in to_coordinator.body

    page = client.get(group.get_absolute_url()).content.decode()
    assert "Ola Hansen" in page and "Siri Berg" in page
    assert "ola@karmoy.kommune.no" not in page


def test_the_coordinators_link_is_not_lost_when_the_mail_server_is_down(
    client,
    gathering,
    karmoy,
    mailoutbox,
    closed_mail_server,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        send(client, gathering, karmoy, COLLEAGUES)
    group = RegistrationGroup.objects.get()
    assert group.sent_at is None
    assert group.last_error.startswith("ConnectionRefusedError")
    assert group.next_attempt_at is not None

    closed_mail_server.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    RegistrationGroup.objects.update(next_attempt_at=timezone.now())
    Notification.objects.update(next_attempt_at=timezone.now())
    out = StringIO()
    call_command("send_notifications", stdout=out)
    assert out.getvalue().startswith("E-mails sent: 3;")  # two colleagues, one link
    (to_coordinator,) = [m for m in mailoutbox if m.to == ["kari@karmoy.kommune.no"]]
    assert group.get_absolute_url() in to_coordinator.body
    group.refresh_from_db()
    assert group.sent_at is not None
    call_command("send_notifications", stdout=StringIO())
    assert len(mailoutbox) == 3  # nothing twice


def test_each_confirms_and_cancels_alone(client, gathering, karmoy):
    send(client, gathering, karmoy, COLLEAGUES)
    ola, siri = Registration.objects.order_by("name")
    booking.confirm(ola)
    booking.confirm(siri)
    booking.cancel(ola)
    ola.refresh_from_db()
    siri.refresh_from_db()
    assert (ola.status, siri.status) == ("cancelled", "confirmed")
    assert ola.token != siri.token
    page = client.get(RegistrationGroup.objects.get().get_absolute_url())
    text = page.content.decode()
    assert "Avmeldt" in text and "Bekreftet" in text


def test_the_limit_per_municipality_applies_person_by_person(client, gathering, karmoy):
    gathering.seats_per_municipality = 1
    gathering.save()
    send(client, gathering, karmoy, COLLEAGUES)
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {"Ola Hansen": "unconfirmed", "Siri Berg": "unconfirmed_waiting"}


def test_an_address_already_registered_is_not_taken_over(client, gathering, karmoy):
    existing = RegistrationFactory(gathering=gathering, email="siri@karmoy.no")
    send(client, gathering, karmoy, COLLEAGUES)
    group = RegistrationGroup.objects.get()
    assert list(group.members.values_list("name", flat=True)) == ["Ola Hansen"]
    existing.refresh_from_db()
    assert existing.group is None
    assert existing.notifications.filter(kind=EmailKind.LINK).exists()


@pytest.mark.parametrize(
    ("colleagues", "message"),
    [
        ([], "Skriv inn minst én kollega."),
        (
            [("Ola Hansen", "ola@k.no"), ("Ola Hansen", "OLA@k.no")],
            "Hver kollega må ha sin egen e-postadresse.",
        ),
        ([("<b>Ola</b>", "ola@k.no")], "Navnet kan bare inneholde bokstaver"),
        ([("Ola Hansen", "")], "Skriv e-postadressen til kollegaen."),
    ],
)
def test_bad_input_gets_a_clear_message_and_books_nobody(
    client, gathering, karmoy, colleagues, message
):
    response = send(client, gathering, karmoy, colleagues)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Registration.objects.exists()
    assert not RegistrationGroup.objects.exists()


def test_more_than_twenty_at_once_is_refused(client, gathering, karmoy):
    many = [(f"Kollega Nummer {chr(65 + n)}", f"k{n}@k.no") for n in range(21)]
    response = send(client, gathering, karmoy, many)
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_a_bad_link_is_not_found(client):
    assert client.get("/pamelding/gruppe/finnes-ikke/").status_code == 404
    assert client.get("/pamelding/gruppe/%00/").status_code == 404


def test_the_group_is_deleted_with_the_personal_data(client, gathering, karmoy):
    send(client, gathering, karmoy, COLLEAGUES)
    later = gathering.end + retention.datetime.timedelta(days=31)
    assert retention.purge(later).groups_deleted == 1
    assert not RegistrationGroup.objects.exists()

    send(client, gathering, karmoy, [("Per Hansen", "per@k.no")])
    booking.erase_person("KARI@karmoy.kommune.no")
    assert not RegistrationGroup.objects.exists()

import pytest

from events.models import Registration, RegistrationStatus
from tests.events.factories import confirm_from_email

pytestmark = pytest.mark.django_db


def test_register_through_the_page(
    client, gathering, django_capture_on_commit_callbacks, mailoutbox
):
    response = client.get(gathering.url)
    assert response.status_code == 200
    assert "10 ledige plasser" in response.content.decode()
    form = response.context["form"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            gathering.url,
            {
                "name": "Kari Nordmann",
                "email": "Kari@Example.no",
                "organisation": "NAV Karmøy",
                "consent": "on",
                "started": form.initial["started"],
            },
        )
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert registration.email == "kari@example.no"
    assert registration.status == RegistrationStatus.UNCONFIRMED
    (request_to_confirm,) = mailoutbox
    assert not request_to_confirm.attachments
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm_from_email(client, request_to_confirm)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert mailoutbox[1].attachments[0][0] == "samling.ics"
    page = client.get(response.url).content.decode()
    assert "Påmeldingen er bekreftet, og du har fått plass." in page
    assert "Kari Nordmann" in page

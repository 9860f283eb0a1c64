import pytest

from events.models import Registration, RegistrationStatus

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
    assert response.url == registration.get_absolute_url()
    assert registration.email == "kari@example.no"
    assert registration.status == RegistrationStatus.CONFIRMED
    assert len(mailoutbox) == 1
    assert mailoutbox[0].attachments[0][0] == "samling.ics"
    page = client.get(response.url).content.decode()
    assert "Takk! Du er påmeldt." in page
    assert "Kari Nordmann" in page

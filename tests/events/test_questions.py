"""The organisers' own questions on a gathering's form: which days, overnight stay,
a workshop with its own places, free text. The answers are shown to the person and in
Påmeldinger and its downloads, and erased with the registration."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from events import booking, retention
from events.forms import question_field
from events.models import RegistrationAnswer, RegistrationQuestion
from tests.events.factories import GatheringPageFactory, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def gathering(gathering_index):
    gathering = GatheringPageFactory(
        parent=gathering_index,
        title="Samling over to dager",
        start=in_days(30, 9),
        end=in_days(31, 15),
    )
    for order, (text, kind, required, options) in enumerate(
        [
            ("Hvilke dager kommer du?", "days", True, ""),
            ("Trenger du overnatting?", "yes_no", True, ""),
            ("Hvilket verksted?", "workshop", False, "Bolig først | 1\nBostøtte | 10"),
            ("Noe vi bør vite?", "text", False, ""),
        ]
    ):
        RegistrationQuestion.objects.create(
            page=gathering,
            sort_order=order,
            text=text,
            kind=kind,
            required=required,
            options=options,
        )
    return gathering


def register(gathering, email, answers):
    """A registration answering ``answers`` (and nothing else asked)."""
    return booking.register(
        gathering,
        name=email.split("@")[0].title(),
        email=email,
        organisation="NAV",
        consent=True,
        answers=answers,
    )


def questions(gathering):
    return list(gathering.registration_questions.order_by("sort_order"))


def post(client, gathering, **answers):
    page = client.get(gathering.url).content.decode()
    assert "Hvilke dager kommer du?" in page
    form = {
        "name": "Kari Nordmann",
        "email": "kari@example.no",
        "organisation": "NAV",
        "consent": "on",
        **answers,
    }
    return client.post(gathering.url, form)


def test_the_form_asks_and_stores_the_answers(client, gathering, settings):
    settings.REGISTRATION_MIN_FILL_SECONDS = 0
    days, stay, workshop, note = questions(gathering)
    first_day = question_field(days, gathering).choices[0][0]
    page = client.get(gathering.url).content.decode()
    assert f'type="checkbox" name="{days.field_name}" value="{first_day}"' in page
    assert f'type="radio" name="{workshop.field_name}" value="Bolig først"' in page

    response = post(
        client,
        gathering,
        started=started(client, gathering),
        **{
            days.field_name: [first_day],
            stay.field_name: "ja",
            workshop.field_name: "Bolig først",
            note.field_name: "Kommer med rullestol.",
        },
    )
    assert response.status_code == 302
    registration = gathering.registrations.get()
    assert [
        (answer.question.text, answer.value)
        for answer in registration.answers_in_order()
    ] == [
        ("Hvilke dager kommer du?", first_day),
        ("Trenger du overnatting?", "ja"),
        ("Hvilket verksted?", "Bolig først"),
        ("Noe vi bør vite?", "Kommer med rullestol."),
    ]
    own = client.get(registration.get_absolute_url()).content.decode()
    assert "Kommer med rullestol." in own


def started(client, gathering):
    page = client.get(gathering.url).content.decode()
    return re.search(r'name="started" value="([^"]+)"', page)[1]


def test_required_questions_must_be_answered(client, gathering, settings):
    settings.REGISTRATION_MIN_FILL_SECONDS = 0
    response = post(client, gathering, started=started(client, gathering))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Velg minst én dag." in html
    assert "Svar på dette spørsmålet." in html
    assert not gathering.registrations.exists()


def test_a_workshop_is_never_overbooked(gathering):
    workshop = questions(gathering)[2]
    first = register(gathering, "kari@example.no", {workshop: "Bolig først"})
    assert first.created
    with pytest.raises(booking.BookingError, match="«Bolig først» er fullt"):
        register(gathering, "ola@example.no", {workshop: "Bolig først"})
    assert gathering.registrations.count() == 1
    # A place freed by a cancellation can be taken again.
    booking.cancel(first.registration)
    again = register(gathering, "ola@example.no", {workshop: "Bolig først"})
    assert again.created


def test_answers_are_in_the_list_and_the_download(admin_client, gathering):
    stay = questions(gathering)[1]
    registration = register(gathering, "kari@example.no", {stay: "nei"}).registration
    booking.confirm(registration)
    html = admin_client.get(f"/admin/pameldinger/{gathering.pk}/").content.decode()
    assert "Trenger du overnatting?: nei" in html
    export = admin_client.get(f"/admin/pameldinger/{gathering.pk}/pameldinger.csv")
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "Trenger du overnatting?: nei" in text


def test_answers_are_erased_with_the_registration(gathering):
    stay = questions(gathering)[1]
    registration = register(gathering, "kari@example.no", {stay: "ja"}).registration
    booking.confirm(registration)
    assert RegistrationAnswer.objects.count() == 1
    later = gathering.end + datetime.timedelta(days=31)
    assert retention.anonymise(later) == 1
    assert RegistrationAnswer.objects.count() == 0


def test_a_workshop_question_needs_its_places(gathering):
    question = RegistrationQuestion(
        page=gathering, text="Verksted?", kind="workshop", options="A\nB | 3"
    )
    with pytest.raises(ValidationError, match="antall plasser"):
        question.clean()
    question.options = "Bare ett | 3"
    with pytest.raises(ValidationError, match="minst to valg"):
        question.clean()

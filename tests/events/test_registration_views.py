"""Registration as a participant meets it: the form on the gathering page and the token pages."""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup

from events import booking
from events.forms import RegistrationForm
from events.models import Notification, Registration, RegistrationStatus
from tests.events.factories import (
    GatheringPageFactory,
    RegistrationFactory,
    confirm_from_email,
    confirm_link,
)
from tests.factories import MunicipalityPageFactory
from tests.markup import assert_valid_html
from tests.nynorsk import bokmal_words

# Marked one by one: the tests whose checks depend on the date or the hour.
pytestmark = pytest.mark.django_db


@pytest.fixture
def karmoy(municipality_index):
    return MunicipalityPageFactory(parent=municipality_index, title="Karmøy kommune")


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text(response):
    """What a reader sees: the page's text with entities resolved."""
    return " ".join(soup(response).get_text(" ").split())


def started_from(response):
    """The signed time stamp the page put in its form, as a browser would send it."""
    return soup(response).find("input", {"name": "started"})["value"]


def form_data(started, **changes):
    data = {
        "name": "Kari Nordmann",
        "email": "kari@example.no",
        "municipality": "",
        "organisation": "NAV Karmøy",
        "role": "Rådgiver",
        "dietary_needs": "",
        "consent": "on",
        "website": "",
        "started": started,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def post_form(client, gathering, **changes):
    """Open the gathering page, fill in its form and send it."""
    started = started_from(client.get(gathering.url))
    return client.post(gathering.url, form_data(started, **changes))


def error_summary(response):
    return soup(response).find("div", class_="ds-error-summary")


# --- success ---


def test_registration_asks_to_confirm_and_shows_no_registration(
    client, gathering, karmoy, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_form(
            client,
            gathering,
            municipality=str(karmoy.pk),
            organisation="",
            dietary_needs="Vegetar",
        )

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response.url == f"/pamelding/sendt/{gathering.pk}/"
    assert registration.status == RegistrationStatus.UNCONFIRMED
    assert registration.municipality == karmoy
    assert registration.dietary_needs == "Vegetar"
    assert registration.language == "nb"
    [message] = mailoutbox
    assert message.to == ["kari@example.no"]
    assert message.subject == f"Bekreft påmeldingen din til {gathering.title}"
    assert not message.attachments  # no calendar before the seat is confirmed
    sent = client.get(response.url)
    assert registration.token not in sent.content.decode()
    assert (
        "Vi har sendt en e-post til kari@example.no. Åpne lenken i den og bekreft "
        "påmeldingen innen 30 minutter – først da er du påmeldt." in text(sent)
    )

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = confirm_from_email(client, message)

    assert confirmed.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    page = text(client.get(confirmed.url))
    assert "Påmeldingen er bekreftet, og du har fått plass." in page
    assert "Karmøy kommune" in page
    assert mailoutbox[-1].subject == f"Bekreftet: du er påmeldt {gathering.title}"
    assert "samling.ics" in [name for name, *_ in mailoutbox[-1].attachments]


def test_a_registration_in_nynorsk_is_answered_in_nynorsk(
    client, gathering, karmoy, django_capture_on_commit_callbacks, mailoutbox
):
    """The form sent from the nynorsk page: the registration keeps the standard, and
    its pages, e-mails, their links and the calendar file follow it."""
    address = f"/nn{gathering.url}"
    started = started_from(client.get(address))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            address,
            form_data(started, municipality=str(karmoy.pk), organisation=""),
        )

    registration = Registration.objects.get()
    assert registration.language == "nn"
    assert response.url == f"/nn/pamelding/sendt/{gathering.pk}/"
    assert "Vi har sendt ein e-post til kari@example.no." in text(
        client.get(response.url)
    )
    [message] = mailoutbox
    assert message.subject == f"Stadfest påmeldinga di til {gathering.title}"
    assert f"http://testserver/nn/pamelding/{registration.token}/" in message.body
    html, _type = message.alternatives[0]
    assert '<html lang="nn"' in html

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = confirm_from_email(client, message)

    assert confirmed.url.startswith("/nn/pamelding/")
    assert "du har fått plass" in text(client.get(confirmed.url))
    confirmation = mailoutbox[-1]
    assert confirmation.subject == f"Stadfesta: du er påmeldt {gathering.title}"
    for sent in mailoutbox:
        assert bokmal_words(sent.body) == set(), sent.body
    assert "samling.ics" in [name for name, *_ in confirmation.attachments]


def test_full_gathering_puts_the_participant_on_the_waiting_list(
    client, gathering_index, mailoutbox, django_capture_on_commit_callbacks
):
    gathering = GatheringPageFactory(parent=gathering_index, capacity=1)
    RegistrationFactory(gathering=gathering)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_form(client, gathering)
    confirm_from_email(client, mailoutbox[0])

    assert response.status_code == 302
    page = text(client.get(confirm_link(mailoutbox[0])))
    assert "Påmeldingen er bekreftet, og du står på ventelisten." in page
    assert "På venteliste – nummer 1 på ventelisten" in page


SENT = "Vi har sendt en e-post til {}. Åpne lenken i den og bekreft påmeldingen"


def test_an_address_already_registered_opens_nothing_and_gets_its_link_by_email(
    client, gathering, karmoy, django_capture_on_commit_callbacks, mailoutbox
):
    """Knowing someone's address must not show their registration, only mail them."""
    owner = booking.register(
        gathering,
        name="Ola Eiersen",
        email="ola@example.no",
        municipality=karmoy,
        role="Boligkonsulent",
        dietary_needs="Glutenfri",
        consent=True,
    ).registration
    booking.confirm(owner)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = post_form(
            client, gathering, email="OLA@Example.no", name="Noen Fremmed"
        )

    # The same answer as for a new address.
    assert response.status_code == 302
    assert response.url == f"/pamelding/sendt/{gathering.pk}/"
    answer = client.get(response.url)
    assert SENT.format("ola@example.no") in text(answer)
    body = answer.content.decode()
    for secret in (owner.token, "Ola Eiersen", "Boligkonsulent", "Glutenfri"):
        assert secret not in body
    assert "Meld meg av" not in text(answer)
    # Nothing changed, and the link went to the address, not to the one who typed it.
    assert Registration.objects.count() == 1
    assert Registration.objects.get().name == "Ola Eiersen"
    [message] = mailoutbox
    assert message.to == ["ola@example.no"]
    assert message.subject == f"Lenken til påmeldingen din til {gathering.title}"
    assert f"http://testserver/pamelding/{owner.token}/" in message.body
    assert "allerede påmeldt" in message.body
    assert "Fremmed" not in message.body
    assert "samling.ics" not in [name for name, *_ in message.attachments]
    # The next page the visitor opens shows nothing of it either.
    assert "Ola Eiersen" not in client.get(gathering.url).content.decode()


def test_an_address_on_the_waiting_list_is_answered_the_same(
    client, gathering_index, mailoutbox, django_capture_on_commit_callbacks
):
    gathering = GatheringPageFactory(parent=gathering_index, capacity=1)
    RegistrationFactory(gathering=gathering)
    waiting = RegistrationFactory(
        gathering=gathering, email="kari@example.no", status="waiting"
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = post_form(client, gathering, email="kari@example.no")

    assert response.url == f"/pamelding/sendt/{gathering.pk}/"
    answer = client.get(response.url)
    assert SENT.format("kari@example.no") in text(answer)
    assert waiting.token not in answer.content.decode()
    assert "nummer 1" not in text(answer)
    assert [message.to for message in mailoutbox] == [["kari@example.no"]]


@pytest.mark.clock
def test_a_registered_address_after_the_deadline_gets_the_same_refusal(
    client, gathering, mailoutbox, django_capture_on_commit_callbacks
):
    """The gathering's state answers first: no «allerede påmeldt» for a known address."""
    registration = RegistrationFactory(gathering=gathering, email="kari@example.no")
    closes = gathering.registration_closes
    with time_machine.travel(closes - datetime.timedelta(minutes=5)):
        started = started_from(client.get(gathering.url))

    answers = []
    for email in ("kari@example.no", "ukjent@example.no"):
        with (
            time_machine.travel(closes + datetime.timedelta(minutes=1)),
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = client.post(gathering.url, form_data(started, email=email))
        assert response.status_code == 400
        answers.append(soup(response).find(role="alert").get_text(" ", strip=True))

    assert answers[0] == answers[1]
    assert "Påmeldingsfristen er ute." in answers[0]
    assert "allerede" not in answers[0]
    assert registration.token not in response.content.decode()
    assert mailoutbox == []


# --- bad input: status 400, a bokmål message, nothing stored ---


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"name": "K" * 81},
            "Navnet kan ha høyst 80 tegn (du skrev 81).",
        ),
        ({"name": ""}, "Skriv navnet ditt."),
        ({"email": "kari(at)example.no"}, "Oppgi en gyldig epost-adresse."),
        (
            {"name": "<script>alert(1)</script>"},
            "Navnet kan bare inneholde bokstaver, mellomrom, bindestrek (-), "
            "apostrof (') og punktum etter en forkortelse.",
        ),
        (
            {"name": "Vinn en premie på svindel.example 100 kr"},
            "Navnet kan bare inneholde bokstaver",
        ),
        (
            {"consent": None},
            "Du må godta personvernerklæringen for å melde deg på.",
        ),
        (
            {"organisation": "", "municipality": ""},
            "Velg en programkommune eller skriv hvilken organisasjon du kommer fra.",
        ),
        (
            {"website": "https://billig-reise.example"},
            "Påmeldingen ble stoppet av spamfilteret. Ta kontakt med arrangøren.",
        ),
        (
            {"municipality": "999999"},
            "Velg et gyldig valg.",
        ),
    ],
    ids=[
        "name-too-long",
        "name-missing",
        "bad-email",
        "markup-in-name",
        "text-with-a-link-as-name",
        "no-consent",
        "neither-municipality-nor-organisation",
        "honeypot",
        "unknown-municipality",
    ],
)
def test_bad_input_is_refused_in_bokmal(client, gathering, changes, message):
    response = post_form(client, gathering, **changes)

    assert response.status_code == 400
    assert message in " ".join(error_summary(response).get_text(" ").split())
    assert not Registration.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    "consent",
    ["0", "false", "off", "nei", "", "ON", "yes", ["0", "on"], ["on", "on"]],
)
def test_only_the_checkboxs_own_value_is_consent(client, gathering, consent):
    response = post_form(client, gathering, consent=consent)

    assert response.status_code == 400
    assert "Du må godta personvernerklæringen for å melde deg på." in text(response)
    assert not soup(response).find("input", {"name": "consent"}).has_attr("checked")
    assert not Registration.objects.exists()
    assert not Notification.objects.exists()


def test_the_checkbox_sends_the_value_the_form_takes_as_consent(client, gathering):
    box = soup(client.get(gathering.url)).find("input", {"name": "consent"})

    response = post_form(client, gathering, consent=box["value"])

    assert response.status_code == 302
    assert Registration.objects.get().consent is True


def test_markup_in_the_name_is_not_echoed_as_markup(client, gathering):
    response = post_form(client, gathering, name="<script>alert(1)</script>")

    assert response.status_code == 400
    assert b"<script>alert(1)</script>" not in response.content
    field = soup(response).find("input", {"name": "name"})
    assert field["value"] == "<script>alert(1)</script>"  # escaped in the HTML
    assert field["aria-invalid"] == "true"


def test_an_unpublished_municipality_cannot_be_chosen(
    client, gathering, municipality_index
):
    hidden = MunicipalityPageFactory(parent=municipality_index, live=False)

    response = post_form(client, gathering, municipality=str(hidden.pk))

    assert response.status_code == 400
    assert "Velg et gyldig valg." in text(response)
    assert not Registration.objects.exists()


@pytest.mark.clock
@pytest.mark.parametrize(
    "started",
    ["", "1700000000.0", "1700000000.0:tampered:signature"],
    ids=["missing", "unsigned", "bad-signature"],
)
def test_a_tampered_time_stamp_is_refused(client, gathering, started):
    response = client.post(gathering.url, form_data(started))

    assert response.status_code == 400
    assert "Skjemaet er utløpt. Last inn siden på nytt og prøv igjen." in text(response)
    assert not Registration.objects.exists()


@pytest.mark.clock
def test_a_changed_time_stamp_breaks_the_signature(client, gathering):
    started = started_from(client.get(gathering.url))
    value, signature = started.split(":", 1)
    earlier = f"{float(value) - 3600}:{signature}"

    response = client.post(gathering.url, form_data(earlier))

    assert response.status_code == 400
    assert "Skjemaet er utløpt." in text(response)
    assert not Registration.objects.exists()


@pytest.mark.clock
def test_a_form_older_than_a_day_has_expired(client, gathering):
    started = started_from(client.get(gathering.url))

    with time_machine.travel(datetime.timedelta(days=1, minutes=1)):
        response = client.post(gathering.url, form_data(started))

    assert response.status_code == 400
    assert "Skjemaet er utløpt." in text(response)


def test_a_form_sent_too_fast_is_refused(client, gathering, settings):
    settings.REGISTRATION_MIN_FILL_SECONDS = 3

    response = post_form(client, gathering)

    assert response.status_code == 400
    assert "Skjemaet ble sendt for raskt. Vent noen sekunder og prøv igjen." in text(
        response
    )
    assert not Registration.objects.exists()


@pytest.mark.clock
def test_a_form_filled_at_human_speed_is_accepted(client, gathering, settings):
    settings.REGISTRATION_MIN_FILL_SECONDS = 3
    started = started_from(client.get(gathering.url))

    with time_machine.travel(datetime.timedelta(seconds=10)):
        response = client.post(gathering.url, form_data(started))

    assert response.status_code == 302
    assert Registration.objects.count() == 1


def test_the_error_summary_is_announced_and_links_to_the_fields(client, gathering):
    response = post_form(client, gathering, email="ikke-en-adresse", consent=None)

    summary = error_summary(response)
    assert summary["role"] == "alert"
    assert "Påmeldingen ble ikke sendt" in summary.get_text()
    links = {link["href"]: link.get_text(" ", strip=True) for link in summary("a")}
    assert set(links) == {"#id_email", "#id_consent"}
    assert links["#id_email"].startswith("E-post:")
    page = soup(response)
    for target in links:
        field = page.find(id=target[1:])
        assert field is not None and field.name == "input"
        assert field["aria-invalid"] == "true"
    # What was typed is kept.
    assert page.find("input", {"name": "email"})["value"] == "ikke-en-adresse"


# --- when the gathering does not take registrations ---


@pytest.mark.clock
def test_after_the_deadline_nothing_is_stored(client, gathering):
    """The form was opened five minutes before the deadline and sent one minute after."""
    closes = gathering.registration_closes
    with time_machine.travel(closes - datetime.timedelta(minutes=5)):
        started = started_from(client.get(gathering.url))

    with time_machine.travel(closes + datetime.timedelta(minutes=1)):
        response = client.post(gathering.url, form_data(started))

    assert response.status_code == 400
    assert "Påmeldingsfristen er ute." in text(response)
    assert soup(response).find(role="alert") is not None
    assert not Registration.objects.exists()


@pytest.mark.clock
def test_a_cancelled_gathering_takes_no_registrations(client, gathering_index):
    gathering = GatheringPageFactory(parent=gathering_index, cancelled=True)
    page = client.get(gathering.url)
    assert "Samlingen er avlyst." in text(page)
    assert soup(page).find("form", {"method": "post"}) is None

    response = client.post(
        gathering.url, form_data(RegistrationForm().initial["started"])
    )

    assert response.status_code == 400
    assert "Samlingen er avlyst, og påmeldingen er stengt." in text(response)
    assert not Registration.objects.exists()


@pytest.mark.clock
def test_a_full_gathering_without_waiting_list_says_so(client, gathering_index):
    gathering = GatheringPageFactory(
        parent=gathering_index, capacity=1, waiting_list=False
    )
    started = started_from(client.get(gathering.url))
    RegistrationFactory(gathering=gathering)  # the last seat went meanwhile

    response = client.post(gathering.url, form_data(started))

    assert response.status_code == 400
    assert "Samlingen er full, og den har ingen venteliste." in text(response)
    assert Registration.objects.count() == 1


# --- the participant's own page ---


def test_own_page_shows_what_is_stored(client, gathering, karmoy):
    registration = booking.register(
        gathering,
        name="Ola Nordmann",
        email="ola@example.no",
        municipality=karmoy,
        role="Boligkonsulent",
        dietary_needs="Glutenfri",
        consent=True,
    ).registration
    booking.confirm(registration)

    response = client.get(registration.get_absolute_url())

    assert response.status_code == 200
    page = text(response)
    for shown in (
        "Bekreftet",
        "Ola Nordmann",
        "ola@example.no",
        "Karmøy kommune",
        "Boligkonsulent",
        "Glutenfri",
        gathering.title,
    ):
        assert shown in page
    assert soup(response).find("meta", {"name": "robots"})["content"] == "noindex"
    assert soup(response).find("a", href=f"{response.request['PATH_INFO']}avmeld/")


def test_own_page_shows_the_place_on_the_waiting_list(client, gathering_index):
    gathering = GatheringPageFactory(parent=gathering_index, capacity=1)
    for email in ("a@example.no", "b@example.no", "c@example.no"):
        booking.confirm(
            booking.register(
                gathering, name="X", email=email, consent=True
            ).registration
        )
    third = Registration.objects.get(email="c@example.no")

    page = text(client.get(third.get_absolute_url()))

    assert "På venteliste – nummer 2 på ventelisten" in page


def test_markup_in_a_stored_name_is_escaped(client, gathering):
    registration = RegistrationFactory(
        gathering=gathering,
        name="<script>alert(1)</script>",
        role='"><img src=x onerror=alert(1)>',
    )

    response = client.get(registration.get_absolute_url())

    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content
    assert b"<img src=x" not in response.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content


@pytest.mark.parametrize("suffix", ["", "avmeld/", "kalender.ics"])
def test_unknown_tampered_and_overlong_tokens_are_not_found(client, gathering, suffix):
    registration = RegistrationFactory(gathering=gathering)
    token = registration.token
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    for bad in ("ukjent-lenke", tampered, token.upper(), "x" * 500, token + "x"):
        url = f"/pamelding/{bad}/{suffix}"
        response = client.post(url) if suffix == "avmeld/" else client.get(url)
        assert response.status_code == 404, bad

    ok = f"/pamelding/{token}/{suffix}"
    assert (client.post(ok) if suffix == "avmeld/" else client.get(ok)).status_code in (
        200,
        302,
    )


@pytest.mark.clock
def test_anonymised_registrations_have_no_page(client, gathering):
    registration = RegistrationFactory(
        gathering=gathering, anonymised_at=datetime.datetime.now(datetime.UTC)
    )

    assert client.get(registration.get_absolute_url()).status_code == 404


def test_the_participants_pages_are_kept_by_no_cache(client, gathering):
    registration = RegistrationFactory(gathering=gathering)
    token = registration.token

    responses = {
        "own page": client.get(f"/pamelding/{token}/"),
        "calendar": client.get(f"/pamelding/{token}/kalender.ics"),
        "cancel": client.post(f"/pamelding/{token}/avmeld/"),
        "cancelled page": client.get(f"/pamelding/{token}/"),
        "cancel again": client.post(f"/pamelding/{token}/avmeld/"),
        "registered": post_form(client, gathering, email="ny@example.no"),
        "already registered": post_form(client, gathering, email="ny@example.no"),
    }

    for name, response in responses.items():
        assert response.status_code in (200, 302), name
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert directives == {"private", "no-store"}, name


def test_calendar_file_from_the_own_page(client, gathering):
    registration = RegistrationFactory(gathering=gathering)

    response = client.get(f"/pamelding/{registration.token}/kalender.ics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in response.content.decode()


# --- cancelling ---


def test_cancelling_frees_the_seat_for_the_first_waiting(
    client, gathering_index, django_capture_on_commit_callbacks, mailoutbox
):
    gathering = GatheringPageFactory(parent=gathering_index, capacity=1)
    seated = booking.register(
        gathering, name="Kari", email="kari@example.no", consent=True
    ).registration
    waiting = booking.register(
        gathering, name="Ola", email="ola@example.no", consent=True
    ).registration
    booking.confirm(seated)
    booking.confirm(waiting)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/pamelding/{seated.token}/avmeld/")

    assert response.status_code == 302
    assert response.url == seated.get_absolute_url()
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert seated.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert sorted(message.to[0] for message in mailoutbox) == [
        "kari@example.no",
        "ola@example.no",
    ]
    page = client.get(response.url)
    assert "Du er meldt av. Takk for at du sa fra!" in text(page)
    assert "Avmeldt" in text(page)
    assert "Meld meg av" not in text(page)  # no link to cancel again
    assert "Bekreftet" in text(client.get(waiting.get_absolute_url()))


def test_cancelling_asks_first_on_a_page_of_its_own(client, gathering):
    registration = RegistrationFactory(gathering=gathering)
    detail = client.get(registration.get_absolute_url())
    link = BeautifulSoup(detail.content, "html.parser").find(
        "a", string="Meld meg av …"
    )
    assert link["href"] == f"/pamelding/{registration.token}/avmeld/"

    response = client.get(link["href"])

    assert response.status_code == 200
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Er du sikker?"
    form = soup.find("form", method="post")
    assert form["action"] == link["href"]
    assert form.find("button").get_text() == "Ja, meld meg av"
    assert soup.find("a", string="Nei, behold påmeldingen")["href"] == (
        registration.get_absolute_url()
    )
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_asking_to_cancel_what_cannot_be_cancelled_goes_back(client, gathering):
    registration = RegistrationFactory(gathering=gathering)
    client.post(f"/pamelding/{registration.token}/avmeld/")
    response = client.get(f"/pamelding/{registration.token}/avmeld/")
    assert response.status_code == 302
    assert response.url == registration.get_absolute_url()


def test_cancelling_twice_is_calm(client, gathering):
    registration = RegistrationFactory(gathering=gathering)
    url = f"/pamelding/{registration.token}/avmeld/"
    client.post(url)
    notifications = Notification.objects.count()

    response = client.post(url, follow=True)

    assert response.status_code == 200
    assert "Du var allerede meldt av." in text(response)
    assert Notification.objects.count() == notifications
    assert Registration.objects.get().status == RegistrationStatus.CANCELLED


@pytest.mark.clock
def test_after_the_gathering_the_registration_cannot_be_cancelled(client, gathering):
    registration = RegistrationFactory(gathering=gathering)

    with time_machine.travel(gathering.end + datetime.timedelta(days=1)):
        page = client.get(registration.get_absolute_url())
        response = client.post(f"/pamelding/{registration.token}/avmeld/", follow=True)

    assert "Meld meg av" not in text(page)
    assert "Samlingen er over, så påmeldingen kan ikke endres." in text(response)
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED


def test_the_error_summary_is_where_the_form_lands_and_links_to_each_field(
    client, gathering
):
    response = post_form(client, gathering, email="ikke-en-adresse", consent=None)
    page = BeautifulSoup(response.content, "html.parser")
    form = page.find("form", method="post")
    assert form["action"] == "#pamelding"
    summary = page.find(id="pamelding")
    assert summary["role"] == "alert"
    assert summary["tabindex"] == "-1"  # the fragment gives it the focus
    links = [link["href"] for link in summary.find_all("a")]
    assert links
    for href in links:
        field = page.find(id=href.lstrip("#"))
        assert field is not None and field.name == "input", href


@pytest.mark.clock
def test_pages_with_errors_are_valid_html(client, gathering_index, settings):
    gathering = GatheringPageFactory(parent=gathering_index, capacity=1)
    invalid = post_form(client, gathering, email="ikke-en-adresse", consent=None)
    registration = RegistrationFactory(gathering=gathering, name="<b>Kari</b>")
    full = GatheringPageFactory(parent=gathering_index, capacity=1, waiting_list=False)
    RegistrationFactory(gathering=full)
    refused = client.post(full.url, form_data(RegistrationForm().initial["started"]))
    cancelled = client.post(f"/pamelding/{registration.token}/avmeld/", follow=True)
    holder = RegistrationFactory(gathering=gathering, status="waiting")
    already = post_form(client, gathering, email=holder.email)
    settings.REGISTRATION_LIMIT_PER_CLIENT = (1, 600)
    post_form(client, gathering, email="en@example.no")
    too_many = post_form(client, gathering, email="to@example.no")
    assert (invalid.status_code, refused.status_code) == (400, 400)
    assert (already.status_code, too_many.status_code) == (302, 429)
    already = client.get(already.url)

    assert_valid_html(
        {
            "skjema med feil": invalid.content.decode(),
            "full samling": refused.content.decode(),
            "egen side": client.get(registration.get_absolute_url()).content.decode(),
            "avmeldt": cancelled.content.decode(),
            "allerede påmeldt": already.content.decode(),
            "for mange forsøk": too_many.content.decode(),
        }
    )


# --- seats per municipality ---


def test_a_municipality_at_its_limit_is_told_why_it_waits(
    client, gathering_index, karmoy, django_capture_on_commit_callbacks, mailoutbox
):
    gathering = GatheringPageFactory(
        parent=gathering_index, capacity=3, seats_per_municipality=1
    )
    RegistrationFactory(gathering=gathering, municipality=karmoy)

    page = client.get(gathering.url)
    assert "Plasser per kommune Høyst 1 plass per kommune" in text(page)
    assert "2 ledige plasser" in text(page)
    limit = soup(page).find(id="id_municipality-grense")
    assert limit.get_text(" ", strip=True).startswith("Høyst 1 plass per kommune.")
    select = soup(page).find("select", {"name": "municipality"})
    assert select["aria-describedby"] == "id_municipality-grense"

    with django_capture_on_commit_callbacks(execute=True):
        response = post_form(
            client, gathering, municipality=str(karmoy.pk), organisation=""
        )

    assert response.status_code == 302
    assert (
        Registration.objects.get(email="kari@example.no").status
        == "unconfirmed_waiting"
    )
    (request_to_confirm,) = mailoutbox
    with django_capture_on_commit_callbacks(execute=True):
        confirm_from_email(client, request_to_confirm)
    assert Registration.objects.get(email="kari@example.no").status == "waiting"
    own_page = text(client.get(confirm_link(request_to_confirm)))
    assert "Karmøy kommune har allerede brukt sin plass – du står på venteliste." in (
        own_page
    )
    assert "Samlingen er full" not in own_page
    (_, message) = mailoutbox
    assert "Karmøy kommune har allerede brukt sin plass" in message.body
    assert "er full" not in message.body


def test_the_limit_of_several_seats_is_in_the_plural(
    client, gathering_index, karmoy, mailoutbox, django_capture_on_commit_callbacks
):
    gathering = GatheringPageFactory(
        parent=gathering_index, capacity=10, seats_per_municipality=2
    )
    RegistrationFactory.create_batch(2, gathering=gathering, municipality=karmoy)

    assert "Høyst 2 plasser per kommune" in text(client.get(gathering.url))
    with django_capture_on_commit_callbacks(execute=True):
        post_form(client, gathering, municipality=str(karmoy.pk))
    confirm_from_email(client, mailoutbox[0])
    assert (
        "Karmøy kommune har allerede brukt sine 2 plasser – du står på venteliste"
        in (text(client.get(confirm_link(mailoutbox[0]))))
    )


def test_no_municipality_limit_is_shown_when_there_is_none(client, gathering):
    page = client.get(gathering.url)

    assert "per kommune" not in text(page)
    assert soup(page).find(id="id_municipality-grense") is None


# --- a place on the waiting list is not a seat ---


def test_a_waiting_person_is_offered_no_calendar_file(client, gathering_index):
    gathering = GatheringPageFactory(parent=gathering_index, capacity=1)
    seated = RegistrationFactory(gathering=gathering)
    waiting = RegistrationFactory(
        gathering=gathering, status=RegistrationStatus.WAITING
    )

    page = client.get(waiting.get_absolute_url())

    assert "På venteliste" in text(page)
    assert soup(page).find("a", href=f"/pamelding/{waiting.token}/kalender.ics") is None
    assert client.get(f"/pamelding/{waiting.token}/kalender.ics").status_code == 404
    # The seated person keeps theirs.
    seated_page = client.get(seated.get_absolute_url())
    assert soup(seated_page).find("a", href=f"/pamelding/{seated.token}/kalender.ics")
    assert client.get(f"/pamelding/{seated.token}/kalender.ics").status_code == 200


def test_a_cancelled_registration_has_no_calendar_file_to_download(client, gathering):
    registration = RegistrationFactory(
        gathering=gathering, status=RegistrationStatus.CANCELLED
    )

    assert (
        client.get(f"/pamelding/{registration.token}/kalender.ics").status_code == 404
    )

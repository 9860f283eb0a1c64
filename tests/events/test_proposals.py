"""Proposals for a gathering's programme: the public form, and the organisers'
decision with its answer by e-mail."""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from events.models import AgendaItem, Proposal, ProposalKind, ProposalStatus
from events.models.proposals import SUMMARY_MAX_LENGTH, TITLE_MAX_LENGTH
from events.proposal_admin import AGENDA_ITEM_LENGTH
from tests.events.factories import GatheringPageFactory, in_days
from tests.factories import MunicipalityPageFactory

pytestmark = pytest.mark.django_db

LINK_TEXT = "Foreslå et innlegg eller et eksempel"


# --- helpers and fixtures ---


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def form_url(gathering):
    return reverse("proposal_form", args=[gathering.pk])


def list_url(gathering):
    return reverse("events_admin:proposals", args=[gathering.pk])


def action_url(proposal, action):
    return reverse("events_admin:proposal_action", args=[proposal.pk, action])


def started_from(response):
    return soup(response).find("input", {"name": "started"})["value"]


def form_data(started, municipality, **changes):
    data = {
        "kind": ProposalKind.PRACTICE,
        "title": "Boveiledning for unge som flytter for seg selv",
        "summary": "Hvordan Karmøy følger opp unge i egen bolig det første året.",
        "municipality": str(municipality.pk),
        "speaker_name": "Kari Nordmann",
        "email": "Kari.Nordmann@karmoy.kommune.no",
        "website": "",
        "started": started,
    }
    data.update(changes)
    return data


def propose(client, gathering, municipality, **changes):
    started = started_from(client.get(form_url(gathering)))
    return client.post(form_url(gathering), form_data(started, municipality, **changes))


def error_texts(response):
    summary = soup(response).find(class_="ds-error-summary")
    assert summary is not None, "no error summary"
    return [" ".join(item.get_text().split()) for item in summary.find_all("li")]


@pytest.fixture
def open_gathering(gathering_index):
    """Asks for proposals until five days before it starts."""
    return GatheringPageFactory(
        parent=gathering_index,
        title="Fagsamling om unge i egen bolig",
        start=in_days(30, 9),
        end=in_days(30, 16),
        accepts_proposals=True,
        proposals_close=in_days(25, 12),
    )


@pytest.fixture
def karmoy(municipality_index):
    return MunicipalityPageFactory(parent=municipality_index, title="Karmøy")


@pytest.fixture
def proposal(open_gathering, karmoy):
    return Proposal.objects.create(
        gathering=open_gathering,
        kind=ProposalKind.TALK,
        title="Bostøtte som forebygging",
        summary="Erfaringer fra et år med tettere oppfølging.",
        municipality=karmoy,
        speaker_name="Ola Hansen",
        email="ola@karmoy.kommune.no",
    )


@pytest.fixture
def organiser(django_user_model):
    user = django_user_model.objects.create_user(
        "arrangor", "arrangor@husbanken.no", "x"
    )
    user.groups.add(Group.objects.get(name="Arrangører"))
    return user


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def contributor(django_user_model):
    """A municipal contributor: the admin, but not Påmeldinger."""
    user = django_user_model.objects.create_user("bidrag", "bidrag@karmoy.no", "x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


# --- the public form ---


def test_the_page_links_to_the_form_while_it_is_open(client, open_gathering):
    link = soup(client.get(open_gathering.url)).find("a", string=LINK_TEXT)
    assert link is not None
    assert link["href"] == form_url(open_gathering)
    assert "(frist " in link.parent.get_text()


def test_no_link_and_no_form_where_the_gathering_asks_for_none(client, gathering):
    assert LINK_TEXT not in client.get(gathering.url).content.decode()
    assert client.get(form_url(gathering)).status_code == 404


@pytest.mark.clock
def test_after_the_deadline_the_link_is_gone_and_the_form_says_so(
    client, open_gathering, karmoy
):
    started = started_from(client.get(form_url(open_gathering)))
    after = open_gathering.proposals_close + datetime.timedelta(minutes=1)
    with time_machine.travel(after, tick=False):
        assert LINK_TEXT not in client.get(open_gathering.url).content.decode()
        response = client.get(form_url(open_gathering))
        assert response.status_code == 410
        assert "Fristen for forslag er ute" in response.content.decode()
        assert soup(response).find("form", class_="proposal-form") is None
        # A form opened before the deadline and sent after it is refused too.
        posted = client.post(form_url(open_gathering), form_data(started, karmoy))
        assert posted.status_code == 410
    assert not Proposal.objects.exists()


@pytest.mark.clock
def test_without_a_deadline_it_is_open_until_the_gathering_starts(
    client, open_gathering
):
    open_gathering.proposals_close = None
    open_gathering.save()
    just_before = open_gathering.start - datetime.timedelta(minutes=1)
    with time_machine.travel(just_before, tick=False):
        assert client.get(form_url(open_gathering)).status_code == 200
    with time_machine.travel(open_gathering.start, tick=False):
        assert client.get(form_url(open_gathering)).status_code == 410


def test_a_cancelled_gathering_takes_no_proposals(client, open_gathering):
    open_gathering.cancelled = True
    open_gathering.save()
    assert LINK_TEXT not in client.get(open_gathering.url).content.decode()
    assert client.get(form_url(open_gathering)).status_code == 410


def test_the_form_has_a_label_for_every_field(client, open_gathering, karmoy):
    page = soup(client.get(form_url(open_gathering)))
    form = page.find("form", class_="proposal-form")
    assert form.find("input", {"name": "csrfmiddlewaretoken"}) is not None
    for field in form.find_all(["input", "select", "textarea"]):
        if field.get("type") in ("hidden", "submit"):
            continue
        assert page.find("label", attrs={"for": field["id"]}), field["name"]
    options = [option.get_text() for option in form.find("select").find_all("option")]
    assert options == ["Velg kommune", "Karmøy"]


def test_a_proposal_is_saved_and_thanked_for(client, open_gathering, karmoy):
    response = propose(client, open_gathering, karmoy)
    assert response.status_code == 302
    assert response["Location"] == reverse("proposal_sent", args=[open_gathering.pk])
    assert "no-store" in response["Cache-Control"]
    proposal = Proposal.objects.get()
    assert proposal.gathering_id == open_gathering.pk
    assert proposal.kind == ProposalKind.PRACTICE
    assert proposal.municipality == karmoy
    assert proposal.email == "kari.nordmann@karmoy.kommune.no"
    assert proposal.status == ProposalStatus.PROPOSED
    assert proposal.decided_at is None and proposal.agenda_item is None
    assert proposal.language == "nb"

    thanks = client.get(response["Location"])
    assert "Takk for forslaget!" in thanks.content.decode()
    assert "private" in thanks["Cache-Control"]


def test_the_form_is_never_kept_by_a_cache(client, open_gathering):
    response = client.get(form_url(open_gathering))
    assert response.status_code == 200
    assert {"private", "no-store"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }


def test_nothing_filled_in_gives_an_error_for_each_field(client, open_gathering):
    started = started_from(client.get(form_url(open_gathering)))
    response = client.post(form_url(open_gathering), {"started": started})
    assert response.status_code == 400
    assert "no-store" in response["Cache-Control"]
    assert error_texts(response) == [
        "Hva foreslår du?: Velg om du foreslår et innlegg eller et godt eksempel.",
        "Tittel: Skriv en tittel.",
        "Kort beskrivelse: Skriv kort hva innlegget eller eksempelet handler om.",
        "Programkommune: Velg programkommunen forslaget kommer fra.",
        "Hvem skal holde innlegget?: Skriv hvem som skal holde innlegget.",
        "E-postadressen din: Skriv e-postadressen din, så vi kan svare deg.",
    ]
    assert not Proposal.objects.exists()


def test_too_long_texts_are_refused_with_their_length(client, open_gathering, karmoy):
    response = propose(
        client,
        open_gathering,
        karmoy,
        title="x" * (TITLE_MAX_LENGTH + 1),
        summary="y" * (SUMMARY_MAX_LENGTH + 5),
        email="ikke-en-adresse",
    )
    assert response.status_code == 400
    assert error_texts(response) == [
        "Tittel: Tittelen kan ha høyst 200 tegn (du skrev 201).",
        "Kort beskrivelse: Beskrivelsen kan ha høyst 2000 tegn (du skrev 2005).",
        "E-postadressen din: Skriv en gyldig e-postadresse, for eksempel "
        "navn@kommune.no.",
    ]
    # What was typed stays in the form.
    page = soup(response)
    assert page.find("textarea")["aria-invalid"] == "true"
    assert page.find("input", {"name": "speaker_name"})["value"] == "Kari Nordmann"
    assert not Proposal.objects.exists()


def test_only_a_published_municipality_can_be_chosen(
    client, open_gathering, municipality_index
):
    draft = MunicipalityPageFactory(
        parent=municipality_index, title="Utkastkommune", live=False
    )
    response = propose(client, open_gathering, draft)
    assert response.status_code == 400
    assert error_texts(response) == [
        "Programkommune: Velg programkommunen forslaget kommer fra."
    ]
    assert not Proposal.objects.exists()


def test_a_bot_filling_the_hidden_field_is_stopped(client, open_gathering, karmoy):
    response = propose(client, open_gathering, karmoy, website="http://spam.example")
    assert response.status_code == 400
    assert error_texts(response) == [
        "Forslaget ble stoppet av spamfilteret. Ta kontakt med arrangøren."
    ]
    assert not Proposal.objects.exists()


def test_an_unpublished_gathering_has_no_form(client, open_gathering):
    open_gathering.unpublish()
    assert client.get(form_url(open_gathering)).status_code == 404


# --- the organisers' list ---


def test_an_organiser_sees_the_proposals(organiser_client, proposal):
    response = organiser_client.get(list_url(proposal.gathering))
    assert response.status_code == 200
    row = soup(response).find("tr", attrs={"data-proposal": str(proposal.pk)})
    text = " ".join(row.get_text().split())
    assert "Bostøtte som forebygging (innlegg)" in text
    assert "Karmøy" in text and "ola@karmoy.kommune.no" in text
    assert "Foreslått" in text
    assert row.find("button", string="Ta med") is not None
    assert row.find("button", string="Avslå") is not None


def test_the_registration_list_links_to_the_proposals(organiser_client, proposal):
    response = organiser_client.get(
        reverse("events_admin:registrations", args=[proposal.gathering.pk])
    )
    link = soup(response).find("a", string="Forslag til programmet")
    assert link["href"] == list_url(proposal.gathering)


def test_anonymous_users_are_sent_to_the_login(client, proposal):
    response = client.get(list_url(proposal.gathering))
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]
    response = client.post(action_url(proposal, "ta-med"))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED


def test_a_contributor_is_refused(client, contributor, proposal, mailoutbox):
    client.force_login(contributor)
    assert client.get(list_url(proposal.gathering)).status_code == 403
    for action in ("ta-med", "avsla"):
        assert client.post(action_url(proposal, action)).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED
    assert not AgendaItem.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize("number", [2**63, 987654])
def test_an_unknown_gathering_or_proposal_is_not_found(organiser_client, number):
    assert (
        organiser_client.get(
            reverse("events_admin:proposals", args=[number])
        ).status_code
        == 404
    )
    url = reverse("events_admin:proposal_action", args=[number, "ta-med"])
    assert organiser_client.post(url).status_code == 404


def test_an_unknown_action_is_not_found(organiser_client, proposal):
    assert organiser_client.post(action_url(proposal, "slett")).status_code == 404


def test_a_decision_takes_a_post(organiser_client, proposal):
    assert organiser_client.get(action_url(proposal, "ta-med")).status_code == 405


# --- accepting and declining ---


def test_accepting_puts_it_in_the_programme_and_answers(
    organiser_client, proposal, mailoutbox
):
    gathering = proposal.gathering
    reader = Client()
    assert "Bostøtte som forebygging" not in reader.get(gathering.url).content.decode()
    response = organiser_client.post(action_url(proposal, "ta-med"))
    assert response.status_code == 302
    assert response["Location"] == list_url(gathering)

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.decided_at is not None
    item = proposal.agenda_item
    assert item.page_id == gathering.pk
    assert item.title == "Bostøtte som forebygging"
    assert item.kind == "talk"
    assert item.start == gathering.start
    assert item.end == gathering.start + AGENDA_ITEM_LENGTH

    (message,) = mailoutbox
    assert message.to == ["ola@karmoy.kommune.no"]
    assert message.reply_to == ["arrangor@husbanken.no"]
    assert message.subject == (
        "Forslaget ditt er tatt med i programmet: Fagsamling om unge i egen bolig"
    )
    assert message.body.startswith("Hei!\n")
    assert "«Bostøtte som forebygging»" in message.body
    assert "lysark" in message.body
    assert f"Siden om samlingen: http://testserver{gathering.url}\n" in message.body

    # The public programme shows it at once (not the one kept in the cache), and the
    # organiser is told to place it.
    assert "Bostøtte som forebygging" in reader.get(gathering.url).content.decode()
    listing = organiser_client.get(list_url(gathering))
    assert "er tatt med i programmet" in listing.content.decode()


def test_an_accepted_item_survives_publishing_the_page(organiser, proposal):
    """The page editor shows the latest revision: the item must be in it, or
    publishing would delete it."""
    from events.proposal_admin import accept

    gathering = proposal.gathering
    gathering.save_revision().publish()
    gathering.title = "Et utkast noen holder på med"
    gathering.save_revision()

    item = accept(proposal, user=organiser)

    gathering.refresh_from_db()
    assert gathering.has_unpublished_changes
    draft = gathering.get_latest_revision_as_object()
    assert draft.title == "Et utkast noen holder på med"  # their draft is kept
    assert [i.pk for i in draft.agenda_items.all()] == [item.pk]
    draft.save_revision().publish()
    assert list(AgendaItem.objects.filter(page=gathering)) == [item]
    proposal.refresh_from_db()
    assert proposal.agenda_item == item


def test_declining_answers_and_changes_no_programme(
    organiser_client, proposal, mailoutbox
):
    response = organiser_client.post(action_url(proposal, "avsla"))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED
    assert proposal.decided_at is not None
    assert proposal.agenda_item is None
    assert not AgendaItem.objects.exists()
    (message,) = mailoutbox
    assert message.to == ["ola@karmoy.kommune.no"]
    assert message.subject == (
        "Svar på forslaget ditt til Fagsamling om unge i egen bolig"
    )
    assert "ikke plass til det i programmet" in message.body


def test_a_second_decision_changes_nothing(organiser_client, proposal, mailoutbox):
    organiser_client.post(action_url(proposal, "ta-med"))
    organiser_client.post(action_url(proposal, "ta-med"))
    response = organiser_client.post(action_url(proposal, "avsla"), follow=True)
    assert "var allerede behandlet" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert AgendaItem.objects.count() == 1
    assert len(mailoutbox) == 1


def test_a_mail_server_down_is_told_to_the_organiser(
    organiser_client, proposal, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    response = organiser_client.post(action_url(proposal, "avsla"), follow=True)
    assert "kunne ikke sendes" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED


def test_the_buttons_work_through_the_csrf_check(organiser, proposal, mailoutbox):
    """The test client skips CSRF unless told: here the token comes from the page."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)
    page = soup(client.get(list_url(proposal.gathering)))
    form = page.find("form", action=action_url(proposal, "ta-med"))
    token = form.find("input", {"name": "csrfmiddlewaretoken"})["value"]
    assert client.post(form["action"]).status_code == 403  # no token
    response = client.post(form["action"], {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert len(mailoutbox) == 1


def test_a_request_to_erase_takes_the_address_from_proposals_too(
    organiser_client, proposal
):
    """Personopplysninger: the export shows the proposals an address sent, and
    erasing forgets the address and the speaker of a proposal not in the programme."""
    from events import booking

    data = organiser_client.post(
        reverse("events_admin:personal_data"),
        {"email": proposal.email, "action": "export_json"},
    ).json()
    assert [item["tittel"] for item in data["forslag_til_program"]] == [proposal.title]

    booking.erase_person(proposal.email.upper())
    proposal.refresh_from_db()
    assert (proposal.email, proposal.speaker_name) == ("", "")

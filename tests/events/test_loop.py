"""The learning loop's rules one by one (the whole walk is test_learning_loop.py)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from events import loop
from events.models import (
    AgendaItem,
    EvaluationQuestion,
    EvaluationResponse,
    GatheringPage,
    Invitation,
    QuestionKind,
    RegistrationStatus,
)
from events.models.page_forms import GatheringPageForm
from tests.events.factories import GatheringPageFactory, RegistrationFactory
from tests.learning.conftest import karmoy  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

END = datetime.datetime(2030, 3, 10, 15, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def held(gathering_index):
    return GatheringPageFactory(
        parent=gathering_index,
        start=END - datetime.timedelta(hours=6),
        end=END,
        registration_opens=END - 40 * DAY,
        registration_closes=END - 2 * DAY,
    )


def invite(gathering, kind="evaluation", **fields):
    registration = RegistrationFactory(
        gathering=gathering, status=RegistrationStatus.ATTENDED, **fields
    )
    invitation = Invitation.objects.create(registration=registration, kind=kind)
    return reverse(f"loop_{kind}", args=[loop.token(invitation)])


def test_an_empty_evaluation_is_refused_in_bokmal(client, held):
    url = invite(held)
    with time_machine.travel(END + DAY, tick=False):
        content = client.post(url, {}).content.decode()
    assert "Svaret ble ikke sendt. Rett opp dette:" in content
    assert "Svar på minst ett av spørsmålene." in content
    assert not EvaluationResponse.objects.exists()


def test_a_score_outside_the_scale_is_refused(client, held):
    url = invite(held)
    [useful, *_] = loop.questions(held)
    with time_machine.travel(END + DAY, tick=False):
        content = client.post(url, {f"sporsmal_{useful.pk}": "9"}).content.decode()
    assert "Velg et tall fra 1 til 5." in content
    assert not EvaluationResponse.objects.exists()


def test_the_followup_form_says_what_is_missing(client, held, karmoy):  # noqa: F811
    url = invite(held, "followup", municipality=karmoy)
    with time_machine.travel(END + 91 * DAY, tick=False):
        content = client.post(url, {"title": "x" * 200}).content.decode()
    assert "Overskriften kan ha høyst 120 tegn." in content
    assert "Fortell hva dere har prøvd." in content
    assert "Fortell hva som skjedde." in content


@pytest.mark.parametrize(
    "path",
    ["/evaluering/{}/", "/oppfolging/{}/"],
)
@pytest.mark.parametrize("token", ["x", "a" * 500, "1:abc:def", "%00", "ø"])
def test_a_bad_or_forged_link_is_refused_politely(client, path, token):
    response = client.get(path.format(token))
    assert response.status_code == 410
    assert "stengt" in response.content.decode()


def test_a_link_for_one_kind_does_not_open_the_other(client, held):
    url = invite(held)  # an evaluation link …
    token = url.rstrip("/").rsplit("/", 1)[1]
    with time_machine.travel(END + DAY, tick=False):
        response = client.get(f"/oppfolging/{token}/")  # … is no follow-up link
    assert response.status_code == 410


def test_nobody_is_asked_about_a_cancelled_gathering(held):
    RegistrationFactory(gathering=held, status=RegistrationStatus.ATTENDED)
    held.cancelled = True
    held.save_revision().publish()
    with time_machine.travel(END + DAY, tick=False):
        assert loop.send_evaluations() == 0


def test_without_marked_attendance_the_confirmed_are_asked(held):
    RegistrationFactory(gathering=held, status=RegistrationStatus.CONFIRMED)
    RegistrationFactory(gathering=held, status=RegistrationStatus.WAITING)
    RegistrationFactory(gathering=held, status=RegistrationStatus.CANCELLED)
    with time_machine.travel(END + DAY, tick=False):
        assert loop.send_evaluations() == 1
        assert loop.send_evaluations() == 0


def test_the_evaluation_shows_only_when_the_organiser_publishes_it(client, held):
    [useful, *_] = loop.questions(held)
    response = EvaluationResponse.objects.create(gathering=held, submitted_on=END)
    response.answers.create(question=useful, score=3)
    with time_machine.travel(END + DAY, tick=False):
        assert "Slik vurderte deltakerne" not in client.get(held.url).content.decode()
        held.publish_evaluation = True
        held.save_revision().publish()
        content = client.get(held.url).content.decode()
    assert "1 deltaker svarte på evalueringen." in content
    assert '<td class="number">1</td><td class="number">3,0</td>' in content


def test_a_question_may_only_be_about_the_gatherings_own_agenda(held, gathering_index):
    own = AgendaItem.objects.create(
        page=held, title="Vårt innlegg", start=held.start, end=held.end
    )
    other = GatheringPageFactory(parent=gathering_index)
    AgendaItem.objects.create(
        page=other, title="Et annet innlegg", start=other.start, end=other.end
    )
    form_class = GatheringPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, GatheringPageForm)
    form = form_class(instance=held, for_user=None)
    choices = form.formsets["evaluation_questions"].empty_form.fields["agenda_item"]
    assert list(choices.queryset) == [own]
    EvaluationQuestion.objects.create(
        page=held, text="Nyttig?", kind=QuestionKind.SCALE, agenda_item=own
    )
    assert [q.agenda_item for q in loop.questions(held)] == [own]

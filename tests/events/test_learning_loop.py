"""The learning loop, walked whole with frozen time: from a gathering to what a
municipality tried at home (events.loop)."""

import datetime
import io
import re
import zoneinfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from events.models import (
    EvaluationAnswer,
    EvaluationResponse,
    FollowUp,
    Invitation,
    Registration,
    RegistrationStatus,
)
from learning.models import ExperienceArticlePage
from tests.events.factories import GatheringPageFactory, RegistrationFactory
from tests.learning.conftest import karmoy  # noqa: F401
from tests.learning.test_moderation import (
    article_data,
    contributor,  # noqa: F401
    husbanken_editor,  # noqa: F401
    moderation_ready,  # noqa: F401
)

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
START = datetime.datetime(2030, 3, 10, 9, 0, tzinfo=OSLO)
# In UTC, so that "90 days after" is 90 × 24 hours across the change to summer time.
END = datetime.datetime(2030, 3, 10, 16, 0, tzinfo=OSLO).astimezone(datetime.UTC)
DAY = datetime.timedelta(days=1)


def at(moment):
    return time_machine.travel(moment, tick=False)


def link(message, path):
    """The link to ``path`` in an e-mail's text."""
    return re.search(rf"http://\S+{path}\S+", message.body)[0].split("testserver")[-1]


def run(command, capture):
    with capture(execute=True):
        call_command(command, stdout=io.StringIO())


@pytest.fixture
def organiser(django_user_model):
    user = django_user_model.objects.create_user("arrangor", "arr@husbanken.example")
    user.groups.add(Group.objects.get(name="Arrangører"))
    return user


@pytest.fixture
def held(gathering_index, karmoy):  # noqa: F811
    gathering = GatheringPageFactory(
        parent=gathering_index,
        title="Fagsamling om bostedsløse",
        start=START,
        end=END,
        registration_opens=START - 40 * DAY,
        registration_closes=START - 2 * DAY,
    )
    for name, municipality, status in [
        ("Kari Nordmann", karmoy, RegistrationStatus.CONFIRMED),
        ("Siri Berg", karmoy, RegistrationStatus.CONFIRMED),
        ("Ola Nordmann", karmoy, RegistrationStatus.CONFIRMED),  # did not come
        ("Nils Lie", None, RegistrationStatus.CONFIRMED),
        ("Per Hansen", karmoy, RegistrationStatus.CANCELLED),
    ]:
        RegistrationFactory(
            gathering=gathering,
            name=name,
            email=f"{name.split()[0].lower()}@example.no",
            municipality=municipality,
            status=status,
        )
    return gathering


def test_from_a_gathering_to_what_a_municipality_tried_at_home(
    client,
    held,
    karmoy,  # noqa: F811
    organiser,
    contributor,  # noqa: F811
    husbanken_editor,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    # The gathering is held; the organiser marks who came.
    with at(END - datetime.timedelta(hours=1)):
        client.force_login(organiser)
        for name in ("Kari Nordmann", "Siri Berg", "Nils Lie"):
            registration = held.registrations.get(name=name)
            response = client.post(
                reverse(
                    "events_admin:registration_action",
                    args=[registration.pk, "attended"],
                )
            )
            assert response.status_code == 302

    # Nothing before the day after.
    with at(END + datetime.timedelta(hours=2)):
        run("send_evaluations", django_capture_on_commit_callbacks)
    assert mail.outbox == []

    # The day after: the three who came are asked, not the no-show nor the cancelled.
    with at(END + DAY):
        run("send_evaluations", django_capture_on_commit_callbacks)
        run("send_evaluations", django_capture_on_commit_callbacks)  # twice is safe
    assert sorted(m.to[0] for m in mail.outbox) == [
        "kari@example.no",
        "nils@example.no",
        "siri@example.no",
    ]
    kari_mail = next(m for m in mail.outbox if m.to == ["kari@example.no"])
    assert kari_mail.subject == "Hva syntes du om Fagsamling om bostedsløse?"
    assert "Svaret er anonymt" in kari_mail.body
    siri_mail = next(m for m in mail.outbox if m.to == ["siri@example.no"])

    # Kari answers, anonymously, once.
    with at(END + 2 * DAY):
        url = link(kari_mail, "/evaluering/")
        page = client.get(url)
        assert page.status_code == 200
        content = page.content.decode()
        assert "Hva syntes du om Fagsamling om bostedsløse?" in content
        assert "Hvor nyttig var samlingen for arbeidet ditt?" in content
        questions = {q.text: q for q in held.evaluation_questions.all()}
        useful = questions["Hvor nyttig var samlingen for arbeidet ditt?"]
        best = questions["Hva var mest nyttig?"]
        answer = {f"sporsmal_{useful.pk}": "4", f"sporsmal_{best.pk}": "Karmøys tall."}
        assert "Takk, du har svart" in client.post(url, answer).content.decode()
        assert "Takk, du har svart" in client.post(url, answer).content.decode()
    assert EvaluationResponse.objects.count() == 1
    response = EvaluationResponse.objects.get()
    assert response.submitted_on == datetime.date(2030, 3, 12)
    assert {f.name for f in EvaluationResponse._meta.get_fields()} == {
        "id",
        "gathering",
        "submitted_on",
        "answers",
    }  # nothing that points to a person
    assert list(
        EvaluationAnswer.objects.values_list("score", "text").order_by(
            "question__sort_order"
        )
    ) == [(4, ""), (None, "Karmøys tall.")]

    # Siri wants no more e-mail about it.
    with at(END + 3 * DAY):
        opt_out_url = link(siri_mail, "/ingen-flere-eposter/")
        assert "Ingen flere e-poster?" in client.get(opt_out_url).content.decode()
        client.post(opt_out_url)
    assert held.registrations.get(name="Siri Berg").no_more_email_at is not None

    # The organiser sees the summary, and publishes counts and averages.
    with at(END + 4 * DAY):
        client.force_login(organiser)
        summary = client.get(reverse("events_admin:evaluation", args=[held.pk]))
        text = summary.content.decode()
        assert "3 deltakere har fått evalueringen på e-post, og 1 har svart." in text
        assert "1 svar, snitt 4,0 av 5" in text
        assert "Karmøys tall." in text
        held.publish_evaluation = True
        held.save_revision().publish()
        client.logout()
        public = client.get(held.url).content.decode()
        assert "Slik vurderte deltakerne samlingen" in public
        assert "Karmøys tall." not in public  # free texts stay with the organiser

    # After two weeks the evaluation is closed, politely.
    with at(END + 15 * DAY):
        closed = client.get(link(kari_mail, "/evaluering/"))
        assert closed.status_code == 410
        assert "Evalueringen er stengt" in closed.content.decode()

    # Three months on: those from programme municipalities who came are asked.
    mail.outbox.clear()
    with at(END + 90 * DAY + datetime.timedelta(hours=1)):
        run("send_followups", django_capture_on_commit_callbacks)
        run("send_followups", django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["kari@example.no"]]
    followup_mail = mail.outbox[0]
    assert "Hva har dere prøvd hjemme siden" in followup_mail.subject

    # Kari answers; it becomes a draft below Karmøy, and nothing is published.
    with at(END + 95 * DAY):
        url = link(followup_mail, "/oppfolging/")
        content = client.post(
            url,
            {
                "title": "Fast kontakt for private utleiere",
                "tried": "Vi ga utleierne én kontaktperson.",
                "happened": "Flere utleiere sa ja.\n\nVentetiden gikk ned.",
                "may_contact": "on",
            },
        ).content.decode()
        assert "Takk! Nå er det et utkast" in content
    article = ExperienceArticlePage.objects.get(
        title="Fast kontakt for private utleiere"
    )
    assert not article.live
    assert article.get_parent().pk == karmoy.pk
    # The instruction is a note beside the draft (learning.FollowUpNotePanel).
    assert "Fra oppfølgingen av samlingen «Fagsamling om bostedsløse»" in (
        article.followup_note
    )
    followup = FollowUp.objects.get()
    assert (followup.gathering_id, followup.article_id) == (held.pk, article.pk)
    assert followup.contact_email == "kari@example.no"
    assert Invitation.objects.get(registration__name="Kari Nordmann", kind="followup")

    # Karmøy's contributor finishes it and submits it; Husbanken approves it.
    with at(END + 100 * DAY):
        client.force_login(contributor)
        # Kari allowed contact: the contributor can write to her from the draft.
        edit = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
        assert 'href="mailto:kari@example.no"' in edit.content.decode()
        assert "Kontakt Kari Nordmann" in edit.content.decode()
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[article.pk]),
            article_data(
                "Fast kontakt for private utleiere",
                article.slug,
                action="action-submit",
                intro="Én kontaktperson fikk flere private utleiere med.",
            ),
        )
        assert response.status_code == 302
        article.refresh_from_db()
        task_state = article.current_workflow_state.current_task_state
        client.force_login(husbanken_editor)
        client.post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[article.pk, "approve", task_state.pk],
            )
        )
        article.refresh_from_db()
        assert article.live
        client.logout()
        past = client.get(held.url).content.decode()
        assert "Dette prøvde kommunene etterpå" in past
        assert f'href="{article.url}">Fast kontakt for private utleiere</a>' in past

    # Retention: the participants are anonymised once the follow-up has closed, and
    # the contact address is gone after the retention days.
    with at(END + 121 * DAY):
        call_command("purge_registrations", stdout=io.StringIO())
    assert not Registration.objects.filter(
        gathering=held, anonymised_at__isnull=True
    ).exists()
    followup.refresh_from_db()
    assert followup.contact_email == "kari@example.no"  # answered 26 days ago
    with at(END + 126 * DAY):
        call_command("purge_registrations", stdout=io.StringIO())
    followup.refresh_from_db()
    assert (followup.contact_name, followup.contact_email) == ("", "")
    assert FollowUp.objects.get().article_id == article.pk

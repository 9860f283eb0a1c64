"""The demo's gatherings: the start-up gathering of the report and the fagsamlinger placed
around the day the demo is loaded."""

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision

from events import loop
from events.models import (
    GatheringPage,
    GatheringReportPage,
    Registration,
    RegistrationState,
)

pytestmark = pytest.mark.django_db


def test_start_up_gathering_has_its_programme_speakers_slides_and_report(
    client, demo_once
):
    startup = GatheringPage.objects.get(slug="oppstartsamling-for-nye-programkommuner")
    items = list(startup.agenda_items.order_by("start"))
    assert len(items) == 8
    speakers = {person.name for item in items for person in item.speakers.all()}
    assert speakers == {
        "Mabel Johansen",
        "Sverre Høynes",
        "Vibeke Johannessen",
        "Cecilie Krohn",
        "Lars-Marius Ulfrstad",
    }
    assert sum(1 for item in items if item.presentation) == 4
    assert GatheringReportPage.objects.child_of(startup).live().count() == 1

    content = client.get(startup.url).content.decode()
    assert "Avholdt" in content
    assert "Presentasjonene fra samlingen" in content
    assert "Sju nye kommunar klare for programarbeidet" in content
    report = client.get(GatheringReportPage.objects.get().url).content.decode()
    assert "Foto: Husbanken" in report
    assert "Vibeke Johannessen" in report


def test_upcoming_gatherings_are_open_one_nearly_full_one_with_a_waiting_list(
    client, demo_once
):
    upcoming = list(GatheringPage.objects.live().upcoming())
    assert len(upcoming) == 3
    states = {gathering.slug: gathering.registration_state() for gathering in upcoming}
    assert states["fagsamling-gjennomstromning"] == RegistrationState.OPEN
    assert states["fagsamling-private-utleiere"] == RegistrationState.OPEN
    assert states["nettverkssamling-bolig-forst"] == RegistrationState.WAITING_LIST
    nearly_full = GatheringPage.objects.get(slug="fagsamling-private-utleiere")
    assert "2 ledige plasser" in client.get(nearly_full.url).content.decode()
    assert (
        Registration.objects.filter(email__endswith=".invalid").count()
        == Registration.objects.count()
    )


def test_one_upcoming_gathering_is_hybrid_with_its_link_kept_from_the_public(
    client, demo_once
):
    hybrid = GatheringPage.objects.get(slug="fagsamling-gjennomstromning")
    assert hybrid.attendance == "hybrid"
    # 9 confirmed, 4 of them online: 31 of 40 seats in the room, 56 of 60 online.
    assert hybrid.seats_by_participation() == [("on_site", 35), ("digital", 56)]
    page = client.get(hybrid.url).content.decode()
    assert "35 ledige plasser på stedet, 56 ledige plasser digitalt" in page
    assert "nettmote.demo.invalid" not in page
    digital = hybrid.registrations.filter(participation="digital").first()
    own = client.get(digital.get_absolute_url()).content.decode()
    assert "https://nettmote.demo.invalid/fagsamling-gjennomstromning" in own


def test_second_run_changes_nothing(demo_once):
    before = (
        Page.objects.count(),
        Revision.objects.count(),
        Registration.objects.count(),
    )
    call_command("load_demo_content", verbosity=0)
    assert (
        Page.objects.count(),
        Revision.objects.count(),
        Registration.objects.count(),
    ) == before


def test_recent_gatherings_give_the_loop_work_on_a_fresh_demo(
    client, demo_once, mailoutbox, django_capture_on_commit_callbacks
):
    """One gathering ended yesterday, one about three months ago (events.loop)."""
    with django_capture_on_commit_callbacks(execute=True):
        queued_evaluations = loop.send_evaluations()
        queued_followups = loop.send_followups()
    assert queued_evaluations == 8
    assert queued_followups == 6
    subjects = {message.subject for message in mailoutbox}
    assert subjects == {
        "Hva syntes du om Fagsamling: Boligsosiale handlingsplaner?",
        "Hva har dere prøvd hjemme siden Nettverkssamling: Oppfølging i hjemmet?",
    }
    older = GatheringPage.objects.get(slug="nettverkssamling-oppfolging-i-hjemmet")
    content = client.get(older.url).content.decode()
    assert "Slik vurderte deltakerne samlingen" in content
    assert "5 deltakere svarte på evalueringen." in content
    assert '<td class="number">5</td><td class="number">4,2</td>' in content

"""A gathering's report is drafted ahead if need be, but published only once it starts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import (
    nested_form_data,
    rich_text,
    streamfield,
)

from events.models import GatheringReportPage
from tests.events.factories import GatheringPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def gathering_starting_in(parent, delta):
    start = (timezone.now() + delta).replace(second=0, microsecond=0)
    return GatheringPageFactory(
        parent=parent,
        start=start,
        end=start + datetime.timedelta(hours=7),
        registration_opens=None,
        registration_closes=None,
    )


def add_report(client, gathering, publish, recordings=()):
    data = nested_form_data(
        {
            "title": "Rapport fra fagsamlingen",
            "slug": "rapport",
            "date": "2030-05-14",
            "body": streamfield([("paragraph", rich_text("<p>Godt oppmøte.</p>"))]),
            "recordings": streamfield(
                [("recording", recording) for recording in recordings]
            ),
        }
    )
    if publish:
        data["action-publish"] = "action-publish"
    return client.post(
        reverse(
            "wagtailadmin_pages:add",
            args=("events", "gatheringreportpage", gathering.pk),
        ),
        data,
    )


def test_a_report_is_not_published_before_the_gathering_starts(
    admin_client, gathering_index
):
    gathering = gathering_starting_in(gathering_index, datetime.timedelta(minutes=5))
    response = add_report(admin_client, gathering, publish=True)
    assert response.status_code == 200
    start = timezone.localtime(gathering.start)
    assert (
        "Rapporten kan ikke publiseres før samlingen har startet "
        f"({start:%d.%m.%Y} kl. {start:%H:%M})"
    ) in response.content.decode()
    assert not GatheringReportPage.objects.exists()


def test_a_report_can_be_drafted_ahead(admin_client, gathering_index):
    gathering = gathering_starting_in(gathering_index, datetime.timedelta(days=2))
    response = add_report(admin_client, gathering, publish=False)
    assert response.status_code == 302
    assert not GatheringReportPage.objects.get().live


def test_a_report_is_published_once_the_gathering_has_started(
    admin_client, gathering_index
):
    gathering = gathering_starting_in(gathering_index, -datetime.timedelta(minutes=5))
    response = add_report(admin_client, gathering, publish=True)
    assert response.status_code == 302
    assert GatheringReportPage.objects.get().live


RECORDING = {"title": "Opptak av formiddagen", "url": "https://video.example.no/1"}


def test_a_recording_needs_captions_before_the_report_is_published(
    admin_client, gathering_index
):
    gathering = gathering_starting_in(gathering_index, -datetime.timedelta(hours=8))
    response = add_report(admin_client, gathering, True, [RECORDING])
    assert response.status_code == 200
    assert "Opptaket må ha teksting før rapporten kan publiseres" in (
        response.content.decode()
    )
    assert not GatheringReportPage.objects.exists()

    # As a draft it may wait for its captions.
    assert add_report(admin_client, gathering, False, [RECORDING]).status_code == 302
    assert not GatheringReportPage.objects.get().live


def test_the_report_links_its_captioned_recordings(
    client, admin_client, gathering_index
):
    gathering = gathering_starting_in(gathering_index, -datetime.timedelta(hours=8))
    captioned = {**RECORDING, "captioned": True}
    response = add_report(admin_client, gathering, True, [captioned])
    assert response.status_code == 302
    report = GatheringReportPage.objects.get()
    # One without captions, put in by other means than the editor: not linked.
    report.recordings.append(
        ("recording", {"title": "Uten teksting", "url": "https://video.example.no/2"})
    )
    report.save_revision().publish()
    html = client.get(report.url).content.decode()
    assert 'href="https://video.example.no/1">Opptak av formiddagen</a>' in html
    assert "(med teksting)" in html
    assert "video.example.no/2" not in html

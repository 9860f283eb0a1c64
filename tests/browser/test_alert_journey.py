"""A reader subscribes to a theme, confirms, gets digests of exactly what is new and
unsubscribes with one click, in Chromium with the real CSRF check and real SMTP."""

import datetime
from urllib.parse import urlsplit

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from portal.models import Subscriber, Subscription
from tests.browser.accessibility import assert_accessible
from tests.learning.factories import (
    ExperienceArticlePageFactory,
    GoodPracticePageFactory,
)

ADDRESS = "kari@karmoy.kommune.no"


def a_week_passes():
    Subscriber.objects.update(
        last_digest_at=timezone.now() - datetime.timedelta(days=8)
    )
    call_command("send_alerts", verbosity=0)


def listed(message, outbox):
    """The titles a digest lists, from its text part."""
    return [
        line[2:].rsplit(" (", 1)[0]
        for line in outbox.text(message).splitlines()
        if line.startswith("- ")
    ]


def test_subscribe_confirm_receive_digests_and_unsubscribe(
    page,
    knowledge_content,
    smtp_outbox,  # noqa: F811
):
    # The home page links to the alerts where readers see it.
    page.goto("/")
    page.get_by_role("link", name="Få varsel på e-post").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Varsler på e-post")
    assert_accessible(page, "/varsler/")

    page.get_by_label("E-post").fill(ADDRESS)
    page.get_by_role("checkbox", name="Alt nytt i programmet").uncheck()
    page.get_by_role("checkbox", name="Gjennomstrømning").check()
    page.get_by_role("radio", name="En gang i uken").check()
    page.get_by_role("button", name="Meld meg på varsler").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sjekk e-posten din")
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at is None

    # The link in the e-mail opens a page; its button confirms.
    (request_to_confirm,) = smtp_outbox.wait_for(ADDRESS, "Bekreft")
    link = next(li for li in smtp_outbox.links(request_to_confirm) if "/varsler/" in li)
    page.goto(urlsplit(link).path)
    page.wait_for_load_state("networkidle")
    assert_accessible(page, urlsplit(link).path)
    page.get_by_role("button", name="Bekreft varslene").click()
    expect(page.get_by_text("Takk! Du får nå varsler på e-post")).to_be_visible()
    expect(page.get_by_role("checkbox", name="Gjennomstrømning")).to_be_checked()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None

    experiences = knowledge_content.experiences
    ExperienceArticlePageFactory(
        parent=experiences, title="Gjennomstrømning i Bodø", tags=["Gjennomstrømning"]
    )
    GoodPracticePageFactory(
        parent=knowledge_content.practices,
        title="Raskere ut av midlertidig bolig",
        tags=["Gjennomstrømning"],
    )
    ExperienceArticlePageFactory(
        parent=experiences, title="Noe helt annet", tags=["Bostedsløse"]
    )
    a_week_passes()
    (first,) = smtp_outbox.wait_for(ADDRESS, "Nytt fra Husbanken")
    assert listed(first, smtp_outbox) == [
        "Gjennomstrømning i Bodø",
        "Raskere ut av midlertidig bolig",
    ]

    ExperienceArticlePageFactory(
        parent=experiences, title="Ett år etter", tags=["Gjennomstrømning"]
    )
    a_week_passes()
    second = smtp_outbox.wait_for(ADDRESS, "Nytt fra Husbanken", count=2)[1]
    assert listed(second, smtp_outbox) == ["Ett år etter"]

    # Every digest offers one-click unsubscribing to the mail program and the reader.
    unsubscribe = next(
        li for li in smtp_outbox.links(second) if li.endswith("/avmeld/")
    )
    assert second["List-Unsubscribe"].strip() == f"<{unsubscribe}>"
    assert second["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    page.goto(urlsplit(unsubscribe).path)
    page.get_by_role("button", name="Meld meg av").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Du er meldt av")
    assert not Subscriber.objects.exists()
    assert not Subscription.objects.exists()

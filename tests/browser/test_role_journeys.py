"""Each role's day in Chromium, through the real middleware: CSRF enforced, the same
middleware stack as production, e-mail through Django's SMTP backend into an SMTP server
on this machine. Every step asserts what the person sees and what the database holds.

1. A contributor writes an article with an image, a document and a related practice,
   previews it and submits it; sees only their municipality.
2. Husbanken's editor opens the e-mailed review link, previews, asks for changes, then
   approves; publishes a gathering report with photos and a presentation; adds a rate set.
3. An organiser creates a two-day gathering with seats per municipality, watches
   registrations arrive, gives a waiting-list place, marks attendance, sends the
   evaluation, exports.
4. A participant registers (a municipality's seat taken, so the waiting list), is
   promoted, adds it to the calendar, cancels; answers the evaluation and the follow-up.
5. A reader on a phone searches with a typo, filters, reads, computes and shares.
"""

import datetime
import io
import re
from types import SimpleNamespace
from urllib.parse import urlsplit

import icalendar
import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader
from wagtail.documents import get_document_model

from events import booking
from events.models import GatheringPage, Registration, RegistrationStatus
from learning.models import ExperienceArticlePage
from tests.browser.accessibility import axe_violations, format_violations

PHONE = {"width": 375, "height": 740}
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
    b"\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01"
    b"\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def expect_message(page, pattern):
    """The admin's message after an action (Wagtail's ``.messages``)."""
    expect(page.locator(".messages")).to_contain_text(re.compile(pattern, re.I))


SETTLED = """async () => {
    // Transitions and animations that end within the 3 s it waits at most: a fade or a
    // slide. A spinner turns forever and the admin's notification badge pulses for 25 s;
    // neither settles, so neither is waited for. Two frames pass after each wait, in
    // which what the last change set off (a dialog after its backdrop) starts moving.
    const moving = () => document.getAnimations().filter(a => {
        const timing = a.effect.getComputedTiming();
        return a.playState === "running" && timing.endTime <= 3000;
    });
    const pause = ms => new Promise(resolve => setTimeout(resolve, ms));
    const frames = () => new Promise(resolve =>
        requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const deadline = Date.now() + 3000;
    await frames();
    while (moving().length && Date.now() < deadline) {
        await Promise.race([
            Promise.all(moving().map(a => a.finished.catch(() => null))),
            pause(deadline - Date.now()),
        ]);
        await frames();
    }
}"""


def autosaved(page):
    """Wait while the editor's autosave is under way (Wagtail saves a draft half a
    second after a change): a page published while its draft is being created opens
    as that draft, to be published again (``PageCreatedTwiceMiddleware``)."""
    expect(page.locator("#w-autosave-indicator")).not_to_have_attribute(
        "data-w-autosave-state-value", "saving"
    )


def scan(page, frames=True):
    """axe-core over the screen as the person sees it now (WCAG 2.1 A/AA)."""
    # A message or a dialog fading in is half its colour: scan what the person reads,
    # once nothing has moved for a moment.
    page.evaluate(SETTLED)
    violations = axe_violations(page, frames=frames)
    assert not violations, format_violations(violations)


def calendar_of(content):
    calendar = icalendar.Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


@pytest.fixture
def files(tmp_path):
    photo = tmp_path / "boligfelt.png"
    photo.write_bytes(PNG)
    slides = tmp_path / "lysark.pdf"
    slides.write_bytes(PDF)
    return SimpleNamespace(photo=photo, slides=slides)


@pytest.fixture
def conference(gathering_content):
    """A two-day conference, 2 seats and 1 per municipality, registration open."""
    day = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    start = day + datetime.timedelta(days=40)
    gathering = gathering_content.index.add_child(
        instance=GatheringPage(
            title="Boligkonferansen",
            slug="boligkonferansen",
            intro="To dager om boligsosialt arbeid.",
            kind="konferanse",
            start=start,
            end=start + datetime.timedelta(days=1, hours=5),
            venue="Scandic Haugesund",
            capacity=2,
            seats_per_municipality=1,
            registration_opens=start - datetime.timedelta(days=60),
        )
    )
    gathering.save_revision().publish()
    return gathering


# 1. Contributor ------------------------------------------------------------------------


def choose_upload_in_modal(page, opener, title, path):
    """Upload a file through a chooser's «Last opp» tab, which chooses it."""
    opener.click()
    dialog = page.get_by_role("dialog").filter(has=page.get_by_role("tab"))
    dialog.get_by_role("tab", name="Last opp").click()
    form = dialog.locator("form").filter(has=page.locator("input[type=file]"))
    title_field = form.locator("input[id$=chooser-upload-title]")
    form.locator("input[type=file]").set_input_files(path)
    # Choosing the file fills the title from its name a moment later: ours goes after.
    expect(title_field).not_to_have_value("")
    title_field.fill(title)
    form.locator("[type=submit]").first.click()
    expect(dialog).to_be_hidden()


def test_contributor_writes_previews_and_submits_an_article(
    sign_in, staff, site_content, knowledge_content, files, smtp_outbox
):
    karmoy = site_content.municipality_page
    other = site_content.other_municipalities[0]
    practice = knowledge_content.practice
    page = sign_in("karmoy")

    # Only Karmøy's pages: the explorer starts there, another municipality is closed.
    page.goto("/admin/pages/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(karmoy.title)
    expect(page.get_by_text(other.title)).to_have_count(0)
    scan(page)
    page.goto(f"/admin/pages/{other.pk}/edit/")
    expect_message(page, "du har ikke tilgang")
    assert not ExperienceArticlePage.objects.filter(title="Hjemme hos oss").exists()

    page.goto(f"/admin/pages/add/learning/experiencearticlepage/{karmoy.pk}/")
    page.get_by_role("textbox", name="Tittel*").fill("Hjemme hos oss")
    page.get_by_role("textbox", name="Ingress").fill(
        "Slik fulgte vi opp leietakerne i Karmøy."
    )
    body = page.locator("#panel-child-innhold-body-section")
    scan(page)

    # A paragraph with a link to the slides, uploaded from the editor.
    body.locator(".c-sf-add-button").first.click()
    page.get_by_role("option", name="Tekst").click()
    editor = body.get_by_role("textbox").first
    editor.click()
    page.keyboard.type("Lysarket fra samlingen.")
    page.keyboard.press("Shift+Home")
    choose_upload_in_modal(
        page,
        page.locator("button[name=DOCUMENT]").first,
        "Lysark fra Karmøy",
        files.slides,
    )
    expect(editor.locator("a")).to_have_count(1)

    # A photo, uploaded from the image block.
    body.locator(".c-sf-add-button").last.click()
    page.get_by_role("option", name="Bilde").click()
    choose_upload_in_modal(
        page,
        body.get_by_role("button", name="Velg et bilde"),
        "Beboere utenfor boligen",
        files.photo,
    )
    page.locator("#id_related_practices").select_option(label=practice.title)
    page.get_by_role("checkbox", name="Ingen kan kjennes igjen").check()

    # The preview shows the article with its related practice before anything is saved.
    page.get_by_role("button", name="Vis eller skjul forhåndsvisningen").click()
    preview = page.frame_locator("iframe.w-preview__iframe").last
    expect(preview.get_by_role("heading", name="Hjemme hos oss")).to_be_visible()
    expect(preview.get_by_role("link", name=practice.title)).to_be_visible()
    # The preview's frame is replaced each time it refreshes, and one replaced while axe
    # waits for its answer fails the scan. What it shows, an article page, is scanned
    # in tests/browser/test_pages.py.
    scan(page, frames=False)

    autosaved(page)
    page.get_by_role("button", name="Flere handlinger").click()
    page.get_by_role("button", name="Send inn til Godkjenning i Husbanken").click()
    # Created now, or by the editor's autosave before: sent for approval either way.
    expect_message(
        page, 'Siden "Hjemme hos oss" er (opprettet og )?sendt til godkjenning'
    )
    scan(page)

    article = ExperienceArticlePage.objects.get(title="Hjemme hos oss")
    assert article.get_parent().pk == karmoy.pk
    assert not article.live
    assert article.current_workflow_state.status == "in_progress"
    draft = article.get_latest_revision_as_object()
    assert [p.pk for p in draft.related_practices.all()] == [practice.pk]
    assert [block.block_type for block in draft.body] == ["paragraph", "figure"]
    photo = draft.body[1].value["image"]
    assert photo.title == "Beboere utenfor boligen"
    assert photo.credit == f"{karmoy.title}"
    assert get_document_model().objects.filter(title="Lysark fra Karmøy").exists()
    # Husbanken's editor is told, with a link to review it.
    (review,) = smtp_outbox.wait_for(staff.redaktor.email)
    assert "Hjemme hos oss" in review["subject"]


# 2. Editor -----------------------------------------------------------------------------


def submitted_article(site_content, knowledge_content, staff):
    """An article Karmøy's contributor has written and submitted."""
    from wagtail.models import Workflow

    article = site_content.municipality_page.add_child(
        instance=ExperienceArticlePage(
            title="Hjemme hos oss",
            slug="hjemme-hos-oss",
            intro="Slik fulgte vi opp leietakerne i Karmøy.",
            no_identifiable_persons=True,
            live=False,
            owner=staff.karmoy,
        )
    )
    article.related_practices.add(knowledge_content.practice)
    revision = article.save_revision(user=staff.karmoy)
    workflow = Workflow.objects.get(name="Godkjenning i Husbanken")
    workflow.start(article, staff.karmoy)
    return article, revision


def test_editor_reviews_asks_for_changes_approves_and_publishes(
    sign_in,
    staff,
    site_content,
    knowledge_content,
    gathering_content,
    files,
    smtp_outbox,
):
    article, _ = submitted_article(site_content, knowledge_content, staff)
    (review,) = smtp_outbox.wait_for(staff.redaktor.email, "Hjemme hos oss")
    review_link = next(link for link in smtp_outbox.links(review) if "/admin/" in link)

    page = sign_in("redaktor")
    page.goto(path_of(review_link))
    # The e-mailed link leads to the preview, which renders in full.
    assert "/workflow/preview/" in page.url
    expect(page.get_by_role("heading", name="Hjemme hos oss")).to_be_visible()
    expect(
        page.get_by_role("link", name=knowledge_content.practice.title)
    ).to_be_visible()
    scan(page)

    # Ask for changes, with a comment.
    page.goto(f"/admin/pages/{article.pk}/edit/")
    scan(page)
    page.get_by_role("button", name="Flere handlinger").click()
    page.get_by_role("button", name=re.compile("Be om endringer")).click()
    dialog = page.get_by_role("dialog")
    scan(page)
    dialog.get_by_role("textbox").fill("Skriv litt mer om hva som virket.")
    dialog.locator("[type=submit]").click()
    expect_message(page, 'Siden "Hjemme hos oss" er oppdatert')
    article.refresh_from_db()
    assert article.current_workflow_state.status == "needs_changes"
    assert not article.live
    (asked,) = smtp_outbox.wait_for(staff.karmoy.email, "Hjemme hos oss")
    assert "Skriv litt mer om hva som virket." in smtp_outbox.text(asked)

    # The contributor resubmits; the editor approves and it is published.
    article.save_revision(user=staff.karmoy)
    article.current_workflow_state.resume(staff.karmoy)
    page.goto(f"/admin/pages/{article.pk}/edit/")
    page.get_by_role("button", name="Flere handlinger").click()
    page.get_by_role("button", name=re.compile("^Godkjenn")).first.click()
    expect_message(page, 'Siden "Hjemme hos oss" er oppdatert')
    article.refresh_from_db()
    assert article.live
    approved = smtp_outbox.wait_for(staff.karmoy.email, "Hjemme hos oss", count=2)
    assert "approved" not in smtp_outbox.text(approved[-1]).lower()

    # A report from the past gathering, with a photo and a presentation.
    past = gathering_content.past
    page.goto(f"/admin/pages/add/events/gatheringreportpage/{past.pk}/")
    page.get_by_role("textbox", name="Tittel*").fill("Fra samlingen i Bodø")
    page.get_by_role("textbox", name="Ingress").fill("Hva kommunene tok med seg hjem.")
    body = page.locator("[id^=panel-child-innhold-body-section]").first
    body.locator(".c-sf-add-button").first.click()
    page.get_by_role("option", name="Bilde").click()
    choose_upload_in_modal(
        page,
        body.get_by_role("button", name="Velg et bilde"),
        "Deltakerne i salen",
        files.photo,
    )
    scan(page)
    autosaved(page)
    page.get_by_role("button", name="Flere handlinger").click()
    page.get_by_role("button", name="Publiser").click()
    expect_message(page, "publisert")
    report = past.get_children().live().get(title="Fra samlingen i Bodø")
    page.goto(report.url)
    expect(page.get_by_role("heading", name="Fra samlingen i Bodø")).to_be_visible()
    expect(page.get_by_role("figure", name="Foto: Husbanken")).to_be_visible()
    presentations = page.get_by_role("region", name="Presentasjoner")
    expect(
        presentations.get_by_role("link", name=knowledge_content.presentation.title)
    ).to_be_visible()
    scan(page)

    # A new rate set for the calculator: a copy of today's, from a new date and source.
    from learning.models import HousingRates

    current = HousingRates.objects.get()
    page.goto("/admin/snippets/learning/housingrates/")
    page.get_by_role("button", name=re.compile("Flere alternativer for")).first.click()
    page.get_by_role("link", name="Kopier").click()
    valid_from = current.valid_from.replace(year=current.valid_from.year + 1)
    page.locator("#id_valid_from").fill(valid_from.strftime("%d.%m.%Y"))
    page.keyboard.press("Escape")
    page.locator("#id_source").fill("Husbanken: satser for neste år")
    scan(page)
    page.get_by_role("button", name="Lagre").first.click()
    expect_message(page, "opprettet|lagret")
    newest = HousingRates.objects.order_by("-valid_from").first()
    assert newest.pk != current.pk and newest.valid_from == valid_from
    assert newest.source == "Husbanken: satser for neste år"
    assert newest.grant_groups.count() == current.grant_groups.count()


# 3. Organiser --------------------------------------------------------------------------


def test_organiser_runs_a_gathering_from_creation_to_evaluation(
    sign_in, staff, site_content, gathering_content, smtp_outbox
):
    index = gathering_content.index
    page = sign_in("arrangor")

    # A two-day gathering with one seat per municipality.
    page.goto(f"/admin/pages/add/events/gatheringpage/{index.pk}/")
    page.get_by_role("textbox", name="Tittel*").fill("Fagsamling i Haugesund")
    page.locator("#id_kind").select_option(label="Fagsamling")
    page.locator("#id_venue").fill("Scandic Haugesund")
    start = timezone.localtime() + datetime.timedelta(days=2)
    page.locator("#id_start").fill(start.strftime("%d.%m.%Y 10:00"))
    page.locator("#id_end").fill(
        (start + datetime.timedelta(days=1)).strftime("%d.%m.%Y 15:00")
    )
    page.locator("#id_capacity").fill("2")
    page.locator("#id_seats_per_municipality").fill("1")
    page.keyboard.press("Escape")  # the date picker may still be open
    page.get_by_role("textbox", name="Tittel*").click()
    scan(page)
    autosaved(page)
    page.get_by_role("button", name="Flere handlinger").click()
    page.get_by_role("button", name="Publiser").click()
    expect_message(page, "publisert")
    gathering = GatheringPage.objects.get(title="Fagsamling i Haugesund")
    assert gathering.live and gathering.seats_per_municipality == 1
    assert gathering.end.date() - gathering.start.date() == datetime.timedelta(days=1)

    # Registrations arrive: Karmøy's one seat, a second from Karmøy waits.
    karmoy = site_content.municipality_page
    first = booking.register(
        gathering,
        name="Per Hansen",
        email="per@example.no",
        municipality=karmoy,
        consent=True,
    ).registration
    second = booking.register(
        gathering,
        name="Kari Nordmann",
        email="kari@example.no",
        municipality=karmoy,
        consent=True,
    ).registration
    # Both confirm from the e-mail.
    first = booking.confirm(first).registration
    second = booking.confirm(second).registration
    assert second.status == RegistrationStatus.WAITING

    page.goto("/admin/pameldinger/")
    scan(page)
    page.get_by_role("link", name="Fagsamling i Haugesund").click()
    scan(page)
    row = page.get_by_role("row").filter(has_text="Kari Nordmann")
    expect(row).to_contain_text("Venteliste")
    row.get_by_role("button", name="Gi plass").click()
    expect(page.get_by_role("row").filter(has_text="Kari Nordmann")).to_contain_text(
        "Bekreftet"
    )
    second.refresh_from_db()
    assert second.status == RegistrationStatus.CONFIRMED

    # A new place, published: both are told, their calendar event moved.
    page.goto(f"/admin/pages/{gathering.pk}/edit/")
    page.locator("#id_venue").fill("Radisson Haugesund")
    page.get_by_role("textbox", name="Tittel*").click()
    autosaved(page)
    page.get_by_role("button", name="Flere handlinger").click()
    page.get_by_role("button", name="Publiser").click()
    expect_message(page, "publisert")
    for person in (first, second):
        (news,) = smtp_outbox.wait_for(person.email, "Endret tid eller sted")
        assert "Radisson Haugesund" in smtp_outbox.text(news)
        (event,) = [
            part.get_payload(decode=True).decode()
            for part in news.walk()
            if part.get_content_type() == "text/calendar"
        ]
        assert "SEQUENCE:1" in event and "Radisson Haugesund" in event
    page.goto(f"/admin/pameldinger/{gathering.pk}/")

    # The day itself: who came.
    with time_machine.travel(gathering.end - datetime.timedelta(hours=1), tick=True):
        page.reload()
        for person in (first, second):
            page.get_by_role("row").filter(has_text=person.name).get_by_role(
                "button", name="Møtt"
            ).click()
            expect(
                page.get_by_role("row").filter(has_text=person.name)
            ).to_contain_text("Møtt")
    assert set(
        Registration.objects.filter(gathering=gathering).values_list(
            "status", flat=True
        )
    ) == {RegistrationStatus.ATTENDED}
    # The list to sign and the certificates, as PDFs read back.
    for link, pages in (("deltakerliste med signaturfelt", 1), ("kursbevis for", 2)):
        with page.expect_download() as download:
            page.get_by_role("link", name=re.compile(link)).click()
        with open(download.value.path(), "rb") as pdf:
            reader = PdfReader(io.BytesIO(pdf.read()))
        text = " ".join(page_.extract_text() for page_ in reader.pages)
        assert len(reader.pages) == pages
        assert "Per Hansen" in text and "Kari Nordmann" in text

    # The day after: send the evaluation now, and export the list.
    with time_machine.travel(gathering.end + datetime.timedelta(hours=20), tick=True):
        page.reload()
        page.get_by_role("button", name=re.compile("Send evalueringen")).click()
        expect_message(page, "Evalueringen sendes til 2 deltakere")
    for person in (first, second):
        smtp_outbox.wait_for(person.email, "Hva syntes du om Fagsamling i Haugesund")
    page.get_by_role("button", name="Handlinger").click()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("CSV")).click()
    content = download.value.path().read_text(encoding="utf-8-sig")
    assert "Per Hansen" in content and "Kari Nordmann" in content
    scan(page)


# 4. Participant ------------------------------------------------------------------------


def test_participant_waits_is_promoted_adds_to_calendar_and_cancels(
    page, staff, site_content, conference, smtp_outbox
):
    karmoy = site_content.municipality_page
    colleague = booking.register(
        conference,
        name="Per Hansen",
        email="per@example.no",
        municipality=karmoy,
        consent=True,
    ).registration
    colleague = booking.confirm(colleague).registration
    assert colleague.status == RegistrationStatus.CONFIRMED

    page.goto(conference.url)
    expect(page.get_by_text(re.compile("1 ledig plass")).first).to_be_visible()
    expect(page.get_by_text(re.compile("per kommune")).first).to_be_visible()
    scan(page)
    page.get_by_label("Navn").fill("Kari Nordmann")
    page.get_by_label("E-post").fill("kari@example.no")
    page.get_by_label("Programkommune").select_option(label=karmoy.title)
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Meld meg på").click()

    # Nothing counts until she confirms from the e-mail, which holds no calendar file.
    expect(page.get_by_role("heading", name="Sjekk e-posten din")).to_be_visible()
    scan(page)
    (request_to_confirm,) = smtp_outbox.wait_for("kari@example.no")
    assert not smtp_outbox.attachments(request_to_confirm, "text/calendar")
    assert "Kari" not in smtp_outbox.text(request_to_confirm)
    page.goto(
        path_of(
            next(
                li
                for li in smtp_outbox.links(request_to_confirm)
                if "/pamelding/" in li
            )
        )
    )
    assert (
        Registration.objects.get(email="kari@example.no").status
        == RegistrationStatus.UNCONFIRMED_WAITING
    )
    scan(page)
    page.get_by_role("button", name="Bekreft påmeldingen").click()

    # Karmøy's seat is taken: she is told why, and waits; no calendar file yet.
    expect(page.get_by_role("heading", name="Din påmelding")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(
        f"{karmoy.title} har allerede brukt sin plass – du står på venteliste"
    )
    expect(page.get_by_role("link", name=re.compile("kalenderfil"))).to_have_count(0)
    scan(page)
    kari = Registration.objects.get(email="kari@example.no")
    assert kari.status == RegistrationStatus.WAITING
    waiting = smtp_outbox.wait_for("kari@example.no", count=2)[-1]
    text = smtp_outbox.text(waiting)
    start, end = (
        timezone.localtime(conference.start),
        timezone.localtime(conference.end),
    )
    assert f"{start.day}." in text and f"{end.day}." in text  # both days
    assert "10:00–15:00" not in text
    assert not smtp_outbox.attachments(waiting, "text/calendar")

    # Her colleague cancels: she gets the seat, and a calendar file with it.
    booking.cancel(colleague)
    kari.refresh_from_db()
    assert kari.status == RegistrationStatus.CONFIRMED
    promoted = smtp_outbox.wait_for("kari@example.no", count=3)[-1]
    (invite,) = smtp_outbox.attachments(promoted, "text/calendar")
    _, event = calendar_of(invite)
    assert str(event["STATUS"]) == "CONFIRMED"
    uid, sequence = str(event["UID"]), int(event.get("SEQUENCE", 0))

    page.goto(
        path_of(next(li for li in smtp_outbox.links(promoted) if "/pamelding/" in li))
    )
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("kalenderfil")).click()
    _, event = calendar_of(download.value.path().read_bytes())
    assert str(event["UID"]) == uid and str(event["STATUS"]) == "CONFIRMED"

    # She cancels: the date leaves her calendar.
    page.get_by_role("link", name="Meld meg av …").click()
    scan(page)
    page.get_by_role("button", name="Ja, meld meg av").click()
    expect(page.get_by_text("Du er meldt av.")).to_be_visible()
    scan(page)
    kari.refresh_from_db()
    assert kari.status == RegistrationStatus.CANCELLED
    cancelled = smtp_outbox.wait_for("kari@example.no", count=4)[-1]
    (update,) = smtp_outbox.attachments(cancelled, "text/calendar")
    calendar, event = calendar_of(update)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["UID"]) == uid and int(event["SEQUENCE"]) > sequence


def test_participant_answers_the_evaluation_and_the_follow_up(
    page, staff, site_content, gathering_content, smtp_outbox
):
    karmoy = site_content.municipality_page
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    gathering = gathering_content.index.add_child(
        instance=GatheringPage(
            title="Fagsamling om oppfølging",
            slug="fagsamling-oppfolging",
            kind="fagsamling",
            start=now - datetime.timedelta(days=2, hours=6),
            end=now - datetime.timedelta(days=2),
            registration_enabled=False,
        )
    )
    gathering.save_revision().publish()
    Registration.objects.create(
        gathering=gathering,
        name="Kari Nordmann",
        email="kari@example.no",
        municipality=karmoy,
        consent=True,
        status=RegistrationStatus.ATTENDED,
    )

    call_command("send_evaluations", verbosity=0)
    (asked,) = smtp_outbox.wait_for("kari@example.no", "Hva syntes du om")
    page.goto(
        path_of(next(li for li in smtp_outbox.links(asked) if "/evaluering/" in li))
    )
    scan(page)
    page.get_by_role("radio").nth(3).check()
    page.get_by_role("textbox").first.fill("Karmøys tall var nyttige.")
    page.get_by_role("button", name="Send svaret").click()
    expect(page.get_by_text(re.compile("Takk, du har svart"))).to_be_visible()
    from events.models import EvaluationAnswer

    assert EvaluationAnswer.objects.filter(text="Karmøys tall var nyttige.").exists()

    # Three months on, the follow-up: it becomes a draft below Karmøy, announced.
    with time_machine.travel(gathering.end + datetime.timedelta(days=91), tick=True):
        call_command("send_followups", verbosity=0)
        (followup,) = smtp_outbox.wait_for("kari@example.no", "prøvd hjemme")
        page.goto(
            path_of(
                next(li for li in smtp_outbox.links(followup) if "/oppfolging/" in li)
            )
        )
        scan(page)
        page.get_by_label("Gi erfaringen en kort overskrift").fill("Vi prøvde husvert")
        page.get_by_label("Hva har dere prøvd?").fill("En fast husvert i hver blokk.")
        page.get_by_label("Hva skjedde?").fill("Færre klager fra naboene.")
        page.get_by_role("button", name="Send svaret").click()
        expect(
            page.get_by_role("heading", name="Takk! Nå er det et utkast")
        ).to_be_visible()
        scan(page)
    draft = ExperienceArticlePage.objects.child_of(karmoy).get(
        title="Vi prøvde husvert"
    )
    assert not draft.live
    assert draft.slug == "vi-provde-husvert"
    smtp_outbox.wait_for(staff.karmoy.email, "Vi prøvde husvert")
    smtp_outbox.wait_for(staff.redaktor.email, "Vi prøvde husvert")


# 5. Reader on a phone ------------------------------------------------------------------


def test_reader_on_a_phone_searches_filters_reads_and_computes(
    new_context, knowledge_content, calculator_rates
):
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()

    def fits():
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{page.url} scrolls sideways by {overflow} px"

    # A typo still finds the article.
    page.goto("/sok/?q=gjenomstromning")
    expect(page.get_by_role("status")).to_contain_text(
        "Viser 1 treff for gjennomstrømning. Søk i stedet etter gjenomstromning."
    )
    article = knowledge_content.article
    expect(page.get_by_role("link", name=article.title)).to_be_visible()
    fits()
    scan(page)

    # Filter the list by a theme, then read.
    page.goto(knowledge_content.experiences.url)
    page.get_by_text("Filtrer og søk").click()  # folded away on a phone
    page.get_by_role("link", name=re.compile(r"^Gjennomstrømning \(1\)")).click()
    expect(page).to_have_url(re.compile("tema=gjennomstromning"))
    scan(page)
    page.get_by_role("link", name=article.title).click()
    expect(page.get_by_role("heading", name=article.title)).to_be_visible()
    fits()
    scan(page)

    # Compute a scenario and share it: the link gives the same result again.
    page.goto("/kalkulator/")
    page.get_by_label("Antall boliger").fill("6")
    # The form is sent with GET: the result is on the page it leads to, read once that
    # page has loaded (its field holds 6 before it has too).
    with page.expect_navigation():
        page.get_by_role("button", name="Regn ut").click()
    expect(page.get_by_label("Antall boliger")).to_have_value("6")
    shared = page.url
    assert f"satser={calculator_rates.pk}" in shared  # the same rates next year
    result = page.locator("#beregning, [id^=resultat]").first.inner_text()
    fits()
    scan(page)
    page.goto("/")
    page.goto(shared)
    assert page.locator("#beregning, [id^=resultat]").first.inner_text() == result

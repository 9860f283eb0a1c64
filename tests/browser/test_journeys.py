"""Journeys people take: filtering knowledge, registering with the keyboard, cancelling."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from events.models import Registration, RegistrationStatus
from tests.browser import content
from tests.browser.accessibility import (
    assert_accessible,
    assert_no_horizontal_scroll,
    axe_violations,
    format_violations,
)
from tests.nynorsk import bokmal_words


def test_filter_experiences_by_clicking_a_theme(page, knowledge_content):
    index = knowledge_content.experiences
    page.goto(index.url)
    expect(page.get_by_role("heading", name="1 treff")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Gjennomstrømning \(1\)")).click()
    expect(page).to_have_url(re.compile(r"tema=gjennomstromning"))
    expect(
        page.get_by_role("link", name="Slik økte vi gjennomstrømningen")
    ).to_be_visible()
    # The chosen option is marked and removes the filter again.
    chosen = page.get_by_role("link", name=re.compile("Gjennomstrømning.*valgt"))
    expect(chosen).to_have_attribute("aria-current", "true")
    chosen.click()
    expect(page).not_to_have_url(re.compile("tema="))


def test_register_with_the_keyboard_confirm_then_cancel(
    page, gathering_content, smtp_outbox
):
    gathering = gathering_content.upcoming
    page.goto(gathering.url)
    expect(page.get_by_text("12 ledige plasser").first).to_be_visible()

    page.get_by_label("Navn").focus()
    page.keyboard.type("Kari Nordmann")
    page.keyboard.press("Tab")
    page.keyboard.type("kari@example.no")
    page.keyboard.press("Tab")  # municipality: keep «another organisation»
    page.keyboard.press("Tab")
    page.keyboard.type("NAV Karmøy")
    page.keyboard.press("Tab")
    page.keyboard.type("Rådgiver")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # dietary needs: optional, left empty
    page.keyboard.press("Space")  # consent
    expect(page.get_by_role("checkbox")).to_be_checked()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Sjekk e-posten din")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(
        "Vi har sendt en e-post til kari@example.no."
    )
    registration = Registration.objects.get(email="kari@example.no")
    assert registration.status == RegistrationStatus.UNCONFIRMED
    assert registration.role == "Rådgiver"
    assert_accessible(page, f"/pamelding/sendt/{gathering.pk}/")

    # The link in the e-mail opens her page; the button there confirms (a POST with
    # the CSRF token the browser got with the page).
    (request_to_confirm,) = smtp_outbox.wait_for("kari@example.no")
    link = next(
        li for li in smtp_outbox.links(request_to_confirm) if "/pamelding/" in li
    )
    page.goto(urlsplit(link).path)
    expect(page.get_by_text("Ikke bekreftet ennå").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert_accessible(page, registration.get_absolute_url())
    button = page.get_by_role("button", name="Bekreft påmeldingen")
    button.focus()
    page.keyboard.press("Enter")
    expect(
        page.get_by_text("Påmeldingen er bekreftet, og du har fått plass.")
    ).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    page.wait_for_load_state("networkidle")
    assert_accessible(page, registration.get_absolute_url())

    cancel = page.get_by_role("link", name="Meld meg av …")
    cancel.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Er du sikker?")).to_be_visible()
    assert_accessible(page, f"/pamelding/{registration.token}/avmeld/")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    confirm = page.get_by_role("button", name="Ja, meld meg av")
    confirm.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Du er meldt av.")).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_register_in_nynorsk_and_get_every_email_in_nynorsk(
    page, gathering_content, smtp_outbox
):
    """A reader who chose «Nynorsk» registers, confirms and cancels: the pages, the
    three e-mails and their links stay in nynorsk (the language act's §§ 14–15)."""
    gathering = gathering_content.upcoming
    page.goto(gathering.url)
    page.get_by_role("link", name="Nynorsk").click()
    expect(page).to_have_url(re.compile(rf"/nn{re.escape(gathering.url)}$"))
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    expect(page.get_by_text("12 ledige plassar").first).to_be_visible()

    page.get_by_label("Namn").fill("Kari Nordmann")
    page.get_by_label("E-post").fill("kari@example.no")
    page.get_by_label("Annan organisasjon").fill("NAV Karmøy")
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Meld meg på").click()

    expect(page.get_by_role("status")).to_contain_text(
        "Vi har sendt ein e-post til kari@example.no."
    )
    registration = Registration.objects.get(email="kari@example.no")
    assert registration.language == "nn"

    (request_to_confirm,) = smtp_outbox.wait_for("kari@example.no")
    link = next(
        li for li in smtp_outbox.links(request_to_confirm) if "/pamelding/" in li
    )
    assert urlsplit(link).path == f"/nn/pamelding/{registration.token}/"
    page.goto(urlsplit(link).path)
    expect(page.get_by_text("Ikkje stadfesta enno").first).to_be_visible()
    page.get_by_role("button", name="Stadfest påmeldinga").click()
    expect(
        page.get_by_text("Takk! Påmeldinga er stadfesta, og du har fått plass.")
    ).to_be_visible()

    page.get_by_role("link", name="Meld meg av …").click()
    page.get_by_role("button", name="Ja, meld meg av").click()
    expect(page.get_by_text("Du er meldt av.")).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED

    sent = smtp_outbox.wait_for("kari@example.no", count=3)
    assert [message["subject"].strip() for message in sent] == [
        f"Stadfest påmeldinga di til {gathering.title}",
        f"Stadfesta: du er påmeldt {gathering.title}",
        f"Avmeldinga di frå {gathering.title} er registrert",
    ]
    for message in sent:
        assert bokmal_words(smtp_outbox.text(message)) == set()


def test_take_part_online_in_a_hybrid_gathering_and_find_the_link(
    page, gathering_content, smtp_outbox
):
    """The room is full, so the reader chooses «Digitalt»: asked first, with the
    keyboard; once confirmed, the meeting's link is on their own page – and on no
    public one."""
    hybrid = content.build_hybrid(gathering_content)
    page.goto(hybrid.url)
    expect(
        page.get_by_text("0 ledige plasser på stedet, 20 ledige plasser digitalt")
    ).to_be_visible()
    assert "møte.example.no" not in page.content()

    page.get_by_label("Navn").fill("Kari Nordmann")
    page.get_by_label("E-post").fill("kari@example.no")
    page.get_by_label("Annen organisasjon").fill("NAV Karmøy")
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Meld meg på").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Velg om du deltar på stedet eller digitalt.")
    assert not Registration.objects.filter(email="kari@example.no").exists()

    choice = page.get_by_role("group", name="Hvordan deltar du?")
    expect(
        choice.get_by_label("På stedet – fullt, du kommer på ventelisten")
    ).to_be_visible()
    choice.get_by_label("Digitalt").focus()
    page.keyboard.press("Space")
    expect(choice.get_by_label("Digitalt")).to_be_checked()
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Meld meg på").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Vi har sendt en e-post til kari@example.no."
    )

    (request_to_confirm,) = smtp_outbox.wait_for("kari@example.no")
    link = next(
        li for li in smtp_outbox.links(request_to_confirm) if "/pamelding/" in li
    )
    assert "møte.example.no" not in smtp_outbox.text(request_to_confirm)
    page.goto(urlsplit(link).path)
    page.get_by_role("button", name="Bekreft påmeldingen").click()
    expect(page.get_by_text("Digitalt", exact=True)).to_be_visible()
    expect(
        page.get_by_role("link", name="https://møte.example.no/nettverk-7")
    ).to_be_visible()
    registration = Registration.objects.get(email="kari@example.no")
    assert (registration.participation, registration.status) == (
        "digital",
        RegistrationStatus.CONFIRMED,
    )
    violations = axe_violations(page)
    assert not violations, format_violations(violations)


def test_a_coordinator_registers_two_colleagues(page, gathering_content, smtp_outbox):
    """From the gathering's page to the group form, with the keyboard's labels;
    each colleague is asked to confirm, and the group's page shows them."""
    gathering = gathering_content.upcoming
    page.goto(gathering.url)
    page.get_by_role("link", name="Meld på en gruppe").click()
    page.get_by_label("Ditt navn").fill("Kari Koordinator")
    page.get_by_label("Din e-post").fill("kari@karmoy.kommune.no")
    page.get_by_label("Programkommune").select_option(label="Karmøy kommune")
    first = page.get_by_role("group", name="Kollega 1")
    first.get_by_label("Navn").fill("Ola Hansen")
    first.get_by_label("E-post").fill("ola@karmoy.kommune.no")
    second = page.get_by_role("group", name="Kollega 2")
    second.get_by_label("Navn").fill("Siri Berg")
    second.get_by_label("E-post").fill("siri@karmoy.kommune.no")
    page.get_by_label("Kollegene vet at jeg melder dem på").check()
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
    page.get_by_role("button", name="Meld på kollegene").click()

    expect(page.get_by_role("heading", name="Gruppens påmeldinger")).to_be_visible()
    expect(page.get_by_role("cell", name="Ola Hansen")).to_be_visible()
    expect(page.get_by_role("cell", name="Siri Berg")).to_be_visible()
    (to_ola,) = smtp_outbox.wait_for("ola@karmoy.kommune.no")
    assert "/pamelding/" in smtp_outbox.text(to_ola)
    (to_coordinator,) = smtp_outbox.wait_for("kari@karmoy.kommune.no")
    assert "/pamelding/gruppe/" in smtp_outbox.text(to_coordinator)


def test_answer_the_organisers_questions_and_find_the_answers(
    page, gathering_content, smtp_outbox
):
    """A workshop and the days, chosen by their labels; the answers are on the
    person's own page once confirmed."""
    from events.models import RegistrationQuestion

    gathering = gathering_content.upcoming
    RegistrationQuestion.objects.create(
        page=gathering,
        sort_order=1,
        text="Hvilket verksted?",
        kind="workshop",
        required=True,
        options="Bolig først | 10\nBostøtte | 10",
    )
    RegistrationQuestion.objects.create(
        page=gathering, sort_order=2, text="Trenger du overnatting?", kind="yes_no"
    )
    page.goto(gathering.url)
    page.get_by_label("Navn").fill("Kari Nordmann")
    page.get_by_label("E-post").fill("kari@example.no")
    page.get_by_label("Annen organisasjon").fill("NAV Karmøy")
    page.get_by_role("group", name="Hvilket verksted?").get_by_label("Bostøtte").check()
    page.get_by_role("group", name="Trenger du overnatting?").get_by_label(
        "Nei"
    ).check()
    page.get_by_role("checkbox", name=re.compile("personvernerklæringen")).check()
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
    page.get_by_role("button", name="Meld meg på").click()
    expect(page.get_by_role("status")).to_contain_text("kari@example.no")

    (request_to_confirm,) = smtp_outbox.wait_for("kari@example.no")
    link = next(
        li for li in smtp_outbox.links(request_to_confirm) if "/pamelding/" in li
    )
    page.goto(urlsplit(link).path)
    page.get_by_role("button", name="Bekreft påmeldingen").click()
    expect(page.get_by_text("Bostøtte", exact=True)).to_be_visible()
    expect(page.get_by_text("nei", exact=True)).to_be_visible()


def test_a_participant_downloads_their_attendance_certificate(page, gathering_content):
    """Marked as attended: «Last ned kursbevis (PDF)» on their page gives a
    one-page PDF with their name and the gathering."""
    import io

    from pypdf import PdfReader

    from events.models import Registration, RegistrationStatus

    registration = Registration.objects.create(
        gathering=gathering_content.past,
        name="Kari Nordmann",
        email="kari@example.no",
        organisation="NAV Karmøy",
        consent=True,
        status=RegistrationStatus.ATTENDED,
    )
    page.goto(registration.get_absolute_url())
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned kursbevis (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        (only,) = PdfReader(io.BytesIO(pdf.read())).pages
    text = " ".join(only.extract_text().split())
    assert "Kursbevis" in text and "Kari Nordmann" in text
    assert gathering_content.past.title in text


def test_form_errors_are_announced_and_accessible(page, gathering_content):
    page.goto(gathering_content.upcoming.url)
    page.get_by_label("Navn").fill("<b>Kari</b>")
    page.get_by_label("E-post").fill("ikke-en-adresse")
    page.get_by_role("button", name="Meld meg på").click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()  # the form posts to its fragment, #pamelding
    expect(summary).to_contain_text("Påmeldingen ble ikke sendt")
    expect(summary).to_contain_text("Navnet kan bare inneholde bokstaver")
    expect(summary).to_contain_text("personvernerklæringen")
    expect(page.get_by_label("E-post")).to_have_attribute("aria-invalid", "true")
    assert not Registration.objects.exists()
    violations = axe_violations(page)
    assert not violations, format_violations(violations)


@pytest.mark.parametrize("width", [320])
def test_gathering_page_fits_a_phone(new_context, gathering_content, width):
    context = new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    assert_accessible(page, gathering_content.past.url, reflow_width=width)
    expect(
        page.get_by_role("heading", name="Presentasjonene fra samlingen")
    ).to_be_visible()


def test_compute_a_project_share_it_and_print_it(page, calculator_rates):
    page.goto("/kalkulator/")
    expect(page.get_by_role("heading", name="Resultat for Karmøy")).to_be_visible()

    page.get_by_label("Antall boliger").fill("4")
    page.get_by_label("Kommune", exact=True).select_option(label="Bergen")
    page.get_by_label("Husleie per bolig (kr i måneden)").fill("13 000")
    page.get_by_role("button", name="Regn ut").click()

    # The result is a link with every input, which opens the same result again.
    expect(page.get_by_role("heading", name="Resultat for Bergen")).to_be_visible()
    expect(page).to_have_url(re.compile(r"homes=4.*#beregning|homes=4"))
    shared = page.url
    page.goto("/")
    page.goto(shared)
    expect(page.get_by_label("Antall boliger")).to_have_value("4")
    # 4 homes × 55 m² × 12 700 kr (Bergen is one of the large cities).
    expect(page.get_by_text(re.compile(r"^2\s794\s000 kr"))).to_be_visible()

    # Printed, the form and the site's frame give way to the result.
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Regn ut")).to_be_hidden()
    expect(page.get_by_role("heading", name="Resultat for Bergen")).to_be_visible()

    # A mistake: the summary takes the focus and links to the field.
    page.emulate_media(media="screen")
    page.get_by_label("Antall boliger").fill("null")
    page.get_by_role("button", name="Regn ut").click()
    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name=re.compile("Antall boliger")).click()
    expect(page.get_by_label("Antall boliger")).to_be_focused()


# A page published a moment ago, read on a narrow phone (the reading pages' checks
# share content built once, tests/browser/test_pages.py, and add none).


@pytest.mark.browser
def test_long_headings_break_with_hyphens_on_a_narrow_phone(new_context, site_content):
    from tests.factories import StandardPageFactory

    title = (
        "Arbeidsinkluderingsoppfølgingstjenesteutviklingsprosjektgjennomføringsrapport"
    )
    long = StandardPageFactory(parent=site_content.home, title=title)
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    page.goto(long.url)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(title)
    assert heading.evaluate("h => getComputedStyle(h).hyphens") == "auto"
    assert page.evaluate("() => document.documentElement.lang") == "nb"
    assert heading.evaluate("h => h.scrollWidth <= h.clientWidth")
    assert_no_horizontal_scroll(page)

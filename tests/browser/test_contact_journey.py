"""A reader asks for a contact person's e-mail address on a good practice, in Chromium
through the real middleware: the address is in no page, only in the answer to the
button «Vis e-postadresse», whose page leads back with «Tilbake»."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import axe_violations, format_violations
from tests.factories import PersonFactory
from tests.learning.factories import GoodPracticePageFactory

EMAIL = "kari.nordmann@karmoy.kommune.no"


@pytest.fixture
def practice(site_content):
    kari = PersonFactory(
        name="Kari Nordmann",
        role="Boligkonsulent",
        organisation="Karmøy kommune",
        municipality=site_content.municipality_page,
        email=EMAIL,
        phone="+47 52 85 75 00",
    )
    return GoodPracticePageFactory(
        parent=site_content.municipality_page,
        title="Boveiledning i Karmøy",
        slug="boveiledning",
        contact_person=kari,
    )


def email_button(page):
    return page.get_by_role(
        "button", name=re.compile("Vis e-postadresse.*Kari Nordmann")
    )


def expect_answer(page):
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "E-postadressen til Kari Nordmann"
    )
    mailto = page.get_by_role("link", name=EMAIL)
    expect(mailto).to_have_attribute("href", f"mailto:{EMAIL}")
    return mailto


def test_a_reader_asks_for_the_address_and_goes_back(page, practice):
    practice_url = practice.url
    response = page.goto(practice_url)
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(practice.title)
    contact = page.locator("aside.contact-person")
    expect(contact.get_by_role("link", name="Kari Nordmann")).to_be_visible()
    # Neither her address nor a part of it is in the page a harvester fetches (the
    # footer's mailto is Husbanken's own address).
    html = page.content()
    local, domain = EMAIL.split("@")
    for part in (EMAIL, local, domain):
        assert part not in html, part

    email_button(page).click()
    page.wait_for_url(re.compile(r"/personer/[^/]+/e-post/$"))
    expect_answer(page)
    violations = axe_violations(page)
    assert violations == [], format_violations(violations, page.url)

    page.get_by_role("link", name="Tilbake").click()
    page.wait_for_url(re.compile(re.escape(practice_url) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(practice.title)
    assert EMAIL not in page.content()

    # Once more with the keyboard: the button takes focus and Enter sends it.
    button = email_button(page)
    button.focus()
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/personer/[^/]+/e-post/$"))
    expect_answer(page)
    page.get_by_role("link", name="Tilbake").click()
    page.wait_for_url(re.compile(re.escape(practice_url) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(practice.title)

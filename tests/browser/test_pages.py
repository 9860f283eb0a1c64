"""Public pages in Chromium: they load, readers can use them, axe and vnu agree.

To scan a new page, add it to ``PAGES_TO_SCAN`` in ``tests/browser/accessibility.py``.
"""

import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import (
    PAGES_TO_SCAN,
    PageProblems,
    assert_accessible,
    assert_no_horizontal_scroll,
    scan_params,
)
from tests.markup import format_vnu_errors, vnu_errors

CANARY = "(canary)"

# Registered pages ---------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("entry", scan_params())
def test_page_loads_cleanly_without_wcag_violations(page, site_content, request, entry):
    """Under its real CSP: right status, no console errors or broken images, no axe
    violations of WCAG 2.1 A/AA."""
    assert_accessible(page, entry.resolve(request), status=entry.status)


def test_pages_are_valid_html(client, site_content, request):
    """All registered pages' HTML, checked by the Nu Html Checker in one java call."""
    documents = {}
    for entry in PAGES_TO_SCAN:
        url = entry.resolve(request)
        response = client.get(url)
        assert response.status_code == entry.status, url
        documents[entry.name] = response.content.decode()
    # A broken document in the same call proves the checker ran and reported back.
    documents[CANARY] = '<!DOCTYPE html><html lang="nb"><title>x</title><p><div></p>'
    errors = vnu_errors(documents)
    assert errors.pop(CANARY), "vnu found nothing wrong with a broken document"
    errors = {name: found for name, found in errors.items() if found}
    assert not errors, "Nu Html Checker:\n" + format_vnu_errors(errors)


# What readers see and do --------------------------------------------------------------


@pytest.mark.browser
def test_home_page_shows_heading_navigation_and_footer(page, site_content):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Boligsosialt velferdsprogram"
    )
    navigation = page.get_by_role("navigation", name="Hovedmeny")
    expect(navigation.get_by_role("link", name="Programkommuner")).to_be_visible()
    footer = page.get_by_role("contentinfo")
    expect(footer.get_by_role("link", name="Personvernerklæring")).to_be_visible()
    statement = footer.get_by_role("link", name="Tilgjengelighetserklæring")
    expect(statement).to_be_visible()

    statement.click()
    expect(page).to_have_url(re.compile(re.escape(site_content.accessibility_page.url)))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tilgjengelighetserklæring"
    )


@pytest.mark.browser
def test_on_a_phone_the_menu_is_one_button_away(page, site_content):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/")
    navigation = page.get_by_role("navigation", name="Hovedmeny")
    link = navigation.get_by_role("link", name="Programkommuner")
    expect(link).to_be_hidden()
    button = navigation.get_by_text("Meny", exact=True)
    expect(button).to_be_visible()
    # One row for the menu, not three: the header ends well above the fold.
    assert navigation.bounding_box()["height"] < 60
    button.focus()
    page.keyboard.press("Enter")
    expect(link).to_be_visible()
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(site_content.municipality_index.url)))


@pytest.mark.browser
def test_on_a_phone_a_filtered_list_shows_its_first_result_above_the_fold(
    page, good_practice_index, tmp_path
):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(good_practice_index.url + "?tema=bostedslose&fylke=rogaland")
    first = page.locator(".result-list li").first
    expect(first).to_be_visible()
    page.screenshot(path=tmp_path / "gode-eksempler-375.png")
    assert first.bounding_box()["y"] < 740 - 100  # its title and more in view
    # The chosen filters show as removable chips; the facets are one tap away.
    chips = page.get_by_role("list", name="Valgte filtre").get_by_role("link")
    expect(chips).to_have_count(2)
    facet = page.get_by_role("link", name=re.compile(r"^Karmøy kommune"))
    expect(facet).to_be_hidden()
    page.get_by_text("Filtrer og søk (2 valgt)").click()
    expect(facet).to_be_visible()
    chips.first.click()
    expect(page).to_have_url(re.compile(r"\?fylke=rogaland$"))


@pytest.mark.browser
def test_municipality_page_shows_facts_photo_and_contact(page, site_content):
    page.goto(site_content.municipality_page.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Karmøy kommune")
    photo = page.get_by_role("img", name="Deltakere fra Karmøy kommune i samtale")
    expect(photo).to_be_visible()
    assert photo.evaluate("image => image.decode().then(() => image.naturalWidth)") > 0
    expect(page.get_by_text("Foto: Husbanken").first).to_be_visible()
    expect(page.get_by_role("rowheader", name="2015")).to_be_visible()
    expect(page.get_by_role("link", name="Sverre Høynes")).to_be_visible()
    breadcrumbs = page.get_by_role("navigation", name="Du er her")
    expect(breadcrumbs.get_by_role("link", name="Programkommuner")).to_be_visible()
    footer = page.get_by_role("contentinfo")
    expect(footer.get_by_role("link", name="Tilgjengelighetserklæring")).to_be_visible()


@pytest.mark.browser
def test_search_from_the_header_shows_results(page, site_content):
    page.goto("/")
    header_search = page.get_by_role("banner").get_by_role("search")
    header_search.get_by_role("searchbox").fill("kommune")
    header_search.get_by_role("button", name="Søk").click()

    expect(page).to_have_url(re.compile(r"/sok/\?q=kommune$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Søk")
    expect(page.get_by_role("status")).to_contain_text("treff på «kommune»")
    expect(page.get_by_role("link", name="Karmøy kommune")).to_be_visible()
    expect(page.get_by_role("link", name="Bodø kommune")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Søkeord")).to_have_value("kommune")
    footer = page.get_by_role("contentinfo")
    expect(footer.get_by_role("link", name="Tilgjengelighetserklæring")).to_be_visible()


@pytest.mark.browser
def test_skip_link_is_first_and_moves_focus_to_main(page, site_content):
    page.goto(site_content.municipality_page.url)
    skip_link = page.get_by_role("link", name="Hopp til hovedinnholdet")
    expect(skip_link).not_to_be_in_viewport()

    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()  # shown once it has focus

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#hovedinnhold$"))
    expect(page.get_by_role("main")).to_be_focused()
    # The next Tab goes on inside main, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('main') !== null")


@pytest.mark.browser
def test_municipality_filter_works_without_javascript(new_context, site_content):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(site_content.municipality_index.url)
    count = page.locator("#antall-kommuner")
    expect(count).to_have_text("3 programkommuner")

    page.get_by_label("Fylke", exact=True).select_option("rogaland")
    page.get_by_role("button", name="Vis kommuner").click()
    expect(page).to_have_url(re.compile(r"\?fylke=rogaland"))
    expect(count).to_have_text("Viser 2 av 3 programkommuner")
    results = page.get_by_role("main").get_by_role("listitem").get_by_role("link")
    expect(results).to_have_text(["Haugesund kommune", "Karmøy kommune"])
    expect(page.get_by_label("Fylke", exact=True)).to_have_value("rogaland")

    page.get_by_role("link", name="Fjern filtrene").click()
    expect(count).to_have_text("3 programkommuner")


@pytest.mark.browser
def test_very_long_search_renders_calmly_on_a_phone(new_context, site_content):
    """10,000 characters in one word: cut to 200 with a warning, no error, and the page
    still fits a 320 px screen. (PAGES_TO_SCAN has 10,000 characters of words.)"""
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    problems = PageProblems(page)
    response = page.goto("/sok/?" + urlencode({"q": "x" * 10_000}))
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Søk")
    expect(page.get_by_role("status")).to_contain_text("Søket var for langt")
    expect(page.get_by_role("searchbox", name="Søkeord")).to_have_value("x" * 200)
    assert_no_horizontal_scroll(page)
    problems.assert_none()

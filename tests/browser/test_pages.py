"""Public pages in Chromium: they load, readers can use them, axe and vnu agree.

To scan a new page, add it to ``PAGES_TO_SCAN`` in ``tests/browser/accessibility.py``.
"""

import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import (
    PAGES_IN_NYNORSK,
    PAGES_TO_SCAN,
    PAGES_TO_SCAN_IN_NYNORSK,
    PageProblems,
    assert_accessible,
    assert_no_horizontal_scroll,
    axe_violations,
    scan_params,
)
from tests.browser.conftest import open_context
from tests.browser.content import shared
from tests.markup import format_vnu_errors, vnu_errors

CANARY = "(canary)"

# One process builds the shared content once (``--dist loadgroup``, Makefile).
pytestmark = pytest.mark.xdist_group("shared_site")

# The module's tests read the content and change nothing: it is built once for them
# (``shared_site``), and every content fixture they use gives what it built.
site_url = shared("site_url", "url")
home_page = shared("home_page")
site_content = shared("site_content")
calculator_rates = shared("calculator_rates")
knowledge_content = shared("knowledge_content")
gathering_content = shared("gathering_content")
loop_links = shared("loop_links")
registration = shared("registration")
results_page = shared("results_page")


@pytest.fixture
def context(new_context):
    """The module stays on the public site: axe-core comes with every page."""
    return new_context(axe=True)


@pytest.fixture(scope="module")
def scanner(browser, shared_site):
    """One tab that the scans below open page after page, as a reader does.

    A new context and tab cost 0.6 s each time (a renderer process, axe-core compiled
    for the blank page) – a third of a scan; a reader's tab also keeps the style
    sheets and scripts it has loaded. Each scan starts without cookies.
    """
    context = open_context(browser, shared_site.url, axe=True)
    yield context.new_page()
    context.close()


# Registered pages ---------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("entry", scan_params(PAGES_TO_SCAN + PAGES_TO_SCAN_IN_NYNORSK))
def test_page_loads_cleanly_without_wcag_violations(
    scanner, site_content, request, entry
):
    """Under its real CSP: right status, no console errors or broken images, no axe
    violations of WCAG 2.1 A/AA."""
    scanner.context.clear_cookies()
    assert_accessible(scanner, entry.resolve(request), status=entry.status)


@pytest.mark.browser
def test_the_scans_report_what_they_find(scanner, site_content):
    """The scans can fail: an image without a text alternative, put on a page, is
    reported (axe-core preloaded, in the tab of every scan above)."""
    scanner.goto("/")
    scanner.evaluate(
        """() => document.querySelector("main").append(
            Object.assign(new Image(), {src: "/static/img/favicon.svg"}))"""
    )
    assert "image-alt" in [violation["id"] for violation in axe_violations(scanner)]


def test_pages_are_valid_html(client, site_content, request):
    """All registered pages' HTML, in bokmål and in nynorsk, checked by the Nu Html
    Checker in one java call."""
    documents = {}
    for entry in PAGES_TO_SCAN + PAGES_IN_NYNORSK:
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


def test_every_page_has_a_meta_description(client, site_content, request):
    """Search engines and link previews show it: every public page type says in a
    sentence of bokmål what it is."""
    # These say what they are about, not only what the site is.
    own = {"kalkulator", "resultater", "resultater-kommune", "tema", "temaer"}
    own |= {"personside"}
    missing = []
    for entry in PAGES_TO_SCAN:
        if entry.status != 200:
            continue
        url = entry.resolve(request)
        content = client.get(url).content.decode()
        found = re.search(r'<meta name="description" content="([^"]*)"', content)
        if not found or len(found.group(1).strip()) < 20:
            missing.append(f"{entry.name} ({url[:80]})")
        elif entry.name in own and "samler erfaringer, gode eksempler" in found[1]:
            missing.append(f"{entry.name}: only the site's description")
    assert not missing, "No meta description: " + ", ".join(missing)


def test_the_favicon_is_found(client, site_content):
    """Browsers ask for /favicon.ico on every page; it leads to the site's icon."""
    from django.contrib.staticfiles import finders

    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
    icon = re.search(
        r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">',
        client.get("/").content.decode(),
    ).group(1)
    assert icon == response["Location"]
    assert finders.find("img/favicon.svg")


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


# Phones ---------------------------------------------------------------------------------

# The size of an SVG's text as drawn: its font size in SVG units times the SVG's scale.
RENDERED_LABEL_SIZES = """svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll("text")].map(
        text => parseFloat(getComputedStyle(text).fontSize) * scale
    );
}"""


@pytest.mark.browser
def test_on_a_phone_the_calculator_table_scrolls_in_its_own_region(
    new_context, calculator_rates
):
    page = new_context(viewport={"width": 375, "height": 740}).new_page()
    page.goto("/kalkulator/")
    region = page.get_by_role("region", name="Kommunens resultat år for år")
    expect(region).to_have_attribute("tabindex", "0")
    assert region.evaluate("r => getComputedStyle(r).overflowX") == "auto"
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")  # it does scroll
    assert_no_horizontal_scroll(page)  # the page itself does not

    year = region.get_by_role("rowheader", name="10", exact=True)
    assert year.evaluate("c => getComputedStyle(c).position") == "sticky"
    assert year.evaluate("c => getComputedStyle(c).left") == "0px"
    region.evaluate("r => { r.scrollLeft = 200; }")
    page.wait_for_function(
        "r => r.scrollLeft > 0", arg=region.element_handle(), polling=50
    )
    # Scrolled sideways, the year is still at the region's left edge.
    assert year.bounding_box()["x"] == pytest.approx(region.bounding_box()["x"], abs=1)

    charts = page.locator(".calculator-result svg.chart__svg:visible")
    expect(charts).to_have_count(1)
    sizes = charts.first.evaluate(RENDERED_LABEL_SIZES)
    assert sizes and min(sizes) >= 12, f"chart labels drawn at {min(sizes):.1f} px"


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_chart_labels_are_readable_on_phone_and_desktop(
    new_context, results_page, width
):
    page = new_context(viewport={"width": width, "height": 800}).new_page()
    for url in (results_page.url, "/resultater/"):
        page.goto(url)
        charts = page.locator("svg.chart__svg:visible")
        assert charts.count() >= 1, url
        for index in range(charts.count()):
            sizes = charts.nth(index).evaluate(RENDERED_LABEL_SIZES)
            assert min(sizes) >= 12, f"{url}: labels at {min(sizes):.1f} px"
        assert_no_horizontal_scroll(page)

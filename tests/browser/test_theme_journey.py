"""Husbanken's editor tends the themes and a municipality proposes one, in Chromium
through the real middleware (CSRF enforced): every step is a click on the admin's
buttons, and each asserts what the person sees and what the database holds."""

import re

import pytest
from playwright.sync_api import expect
from taggit.models import Tag

from learning.models import (
    ExperienceArticlePage,
    GoodPracticePage,
    ThemeProposal,
    ThemeRedirect,
    ThemeStatus,
)
from tests.browser.accessibility import axe_violations, format_violations
from tests.events.factories import GatheringIndexPageFactory, GatheringPageFactory
from tests.learning.factories import (
    ExperienceArticlePageFactory,
    GoodPracticePageFactory,
)

SOURCE, TARGET = "Bolig først", "Housing first"
SOURCE_SLUG, TARGET_SLUG = "bolig-forst", "housing-first"


@pytest.fixture
def tagged(site_content):
    """An article, a practice and a gathering with «Bolig først»; another article
    with «Housing first», «Leie» (to be renamed) and «Bostøtte» (to be retired)."""
    karmoy = site_content.municipality_page
    gathering = GatheringPageFactory(
        parent=GatheringIndexPageFactory(parent=site_content.home),
        title="Fagsamling om Bolig først",
    )
    gathering.tags.add(SOURCE)
    gathering.save_revision().publish()
    return {
        "article": ExperienceArticlePageFactory(
            parent=karmoy, title="Bolig først i Karmøy", tags=[SOURCE]
        ),
        "practice": GoodPracticePageFactory(
            parent=karmoy, title="Egen bolig først", tags=[SOURCE]
        ),
        "gathering": gathering,
        "other": ExperienceArticlePageFactory(
            parent=karmoy,
            title="Fra hospits til egen leilighet",
            tags=[TARGET, "Leie", "Bostøtte"],
        ),
    }


def themes_of(page):
    return sorted(tag.name for tag in type(page).objects.get(pk=page.pk).tags.all())


def expect_message(page, text):
    """The admin's message after an action (Wagtail's ``.messages``)."""
    expect(page.locator(".messages")).to_contain_text(text)


def theme_row(page, slug):
    return page.locator(f"table[data-themes] tr[data-theme='{slug}']")


def assert_no_violations(page):
    violations = axe_violations(page)
    assert violations == [], format_violations(violations, page.url)


def assert_moved(page, old, new):
    """``old`` answers 301 with ``new`` as its Location."""
    response = page.request.get(old, max_redirects=0)
    assert response.status == 301, f"{old} answered {response.status}"
    assert response.headers["location"] == new


def open_themes(page):
    page.get_by_role("link", name="Temaer", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Temaer")


def test_an_editor_merges_renames_and_retires_themes(sign_in, staff, tagged):
    page = sign_in("redaktor")
    open_themes(page)
    expect(theme_row(page, SOURCE_SLUG).locator("td").nth(1)).to_have_text("3")
    assert_no_violations(page)

    # Merge «Bolig først» into «Housing first»: choose, then confirm.
    theme_row(page, SOURCE_SLUG).get_by_role("link", name="Slå sammen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Slå sammen temaer")
    page.get_by_label("Slå sammen med").select_option(label=TARGET)
    page.get_by_role("button", name="Gå videre").click()
    expect(page.get_by_role("heading", level=2)).to_have_text(
        f"Slå «{SOURCE}» sammen med «{TARGET}»?"
    )
    expect(page.get_by_text("Dette kan ikke gjøres om.")).to_be_visible()
    assert Tag.objects.filter(name=SOURCE).exists()  # nothing happens before «Ja»
    assert_no_violations(page)
    page.get_by_role("button", name="Ja, slå sammen").click()

    expect_message(
        page,
        f"«{SOURCE}» er slått sammen med «{TARGET}». Alt som hadde «{SOURCE}», har nå "
        f"«{TARGET}», og de gamle adressene sender videre.",
    )
    expect(theme_row(page, SOURCE_SLUG)).to_have_count(0)
    merged = theme_row(page, TARGET_SLUG)
    expect(merged.locator("td").nth(1)).to_have_text("4")
    expect(merged.locator("td").nth(3)).to_have_text(SOURCE_SLUG)
    assert not Tag.objects.filter(name=SOURCE).exists()
    for key in ("article", "practice", "gathering"):
        assert themes_of(tagged[key]) == [TARGET], key
    assert themes_of(tagged["other"]) == ["Bostøtte", TARGET, "Leie"]
    assert ExperienceArticlePage.objects.filter(tags__name=TARGET).count() == 2
    assert GoodPracticePage.objects.filter(tags__name=TARGET).count() == 1

    # The old address and its feed send readers on, permanently.
    assert_moved(page, f"/tema/{SOURCE_SLUG}/", f"/tema/{TARGET_SLUG}/")
    assert_moved(page, f"/tema/{SOURCE_SLUG}/rss/", f"/tema/{TARGET_SLUG}/rss/")
    response = page.goto(f"/tema/{SOURCE_SLUG}/")
    assert response.status == 200
    assert response.request.redirected_from.url.endswith(f"/tema/{SOURCE_SLUG}/")
    assert page.url.endswith(f"/tema/{TARGET_SLUG}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(TARGET)
    expect(page.get_by_role("link", name="Egen bolig først")).to_be_visible()

    # Rename «Leie» to «Utleie».
    page.goto("/admin/")
    open_themes(page)
    theme_row(page, "leie").get_by_role("link", name="Nytt navn").click()
    page.get_by_label("Nytt navn").fill("Utleie")
    page.get_by_role("button", name="Lagre nytt navn").click()
    expect_message(
        page, "«Leie» heter nå «Utleie». Den gamle adressen sender videre til den nye."
    )
    expect(theme_row(page, "utleie").locator("td").nth(3)).to_have_text("leie")
    renamed = Tag.objects.get(name="Utleie")
    assert renamed.slug == "utleie"
    assert ThemeRedirect.objects.get(old_slug="leie").tag == renamed
    assert themes_of(tagged["other"]) == ["Bostøtte", TARGET, "Utleie"]
    assert_moved(page, "/tema/leie/", "/tema/utleie/")

    # Retire «Bostøtte»: asked first, the page keeps it.
    theme_row(page, "bostotte").get_by_role("link", name="Ta ut av bruk").click()
    expect(page.get_by_role("heading", level=2)).to_have_text(
        "Ta «Bostøtte» ut av bruk?"
    )
    page.get_by_role("button", name="Ja, ta ut av bruk").click()
    expect_message(
        page, "«Bostøtte» er tatt ut av bruk. Sidene som har temaet, beholder det."
    )
    row = theme_row(page, "bostotte")
    expect(row.locator("td").nth(2)).to_have_text("Ikke lenger i bruk")
    expect(row.get_by_role("link", name="Ta i bruk igjen")).to_be_visible()
    retired = Tag.objects.select_related("theme_state").get(name="Bostøtte")
    assert retired.theme_state.status == ThemeStatus.RETIRED
    assert "Bostøtte" in themes_of(tagged["other"])


def test_a_contributor_proposes_a_theme_and_an_editor_approves_it(
    sign_in, staff, tagged
):
    contributor = sign_in("karmoy")
    expect(contributor.get_by_role("link", name="Temaer", exact=True)).to_have_count(0)
    contributor.get_by_role("link", name="Foreslå nytt tema").click()
    expect(contributor.get_by_role("heading", level=1)).to_have_text(
        "Foreslå nytt tema"
    )
    contributor.get_by_label("Navn på temaet").fill("Leie til eie")
    contributor.get_by_label("Hvorfor trengs temaet?").fill(
        "Flere kommuner hjelper leietakere til å kjøpe boligen de leier."
    )
    contributor.get_by_role("button", name="Send forslaget").click()
    contributor.wait_for_url(re.compile(r"/admin/$"))
    expect_message(
        contributor,
        "Takk! «Leie til eie» er foreslått. Husbanken ser på forslaget, og temaet kan "
        "velges når det er godkjent.",
    )
    proposal = ThemeProposal.objects.get()
    assert (proposal.name, proposal.proposed_by) == ("Leie til eie", staff.karmoy)
    assert not Tag.objects.filter(name="Leie til eie").exists()

    editor = sign_in("redaktor")
    open_themes(editor)
    waiting = editor.locator("table[data-theme-proposals]")
    row = waiting.locator(f"tr[data-proposal='{proposal.pk}']")
    expect(row).to_contain_text("Leie til eie")
    expect(row).to_contain_text("Flere kommuner hjelper leietakere")
    row.get_by_role("link", name="Godkjenn").click()
    expect(editor.get_by_role("heading", level=2)).to_have_text(
        "Godkjenne «Leie til eie» som tema?"
    )
    editor.get_by_role("button", name="Ja, godkjenn").click()
    expect_message(editor, "«Leie til eie» er godkjent og kan nå velges på sidene.")
    expect(waiting).to_have_count(0)
    expect(theme_row(editor, "leie-til-eie").locator("td").nth(2)).to_have_text(
        "I bruk"
    )
    assert Tag.objects.filter(name="Leie til eie", slug="leie-til-eie").exists()
    assert not ThemeProposal.objects.exists()

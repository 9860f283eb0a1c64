"""The page editor passes axe (WCAG 2.1 A and AA) for a signed-in editor.

Scanned after the editor's scripts have built the form (choosers, rich text,
StreamField), as the editor meets it.
"""

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.accessibility import assert_no_axe_violations
from tests.browser.test_admin_csp import editor_context  # noqa: F401 (a fixture)


def open_editor(context, url):
    page = context.new_page()
    response = page.goto(url)
    assert response.status == 200, f"{url} answered {response.status}"
    page.wait_for_load_state("networkidle")
    return page


def test_the_experience_article_editor_has_no_violations(
    editor_context,  # noqa: F811
    experience_article,
):
    page = open_editor(
        editor_context, reverse("wagtailadmin_pages:edit", args=[experience_article.pk])
    )
    assert_no_axe_violations(page)
    # The rich text block and the tag field are named after what they are.
    expect(page.get_by_role("textbox", name="Tekst", exact=True)).to_have_count(1)
    expect(page.get_by_role("textbox", name="Temaer", exact=True)).to_have_count(1)


def test_the_experience_article_create_form_has_no_violations(
    editor_context,  # noqa: F811
    experience_index,
):
    page = open_editor(
        editor_context,
        reverse(
            "wagtailadmin_pages:add",
            args=["learning", "experiencearticlepage", experience_index.pk],
        ),
    )
    assert_no_axe_violations(page)

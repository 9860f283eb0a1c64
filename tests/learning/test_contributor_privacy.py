"""Contributors and organisers see only live public pages and their own in the admin.

Other municipalities' drafts and private pages stay out of the page chooser (browse
and search) and out of the page types report; Husbanken's editors see everything.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction

from learning import moderation, signals
from learning.models import ExperienceArticlePage
from tests.learning.factories import ExperienceArticlePageFactory
from tests.learning.test_moderation import member_of

pytestmark = pytest.mark.django_db

SECRET_DRAFT = "Bergens hemmelige utkast"
SECRET_PRIVATE = "Bergens interne notat"
OWN_DRAFT = "Karmøys eget utkast"


@pytest.fixture
def moderation_ready(home_page):
    signals.set_up_moderation(sender=None)


@pytest.fixture
def pages(karmoy, bergen, moderation_ready):
    draft = ExperienceArticlePageFactory(parent=bergen, title=SECRET_DRAFT, live=False)
    draft.save_revision()
    private = ExperienceArticlePageFactory(parent=bergen, title=SECRET_PRIVATE)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    public = ExperienceArticlePageFactory(parent=bergen, title="Bergens artikkel")
    own = ExperienceArticlePageFactory(parent=karmoy, title=OWN_DRAFT, live=False)
    own.save_revision()
    return {"draft": draft, "private": private, "public": public, "own": own}


@pytest.fixture
def organiser(moderation_ready):
    Group.objects.get_or_create(name="Arrangører")
    return member_of("Arrangører", "arrangor")


@pytest.fixture
def contributor(karmoy, moderation_ready):
    return member_of(moderation.municipality_group_name(karmoy), "karmoy-bidrag")


def chooser_pages(client, bergen, karmoy):
    """Everything the chooser shows: browsing both municipalities, and searching."""
    html = ""
    for url in (
        reverse("wagtailadmin_choose_page_child", args=[bergen.pk]),
        reverse("wagtailadmin_choose_page_child", args=[karmoy.pk]),
        reverse("wagtailadmin_choose_page_search") + "?q=bergens",
        reverse("wagtailadmin_choose_page_search") + "?q=karmoys",
        reverse("wagtailadmin_choose_page_search")
        + "?q=utkast&page_type=learning.experiencearticlepage",
    ):
        response = client.get(url)
        assert response.status_code == 200
        html += response.content.decode()
    return html


@pytest.mark.parametrize("who", ["contributor", "organiser"])
def test_the_chooser_hides_other_municipalities_drafts_and_private_pages(
    client, request, who, pages, karmoy, bergen
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    html = chooser_pages(client, bergen, karmoy)
    assert SECRET_DRAFT not in html
    assert SECRET_PRIVATE not in html
    assert "Bergens artikkel" in html
    assert (OWN_DRAFT in html) == (who == "contributor")


def test_the_chooser_does_not_browse_into_a_hidden_page(client, contributor, pages):
    client.force_login(contributor)
    for hidden in (pages["draft"], pages["private"]):
        response = client.get(
            reverse("wagtailadmin_choose_page_child", args=[hidden.pk])
        )
        assert response.status_code == 404
        assert hidden.title not in response.content.decode()


def test_husbanken_sees_everything_in_the_chooser(
    client, pages, karmoy, bergen, moderation_ready
):
    client.force_login(member_of(moderation.HUSBANKEN_EDITORS, "husbanken"))
    html = chooser_pages(client, bergen, karmoy)
    for title in (SECRET_DRAFT, SECRET_PRIVATE, OWN_DRAFT, "Bergens artikkel"):
        assert title in html


def report(client):
    response = client.get(reverse("wagtailadmin_reports:page_types_usage"))
    assert response.status_code == 200
    return response


def test_the_page_types_report_counts_and_names_only_visible_pages(
    client, contributor, pages
):
    client.force_login(contributor)
    response = report(client)
    html = response.content.decode()
    assert SECRET_DRAFT not in html
    assert SECRET_PRIVATE not in html
    [row] = [
        row
        for row in response.context["object_list"]
        if row.model_class() is ExperienceArticlePage
    ]
    assert row.count == 2  # Bergen's public article and Karmøy's own draft
    assert row.last_edited_page.title in (OWN_DRAFT, "Bergens artikkel")


def test_husbanken_sees_every_page_in_the_report(client, pages, moderation_ready):
    client.force_login(member_of(moderation.HUSBANKEN_EDITORS, "husbanken"))
    response = report(client)
    [row] = [
        row
        for row in response.context["object_list"]
        if row.model_class() is ExperienceArticlePage
    ]
    assert row.count == 4

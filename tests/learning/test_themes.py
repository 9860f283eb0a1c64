"""Themes editors can tend: rename, merge and retire keep every address and every page
tagged; pages take only themes in use; contributors propose, editors approve.

Everything through the admin as an editor or a contributor would use it.
"""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from taggit.models import Tag
from wagtail.models import Revision
from wagtail.test.utils.form_data import nested_form_data, streamfield

from events.models import GatheringPage, GatheringReportPage, GatheringTag
from learning import moderation, signals
from learning.models import (
    ExperienceArticlePage,
    ExperienceArticleTag,
    GoodPracticePage,
    PresentationPage,
    ThemeProposal,
    ThemeRedirect,
)
from learning.models.page_forms import ThemeField
from tests.events.factories import GatheringIndexPageFactory, GatheringPageFactory
from tests.learning.factories import (
    ExperienceArticlePageFactory,
    GoodPracticePageFactory,
    PresentationPageFactory,
)
from tests.portal.admin_english import english_on

pytestmark = pytest.mark.django_db


# --- who is who ---


@pytest.fixture
def moderation_ready(home_page):
    signals.set_up_moderation(sender=None)


def _member_of(group_name, username):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.no", password="passord-123"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(moderation_ready):
    return _member_of(moderation.HUSBANKEN_EDITORS, "tema-redaktor")


@pytest.fixture
def contributor(karmoy, moderation_ready):
    return _member_of(moderation.municipality_group_name(karmoy), "tema-bidrag")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def contributor_client(client, contributor):
    client.force_login(contributor)
    return client


def url(name, *args):
    return reverse(f"learning_themes:{name}", args=args)


def tag(name):
    return Tag.objects.get(name=name)


def themes_of(page):
    return sorted(t.name for t in type(page).objects.get(pk=page.pk).tags.all())


def article_data(page, tags, action="action-publish"):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": "",
            "body": streamfield([]),
            "date": "2016-05-01",
            "tags": tags,
            "no_identifiable_persons": "on",
            action: action,
        }
    )


def edit(client, page, tags):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), article_data(page, tags)
    )


def assert_moved(client, old, new):
    response = client.get(old)
    assert response.status_code == 301, old
    assert response["Location"] == new


# --- rename ---


def test_a_renamed_theme_keeps_its_old_address_and_feed(editor_client, karmoy):
    page = ExperienceArticlePageFactory(parent=karmoy, tags=["Bostøtte"])
    theme = tag("Bostøtte")
    assert theme.slug == "bostotte"

    response = editor_client.post(url("rename", theme.pk), {"name": "Statlig bostøtte"})

    assert response.status_code == 302
    theme.refresh_from_db()
    assert (theme.name, theme.slug) == ("Statlig bostøtte", "statlig-bostotte")
    assert themes_of(page) == ["Statlig bostøtte"]
    messages = [str(m) for m in editor_client.get(response.url).context["messages"]]
    assert any("heter nå «Statlig bostøtte»" in message for message in messages)
    client = Client()
    assert_moved(client, "/tema/bostotte/", "/tema/statlig-bostotte/")
    assert_moved(client, "/tema/bostotte/rss/", "/tema/statlig-bostotte/rss/")
    assert_moved(client, "/nn/tema/bostotte/", "/nn/tema/statlig-bostotte/")
    assert_moved(client, "/nn/tema/bostotte/rss/", "/nn/tema/statlig-bostotte/rss/")
    assert client.get("/tema/statlig-bostotte/").status_code == 200
    assert client.get("/tema/finnes-ikke/").status_code == 404
    assert client.get("/tema/finnes-ikke/rss/").status_code == 404


def test_renaming_to_a_name_taken_says_so(editor_client, karmoy):
    ExperienceArticlePageFactory(parent=karmoy, tags=["Bostøtte", "Leie"])
    response = editor_client.post(url("rename", tag("Leie").pk), {"name": "bostøtte"})
    assert response.status_code == 200
    assert "Det finnes allerede et tema eller forslag som heter «bostøtte»" in (
        response.content.decode()
    )
    assert tag("Leie").slug == "leie"


def test_renaming_back_gives_the_theme_its_own_address_again(editor_client, karmoy):
    ExperienceArticlePageFactory(parent=karmoy, tags=["Leie"])
    theme = tag("Leie")
    editor_client.post(url("rename", theme.pk), {"name": "Utleie"})
    editor_client.post(url("rename", theme.pk), {"name": "Leie"})
    assert Client().get("/tema/leie/").status_code == 200
    assert_moved(Client(), "/tema/utleie/", "/tema/leie/")
    assert not ThemeRedirect.objects.filter(old_slug="leie").exists()


# --- merge ---


@pytest.fixture
def tagged_everywhere(home_page, karmoy):
    """Each page type with «Bostedsløse» (A); one article also has «Bolig» (B)."""
    gathering = GatheringPageFactory(
        parent=GatheringIndexPageFactory(parent=home_page), title="Fagsamling"
    )
    gathering.tags.add("Bostedsløse")
    gathering.save_revision().publish()
    return {
        "article": ExperienceArticlePageFactory(parent=karmoy, tags=["Bostedsløse"]),
        "both": ExperienceArticlePageFactory(
            parent=karmoy, tags=["Bostedsløse", "Bolig"]
        ),
        "practice": GoodPracticePageFactory(parent=karmoy, tags=["Bostedsløse"]),
        "presentation": PresentationPageFactory(parent=karmoy, tags=["Bostedsløse"]),
        "gathering": gathering,
    }


def test_a_merge_asks_first(editor_client, tagged_everywhere):
    source, target = tag("Bostedsløse"), tag("Bolig")
    response = editor_client.post(url("merge", source.pk), {"target": target.pk})
    assert response.status_code == 200
    assert "Slå «Bostedsløse» sammen med «Bolig»?" in response.content.decode()
    assert Tag.objects.filter(pk=source.pk).exists()


def test_a_merge_keeps_every_page_tagged_and_every_address(
    editor_client, tagged_everywhere, experience_index
):
    source, target = tag("Bostedsløse"), tag("Bolig")

    response = editor_client.post(
        url("merge", source.pk), {"target": target.pk, "confirm": "ja"}
    )

    assert response.status_code == 302
    assert not Tag.objects.filter(pk=source.pk).exists()
    for page in tagged_everywhere.values():
        assert themes_of(page) == ["Bolig"], page
    both = tagged_everywhere["both"]
    assert ExperienceArticleTag.objects.filter(content_object=both).count() == 1
    assert GatheringTag.objects.filter(tag=target).count() == 1
    client = Client()
    assert_moved(client, "/tema/bostedslose/", "/tema/bolig/")
    assert_moved(client, "/tema/bostedslose/rss/", "/tema/bolig/rss/")
    assert_moved(client, "/nn/tema/bostedslose/", "/nn/tema/bolig/")
    assert_moved(client, "/nn/tema/bostedslose/rss/", "/nn/tema/bolig/rss/")
    # The lists' theme filter follows too.
    listed = BeautifulSoup(
        client.get("/erfaringer/?tema=bostedslose").content, "html.parser"
    )
    titles = {h3.get_text(strip=True) for h3 in listed.select("li h3")}
    assert titles == {tagged_everywhere["article"].title, both.title}


def test_a_merge_rewrites_drafts_so_publishing_them_keeps_the_theme(
    editor_client, karmoy
):
    page = ExperienceArticlePageFactory(parent=karmoy, tags=["Bolig"])
    ExperienceArticlePageFactory(parent=karmoy, tags=["Husleie"])
    draft = ExperienceArticlePage.objects.get(pk=page.pk)
    draft.tags.add("Husleie")
    revision = draft.save_revision()  # a draft with both themes
    source, target = tag("Husleie"), tag("Bolig")

    editor_client.post(url("merge", source.pk), {"target": target.pk, "confirm": "ja"})

    revision = Revision.objects.get(pk=revision.pk)
    assert [link["tag"] for link in revision.content["tagged_items"]] == [target.pk]
    revision.publish()
    assert themes_of(page) == ["Bolig"]


def test_a_chain_of_changes_ends_at_the_address_now_in_one_step(editor_client, karmoy):
    ExperienceArticlePageFactory(parent=karmoy, tags=["Leie", "Utleie"])
    editor_client.post(
        url("merge", tag("Leie").pk), {"target": tag("Utleie").pk, "confirm": "ja"}
    )
    editor_client.post(url("rename", tag("Utleie").pk), {"name": "Kommunal utleie"})
    assert_moved(Client(), "/tema/leie/", "/tema/kommunal-utleie/")
    assert_moved(Client(), "/tema/utleie/rss/", "/tema/kommunal-utleie/rss/")


# --- retire ---


def test_a_retired_theme_is_not_listed_nor_offered_but_pages_keep_it(
    editor_client, karmoy
):
    kept = ExperienceArticlePageFactory(parent=karmoy, tags=["Bostøtte"])
    other = ExperienceArticlePageFactory(parent=karmoy, tags=["Leie"])
    theme = tag("Bostøtte")
    question = editor_client.get(url("retire", theme.pk))
    assert "Ta «Bostøtte» ut av bruk?" in question.content.decode()

    editor_client.post(url("retire", theme.pk))

    listed = Client().get("/tema/").content.decode()
    assert "Leie" in listed and "Bostøtte" not in listed
    page = Client().get("/tema/bostotte/")
    assert page.status_code == 200
    assert "er ikke lenger i bruk" in page.content.decode()
    assert (
        editor_client.get(
            reverse("learning_theme_autocomplete"), {"term": "Bos"}
        ).json()
        == []
    )
    # The page that has it may be saved with it; another page cannot take it.
    assert edit(editor_client, kept, "Bostøtte").status_code == 302
    assert themes_of(kept) == ["Bostøtte"]
    refused = edit(editor_client, other, "Leie, Bostøtte")
    assert refused.status_code == 200
    assert (
        "Disse temaene er ikke lenger i bruk og kan ikke gis til flere sider: "
        "«Bostøtte»." in refused.content.decode()
    )
    assert themes_of(other) == ["Leie"]

    editor_client.post(url("reactivate", theme.pk))
    assert "Bostøtte" in Client().get("/tema/").content.decode()


# --- choosing on pages ---


@pytest.mark.parametrize(
    "model",
    [
        ExperienceArticlePage,
        GoodPracticePage,
        PresentationPage,
        GatheringPage,
    ],
)
def test_every_page_type_with_themes_takes_only_themes_in_use(model):
    form_class = model.get_edit_handler().get_form_class()
    assert isinstance(form_class.base_fields["tags"], ThemeField)


def test_reports_have_no_themes_of_their_own():
    form_class = GatheringReportPage.get_edit_handler().get_form_class()
    assert "tags" not in form_class.base_fields


def test_typing_a_new_theme_does_not_make_one(editor_client, karmoy):
    page = ExperienceArticlePageFactory(parent=karmoy, tags=["Bolig"])
    response = edit(editor_client, page, 'Bolig, "Helt nytt tema", bost')
    assert response.status_code == 200
    assert (
        "Disse temaene finnes ikke: «Helt nytt tema», «bost». Velg blant temaene "
        "som finnes" in response.content.decode()
    )
    assert not Tag.objects.filter(name__in=["Helt nytt tema", "bost"]).exists()
    assert themes_of(page) == ["Bolig"]


def test_a_theme_may_be_typed_in_any_case(editor_client, karmoy):
    ExperienceArticlePageFactory(parent=karmoy, tags=["Økonomi"])
    page = ExperienceArticlePageFactory(parent=karmoy)
    assert edit(editor_client, page, "økonomi").status_code == 302
    assert themes_of(page) == ["Økonomi"]
    assert not Tag.objects.filter(name="økonomi").exists()


def test_the_editor_offers_only_themes_in_use(editor_client, karmoy):
    ExperienceArticlePageFactory(parent=karmoy, tags=["Bolig", "Boligsosialt"])
    ThemeProposal.objects.create(name="Boligkø", reason="Mange venter.")
    page = ExperienceArticlePageFactory(parent=karmoy)
    autocomplete = reverse("learning_theme_autocomplete")

    assert editor_client.get(autocomplete, {"term": "bol"}).json() == [
        "Bolig",
        "Boligsosialt",
    ]
    form = editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    field = BeautifulSoup(form.content, "html.parser").find(id="id_tags")
    assert field["data-w-tag-url-value"] == autocomplete
    assert '"autocompleteOnly": true' in field["data-w-tag-options-value"]


# --- propose and approve ---


def test_a_proposal_becomes_choosable_when_approved(
    client, contributor, editor, karmoy
):
    page = ExperienceArticlePageFactory(parent=karmoy, tags=["Bolig"])
    client.force_login(contributor)
    assert client.get(url("propose")).status_code == 200
    response = client.post(
        url("propose"), {"name": "Housing First", "reason": "Vi jobber etter det."}
    )
    assert response.status_code == 302
    proposal = ThemeProposal.objects.get(name="Housing First")
    assert proposal.proposed_by == contributor
    assert not Tag.objects.filter(name="Housing First").exists()
    autocomplete = reverse("learning_theme_autocomplete")
    assert client.get(autocomplete, {"term": "Hous"}).json() == []

    client.force_login(editor)
    listing = client.get(url("index")).content.decode()
    assert "Housing First" in listing and "Vi jobber etter det." in listing
    assert "Godkjenne «Housing First»" in (
        client.get(url("approve", proposal.pk)).content.decode()
    )
    client.post(url("approve", proposal.pk))

    assert not ThemeProposal.objects.exists()
    client.force_login(contributor)
    assert client.get(autocomplete, {"term": "Hous"}).json() == ["Housing First"]
    assert edit(client, page, "Bolig, Housing First").status_code == 302
    revision = ExperienceArticlePage.objects.get(pk=page.pk).latest_revision
    names = {
        Tag.objects.get(pk=link["tag"]).name
        for link in revision.content["tagged_items"]
    }
    assert names == {"Bolig", "Housing First"}


@pytest.mark.parametrize(
    "name, message",
    [
        ("bolig", "Temaet «Bolig» finnes allerede: velg det på siden."),
        ("BOLIGKØ", "«Boligkø» er allerede foreslått og venter på Husbanken."),
    ],
)
def test_a_proposal_under_a_name_taken_says_so(
    contributor_client, karmoy, name, message
):
    ExperienceArticlePageFactory(parent=karmoy, tags=["Bolig"])
    ThemeProposal.objects.create(name="Boligkø", reason="Mange venter.")
    response = contributor_client.post(url("propose"), {"name": name, "reason": "."})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ThemeProposal.objects.count() == 1


def test_a_rejected_proposal_is_gone(editor_client):
    proposal = ThemeProposal.objects.create(name="Boligkø", reason="Mange venter.")
    assert "Avvise forslaget «Boligkø»?" in (
        editor_client.get(url("reject", proposal.pk)).content.decode()
    )
    editor_client.post(url("reject", proposal.pk))
    assert not ThemeProposal.objects.exists()
    assert not Tag.objects.filter(name="Boligkø").exists()


def test_an_editors_new_theme_is_in_use_at_once(editor_client):
    response = editor_client.post(url("propose"), {"name": "Bo trygt", "reason": ""})
    assert response.status_code == 302
    assert Tag.objects.filter(name="Bo trygt").exists()


# --- who may ---


@pytest.mark.parametrize("action", ["rename", "merge", "retire", "reactivate"])
def test_contributors_cannot_tend_themes(contributor_client, karmoy, action):
    ExperienceArticlePageFactory(parent=karmoy, tags=["Bolig", "Leie"])
    theme = tag("Bolig")
    data = {"name": "Noe annet", "target": tag("Leie").pk, "confirm": "ja"}
    for response in (
        contributor_client.get(url(action, theme.pk)),
        contributor_client.post(url(action, theme.pk), data),
        contributor_client.get(url("index")),
    ):
        assert response.status_code == 302
        assert response.url == "/admin/"
    assert Tag.objects.filter(name="Bolig").exists()
    assert not ThemeRedirect.objects.exists()


def test_contributors_cannot_decide_on_proposals(contributor_client):
    proposal = ThemeProposal.objects.create(name="Boligkø", reason="Mange venter.")
    for action in ("approve", "reject"):
        assert contributor_client.post(url(action, proposal.pk)).status_code == 302
    assert ThemeProposal.objects.filter(pk=proposal.pk).exists()
    assert not Tag.objects.filter(name="Boligkø").exists()


def test_the_menu_shows_each_role_its_own(contributor_client, editor, karmoy):
    home = contributor_client.get("/admin/").content.decode()
    index = f'"url": "{url("index")}"'
    assert url("propose") in home and index not in home
    contributor_client.force_login(editor)
    assert index in contributor_client.get("/admin/").content.decode()


def test_every_action_needs_the_csrf_token(editor, karmoy):
    ExperienceArticlePageFactory(parent=karmoy, tags=["Bolig"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    theme = tag("Bolig")
    assert client.post(url("retire", theme.pk)).status_code == 403
    assert client.post(url("rename", theme.pk), {"name": "Bolig 2"}).status_code == 403
    assert client.post(url("propose"), {"name": "Nytt"}).status_code == 403
    theme.refresh_from_db()
    assert theme.name == "Bolig"
    assert not hasattr(theme, "theme_state") or theme.theme_state is None


def test_the_screens_speak_bokmal(client, editor, contributor, karmoy):
    ExperienceArticlePageFactory(parent=karmoy, tags=["Bolig", "Leie"])
    ThemeProposal.objects.create(name="Boligkø", reason="Mange venter.")
    theme, proposal = tag("Bolig"), ThemeProposal.objects.get()
    client.force_login(editor)
    screens = [
        url("index"),
        url("propose"),
        url("rename", theme.pk),
        url("merge", theme.pk),
        url("retire", theme.pk),
        url("reactivate", theme.pk),
        url("approve", proposal.pk),
        url("reject", proposal.pk),
    ]
    merge = client.post(url("merge", theme.pk), {"target": tag("Leie").pk})
    found = {
        screen: english_on(client.get(screen).content.decode()) for screen in screens
    }
    found["merge-confirm"] = english_on(merge.content.decode())
    client.force_login(contributor)
    found["propose-contributor"] = english_on(
        client.get(url("propose")).content.decode()
    )
    assert not any(found.values()), found


def test_the_site_search_offers_themes_in_use_and_follows_old_addresses(
    client, experience_index
):
    from learning import themes

    kept = ExperienceArticlePageFactory(
        parent=experience_index, title="Om leie", tags=["Leie"]
    ).tags.get()
    retired = ExperienceArticlePageFactory(
        parent=experience_index, title="Om rus", tags=["Rus"]
    ).tags.get()
    themes.retire(retired)
    themes.rename(kept, "Utleie")
    page = BeautifulSoup(client.get("/sok/").content, "html.parser")
    offered = [option["value"] for option in page.select("select[name=tema] option")]
    assert offered == ["", "utleie"]
    # A link with the old address still finds the theme's pages, and shows it chosen.
    found = BeautifulSoup(client.get("/sok/?q=leie&tema=leie").content, "html.parser")
    assert "Om leie" in found.get_text()
    assert "Om rus" not in found.get_text()
    assert found.select_one("select[name=tema] option[selected]")["value"] == "utleie"

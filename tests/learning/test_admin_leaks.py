"""What a contributor or organiser may not see stays out of every admin screen.

Wagtail's bulk action screens, its move confirmation, the page chooser and the page
types report name no draft, page in moderation or private page or file of another
municipality, whatever ids are typed into the address; a page another user may edit
is named by its live title. A page form refuses another municipality's private files
by id, and approving a page makes only its own municipality's files public.
"""

import datetime
import json

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Collection, GroupCollectionPermission, PageViewRestriction
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import rich_text, streamfield

from events import roles
from learning import moderation, signals
from learning.models import ExperienceArticlePage
from tests.factories import ImageFactory
from tests.learning.factories import DocumentFactory, ExperienceArticlePageFactory
from tests.learning.test_moderation import article_data, edit_url, member_of

pytestmark = pytest.mark.django_db

SECRET_DRAFT = "Bergens hemmelige utkast"
SECRET_PRIVATE = "Bergens interne notat"
SECRET_RENAME = "Bergen legger ned tiltaket"  # a live page's unpublished new title
PRIVATE_DOCUMENT = "Bergens interne kartlegging"
PRIVATE_IMAGE = "Bergens interne foto"
SECRETS = (SECRET_DRAFT, SECRET_PRIVATE, SECRET_RENAME, PRIVATE_DOCUMENT, PRIVATE_IMAGE)
MOMENT = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def moderation_ready(home_page):
    signals.set_up_moderation(sender=None)


@pytest.fixture
def contributor(karmoy, moderation_ready):
    return member_of(moderation.municipality_group_name(karmoy), "karmoy-bidrag")


@pytest.fixture
def organiser(moderation_ready):
    roles.ensure_organisers()
    return member_of(roles.ORGANISERS, "arrangor")


@pytest.fixture
def husbanken_editor(moderation_ready):
    return member_of(moderation.HUSBANKEN_EDITORS, "husbanken-redaktor")


def room_of(municipality):
    group = Group.objects.get(name=moderation.municipality_group_name(municipality))
    return moderation.upload_room(group)


@pytest.fixture
def hidden(karmoy, bergen, contributor):
    """Bergen's draft, private page, renamed live page and private files; Karmøy's own."""
    with time_machine.travel(MOMENT, tick=False):
        draft = ExperienceArticlePageFactory(
            parent=bergen, title=SECRET_DRAFT, live=False
        )
        draft.save_revision()
        private = ExperienceArticlePageFactory(parent=bergen, title=SECRET_PRIVATE)
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.LOGIN
        )
        own = ExperienceArticlePageFactory(
            parent=karmoy, title="Karmøys utkast", live=False, owner=contributor
        )
        own.save_revision()
    public = ExperienceArticlePageFactory(parent=bergen, title="Bergens artikkel")
    with time_machine.travel(MOMENT + datetime.timedelta(days=1), tick=False):
        public.title = SECRET_RENAME
        public.save_revision()
    room = room_of(bergen)
    return {
        "draft": draft,
        "private": private,
        "public": public,
        "own": own,
        "document": DocumentFactory(title=PRIVATE_DOCUMENT, collection=room),
        "image": ImageFactory(title=PRIVATE_IMAGE, collection=room),
    }


def bulk_url(app, model, action, objects):
    ids = "&".join(f"id={item.pk}" for item in objects)
    return f"/admin/bulk/{app}/{model}/{action}/?{ids}"


def text_of(response):
    """The HTML of a page, or of a modal (JSON, which escapes ø)."""
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content).get("html") or ""
    return response.content.decode()


def assert_no_secrets(response):
    html = text_of(response)
    for secret in SECRETS:
        assert secret not in html


@pytest.mark.parametrize("who", ["contributor", "organiser"])
def test_bulk_screens_name_nothing_the_user_may_not_see(client, request, who, hidden):
    client.force_login(request.getfixturevalue(who))
    pages = [hidden[name] for name in ("draft", "private", "public", "own")]
    urls = [
        bulk_url("wagtailcore", "page", action, pages)
        for action in ("delete", "publish", "unpublish", "move")
    ]
    urls += [
        bulk_url("wagtaildocs", "document", action, [hidden["document"]])
        for action in ("delete", "add_tags", "add_to_collection")
    ]
    urls += [
        bulk_url("portal", "portalimage", action, [hidden["image"]])
        for action in ("delete", "add_tags", "add_to_collection")
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert_no_secrets(response)


def test_bulk_screens_still_list_what_the_user_may_act_on(client, contributor, hidden):
    client.force_login(contributor)
    response = client.get(
        bulk_url("wagtailcore", "page", "delete", [hidden["own"], hidden["draft"]])
    )
    assert response.status_code == 200
    assert "Karmøys utkast" in response.content.decode()
    assert_no_secrets(response)


def test_a_bulk_move_refuses_a_destination_the_user_may_not_add_to(
    client, contributor, hidden
):
    client.force_login(contributor)
    response = client.post(
        bulk_url("wagtailcore", "page", "move", [hidden["own"]]),
        {"chooser": hidden["draft"].pk},
    )
    assert response.status_code == 404
    assert_no_secrets(response)
    assert ExperienceArticlePage.objects.get(
        pk=hidden["own"].pk
    ).get_parent().title == ("Karmøy")


def move_confirm_url(page, destination):
    return reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk])


def test_the_move_confirmation_names_no_hidden_page(
    client, contributor, karmoy, hidden
):
    client.force_login(contributor)
    for page, destination in [
        (hidden["own"], hidden["draft"]),
        (hidden["own"], hidden["private"]),
        (hidden["draft"], karmoy),
        (hidden["public"], karmoy),
    ]:
        response = client.get(move_confirm_url(page, destination))
        assert response.status_code == 404
        assert_no_secrets(response)
    # A move the contributor may make is confirmed as before.
    assert client.get(move_confirm_url(hidden["own"], karmoy)).status_code == 200


def test_the_page_chooser_names_others_pages_by_their_live_titles(
    client, contributor, bergen, hidden
):
    client.force_login(contributor)
    for url in (
        reverse("wagtailadmin_choose_page_child", args=[bergen.pk]),
        reverse("wagtailadmin_choose_page_search") + "?q=bergens",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert "Bergens artikkel" in text_of(response)
        assert_no_secrets(response)

    response = client.get(
        reverse("wagtailadmin_choose_page_chosen_multiple")
        + f"?id={hidden['draft'].pk}&id={hidden['private'].pk}&id={hidden['public'].pk}"
    )
    chosen = json.loads(response.content)["result"]
    assert [page["adminTitle"] for page in chosen] == ["Bergens artikkel"]


def test_husbanken_sees_the_draft_titles_in_the_chooser(
    client, husbanken_editor, bergen, hidden
):
    client.force_login(husbanken_editor)
    response = client.get(reverse("wagtailadmin_choose_page_child", args=[bergen.pk]))
    assert SECRET_RENAME in text_of(response)


def test_the_page_types_report_names_others_pages_by_their_live_titles(
    client, contributor, hidden
):
    client.force_login(contributor)
    response = client.get(reverse("wagtailadmin_reports:page_types_usage"))
    assert response.status_code == 200
    assert "Bergens artikkel" in response.content.decode()
    assert_no_secrets(response)


def test_organisers_choose_no_private_image_or_document(client, organiser, hidden):
    assert not GroupCollectionPermission.objects.filter(
        group__name=roles.ORGANISERS, collection__depth=1
    ).exists()
    client.force_login(organiser)
    for url in (
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtaildocs_chooser:choose"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert_no_secrets(response)
    # Their own collection is theirs to upload to and choose from.
    own = Collection.objects.get(name=roles.MEDIA_COLLECTION)
    photo = ImageFactory(title="Fra samlingen i Bodø", collection=own)
    response = client.get(reverse("wagtailimages_chooser:choose"))
    assert photo.title in text_of(response)


# --- another municipality's private files ---


@pytest.fixture
def bodo_contributor(bodo, moderation_ready):
    return member_of(moderation.municipality_group_name(bodo), "bodo-bidrag")


@pytest.fixture
def karmoy_files(karmoy, moderation_ready):
    room = room_of(karmoy)
    return (
        ImageFactory(title="Karmøys private foto", collection=room),
        DocumentFactory(title="Karmøys private rapport", collection=room),
    )


def body_with(image, document):
    return streamfield(
        [
            ("figure", {"image": image.pk, "caption": ""}),
            (
                "paragraph",
                rich_text(
                    f'<p>Se <a linktype="document" id="{document.pk}">rapporten</a>.</p>'
                ),
            ),
        ]
    )


def test_a_page_form_refuses_another_municipalitys_private_files(
    client, bodo, bodo_contributor, karmoy_files
):
    draft = ExperienceArticlePageFactory(parent=bodo, title="Bodøs utkast", live=False)
    draft.save_revision()
    client.force_login(bodo_contributor)
    image, document = karmoy_files
    for body in (
        streamfield([("figure", {"image": image.pk, "caption": ""})]),
        streamfield(
            [
                (
                    "paragraph",
                    rich_text(
                        f'<p><a linktype="document" id="{document.pk}">Les</a></p>'
                    ),
                )
            ]
        ),
    ):
        response = client.post(
            edit_url(draft), article_data("Bodøs utkast", draft.slug, body=body)
        )
        assert response.status_code == 200  # the form again, with its error
        html = response.content.decode()
        assert "du ikke har tilgang til å velge" in html
        # Shown again with what was saved, not with the refused file's title.
        assert "Karmøys private" not in html
    assert draft.revisions.count() == 1  # nothing saved

    # Bodø's own files are accepted.
    own = room_of(bodo)
    response = client.post(
        edit_url(draft),
        article_data(
            "Bodøs utkast",
            draft.slug,
            action=None,
            body=body_with(
                ImageFactory(title="Bodøs foto", collection=own),
                DocumentFactory(title="Bodøs rapport", collection=own),
            ),
        ),
    )
    assert response.status_code == 302


def test_approval_publishes_only_the_pages_own_municipalitys_files(
    client, bodo, karmoy, bodo_contributor, husbanken_editor, karmoy_files
):
    """A page that refers to another municipality's private files (saved before the
    form checked them, say) leaves them private when Husbanken approves it."""
    image, document = karmoy_files
    own_document = DocumentFactory(title="Bodøs rapport", collection=room_of(bodo))
    own_image = ImageFactory(title="Bodøs foto", collection=room_of(bodo))
    page = ExperienceArticlePageFactory(
        parent=bodo,
        title="Bodøs artikkel",
        live=False,
        no_identifiable_persons=True,
        body=[
            ("figure", {"image": image, "caption": ""}),
            ("figure", {"image": own_image, "caption": ""}),
            (
                "paragraph",
                RichText(
                    f'<p><a linktype="document" id="{document.pk}">Karmøys</a> og '
                    f'<a linktype="document" id="{own_document.pk}">vår</a>.</p>'
                ),
            ),
        ],
    )
    page.save_revision(user=bodo_contributor)
    bodo.get_workflow().start(page, bodo_contributor)
    page = ExperienceArticlePage.objects.get(pk=page.pk)
    client.force_login(husbanken_editor)
    task_state = page.current_workflow_state.current_task_state
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", task_state.pk],
        )
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live

    karmoy_room = room_of(karmoy)
    image.refresh_from_db()
    document.refresh_from_db()
    own_document.refresh_from_db()
    assert image.collection == karmoy_room
    assert document.collection == karmoy_room
    assert own_document.collection == room_of(bodo).get_parent()
    client.logout()
    assert client.get(document.url).status_code == 302  # to the sign-in
    assert client.get(image.file.url).status_code == 404
    assert client.get(own_document.url).status_code == 200
    own_image.refresh_from_db()
    assert client.get(own_image.file.url).status_code == 200

"""Files a municipality uploads stay private until Husbanken approves them.

Contributors upload into their municipality's private room (a collection only they
and Husbanken may see); a file becomes public when a page using it is published, that
is when Husbanken approves the page.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.sql import emit_post_migrate_signal
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission
from wagtail.permissions import policy_registry
from wagtail.rich_text import RichText

from learning import moderation, signals
from learning.models import ExperienceArticlePage
from tests.learning.factories import ExperienceArticlePageFactory
from tests.learning.test_moderation import member_of

pytestmark = pytest.mark.django_db

Document = get_document_model()
document_permissions = policy_registry.get_by_type(Document)
image_permissions = policy_registry.get_by_type(get_image_model())


@pytest.fixture
def moderation_ready(home_page):
    signals.set_up_moderation(sender=None)


@pytest.fixture
def contributor(karmoy, moderation_ready):
    return member_of(moderation.municipality_group_name(karmoy), "karmoy-bidrag")


@pytest.fixture
def husbanken_editor(moderation_ready):
    return member_of(moderation.HUSBANKEN_EDITORS, "husbanken-redaktor")


def rooms(municipality):
    group = Group.objects.get(name=moderation.municipality_group_name(municipality))
    room = moderation.upload_room(group)
    return room.get_parent(), room


def upload(client, title="Kartlegging 2016"):
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": title,
            "file": SimpleUploadedFile(
                "kartlegging.pdf", b"%PDF-1.4 test", content_type="application/pdf"
            ),
            "collection": Collection.objects.get(
                name=f"Karmøy{moderation.UPLOAD_ROOM_SUFFIX}"
            ).pk,
        },
    )
    assert response.status_code == 302
    return Document.objects.get(title=title)


def test_contributors_upload_only_into_their_private_room(
    client, contributor, karmoy, bergen
):
    own, room = rooms(karmoy)
    assert room.get_view_restrictions().exists()
    assert not own.get_view_restrictions().exists()
    for policy in (document_permissions, image_permissions):
        assert list(policy.collections_user_has_permission_for(contributor, "add")) == [
            room
        ]
        choosable = set(
            policy.collections_user_has_permission_for(contributor, "choose")
        )
        assert choosable == {own, room}
    # Not the root, nor Bergen's collections.
    assert not GroupCollectionPermission.objects.filter(
        group__user=contributor, collection__depth=1
    ).exists()
    bergen_own, bergen_room = rooms(bergen)
    assert bergen_room not in choosable

    client.force_login(contributor)
    document = upload(client)
    assert document.collection == room


def test_an_unapproved_document_is_not_public_until_its_page_is_approved(
    client, contributor, husbanken_editor, karmoy, bergen
):
    client.force_login(contributor)
    document = upload(client)

    # Neither the public nor another municipality can fetch it.
    client.logout()
    response = client.get(document.url)
    assert response.status_code == 302
    assert "login" in response.url
    client.force_login(member_of(moderation.municipality_group_name(bergen), "bergen"))
    assert client.get(document.url).status_code == 302
    client.force_login(contributor)
    assert client.get(document.url).status_code == 200

    page = ExperienceArticlePageFactory(
        parent=karmoy,
        title="Kartleggingen",
        live=False,
        body=[
            (
                "paragraph",
                RichText(
                    f'<p>Les <a linktype="document" id="{document.pk}">rapporten</a>.</p>'
                ),
            )
        ],
    )
    page.save_revision(user=contributor)
    karmoy.get_workflow().start(page, contributor)
    page = ExperienceArticlePage.objects.get(pk=page.pk)
    client.force_login(husbanken_editor)
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[
                page.pk,
                "approve",
                page.current_workflow_state.current_task_state.pk,
            ],
        )
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live

    document.refresh_from_db()
    assert document.collection == rooms(karmoy)[0]
    client.logout()
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


def test_husbanken_can_approve_a_file_by_moving_it(
    client, contributor, husbanken_editor, karmoy
):
    client.force_login(contributor)
    document = upload(client)
    # Their own upload, still waiting: they may correct it.
    assert document_permissions.user_has_permission_for_instance(
        contributor, "change", document
    )
    assert document_permissions.user_has_permission_for_instance(
        husbanken_editor, "change", document
    )
    client.force_login(husbanken_editor)
    response = client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": document.title, "collection": rooms(karmoy)[0].pk},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.collection == rooms(karmoy)[0]
    client.logout()
    assert client.get(document.url).status_code == 200
    # Approved files are not replaced behind Husbanken's back.
    assert not document_permissions.user_has_permission_for_instance(
        contributor, "change", document
    )


def test_migrate_moves_old_root_rights_to_the_municipalitys_own_collections(
    karmoy, moderation_ready
):
    group = Group.objects.get(name=moderation.municipality_group_name(karmoy))
    GroupCollectionPermission.objects.create(
        group=group,
        collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(codename="add_document"),
    )
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    own, room = rooms(karmoy)
    assert set(
        GroupCollectionPermission.objects.filter(group=group).values_list(
            "collection", "permission__codename"
        )
    ) == {
        (room.pk, "add_document"),
        (room.pk, "add_image"),
        (own.pk, "choose_document"),
        (own.pk, "choose_image"),
    }


def png(name="foto.png"):
    from io import BytesIO

    from PIL import Image as PILImage

    data = BytesIO()
    PILImage.new("RGB", (40, 30), "teal").save(data, "PNG")
    return SimpleUploadedFile(name, data.getvalue(), content_type="image/png")


def credit_field(client):
    from bs4 import BeautifulSoup

    page = BeautifulSoup(
        client.get(reverse("wagtailimages:add")).content, "html.parser"
    )
    return page.select_one("input[name=credit]")


def test_a_contributors_photo_is_credited_to_their_municipality(client, contributor):
    client.force_login(contributor)
    assert credit_field(client)["value"] == "Karmøy kommune"

    # The multiple upload sends the file alone: its credit is the municipality.
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": png("kaia.png"), "title": "Kaia i Kopervik"},
    )
    assert response.json()["success"], response.json()
    image = get_image_model().objects.get(title="Kaia i Kopervik")
    assert image.credit == "Karmøy kommune"
    assert image.credit_line == "Foto: Karmøy kommune"


def test_husbanken_editors_photos_are_credited_to_husbanken(client, husbanken_editor):
    client.force_login(husbanken_editor)
    assert credit_field(client)["value"] == "Husbanken"


def test_an_uploader_without_a_municipality_must_give_the_credit(client, karmoy):
    """Neither a municipality's contributor nor Husbanken's: no credit is assumed."""
    group = Group.objects.create(name="Fotografer")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupCollectionPermission.objects.create(
        group=group,
        collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(codename="add_image"),
    )
    photographer = member_of("Fotografer", "fotograf")
    client.force_login(photographer)
    assert not credit_field(client).get("value")

    root = Collection.get_first_root_node().pk
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Uten kreditering", "file": png(), "credit": "", "collection": root},
    )
    assert response.status_code == 200
    assert "Skriv hvem som tok bildet eller eier det" in response.content.decode()
    assert not get_image_model().objects.filter(title="Uten kreditering").exists()

    client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Med kreditering",
            "file": png(),
            "credit": "Ola Nordmann",
            "collection": root,
        },
    )
    assert get_image_model().objects.get(title="Med kreditering").credit == (
        "Ola Nordmann"
    )

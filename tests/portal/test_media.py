"""Uploaded images are served; documents only through /dokumenter/, which checks privacy.

Images in a restricted collection are not public at any address: they are served,
never cached, only to those the collection's restriction lets in, and their files
follow them when they change collection or their collection is closed.

The media address is the same in every setting (production has no DEBUG-only route):
the two-server test asks real production servers the same questions.
"""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management.sql import emit_post_migrate_signal
from wagtail.models import Collection, CollectionViewRestriction

from portal.models import PortalImage
from tests.factories import ImageFactory
from tests.learning.factories import DocumentFactory

pytestmark = pytest.mark.django_db

YEAR = 365 * 24 * 60 * 60


@pytest.fixture
def hero(home_page):
    image = ImageFactory(title="Samling i Bergen")
    home_page.hero_image = image
    home_page.save_revision().publish()
    return image


@pytest.fixture
def closed_collection(db):
    closed = Collection.get_first_root_node().add_child(name="Karmøy – til godkjenning")
    CollectionViewRestriction.objects.create(
        collection=closed, restriction_type=CollectionViewRestriction.LOGIN
    )
    return closed


def stored_bytes(name):
    with default_storage.open(name) as stored:
        return stored.read()


def image_on(client, path):
    page = BeautifulSoup(client.get(path).content, "html.parser")
    return page.select_one("figure img")["src"]


def test_a_rendition_on_a_page_is_served_with_far_future_caching(client, hero):
    address = image_on(client, "/")
    assert address.startswith("/media/images/")

    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")
    body = b"".join(response.streaming_content)
    assert body == stored_bytes(address.removeprefix("/media/"))
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert directives == {"public", f"max-age={YEAR}", "immutable"}


def test_the_original_image_is_served(client, hero):
    response = client.get(hero.file.url)
    assert hero.file.url.startswith("/media/original_images/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored_bytes(hero.file.name)
    assert "immutable" not in response["Cache-Control"]


def test_a_document_file_is_never_served_from_the_media_folder(client, db):
    document = DocumentFactory(title="Årsrapport")
    assert document.file.name.startswith("documents/")
    assert client.get(f"/media/{document.file.name}").status_code == 404


@pytest.mark.parametrize(
    "address",
    [
        "/media/images/../{name}",
        "/media/original_images/%2e%2e/{name}",
        "/media/images/..%2f{name}",
        "/media/./{name}",
        "/media/images//../{name}",
    ],
)
def test_no_address_leaves_the_image_folders(client, db, address):
    document = DocumentFactory(title="Årsrapport")
    response = client.get(address.format(name=document.file.name))
    assert response.status_code == 404
    assert b"%PDF" not in b"".join(getattr(response, "streaming_content", [b""]))


def test_a_missing_image_is_not_found(client, db):
    assert client.get("/media/images/finnes-ikke.png").status_code == 404


def test_a_public_document_is_served_by_the_portal(client, db):
    document = DocumentFactory(title="Årsrapport")
    response = client.get(document.url)
    assert document.url.startswith("/dokumenter/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


def test_a_private_document_is_not_served(client, closed_collection):
    document = DocumentFactory(title="Intern rapport", collection=closed_collection)
    response = client.get(document.url)
    assert response.status_code == 302  # to the sign-in, not the file
    assert "?next=/dokumenter/" in response["Location"]


def test_a_photo_without_description_is_decorative_not_its_title(client, home_page):
    """An empty alternative text renders alt="", never the file's title."""
    home_page.hero_image = ImageFactory(title="IMG_2041.jpg", description="")
    home_page.save_revision().publish()
    page = BeautifulSoup(client.get("/").content, "html.parser")
    image = page.select_one("figure img")
    assert image.has_attr("alt")
    assert image["alt"] == ""


def test_a_described_photo_has_its_description_as_alt(client, hero):
    page = BeautifulSoup(client.get("/").content, "html.parser")
    assert page.select_one("figure img")["alt"] == "Deltakere i samtale rundt et bord"


def test_an_image_in_a_restricted_collection_is_not_public(client, closed_collection):
    image = ImageFactory(
        title="Til godkjenning",
        collection=closed_collection,
        file__filename="kartlegging-2026.jpg",
    )
    rendition = image.get_rendition("fill-80x80")
    for address in (
        "/media/original_images/kartlegging-2026.jpg",
        image.file.url,
        f"/media/images/{rendition.file.name.rpartition('/')[2]}",
        rendition.url,
    ):
        response = client.get(address)
        assert response.status_code == 404, address

    # Whom the restriction lets in (anyone signed in, here) gets the files, uncached.
    client.force_login(get_user_model().objects.create_user("leser"))
    for item in (image, rendition):
        response = client.get(item.file.url if item is image else item.url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == stored_bytes(item.file.name)
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives
        assert "public" not in directives


def test_an_image_file_follows_its_collection(
    client, closed_collection, django_capture_on_commit_callbacks
):
    image = ImageFactory(title="Godkjent", collection=closed_collection)
    restricted_name = image.file.name
    with django_capture_on_commit_callbacks(execute=True):
        image.collection = Collection.get_first_root_node()
        image.save()
    assert client.get(image.file.url).status_code == 200
    assert image.file.url.startswith("/media/original_images/")
    assert not default_storage.exists(restricted_name)

    # Closing a collection takes its images out of the public folders.
    karmoy = Collection.get_first_root_node().add_child(name="Karmøy")
    photo = ImageFactory(title="Fra Karmøy", collection=karmoy)
    public_addresses = [photo.file.url, photo.get_rendition("fill-80x80").url]
    assert all(client.get(url).status_code == 200 for url in public_addresses)
    with django_capture_on_commit_callbacks(execute=True):
        CollectionViewRestriction.objects.create(
            collection=karmoy, restriction_type=CollectionViewRestriction.LOGIN
        )
    for url in public_addresses:
        assert client.get(url).status_code == 404
    photo.refresh_from_db()
    assert client.get(photo.file.url).status_code == 404
    assert client.get(photo.get_rendition("fill-80x80").url).status_code == 404


def test_an_image_moved_in_bulk_takes_its_file_along(
    admin_client, client, closed_collection, django_capture_on_commit_callbacks
):
    """Wagtail's «Add to collection» moves images with an UPDATE that saves none."""
    image = ImageFactory(title="Godkjent i bunt", collection=closed_collection)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/bulk/portal/portalimage/add_to_collection/?id={image.pk}",
            {"collection": Collection.get_first_root_node().pk},
        )
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.file.name.startswith("original_images/")
    assert client.get(image.file.url).status_code == 200


def test_migrate_moves_images_uploaded_before_restricted_files_had_a_folder(
    client, closed_collection, django_capture_on_commit_callbacks
):
    image = ImageFactory(title="Lastet opp i fjor")
    PortalImage.objects.filter(pk=image.pk).update(collection=closed_collection)
    public_address = image.file.url
    assert client.get(public_address).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert client.get(public_address).status_code == 404
    image.refresh_from_db()
    assert image.file.name.startswith("restricted/original_images/")

"""Uploaded images are served; documents only through /dokumenter/, which checks privacy.

The media address is the same in every setting (production has no DEBUG-only route):
the two-server test asks real production servers the same questions.
"""

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import default_storage
from wagtail.models import Collection, CollectionViewRestriction

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

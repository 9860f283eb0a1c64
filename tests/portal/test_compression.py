"""Text leaves the server compressed when the browser accepts it; images do not.

Django's GZip middleware (with its mitigation of BREACH: a random-length header in
each compressed answer) sits inside whitenoise and outside the page cache, so a kept
page is kept once and compressed for each browser that asks for it.
"""

import gzip

from tests.factories import ImageFactory, StandardPageFactory

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_a_page_is_compressed_for_a_browser_that_accepts_it(
    client, home_page, settings
):
    settings.PAGE_CACHE_SECONDS = 60
    StandardPageFactory(parent=home_page, title="Om programmet", slug="om")
    plain = client.get("/om/")
    assert "Content-Encoding" not in plain
    compressed = client.get("/om/", **GZIP)
    assert compressed["X-Cache"] == "hit"  # kept once, compressed when sent
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 2


def test_feeds_and_the_api_are_compressed_too(client, home_page):
    for address in ("/rss/", "/api/v2/pages/", "/sitemap.xml"):
        response = client.get(address, **GZIP)
        assert response.status_code == 200, address
        assert response["Content-Encoding"] == "gzip", address


def test_an_image_is_sent_as_it_is(client, home_page):
    image = ImageFactory(title="Samling i Bergen")
    rendition = image.get_rendition("width-400")
    response = client.get(rendition.url, **GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response

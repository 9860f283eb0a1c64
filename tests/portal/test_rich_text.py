"""Links to pages in rich text lead to the pages, read in one query."""

import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    MunicipalityIndexPageFactory,
    MunicipalityPageFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db


def test_links_to_pages_of_every_kind_lead_to_their_addresses(client, home_page):
    municipalities = MunicipalityIndexPageFactory(parent=home_page)
    karmoy = MunicipalityPageFactory(parent=municipalities, title="Karmøy")
    about = StandardPageFactory(parent=home_page, title="Om programmet")
    gone = StandardPageFactory(parent=home_page, title="Slettet")
    gone_id = gone.pk
    gone.delete()
    text = (
        f'<p><a linktype="page" id="{karmoy.pk}">Karmøy</a>, '
        f'<a linktype="page" id="{about.pk}">om programmet</a> og '
        f'<a linktype="page" id="{gone_id}">en slettet side</a>.</p>'
    )
    page = StandardPageFactory(
        parent=home_page,
        title="Lenker",
        body=json.dumps([{"type": "paragraph", "value": text}]),
    )

    with CaptureQueriesContext(connection) as queries:
        html = BeautifulSoup(client.get(page.url).content, "html.parser")
    links = html.find("main").find_all("a", string=True)
    assert [(link.get_text(), link.get("href")) for link in links][-3:] == [
        ("Karmøy", karmoy.url),
        ("om programmet", about.url),
        ("en slettet side", None),
    ]
    linked = [query for query in queries if f"{karmoy.pk}, {about.pk}" in query["sql"]]
    assert len(linked) == 1
    # An address needs no page's own table.
    assert not any('"portal_municipalitypage"' in query["sql"] for query in queries)

"""Views that are not Wagtail pages have a canonical link and Open Graph too."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from demo.loader import calculator_rates


@pytest.fixture
def public_address(settings, home_page):
    settings.PORTAL_BASE_URL = "https://boligsosial.example.no"


@pytest.mark.parametrize(
    ("name", "query", "title"),
    [
        ("topics", "", "Tema"),
        ("person_index", "", "Personer"),
        ("search", "?q=bolig", None),
        ("calculator", "?homes=4", "Kalkulator"),
        ("programme_results", "?type=", "Resultater"),
    ],
)
def test_canonical_and_open_graph_on_the_configured_address(
    client, public_address, name, query, title
):
    calculator_rates()
    address = reverse(name)
    response = client.get(address + query)
    assert response.status_code == 200
    head = BeautifulSoup(response.content, "html.parser").head
    canonical = f"https://boligsosial.example.no{address}"
    assert head.find("link", rel="canonical")["href"] == canonical
    assert head.find("meta", property="og:url")["content"] == canonical
    og_title = head.find("meta", property="og:title")["content"]
    assert og_title and (title is None or og_title.startswith(title))

"""The pagination every list shares (templates/components/pagination.html)."""

import pytest
from bs4 import BeautifulSoup
from django.core.paginator import Paginator
from django.template.loader import render_to_string


def links(number, pages=12):
    page = Paginator(range(pages * 10), 10).page(number)
    html = render_to_string(
        "components/pagination.html", {"page_obj": page, "querystring": "q=bolig&"}
    )
    nav = BeautifulSoup(html, "html.parser").find("nav")
    items = [li.get_text(strip=True) for li in nav.find_all("li")]
    current = nav.find("a", attrs={"aria-current": "page"})
    return items, current


@pytest.mark.parametrize(
    "number, shown",
    [
        (1, ["", "1", "2", "3", "…", "12", "Neste"]),
        (6, ["Forrige", "1", "…", "4", "5", "6", "7", "8", "…", "12", "Neste"]),
        (12, ["Forrige", "1", "…", "10", "11", "12", ""]),
    ],
)
def test_the_current_page_is_marked_among_its_neighbours(number, shown):
    items, current = links(number)
    assert items == shown
    assert current.get_text() == str(number)
    assert current["href"] == f"?q=bolig&side={number}"
    assert current["data-variant"] == "primary"

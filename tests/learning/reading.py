"""Reading what knowledge pages show: the sections of a page, the items of a feed and the
site search's hits."""

import datetime
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

from bs4 import BeautifulSoup
from django.utils import timezone

ATOM_LINK = "{http://www.w3.org/2005/Atom}link"
SEARCH_URL = "/sok/"


def sections(response):
    """[(heading, [item titles], "see all" href or None)] of the registry sections."""
    soup = BeautifulSoup(response.content, "html.parser")
    found = []
    for section in soup.select("main section.section"):
        heading = section.find("h2")
        more = section.find(
            "a", string=lambda text: text and text.startswith("Se alle")
        )
        found.append(
            (
                heading.get_text(strip=True),
                [h3.get_text(strip=True) for h3 in section.select("li h3")],
                more["href"] if more else None,
            )
        )
    return found


def section_items(response, heading):
    matches = [items for title, items, _ in sections(response) if title == heading]
    assert len(matches) == 1, f"no single section «{heading}» in {sections(response)}"
    return matches[0]


def ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def parse_feed(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    channel = root.find("channel")
    items = []
    for item in channel.findall("item"):
        link = item.findtext("link")
        assert link.startswith("http://testserver/")
        items.append(
            {
                "title": item.findtext("title"),
                "link": link,
                "published": parsedate_to_datetime(item.findtext("pubDate")),
                "category": item.findtext("category"),
            }
        )
    return channel, items


def result_titles(client, **params):
    """The titles the site search finds, sorted."""
    response = client.get(SEARCH_URL, params)
    assert response.status_code == 200
    if response.context["results_page"] is None:
        return []
    return sorted(page.title for page in response.context["results_page"].object_list)

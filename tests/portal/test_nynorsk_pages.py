"""Pages of the demo site in nynorsk show no bokmål interface text: no text the
catalogue translates, and no bokmål-only word in the parts every page shares (the
site's header and footer, forms). Its own module: the demo site is the module's
database (``demo_site``)."""

import html as html_entities
import re
from html.parser import HTMLParser

import pytest

from tests.nynorsk import bokmal_words
from tests.portal.test_nynorsk import _catalogue


@pytest.fixture(scope="module")
def translated():
    """{bokmål: nynorsk} of every text the catalogue translates to something else."""
    return {
        message.id: message.string
        for message in _catalogue("nn")
        if message.id and isinstance(message.id, str) and message.string != message.id
    }


class _Parts(HTMLParser):
    """The interface text of the parts every page shares: the site's header and
    footer, and forms. What is marked as in another language (a page's title, in its
    own) and a form's options (themes, municipalities: content) are left out."""

    VOID = {
        "area",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
    }
    SHARED_CLASSES = {"site-header", "site-footer"}
    CONTENT = {"option", "optgroup", "datalist"}

    def __init__(self, everywhere=False):
        super().__init__()
        self.everywhere = everywhere  # the whole page, not only the shared parts
        self.open = []  # (tag, shared, left out)
        self.text = []

    def _counted(self):
        shared = any(shared for _tag, shared, _out in self.open)
        return shared and not any(out for _tag, _shared, out in self.open)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in self.VOID:
            classes = set((attrs.get("class") or "").split())
            shared = (
                self.everywhere or tag == "form" or bool(classes & self.SHARED_CLASSES)
            )
            out = attrs.get("lang", "nn") != "nn" or tag in self.CONTENT
            self.open.append((tag, shared, out))
        if self._counted():
            for name in ("aria-label", "placeholder", "title"):
                if attrs.get(name):
                    self.text.append(attrs[name])

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self._counted():
            self.text.append(data)


def visible_text(html):
    """The page's text as a reader sees it, on one line: no tags, no scripts."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    text = html_entities.unescape(re.sub(r"<[^>]+>", " ", html))
    return " ".join(text.split())


def _shared_texts(html, everywhere=False):
    """The interface texts of the shared parts (or of the whole page), one by one."""
    parts = _Parts(everywhere)
    parts.feed(re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL))
    return [" ".join(text.split()) for text in parts.text if text.strip()]


def interface_text(html):
    """The page's text but what is marked as in another language (content written
    in bokmål), on one line."""
    text = " ".join(_shared_texts(html, everywhere=True))
    return html_entities.unescape(" ".join(text.split()))


PAGES = [
    "/nn/",
    "/nn/erfaringer/",
    "/nn/gode-eksempler/?tema=bostedslose",
    "/nn/kommuner/",
    "/nn/kommuner/karmoy/",
    "/nn/personer/",
    "/nn/tema/",
    "/nn/sok/?q=bolig",
    "/nn/sok/?q=sjiraffunge",
    "/nn/kalkulator/",
    "/nn/resultater/",
    "/nn/apne-data/",
    "/nn/finnes-ikke/",
    "/nn/samlinger/",
    "/nn/samlinger/oppstartsamling-for-nye-programkommuner/",
    "/nn/samlinger/oppstartsamling-for-nye-programkommuner/rapport/",
    "/nn/presentasjoner/",
    "/nn/personer/sverre-hoynes/",
    "/nn/kommuner/karmoy/avtaler-med-private-utleiere/",
    "/nn/kommuner/karmoy/det-vi-laerte-av-a-leie-av-private/",
]


@pytest.mark.parametrize("address", PAGES)
def test_a_page_in_nynorsk_has_no_bokmal_interface_text(
    address, client, demo_once, translated
):
    response = client.get(address)
    assert response.status_code == (404 if "finnes-ikke" in address else 200)
    html = response.content.decode()
    text = interface_text(html)
    left = [
        bokmal
        for bokmal in translated
        if "%" not in bokmal and len(bokmal.split()) >= 3 and bokmal in text
    ]
    assert left == []
    assert [text for text in _shared_texts(html) if bokmal_words(text)] == []

"""Bokmål and nynorsk (the language act's § 14): the interface in both, chosen by the
reader on every page.

- Bokmål at the portal's own addresses, nynorsk below /nn/; ``<html lang>``, the choice
  «Bokmål | Nynorsk» and the ``hreflang`` alternates follow the address.
- Every text of the portal has its nynorsk in the catalogue (``make messages``).
- A page in nynorsk shows no bokmål interface text (tests/portal/test_nynorsk_pages.py).
- A page's own text keeps its written standard, marked where the interface differs.
- Editors see each standard's share of the published text (Rapporter).
- What is cached is kept apart for each written standard.
"""

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.core.management import call_command
from django.utils import translation

from portal import written_standards
from tests.factories import MunicipalityPageFactory, StandardPageFactory
from tests.learning.factories import (
    ExperienceArticlePageFactory,
    ExperienceIndexPageFactory,
)

ROOT = Path(__file__).resolve().parent.parent.parent

# What makemessages reads: the portal's own code and templates.
IGNORED = [".venv/*", "node_modules/*", "static/*", "staticfiles/*", "media/*"]
IGNORED += ["tmp/*", "tests/*", "bench/*", "templates/wagtailadmin/*"]


def _catalogue(language):
    with open(ROOT / "locale" / language / "LC_MESSAGES" / "django.po", "rb") as po:
        return read_po(po)


def _bokmal_for_english(message_id):
    """Whether ``message_id`` is English that the admin shows in bokmål (Wagtail's
    own texts in the portal's admin templates): without nynorsk, it falls back to
    that bokmål."""
    if not isinstance(message_id, str):
        return False
    with translation.override("nb"):
        return translation.gettext(message_id) != message_id


@pytest.fixture
def catalogue_copy(settings):
    """A copy of the nynorsk catalogue for makemessages to bring up to date.

    makemessages writes a file's texts to the first of the locale folders whose parent
    holds the file, a folder named locale that it walks past first: the copy sits
    directly in the project's folder, and locale/ is not walked."""
    folder = Path(tempfile.mkdtemp(dir=ROOT, prefix=".messages-"))
    target = folder / "nn" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(ROOT / "locale" / "nn" / "LC_MESSAGES" / "django.po", target)
    settings.LOCALE_PATHS = [folder, *settings.LOCALE_PATHS]
    try:
        yield target / "django.po"
    finally:
        shutil.rmtree(folder)


def test_every_text_of_the_portal_has_its_nynorsk(catalogue_copy, monkeypatch):
    """makemessages over the code finds no text the nynorsk catalogue lacks, but
    Wagtail's English in the admin's templates, which falls back to its bokmål."""
    before = (ROOT / "locale" / "nn" / "LC_MESSAGES" / "django.po").read_bytes()
    monkeypatch.chdir(ROOT)
    call_command(
        "makemessages",
        locale=["nn"],
        no_obsolete=True,
        ignore_patterns=[*IGNORED, "locale"],
        verbosity=0,
    )
    assert (ROOT / "locale" / "nn" / "LC_MESSAGES" / "django.po").read_bytes() == before
    with open(catalogue_copy, "rb") as po:
        extracted = read_po(po)
    assert len(extracted) > 500  # the texts were read
    missing = [
        message.id
        for message in extracted
        if message.id
        and (not message.string or message.fuzzy)
        and not _bokmal_for_english(message.id)
    ]
    assert missing == []


class TestInTheBrowsersAddress:
    def test_bokmal_at_its_own_address_and_nynorsk_below_nn(self, client, home_page):
        bokmal = client.get("/").content.decode()
        nynorsk = client.get("/nn/").content.decode()
        assert '<html lang="nb"' in bokmal
        assert '<html lang="nn"' in nynorsk
        assert "Hopp til hovedinnholdet" in bokmal
        assert "Hopp til hovudinnhaldet" in nynorsk

    def test_each_page_offers_the_other_standard_and_names_both(
        self, client, home_page
    ):
        html = client.get("/nn/sok/?q=bolig").content.decode()
        assert re.search(
            r'<a class="ds-link" href="/sok/\?q=bolig" lang="nb" hreflang="nb">'
            r"Bokmål</a>",
            html,
        )
        assert 'href="/nn/sok/?q=bolig" lang="nn" aria-current="true">Nynorsk<' in html
        assert re.search(r'hreflang="nb" href="https?://[^"]+/sok/"', html)
        assert re.search(r'hreflang="nn" href="https?://[^"]+/nn/sok/"', html)

    def test_links_keep_the_reader_in_nynorsk(self, client, home_page):
        html = client.get("/nn/").content.decode()
        assert 'class="site-name" href="/nn/"' in html
        assert 'action="/nn/sok/"' in html

    def test_what_is_kept_in_the_cache_is_kept_for_each_standard(
        self, client, home_page, redis_cache
    ):
        """The header's menu and the other fragments are cached: the nynorsk page
        after the bokmål one still shows its own texts and addresses."""
        client.get("/")
        nynorsk = client.get("/nn/").content.decode()
        client.get("/nn/")
        bokmal = client.get("/").content.decode()
        assert "Hopp til hovudinnhaldet" in nynorsk
        assert "Hopp til hovedinnholdet" in bokmal
        assert "Hopp til hovudinnhaldet" not in bokmal


class TestContentKeepsItsOwnStandard:
    """A page's text is in its own written standard (its own choice, else its
    municipality's adopted one, else bokmål), marked so where the interface around it
    is in the other."""

    @pytest.fixture
    def voss(self, municipality_index):
        return MunicipalityPageFactory(
            parent=municipality_index,
            title="Voss herad",
            adopted_standard="nn",
            adopted_standard_source="Språkrådet, målvedtak i kommunane",
        )

    @pytest.fixture
    def article(self, voss):
        return ExperienceArticlePageFactory(
            parent=voss,
            municipality=voss,
            title="Korleis vi fann bustader",
            intro="Ei kort ingress.",
        )

    def test_a_page_of_a_nynorsk_municipality_is_in_nynorsk(self, article, voss):
        assert article.written_standard == "nn"
        assert voss.written_standard == "nn"

    def test_its_own_choice_comes_first_and_bokmal_is_the_default(
        self, article, home_page
    ):
        article.language = "nb"
        assert article.written_standard == "nb"
        neutral = MunicipalityPageFactory(
            parent=article.get_parent().get_parent(), adopted_standard="neutral"
        )
        assert neutral.written_standard == "nb"
        assert home_page.specific.written_standard == "nb"

    def test_nynorsk_text_in_the_bokmal_interface_is_marked(self, client, article):
        html = client.get(article.url).content.decode()
        assert '<html lang="nb"' in html
        assert (
            '<h1 class="ds-heading" data-size="lg" lang="nn">'
            "Korleis vi fann bustader</h1>"
        ) in html
        assert '<p class="lead" lang="nn">Ei kort ingress.</p>' in html
        assert '<div class="prose" lang="nn">' in html

    def test_in_the_nynorsk_interface_it_needs_no_mark_and_bokmal_does(
        self, client, article, home_page
    ):
        bokmal_page = StandardPageFactory(parent=home_page, title="Om programmet")
        addresses = [f"/nn{article.url}", f"/nn{bokmal_page.url}"]
        nynorsk, bokmal = (client.get(url).content.decode() for url in addresses)
        assert '<h1 class="ds-heading" data-size="lg">Korleis vi fann' in nynorsk
        assert '<h1 class="ds-heading" data-size="lg" lang="nb">Om programmet' in bokmal

    def test_in_a_list_each_item_is_marked_in_its_own_standard(
        self, client, article, home_page
    ):
        index = ExperienceIndexPageFactory(parent=home_page, title="Erfaringer")
        ExperienceArticlePageFactory(parent=index, title="Slik fant vi boliger")
        address = article.url
        bokmal = client.get(index.url).content.decode()
        nynorsk = client.get(f"/nn{index.url}").content.decode()
        assert f'href="{address}" lang="nn">Korleis vi fann bustader<' in bokmal
        assert '<p class="ds-paragraph" data-size="sm" lang="nn">Ei kort' in bokmal
        assert re.search(r'href="/nn/[^"]+" lang="nb">Slik fant vi boliger<', nynorsk)
        assert re.search(r'href="/nn/[^"]+">Korleis vi fann bustader<', nynorsk)

    def test_a_search_result_is_marked_in_its_own_standard(self, client, article):
        html = client.get("/sok/?q=bustader").content.decode()
        assert f'href="{article.url}" lang="nn">Korleis vi fann bustader<' in html

    def test_the_kept_table_of_adopted_standards_follows_a_change(self, voss):
        assert written_standards.adopted()[voss.pk] == "nn"
        voss.adopted_standard = "neutral"
        voss.save_revision().publish()
        assert voss.pk not in written_standards.adopted()


class TestTheShareOfEachStandard:
    """«Bokmål og nynorsk» under Rapporter: the words of the published text in each
    standard, in all and by year, with a warning under 25 %."""

    def test_a_pages_words_are_its_title_and_the_texts_search_reads(self, home_page):
        page = StandardPageFactory(
            parent=home_page, title="Om programmet", intro="En to tre.", body=[]
        )
        assert written_standards.page_words(page) == 5

    def test_each_page_counts_in_its_standard_by_the_year_first_published(
        self, home_page, municipality_index
    ):
        voss = MunicipalityPageFactory(
            parent=municipality_index, title="Voss herad", adopted_standard="nn"
        )
        article = ExperienceArticlePageFactory(
            parent=voss, municipality=voss, title="Korleis vi fann bustader"
        )
        hidden = StandardPageFactory(parent=home_page, title="Kladd", live=False)
        total, years = written_standards.shares()

        nynorsk = written_standards.page_words(voss) + written_standards.page_words(
            article
        )
        assert total.words["nn"] == nynorsk
        assert total.words["nb"] > 0
        assert written_standards.page_words(hidden) > 0
        assert sum(share.total for share in years) == total.total
        by_year = {share.label: share for share in years}
        this_year = by_year[str(article.first_published_at.year)]
        assert this_year.words["nn"] >= written_standards.page_words(article)

    def test_the_report_warns_under_a_quarter(self, admin_client, home_page):
        StandardPageFactory(parent=home_page, title="Berre bokmål her")
        html = admin_client.get("/admin/malform/").content.decode()
        text = " ".join(html.split())
        assert "Under 25 prosent i alt: nynorsk." in text
        assert "0 ord (0,0 %) <strong>– under 25 %</strong>" in text
        assert "/admin/malform/" in admin_client.get("/admin/").content.decode()

    def test_only_those_who_see_reports_see_it(self, client, django_user_model):
        user = django_user_model.objects.create_user("redaktor", password="x" * 20)
        client.force_login(user)
        assert client.get("/admin/malform/").status_code in (302, 403)

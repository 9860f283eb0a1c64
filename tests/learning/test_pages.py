"""Every learning page type: where it may live, that it renders, that editors create it."""

import datetime

from bs4 import BeautifulSoup
from django.urls import reverse
from taggit.models import Tag
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from learning.models import (
    ExperienceArticlePage,
    ExperienceIndexPage,
    GoodPracticeIndexPage,
    GoodPracticePage,
    MunicipalityResultsPage,
    PracticeStatus,
    PresentationIndexPage,
    PresentationPage,
)
from portal.models import County, HomePage, MunicipalityPage, StandardPage
from portal.site_root import ensure_home_page
from tests.factories import (
    MunicipalityIndexPageFactory,
    MunicipalityPageFactory,
    PersonFactory,
    ProgrammeGoalFactory,
    TargetGroupFactory,
)
from tests.learning.factories import (
    DocumentFactory,
    ExperienceArticlePageFactory,
    ExperienceIndexPageFactory,
    GoodPracticeFigureFactory,
    GoodPracticeIndexPageFactory,
    GoodPracticePageFactory,
    PresentationIndexPageFactory,
    PresentationPageFactory,
)


def form_data(data, **choices):
    """Admin form data; ``choices`` are multiple-choice fields (lists of pks), which
    nested_form_data would otherwise flatten into ``field-0`` keys."""
    flat = nested_form_data(data)
    flat.update(choices)
    return flat


def add_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add",
        args=[model._meta.app_label, model._meta.model_name, parent.pk],
    )


class LearningPageTestCase(WagtailPageTestCase):
    def setUp(self):
        self.home = ensure_home_page()
        self.municipalities = MunicipalityIndexPageFactory(parent=self.home)
        self.karmoy = MunicipalityPageFactory(
            parent=self.municipalities,
            title="Karmøy",
            slug="karmoy",
            municipality_number="1149",
            county=County.ROGALAND,
        )
        self.bergen = MunicipalityPageFactory(
            parent=self.municipalities,
            title="Bergen",
            slug="bergen",
            municipality_number="4601",
            county=County.VESTLAND,
        )
        self.login()


class TestIndexPages(LearningPageTestCase):
    INDEXES = (
        (ExperienceIndexPage, ExperienceArticlePage, "Erfaringer", "erfaringer"),
        (GoodPracticeIndexPage, GoodPracticePage, "Gode eksempler", "gode-eksempler"),
        (
            PresentationIndexPage,
            PresentationPage,
            "Presentasjoner",
            "presentasjoner",
        ),
    )

    def test_tree_rules(self):
        for index_model, item_model, _, _ in self.INDEXES:
            with self.subTest(index_model.__name__):
                self.assertAllowedParentPageTypes(index_model, {HomePage})
                self.assertAllowedSubpageTypes(index_model, {item_model})
                self.assertCanNotCreateAt(StandardPage, index_model)
                self.assertCanNotCreateAt(MunicipalityPage, index_model)

    def test_editor_can_create_each_once_and_it_renders(self):
        for index_model, _, title, slug in self.INDEXES:
            with self.subTest(index_model.__name__):
                self.assertCanCreate(
                    self.home,
                    index_model,
                    nested_form_data(
                        {"title": title, "slug": slug, "intro": f"Alle {slug}."}
                    ),
                )
                page = index_model.objects.get(slug=slug)
                assert page.live
                assert page.url == f"/{slug}/"
                response = self.client.get(page.url)
                self.assertContains(
                    response,
                    f'<h1 class="ds-heading" data-size="lg">{title}</h1>',
                    html=True,
                )
                self.assertContains(response, "0 treff")
                # max_count = 1: a second one is not offered.
                assert not index_model.can_create_at(self.home)

    def test_renders_empty_and_full(self):
        experiences = ExperienceIndexPageFactory(parent=self.home)
        self.assertPageIsRenderable(experiences)
        self.assertPageIsRenderable(GoodPracticeIndexPageFactory(parent=self.home))
        self.assertPageIsRenderable(PresentationIndexPageFactory(parent=self.home))
        ExperienceArticlePageFactory(
            parent=self.karmoy, title="Fra midlertidig til varig"
        )
        response = self.client.get(experiences.url)
        self.assertContains(response, "Fra midlertidig til varig")
        self.assertContains(response, "1 treff")


class TestExperienceArticlePage(LearningPageTestCase):
    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(
            ExperienceArticlePage, {MunicipalityPage, ExperienceIndexPage}
        )
        self.assertAllowedSubpageTypes(ExperienceArticlePage, set())
        self.assertCanNotCreateAt(HomePage, ExperienceArticlePage)
        self.assertCanNotCreateAt(GoodPracticeIndexPage, ExperienceArticlePage)
        self.assertAllowedSubpageTypes(
            MunicipalityPage,
            {ExperienceArticlePage, GoodPracticePage, MunicipalityResultsPage},
        )

    def test_renders_with_its_facts(self):
        author = PersonFactory(name="Kari Nordmann")
        page = ExperienceArticlePageFactory(
            parent=self.karmoy,
            title="Bo først i Karmøy",
            date=datetime.date(2016, 3, 1),
            authors=[author],
            target_groups=[TargetGroupFactory(name="Unge med rusproblemer")],
            tags=["Bostedsløse"],
        )
        self.assertPageIsRenderable(page)
        response = self.client.get(page.url)
        self.assertContains(response, "Bo først i Karmøy")
        self.assertContains(response, "1. mars 2016")
        self.assertContains(
            response,
            f'<a class="ds-link" href="{author.get_absolute_url()}">Kari Nordmann</a>',
            html=True,
        )
        self.assertContains(
            response,
            f'<a class="ds-link" href="{self.karmoy.url}">Karmøy</a>',
            html=True,
        )
        self.assertContains(response, "Unge med rusproblemer")
        theme = page.tags.get()
        self.assertContains(
            response,
            f'<a class="ds-tag" data-color="neutral" href="{reverse("topic", args=[theme.slug])}">'
            "Bostedsløse</a>",
            html=True,
        )

    def test_municipality_comes_from_the_parent(self):
        page = ExperienceArticlePageFactory(parent=self.karmoy)
        assert page.municipality_id == self.karmoy.pk
        # Even when another one is chosen: the page lives in Karmøy's room.
        page.municipality = self.bergen
        page.save()
        page.refresh_from_db()
        assert page.municipality_id == self.karmoy.pk

    def test_contributor_form_creates_it_below_a_municipality(self):
        # Pages take only themes that exist (learning.themes).
        for name in ("Ventelister", "Gjennomstrømning"):
            Tag.objects.get_or_create(name=name)
        author = PersonFactory(name="Ola Nordmann")
        target_group = TargetGroupFactory(name="Barnefamilier")
        practice = GoodPracticePageFactory(parent=self.karmoy, title="Boligkontoret")
        self.assertCanCreate(
            self.karmoy,
            ExperienceArticlePage,
            form_data(
                {
                    "title": "Slik fikk vi ned ventetiden",
                    "slug": "ventetiden",
                    "intro": "Om ventelisten til kommunale utleieboliger.",
                    "body": streamfield(
                        [
                            ("heading", {"text": "Utgangspunktet", "level": "h2"}),
                            ("paragraph", rich_text("<p>Ventelisten var lang.</p>")),
                        ]
                    ),
                    "date": "2016-04-12",
                    "municipality": self.bergen.pk,
                    "tags": "Ventelister, Gjennomstrømning",
                    "no_identifiable_persons": "on",
                },
                authors=[author.pk],
                target_groups=[target_group.pk],
                related_practices=[practice.pk],
            ),
        )
        page = ExperienceArticlePage.objects.get(slug="ventetiden")
        assert page.live
        assert page.municipality_id == self.karmoy.pk
        assert page.date == datetime.date(2016, 4, 12)
        assert list(page.authors.all()) == [author]
        assert sorted(tag.name for tag in page.tags.all()) == [
            "Gjennomstrømning",
            "Ventelister",
        ]
        assert list(page.target_groups.all()) == [target_group]
        assert list(page.related_practices.all()) == [practice]
        response = self.client.get(page.url)
        self.assertContains(response, "Ventelisten var lang.")
        self.assertContains(response, "Gode eksempler fra artikkelen")
        self.assertContains(response, "Boligkontoret")

    def test_husbanken_writes_it_in_the_list_and_chooses_a_municipality(self):
        index = ExperienceIndexPageFactory(parent=self.home)
        self.assertCanCreate(
            index,
            ExperienceArticlePage,
            nested_form_data(
                {
                    "title": "Erfaringer fra Bergen",
                    "slug": "bergen",
                    "body": streamfield([]),
                    "date": "2017-01-02",
                    "municipality": self.bergen.pk,
                    "tags": "",
                    "no_identifiable_persons": "on",
                }
            ),
        )
        page = ExperienceArticlePage.objects.get(slug="bergen")
        assert page.url == "/erfaringer/bergen/"
        assert page.municipality_id == self.bergen.pk


class TestGoodPracticePage(LearningPageTestCase):
    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(
            GoodPracticePage, {MunicipalityPage, GoodPracticeIndexPage}
        )
        self.assertAllowedSubpageTypes(GoodPracticePage, set())
        self.assertCanNotCreateAt(ExperienceIndexPage, GoodPracticePage)

    def test_renders_structure_and_figures(self):
        contact = PersonFactory(name="Siri Kontakt")
        page = GoodPracticePageFactory(
            parent=self.karmoy,
            title="Boligkontoret",
            period_start=2014,
            period_end=2016,
            status=PracticeStatus.ENDED,
            contact_person=contact,
            results="<p>Færre bor midlertidig.</p>",
            programme_goals=[
                ProgrammeGoalFactory(name="Alle skal ha et godt sted å bo")
            ],
        )
        GoodPracticeFigureFactory(page=page, before_value=40, after_value=12)
        self.assertPageIsRenderable(page)
        response = self.client.get(page.url)
        self.assertContains(response, "For mange ventet for lenge på hjelp.")
        self.assertContains(response, "Færre bor midlertidig.")
        self.assertContains(response, "<dd>2014–2016</dd>", html=True)
        self.assertContains(response, "<dd>Avsluttet</dd>", html=True)
        self.assertContains(response, "Alle skal ha et godt sted å bo")
        self.assertContains(response, "Siri Kontakt")
        self.assertContains(
            response,
            "<tr><th scope='row'>Husstander i midlertidig bolig over tre måneder</th>"
            "<td>40 husstander (2014)</td><td>12 husstander (2016)</td></tr>",
            html=True,
        )

    def test_shows_its_vocabularies_in_their_order_and_its_themes(self):
        later = TargetGroupFactory(name="Alle", sort_order=2)
        first = TargetGroupFactory(name="Unge", sort_order=1)
        page = GoodPracticePageFactory(
            parent=self.karmoy,
            target_groups=[later, first],
            programme_goals=[ProgrammeGoalFactory(name="Bo godt")],
            tags=["leie", "Bostøtte"],
        )
        response = self.client.get(page.url)
        # Read together in one query, each in its own order.
        self.assertContains(
            response, "<dt>Målgrupper</dt><dd>Unge, Alle</dd>", html=True
        )
        self.assertContains(response, "<dt>Programmål</dt><dd>Bo godt</dd>", html=True)
        html = BeautifulSoup(response.content, "html.parser")
        themes = html.find("article").find("ul", attrs={"aria-label": "Temaer"})
        assert [link.get_text() for link in themes.find_all("a")] == [
            "Bostøtte",
            "leie",
        ]

    def test_editor_can_create_it_with_figures(self):
        # Pages take only themes that exist (learning.themes).
        for name in ["Boveiledning"]:
            Tag.objects.get_or_create(name=name)
        contact = PersonFactory(name="Per Kontakt")
        goal = ProgrammeGoalFactory(name="Alle skal ha et godt sted å bo")
        target_group = TargetGroupFactory(name="Bostedsløse")
        self.assertCanCreate(
            self.karmoy,
            GoodPracticePage,
            form_data(
                {
                    "title": "Boveiledning i egen bolig",
                    "slug": "boveiledning",
                    "intro": "Oppfølging i hjemmet.",
                    "problem": rich_text("<p>Mange mistet boligen.</p>"),
                    "measures": rich_text("<p>Vi ga boveiledning.</p>"),
                    "results": rich_text("<p>Færre utkastelser.</p>"),
                    "resources": rich_text("<p>To stillinger.</p>"),
                    "transfer": rich_text(""),
                    "calculations": streamfield([]),
                    "outcomes": inline_formset([]),
                    "figures": inline_formset(
                        [
                            {
                                "indicator": "Utkastelser per år",
                                "unit": "husstander",
                                "before_value": "14",
                                "before_year": "2014",
                                "after_value": "3",
                                "after_year": "2017",
                            }
                        ]
                    ),
                    "date": "2018-02-01",
                    "contact_person": contact.pk,
                    "period_start": "2014",
                    "period_end": "",
                    "status": PracticeStatus.ESTABLISHED,
                    "adapted_from": "",
                    "tags": "Boveiledning",
                    "no_identifiable_persons": "on",
                },
                target_groups=[target_group.pk],
                programme_goals=[goal.pk],
            ),
        )
        page = GoodPracticePage.objects.get(slug="boveiledning")
        assert page.live
        assert page.municipality_id == self.karmoy.pk
        assert page.period == "Fra 2014"
        figure = page.figures.get()
        assert (figure.before_value, figure.after_value) == (14, 3)
        assert list(page.programme_goals.all()) == [goal]
        assert list(page.target_groups.all()) == [target_group]
        assert page.contact_person == contact
        response = self.client.get(page.url)
        self.assertContains(response, "Utkastelser per år")
        self.assertContains(response, "<dd>Fast drift</dd>", html=True)

    def _post_practice(self, **changes):
        data = {
            "title": "Feil årstall",
            "slug": "feil",
            "problem": rich_text("<p>Et problem.</p>"),
            "measures": rich_text("<p>Et tiltak.</p>"),
            "results": rich_text(""),
            "resources": rich_text(""),
            "transfer": rich_text(""),
            "calculations": streamfield([]),
            "outcomes": inline_formset([]),
            "figures": inline_formset([]),
            "date": "2018-02-01",
            "period_start": "2016",
            "period_end": "",
            "status": PracticeStatus.ONGOING,
            "tags": "",
            "no_identifiable_persons": "on",
            "action-publish": "action-publish",
        }
        data.update(changes)
        return self.client.post(
            add_url(GoodPracticePage, self.karmoy), nested_form_data(data)
        )

    def test_period_cannot_end_before_it_starts(self):
        response = self._post_practice(period_end="2015")
        self.assertContains(response, "Sluttåret kan ikke være før startåret.")
        assert not GoodPracticePage.objects.filter(slug="feil").exists()

    def test_figure_after_cannot_be_before_before(self):
        response = self._post_practice(
            figures=inline_formset(
                [
                    {
                        "indicator": "Utkastelser",
                        "unit": "husstander",
                        "before_value": "10",
                        "before_year": "2017",
                        "after_value": "5",
                        "after_year": "2015",
                    }
                ]
            )
        )
        self.assertContains(response, "Året etter kan ikke være før året før.")
        assert not GoodPracticePage.objects.filter(slug="feil").exists()

    def test_adoption_trail_is_shown_both_ways(self):
        original = GoodPracticePageFactory(parent=self.karmoy, title="Boligkontoret")
        adaptation = GoodPracticePageFactory(
            parent=self.bergen, title="Boligkontor i Bergen", adapted_from=original
        )
        draft = GoodPracticePageFactory(
            parent=self.bergen, title="Utkast til boligkontor", live=False
        )
        draft.adapted_from = original
        draft.save()
        response = self.client.get(adaptation.url)
        self.assertContains(response, "Tilpasset fra")
        self.assertContains(
            response,
            f'<a class="ds-link" href="{original.url}">Boligkontoret</a>',
            html=True,
        )
        response = self.client.get(original.url)
        self.assertContains(response, "Tatt i bruk av:")
        self.assertContains(response, "Boligkontor i Bergen")
        self.assertNotContains(response, "Utkast til boligkontor")


class TestPresentationPage(LearningPageTestCase):
    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(PresentationPage, {PresentationIndexPage})
        self.assertAllowedSubpageTypes(PresentationPage, set())
        self.assertCanNotCreateAt(MunicipalityPage, PresentationPage)

    def test_renders_with_slides_and_speakers(self):
        index = PresentationIndexPageFactory(parent=self.home)
        speaker = PersonFactory(name="Foredrag Holder")
        document = DocumentFactory(title="Lysark om bostøtte")
        page = PresentationPageFactory(
            parent=index,
            title="Bostøtte i praksis",
            document=document,
            speakers=[speaker],
            municipality=self.karmoy,
        )
        self.assertPageIsRenderable(page)
        response = self.client.get(page.url)
        self.assertContains(response, "Last ned lysarkene")
        self.assertContains(response, document.url)
        self.assertContains(response, "Foredrag Holder")
        self.assertContains(response, "Foredragsholdere")

    def test_editor_can_create_it(self):
        index = PresentationIndexPageFactory(parent=self.home)
        # Pages take only themes that exist (learning.themes).
        for name in ["Gjennomstrømning"]:
            Tag.objects.get_or_create(name=name)
        speaker = PersonFactory(name="Anne Taler")
        document = DocumentFactory()
        self.assertCanCreate(
            index,
            PresentationPage,
            form_data(
                {
                    "title": "Gjennomstrømning i utleieboligene",
                    "slug": "gjennomstromning",
                    "document": document.pk,
                    "date": "2015-10-20",
                    "municipality": self.bergen.pk,
                    "tags": "Gjennomstrømning",
                },
                speakers=[speaker.pk],
            ),
        )
        page = PresentationPage.objects.get(slug="gjennomstromning")
        assert page.live
        assert page.document == document
        assert page.municipality_id == self.bergen.pk
        assert list(page.speakers.all()) == [speaker]
        self.assertContains(self.client.get(page.url), "Anne Taler")

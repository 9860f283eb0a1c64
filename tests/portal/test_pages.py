"""Every portal page type: where it may live, that it renders, that editors can create it."""

from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from portal.models import (
    HomePage,
    MunicipalityIndexPage,
    MunicipalityPage,
    StandardPage,
)
from portal.site_root import ensure_home_page
from tests.factories import (
    MunicipalityIndexPageFactory,
    MunicipalityPageFactory,
    PersonFactory,
    StandardPageFactory,
)


class PortalPageTestCase(WagtailPageTestCase):
    def setUp(self):
        self.home = ensure_home_page()
        self.login()


class TestHomePage(PortalPageTestCase):
    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        # Apps above portal add their index pages through the registry.
        assert {StandardPage, MunicipalityIndexPage} <= set(
            HomePage.allowed_subpage_models()
        )

    def test_only_one(self):
        assert not HomePage.can_create_at(self.home.get_parent())

    def test_renders_and_is_editable(self):
        self.assertPageIsRenderable(self.home)
        self.assertPageIsEditable(
            self.home,
            post_data=nested_form_data(
                {
                    "title": self.home.title,
                    "slug": self.home.slug,
                    "intro": "Ny ingress",
                    "body": streamfield([]),
                    "action-publish": "action-publish",
                }
            ),
        )


class TestStandardPage(PortalPageTestCase):
    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})

    def test_renders(self):
        page = StandardPageFactory(parent=self.home, title="Om programmet")
        self.assertPageIsRenderable(page)

    def test_editor_can_create(self):
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "Personvernerklæring",
                    "slug": "personvern",
                    "intro": "Slik behandler vi personopplysninger.",
                    "body": streamfield(
                        [
                            ("heading", {"text": "Hva vi lagrer", "level": "h2"}),
                            ("paragraph", rich_text("<p>Navn og e-post.</p>")),
                        ]
                    ),
                }
            ),
        )
        page = StandardPage.objects.get(slug="personvern")
        assert page.live
        response = self.client.get(page.url)
        self.assertContains(response, "Hva vi lagrer")


class TestMunicipalityIndexPage(PortalPageTestCase):
    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(MunicipalityIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(MunicipalityIndexPage, {MunicipalityPage})
        self.assertCanNotCreateAt(MunicipalityPage, StandardPage)

    def test_editor_can_create_one_only(self):
        self.assertCanCreate(
            self.home,
            MunicipalityIndexPage,
            nested_form_data({"title": "Programkommuner", "slug": "kommuner"}),
        )
        assert not MunicipalityIndexPage.can_create_at(self.home)

    def test_renders(self):
        self.assertPageIsRenderable(MunicipalityIndexPageFactory(parent=self.home))


class TestMunicipalityPage(PortalPageTestCase):
    def setUp(self):
        super().setUp()
        self.index = MunicipalityIndexPageFactory(parent=self.home)

    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(MunicipalityPage, {MunicipalityIndexPage})
        self.assertCanNotCreateAt(HomePage, MunicipalityPage)

    def test_renders(self):
        self.assertPageIsRenderable(MunicipalityPageFactory(parent=self.index))

    def test_editor_can_create_with_contacts_and_no_second_copy_of_figures(self):
        person = PersonFactory(name="Sverre Høynes")
        self.assertCanCreate(
            self.index,
            MunicipalityPage,
            nested_form_data(
                {
                    "title": "Karmøy kommune",
                    "slug": "karmoy",
                    "municipality_number": "1149",
                    "county": "rogaland",
                    "region": "vest",
                    "year_joined": "2014",
                    "adopted_standard": "neutral",
                    "profile": rich_text("<p>Øykommune i Nord-Rogaland.</p>"),
                    "goals": rich_text(""),
                    "contacts": inline_formset(
                        [{"person": person.pk, "responsibility": "Kontakt i Husbanken"}]
                    ),
                }
            ),
        )
        page = MunicipalityPage.objects.get(municipality_number="1149")
        assert page.contacts.get().person == person
        response = self.client.get(page.url)
        self.assertContains(response, "Sverre Høynes")
        # The figures come from one place, the municipality's results page (approved
        # by Husbanken): the editor has no second table of figures to type into.
        edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertNotContains(edit, "Resultater per år")
        self.assertNotContains(edit, "outcomes-TOTAL_FORMS")

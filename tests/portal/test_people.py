import pytest

from portal import content_version, registry
from portal.models import Person
from tests.factories import (
    MunicipalityContactFactory,
    MunicipalityPageFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def test_slug_is_made_from_the_norwegian_name():
    assert PersonFactory(name="Sverre Høynes").slug == "sverre-hoynes"
    assert PersonFactory(name="Sverre Høynes").slug == "sverre-hoynes-2"
    assert PersonFactory(name="Åse Ærø").slug == "ase-aero"


def test_person_page_lists_where_the_person_is_a_contact(client, municipality_index):
    karmoy = MunicipalityPageFactory(parent=municipality_index, title="Karmøy kommune")
    contact = MunicipalityContactFactory(
        page=karmoy,
        person__name="Sverre Høynes",
        person__role="Programkoordinator",
        person__organisation="Husbanken",
        responsibility="Kontakt i Husbanken",
    )
    response = client.get(contact.person.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1" in content and "Sverre Høynes" in content
    assert "Programkoordinator, Husbanken" in content
    assert "Kontaktperson for" in content
    assert f'href="{karmoy.url}"' in content
    # Unpublished municipalities are not listed.
    karmoy.unpublish()
    assert (
        "Kontaktperson for"
        not in client.get(contact.person.get_absolute_url()).content.decode()
    )


def test_apps_add_sections_to_person_pages_through_the_registry(client):
    person = PersonFactory(name="Vibeke Johannessen")

    def talks(request, shown):
        return registry.Section(
            title="Innlegg",
            items=[
                registry.Item(
                    title=f"Hvem er de vanskeligstilte? ({shown.name})", url="/x/"
                )
            ],
        )

    registry.person_sections.register(talks)
    try:
        content = client.get(person.get_absolute_url()).content.decode()
    finally:
        registry.person_sections.unregister(talks)
        content_version.raise_now_and_after_commit()  # as a new release's migrate does
    assert "Innlegg" in content
    assert "Hvem er de vanskeligstilte? (Vibeke Johannessen)" in content
    assert "Innlegg" not in client.get(person.get_absolute_url()).content.decode()


def test_person_without_links_says_so(client):
    person = PersonFactory(name="Mabel Johansen")
    assert (
        "Ingen innlegg eller artikler er knyttet til Mabel Johansen"
        in client.get(person.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize("slug", ["finnes-ikke", "a" * 300, "%3Cscript%3E"])
def test_unknown_person_is_404(client, home_page, slug):
    response = client.get(f"/personer/{slug}/")
    assert response.status_code == 404
    assert "Vi fant ikke siden" in response.content.decode()


def test_markup_in_a_name_is_escaped(client):
    person = PersonFactory(name="<b>Fet</b> Person")
    content = client.get(person.get_absolute_url()).content.decode()
    assert "&lt;b&gt;Fet&lt;/b&gt; Person" in content
    assert Person.objects.get(pk=person.pk).name == "<b>Fet</b> Person"


def test_themes_get_ascii_addresses():
    from taggit.models import Tag

    assert Tag.objects.create(name="Bostedsløse").slug == "bostedslose"
    assert Tag.objects.create(name="Bostedslose").slug != "bostedslose"
    assert Tag.objects.create(name="Særlig tilrettelagte boliger").slug == (
        "saerlig-tilrettelagte-boliger"
    )


def test_people_are_listed_by_name_fifty_to_a_page(client, home_page):
    PersonFactory(name="Åse Ærø", role="Rådgiver", organisation="Husbanken")
    PersonFactory(name="Anne Berg", role="", organisation="")
    for number in range(49):
        PersonFactory(name=f"Person {number:02d}")
    first = client.get("/personer/")
    assert first.status_code == 200
    names = [person.name for person in first.context["people"]]
    assert names[0] == "Anne Berg"
    assert len(names) == 50
    content = first.content.decode()
    assert 'href="/personer/anne-berg/"' in content
    second = client.get("/personer/", {"side": "2"})
    assert [person.name for person in second.context["people"]] == ["Åse Ærø"]
    assert "Rådgiver, Husbanken" in second.content.decode()


def test_the_list_of_people_is_in_the_sitemap(client, home_page):
    PersonFactory(name="Anne Berg")
    sitemap = client.get("/sitemap-personer.xml").content.decode()
    assert "<loc>http://testserver/personer/</loc>" in sitemap
    assert "<loc>http://testserver/personer/anne-berg/</loc>" in sitemap

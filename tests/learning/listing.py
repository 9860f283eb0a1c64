"""Reading a knowledge list as a reader sees it, and the vocabulary its tests tag with."""

from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup

from tests.factories import ProgrammeGoalFactory, TargetGroupFactory


def titles(response):
    """The item titles in the list, as the reader sees them, in order."""
    soup = BeautifulSoup(response.content, "html.parser")
    section = soup.find("section", attrs={"aria-labelledby": "antall-treff"})
    return [heading.get_text(strip=True) for heading in section.select("li h3")]


def result_count(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.find(id="antall-treff").get_text(" ", strip=True)


def facets(response):
    """{facet heading: {option label: (count, href, selected)}} from the filter links."""
    soup = BeautifulSoup(response.content, "html.parser")
    nav = soup.find("nav", attrs={"aria-label": "Filtrer listen"})
    found = {}
    for heading in nav.find_all("h2"):
        options = {}
        for link in nav.find("ul", attrs={"aria-labelledby": heading["id"]}).find_all(
            "a"
        ):
            count = link.find("span", class_="meta").get_text(strip=True)
            label = link.find(string=True, recursive=False).strip()
            options[label] = (
                int(count.strip("()")),
                link["href"],
                link.get("aria-current") == "true",
            )
        found[heading.get_text(strip=True)] = options
    return found


def counts(response, facet):
    return {label: count for label, (count, _, _) in facets(response)[facet].items()}


def query(href):
    return {key: values[0] for key, values in parse_qs(urlsplit(href).query).items()}


def make_vocabulary():
    """Two target groups and two programme goals, by the keys the tests use."""
    return {
        "homeless": TargetGroupFactory(name="Bostedsløse", slug="bostedslose"),
        "young": TargetGroupFactory(name="Unge", slug="unge"),
        "home": ProgrammeGoalFactory(name="Alle skal ha et godt sted å bo", slug="bo"),
        "services": ProgrammeGoalFactory(name="Helhetlig innsats", slug="innsats"),
    }

"""Municipalities and people in bulk, for ``python -m bench.bulk``.

Every one of Norway's municipalities (``portal.municipalities_no``) gets a page below
the municipality index, unless a page with its number exists (the demo's programme
municipalities keep theirs). Every municipality page gets a few staff members (Person
snippets: a programme coordinator and colleagues), and Husbanken gets advisers who
speak at gatherings. Deterministic: each municipality's text and people come from a
``random.Random`` seeded with its number.
"""

import datetime
import random
import zoneinfo

from bench.bulk import writer
from portal.models import (
    MunicipalityContact,
    MunicipalityIndexPage,
    MunicipalityOutcome,
    MunicipalityPage,
    Person,
)
from portal.municipalities_no import MUNICIPALITIES, REGIONS

SEED = "boligsosialt"
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
HUSBANKEN_ADVISERS = 24

_FIRST_NAMES = (
    "Anne Kari Ingrid Marit Hilde Silje Ida Nora Kristin Tone Heidi Randi Astrid "
    "Camilla Sara Maria Line Elin Berit Guro Lene Siri Tuva Amina Fatima Zahra Eva "
    "Jon Ole Lars Per Kjetil Espen Morten Anders Terje Erik Bjørn Knut Håkon Even "
    "Magnus Sindre Jonas Tor Arne Geir Ahmed Omar Daniel Henrik Øystein Rune Vegard"
)
_LAST_NAMES = (
    "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen "
    "Johnsen Pettersen Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen "
    "Dahl Jørgensen Halvorsen Henriksen Lund Sørensen Jakobsen Moen Gundersen Iversen "
    "Strand Solberg Svendsen Eide Knutsen Martinsen Paulsen Bakken Kristoffersen "
    "Mathisen Lie Amundsen Nguyen Rasmussen Ali Lunde Solheim Berge Moe Nygård Bakke "
    "Kristensen Fredriksen Holm Lien Hauge Christensen Andresen Nielsen Knudsen Evensen"
)
# Names to draw from, written as text to keep them readable.
FIRST_NAMES = _FIRST_NAMES.split()
LAST_NAMES = _LAST_NAMES.split()
STAFF_ROLES = [
    "Programkoordinator",
    "Boligkonsulent",
    "Boveileder",
    "Leder for boligkontoret",
    "Rådgiver, NAV",
    "Enhetsleder, rus og psykisk helse",
    "Prosjektleder, boligsosialt arbeid",
    "Saksbehandler, startlån og bostøtte",
]
ADVISER_ROLES = ["Seniorrådgiver", "Rådgiver", "Regiondirektør", "Fagleder"]
PROFILE = (
    "<p>{name} kommune i {county} arbeider for at flere vanskeligstilte skal bo godt "
    "og trygt. Kommunen har {homes} kommunalt disponerte boliger og samarbeider tett "
    "med Husbanken om {focus}.</p>"
)
FOCUS = [
    "startlån og leie til eie",
    "flere utleieboliger og bedre gjennomstrømning",
    "bolig og oppfølging for bostedsløse",
    "boliger for personer med rusproblemer og psykiske lidelser",
    "stabile boforhold for barnefamilier",
    "bosetting av flyktninger",
]
GOALS = (
    "<ul><li>Ingen skal bo i midlertidig botilbud lenger enn tre måneder.</li>"
    "<li>Flere leietakere i kommunale boliger skal flytte videre til egen bolig."
    "</li></ul>"
)


def rng_for(*parts):
    return random.Random(":".join([SEED, *map(str, parts)]))


def municipality_pages():
    """Every municipality page in the tree, keyed by municipality number."""
    return {page.municipality_number: page for page in MunicipalityPage.objects.all()}


def ensure_municipalities(user, moment):
    """A page for every municipality that has none, and staff for every page.

    ``moment`` is when the people are recorded as created.
    Returns every municipality page, and the generated people by municipality page id
    (None: Husbanken's advisers).
    """
    index = MunicipalityIndexPage.objects.order_by("path").first()
    existing = municipality_pages()
    generated = list(writer.created_by(Person, user))
    staffed = {person.municipality_id for person in generated}
    slugs = set(Person.objects.values_list("slug", flat=True))
    titles = {page.municipality_number: page.title for page in existing.values()}
    titles |= {number: _title(name, county) for number, name, county in MUNICIPALITIES}
    staff = {}
    for number in sorted(titles):
        page = existing.get(number)
        if page is None or page.pk not in staffed:
            staff[number] = _staff(number, titles[number], page, slugs)
    advisers = [] if None in staffed else _advisers(slugs)
    new_people = [person for people in staff.values() for person in people]
    Person.objects.bulk_create(new_people + advisers, batch_size=writer.BATCH_SIZE)
    writer.log_created(new_people + advisers, user, moment)

    taken = writer.child_slugs(index)[index.pk]
    entries = []
    for number, name, county in MUNICIPALITIES:
        if number in existing:
            continue
        page = _municipality(number, name, county, staff[number])
        page.slug = writer.unique_slug(taken, page.title.replace(" kommune", ""))
        # Published when the municipality joined the programme.
        joined = datetime.datetime(page.year_joined, 1, 2, 9, tzinfo=OSLO)
        entries.append((index, page, joined))
    new_pages = writer.add_pages(entries, user)
    for page in new_pages:
        for person in staff[page.municipality_number]:
            person.municipality = page
    Person.objects.bulk_update(
        [person for page in new_pages for person in staff[page.municipality_number]],
        ["municipality"],
        batch_size=writer.BATCH_SIZE,
    )
    writer.index_references(new_people + advisers)
    writer.index_objects(Person, [person.pk for person in new_people + advisers])
    people = {}
    for person in generated + new_people + advisers:
        people.setdefault(person.municipality_id, []).append(person)
    return [*existing.values(), *new_pages], people


def _title(name, county):
    """«Karmøy kommune»; «Herøy kommune (Nordland)» where two share a name.

    The county in the title also keeps the two contributors' groups apart (their
    names come from the title).
    """
    if sum(other == name for _, other, _ in MUNICIPALITIES) > 1:
        return f"{name} kommune ({county.label})"
    return f"{name} kommune"


def _municipality(number, name, county, staff):
    rng = rng_for("municipality", number)
    page = MunicipalityPage(
        title=_title(name, county),
        municipality_number=number,
        county=county,
        region=REGIONS[county],
        year_joined=rng.randint(2009, 2024),
        intro=(
            f"Boligsosialt arbeid i {name} kommune: mål, kontaktpersoner og resultater."
        ),
        profile=PROFILE.format(
            name=name,
            county=county.label,
            homes=rng.randint(20, 900),
            focus=rng.choice(FOCUS),
        ),
        goals=GOALS,
        outcomes=_outcomes(rng),
        contacts=[
            MunicipalityContact(
                person=staff[0], responsibility=staff[0].role, sort_order=0
            )
        ],
    )
    page.translation_key = writer.key("municipality", number)
    return page


def _outcomes(rng):
    first = rng.randint(2015, 2021)
    return [
        MunicipalityOutcome(
            year=year,
            homeless_settled=rng.randint(0, 40),
            temporary_to_permanent=rng.randint(0, 30),
            new_rental_homes=rng.randint(0, 25),
            sort_order=order,
        )
        for order, year in enumerate(range(first, first + rng.randint(0, 4)))
    ]


def _staff(number, title, page, slugs):
    """A programme coordinator and up to two colleagues (the first is the contact)."""
    rng = rng_for("people", number)
    people = []
    for order in range(1 + (rng.random() < 0.6) + (rng.random() < 0.3)):
        person = _person(rng, slugs)
        person.role = STAFF_ROLES[0] if order == 0 else rng.choice(STAFF_ROLES[1:])
        person.organisation = title
        person.municipality = page
        people.append(person)
    return people


def _advisers(slugs):
    rng = rng_for("people", "husbanken")
    people = []
    for _ in range(HUSBANKEN_ADVISERS):
        person = _person(rng, slugs)
        person.role = rng.choice(ADVISER_ROLES)
        person.organisation = "Husbanken"
        people.append(person)
    return people


def _person(rng, slugs):
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    return Person(name=name, slug=writer.unique_slug(slugs, name))


def short_name(page):
    """«Herøy» for «Herøy kommune (Nordland)»: the name as text uses it."""
    return page.title.split(" kommune")[0]


def municipality_order(pages):
    """A fixed, shuffled order of the municipality pages: the first get the most."""
    ordered = sorted(pages, key=lambda page: page.municipality_number)
    rng_for("order").shuffle(ordered)
    return ordered

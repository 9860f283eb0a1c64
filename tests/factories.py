"""Factories for every content type, on wagtail-factories and factory_boy."""

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from portal.models import (
    County,
    MunicipalityContact,
    MunicipalityIndexPage,
    MunicipalityOutcome,
    MunicipalityPage,
    Person,
    PortalImage,
    ProgrammeGoal,
    Region,
    StandardPage,
    TargetGroup,
)


class ImageFactory(wagtail_factories.ImageFactory):
    class Meta:
        model = PortalImage

    title = factory.Sequence(lambda n: f"Bilde {n}")
    description = "Deltakere i samtale rundt et bord"
    credit = "Husbanken"


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Standardside {n}")
    intro = "En kort ingress."


class MunicipalityIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = MunicipalityIndexPage

    title = "Programkommuner"
    slug = "kommuner"


class MunicipalityPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = MunicipalityPage

    title = factory.Sequence(lambda n: f"Testkommune {n}")
    municipality_number = factory.Sequence(lambda n: f"{9000 + n % 1000:04d}")
    county = County.ROGALAND
    region = Region.VEST
    year_joined = 2014


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person Nummer {n}")
    role = "Programkoordinator"
    organisation = "Husbanken"


class MunicipalityContactFactory(DjangoModelFactory):
    class Meta:
        model = MunicipalityContact

    page = factory.SubFactory(MunicipalityPageFactory)
    person = factory.SubFactory(PersonFactory)
    responsibility = "Programkoordinator"


class MunicipalityOutcomeFactory(DjangoModelFactory):
    class Meta:
        model = MunicipalityOutcome

    page = factory.SubFactory(MunicipalityPageFactory)
    year = 2015
    homeless_settled = 12
    temporary_to_permanent = 8
    new_rental_homes = 5


class TargetGroupFactory(DjangoModelFactory):
    class Meta:
        model = TargetGroup

    name = factory.Sequence(lambda n: f"Målgruppe {n}")


class ProgrammeGoalFactory(DjangoModelFactory):
    class Meta:
        model = ProgrammeGoal

    name = factory.Sequence(lambda n: f"Programmål {n}")

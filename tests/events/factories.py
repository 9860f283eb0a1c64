import datetime
import re

import factory
import wagtail_factories
from bs4 import BeautifulSoup
from django.utils import timezone
from factory.django import DjangoModelFactory

from events.models import (
    AgendaItem,
    GatheringIndexPage,
    GatheringKind,
    GatheringPage,
    GatheringReportPage,
    Registration,
    RegistrationStatus,
)


def in_days(days, hour=9):
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class GatheringIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GatheringIndexPage

    title = "Samlinger"
    slug = "samlinger"


class GatheringPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GatheringPage

    title = factory.Sequence(lambda n: f"Fagsamling {n}")
    kind = GatheringKind.SEMINAR
    start = factory.LazyFunction(lambda: in_days(30, 9))
    end = factory.LazyFunction(lambda: in_days(30, 16))
    venue = "Husbanken, Bergen"
    capacity = 10
    registration_opens = factory.LazyFunction(lambda: in_days(-10))
    registration_closes = factory.LazyFunction(lambda: in_days(25))


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    page = factory.SubFactory(GatheringPageFactory)
    title = factory.Sequence(lambda n: f"Innlegg {n}")
    start = factory.LazyAttribute(lambda item: item.page.start)
    end = factory.LazyAttribute(
        lambda item: item.page.start + datetime.timedelta(minutes=45)
    )


class GatheringReportPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GatheringReportPage

    title = factory.Sequence(lambda n: f"Rapport {n}")


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = Registration

    gathering = factory.SubFactory(GatheringPageFactory)
    name = factory.Sequence(lambda n: f"Deltaker {n}")
    email = factory.Sequence(lambda n: f"deltaker{n}@example.no")
    organisation = "NAV"
    consent = True
    status = RegistrationStatus.CONFIRMED


def confirm_link(message):
    """The link in a «Bekreft påmeldingen» e-mail: the participant's own page."""
    match = re.search(r"http://testserver((?:/nn)?/pamelding/[\w-]+/)", message.body)
    assert match, message.body
    return match.group(1)


def confirm_from_email(client, message, **extra):
    """Open the link in the e-mail and press «Bekreft påmeldingen», as a person does."""
    url = confirm_link(message)
    page = BeautifulSoup(client.get(url, **extra).content, "html.parser")
    form = page.find("form", action=f"{url}bekreft/")
    assert form is not None, "no confirm button on the page"
    return client.post(form["action"], **extra)

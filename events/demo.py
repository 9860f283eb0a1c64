"""Events' part of ``manage.py load_demo_content`` (registered by ``EventsConfig``).

Builds the gatherings of ``events.demo_content`` with the portal loader's helpers;
like the rest of the demo it creates only what is missing.
"""

import datetime

from django.utils import timezone

from events import demo_content as content
from events import loop
from events.models import (
    AgendaItem,
    EvaluationAnswer,
    EvaluationResponse,
    GatheringIndexPage,
    GatheringPage,
    GatheringReportPage,
    Registration,
    RegistrationStatus,
)
from learning.models import PresentationPage
from portal.models import Person


def build(loader):
    EventsDemo(loader).run()


def _at(day, hour_minute):
    hour, minute = hour_minute
    naive = datetime.datetime.combine(day, datetime.time(hour, minute))
    return timezone.make_aware(naive)


class EventsDemo:
    def __init__(self, loader):
        self.loader = loader

    def run(self):
        index = self.index()
        startup = self.startup(index)
        self.report(startup)
        today = timezone.localdate()
        for spec in content.UPCOMING:
            self.upcoming(index, spec, today)
        for spec in content.RECENT:
            self.recent(index, spec, today)

    def child(self, parent, model, slug):
        return model.objects.child_of(parent).filter(slug=slug).first()

    def index(self):
        index = GatheringIndexPage.objects.order_by("path").first()
        if index is not None:
            self.loader.tally(False, f"page {index.url_path}")
            return index
        return self.loader.publish_new(
            self.loader.home,
            GatheringIndexPage(
                title=content.INDEX["title"],
                slug=content.INDEX["slug"],
                intro=content.INDEX["intro"],
                show_in_menus=True,
            ),
        )

    def startup(self, index):
        spec = content.STARTUP
        gathering = self.child(index, GatheringPage, spec["slug"])
        if gathering is not None:
            self.loader.tally(False, f"page {gathering.url_path}")
            return gathering
        gathering = GatheringPage(
            title=spec["title"],
            slug=spec["slug"],
            kind=spec["kind"],
            intro=spec["intro"],
            audience=spec["audience"],
            start=_at(spec["date"], spec["start"]),
            end=_at(spec["date"], spec["end"]),
            venue=spec["venue"],
            address=spec["address"],
            region=spec["region"],
            registration_enabled=False,
        )
        gathering.tags.add(*spec["themes"])
        people = {person.slug: person for person in Person.objects.all()}
        presentations = {page.slug: page for page in PresentationPage.objects.all()}
        for position, (start, end, title, kind, speakers, slides) in enumerate(
            spec["agenda"]
        ):
            item = AgendaItem(
                start=_at(spec["date"], start),
                end=_at(spec["date"], end),
                title=title,
                kind=kind,
                presentation=presentations.get(slides),
                sort_order=position,
            )
            item.speakers = [people[slug] for slug in speakers if slug in people]
            gathering.agenda_items.add(item)
        return self.loader.publish_new(index, gathering)

    def report(self, gathering):
        spec = content.REPORT
        if self.child(gathering, GatheringReportPage, spec["slug"]) is not None:
            self.loader.tally(False, f"page {gathering.url_path}{spec['slug']}/")
            return
        self.loader.publish_new(
            gathering,
            GatheringReportPage(
                title=spec["title"],
                slug=spec["slug"],
                intro=spec["intro"],
                date=gathering.start.date(),
                body=self.loader.stream(f"report/{gathering.slug}", spec["body"]),
            ),
        )

    def demo_gathering(self, index, spec, day, **fields):
        """A demo gathering on ``day`` with its participants, unless it exists; the
        participants get ``statuses`` in turn, numbered from ``first`` up."""
        gathering = self.child(index, GatheringPage, spec["slug"])
        if gathering is not None:
            self.loader.tally(False, f"page {gathering.url_path}")
            return None
        statuses = fields.pop("statuses")
        first = fields.pop("first", 1)
        gathering = GatheringPage(
            title=spec["title"],
            slug=spec["slug"],
            kind=spec["kind"],
            intro=spec["intro"],
            start=_at(day, spec["start"]),
            end=_at(day, spec["end"]),
            venue=spec["venue"],
            address=spec["address"],
            region=spec["region"],
            capacity=spec["capacity"],
            registration_closes=_at(day - datetime.timedelta(days=5), (23, 59)),
            **fields,
        )
        gathering.tags.add(*spec["themes"])
        gathering = self.loader.publish_new(index, gathering)
        municipalities = list(self.loader.municipalities.values())
        for number, status in enumerate(statuses, start=first):
            Registration.objects.create(
                gathering=gathering,
                municipality=municipalities[number % len(municipalities)],
                consent=True,
                status=status,
                **content.demo_participant(number),
            )
        return gathering

    def recent(self, index, spec, today):
        """A gathering just held, its participants marked as attended."""
        day = content.day_ago(today, spec["days_ago"])
        gathering = self.demo_gathering(
            index,
            spec,
            day,
            registration_opens=_at(day - datetime.timedelta(days=40), (9, 0)),
            publish_evaluation=bool(spec["scores"]),
            statuses=[RegistrationStatus.ATTENDED] * spec["attended"],
            first=101 + 20 * content.RECENT.index(spec),
        )
        if gathering is None or not spec["scores"]:
            return
        [useful, *_rest] = loop.questions(gathering)
        for score in spec["scores"]:
            response = EvaluationResponse.objects.create(
                gathering=gathering, submitted_on=day + datetime.timedelta(days=2)
            )
            EvaluationAnswer.objects.create(
                response=response, question=useful, score=score
            )

    def upcoming(self, index, spec, today):
        self.demo_gathering(
            index,
            spec,
            content.day_ahead(today, spec["days_ahead"]),
            registration_opens=timezone.now() - datetime.timedelta(days=7),
            statuses=[RegistrationStatus.CONFIRMED] * spec["confirmed"]
            + [RegistrationStatus.WAITING] * spec["waiting"],
        )

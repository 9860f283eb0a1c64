"""Gatherings in bulk, for ``python -m bench.bulk``.

N/50 gatherings (at most ``MAX_GATHERINGS``) from 2014 to the end of 2027, so that
some are past and some upcoming, each with an agenda (talks by generated people, some
with a generated presentation or good practice), registrations (confirmed up to the
capacity, then the waiting list) and, for most past ones, a report below them.
"""

import datetime

from django.utils.text import slugify

from bench.bulk import text, writer
from bench.bulk.knowledge import LearningBulk, moment_in_range
from bench.bulk.municipalities import (
    FIRST_NAMES,
    LAST_NAMES,
    OSLO,
    STAFF_ROLES,
    rng_for,
)
from events.models import (
    AgendaItem,
    AgendaItemKind,
    GatheringIndexPage,
    GatheringKind,
    GatheringPage,
    GatheringReportPage,
    Registration,
    RegistrationStatus,
)
from events.models.registrations import new_token
from portal.models import Region

MAX_GATHERINGS = 200
FIRST_DAY = datetime.date(2014, 2, 3)
LAST_DAY = datetime.date(2027, 12, 10)
# Registrations before this moment are for gatherings that have been held.
HELD_BEFORE = datetime.datetime(2026, 11, 1, tzinfo=OSLO)

VENUES = [
    ("Husbanken, Oslo", Region.OST),
    ("Husbanken, Arendal", Region.SOR),
    ("Husbanken, Bergen", Region.VEST),
    ("Husbanken, Trondheim", Region.MIDT),
    ("Husbanken, Bodø", Region.NORD),
    ("Husbanken, Hammerfest", Region.HAMMERFEST),
    ("Kulturhuset, Gjøvik", Region.OST),
    ("Rådhuset, Kristiansand", Region.SOR),
]
GATHERING_TITLES = {
    GatheringKind.STARTUP: "Oppstartsamling for nye programkommuner {year}",
    GatheringKind.SEMINAR: "Fagsamling: {theme}",
    GatheringKind.CONFERENCE: "Boligsosial konferanse {year}",
    GatheringKind.NETWORK: "Nettverkssamling for programkommunene i {region}",
    GatheringKind.WEBINAR: "Webinar: {theme}",
}
INTRO = (
    "{kind} i Boligsosialt velferdsprogram om {theme}: innlegg fra programkommunene og "
    "Husbanken, og tid til å dele erfaringer."
)
AUDIENCE = (
    "Programkoordinatorer og ansatte i programkommunene som arbeider med bolig, "
    "oppfølging og tjenester, og samarbeidspartnere i NAV og spesialisthelsetjenesten."
)
# A webinar has the talks and the discussion only.
WEBINAR_AGENDA = (0, 1, 3, 6)
AGENDA = [
    (AgendaItemKind.TALK, "Velkommen og mål for dagen"),
    (AgendaItemKind.TALK, None),
    (AgendaItemKind.BREAK, "Pause"),
    (AgendaItemKind.TALK, None),
    (AgendaItemKind.MEAL, "Lunsj"),
    (AgendaItemKind.WORKSHOP, "Verksted: hva tar vi med oss hjem?"),
    (AgendaItemKind.DISCUSSION, "Erfaringsdeling i grupper"),
    (AgendaItemKind.TALK, "Oppsummering og veien videre"),
]
MINUTES = {
    AgendaItemKind.TALK: 40,
    AgendaItemKind.BREAK: 15,
    AgendaItemKind.MEAL: 45,
    AgendaItemKind.WORKSHOP: 60,
    AgendaItemKind.DISCUSSION: 45,
}


MONTHS = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
]


def norwegian_date(date):
    """«12. mars 2014», without depending on the active language."""
    return f"{date.day}. {MONTHS[date.month - 1]} {date.year}"


def gathering_count(n):
    return min(n // 50, MAX_GATHERINGS)


class EventsBulk(LearningBulk):
    """Gatherings, their reports and registrations for the missing indexes."""

    def gatherings(self, count, presentation_ids, practice_ids):
        self.index = GatheringIndexPage.objects.order_by("path").first()
        self.gathering_slugs = writer.child_slugs(self.index)[self.index.pk]
        self.presentation_choices = sorted(presentation_ids.values())
        self.practice_choices = sorted(practice_ids.values())
        self.advisers = self.people.get(None, [])
        todo, _ = self.missing("gathering", GatheringPage, count)
        entries = [self.gathering(index) for index in todo]
        pages = writer.add_pages(entries, self.user)
        self.created.setdefault(GatheringPage, []).extend(p.pk for p in pages)
        self.registrations(pages, todo)
        self.reports(pages, todo)
        return pages

    def gathering(self, index):
        rng = rng_for("gathering", index)
        kind = rng.choice(GatheringKind.values)
        start = moment_in_range(rng, FIRST_DAY, LAST_DAY).replace(hour=10, minute=0)
        days = 2 if kind in (GatheringKind.CONFERENCE, GatheringKind.STARTUP) else 1
        end = (start + datetime.timedelta(days=days - 1)).replace(hour=15, minute=30)
        webinar = kind == GatheringKind.WEBINAR
        if webinar:
            end = start + datetime.timedelta(hours=3)
        municipality = self.municipality(rng)
        prose, themes = self.prose(rng, municipality)
        venue, region = rng.choice(VENUES)
        theme = themes[0].lower()
        title = GATHERING_TITLES[kind].format(
            year=start.year, theme=theme, region=Region(region).label.lower()
        )
        title = f"{title}, {norwegian_date(start.date())}"
        capacity = rng.choice([30, 40, 50, 60, 80, 120])
        page = GatheringPage(
            title=title,
            slug=writer.unique_slug(self.gathering_slugs, title),
            intro=INTRO.format(kind=GatheringKind(kind).label, theme=theme),
            kind=kind,
            start=start,
            end=end,
            venue="" if webinar else venue,
            # .example is reserved (RFC 2606): no generated link leads anywhere.
            online_url=f"https://webinar.husbanken.example/{index}" if webinar else "",
            region=region,
            audience=AUDIENCE,
            description=prose.body(
                lambda position: writer.key(f"gathering/{index}", position)
            ),
            registration_opens=start - datetime.timedelta(days=60),
            registration_closes=start - datetime.timedelta(days=7),
            capacity=capacity,
            waiting_list=rng.random() < 0.85,
            seats_per_municipality=rng.choice([None, None, None, 3, 5]),
            cancelled=rng.random() < 0.03,
            agenda_items=self.agenda(rng, start, prose, webinar),
        )
        self.tag(page, themes)
        page.translation_key = writer.key("gathering", index)
        published = min(start - datetime.timedelta(days=75), HELD_BEFORE)
        return self.index, page, published

    def agenda(self, rng, start, prose, webinar):
        items, moment = [], start
        points = [AGENDA[n] for n in WEBINAR_AGENDA] if webinar else AGENDA
        for order, (kind, title) in enumerate(points):
            end = moment + datetime.timedelta(minutes=MINUTES[kind])
            item = AgendaItem(
                start=moment,
                end=end,
                title=title or prose.title(text.ARTICLE_TITLES),
                kind=kind,
                sort_order=order,
            )
            if kind == AgendaItemKind.TALK:
                # Husbanken opens and sums up; the talks are anyone's.
                speakers = self.advisers if title else self.everyone
                item.speakers = rng.sample(speakers, 1) if speakers else []
                if title is None and self.presentation_choices and rng.random() < 0.5:
                    item.presentation_id = rng.choice(self.presentation_choices)
                if title is None and self.practice_choices and rng.random() < 0.3:
                    item.good_practice_id = rng.choice(self.practice_choices)
            items.append(item)
            moment = end
        return items

    def registrations(self, pages, indexes):
        """Confirmed up to the capacity, then the waiting list; a few cancelled."""
        rows = []
        for page, index in zip(pages, indexes, strict=True):
            rng = rng_for("registrations", index)
            wanted = int(page.capacity * rng.uniform(0.4, 1.3))
            if page.cancelled:
                wanted = 0
            span = (page.registration_closes - page.registration_opens).total_seconds()
            seated = 0
            for number in range(wanted):
                if seated >= page.capacity and not page.waiting_list:
                    break
                created = page.registration_opens + datetime.timedelta(
                    seconds=span * (number + rng.random()) / max(wanted, 1)
                )
                rows.append(self.registration(rng, page, number, created, seated))
                if rows[-1].status != RegistrationStatus.WAITING:
                    seated += rows[-1].status != RegistrationStatus.CANCELLED
        writer.insert_rows(Registration, rows)

    def registration(self, rng, page, number, created, seated):
        municipality = self.municipality(rng)
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        domain = slugify(municipality.slug)
        status = RegistrationStatus.CONFIRMED
        if seated >= page.capacity:
            status = RegistrationStatus.WAITING
        elif rng.random() < 0.05:
            status = RegistrationStatus.CANCELLED
        elif page.end < HELD_BEFORE and rng.random() < 0.9:
            status = RegistrationStatus.ATTENDED
        return Registration(
            gathering=page,
            name=f"{first} {last}",
            # .example is reserved (RFC 2606): nothing generated can reach a person.
            email=f"{slugify(first)}.{slugify(last)}.{number}@{domain}.kommune.example",
            municipality=municipality,
            role=rng.choice(STAFF_ROLES),
            consent=True,
            status=status,
            token=new_token(),
            created_at=created,
            updated_at=created,
            cancelled_at=(
                created + datetime.timedelta(days=2)
                if status == RegistrationStatus.CANCELLED
                else None
            ),
        )

    def reports(self, pages, indexes):
        """A report below most gatherings that have been held."""
        entries = []
        for page, index in zip(pages, indexes, strict=True):
            rng = rng_for("report", index)
            if page.end >= HELD_BEFORE or page.cancelled or rng.random() >= 0.7:
                continue
            prose, _ = self.prose(rng, self.municipality(rng))
            day = page.end + datetime.timedelta(days=rng.randint(3, 14))
            title = f"Rapport: {page.title}"
            report = GatheringReportPage(
                title=title,
                slug=writer.unique_slug(set(), "rapport"),
                intro=prose.intro(),
                date=day.date(),
                body=prose.body(
                    lambda position, index=index: writer.key(
                        f"report/{index}", position
                    )
                ),
            )
            report.translation_key = writer.key("report", index)
            entries.append((page, report, day))
        reports = writer.add_pages(entries, self.user)
        self.created.setdefault(GatheringReportPage, []).extend(p.pk for p in reports)

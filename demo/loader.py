"""Builds the demo site from the data files, through Wagtail's own API.

Pages are added with ``parent.add_child(instance=page)`` and published with
``page.save_revision().publish()``: one revision each, as an editor would leave them.
Idempotent: everything is looked up by a stable key (slug below its parent, municipality
number, person slug, name, title) and created only when missing; nothing that exists is
changed, so editors' changes survive and a second run creates no pages or revisions.
"""

import contextlib
import datetime
import hashlib
import json
import logging
import uuid

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from demo import datafiles
from demo.tasks import tasks_once
from events import loop
from events.models import (
    AgendaItem,
    EvaluationAnswer,
    EvaluationResponse,
    GatheringIndexPage,
    GatheringPage,
    GatheringReportPage,
    Participation,
    Registration,
    RegistrationStatus,
)
from learning import moderation, results, ssb
from learning.models import (
    CeilingSupplement,
    ExperienceArticlePage,
    ExperienceIndexPage,
    GoodPracticeFigure,
    GoodPracticeIndexPage,
    GoodPracticePage,
    GrantRateGroup,
    HousingCostCeiling,
    HousingRates,
    MunicipalityResultsPage,
    OutcomeFigure,
    OutcomeType,
    PracticeOutcome,
    PresentationIndexPage,
    PresentationPage,
)
from portal import kostra
from portal.models import (
    MunicipalityContact,
    MunicipalityIndexPage,
    MunicipalityOutcome,
    MunicipalityPage,
    Person,
    PortalImage,
    ProgrammeGoal,
    SiteSettings,
    StandardPage,
    TargetGroup,
)
from portal.site_root import ensure_home_page
from portal.slugs import norwegian_slugify

# Block ids derived from the page and position, so a fresh database gets the same data.
BLOCK_NAMESPACE = uuid.UUID("6f1c2a52-3f0e-4f5b-9a57-4d2c8e1b7a10")


@contextlib.contextmanager
def quieter(*names, enabled=True):
    """Raise the given loggers to WARNING for the duration, then restore them."""
    loggers = [logging.getLogger(name) for name in names] if enabled else []
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class DemoLoader:
    """Creates what is missing and counts what it created and what it found."""

    def __init__(self, report=None):
        self.report = report
        self.created = 0
        self.present = 0
        self.page_ids = {}  # {key: page id} for the links in the texts
        self.images = {}  # by key
        self.people = {}  # by slug
        self.municipalities = {}  # by number
        self.themes = {}  # by name
        self.practices = {}  # by key

    def run(self):
        with tasks_once():
            self.home = ensure_home_page()
            self.site()
            self.knowledge()
            self.gatherings()

    # --- bookkeeping ---

    def tally(self, created, what):
        if created:
            self.created += 1
        else:
            self.present += 1
        if self.report:
            self.report(f"  {'created' if created else 'present'}: {what}")

    def publish(self, parent, page):
        """Add ``page`` below ``parent`` and publish it: one revision, at creation."""
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.tally(True, f"page {page.url_path}")
        return page

    def child(self, parent, slug):
        """The page at ``slug`` below ``parent`` (counted as present), or None."""
        page = Page.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            return None
        self.tally(False, f"page {page.url_path}")
        return page.specific

    def index(self, model, spec, key=None):
        """The one page of ``model`` (its max_count is 1) wherever an editor put it,
        or a new one below the home page."""
        page = model.objects.order_by("path").first()
        if page is not None:
            self.tally(False, f"page {page.url_path}")
        else:
            page = self.publish(
                self.home,
                model(
                    title=spec["title"],
                    slug=spec["slug"],
                    language=spec.get("language", ""),
                    intro=spec["intro"],
                    show_in_menus=spec.get("show_in_menus", True),
                ),
            )
        if key:
            self.page_ids[key] = page.pk
        return page

    def stream(self, key, blocks):
        """StreamField raw data from ``- kind: value`` blocks: headings, page links and
        images resolved, block ids stable."""
        data = []
        for position, block in enumerate(blocks):
            [(kind, value)] = block.items()
            if kind == "heading":
                value = {"text": value, "level": "h2"}
            elif kind == "paragraph":
                value = value.format_map(self.page_ids)
            elif kind == "fact_box":
                value = {**value, "body": value["body"].format_map(self.page_ids)}
            elif kind == "figure":
                value = {**value, "image": self.images[value["image"]].pk}
            block_id = uuid.uuid5(BLOCK_NAMESPACE, f"{key}/{position}")
            data.append({"type": kind, "value": value, "id": str(block_id)})
        return data

    @staticmethod
    def named(objects, names):
        """The objects of ``names`` that exist (an editor may have renamed one)."""
        return [objects[name] for name in names if name in objects]

    def parent(self, spec, index):
        """The municipality's page, or the index page when Husbanken wrote it."""
        number = spec.get("municipality")
        return self.municipalities[number] if number else index

    # --- the site: pictures, vocabularies, people, municipalities, statements ---

    def site(self):
        site = datafiles.read("site")
        self.images = {key: self.image(spec) for key, spec in site["images"].items()}
        vocabularies = datafiles.read("vocabularies")
        self.vocabulary(TargetGroup, vocabularies["target_groups"])
        self.vocabulary(ProgrammeGoal, vocabularies["programme_goals"])
        new_people = self.ensure_people(datafiles.read("people")["people"])
        municipalities = datafiles.read("municipalities")
        index = self.index(MunicipalityIndexPage, municipalities["index"], "kommuner")
        for spec in municipalities["municipalities"]:
            self.municipalities[spec["number"]] = self.municipality(index, spec)
        self.kostra_groups(municipalities["municipalities"])
        # People are created before the pages that name them as contacts, so the
        # municipality of someone created now is filled in here.
        for person, spec in new_people:
            if spec.get("municipality"):
                person.municipality = self.municipalities[spec["municipality"]]
                person.save(update_fields=["municipality"])
        statements = {spec["slug"]: self.standard_page(spec) for spec in site["pages"]}
        self.home_page(site["home"])
        self.site_settings(
            site,
            statements[site["privacy_page"]],
            statements[site["accessibility_page"]],
        )

    def image(self, spec):
        image = PortalImage.objects.filter(title=spec["title"]).order_by("pk").first()
        created = image is None
        if created:
            data = (datafiles.IMAGES / spec["file"]).read_bytes()
            image = PortalImage(
                title=spec["title"],
                description=spec["description"],
                credit=spec["credit"],
                file=ImageFile(ContentFile(data), name=spec["file"]),
                file_size=len(data),
                file_hash=hashlib.sha1(data).hexdigest(),
            )
            image.save()
        self.tally(created, f"image {image.title}")
        return image

    def vocabulary(self, model, entries):
        for position, entry in enumerate(entries, start=1):
            _, created = model.objects.get_or_create(
                name=entry["name"],
                defaults={
                    "description": entry["description"],
                    "sort_order": position * 10,
                },
            )
            self.tally(created, f"{model._meta.verbose_name} {entry['name']}")

    def ensure_people(self, specs):
        """Every person by slug; returns those created now with their specification."""
        new_people = []
        for spec in specs:
            slug = norwegian_slugify(spec["name"])
            person = Person.objects.filter(slug=slug).first()
            created = person is None
            if created:
                person = Person.objects.create(
                    slug=slug,
                    **pick(spec, "name role organisation bio"),
                    email=spec.get("email", ""),
                    phone=spec.get("phone", ""),
                )
                new_people.append((person, spec))
            self.tally(created, f"person {person.name}")
            self.people[slug] = person
        return new_people

    def municipality(self, index, spec):
        page = MunicipalityPage.objects.filter(
            municipality_number=spec["number"]
        ).first()
        if page is not None:
            self.tally(False, f"page {page.url_path}")
            return page
        page = MunicipalityPage(
            title=f"{spec['name']} kommune",
            slug=norwegian_slugify(spec["name"]),
            municipality_number=spec["number"],
            language=spec.get("language", ""),
            image=self.images.get(spec.get("image")),
            contacts=[
                MunicipalityContact(
                    person=self.people[contact["person"]],
                    responsibility=contact["responsibility"],
                    sort_order=order,
                )
                for order, contact in enumerate(spec.get("contacts", []))
            ],
            outcomes=[
                MunicipalityOutcome(sort_order=order, **outcome)
                for order, outcome in enumerate(spec["outcomes"])
            ],
            **pick(spec, "county region year_joined intro profile goals"),
            adopted_standard=spec.get("adopted_standard", "neutral"),
            adopted_standard_source=spec.get("adopted_standard_source", ""),
        )
        return self.publish(index, page)

    def kostra_groups(self, specs):
        """SSB's KOSTRA groups (portal/data) and the demo municipalities' own, given
        to those that have none (an editor's choice stays)."""
        kostra.ensure_groups()
        ungrouped = set(
            MunicipalityPage.objects.filter(kostra_group__isnull=True).values_list(
                "municipality_number", flat=True
            )
        )
        kostra.assign(
            {
                spec["number"]: spec["kostra_group"]
                for spec in specs
                if spec.get("kostra_group") and spec["number"] in ungrouped
            }
        )

    def standard_page(self, spec):
        key = spec["slug"].replace("-", "_")  # «om-programmet» is {om_programmet}
        page = (
            StandardPage.objects.child_of(self.home).filter(slug=spec["slug"]).first()
        )
        if page is not None:
            self.tally(False, f"page {page.url_path}")
        else:
            page = self.publish(
                self.home,
                StandardPage(
                    title=spec["title"],
                    slug=spec["slug"],
                    language=spec.get("language", ""),
                    intro=spec["intro"],
                    show_in_menus=spec["show_in_menus"],
                    body=self.stream(spec["slug"], spec["body"]),
                ),
            )
        self.page_ids[key] = page.pk
        return page

    def home_page(self, spec):
        """Fill a fresh home page; one that has an intro is the editors' already."""
        home = self.home
        home.refresh_from_db()
        if home.intro:
            self.tally(False, "home page content")
            return
        home.intro = spec["intro"]
        home.hero_image = self.images[spec["hero_image"]]
        home.body = self.stream(home.slug, spec["body"])
        home.save_revision().publish()
        self.tally(True, "home page content")

    def site_settings(self, site, privacy_page, accessibility_page):
        """Fill the default site's settings where they are blank; keep what is set."""
        default_site = Site.objects.get(is_default_site=True)
        settings, created = SiteSettings.objects.get_or_create(site=default_site)
        wanted = {
            "organisation_name": site["organisation"],
            "contact_email": site["contact"]["email"],
            "contact_phone": site["contact"]["phone"],
            "contact_address": site["contact"]["address"],
            "privacy_page": privacy_page,
            "accessibility_page": accessibility_page,
        }
        filled = []
        for field, value in wanted.items():
            attname = settings._meta.get_field(field).attname
            if not getattr(settings, attname):
                setattr(settings, field, value)
                filled.append(field)
        if filled:
            settings.save(update_fields=filled)
        self.tally(created or bool(filled), "site settings")

    # --- knowledge: experiences, good practices, presentations, results ---

    def knowledge(self):
        results.ensure_outcome_types()
        self.target_groups = {group.name: group for group in TargetGroup.objects.all()}
        self.goals = {goal.name: goal for goal in ProgrammeGoal.objects.all()}
        experiences = datafiles.read("experiences")
        practices = datafiles.read("good_practices")
        presentations = datafiles.read("presentations")
        experience_index = self.index(ExperienceIndexPage, experiences["index"])
        practice_index = self.index(GoodPracticeIndexPage, practices["index"])
        presentation_index = self.index(PresentationIndexPage, presentations["index"])
        self.themes = {
            name: self.theme(name) for name in datafiles.read("vocabularies")["themes"]
        }
        # Practices first: articles point to them, and adaptations to their originals.
        for spec in practices["practices"]:
            page = self.good_practice(self.parent(spec, practice_index), spec)
            if isinstance(page, GoodPracticePage):
                self.practices[spec["key"]] = page
        for spec in experiences["articles"]:
            self.experience(self.parent(spec, experience_index), spec)
        for spec in presentations["presentations"]:
            self.presentation(presentation_index, spec)
        self.editor(datafiles.read("people")["editor"])
        calculator_rates()
        for municipality in self.municipalities.values():
            self.results(municipality, datafiles.read("results")["results"])
        self.statistics(datafiles.read("results")["statistics"]["table"])

    def theme(self, name):
        """The tag called ``name``, created with an ASCII slug (/tema/bostedslose/)."""
        slug = norwegian_slugify(name)
        tag = (
            Tag.objects.filter(name__iexact=name).order_by("pk").first()
            or Tag.objects.filter(slug=slug).order_by("pk").first()
        )
        created = tag is None
        if created:
            tag = Tag.objects.create(name=name, slug=slug)
        self.tally(created, f"theme {tag.name}")
        return tag

    def tagged(self, page, names):
        page.tags.add(*self.named(self.themes, names))
        return page

    def good_practice(self, parent, spec):
        page = self.child(parent, spec["slug"])
        if page is not None:
            return page
        page = GoodPracticePage(
            **pick(spec, "title slug intro date period_start period_end status"),
            language=spec.get("language", ""),
            **pick(spec, "problem measures results resources transfer"),
            contact_person=self.people.get(spec["contact"]),
            adapted_from=self.practices.get(spec.get("adapted_from")),
            no_identifiable_persons=True,
            target_groups=self.named(self.target_groups, spec["target_groups"]),
            programme_goals=self.named(self.goals, spec["goals"]),
            figures=GoodPracticeFigure.from_rows(
                (
                    figure["indicator"],
                    figure["unit"],
                    figure["before_value"],
                    figure["before_year"],
                    figure["after_value"],
                    figure["after_year"],
                )
                for figure in spec["figures"]
            ),
            outcomes=[
                PracticeOutcome(
                    outcome_type=OutcomeType.objects.get(slug=outcome["outcome_type"]),
                    from_year=outcome["from_year"],
                    to_year=outcome["to_year"],
                )
                for outcome in spec.get("outcomes", [])
            ],
        )
        return self.publish(parent, self.tagged(page, spec["themes"]))

    def experience(self, parent, spec):
        page = self.child(parent, spec["slug"])
        if page is not None:
            return page
        practices = (self.practices.get(key) for key in spec["related_practices"])
        page = ExperienceArticlePage(
            title=spec["title"],
            slug=spec["slug"],
            language=spec.get("language", ""),
            intro=spec["intro"],
            date=spec["date"],
            body=self.stream(f"learning/{spec['slug']}", spec["body"]),
            no_identifiable_persons=True,
            authors=self.named(self.people, spec["authors"]),
            contact_person=self.people.get(spec.get("contact")),
            target_groups=self.named(self.target_groups, spec["target_groups"]),
            related_practices=[practice for practice in practices if practice],
        )
        return self.publish(parent, self.tagged(page, spec["themes"]))

    def presentation(self, index, spec):
        # The slides are ensured on every run, so that both runs count the same things.
        document = self.document(spec["document"])
        page = self.child(index, spec["slug"])
        if page is not None:
            return page
        number = spec["municipality"]
        page = PresentationPage(
            title=spec["title"],
            slug=spec["slug"],
            language=spec.get("language", ""),
            intro=spec["intro"],
            date=spec["date"],
            municipality=self.municipalities.get(number) if number else None,
            document=document,
            speakers=self.named(self.people, spec["speakers"]),
        )
        return self.publish(index, self.tagged(page, spec["themes"]))

    def document(self, spec):
        """The slides of ``demo/documents``, found by title or created."""
        model = get_document_model()
        document = model.objects.filter(title=spec["title"]).order_by("pk").first()
        created = document is None
        if created:
            data = (datafiles.DOCUMENTS / spec["file"]).read_bytes()
            document = model(
                title=spec["title"],
                file=ContentFile(data, name=spec["file"]),
                file_size=len(data),
                file_hash=hashlib.sha1(data).hexdigest(),
            )
            document.save()
        self.tally(created, f"document {document.title}")
        return document

    def editor(self, spec):
        """A Husbanken editor with an address, who hears of municipal submissions (in
        the console under ``make run``). No password: an admin sets one to sign in."""
        user, created = get_user_model().objects.get_or_create(
            username=spec["username"], defaults=spec
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(moderation.ensure_husbanken_editors())
        self.tally(created, f"editor {user.username}")

    def results(self, municipality, spec):
        """Example figures for a municipality: plausible, and marked as examples."""
        page = self.child(municipality, spec["slug"])
        if page is not None:
            return page
        types = {outcome.slug: outcome for outcome in OutcomeType.objects.all()}
        years = range(spec["first_year"], spec["last_year"] + 1)
        # In the municipality's written standard: the texts of «nn» (with their
        # «language», since a results page does not follow its municipality).
        texts = spec.get(municipality.written_standard, spec)
        page = MunicipalityResultsPage(
            title=texts["title"].format(municipality=municipality.title),
            slug=spec["slug"],
            language=texts.get("language", ""),
            intro=texts["intro"],
            example_data=True,
            figures=[
                OutcomeFigure(
                    outcome_type=types[slug], year=year, value=value, goal=goal
                )
                for slug, year, value, goal in example_figures(
                    int(municipality.municipality_number), years
                )
                if slug in types
            ],
        )
        return self.publish(municipality, page)

    def statistics(self, table):
        """A sample import of a KOSTRA table from Statistics Norway (example data)."""
        document = json.loads(datafiles.SSB_SAMPLE.read_text(encoding="utf-8"))
        created, updated, _unchanged = ssb.import_table(
            table, document, f"https://www.ssb.no/statbank/table/{table}"
        )
        self.tally(bool(created or updated), f"SSB table {table}")

    # --- gatherings ---

    def gatherings(self):
        spec = datafiles.read("gatherings")
        self.roles = spec["participant_roles"]
        index = self.index(GatheringIndexPage, spec["index"])
        startup = self.startup(index, spec["startup"])
        self.report_page(startup, spec["startup"]["report"])
        today = timezone.localdate()
        for upcoming in spec["upcoming"]:
            day = today + datetime.timedelta(days=upcoming["days_ahead"])
            self.upcoming(index, upcoming, day)
        for number, recent in enumerate(spec["recent"]):
            day = today - datetime.timedelta(days=recent["days_ago"])
            self.recent(index, recent, day, first=101 + 20 * number)

    def startup(self, index, spec):
        gathering = self.child(index, spec["slug"])
        if gathering is not None:
            return gathering
        day = spec["date"]
        gathering = GatheringPage(
            **pick(spec, "title slug kind intro audience venue address region"),
            language=spec.get("language", ""),
            start=at(day, spec["start"]),
            end=at(day, spec["end"]),
            registration_enabled=False,
        )
        gathering.tags.add(*spec["themes"])
        presentations = {page.slug: page for page in PresentationPage.objects.all()}
        for position, item in enumerate(spec["agenda"]):
            agenda_item = AgendaItem(
                start=at(day, item["start"]),
                end=at(day, item["end"]),
                title=item["title"],
                kind=item["kind"],
                presentation=presentations.get(item.get("presentation")),
                sort_order=position,
            )
            agenda_item.speakers = self.named(self.people, item["speakers"])
            gathering.agenda_items.add(agenda_item)
        return self.publish(index, gathering)

    def report_page(self, gathering, spec):
        if self.child(gathering, spec["slug"]) is not None:
            return
        self.publish(
            gathering,
            GatheringReportPage(
                title=spec["title"],
                slug=spec["slug"],
                language=spec.get("language", ""),
                intro=spec["intro"],
                date=gathering.start.date(),
                body=self.stream(f"report/{gathering.slug}", spec["body"]),
            ),
        )

    def gathering(self, index, spec, day, statuses, first=1, **fields):
        """A gathering on ``day`` with its participants, unless it exists; the
        participants get ``statuses`` in turn, numbered from ``first`` up."""
        if self.child(index, spec["slug"]) is not None:
            return None
        gathering = GatheringPage(
            **pick(spec, "title slug kind intro venue address region capacity"),
            language=spec.get("language", ""),
            # On site unless the data says otherwise (hybrid, digital).
            attendance=spec.get("attendance", "on_site"),
            digital_capacity=spec.get("digital_capacity", 100),
            online_url=spec.get("online_url", ""),
            start=at(day, spec["start"]),
            end=at(day, spec["end"]),
            registration_closes=at(day - datetime.timedelta(days=5), "23:59"),
            **fields,
        )
        gathering.tags.add(*spec["themes"])
        gathering = self.publish(index, gathering)
        municipalities = list(self.municipalities.values())
        for number, status in enumerate(statuses, start=first):
            Registration.objects.create(
                gathering=gathering,
                municipality=municipalities[number % len(municipalities)],
                consent=True,
                status=status,
                # .invalid addresses can never receive e-mail.
                name=f"Demodeltaker {number:02d}",
                email=f"deltaker{number:02d}@demo.invalid",
                role=self.roles[number % len(self.roles)],
            )
        return gathering

    def upcoming(self, index, spec, day):
        gathering = self.gathering(
            index,
            spec,
            day,
            statuses=[RegistrationStatus.CONFIRMED] * spec["confirmed"]
            + [RegistrationStatus.WAITING] * spec["waiting"],
            registration_opens=timezone.now() - datetime.timedelta(days=7),
        )
        if gathering is not None and spec.get("digital"):
            # The first ones take part online.
            digital = gathering.registrations.order_by("pk")[: spec["digital"]]
            Registration.objects.filter(
                pk__in=list(digital.values_list("pk", flat=True))
            ).update(participation=Participation.DIGITAL)

    def recent(self, index, spec, day, first):
        """A gathering just held, its participants marked as attended, and the
        answers to its evaluation (anonymous) when it has some."""
        gathering = self.gathering(
            index,
            spec,
            day,
            statuses=[RegistrationStatus.ATTENDED] * spec["attended"],
            first=first,
            registration_opens=at(day - datetime.timedelta(days=40), "09:00"),
            publish_evaluation=bool(spec["scores"]),
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


def pick(spec, names):
    """The entries of ``spec`` named in ``names`` (separated by spaces): the data
    files use the models' field names."""
    return {name: spec[name] for name in names.split()}


def at(day, clock):
    """``day`` at ``clock`` («10:00») in the site's time zone."""
    moment = datetime.datetime.combine(day, datetime.time.fromisoformat(clock))
    return timezone.make_aware(moment)


def example_figures(seed, years):
    """(outcome slug, year, value, goal) for a municipality: steady, plausible growth,
    different for each municipality (seeded by its number), the same on every run."""
    base = 3 + seed % 7
    rows = []
    for step, year in enumerate(years):
        rows += [
            ("bostedslose-bosatt", year, base + 2 * step, base + 2 * step + 1),
            ("fra-midlertidig-til-varig", year, base + step + 1, None),
            ("oppfolging-i-hjemmet", year, 4 * base + 5 * step, 4 * base + 6 * step),
            ("nye-utleieboliger", year, 2 + (seed + step) % 5, 4),
            ("videre-til-egen-bolig", year, 1 + step + seed % 3, None),
        ]
    return rows


def calculator_rates(spec=None):
    """The calculator's rate set of ``spec`` (the demo's by default), unless one for
    its date exists."""
    spec = spec or datafiles.calculator_rates()
    existing = HousingRates.objects.filter(valid_from=spec["valid_from"]).first()
    if existing is not None:
        return existing
    lists = ("grant_groups", "cost_ceilings", "ceiling_supplements")
    rates = HousingRates(
        **{name: value for name, value in spec.items() if name not in lists}
    )
    rates.grant_groups = [GrantRateGroup(**group) for group in spec["grant_groups"]]
    rates.cost_ceilings = [
        HousingCostCeiling(**ceiling) for ceiling in spec["cost_ceilings"]
    ]
    rates.ceiling_supplements = [
        CeilingSupplement(**supplement) for supplement in spec["ceiling_supplements"]
    ]
    rates.full_clean()
    rates.save()
    return rates

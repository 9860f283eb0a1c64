"""Learning's part of ``manage.py load_demo_content``: knowledge pages and slides.

``build`` is registered in ``portal.registry.demo_builders`` by ``LearningConfig.ready``,
so ``portal`` never imports ``learning``. It is called with the portal's ``DemoLoader``
after the home page, people, vocabularies and municipalities exist, and uses the
loader's helpers: ``publish_new`` (add and publish, one revision), ``tally`` (count
what was created and what was found) and ``stream`` (StreamField data with stable ids).

Idempotent like the portal's loader: index pages are found wherever they are (there is
one of each), pages by slug below their parent, themes by name, documents by title.
What exists is counted and left as it is; only what is missing is created.
"""

import hashlib
import json
import textwrap

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.models import Page

from learning import demo_content as content
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
from portal.models import ProgrammeGoal, TargetGroup
from portal.slugs import norwegian_slugify

INDEX_MODELS = {
    "experiences": ExperienceIndexPage,
    "practices": GoodPracticeIndexPage,
    "presentations": PresentationIndexPage,
}


def build(loader):
    """Create the learning demo content that is missing."""
    LearningDemo(loader).run()


class LearningDemo:
    def __init__(self, loader):
        self.loader = loader
        self.indexes = {}
        self.themes = {}
        self.practices = {}
        self.target_groups = {group.name: group for group in TargetGroup.objects.all()}
        self.goals = {goal.name: goal for goal in ProgrammeGoal.objects.all()}

    def run(self):
        results.ensure_outcome_types()
        self.indexes = {spec["kind"]: self.index_page(spec) for spec in content.INDEXES}
        self.themes = {name: self.theme(name) for name in content.THEMES}
        # Practices first: articles point to them, and adaptations to their originals.
        for spec in content.GOOD_PRACTICES:
            self.practices[spec["key"]] = self.good_practice(spec)
        for spec in content.EXPERIENCES:
            self.experience(spec)
        for spec in content.PRESENTATIONS:
            self.presentation(spec)
        self.editor()
        calculator_rates(content.CALCULATOR_RATES)
        for municipality in self.loader.municipalities.values():
            self.results(municipality)
        self.statistics()

    def editor(self):
        """A Husbanken editor with an address, who hears of municipal submissions (in
        the console under ``make run``). No password: an admin sets one to sign in."""
        user, created = get_user_model().objects.get_or_create(
            username=content.EDITOR["username"],
            defaults=content.EDITOR,
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(moderation.ensure_husbanken_editors())
        self.loader.tally(created, f"editor {user.username}")

    # --- lookups ---

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
        self.loader.tally(created, f"theme {tag.name}")
        return tag

    def person(self, slug):
        return self.loader.people_by_slug.get(slug) if slug else None

    @staticmethod
    def named(objects, names):
        """The objects of ``names`` that exist (an editor may have renamed one)."""
        return [objects[name] for name in names if name in objects]

    def parent(self, spec, kind):
        """The municipality's page, or the index page when Husbanken wrote it."""
        number = spec.get("municipality")
        return self.loader.municipalities[number] if number else self.indexes[kind]

    def existing(self, parent, slug, model):
        """(page or None, whether the slug is taken) for ``slug`` below ``parent``."""
        page = Page.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            return None, False
        self.loader.tally(False, f"page {page.url_path}")
        page = page.specific
        return (page if isinstance(page, model) else None), True

    def add_themes(self, page, names):
        page.tags.add(*self.named(self.themes, names))

    # --- pages ---

    def index_page(self, spec):
        model = INDEX_MODELS[spec["kind"]]
        # There is only ever one of each (max_count), wherever an editor put it.
        page = model.objects.order_by("path").first()
        if page is not None:
            self.loader.tally(False, f"page {page.url_path}")
            return page
        return self.loader.publish_new(
            self.loader.home,
            model(
                title=spec["title"],
                slug=spec["slug"],
                intro=spec["intro"],
                show_in_menus=True,
            ),
        )

    def good_practice(self, spec):
        parent = self.parent(spec, "practices")
        page, taken = self.existing(parent, spec["slug"], GoodPracticePage)
        if taken:
            return page
        page = GoodPracticePage(
            title=spec["title"],
            slug=spec["slug"],
            intro=spec["intro"],
            date=spec["date"],
            problem=spec["problem"],
            measures=spec["measures"],
            results=spec["results"],
            resources=spec["resources"],
            transfer=spec["transfer"],
            contact_person=self.person(spec["contact"]),
            period_start=spec["period_start"],
            period_end=spec["period_end"],
            status=spec["status"],
            adapted_from=self.practices.get(spec.get("adapted_from")),
            no_identifiable_persons=True,
            target_groups=self.named(self.target_groups, spec["target_groups"]),
            programme_goals=self.named(self.goals, spec["goals"]),
            figures=GoodPracticeFigure.from_rows(spec["figures"]),
            outcomes=[
                PracticeOutcome(
                    outcome_type=OutcomeType.objects.get(slug=slug),
                    from_year=start,
                    to_year=end,
                )
                for slug, start, end in spec.get("outcomes", [])
            ],
        )
        self.add_themes(page, spec["themes"])
        return self.loader.publish_new(parent, page)

    def results(self, municipality):
        """Example figures for a municipality: plausible, and marked as examples."""
        page, taken = self.existing(municipality, "resultater", MunicipalityResultsPage)
        if taken:
            return page
        types = {outcome.slug: outcome for outcome in OutcomeType.objects.all()}
        page = MunicipalityResultsPage(
            title=f"Resultater for {municipality.title}",
            slug="resultater",
            intro=(
                "Tall for folk som har fått bolig og oppfølging, år for år, mot "
                "kommunens egne mål. Tallene er eksempler laget for demoen."
            ),
            example_data=True,
            figures=[
                OutcomeFigure(
                    outcome_type=types[slug],
                    year=year,
                    value=value,
                    goal=goal,
                )
                for slug, year, value, goal in content.example_figures(
                    int(municipality.municipality_number)
                )
                if slug in types
            ],
        )
        return self.loader.publish_new(municipality, page)

    def statistics(self):
        """A sample import of a KOSTRA table from Statistics Norway (example data)."""
        document = json.loads(content.SSB_SAMPLE.read_text(encoding="utf-8"))
        created, updated, _unchanged = ssb.import_table(
            content.SSB_SAMPLE_TABLE,
            document,
            f"https://www.ssb.no/statbank/table/{content.SSB_SAMPLE_TABLE}",
        )
        self.loader.tally(
            bool(created or updated), f"SSB table {content.SSB_SAMPLE_TABLE}"
        )

    def experience(self, spec):
        parent = self.parent(spec, "experiences")
        page, taken = self.existing(parent, spec["slug"], ExperienceArticlePage)
        if taken:
            return page
        people = (self.person(slug) for slug in spec["authors"])
        practices = (self.practices.get(key) for key in spec["related_practices"])
        page = ExperienceArticlePage(
            title=spec["title"],
            slug=spec["slug"],
            intro=spec["intro"],
            date=spec["date"],
            body=self.loader.stream(f"learning/{spec['slug']}", spec["body"]),
            no_identifiable_persons=True,
            authors=[person for person in people if person],
            target_groups=self.named(self.target_groups, spec["target_groups"]),
            related_practices=[practice for practice in practices if practice],
        )
        self.add_themes(page, spec["themes"])
        return self.loader.publish_new(parent, page)

    def presentation(self, spec):
        # The slides are ensured on every run, so that both runs count the same things.
        document = self.document(spec)
        parent = self.indexes["presentations"]
        page, taken = self.existing(parent, spec["slug"], PresentationPage)
        if taken:
            return page
        speakers = (self.person(slug) for slug in spec["speakers"])
        number = spec["municipality"]
        page = PresentationPage(
            title=spec["title"],
            slug=spec["slug"],
            intro=spec["intro"],
            date=content.GATHERING_DATE,
            municipality=self.loader.municipalities.get(number) if number else None,
            document=document,
            speakers=[person for person in speakers if person],
        )
        self.add_themes(page, spec["themes"])
        return self.loader.publish_new(parent, page)

    # --- documents ---

    def document(self, spec):
        """The presentation's slides as a one-page PDF, found by title or created."""
        document_spec = spec["document"]
        model = get_document_model()
        document = (
            model.objects.filter(title=document_spec["title"]).order_by("pk").first()
        )
        created = document is None
        if created:
            data = render_pdf(
                title=spec["title"],
                byline=document_spec["byline"],
                points=document_spec["lines"],
                occasion=f"{content.GATHERING_TITLE} · "
                f"{norwegian_date(content.GATHERING_DATE)}",
                footer=content.DOCUMENT_FOOTER,
            )
            document = model(
                title=document_spec["title"],
                file=ContentFile(data, name=document_spec["filename"]),
                file_size=len(data),
                file_hash=hashlib.sha1(data).hexdigest(),
            )
            document.save()
        self.loader.tally(created, f"document {document.title}")
        return document


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


# --- A one-page PDF 1.4 slide, written by hand: the same bytes on every run ---

PAGE_WIDTH, PAGE_HEIGHT = 842, 595  # A4 landscape, in points
MARGIN = 60


def _pdf_text(text):
    """A PDF string literal's contents: WinAnsi (cp1252) bytes with \\, ( and ) escaped."""
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _pdf_utf16(text):
    """A text string for the document information dictionary (UTF-16BE with BOM)."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def render_pdf(title, byline, points, occasion, footer):
    """A valid single-page PDF with the talk's title, speaker and main points."""
    operations = [
        # A blue band along the top edge.
        b"0 0.3 0.55 rg 0 %d %d 14 re f 0 g" % (PAGE_HEIGHT - 14, PAGE_WIDTH),
    ]

    def line(font, size, y, text):
        operations.append(
            b"BT /%s %d Tf %d %d Td (%s) Tj ET"
            % (font, size, MARGIN, y, _pdf_text(text))
        )

    y = PAGE_HEIGHT - 60
    line(b"F2", 12, y, occasion)
    y -= 60
    for part in textwrap.wrap(title, 44):
        line(b"F1", 26, y, part)
        y -= 32
    y -= 4
    line(b"F2", 15, y, byline)
    y -= 50
    for point in points:
        for number, part in enumerate(textwrap.wrap(point, 80)):
            line(b"F2", 15, y, f"{'•' if number == 0 else ' '}  {part}")
            y -= 22
        y -= 6
    line(b"F2", 10, 36, footer)
    stream = b"\n".join(operations)

    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Lang (nb-NO) >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
        b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>"
        % (PAGE_WIDTH, PAGE_HEIGHT),
        font % b"Helvetica-Bold",
        font % b"Helvetica",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Title %s /Author %s /Producer (Boligsosialt velferdsprogram demo) >>"
        % (_pdf_utf16(title), _pdf_utf16(byline)),
    ]
    pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        pdf += b"%010d 00000 n \n" % offset
    pdf += (
        b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, len(objects), xref)
    )
    return bytes(pdf)


def calculator_rates(spec):
    """The calculator's rate set from a spec, unless one for its date exists."""
    if HousingRates.objects.filter(valid_from=spec["valid_from"]).exists():
        return HousingRates.objects.get(valid_from=spec["valid_from"])
    fields = {
        name: value
        for name, value in spec.items()
        if name not in ("grant_groups", "cost_ceilings", "ceiling_supplements")
    }
    rates = HousingRates(**fields)
    rates.grant_groups = [
        GrantRateGroup(name=name, grant_per_m2=rate, municipalities=numbers)
        for name, rate, numbers in spec["grant_groups"]
    ]
    rates.cost_ceilings = [
        HousingCostCeiling(household_size=size, ceiling=ceiling)
        for size, ceiling in spec["cost_ceilings"]
    ]
    rates.ceiling_supplements = [
        CeilingSupplement(name=name, supplement=amount, municipalities=numbers)
        for name, amount, numbers in spec["ceiling_supplements"]
    ]
    rates.full_clean()
    rates.save()
    return rates

"""Build the demo site: pages, municipalities, people, vocabularies and images.

Idempotent: everything is looked up by a stable key (slug, municipality number, person
slug, vocabulary name, image title) and created only when missing; nothing that exists
is changed, so editors' changes survive and a second run creates no pages or revisions.
The texts live in ``portal.demo_content``; the images are drawn here with Pillow, the
same bytes on every run.
"""

import contextlib
import functools
import hashlib
import io
import logging
import math
import uuid

from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from PIL import Image, ImageChops, ImageDraw, ImageFilter
from wagtail.models import Site

from portal import demo_content as demo
from portal import registry
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


class Command(BaseCommand):
    help = (
        "Fills the site with demo content in bokmål (pages, programme municipalities, "
        "people, target groups, programme goals, images). Safe to run again."
    )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        loader = DemoLoader(report=self.stdout.write if verbosity >= 2 else None)
        # Wagtail and the task runner log every page and index update at INFO; that
        # is hundreds of lines on a fresh database, so only -v 2 shows them.
        quiet = verbosity < 2
        with _quieter("wagtail", "django_tasks", enabled=quiet), transaction.atomic():
            loader.run()
        if verbosity >= 1:
            self.stdout.write(
                f"Demo content: {loader.created} created, "
                f"{loader.present} already present"
            )


@contextlib.contextmanager
def _quieter(*names, enabled=True):
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
        self.images = {}
        self.page_ids = {}

    def run(self):
        home = ensure_home_page()
        self.images = {key: self.image(key, spec) for key, spec in demo.IMAGES.items()}
        self.vocabulary(TargetGroup, demo.TARGET_GROUPS)
        self.vocabulary(ProgrammeGoal, demo.PROGRAMME_GOALS)
        people, new_people = self.people()
        index = self.municipality_index(home)
        municipalities = {
            spec["number"]: self.municipality(index, spec, people)
            for spec in demo.MUNICIPALITIES
        }
        # People are created before the pages that name them as contacts, so the
        # municipality of someone created now is filled in here.
        for person, spec in new_people:
            if spec.get("municipality"):
                person.municipality = municipalities[spec["municipality"]]
                person.save(update_fields=["municipality"])
        statements = {
            spec["slug"]: self.standard_page(home, spec) for spec in demo.STANDARD_PAGES
        }
        self.home_page(home)
        self.site_settings(
            statements[demo.PRIVACY["slug"]], statements[demo.ACCESSIBILITY["slug"]]
        )
        self.home = home
        self.people_by_slug = people
        self.municipalities = municipalities
        for build in registry.demo_builders:
            build(self)

    # --- bookkeeping ---

    def tally(self, created, what):
        if created:
            self.created += 1
        else:
            self.present += 1
        if self.report:
            self.report(f"  {'created' if created else 'present'}: {what}")

    def remember(self, key, page):
        """Make ``page`` the target of ``{key}`` links in the texts."""
        self.page_ids[key] = page.pk
        return page

    # --- snippets and images ---

    def image(self, key, spec):
        image = PortalImage.objects.filter(title=spec["title"]).order_by("pk").first()
        created = image is None
        if created:
            data = render_image(key)
            image = PortalImage(
                title=spec["title"],
                description=spec["description"],
                credit=spec["credit"],
                file=ImageFile(io.BytesIO(data), name=spec["filename"]),
                file_size=len(data),
                file_hash=hashlib.sha1(data).hexdigest(),
            )
            image.save()
        self.tally(created, f"image {image.title}")
        return image

    def vocabulary(self, model, entries):
        for position, (name, description) in enumerate(entries, start=1):
            _, created = model.objects.get_or_create(
                name=name,
                defaults={"description": description, "sort_order": position * 10},
            )
            self.tally(created, f"{model._meta.verbose_name} {name}")

    def people(self):
        """Every person by slug, and those created now with their specification."""
        people, new_people = {}, []
        for spec in demo.PEOPLE:
            slug = norwegian_slugify(spec["name"])
            person = Person.objects.filter(slug=slug).first()
            created = person is None
            if created:
                person = Person.objects.create(
                    name=spec["name"],
                    slug=slug,
                    role=spec["role"],
                    organisation=spec["organisation"],
                    bio=spec["bio"],
                )
                new_people.append((person, spec))
            self.tally(created, f"person {person.name}")
            people[slug] = person
        return people, new_people

    # --- pages ---

    def publish_new(self, parent, page):
        """Add ``page`` below ``parent`` and publish it: one revision, at creation."""
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.tally(True, f"page {page.url_path}")
        return page

    def municipality_index(self, home):
        spec = demo.MUNICIPALITY_INDEX
        # There is only ever one (max_count), wherever an editor may have put it.
        index = MunicipalityIndexPage.objects.order_by("path").first()
        if index is not None:
            self.tally(False, f"page {index.url_path}")
            return self.remember("kommuner", index)
        return self.remember(
            "kommuner",
            self.publish_new(
                home,
                MunicipalityIndexPage(
                    title=spec["title"],
                    slug=spec["slug"],
                    intro=spec["intro"],
                    show_in_menus=spec["show_in_menus"],
                ),
            ),
        )

    def municipality(self, index, spec, people):
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
            county=spec["county"],
            region=spec["region"],
            year_joined=spec["year_joined"],
            intro=spec["intro"],
            profile=spec["profile"],
            goals=spec["goals"],
            image=self.images.get(spec.get("image")),
            contacts=[
                MunicipalityContact(
                    person=people[slug], responsibility=responsibility, sort_order=order
                )
                for order, (slug, responsibility) in enumerate(spec.get("contacts", []))
            ],
            outcomes=[
                MunicipalityOutcome(
                    year=year,
                    homeless_settled=settled,
                    temporary_to_permanent=to_permanent,
                    new_rental_homes=new_homes,
                    sort_order=order,
                )
                for order, (year, settled, to_permanent, new_homes) in enumerate(
                    spec["outcomes"]
                )
            ],
        )
        return self.publish_new(index, page)

    def standard_page(self, home, spec):
        page = StandardPage.objects.child_of(home).filter(slug=spec["slug"]).first()
        if page is not None:
            self.tally(False, f"page {page.url_path}")
            return self.remember(link_key(page.slug), page)
        page = StandardPage(
            title=spec["title"],
            slug=spec["slug"],
            intro=spec["intro"],
            show_in_menus=spec["show_in_menus"],
            body=self.stream(spec["slug"], spec["body"]),
        )
        return self.remember(link_key(page.slug), self.publish_new(home, page))

    def home_page(self, home):
        """Fill a fresh home page; one that has an intro is the editors' already."""
        home.refresh_from_db()
        if home.intro:
            self.tally(False, "home page content")
            return
        home.intro = demo.HOME["intro"]
        home.hero_image = self.images[demo.HOME["hero_image"]]
        home.body = self.stream(home.slug, demo.HOME["body"])
        home.save_revision().publish()
        self.tally(True, "home page content")

    def stream(self, key, blocks):
        """BodyBlock raw data: page links and image keys resolved, stable block ids."""
        data = []
        for position, block in enumerate(blocks):
            value = block["value"]
            if block["type"] == "paragraph":
                value = value.format_map(self.page_ids)
            elif block["type"] == "fact_box":
                value = {**value, "body": value["body"].format_map(self.page_ids)}
            elif block["type"] == "figure":
                value = {**value, "image": self.images[value["image"]].pk}
            block_id = uuid.uuid5(BLOCK_NAMESPACE, f"{key}/{position}")
            data.append({"type": block["type"], "value": value, "id": str(block_id)})
        return data

    # --- settings ---

    def site_settings(self, privacy_page, accessibility_page):
        """Fill the default site's settings where they are blank; keep what is set."""
        site = Site.objects.get(is_default_site=True)
        settings, created = SiteSettings.objects.get_or_create(site=site)
        wanted = {
            "organisation_name": demo.ORGANISATION,
            "contact_email": demo.CONTACT_EMAIL,
            "contact_phone": demo.CONTACT_PHONE,
            "contact_address": demo.CONTACT_ADDRESS,
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


def link_key(slug):
    """How the texts name a page in links: «om-programmet» is «om_programmet»."""
    return slug.replace("-", "_")


# --- Images: calm illustrations in blue and green, drawn without randomness ---

WIDTH, HEIGHT = 1600, 900
SUPERSAMPLE = 2  # draw at twice the size and scale down, for smooth edges


@functools.cache
def render_image(key):
    """The encoded bytes of the demo image ``key`` (the same bytes on every call)."""
    image, image_format = {
        "rooftops": (_rooftops, "PNG"),
        "coast": (_coast, "PNG"),
        "apartments": (_apartments, "JPEG"),
    }[key]
    picture = image()
    buffer = io.BytesIO()
    if image_format == "JPEG":
        picture.save(buffer, "JPEG", quality=86, optimize=True, progressive=True)
    else:
        picture.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _canvas():
    return WIDTH * SUPERSAMPLE, HEIGHT * SUPERSAMPLE


def _finish(image):
    return image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)


def _vertical_gradient(size, top, bottom):
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(
        Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask
    )


def _soft(image, radius, factor=4):
    """A wide Gaussian blur done at a quarter of the size: the same look, faster."""
    small = image.resize((image.width // factor, image.height // factor))
    blurred = small.filter(ImageFilter.GaussianBlur(radius / factor))
    return blurred.resize(image.size, Image.Resampling.BICUBIC)


def _ridge(width, base, amplitude, waves, phase):
    """Points along a soft hill line: a sum of two sine waves."""
    points = []
    for x in range(0, width + 1, 8):
        t = x / width
        y = base - amplitude * (
            0.6 * math.sin(2 * math.pi * waves * t + phase)
            + 0.4 * math.sin(2 * math.pi * (waves * 2.3) * t + phase * 1.7)
        )
        points.append((x, y))
    return points


def _hill(draw, width, height, base, amplitude, waves, phase, colour):
    draw.polygon(
        [(0, height), *_ridge(width, base, amplitude, waves, phase), (width, height)],
        fill=colour,
    )


def _rooftops():
    """A row of terraced houses with pitched roofs under a pale sky."""
    w, h = _canvas()
    image = _vertical_gradient((w, h), (182, 212, 232), (232, 242, 244))
    draw = ImageDraw.Draw(image)
    _hill(draw, w, h, h * 0.52, h * 0.05, 1.2, 0.4, (160, 196, 186))
    _hill(draw, w, h, h * 0.60, h * 0.04, 1.7, 2.1, (122, 170, 150))

    walls = [
        (74, 122, 152),
        (96, 150, 132),
        (58, 100, 132),
        (120, 168, 158),
        (86, 136, 166),
    ]
    roofs = [(38, 62, 84), (44, 74, 78), (30, 52, 76)]
    house_width = w // 8
    ground = int(h * 0.93)
    for i in range(-1, 9):
        left = i * house_width + (house_width // 6 if i % 2 else 0) - house_width // 4
        wall_height = int(h * (0.26 + 0.035 * ((i * 3) % 4)))
        top = ground - wall_height
        peak = top - int(house_width * 0.42)
        wall = walls[i % len(walls)]
        draw.rectangle([left, top, left + house_width, ground], fill=wall)
        overhang = house_width // 14
        draw.polygon(
            [
                (left - overhang, top + 6),
                (left + house_width // 2, peak),
                (left + house_width + overhang, top + 6),
            ],
            fill=roofs[i % len(roofs)],
        )
        if i % 3 == 0:
            chimney = left + int(house_width * 0.68)
            draw.rectangle(
                [
                    chimney,
                    peak + house_width * 0.14,
                    chimney + house_width * 0.08,
                    top - house_width * 0.08,
                ],
                fill=(52, 70, 86),
            )
        window = house_width // 6
        for column in (0.2, 0.62):
            x = left + int(house_width * column)
            for row in range(2 if wall_height > h * 0.3 else 1):
                y = top + int(wall_height * 0.16) + row * int(window * 1.7)
                lit = (i + row) % 4 == 1
                draw.rectangle(
                    [x, y, x + window, y + int(window * 1.2)],
                    fill=(248, 226, 160) if lit else (226, 238, 244),
                )
                draw.line(
                    [x + window // 2, y, x + window // 2, y + int(window * 1.2)],
                    fill=wall,
                    width=4,
                )
        door = left + int(house_width * 0.42)
        draw.rectangle(
            [door, ground - int(window * 2.1), door + int(window * 0.95), ground],
            fill=(40, 66, 90),
        )
    draw.rectangle([0, ground, w, h], fill=(98, 150, 118))
    return _finish(image)


def _coast():
    """Small houses scattered on a green slope down to the sea."""
    w, h = _canvas()
    image = _vertical_gradient((w, h), (176, 208, 230), (228, 240, 242))
    draw = ImageDraw.Draw(image)
    sea_top = int(h * 0.68)
    _hill(draw, w, h, h * 0.44, h * 0.06, 0.8, 1.1, (150, 190, 168))
    slope = _ridge(w, h * 0.5, h * 0.07, 0.6, 2.4)
    _hill(draw, w, h, h * 0.5, h * 0.07, 0.6, 2.4, (104, 156, 120))

    walls = [(244, 246, 244), (210, 226, 232), (236, 240, 230)]
    roofs = [(46, 78, 104), (56, 98, 88), (36, 58, 86)]
    golden = (math.sqrt(5) - 1) / 2  # spreads the houses evenly without a pattern
    houses = []
    for i in range(18):
        x = int(60 + ((i * golden) % 1) * (w - 260))
        ridge_y = min((abs(px - x), py) for px, py in slope)[1]
        depth = ((i * 2 * golden) % 1) * 0.75 + 0.12
        houses.append((depth, x, ridge_y + (sea_top - ridge_y) * depth, i))
    for depth, x, y, i in sorted(houses):  # farther up the slope first
        size = int(38 + 48 * depth)
        draw.rectangle([x, y, x + size * 1.3, y + size], fill=walls[i % len(walls)])
        draw.polygon(
            [
                (x - 8, y + 4),
                (x + size * 0.65, y - size * 0.55),
                (x + size * 1.3 + 8, y + 4),
            ],
            fill=roofs[i % len(roofs)],
        )
        draw.rectangle(
            [x + size * 0.2, y + size * 0.3, x + size * 0.45, y + size * 0.6],
            fill=(96, 130, 150),
        )

    draw.rectangle([0, sea_top - 14, w, sea_top + 4], fill=(214, 206, 176))
    image.paste(
        _vertical_gradient((w, h - sea_top), (92, 146, 176), (42, 96, 136)),
        (0, sea_top),
    )
    for row in range(12):
        y = sea_top + 22 + row * row * 4 + row * 16
        for column in range(10):
            x = int(((column + row * golden) * 0.1 % 1) * w)
            length = 70 + (column * 37 + row * 11) % 130
            draw.line([x, y, x + length, y], fill=(140, 186, 208), width=3)
    return _finish(image)


def _apartments():
    """A block of flats at dusk with lit windows: soft, like a photograph."""
    w, h = _canvas()
    image = _vertical_gradient((w, h), (34, 58, 102), (222, 170, 126))
    draw = ImageDraw.Draw(image)
    _hill(draw, w, h, h * 0.70, h * 0.03, 1.1, 0.3, (46, 70, 96))

    left, right = int(w * 0.18), int(w * 0.82)
    top, bottom = int(h * 0.16), int(h * 0.94)
    facade = _vertical_gradient(
        (right - left, bottom - top), (78, 96, 118), (52, 66, 84)
    )
    image.paste(facade, (left, top))
    draw.rectangle([left - 20, top - 24, right + 20, top], fill=(40, 52, 68))

    glow = Image.new("RGB", (w, h))
    glow_draw = ImageDraw.Draw(glow)
    columns, rows = 9, 7
    cell_w = (right - left) / columns
    cell_h = (bottom - top - 40) / rows
    for row in range(rows):
        for column in range(columns):
            x0 = left + column * cell_w + cell_w * 0.22
            y0 = top + 30 + row * cell_h + cell_h * 0.18
            x1, y1 = x0 + cell_w * 0.56, y0 + cell_h * 0.52
            lit = (row * 7 + column * 3) % 5 in (0, 2)
            if lit:
                warmth = (row * 5 + column * 11) % 3
                colour = [(240, 184, 104), (232, 166, 92), (246, 198, 124)][warmth]
                draw.rectangle([x0, y0, x1, y1], fill=colour)
                glow_draw.rectangle(
                    [x0 - 10, y0 - 10, x1 + 10, y1 + 10], fill=(110, 62, 18)
                )
            else:
                draw.rectangle([x0, y0, x1, y1], fill=(70, 92, 124))
                draw.line(
                    [x0, y0 + (y1 - y0) * 0.3, x1, y0], fill=(96, 122, 156), width=3
                )
            draw.rectangle([x0 - 12, y1 + 6, x1 + 12, y1 + 18], fill=(38, 48, 62))
    image = ImageChops.add(image, _soft(glow, 40))

    trees = Image.new("RGBA", (w, h))
    tree_draw = ImageDraw.Draw(trees)
    for i in range(11):
        cx = (i * 331 + 80) % w
        radius = 150 + (i * 53) % 110
        cy = h - radius * 0.5
        tree_draw.ellipse(
            [cx - radius, cy - radius, cx + radius, cy + radius], fill=(24, 52, 44, 255)
        )
    trees = _soft(trees, 18)
    image.paste(trees, (0, 0), trees)

    # A soft focus and darker corners, as a camera would give.
    image = _finish(image).filter(ImageFilter.GaussianBlur(1))
    vignette = (
        Image.radial_gradient("L")
        .resize(image.size)
        .point(lambda v: min(255, int(v * 0.55)))
    )
    return Image.composite(Image.new("RGB", image.size, (10, 16, 28)), image, vignette)

"""Knowledge pages in bulk, for ``python -m bench.bulk``.

For N items: 60 % experience articles and 40 % good practices below the municipality
pages, spread unevenly (Zipf-like: the first municipality in a fixed, shuffled order gets
the most, so "a municipality with many pages" exists), and N/20 presentations (at most
``MAX_PRESENTATIONS``) below the presentation index. Item ``i`` of a kind is always the
same page (its own seeded ``random.Random``, its own translation key), so a run tops up
to N and a second run with the same N adds nothing.
"""

import datetime
import itertools

from django.contrib.auth.models import Group, Permission
from taggit.models import Tag
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    WorkflowPage,
)

from bench.bulk import text, writer
from bench.bulk.municipalities import OSLO, municipality_order, rng_for, short_name
from learning import moderation
from learning.models import (
    ExperienceArticlePage,
    GoodPracticeFigure,
    GoodPracticePage,
    PracticeStatus,
    PresentationIndexPage,
    PresentationPage,
)
from portal.models import ProgrammeGoal, TargetGroup

FIRST_DAY = datetime.date(2014, 1, 6)
LAST_DAY = datetime.date(2026, 10, 30)
ZIPF_EXPONENT = 1.0
MAX_PRESENTATIONS = 500
# Pages are made in chunks: a later chunk can point to pages of an earlier one.
CHUNK = 2000

PRESENTATION_TITLES = [
    "{Measure} i {municipality}",
    "{Measure}: erfaringer fra {municipality}",
    "Hvordan {municipality} arbeider med {theme}",
    "{Measure} – status og veien videre",
]


def counts(n):
    """(experience articles, good practices, presentations) for N items."""
    articles = n * 3 // 5
    return articles, n - articles, min(n // 20, MAX_PRESENTATIONS)


def moment_in_range(rng, first=FIRST_DAY, last=LAST_DAY):
    """A working-day moment between ``first`` and ``last``, in Oslo time."""
    day = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
    if day.weekday() > 4:
        day -= datetime.timedelta(days=day.weekday() - 4)
    return datetime.datetime.combine(
        day, datetime.time(8 + rng.randint(0, 7), rng.randint(0, 59)), tzinfo=OSLO
    )


class LearningBulk:
    """Creates the missing knowledge pages for N items; remembers what it made."""

    def __init__(self, user, municipalities, people):
        self.user = user
        self.order = municipality_order(municipalities)
        self.cum_weights = list(
            itertools.accumulate(
                1 / (rank + 1) ** ZIPF_EXPONENT for rank in range(len(self.order))
            )
        )
        self.people = people
        self.everyone = [person for group in people.values() for person in group]
        self.themes = {
            tag.name: tag for tag in Tag.objects.filter(name__in=text.THEMES)
        }
        self.target_groups = list(TargetGroup.objects.order_by("pk"))
        self.goals = list(ProgrammeGoal.objects.order_by("pk"))
        self.taken = writer.child_slugs(*municipalities)
        self.created = {}

    # --- what exists ---

    def missing(self, kind, model, count):
        """The indexes of ``kind`` below ``count`` without a page, and {index: id}."""
        keys = {writer.key(kind, index): index for index in range(count)}
        found = writer.existing_keys(model, self.user)
        ids = {keys[key]: pk for key, pk in found.items() if key in keys}
        return [index for index in range(count) if index not in ids], ids

    def make(self, kind, model, count, build):
        """Pages for the missing indexes of ``kind``, in chunks; returns {index: id}."""
        todo, ids = self.missing(kind, model, count)
        for start in range(0, len(todo), CHUNK):
            chunk = todo[start : start + CHUNK]
            entries = [build(index, ids) for index in chunk]
            pages = writer.add_pages(entries, self.user)
            ids.update(
                (index, page.pk) for index, page in zip(chunk, pages, strict=True)
            )
            self.created.setdefault(type(pages[0]), []).extend(p.pk for p in pages)
        return ids

    # --- shared choices ---

    def municipality(self, rng):
        return rng.choices(self.order, cum_weights=self.cum_weights)[0]

    def prose(self, rng, municipality):
        themes = rng.sample(text.THEMES, rng.randint(1, 3))
        return text.Writer(rng, short_name(municipality), themes[0]), themes

    def tag(self, page, themes):
        page.tags.add(*(self.themes[name] for name in themes if name in self.themes))

    def staff(self, rng, municipality, most=2):
        people = self.people.get(municipality.pk) or self.people.get(None, [])
        return rng.sample(people, min(len(people), rng.randint(1, most)))

    # --- good practices ---

    def practices(self, count):
        return self.make("practice", GoodPracticePage, count, self.practice)

    def practice(self, index, ids):
        rng = rng_for("practice", index)
        municipality = self.municipality(rng)
        prose, themes = self.prose(rng, municipality)
        moment = moment_in_range(rng)
        start = rng.randint(max(2010, moment.year - 4), moment.year)
        status = rng.choice(PracticeStatus.values)
        title = prose.title(text.PRACTICE_TITLES)
        page = GoodPracticePage(
            title=title,
            slug=writer.unique_slug(self.taken[municipality.pk], title),
            intro=prose.intro(),
            date=moment.date(),
            municipality=municipality,
            problem=prose.html(3),
            measures="<ul>"
            + "".join(f"<li>{sentence}</li>" for sentence in prose.sentences(3))
            + "</ul>",
            results=prose.html(2),
            resources=prose.html(2),
            transfer=prose.html(2),
            contact_person=self.staff(rng, municipality, most=1)[0],
            period_start=start,
            period_end=(
                rng.randint(start, moment.year)
                if status == PracticeStatus.ENDED
                else None
            ),
            status=status,
            adapted_from=self.adapted_from(rng, ids),
            no_identifiable_persons=True,
            target_groups=rng.sample(self.target_groups, rng.randint(1, 2)),
            programme_goals=rng.sample(self.goals, rng.randint(1, 2)),
            figures=GoodPracticeFigure.from_rows(prose.figures()),
        )
        self.tag(page, themes)
        page.translation_key = writer.key("practice", index)
        return municipality, page, moment

    @staticmethod
    def adapted_from(rng, ids):
        """Now and then an earlier practice that this one builds on."""
        if rng.random() >= 0.1 or not ids:
            return None
        return GoodPracticePage(pk=ids[rng.choice(sorted(ids))])

    # --- experience articles ---

    def articles(self, count, practice_ids):
        self.practice_choices = sorted(practice_ids.values())
        return self.make("article", ExperienceArticlePage, count, self.article)

    def article(self, index, ids):
        rng = rng_for("article", index)
        municipality = self.municipality(rng)
        prose, themes = self.prose(rng, municipality)
        moment = moment_in_range(rng)
        related = []
        if self.practice_choices and rng.random() < 0.3:
            related = [GoodPracticePage(pk=rng.choice(self.practice_choices))]
        title = prose.title(text.ARTICLE_TITLES)
        page = ExperienceArticlePage(
            title=title,
            slug=writer.unique_slug(self.taken[municipality.pk], title),
            intro=prose.intro(),
            date=moment.date(),
            municipality=municipality,
            body=prose.body(lambda position: writer.key(f"article/{index}", position)),
            no_identifiable_persons=True,
            authors=self.staff(rng, municipality),
            target_groups=rng.sample(self.target_groups, rng.randint(1, 2)),
            related_practices=related,
        )
        self.tag(page, themes)
        page.translation_key = writer.key("article", index)
        return municipality, page, moment

    # --- presentations ---

    def presentations(self, count):
        self.presentation_index = PresentationIndexPage.objects.order_by("path").first()
        self.presentation_slugs = writer.child_slugs(self.presentation_index)[
            self.presentation_index.pk
        ]
        return self.make("presentation", PresentationPage, count, self.presentation)

    def presentation(self, index, ids):
        rng = rng_for("presentation", index)
        municipality = self.municipality(rng)
        prose, themes = self.prose(rng, municipality)
        moment = moment_in_range(rng)
        title = prose.title(PRESENTATION_TITLES)
        page = PresentationPage(
            title=title,
            slug=writer.unique_slug(self.presentation_slugs, title),
            intro=prose.intro(),
            date=moment.date(),
            municipality=municipality,
            speakers=self.staff(rng, municipality),
        )
        self.tag(page, themes)
        page.translation_key = writer.key("presentation", index)
        return self.presentation_index, page, moment


def add_municipality_editors(municipalities):
    """Contributors' groups for new municipalities, in a few statements.

    The same groups, rights, collections and workflow as
    ``moderation.ensure_municipality_editors`` gives one municipality (a test holds
    the two to the same result); that function costs half a second per municipality.
    """
    if not municipalities:
        return
    husbanken = moderation.ensure_husbanken_editors()
    workflow = moderation.ensure_workflow()
    permission = _permissions()
    groups = Group.objects.bulk_create(
        [
            Group(name=moderation.municipality_group_name(page))
            for page in municipalities
        ]
    )
    Group.permissions.through.objects.bulk_create(
        Group.permissions.through(group=group, permission=permission["access_admin"])
        for group in groups
    )
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=group, page=page, permission=permission[codename])
        for group, page in zip(groups, municipalities, strict=True)
        for codename in ("add_page", "change_page")
    )
    owns, rooms = _collections(municipalities)
    restrictions = CollectionViewRestriction.objects.bulk_create(
        CollectionViewRestriction(
            collection=room, restriction_type=BaseViewRestriction.GROUPS
        )
        for room in rooms
    )
    CollectionViewRestriction.groups.through.objects.bulk_create(
        CollectionViewRestriction.groups.through(
            collectionviewrestriction=restriction, group=member
        )
        for restriction, group in zip(restrictions, groups, strict=True)
        for member in (group, husbanken)
    )
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(
            group=group,
            collection=collection,
            permission=permission[f"{action}_{model}"],
        )
        for group, own, room in zip(groups, owns, rooms, strict=True)
        for collection, action in ((own, "choose"), (room, "add"))
        for _, model in moderation.MEDIA_MODELS
    )
    WorkflowPage.objects.bulk_create(
        WorkflowPage(page=page, workflow=workflow) for page in municipalities
    )


def _permissions():
    """Admin access, page rights and media rights, by codename."""
    apps = ["wagtailadmin", "wagtailcore"] + [app for app, _ in moderation.MEDIA_MODELS]
    return {
        permission.codename: permission
        for permission in Permission.objects.filter(content_type__app_label__in=apps)
    }


def _collections(municipalities):
    """Each municipality's own collection below the root, and its upload room."""
    root = Collection.get_first_root_node()
    paths = writer.child_paths([(root, len(municipalities))])[root.pk]
    owns = Collection.objects.bulk_create(
        Collection(path=path, depth=2, numchild=1, name=page.title)
        for path, page in zip(paths, municipalities, strict=True)
    )
    rooms = Collection.objects.bulk_create(
        Collection(
            path=Collection._get_path(own.path, 3, 1),
            depth=3,
            numchild=0,
            name=f"{own.name}{moderation.UPLOAD_ROOM_SUFFIX}",
        )
        for own in owns
    )
    return owns, rooms

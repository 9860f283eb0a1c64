"""The bulk writer (``bench.bulk.writer``) on its own: the rows it leaves are the rows
Wagtail's own API leaves, its municipalities get the usual rights, and the generator
asks for the demo content first."""

import datetime
import json
import re
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.utils import timezone
from taggit.models import Tag
from wagtail.blocks import StreamValue
from wagtail.models import Collection, Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.models import IndexEntry

from bench.bulk import writer
from bench.bulk.generate import MissingDemoContent, generate, main
from bench.bulk.knowledge import add_municipality_editors
from bench.bulk.text import THEMES
from bench.bulk.writer import generator_user
from demo import datafiles
from learning.models import (
    ExperienceArticlePage,
    GoodPracticeFigure,
    GoodPracticePage,
)
from portal.models import MunicipalityPage, SearchTerm
from tests.factories import (
    MunicipalityPageFactory,
    PersonFactory,
    ProgrammeGoalFactory,
    TargetGroupFactory,
)

pytestmark = pytest.mark.django_db


def test_it_asks_for_the_demo_content_first(db):
    with pytest.raises(MissingDemoContent, match="load_demo_content"):
        generate(40)
    lines = []
    assert main(["40"], report=lines.append) == 1
    assert "load_demo_content" in lines[0]


def test_the_generated_themes_are_the_demos():
    assert datafiles.read("vocabularies")["themes"] == THEMES


def rights(page):
    """What a municipality's contributors may do, with names made comparable."""
    group = Group.objects.filter(page_permissions__page=page).distinct().get()
    rooms = Collection.objects.filter(group_permissions__group=group)
    return {
        "group": group.name.replace(page.title, "<kommune>"),
        "permissions": sorted(group.permissions.values_list("codename", flat=True)),
        "pages": sorted(
            group.page_permissions.filter(page=page).values_list(
                "permission__codename", flat=True
            )
        ),
        "collections": sorted(
            (
                grant.collection.name.replace(page.title, "<kommune>"),
                grant.collection.depth,
                grant.permission.codename,
            )
            for grant in group.collection_permissions.select_related(
                "collection", "permission"
            )
        ),
        "restricted to": sorted(
            group.name.replace(page.title, "<kommune>")
            for room in rooms
            for restriction in room.view_restrictions.all()
            for group in restriction.groups.all()
        ),
        "workflow": page.workflowpage.workflow.name,
    }


def test_editors_of_a_generated_municipality_have_the_usual_rights(
    municipality_index,
):
    # Added the usual way, the municipality gets its group from a signal.
    usual = MunicipalityPageFactory(
        parent=municipality_index, title="Sokndal kommune", municipality_number="1111"
    )
    [generated] = writer.add_pages(
        [
            (
                municipality_index,
                MunicipalityPage(
                    title="Lund kommune",
                    slug="lund",
                    municipality_number="1112",
                    county="rogaland",
                    region="vest",
                    year_joined=2020,
                ),
                timezone.now(),
            )
        ],
        writer.generator_user(),
    )
    assert not Group.objects.filter(page_permissions__page=generated).exists()
    add_municipality_editors([generated])
    assert rights(generated) == rights(usual)
    assert all(not problems for problems in Collection.find_problems())


# The writer against Wagtail's own API: the same pages, made both ways, leave the same
# rows. Wagtail's way is the demo loader's: ``add_child`` (logged as the creation),
# ``save_revision`` and publishing that revision, in the name of the page's owner.

MOMENT = datetime.datetime(2024, 3, 5, 10, 30, tzinfo=datetime.UTC)


def knowledge_pages(parent, person, group, goal, theme, linked):
    """A good practice and an experience article below ``parent``, unsaved."""
    practice = GoodPracticePage(
        title="Boligteam med én dør inn",
        slug="boligteam",
        intro="Kommunen samlet tjenestene i ett boligteam.",
        date=datetime.date(2024, 3, 1),
        municipality=parent,
        problem="<p>Søkerne ble sendt fra kontor til kontor.</p>",
        measures="<ul><li>Et team møtes hver uke.</li></ul>",
        results="<p>Raskere svar.</p>",
        resources="<p>Tid fra enhetene.</p>",
        transfer="<p>Sett av tid.</p>",
        contact_person=person,
        period_start=2022,
        status="ongoing",
        no_identifiable_persons=True,
        target_groups=[group],
        programme_goals=[goal],
        figures=GoodPracticeFigure.from_rows(
            [("Søknader besvart innen fire uker", "prosent", 40, 2022, 85, 2023)]
        ),
    )
    practice.tags.add(theme)
    article = ExperienceArticlePage(
        title="Dette lærte vi av boligteamet",
        slug="laerte-av-boligteamet",
        intro="Erfaringer fra det første året.",
        date=datetime.date(2024, 3, 2),
        municipality=parent,
        body=[
            {"type": "heading", "value": {"text": "Én dør inn", "level": "h2"}},
            {
                # The reference index names a block by its id.
                "id": "0a5b1530-2314-4ae8-b3d8-fc020f1482c0",
                "type": "paragraph",
                "value": f'<p>Les om <a linktype="page" id="{linked.pk}">kommunene</a>.'
                "</p>",
            },
        ],
        no_identifiable_persons=True,
        authors=[person],
        target_groups=[group],
    )
    article.tags.add(theme)
    return [practice, article]


def through_wagtail(parent, pages, user):
    for page in pages:
        page.owner = user  # as the admin's form sets it
        parent.add_child(instance=page)
        revision = page.save_revision(user=user)
        revision.publish(user=user, skip_permission_checks=True)
    return pages


# Fields that never hold the page's own id, though their number may be the same.
OTHERS_IDS = {
    "content_type_id",
    "base_content_type_id",
    "to_content_type_id",
    "to_object_id",
}


def stored(page, parent):
    """What the database holds about ``page``, without its own ids and address."""
    page = Page.objects.get(pk=page.pk).specific
    revisions = Revision.page_revisions.filter(object_id=str(page.pk))
    own_ids = {str(page.pk), page.pk, str(page.translation_key)}

    def plain(value, key=None):
        """Values with the page's own ids, its tree position, the rows' and blocks'
        ids left out, its parent's id the same for both, and the figures' numbers as numbers
        (Wagtail serialises child rows as read back: «40.00», the writer «40»)."""
        if isinstance(value, StreamValue):
            value = value.get_prep_value()
        elif isinstance(value, str) and value.startswith('[{"type"'):
            value = json.loads(value)  # a StreamField in a revision
        if isinstance(value, dict):
            return {
                name: plain(item, name)
                for name, item in value.items()
                # A block's id is new wherever a block is saved without one.
                if name
                not in ("pk", "id", "path", "url_path", "translation_key", "page")
                and not (
                    isinstance(item, str | int)
                    and item in own_ids
                    # A model's or another object's id, which may equal the page's.
                    and name not in OTHERS_IDS
                )
            }
        if isinstance(value, list | tuple):
            return [plain(item) for item in value]
        if key in ("municipality", "municipality_id") and value == parent.pk:
            return "parent"
        if key and key.endswith("_value"):
            return Decimal(value)
        if isinstance(value, str) and key == "content_path":
            return re.sub(r"\.\d+\.", ".#.", value)  # a child row's id
        return value

    def rows(queryset, *exclude):
        fields = [
            field.attname
            for field in queryset.model._meta.concrete_fields
            if not field.primary_key and field.attname not in exclude
        ]
        return sorted(
            (
                plain(dict(zip(fields, row, strict=True)))
                for row in queryset.values_list(*fields)
            ),
            key=repr,
        )

    page_fields = [
        field.attname
        for field in type(page)._meta.concrete_fields
        if field.attname
        not in (
            "id",
            "page_ptr_id",
            "path",
            "url_path",
            "translation_key",
            "latest_revision_id",
            "live_revision_id",
        )
    ]
    entries = PageLogEntry.objects.filter(page=page)
    return {
        "tree": (
            page.path[: -Page.steplen] == parent.path,
            page.depth,
            page.numchild,
            page.url_path == f"{parent.url_path}{page.slug}/",
        ),
        "page": plain({name: getattr(page, name) for name in page_fields}),
        "revisions": revisions.count(),
        "latest is live": page.latest_revision_id == page.live_revision_id,
        "latest is the revision": page.latest_revision_id == revisions.get().pk,
        "revision": rows(revisions, "object_id", "content"),
        "revision content": plain(revisions.get().content),
        "log": rows(entries, "page_id", "revision_id", "uuid"),
        "log revisions": {entry.revision_id for entry in entries}
        == {revisions.get().pk},
        # The hash is of the content path, which names a child row by its id.
        "references": rows(
            ReferenceIndex.objects.filter(object_id=str(page.pk)).exclude(
                model_path="municipality", to_object_id=str(parent.pk)
            ),
            "object_id",
            "content_path_hash",
        ),
        "references the parent": ReferenceIndex.objects.filter(
            object_id=str(page.pk), model_path="municipality"
        ).values_list("to_object_id", flat=True)[::1]
        == [str(parent.pk)],
        # title_norm is the index's average title length over this title's: it
        # depends on what else is in the index when the entry is written.
        "admin search": rows(
            IndexEntry.objects.filter(object_id=str(page.pk)), "object_id", "title_norm"
        ),
        "site search": rows(SearchTerm.objects.filter(page=page), "page_id"),
        "tags": sorted(tag.name for tag in page.tags.all()),
    }


def test_the_writer_leaves_the_rows_wagtails_own_api_leaves(municipality_index):
    user = generator_user()
    person, group, goal = PersonFactory(), TargetGroupFactory(), ProgrammeGoalFactory()
    theme = Tag.objects.create(name="Samordning", slug="samordning")
    by_wagtail, by_writer = (
        MunicipalityPageFactory(parent=municipality_index, slug=slug)
        for slug in ("wagtail", "skriver")
    )
    with time_machine.travel(MOMENT, tick=False):
        wagtail_pages = through_wagtail(
            by_wagtail,
            knowledge_pages(by_wagtail, person, group, goal, theme, municipality_index),
            user,
        )
        written = writer.add_pages(
            [
                (by_writer, page, MOMENT)
                for page in knowledge_pages(
                    by_writer, person, group, goal, theme, municipality_index
                )
            ],
            user,
        )
        for model in (GoodPracticePage, ExperienceArticlePage):
            writer.index_objects(model, [p.pk for p in written if type(p) is model])
    for ours, theirs in zip(written, wagtail_pages, strict=True):
        theirs_stored = stored(theirs, by_wagtail)
        ours_stored = stored(ours, by_writer)
        for key, value in theirs_stored.items():
            assert ours_stored[key] == value, key
    for parent in (by_wagtail, by_writer):
        parent.refresh_from_db()
    assert by_writer.numchild == by_wagtail.numchild == 2
    assert all(not problems for problems in Page.find_problems())

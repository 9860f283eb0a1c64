"""Realistic content in bulk for trials and benchmarks: ``generate`` and ``clear``.

``generate(n)`` tops the site up to N knowledge items on top of the demo content: all
of Norway's municipalities with their staff (``portal.bulk_content``), experience
articles, good practices and presentations (``learning.bulk_content``), gatherings
with agendas, registrations and reports (``events.bulk_content``), the new
municipalities' editors' groups, and the search index. Everything happens in one
transaction and in the name of the generator account (``portal.bulk``), which is how
``clear`` finds what it made and nothing else.
"""

import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Collection, GroupPagePermission, Page

from events.bulk_content import EventsBulk, gathering_count
from events.models import GatheringIndexPage
from learning import demo_content
from learning.bulk_content import add_municipality_editors, counts
from learning.models import PresentationIndexPage
from portal import bulk, content_version
from portal.bulk_content import ensure_municipalities
from portal.models import MunicipalityIndexPage, MunicipalityPage, Person

NEEDS_DEMO = (
    "Demoinnholdet mangler. Kjør «manage.py load_demo_content» først. "
    "(The demo content is missing: run manage.py load_demo_content first.)"
)


class MissingDemoContent(Exception):
    """The demo's index pages and themes, which generated content hangs on, are missing."""


@dataclass
class Timings:
    """How long each phase took, in order; each is reported as it starts and ends."""

    report: Callable[[str], None] = print
    phases: list = field(default_factory=list)

    @contextmanager
    def phase(self, name):
        self.report(f"{name} …")
        started = time.perf_counter()
        yield
        seconds = time.perf_counter() - started
        self.phases.append((name, seconds))
        self.report(f"{name}: {seconds:.1f} s")

    @property
    def total(self):
        return sum(seconds for _, seconds in self.phases)


def check_demo_content():
    """The index pages and themes the generated content hangs on must exist."""
    indexes = (MunicipalityIndexPage, PresentationIndexPage, GatheringIndexPage)
    if not all(model.objects.exists() for model in indexes) or not (
        Tag.objects.filter(name__in=demo_content.THEMES).exists()
    ):
        raise MissingDemoContent(NEEDS_DEMO)


def generate(n, report=print):
    """Top the site up to N items; returns {page model: number created} and timings."""
    check_demo_content()
    timings = Timings(report)
    now = timezone.now()
    with transaction.atomic():
        user = bulk.generator_user()
        with timings.phase("Kommuner og personer"):
            municipalities, people = ensure_municipalities(user, now)
        with timings.phase("Redaktørgrupper for nye kommuner"):
            with_group = set(
                GroupPagePermission.objects.values_list("page_id", flat=True)
            )
            fresh = [
                page
                for page in municipalities
                if page.owner_id == user.pk and page.pk not in with_group
            ]
            add_municipality_editors(fresh)
        articles, practices, presentations = counts(n)
        maker = EventsBulk(user, municipalities, people)
        with timings.phase("Gode eksempler"):
            practice_ids = maker.practices(practices)
        with timings.phase("Erfaringsartikler"):
            maker.articles(articles, practice_ids)
        with timings.phase("Presentasjoner"):
            presentation_ids = maker.presentations(presentations)
        with timings.phase("Samlinger, påmeldinger og rapporter"):
            maker.gatherings(gathering_count(n), presentation_ids, practice_ids)
        created = {MunicipalityPage: [page.pk for page in fresh]} | maker.created
        with timings.phase("Søkeindeks"):
            for model, ids in created.items():
                bulk.index_pages(model, ids)
        # Written past the signals: what is cached from published content goes now.
        content_version.raise_now_and_after_commit()
    counted = {model: len(ids) for model, ids in created.items() if ids}
    return counted, timings


def clear(report=print):
    """Remove every page and person the generator made, and the new editors' groups.

    A generated municipality that an editor has since added pages to is kept, with
    those pages and its staff. Returns the number of pages removed.
    """
    user = bulk.generator_user(create=False)
    if user is None:
        return 0
    with transaction.atomic():
        municipalities = MunicipalityPage.objects.filter(owner=user)
        content = Page.objects.filter(owner=user).exclude(pk__in=municipalities)
        removed = list(content.values_list("pk", flat=True))
        content.delete()
        empty = municipalities.filter(numchild=0)
        kept = municipalities.exclude(numchild=0)
        removed += empty.values_list("pk", flat=True)
        groups = Group.objects.filter(page_permissions__page__in=empty).distinct()
        # The municipality's own collection, with its upload room below it.
        Collection.objects.filter(
            depth=2, group_permissions__group__in=groups
        ).distinct().delete()
        groups.delete()
        bulk.created_by(Person, user).exclude(municipality__in=kept).delete()
        empty.delete()
        bulk.forget(user, removed)
        content_version.raise_now_and_after_commit()
    report(f"Fjernet {len(removed)} genererte sider.")
    return len(removed)

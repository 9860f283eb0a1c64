"""Realistic content in bulk for trials and benchmarks: ``generate`` and ``clear``.

``generate(n)`` tops the site up to N knowledge items on top of the demo content: all
of Norway's municipalities with their staff (``municipalities``), experience articles,
good practices and presentations (``knowledge``), gatherings with agendas,
registrations and reports (``gatherings``), the new municipalities' editors' groups,
and the search index. Everything happens in one transaction and in the name of the
generator account (``writer``), which is how ``clear`` finds what it made and nothing
else.
"""

import argparse
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Collection, GroupPagePermission, Page

from bench.bulk import text, writer
from bench.bulk.gatherings import EventsBulk, gathering_count
from bench.bulk.knowledge import add_municipality_editors, counts
from bench.bulk.municipalities import ensure_municipalities
from demo.loader import quieter
from events.models import GatheringIndexPage
from learning.models import PresentationIndexPage
from portal import content_version
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
        Tag.objects.filter(name__in=text.THEMES).exists()
    ):
        raise MissingDemoContent(NEEDS_DEMO)


def generate(n, report=print):
    """Top the site up to N items; returns {page model: number created} and timings."""
    check_demo_content()
    timings = Timings(report)
    now = timezone.now()
    with transaction.atomic():
        user = writer.generator_user()
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
                writer.index_objects(model, ids)
        # Written past the signals: what is cached from published content goes now.
        content_version.raise_now_and_after_commit()
    counted = {model: len(ids) for model, ids in created.items() if ids}
    return counted, timings


def clear(report=print):
    """Remove every page and person the generator made, and the new editors' groups.

    A generated municipality that an editor has since added pages to is kept, with
    those pages and its staff. Returns the number of pages removed.
    """
    user = writer.generator_user(create=False)
    if user is None:
        return 0
    with transaction.atomic(), writer.references_removed_together():
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
        writer.created_by(Person, user).exclude(municipality__in=kept).delete()
        empty.delete()
        writer.forget(user, removed)
        content_version.raise_now_and_after_commit()
    report(f"Fjernet {len(removed)} genererte sider.")
    return len(removed)


def main(arguments=None, report=print):
    """Generate or clear, reporting each phase; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m bench.bulk")
    parser.add_argument("n", type=int, nargs="?", default=0, help="items (N)")
    parser.add_argument(
        "--clear", action="store_true", help="remove the generated content"
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="Wagtail's own log lines too"
    )
    options = parser.parse_args(arguments)
    # Deleting and publishing pages logs each one at INFO.
    with quieter("wagtail", "django_tasks", enabled=not options.verbose):
        if options.clear:
            clear(report=report)
            return 0
        if options.n < 1:
            parser.error("Oppgi N, antall elementer, for eksempel 1000.")
        try:
            created, timings = generate(options.n, report=report)
        except MissingDemoContent as error:
            report(str(error))
            return 1
    for model, count in created.items():
        report(f"  {model._meta.verbose_name_plural}: {count}")
    report(f"{sum(created.values())} sider opprettet på {timings.total:.1f} s.")
    return 0

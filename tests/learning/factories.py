"""Factories for the learning app's page types, on wagtail-factories.

Themes, target groups, programme goals and people are many-to-many through
modelcluster, so they are set after creation, the page is saved once more, and live
pages are published from a revision as the admin would::

    ExperienceArticlePageFactory(parent=karmoy, tags=["Bostedsløse"], authors=[person])
"""

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from django.utils.text import slugify
from wagtail.rich_text import RichText

from demo.tasks import tasks_once
from learning.models import (
    ExperienceArticlePage,
    ExperienceIndexPage,
    GoodPracticeFigure,
    GoodPracticeIndexPage,
    GoodPracticePage,
    PresentationIndexPage,
    PresentationPage,
)
from portal.models import County
from tests.factories import MunicipalityPageFactory


class DocumentFactory(wagtail_factories.DocumentFactory):
    title = factory.Sequence(lambda n: f"Lysark {n}")
    file = factory.django.FileField(filename="lysark.pdf", data=b"%PDF-1.4 test")


class ExperienceIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ExperienceIndexPage

    title = "Erfaringer"
    slug = "erfaringer"


class GoodPracticeIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GoodPracticeIndexPage

    title = "Gode eksempler"
    slug = "gode-eksempler"


class PresentationIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PresentationIndexPage

    title = "Presentasjoner"
    slug = "presentasjoner"


def _set_many(page, field_name, values):
    if values is None:
        return False
    getattr(page, field_name).set(values)
    return True


class KnowledgePageFactory(wagtail_factories.PageFactory):
    """What the three knowledge types share: date, intro, publication times, themes."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    slug = factory.LazyAttribute(lambda obj: slugify(obj.title)[:80])
    intro = "En kort ingress."
    date = datetime.date(2015, 6, 1)
    # Pages published through the admin have these; the feeds sort on them.
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.SelfAttribute("first_published_at")

    @classmethod
    def _generate(cls, strategy, params):
        # Added, revised and published, a page queues each index update three times;
        # once, after the last save, leaves the same indexes in a third of the time.
        with tasks_once():
            return super()._generate(strategy, params)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted is None:
            return False
        self.tags.add(*extracted)
        return True

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if not create:
            return
        if instance.live:
            # As the admin leaves a page: with a published revision, and indexed for
            # search with its relations. Publishing saves the page from the revision,
            # which holds the hooks' relations too.
            instance.save_revision().publish()
        elif results and any(results.values()):
            instance.save()  # modelcluster keeps the hooks' relations until saved


class ExperienceArticlePageFactory(KnowledgePageFactory):
    class Meta:
        model = ExperienceArticlePage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Erfaringsartikkel {n}")
    no_identifiable_persons = True
    body = factory.LazyFunction(
        lambda: [("paragraph", RichText("<p>Dette lærte vi.</p>"))]
    )

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        return _set_many(self, "authors", extracted)

    @factory.post_generation
    def target_groups(self, create, extracted, **kwargs):
        return _set_many(self, "target_groups", extracted)

    @factory.post_generation
    def related_practices(self, create, extracted, **kwargs):
        return _set_many(self, "related_practices", extracted)


class GoodPracticePageFactory(KnowledgePageFactory):
    class Meta:
        model = GoodPracticePage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Godt eksempel {n}")
    no_identifiable_persons = True
    # No «bolig» here: the search tests look for it.
    problem = "<p>For mange ventet for lenge på hjelp.</p>"
    measures = "<p>Vi etablerte et eget kontor med faste rutiner.</p>"
    period_start = 2014

    @factory.post_generation
    def target_groups(self, create, extracted, **kwargs):
        return _set_many(self, "target_groups", extracted)

    @factory.post_generation
    def programme_goals(self, create, extracted, **kwargs):
        return _set_many(self, "programme_goals", extracted)


class GoodPracticeFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoodPracticeFigure

    page = factory.SubFactory(GoodPracticePageFactory)
    indicator = "Husstander i midlertidig bolig over tre måneder"
    unit = "husstander"
    before_value = 40
    before_year = 2014
    after_value = 12
    after_year = 2016


class PresentationPageFactory(KnowledgePageFactory):
    class Meta:
        model = PresentationPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Presentasjon {n}")

    @factory.post_generation
    def speakers(self, create, extracted, **kwargs):
        return _set_many(self, "speakers", extracted)


# The three programme municipalities the learning tests place their pages in.
MUNICIPALITIES = {
    "karmoy": {
        "title": "Karmøy",
        "slug": "karmoy",
        "municipality_number": "1149",
        "county": County.ROGALAND,
    },
    "bergen": {
        "title": "Bergen",
        "slug": "bergen",
        "municipality_number": "4601",
        "county": County.VESTLAND,
    },
    "bodo": {
        "title": "Bodø",
        "slug": "bodo",
        "municipality_number": "1804",
        "county": County.NORDLAND,
    },
}


def municipality(key, parent):
    """One of ``MUNICIPALITIES`` below ``parent`` (the municipality index)."""
    return MunicipalityPageFactory(parent=parent, **MUNICIPALITIES[key])

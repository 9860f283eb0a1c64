"""A page has each theme once: the lists count themes on that (learning.listing)."""

import pytest
from django.db import IntegrityError, transaction
from taggit.models import Tag

from learning.models import ExperienceArticleTag
from portal.links import keep_first_links
from tests.learning.factories import ExperienceArticlePageFactory

pytestmark = pytest.mark.django_db


def test_the_same_theme_twice_on_a_page_is_refused(karmoy):
    page = ExperienceArticlePageFactory(parent=karmoy, tags=["bostøtte"])
    tag = Tag.objects.get(name="bostøtte")

    with pytest.raises(IntegrityError), transaction.atomic():
        ExperienceArticleTag.objects.create(content_object=page, tag=tag)

    assert ExperienceArticleTag.objects.filter(content_object=page).count() == 1


def test_repeated_links_keep_the_first(karmoy):
    page = ExperienceArticlePageFactory(parent=karmoy, tags=["bostøtte", "leie"])
    links = list(ExperienceArticleTag.objects.order_by("pk"))

    keep_first_links(ExperienceArticleTag, "content_object")

    assert list(ExperienceArticleTag.objects.all()) == [links[0]]
    page = type(page).objects.get(pk=page.pk)
    assert [tag.name for tag in page.tags.all()] == [links[0].tag.name]

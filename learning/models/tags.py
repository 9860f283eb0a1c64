from django.db import models
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase


class ExperienceArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "learning.ExperienceArticlePage",
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )


class GoodPracticeTag(TaggedItemBase):
    content_object = ParentalKey(
        "learning.GoodPracticePage",
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )


class PresentationTag(TaggedItemBase):
    content_object = ParentalKey(
        "learning.PresentationPage",
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )

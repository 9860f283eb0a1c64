from django.db import models
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase


class ExperienceArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "learning.ExperienceArticlePage",
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )

    class Meta:
        # A theme once a page: the lists count a page's themes without DISTINCT.
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="experience_article_tag_once"
            )
        ]


class GoodPracticeTag(TaggedItemBase):
    content_object = ParentalKey(
        "learning.GoodPracticePage",
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )

    class Meta:
        # A theme once a page: the lists count a page's themes without DISTINCT.
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="good_practice_tag_once"
            )
        ]


class PresentationTag(TaggedItemBase):
    content_object = ParentalKey(
        "learning.PresentationPage",
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )

    class Meta:
        # A theme once a page: the lists count a page's themes without DISTINCT.
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="presentation_tag_once"
            )
        ]

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class SearchTerm(models.Model):
    """One analysed word of a published page in the site search's index, with its weight.

    Written by the search backend ``portal.search.backend`` whenever Wagtail indexes a
    page; read by ``portal.search.query``. The weight says where the word stands (the
    title and themes above the body) and what kind of page it is (index pages lower).
    """

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    term = models.CharField(max_length=60)
    weight = models.FloatField()
    # The page's own date (or its first publication) as a day number, for the lift
    # recent pages get: kept here so that ranking reads no other table.
    published = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "term"], name="search_term_once")
        ]
        indexes = [models.Index(fields=["term", "page", "weight"], name="search_term")]

    def __str__(self):
        return self.term


class SearchWord(models.Model):
    """A word as the published pages write it: for "Mente du …?" when a query finds
    little. ``word`` is the folded form a reader's typing is compared with."""

    word = models.CharField(max_length=60, unique=True)
    form = models.CharField(max_length=60)
    term = models.CharField(max_length=60)

    def __str__(self):
        return self.form


class SearchQueryCount(models.Model):
    """How often a query was searched for on a day, and how often it found nothing.

    Counts only: nothing about who searched. For the editors' report of what people look
    for; kept for ``SEARCH_STATISTICS_DAYS`` days.
    """

    query = models.CharField(_("søk"), max_length=200)
    date = models.DateField(_("dato"))
    searches = models.PositiveIntegerField(_("antall søk"), default=0)
    without_hits = models.PositiveIntegerField(_("uten treff"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["query", "date"], name="search_count_day")
        ]
        verbose_name = _("søketelling")
        verbose_name_plural = _("søketellinger")

    def __str__(self):
        return self.query

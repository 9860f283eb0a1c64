from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentChanges(models.Model):
    """How many times the published content has changed: one row, its number raised
    in the transaction of each change (``portal.kept``). What is kept from the
    content in the database is kept with the number it was made at."""

    number = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("endringer i innholdet")
        verbose_name_plural = _("endringer i innholdet")

    def __str__(self):
        return str(self.number)


class KeptCounts(models.Model):
    """A list's facet counts without filters, kept with the content (``portal.kept``).

    ``key`` tells the lists apart (the digest of the list's query, which holds its part
    of the tree and the restricted paths); ``changes`` is the number of changes to the
    content the counts were made at: after another change they are not read.
    """

    key = models.CharField(max_length=64, primary_key=True)
    counts = models.JSONField()
    changes = models.BigIntegerField()
    counted_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tellinger for en liste")
        verbose_name_plural = _("tellinger for lister")

    def __str__(self):
        return self.key

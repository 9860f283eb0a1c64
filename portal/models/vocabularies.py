from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from portal.slugs import unique_slug


class Vocabulary(index.Indexed, models.Model):
    """A controlled list that editors keep short and stable, so content can be compared."""

    name = models.CharField(_("navn"), max_length=120, unique=True)
    slug = models.SlugField(_("adresse"), max_length=80, unique=True, blank=True)
    description = models.TextField(_("forklaring"), max_length=600, blank=True)
    sort_order = models.PositiveSmallIntegerField(
        _("rekkefølge"), default=0, help_text=_("Lavere tall vises først.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
        FieldPanel("slug"),
    ]

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.name, instance_pk=self.pk)
        super().save(*args, **kwargs)


class TargetGroup(Vocabulary):
    """Who a measure is for (målgruppe), e.g. homeless people or families with children."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("målgruppe")
        verbose_name_plural = _("målgrupper")


class ProgrammeGoal(Vocabulary):
    """One of the programme's goals (programmål) that content can say it serves."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("programmål")
        verbose_name_plural = _("programmål")

"""What Husbanken's editors keep about the themes (taggit's ``Tag``) beyond a name.

A theme is a ``taggit.Tag``; every page type with themes links to it through its own
``TaggedItemBase`` model. Three things sit beside it here:

- ``ThemeState``: a retired theme is kept on the pages that have it, but not offered
  for new ones nor listed. A tag without a state is in use (the default), so tags made
  by code (the demo, the factories) need no row.
- ``ThemeRedirect``: each address a theme had before it was renamed or merged into
  another. It points to the theme, not to a slug, so a chain (A into B, B renamed C)
  still ends at the theme's address of today in one step.
- ``ThemeProposal``: a contributor's suggestion for a new theme. It is not a tag until
  an editor approves it, so nothing can be tagged with it, list it or link to it before.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class ThemeStatus(models.TextChoices):
    ACTIVE = "active", _("I bruk")
    RETIRED = "retired", _("Ikke lenger i bruk")


class ThemeState(models.Model):
    """Whether editors may still give a theme to pages (retired themes stay where
    they are)."""

    tag = models.OneToOneField(
        "taggit.Tag", on_delete=models.CASCADE, related_name="theme_state"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ThemeStatus.choices,
        default=ThemeStatus.ACTIVE,
    )
    changed_at = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        verbose_name = _("temastatus")
        verbose_name_plural = _("temastatuser")

    def __str__(self):
        return f"{self.tag}: {self.get_status_display()}"


class ThemeRedirect(models.Model):
    """An earlier address (slug) of a theme, which answers 301 to its address now."""

    old_slug = models.SlugField(
        _("tidligere adresse"), max_length=100, unique=True, allow_unicode=True
    )
    tag = models.ForeignKey(
        "taggit.Tag", on_delete=models.CASCADE, related_name="theme_redirects"
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("temaomdirigering")
        verbose_name_plural = _("temaomdirigeringer")

    def __str__(self):
        return f"{self.old_slug} → {self.tag.slug}"


class ThemeProposal(models.Model):
    """A new theme a contributor asks for, waiting for Husbanken's editors."""

    name = models.CharField(_("navn"), max_length=100)
    reason = models.TextField(
        _("hvorfor"),
        help_text=_("Hva temaet skal samle, og hvorfor ingen av temaene passer."),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("foreslått"), auto_now_add=True)

    class Meta:
        verbose_name = _("temaforslag")
        verbose_name_plural = _("temaforslag")
        ordering = ["proposed_at", "pk"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="theme_proposal_name_once")
        ]

    def __str__(self):
        return self.name

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from portal import content_version


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Who runs the site and where its statements are: shown in every page's footer."""

    organisation_name = models.CharField(
        _("organisasjon"), max_length=120, default="Husbanken"
    )
    contact_email = models.EmailField(_("e-post til redaksjonen"), blank=True)
    contact_phone = models.CharField(_("telefon"), max_length=40, blank=True)
    contact_address = models.TextField(
        _("postadresse"),
        max_length=300,
        blank=True,
        help_text=_("Én linje per adresselinje."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("personvernerklæring"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Lenkes fra bunnen av alle sider."),
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("tilgjengelighetserklæring"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Lenkes fra bunnen av alle sider, som loven krever."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_address"),
            ],
            heading=_("Kontakt"),
        ),
        MultiFieldPanel(
            [FieldPanel("privacy_page"), FieldPanel("accessibility_page")],
            heading=_("Erklæringer"),
        ),
    ]

    # The footer links to both pages on every page: read with the settings.
    select_related = ["privacy_page", "accessibility_page"]

    class Meta:
        verbose_name = _("innstillinger for nettstedet")

    @classmethod
    def for_request(cls, request):
        """The settings every page shows, kept with the published content.

        Saving them raises the content version (``content_version.connect``), so a
        page never shows settings older than the last save.
        """
        attr_name = cls.get_cache_attr_name()
        site = Site.find_for_request(request)
        if not hasattr(request, attr_name) and site is not None:
            kept = content_version.cached(
                ("site-settings", site.pk), lambda: cls.for_site(site), 24 * 3600
            )
            kept._request = request  # as Wagtail's own, for the pages' addresses
            setattr(request, attr_name, kept)
        return super().for_request(request)

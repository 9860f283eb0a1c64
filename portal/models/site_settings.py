from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Who runs the site and where its statements are: shown in every page's footer."""

    organisation_name = models.CharField(
        "organisasjon", max_length=120, default="Husbanken"
    )
    contact_email = models.EmailField("e-post til redaksjonen", blank=True)
    contact_phone = models.CharField("telefon", max_length=40, blank=True)
    contact_address = models.TextField(
        "postadresse",
        max_length=300,
        blank=True,
        help_text="Én linje per adresselinje.",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="personvernerklæring",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Lenkes fra bunnen av alle sider.",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="tilgjengelighetserklæring",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Lenkes fra bunnen av alle sider, som loven krever.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_address"),
            ],
            heading="Kontakt",
        ),
        MultiFieldPanel(
            [FieldPanel("privacy_page"), FieldPanel("accessibility_page")],
            heading="Erklæringer",
        ),
    ]

    class Meta:
        verbose_name = "innstillinger for nettstedet"

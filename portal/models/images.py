from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class PortalImage(AbstractImage):
    """Every photo on the portal: alt text for screen readers and the photographer's credit.

    Templates always show the credit beside the photo ("Foto: Karmøy kommune"); a new
    upload's credit starts as the uploader's municipality (portal.media).
    """

    description = models.CharField(
        "alternativ tekst",
        max_length=255,
        blank=True,
        help_text=(
            "Beskriv hva bildet viser for dem som ikke ser det, for eksempel «Deltakere fra "
            "Karmøy kommune i samtale». Står tom bare om bildet er ren pynt."
        ),
    )
    credit = models.CharField(
        "fotokreditering",
        max_length=120,
        default="Husbanken",
        help_text="Vises som «Foto: …» under bildet, for eksempel «Husbanken».",
    )

    admin_form_fields = Image.admin_form_fields + ("credit",)

    class Meta(AbstractImage.Meta):
        verbose_name = "bilde"
        verbose_name_plural = "bilder"

    @property
    def default_alt_text(self):
        # Wagtail falls back on the title, which is often a file name: an empty
        # description means a decorative photo, and alt="" says so.
        return self.description

    @property
    def credit_line(self):
        return f"Foto: {self.credit}" if self.credit else ""


class PortalRendition(AbstractRendition):
    image = models.ForeignKey(
        PortalImage, on_delete=models.CASCADE, related_name="renditions"
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

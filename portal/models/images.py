from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.images.models import AbstractImage, AbstractRendition, Image

# Originals and renditions of images in a restricted collection (a municipality's
# room for uploads awaiting approval) live below this folder: neither the web server
# nor the bucket's policy makes it public, and portal.media serves it only to those
# the collection's restriction lets in.
RESTRICTED_FOLDER = "restricted/"


def file_name_for(name, restricted):
    """A file's name in the public folders, or in the restricted folder."""
    public_name = name.removeprefix(RESTRICTED_FOLDER)
    return RESTRICTED_FOLDER + public_name if restricted else public_name


class PortalImage(AbstractImage):
    """Every photo on the portal: alt text for screen readers and the photographer's credit.

    Templates always show the credit beside the photo ("Foto: Karmøy kommune"); a new
    upload's credit starts as the uploader's municipality (portal.media).
    """

    description = models.CharField(
        gettext_lazy("alternativ tekst"),
        max_length=255,
        blank=True,
        help_text=gettext_lazy(
            "Beskriv hva bildet viser for dem som ikke ser det, for eksempel «Deltakere fra "
            "Karmøy kommune i samtale». Står tom bare om bildet er ren pynt."
        ),
    )
    credit = models.CharField(
        gettext_lazy("fotokreditering"),
        max_length=120,
        default="Husbanken",
        help_text=gettext_lazy(
            "Vises som «Foto: …» under bildet, for eksempel «Husbanken»."
        ),
    )

    admin_form_fields = Image.admin_form_fields + ("credit",)

    class Meta(AbstractImage.Meta):
        verbose_name = gettext_lazy("bilde")
        verbose_name_plural = gettext_lazy("bilder")

    @property
    def is_restricted(self):
        """Whether the image's collection (or one above it) is closed to the public."""
        return bool(
            self.collection_id and self.collection.get_view_restrictions().exists()
        )

    def get_upload_to(self, filename):
        return file_name_for(super().get_upload_to(filename), self.is_restricted)

    @property
    def default_alt_text(self):
        # Wagtail falls back on the title, which is often a file name: an empty
        # description means a decorative photo, and alt="" says so.
        return self.description

    @property
    def credit_line(self):
        return _("Foto: {credit}").format(credit=self.credit) if self.credit else ""


class PortalRendition(AbstractRendition):
    image = models.ForeignKey(
        PortalImage, on_delete=models.CASCADE, related_name="renditions"
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    @property
    def url(self):
        # A restricted rendition comes from the portal, which checks who asks; its
        # storage address (a bucket's) would refuse everyone.
        if self.file.name.startswith(RESTRICTED_FOLDER):
            return reverse("media", args=[self.file.name])
        return super().url

    def get_upload_to(self, filename):
        return file_name_for(super().get_upload_to(filename), self.image.is_restricted)

"""Images: the admin's upload form, and the files from the local media folder.

A photo is credited to whoever took or owns it. A municipality's contributor uploads
the municipality's photos, so the credit starts as «Karmøy kommune»; Husbanken's
editors (those who may publish) start with «Husbanken»; anyone else must say it.

Only images come from the local media folder.
The folder also holds documents, which must go through Wagtail's view at /dokumenter/
(it checks collection privacy), so the folder is never served as a whole: only
renditions (``images/``) and originals (``original_images/``). A web server in front
should serve these two folders itself (README); this view is what answers when it
does not, in development and production alike. With S3-compatible storage images have
the bucket's addresses and never come here.
"""

import os
import posixpath

from django.conf import settings
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django.views.static import serve
from wagtail.images.forms import BaseImageForm
from wagtail.models import GroupPagePermission

HUSBANKEN = "Husbanken"
CREDIT_REQUIRED = (
    "Skriv hvem som tok bildet eller eier det, for eksempel «Karmøy kommune» eller "
    "fotografens navn."
)


def municipality_of(user):
    """The municipality whose pages a contributor may edit, or None."""
    from portal.models import MunicipalityPage

    if user is None or not user.is_authenticated:
        return None
    return (
        MunicipalityPage.objects.filter(group_permissions__group__user=user)
        .order_by("path")
        .first()
    )


def default_credit(user):
    """The credit a new upload starts with: the uploader's municipality or Husbanken.

    Empty when neither is known, and the uploader must write it.
    """
    if municipality := municipality_of(user):
        name = municipality.title
        return name if name.lower().endswith("kommune") else f"{name} kommune"
    # Only Husbanken publishes (learning.moderation): its editors and superusers.
    if user is not None and (
        user.is_superuser
        or GroupPagePermission.objects.filter(
            group__user=user, permission__codename="publish_page"
        ).exists()
    ):
        return HUSBANKEN
    return ""


class PortalImageForm(BaseImageForm):
    """Wagtail's image form, with the credit starting from who uploads."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        field = self.fields.get("credit")
        if field is None or self.instance.pk:
            return
        field.error_messages["required"] = CREDIT_REQUIRED
        credit = default_credit(user)
        # Not the model's default: a new image is credited to whoever uploads it.
        self.initial["credit"] = credit
        # The multiple upload posts the file alone; its credit is the default.
        if self.is_bound and credit and "credit" not in self.data:
            self.data = self.data.copy()
            self.data["credit"] = credit


# Seconds a browser or CDN may keep a file, by folder. A rendition's name is new for
# every new rendition, so its bytes never change; an original may be deleted.
IMAGE_FOLDERS = {
    "images": 365 * 24 * 60 * 60,
    "original_images": 24 * 60 * 60,
}


@require_safe
def image(request, path):
    """An image file, or 404 for anything outside the image folders."""
    folder, _, name = path.partition("/")
    # One normal path only: no "..", "." or empty segments that could leave the folder.
    if folder not in IMAGE_FOLDERS or not name or posixpath.normpath(path) != path:
        raise Http404
    response = serve(
        request, name, document_root=os.path.join(settings.MEDIA_ROOT, folder)
    )
    patch_cache_control(response, public=True, max_age=IMAGE_FOLDERS[folder])
    if folder == "images":
        patch_cache_control(response, immutable=True)
    return response

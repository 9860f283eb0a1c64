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

Images in a restricted collection (a municipality's room for uploads awaiting
approval) are not public, whatever their names: their originals and renditions live
in ``restricted/``, which no web server or bucket policy serves, and come from this
view only to whom the collection's restriction lets in, never cached. An image that
changes collection, or whose collection is closed or opened, moves with it.
"""

import os
import posixpath

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.static import serve
from wagtail.images import get_image_model
from wagtail.images.forms import BaseImageForm
from wagtail.models import Collection, CollectionViewRestriction, GroupPagePermission

from portal.models.images import RESTRICTED_FOLDER, file_name_for

HUSBANKEN = "Husbanken"
CREDIT_REQUIRED = _(
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


# The longest name and path a file system takes (Linux's NAME_MAX and PATH_MAX, in
# bytes); asked for a longer one, it fails (ENAMETOOLONG) instead of finding nothing.
NAME_MAX, PATH_MAX = 255, 4096


def _too_long(path):
    full = os.path.join(settings.MEDIA_ROOT, path).encode()
    return len(full) >= PATH_MAX or any(
        len(part) > NAME_MAX for part in full.split(b"/")
    )


@require_safe
def image(request, path):
    """An image file, or 404 for anything outside the image folders."""
    # One normal path only: no "..", "." or empty segments that could leave the folder.
    if posixpath.normpath(path) != path or _too_long(path):
        raise Http404
    if path.startswith(RESTRICTED_FOLDER):
        return restricted_image(request, path)
    folder, _, name = path.partition("/")
    if folder not in IMAGE_FOLDERS or not name:
        raise Http404
    response = serve(
        request, name, document_root=os.path.join(settings.MEDIA_ROOT, folder)
    )
    patch_cache_control(response, public=True, max_age=IMAGE_FOLDERS[folder])
    if folder == "images":
        patch_cache_control(response, immutable=True)
    return response


def restricted_image(request, name):
    """An original or rendition of a restricted image, to those its collection admits."""
    Image = get_image_model()
    image = Image.objects.filter(file=name).select_related("collection").first()
    if image is None:
        rendition = (
            Image.get_rendition_model()
            .objects.filter(file=name)
            .select_related("image__collection")
            .first()
        )
        image = rendition.image if rendition else None
    if image is None or not all(
        restriction.accept_request(request)
        for restriction in image.collection.get_view_restrictions()
    ):
        raise Http404
    storage = image.file.storage
    if not storage.exists(name):
        raise Http404
    response = FileResponse(storage.open(name), filename=posixpath.basename(name))
    add_never_cache_headers(response)
    return response


def restricted_collections():
    """Collections closed to the public: restricted themselves or below one that is."""
    paths = CollectionViewRestriction.objects.values_list("collection__path", flat=True)
    if not paths:
        return Collection.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return Collection.objects.filter(condition)


def place_image_file(image):
    """Move an image's original to the folder its collection calls for.

    Its renditions go (with their files): they are made again, in the right folder,
    when next asked for. The old original is deleted once the move is committed.
    """
    old_name = image.file.name
    new_name = file_name_for(old_name, image.is_restricted)
    if not old_name or new_name == old_name:
        return
    storage = image.file.storage
    try:
        content = storage.open(old_name)
    except FileNotFoundError:
        return
    with content:
        new_name = storage.save(
            new_name, content, max_length=image._meta.get_field("file").max_length
        )
    type(image).objects.filter(pk=image.pk).update(file=new_name)
    image.file.name = new_name
    for rendition in image.renditions.all():
        rendition.delete()  # Wagtail's post_delete removes its file and cache entry
    transaction.on_commit(lambda: storage.delete(old_name))


def place_image_files(images=None):
    """Every image (or those given) whose original is in the wrong folder, moved."""
    Image = get_image_model()
    restricted = restricted_collections()
    misplaced = Image.objects.filter(
        Q(collection__in=restricted) & ~Q(file__startswith=RESTRICTED_FOLDER)
        | ~Q(collection__in=restricted) & Q(file__startswith=RESTRICTED_FOLDER)
    ).select_related("collection")
    if images is not None:
        misplaced = misplaced.filter(pk__in=[image.pk for image in images])
    for image in misplaced:
        place_image_file(image)


def image_saved(sender, instance, raw=False, **kwargs):
    """An image saved, perhaps in another collection: its file follows."""
    if not raw:
        place_image_file(instance)


def restriction_changed(sender, instance, raw=False, **kwargs):
    """A collection closed or opened: the files of its images follow."""
    if not raw:
        place_image_files()


def place_after_migrate(sender, **kwargs):
    """Images uploaded before restricted images had their own folder move to it."""
    place_image_files()

"""The picture a page is shared with: Open Graph's and X's card, and schema.org's image.

A page's own photo is its sharing image: the home page's hero image, a municipality's
image, a person's portrait, else the first photo in the body of a gathering, a report
or an article. It is cropped to 1200×630, the size the services show large (a smaller
original gives a smaller crop of the same shape, never an enlarged one).

Never a photo from a restricted collection (portal.media), and nothing for a page with
a view restriction. The site has no default picture for the pages without one (its only
image is an SVG icon, which the services do not show), so those have no image at all.

What a page's image is, and its crop, is kept under the content version: the crop is
found (or made, the first time) once after each change, not on every render.
"""

from django.db import models
from wagtail.blocks import StreamValue
from wagtail.images import get_image_model

from portal import content_version, public_pages, site_root
from portal.blocks import FigureBlock

SPEC = "fill-1200x630"

# The fields holding a page's (or a person's) own photo, in order of preference.
PHOTO_FIELDS = ("hero_image", "image", "photo")
# The StreamFields whose first figure block is the photo of pages without one.
BODY_FIELDS = ("body", "description")


def sharing_image(subject, request=None):
    """``{"url", "width", "height", "alt"}`` of ``subject``'s sharing image, or None.

    ``subject`` is a page or a person. A preview shows the draft's own, never kept.
    """
    if not isinstance(subject, models.Model):
        return None
    if subject.pk is None or getattr(request, "is_preview", False):
        return _describe(subject) or None
    found = content_version.cached(
        ("sharing-image", subject._meta.label_lower, subject.pk),
        lambda: _describe(subject),
        24 * 60 * 60,
    )
    # Kept as {} when there is none: the cache cannot tell a kept None from a miss.
    return found or None


def _describe(subject):
    if _is_private(subject):
        return {}
    image = _image_of(subject)
    if image is None or not public_pages.shown_image(image):
        return {}
    # The crop and the size the page shows its own photo in, found in one query and
    # kept in Wagtail's rendition cache, where the page's figure finds its own.
    rendition = image.get_renditions(SPEC, *_shown_sizes(subject, image))[SPEC]
    return {
        "url": site_root.absolute_url(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.default_alt_text,
    }


def _shown_sizes(subject, image):
    """The size the page shows ``image`` in: its own photo's (``photo_size``, where
    the page names one), else a figure's in the body."""
    own = any(getattr(subject, f"{name}_id", None) == image.pk for name in PHOTO_FIELDS)
    size = getattr(subject, "photo_size", None) if own else FigureBlock.size
    return [size] if size else []


def _is_private(subject):
    restrictions = getattr(subject, "get_view_restrictions", None)
    return restrictions is not None and subject.path and restrictions().exists()


def _image_of(subject):
    """The subject's photo with its collection: the one read with the subject
    (``served_with``), else in one query (or none)."""
    name = next(
        (name for name in PHOTO_FIELDS if getattr(subject, f"{name}_id", None)), None
    )
    if name is not None and subject._meta.get_field(name).is_cached(subject):
        return getattr(subject, name)
    image_id = getattr(subject, f"{name}_id") if name else _first_figure(subject)
    if image_id is None:
        return None
    return (
        get_image_model()
        .objects.select_related("collection")
        .filter(pk=image_id)
        .first()
    )


def _first_figure(subject):
    """The image id of the first figure in the subject's body, from its raw data:
    the images of every other figure are not read."""
    for name in BODY_FIELDS:
        body = getattr(subject, name, None)
        if not isinstance(body, StreamValue):
            continue
        for block in body.raw_data:
            if block["type"] == "figure" and block["value"].get("image"):
                return block["value"]["image"]
    return None

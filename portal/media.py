"""Images from the local media folder, and nothing else from it.

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

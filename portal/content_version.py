"""One number for the published content, raised whenever readers would see a change.

Everything cached from published content (the page cache, fragments such as the main
menu or related knowledge) has the number in its key. Raising it retires all of it at
once, on every server sharing the cache, without knowing which keys exist; what is no
longer asked for expires. Editors publish a few times an hour, so a whole-site retire
costs little, and nothing can be forgotten the way purging page by page could.

The number is raised at once and again after the transaction commits, so no request can
keep the old content cached under the new number. When the cache is unreachable, nothing is cached
and pages are built as if the cache were empty.

Some of what pages show changes without a publish, and far more often: the seats left
on the gatherings change with every registration. Such a thing has a name of its own
(``SEATS``) with a number of its own. Whatever shows it says so while it is built
(``shows(SEATS)``, before it reads the data); what is kept then holds the name's number
beside it, and is rebuilt when the name is raised (``raise_name``). A registration so
retires the lists and pages that show seats, and nothing else.
"""

import contextlib
import contextvars
import functools
import hashlib
import logging
import secrets

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.template.response import SimpleTemplateResponse
from django.utils.translation import get_language
from wagtail.signals import page_published, page_unpublished, post_page_move

logger = logging.getLogger(__name__)

KEY = "portal:content-version"

# The seats left on gatherings (events: every registration raises it).
SEATS = "seats"


# The number as this request first read it (RequestMiddleware): one read a request,
# however many fragments it keeps. Raising the number forgets it.
_read = contextvars.ContextVar("content_version_read", default=None)


def current():
    """The current number, or None when the cache is unreachable.

    A new number is random, so a number lost with its key (evicted, a Redis restart)
    cannot come back and find what was kept under it.
    """
    read = _read.get()
    if read:
        return read[0]
    try:
        version = cache.get(KEY)
        if version is None:
            cache.add(KEY, secrets.randbelow(2**62), timeout=None)
            version = cache.get(KEY)
    except Exception as error:  # noqa: BLE001 – any cache backend's failure
        _unreachable(error)
        return None
    if read is not None and version is not None:
        read.append(version)
    return version


# What this request has already read from the cache or built (RequestMiddleware), by
# key: a page asks for the restricted paths once for each query it filters by them.
# Only what depends on published content alone is held (its key has the number).
_held = contextvars.ContextVar("content_version_held", default=None)


class RequestMiddleware:
    """Read the number once a request (the first fragment or page cache that asks),
    and each kept thing once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token, held = _read.set([]), _held.set({})
        try:
            return self.get_response(request)
        finally:
            _read.reset(token)
            _held.reset(held)


def cached(parts, build, seconds, keep=None):
    """What ``build()`` returns, kept under the content version and ``parts``.

    ``seconds`` only bounds how long it stays: anything built from published content
    only is retired by the next change, and anything that shows a name
    (``shows``) by the next raise of that name too. ``keep(value)`` may refuse to keep
    a value. When the cache cannot be reached, it is built every time.
    """
    version = current()
    if version is None:
        return build()
    # Kept for each written standard: what is built may hold the interface's texts
    # and addresses (below /nn/ for nynorsk).
    key = ":".join(
        ["portal", "kept", str(version), get_language() or "", *map(str, parts)]
    )
    held = _held.get()
    if held is not None and key in held:
        return held[key]
    try:
        kept = cache.get(key)
    except Exception as error:  # noqa: BLE001
        _unreachable(error)
        return build()
    if kept is not None and still_shown(kept[0]):
        if held is not None and not kept[0]:
            held[key] = kept[1]
        return kept[1]
    with building() as names:
        value = build()
    if (keep is not None and not keep(value)) or None in names.values():
        return value
    if held is not None and not names:
        held[key] = value
    try:
        cache.set(key, (names, value), seconds)
    except Exception as error:  # noqa: BLE001
        _unreachable(error)
    return value


def cache_response(seconds):
    """A decorator for views that show published content only (feeds, sitemaps): their
    successful GET answers, kept for each scheme, host and address under the content
    version."""

    def decorator(view):
        @functools.wraps(view)
        def cached_view(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            # Kept apart per scheme and host: what one visitor sent in Host or
            # X-Forwarded-Proto never reaches another's answer.
            address = (
                f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
            )

            def build():
                response = view(request, *args, **kwargs)
                if isinstance(response, SimpleTemplateResponse):
                    response.render()  # kept as bytes
                return response

            return cached(
                ("response", hashlib.sha256(address.encode()).hexdigest()),
                build,
                seconds,
                keep=lambda response: response.status_code == 200,
            )

        return cached_view

    return decorator


def _unreachable(error):
    logger.warning("Nothing cached, the cache is unreachable: %s", error)


def _raise():
    read = _read.get()
    if read:
        read.clear()
    try:
        cache.incr(KEY)
    except ValueError:  # no number yet: a new one retires everything
        current()
    except Exception as error:  # noqa: BLE001 – any cache backend's failure
        _unreachable(error)


# Called in the transaction of each change, for what is kept from the content
# elsewhere than the cache (``portal.kept``, connected when the portal is ready).
_on_change = []


def on_change(receiver):
    """Call ``receiver()`` in the transaction of every change to the content."""
    if receiver not in _on_change:
        _on_change.append(receiver)


def raise_now_and_after_commit(**kwargs):
    """A signal receiver: the published content has changed.

    Raised at once, so this request sees the change, and again after the commit, so a
    request that cached the old content in between has cached it under a dead number.
    """
    _raise()
    transaction.on_commit(_raise)
    for receiver in _on_change:
        receiver()


# What saving a draft (or locking a page) writes to the page's row; readers see none of it.
DRAFT_FIELDS = {
    "comments",
    "latest_revision",
    "latest_revision_created_at",
    "draft_title",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
}


def _page_changed(sender, instance, update_fields=None, **kwargs):
    from wagtail.models import Page

    if not isinstance(instance, Page):
        return
    if update_fields is not None and set(update_fields) <= DRAFT_FIELDS:
        return
    raise_now_and_after_commit()


def raise_when_changed(*models):
    """Raise the number whenever a row of these models is saved or deleted."""
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                raise_now_and_after_commit,
                sender=model,
                dispatch_uid=f"content_version_{model._meta.label}_{signal is post_save}",
            )


# --- Names: what changes without a publish ------------------------------------------

# The names shown by what is being built for the cache now, with their numbers: one
# dict for each build under way (a fragment built while its page is).
_building = contextvars.ContextVar("content_version_building", default=())


def _name_key(name):
    return f"portal:name:{name}"


def shows(name):
    """What is being built for the cache shows ``name``: call it before reading the
    data, so that a raise in between rebuilds it. Outside a build it does nothing."""
    builds = _building.get()
    if not builds or all(name in names for names in builds):
        return
    key = _name_key(name)
    try:
        number = cache.get(key)
        if number is None:
            cache.add(key, secrets.randbelow(2**62), timeout=None)
            number = cache.get(key)
    except Exception as error:  # noqa: BLE001
        _unreachable(error)
        number = None
    for names in builds:
        names.setdefault(name, number)


@contextlib.contextmanager
def building():
    """Collect the names shown while something is built for the cache: yields a dict
    of name → number, filled as the build goes. None as a number: not to be kept."""
    names = {}
    token = _building.set((*_building.get(), names))
    try:
        yield names
    finally:
        _building.reset(token)


def still_shown(names):
    """True when no name kept with something (``names``: name → number) was raised
    since. What is being built around it then shows those names too."""
    if names:
        try:
            numbers = cache.get_many([_name_key(name) for name in names])
        except Exception as error:  # noqa: BLE001
            _unreachable(error)
            return False
        if any(numbers.get(_name_key(name)) != n for name, n in names.items()):
            return False
    for building_names in _building.get():
        for name, number in names.items():
            building_names.setdefault(name, number)
    return True


def raise_name(name):
    """Retire whatever shows ``name``: at once, and again after the commit."""

    def raise_it():
        try:
            cache.set(_name_key(name), secrets.randbelow(2**62), timeout=None)
        except Exception as error:  # noqa: BLE001
            _unreachable(error)

    raise_it()
    transaction.on_commit(raise_it)


def raise_name_when_changed(name, *models):
    """Raise ``name`` whenever a row of these models is saved or deleted."""

    def receiver(**kwargs):
        raise_name(name)

    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                receiver,
                sender=model,
                weak=False,
                dispatch_uid=f"content_name_{name}_{model._meta.label}_{signal is post_save}",
            )


def connect():
    """Raise the number on whatever public pages show (called when the portal is ready).

    Any page saved but for a draft (publishing saves it; so does code that makes pages
    live without publishing), published, unpublished, moved or deleted; a snippet, a
    site setting, an image, a document, a theme, a collection, a page's or a
    collection's view restriction or a site saved or deleted.
    """
    from taggit.models import Tag
    from wagtail.contrib.settings.registry import registry as settings_registry
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import (
        Collection,
        CollectionViewRestriction,
        PageViewRestriction,
        Site,
    )
    from wagtail.snippets.models import get_snippet_models

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(raise_now_and_after_commit, dispatch_uid="content_version_pages")
    for signal in (post_save, post_delete):
        signal.connect(
            _page_changed, dispatch_uid=f"content_version_page_{signal is post_save}"
        )
    raise_when_changed(
        Site,
        PageViewRestriction,
        Collection,
        CollectionViewRestriction,
        Tag,
        get_image_model(),
        get_document_model(),
        *get_snippet_models(),
    )
    # Settings are created, with their defaults, by the first page that shows them;
    # that page already showed the defaults. Only a change is news.
    for model in settings_registry:
        post_save.connect(
            _setting_changed,
            sender=model,
            dispatch_uid=f"content_version_{model._meta.label}_True",
        )
        post_delete.connect(
            raise_now_and_after_commit,
            sender=model,
            dispatch_uid=f"content_version_{model._meta.label}_False",
        )


def _setting_changed(created=False, **kwargs):
    if not created:
        raise_now_and_after_commit()

"""One number for the published content, raised whenever readers would see a change.

Everything cached from published content (the page cache, fragments such as the main
menu or related knowledge) has the number in its key. Raising it retires all of it at
once, on every server sharing the cache, without knowing which keys exist; what is no
longer asked for expires. Editors publish a few times an hour, so a whole-site retire
costs little, and nothing can be forgotten the way purging page by page could.

The number is raised at once and again after the transaction commits, so no request can
keep the old content cached under the new number. When the cache is unreachable, nothing is cached
and pages are built as if the cache were empty.
"""

import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

logger = logging.getLogger(__name__)

KEY = "portal:content-version"


def current():
    """The current number (a new one when the cache has none), or None when unreachable."""
    try:
        cache.add(KEY, 1, timeout=None)
        return cache.get(KEY)
    except Exception as error:  # noqa: BLE001 – any cache backend's failure
        _unreachable(error)
        return None


def cached(parts, build, seconds):
    """What ``build()`` returns, kept under the content version and ``parts``.

    ``seconds`` only bounds how long it stays: anything built from published content
    only is retired by the next change. When the cache cannot be reached, it is built
    every time.
    """
    version = current()
    if version is None:
        return build()
    key = ":".join(["portal", "v", str(version), *map(str, parts)])
    try:
        value = cache.get(key)
    except Exception as error:  # noqa: BLE001
        _unreachable(error)
        return build()
    if value is None:
        value = build()
        try:
            cache.set(key, value, seconds)
        except Exception as error:  # noqa: BLE001
            _unreachable(error)
    return value


def _unreachable(error):
    logger.warning("Nothing cached, the cache is unreachable: %s", error)


def _raise():
    try:
        cache.incr(KEY)
    except ValueError:  # no number yet: any new one retires nothing, which is right
        cache.add(KEY, 1, timeout=None)
    except Exception as error:  # noqa: BLE001 – any cache backend's failure
        logger.warning(
            "Content version not raised, the cache is unreachable: %s", error
        )


def raise_now_and_after_commit(**kwargs):
    """A signal receiver: the published content has changed.

    Raised at once, so this request sees the change, and again after the commit, so a
    request that cached the old content in between has cached it under a dead number.
    """
    _raise()
    transaction.on_commit(_raise)


def _page_changed(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        raise_now_and_after_commit()


def connect(models):
    """Raise the number whenever a page is saved (publishing saves it; so does code
    that makes pages live without publishing), unpublished, moved or deleted, and
    whenever one of ``models`` (snippets, settings, themes) is saved or deleted.

    Saving a draft raises it too: cheaper than telling drafts from live changes, and
    what is cached is rebuilt at the next request.
    """
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(
            raise_now_and_after_commit, dispatch_uid=f"content_version_{signal}"
        )
    for signal in (post_save, post_delete):
        signal.connect(_page_changed, dispatch_uid=f"content_version_page_{signal}")
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                raise_now_and_after_commit,
                sender=model,
                dispatch_uid=f"content_version_{model._meta.label}_{signal}",
            )

"""Tending the themes: rename, merge, retire, propose and approve.

A theme is taggit's ``Tag``. Every content type links to it through a model of its own
(``TaggedItemBase``: the knowledge pages here, the gatherings in events, Wagtail's
images and documents through taggit's ``TaggedItem``); they are found from the tag's
relations, so a merge moves the links of every one of them, including types added later,
without this module naming them.

An address a theme had keeps working: renaming or merging records the old slug as a
``ThemeRedirect`` to the theme, which the topic page, its feed and the lists' theme
filter follow (``resolve``).
"""

from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, TextField
from django.db.models.functions import Cast, Lower
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase, Tag
from wagtail.log_actions import log
from wagtail.models import Page, Revision
from wagtail.search.tasks import insert_or_update_object_task

from learning import listing
from learning.models import ThemeProposal, ThemeRedirect, ThemeState, ThemeStatus
from portal import content_version
from portal.models import Subscription
from portal.slugs import norwegian_slugify

RENAMED = "learning.theme.rename"
MERGED = "learning.theme.merge"
RETIRED = "learning.theme.retire"
REACTIVATED = "learning.theme.reactivate"
PROPOSED = "learning.theme.propose"
APPROVED = "learning.theme.approve"
REJECTED = "learning.theme.reject"


class ThemeError(Exception):
    """What the editor is told when an action cannot be done."""


# --- what a theme is ---------------------------------------------------------------


def retired_q(prefix=""):
    return Q(**{f"{prefix}theme_state__status": ThemeStatus.RETIRED})


def choosable():
    """The themes an editor may give a page, and a reader follow: every tag but the
    retired ones."""
    return Tag.objects.exclude(retired_q()).order_by("name")


def offered(tags):
    """``tags`` without the retired themes: what readers are offered
    (``registry.offered_themes``)."""
    return tags.exclude(retired_q())


def current_slug(slug):
    """The slug the theme at ``slug`` has now, or ``slug`` when none has had it
    (``registry.current_theme_slug``)."""
    return listing.theme_addresses().get(slug, slug)


def is_retired(tag):
    """Whether ``tag`` is retired: no query when its state was selected with it."""
    state = getattr(tag, "theme_state", None)  # none: in use
    return state is not None and state.status == ThemeStatus.RETIRED


def resolve(slug):
    """The theme with ``slug`` now, and whether that is an earlier address of it.

    (tag, False) for a theme's own slug, (tag, True) for an old one, (None, False)
    for neither. A theme's own slug wins over an old address of another.
    """
    tag = Tag.objects.select_related("theme_state").filter(slug=slug).first()
    if tag is not None:
        return tag, False
    earlier = (
        ThemeRedirect.objects.select_related("tag__theme_state")
        .filter(old_slug=slug)
        .first()
    )
    return (earlier.tag, True) if earlier else (None, False)


def link_models():
    """Every model that links something to a theme (``ItemBase`` with a ``tag``)."""
    return [
        relation.related_model
        for relation in Tag._meta.related_objects
        if relation.field.name == "tag" and issubclass(relation.related_model, ItemBase)
    ]


def page_link_models():
    """(link model, page model, child relation name) for the page types with themes."""
    found = []
    for model in link_models():
        try:
            field = model._meta.get_field("content_object")
        except FieldDoesNotExist:  # taggit's generic TaggedItem (images, documents)
            continue
        if isinstance(field, ParentalKey) and issubclass(field.related_model, Page):
            found.append((model, field.related_model, field.remote_field.related_name))
    return found


def page_counts():
    """{tag id: how many pages, drafts included, have the theme}: a query a type."""
    counts = Counter()
    for model, _, _ in page_link_models():
        counts.update(
            dict(
                model.objects.values("tag_id")
                .annotate(pages=Count("pk"))
                .values_list("tag_id", "pages")
            )
        )
    return counts


def name_taken(name, exclude_tag=None, exclude_proposal=None):
    """The theme or proposal already called ``name`` (in any case), else None."""
    tags = Tag.objects.filter(name__iexact=name)
    if exclude_tag is not None:
        tags = tags.exclude(pk=exclude_tag.pk)
    found = tags.first()
    if found is None:
        proposals = ThemeProposal.objects.annotate(lower=Lower("name")).filter(
            lower=name.lower()
        )
        if exclude_proposal is not None:
            proposals = proposals.exclude(pk=exclude_proposal.pk)
        found = proposals.first()
    return found


def _free_slug(name, tag):
    """A slug for ``name`` that no other theme has, now or as an earlier address."""
    base = norwegian_slugify(name)[:100].strip("-") or "tema"
    candidate, number = base, 2
    while (
        Tag.objects.exclude(pk=tag.pk).filter(slug=candidate).exists()
        or ThemeRedirect.objects.exclude(tag=tag).filter(old_slug=candidate).exists()
    ):
        suffix = f"-{number}"
        candidate = base[: 100 - len(suffix)] + suffix
        number += 1
    return candidate


def _remember_address(old_slug, tag):
    ThemeRedirect.objects.update_or_create(old_slug=old_slug, defaults={"tag": tag})


def _pages_changed(pages):
    """The pages' themes changed without a publish: the index and the caches learn."""
    content_version.raise_now_and_after_commit()
    for model, pk in pages:
        transaction.on_commit(
            lambda model=model, pk=pk: insert_or_update_object_task.enqueue(
                model._meta.app_label, model._meta.model_name, str(pk)
            )
        )


def _tagged_pages(tag):
    return [
        (page_model, pk)
        for model, page_model, _ in page_link_models()
        for pk in model.objects.filter(tag=tag).values_list(
            "content_object_id", flat=True
        )
    ]


# --- the actions -------------------------------------------------------------------


@transaction.atomic
def rename(tag, name, user=None):
    """Give the theme a new name and the address that follows from it; the old
    address answers with a redirect."""
    name = " ".join(name.split())
    if not name:
        raise ThemeError(gettext("Skriv et navn på temaet."))
    if name_taken(name, exclude_tag=tag):
        raise ThemeError(
            gettext("Det finnes allerede et tema eller forslag som heter «%(name)s».")
            % {"name": name}
        )
    old_name, old_slug = tag.name, tag.slug
    tag.name = name
    tag.slug = _free_slug(name, tag)
    tag.save()
    if tag.slug != old_slug:
        _remember_address(old_slug, tag)
        # The theme has its own address back: no redirect away from it.
        ThemeRedirect.objects.filter(old_slug=tag.slug).delete()
    log(tag, RENAMED, user=user, data={"old": old_name, "new": name})
    _pages_changed(_tagged_pages(tag))
    return tag


@transaction.atomic
def merge(source, target, user=None):
    """Move everything with ``source`` to ``target`` (once each), send the source's
    addresses to the target, and delete the source.

    The pages' drafts and history are rewritten too, so that publishing or reverting
    to one gives the page ``target`` instead of a theme that no longer exists.
    """
    if source.pk == target.pk:
        raise ThemeError(gettext("Et tema kan ikke slås sammen med seg selv."))
    pages = _tagged_pages(source)
    for model in link_models():
        keys = [
            field.attname
            for field in model._meta.concrete_fields
            if not field.primary_key and field.name != "tag"
        ]
        both = model.objects.filter(tag=target, **{key: OuterRef(key) for key in keys})
        model.objects.filter(tag=source).filter(Exists(both)).delete()
        model.objects.filter(tag=source).update(tag=target)
    _rewrite_revisions(source.pk, target.pk)
    # Readers alerted to the source are alerted to the target, once each.
    Subscription.objects.filter(
        theme=source, subscriber__subscriptions__theme=target
    ).delete()
    Subscription.objects.filter(theme=source).update(theme=target)
    ThemeRedirect.objects.filter(tag=source).update(tag=target)
    _remember_address(source.slug, target)
    log(
        target,
        MERGED,
        user=user,
        data={"source": source.name, "source_slug": source.slug},
    )
    source_name = source.name
    source.delete()
    _pages_changed(pages)
    return source_name


def _rewrite_revisions(old_pk, new_pk):
    """Point the saved revisions' theme links (modelcluster's ``tagged_items``, each
    ``{"pk": …, "tag": id, "content_object": …}``) from ``old_pk`` to ``new_pk``.

    JSON text has ``"tag": 12`` on SQLite and PostgreSQL alike: the database finds
    the candidates, Python checks them.
    """
    for _, page_model, relation in page_link_models():
        revisions = Revision.objects.filter(
            content_type__in=_content_types(page_model)
        ).annotate(text=Cast("content", TextField()))
        for revision in revisions.filter(text__contains=f'"tag": {old_pk}').iterator():
            links = revision.content.get(relation)
            if not isinstance(links, list):
                continue
            if not any(link.get("tag") == old_pk for link in links):
                continue
            kept, seen = [], set()
            for link in links:
                if link.get("tag") == old_pk:
                    link = {**link, "tag": new_pk}
                if link.get("tag") in seen:
                    continue
                seen.add(link.get("tag"))
                kept.append(link)
            revision.content[relation] = kept
            Revision.objects.filter(pk=revision.pk).update(content=revision.content)


def _content_types(page_model):
    models = [
        model
        for model in [page_model, *page_model.__subclasses__()]
        if not model._meta.abstract
    ]
    return ContentType.objects.get_for_models(*models).values()


@transaction.atomic
def retire(tag, user=None):
    """Not offered for new pages nor listed; pages that have it keep it."""
    ThemeState.objects.update_or_create(
        tag=tag, defaults={"status": ThemeStatus.RETIRED}
    )
    log(tag, RETIRED, user=user)
    content_version.raise_now_and_after_commit()


@transaction.atomic
def reactivate(tag, user=None):
    ThemeState.objects.filter(tag=tag).delete()
    log(tag, REACTIVATED, user=user)
    content_version.raise_now_and_after_commit()


def _clean_name(name):
    name = " ".join(name.split())
    if not name:
        raise ThemeError(gettext("Skriv et navn på temaet."))
    taken = name_taken(name)
    if isinstance(taken, Tag):
        message = (
            gettext(
                "Temaet «%(name)s» finnes allerede, men er ikke lenger i bruk. Be "
                "Husbanken om å ta det i bruk igjen."
            )
            if is_retired(taken)
            else gettext("Temaet «%(name)s» finnes allerede: velg det på siden.")
        )
        raise ThemeError(message % {"name": taken.name})
    if taken is not None:
        raise ThemeError(
            gettext("«%(name)s» er allerede foreslått og venter på Husbanken.")
            % {"name": taken.name}
        )
    return name


@transaction.atomic
def propose(name, reason, user=None):
    """A contributor's proposal: no theme until an editor approves it."""
    proposal = ThemeProposal.objects.create(
        name=_clean_name(name), reason=reason.strip(), proposed_by=user
    )
    log(proposal, PROPOSED, user=user)
    return proposal


@transaction.atomic
def create(name, user=None):
    """An editor's new theme, in use at once."""
    tag = Tag.objects.create(name=_clean_name(name))
    log(tag, APPROVED, user=user)
    return tag


@transaction.atomic
def approve(proposal, user=None):
    """The proposal becomes a theme editors and contributors may choose."""
    proposal.delete()
    tag = Tag.objects.create(name=_clean_name(proposal.name))
    log(tag, APPROVED, user=user, data={"reason": proposal.reason})
    return tag


@transaction.atomic
def reject(proposal, user=None):
    log(proposal, REJECTED, user=user)
    proposal.delete()


def follow_old_addresses(name, view):
    """``view`` (of a theme's ``slug``), with the theme's earlier addresses answering
    301 to the ``name``d address of the theme now. Looked up only when ``view`` finds
    no theme: nothing is added to a theme's own address, cached or not."""

    def view_with_old_addresses(request, slug, **kwargs):
        try:
            return view(request, slug=slug, **kwargs)
        except Http404:
            tag, moved = resolve(slug)
            if not moved:
                raise
            return redirect(reverse(name, args=[tag.slug]), permanent=True)

    return view_with_old_addresses

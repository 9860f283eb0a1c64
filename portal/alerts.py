"""Alerts by e-mail: readers follow themes, target groups, municipalities, the
gatherings or everything, and are told of new pages straight away or once a week.

- **Subscribing** is double opt-in: the form (``portal.alert_views``) stores the choices
  and sends a link; nothing is sent but that link until its owner presses «Bekreft» on
  the page it opens (a mail scanner following the link confirms nothing). A form sent
  for an address that is already subscribed changes nothing and sends that address its
  own link instead: knowing an address never opens its subscriptions.
- **News** is a page of a type the apps register (``registry.announces``), published for
  the first time while anyone may see it: ``announce`` records it once
  (``Announcement``), so a page unpublished and published again is not news twice.
- **Digests** (``make_digests``): each subscriber whose digest is due gets one e-mail with
  the pages announced since its last digest that match what it follows and are still
  live and public, and its place in the announcements moves on. Immediate subscribers
  are due whenever there is news (a task runs after each announcement); weekly ones
  seven days after their last digest.
- **Sending** goes through the outbox (``portal.outbox``), with its retries. Every digest
  carries ``List-Unsubscribe`` and ``List-Unsubscribe-Post`` (RFC 8058), so that mail
  programs can offer one-click unsubscribing.
- **Unsubscribing** deletes the subscriber with everything it follows and every e-mail
  not yet sent; an address not confirmed within ``ALERT_CONFIRM_DAYS`` is deleted by
  ``manage.py send_alerts``.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from wagtail.models import Page

from portal import outbox, registry
from portal.models import (
    AlertEmail,
    AlertEmailKind,
    Announcement,
    Follows,
    Frequency,
    Subscriber,
    Subscription,
)
from portal.public_pages import public

KNOWLEDGE, GATHERING = "knowledge", "gathering"
WEEK = datetime.timedelta(days=7)
SUBJECTS = {
    AlertEmailKind.CONFIRM: _("Bekreft at du vil ha varsler fra Husbanken"),
    AlertEmailKind.LINK: _("Lenken til varslene dine fra Husbanken"),
}


@dataclass(frozen=True)
class Choice:
    """One thing to follow, as the forms and ``Subscription`` name it."""

    follows: str
    theme_id: int | None = None
    target_group_id: int | None = None
    municipality_id: int | None = None


def normalised(email):
    return email.strip().lower()


# Subscribing, confirming, changing and unsubscribing


def subscribe(email, choices, frequency, language):
    """Take the form's choices for ``email``; returns the e-mail kind sent.

    A new or unconfirmed address gets its choices stored and a link to confirm; a
    confirmed one keeps its choices and gets the link to its page.
    """
    email = normalised(email)
    for attempt in range(2):
        try:
            with transaction.atomic():
                subscriber = (
                    Subscriber.objects.select_for_update().filter(email=email).first()
                )
                if subscriber is not None and subscriber.confirmed_at:
                    queue(subscriber, AlertEmailKind.LINK)
                    return AlertEmailKind.LINK
                if subscriber is None:
                    subscriber = Subscriber.objects.create(
                        email=email, frequency=frequency, language=language
                    )
                else:
                    subscriber.frequency, subscriber.language = frequency, language
                    subscriber.save(update_fields=["frequency", "language"])
                _follow(subscriber, choices)
                queue(subscriber, AlertEmailKind.CONFIRM)
                return AlertEmailKind.CONFIRM
        except IntegrityError:
            # The same address sent twice at once: the second finds the first's row.
            if attempt:
                raise
    return None


def confirm(subscriber):
    """The address's owner confirmed: digests start from the news after now.
    Returns False when it was confirmed already."""
    with transaction.atomic():
        updated = Subscriber.objects.filter(
            pk=subscriber.pk, confirmed_at__isnull=True
        ).update(
            confirmed_at=timezone.now(),
            read_up_to=_newest_announcement(),
            last_digest_at=timezone.now(),
        )
        # A link to confirm not sent yet has nothing left to ask.
        AlertEmail.objects.filter(
            subscriber=subscriber, kind=AlertEmailKind.CONFIRM, sent_at__isnull=True
        ).delete()
    subscriber.refresh_from_db()
    return bool(updated)


def change(subscriber, choices, frequency):
    with transaction.atomic():
        subscriber.frequency = frequency
        subscriber.save(update_fields=["frequency"])
        _follow(subscriber, choices)


def unsubscribe(subscriber):
    """Forget the address: the subscriber, what it follows and its unsent e-mails."""
    Subscriber.objects.filter(pk=subscriber.pk).delete()


def _follow(subscriber, choices):
    subscriber.subscriptions.all().delete()
    Subscription.objects.bulk_create(
        Subscription(
            subscriber=subscriber,
            follows=choice.follows,
            theme_id=choice.theme_id,
            target_group_id=choice.target_group_id,
            municipality_id=choice.municipality_id,
        )
        for choice in dict.fromkeys(choices)
    )


def choices_of(subscriber):
    return [
        Choice(s.follows, s.theme_id, s.target_group_id, s.municipality_id)
        for s in subscriber.subscriptions.all()
    ]


def purge(now=None):
    """Delete the addresses not confirmed in time, and the record of e-mails sent
    more than a month ago; returns how many addresses went."""
    now = now or timezone.now()
    deadline = now - datetime.timedelta(days=settings.ALERT_CONFIRM_DAYS)
    _deleted, rows = Subscriber.objects.filter(
        confirmed_at__isnull=True, created_at__lt=deadline
    ).delete()
    AlertEmail.objects.filter(sent_at__lt=now - datetime.timedelta(days=30)).delete()
    return rows.get(Subscriber._meta.label, 0)


# News


def announce(page):
    """Record that ``page`` was published, if it is news to anyone: of a type readers
    are alerted to, live, public and never announced before."""
    kind = registry.alert_kinds.get(page.specific_class)
    if kind is None or not page.live:
        return None
    if not Page.objects.filter(pk=page.pk).filter(public()).exists():
        return None
    announcement, created = Announcement.objects.get_or_create(page_id=page.pk)
    if not created:
        return None
    if Subscriber.objects.filter(
        confirmed_at__isnull=False, frequency=Frequency.IMMEDIATE
    ).exists():
        transaction.on_commit(lambda: send_immediate_alerts.enqueue(), robust=True)
    return announcement


def page_published(sender, instance, **kwargs):
    announce(instance)


def _newest_announcement():
    return Announcement.objects.aggregate(newest=Max("pk"))["newest"] or 0


@dataclass(frozen=True)
class News:
    """What a subscription is matched against: a new page's kind and facets."""

    page_id: int
    kind: str
    themes: frozenset
    target_groups: frozenset
    municipality_id: int | None


def _news(page_ids):
    """{page id: News} for those of ``page_ids`` still live and public."""
    page_ids = set(page_ids)
    news = {}
    for model, kind in registry.alert_kinds.items():
        pages = model.objects.live().filter(public()).filter(pk__in=page_ids)
        related = ["tags"]
        if hasattr(model, "target_groups"):
            related.append("target_groups")
        for page in pages.prefetch_related(*related):
            news[page.pk] = News(
                page_id=page.pk,
                kind=kind,
                themes=frozenset(tag.pk for tag in page.tags.all()),
                target_groups=frozenset(group.pk for group in page.target_groups.all())
                if "target_groups" in related
                else frozenset(),
                municipality_id=getattr(page, "municipality_id", None),
            )
    return news


def matches(subscriptions, item):
    """Whether ``item`` (News) is news to someone following ``subscriptions``."""
    for subscription in subscriptions:
        follows = subscription.follows
        if follows == Follows.EVERYTHING:
            return True
        if follows == Follows.GATHERINGS and item.kind == GATHERING:
            return True
        if item.kind != KNOWLEDGE:
            continue
        if (
            (follows == Follows.THEME and subscription.theme_id in item.themes)
            or (
                follows == Follows.TARGET_GROUP
                and subscription.target_group_id in item.target_groups
            )
            or (
                follows == Follows.MUNICIPALITY
                and subscription.municipality_id == item.municipality_id
            )
        ):
            return True
    return False


def due(now=None, frequency=None):
    """The confirmed subscribers whose digest is due now."""
    now = now or timezone.now()
    immediate = Q(frequency=Frequency.IMMEDIATE)
    weekly = Q(frequency=Frequency.WEEKLY, last_digest_at__lte=now - WEEK)
    condition = {Frequency.IMMEDIATE: immediate, Frequency.WEEKLY: weekly}.get(
        frequency, immediate | weekly
    )
    return Subscriber.objects.filter(confirmed_at__isnull=False).filter(condition)


def make_digests(now=None, frequency=None):
    """Queue a digest for each subscriber due that has news; returns how many."""
    now = now or timezone.now()
    newest = _newest_announcement()
    subscribers = list(
        due(now, frequency)
        .filter(read_up_to__lt=newest)
        .prefetch_related("subscriptions")
    )
    if not subscribers:
        # Weekly subscribers with nothing new still start a new week.
        due(now, frequency).update(last_digest_at=now)
        return 0
    announcements = list(
        Announcement.objects.filter(
            pk__gt=min(s.read_up_to for s in subscribers), pk__lte=newest
        )
        .order_by("pk")
        .values_list("pk", "page_id")
    )
    news = _news(page_id for _pk, page_id in announcements)
    queued = 0
    for subscriber in subscribers:
        pages = [
            page_id
            for pk, page_id in announcements
            if pk > subscriber.read_up_to
            and page_id in news
            and matches(subscriber.subscriptions.all(), news[page_id])
        ]
        with transaction.atomic():
            # Another run may have covered these already: only the one that moves
            # the subscriber on sends the digest.
            moved = Subscriber.objects.filter(
                pk=subscriber.pk, read_up_to=subscriber.read_up_to
            ).update(read_up_to=newest, last_digest_at=now)
            if moved and pages:
                queue(subscriber, AlertEmailKind.DIGEST, pages=pages)
                queued += 1
    due(now, frequency).update(last_digest_at=now)
    return queued


# E-mail


def queue(subscriber, kind, **fields):
    email = AlertEmail.objects.create(subscriber=subscriber, kind=kind, **fields)
    transaction.on_commit(lambda: send_alert_email.enqueue(email.pk), robust=True)
    return email


def links(subscriber):
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/"
    return {
        "manage_url": urljoin(
            base_url, reverse("alert_manage", args=[subscriber.token])
        ),
        "unsubscribe_url": urljoin(
            base_url, reverse("alert_unsubscribe", args=[subscriber.token])
        ),
        "subscribe_url": urljoin(base_url, reverse("alert_subscribe")),
    }


def digest_pages(email):
    """The digest's pages still live and public, in its order, each its specific
    page."""
    pages = Page.objects.live().filter(public()).filter(pk__in=email.pages).specific()
    by_id = {page.pk: page for page in pages}
    return [by_id[page_id] for page_id in email.pages if page_id in by_id]


def build_message(email, pages=None):
    subscriber = email.subscriber
    with translation.override(subscriber.language):
        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/"
        context = {
            "subscriber": subscriber,
            "kind": email.kind,
            "confirm_days": settings.ALERT_CONFIRM_DAYS,
            **links(subscriber),
        }
        headers = {"Auto-Submitted": "auto-generated"}
        if email.kind == AlertEmailKind.DIGEST:
            items = [
                {
                    "title": page.title,
                    "url": urljoin(base_url, page.url or ""),
                    "kind": page._meta.verbose_name,
                    "description": page.search_description
                    or getattr(page, "intro", ""),
                }
                for page in pages
            ]
            context["items"] = items
            subject = translation.ngettext(
                "Nytt fra Husbanken: %(title)s",
                "Nytt fra Husbanken: %(count)d nye sider",
                len(items),
            ) % {"title": items[0]["title"], "count": len(items)}
            headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        else:
            subject = gettext(SUBJECTS[email.kind])
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("portal/email/alert.txt", context),
            to=[subscriber.email],
            headers=headers,
        )
        message.attach_alternative(
            render_to_string("portal/email/alert.html", context), "text/html"
        )
        return message


def deliver(email):
    """Send ``email`` now; True when sent. A digest whose pages are all gone by now
    is dropped instead."""
    pages = None
    if email.kind == AlertEmailKind.DIGEST and not email.sent_at:
        pages = digest_pages(email)
        if not pages:
            AlertEmail.objects.filter(pk=email.pk).delete()
            return False
    return outbox.deliver(
        email, AlertEmail.objects.all(), lambda: build_message(email, pages)
    )


@task()
def send_alert_email(email_id):
    email = AlertEmail.objects.select_related("subscriber").filter(pk=email_id).first()
    if email is not None:
        deliver(email)


@task()
def send_immediate_alerts():
    make_digests(frequency=Frequency.IMMEDIATE)


def send_pending():
    """Try every due alert e-mail; returns (sent, failed, given_up)."""
    rows = outbox.due(AlertEmail.objects.filter(sent_at__isnull=True)).select_related(
        "subscriber"
    )
    return outbox.send_due(rows, deliver)

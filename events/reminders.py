"""Reminders before a gathering: one e-mail per confirmed participant.

``manage.py send_reminders`` calls ``queue_reminders`` (daily or more often). A
gathering is due when it starts within its ``reminder_days``; 0 days means no reminder.
The database allows one reminder per registration, so running again, or two runs at
once, never sends a second one.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from events import notifications
from events.models import EmailKind, GatheringPage, RegistrationStatus

MAX_REMINDER_DAYS = 60  # the field's validator; bounds the query below


def gatherings_due(now=None):
    """Published, not cancelled gatherings that start within their reminder window."""
    now = now or timezone.now()
    candidates = GatheringPage.objects.live().filter(
        cancelled=False,
        reminder_days__gt=0,
        start__gt=now,
        start__lte=now + datetime.timedelta(days=MAX_REMINDER_DAYS),
    )
    return [
        gathering
        for gathering in candidates.order_by("start", "pk")
        if gathering.start <= now + datetime.timedelta(days=gathering.reminder_days)
    ]


def registrations_to_remind(gathering):
    return gathering.registrations.filter(
        status=RegistrationStatus.CONFIRMED, anonymised_at__isnull=True
    ).exclude(notifications__kind=EmailKind.REMINDER)


def remind(gathering):
    """Queue one gathering's reminders, to those not yet reminded; returns how many.
    (Also the organisers' «Send påminnelse nå».)"""
    queued = 0
    for registration in registrations_to_remind(gathering):
        try:
            with transaction.atomic():
                notifications.queue(registration, EmailKind.REMINDER)
        except IntegrityError:
            continue  # a parallel run queued this one
        queued += 1
    return queued


def queue_reminders(now=None):
    """Queue the reminders that are due; returns how many were queued."""
    return sum(remind(gathering) for gathering in gatherings_due(now))

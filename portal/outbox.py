"""Sending what an outbox holds (``portal.models.outbox.OutboxMessage``), and trying
again when the mail server fails.

An e-mail is sent once the transaction that owed it has committed, by a task. A failing
mail server leaves the row unsent with its error, and the app's command (run every few
minutes) tries again when it is due: the pause after a failure is as long as the
failures have lasted (so it doubles), at least ``FIRST_PAUSE`` and at most
``LONGEST_PAUSE``. After ``RETRY_FOR`` of failures – long enough for a mail outage over
a weekend day – the portal gives up and logs an error.
"""

import datetime
import logging

from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger(__name__)
FIRST_PAUSE = datetime.timedelta(minutes=5)
LONGEST_PAUSE = datetime.timedelta(hours=4)
RETRY_FOR = datetime.timedelta(hours=48)


def deliver(row, owed, build, *, failed=None):
    """Send ``row`` (an ``OutboxMessage``) now; returns True when sent. Never raises.

    ``owed`` is the queryset of its model's rows still owed to someone (a row whose
    person is gone is not); ``build()`` makes the e-mail. ``failed(row)`` is called
    after a failure that will be retried, with ``next_attempt_at`` set.
    """
    if row.sent_at:
        return True
    # Claim this attempt first: a sender working from an older read of the row (the
    # task and the command at once, or a long retry loop) finds nothing to update and
    # leaves the e-mail to the one that claimed it.
    claimed = owed.filter(
        pk=row.pk, sent_at__isnull=True, attempts=row.attempts
    ).update(attempts=F("attempts") + 1)
    if not claimed:
        return False
    row.attempts += 1
    try:
        build().send()
    except Exception as error:  # noqa: BLE001 – any mail failure must be kept, not raised
        _failed(row, f"{type(error).__name__}: {error}"[:300])
        if failed and not row.gave_up_at:
            failed(row)
        return False
    row.sent_at = timezone.now()
    row.last_error = ""
    row.next_attempt_at = row.gave_up_at = None
    row.save(update_fields=["sent_at", "last_error", "next_attempt_at", "gave_up_at"])
    return True


def _failed(row, error):
    now = timezone.now()
    row.last_error = error
    if row.retry_since is None:
        row.retry_since = now
    failing_for = now - row.retry_since
    if failing_for >= RETRY_FOR:
        row.gave_up_at = now
        row.next_attempt_at = None
        logger.error(
            "E-mail %s (%s) given up after %d attempts over %s: %s",
            row.pk,
            row,
            row.attempts,
            failing_for,
            error,
        )
    else:
        pause = min(max(failing_for, FIRST_PAUSE), LONGEST_PAUSE)
        # The last attempt falls exactly when the retry period ends.
        row.next_attempt_at = min(now + pause, row.retry_since + RETRY_FOR)
        logger.warning(
            "E-mail %s not sent (next attempt %s): %s",
            row.pk,
            row.next_attempt_at.isoformat(),
            error,
        )
    row.save(
        update_fields=["last_error", "retry_since", "next_attempt_at", "gave_up_at"]
    )


def due(unsent, now=None):
    """The rows of ``unsent`` whose next attempt is due, oldest first."""
    now = now or timezone.now()
    return (
        unsent.filter(gave_up_at__isnull=True)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("pk")
    )


def send_due(rows, send):
    """Try every row with ``send(row)``; returns (sent, failed, given_up).

    ``given_up`` counts the rows given up in this run.
    """
    sent = failed = given_up = 0
    for row in rows:
        if send(row):
            sent += 1
        elif row.gave_up_at:
            given_up += 1
        else:
            failed += 1
    return sent, failed, given_up


def start_over(row):
    """Forget ``row``'s failures, so that it is tried as if new (a person's «Send på
    nytt»)."""
    type(row).objects.filter(pk=row.pk).update(
        retry_since=None, next_attempt_at=None, gave_up_at=None
    )
    row.retry_since = row.next_attempt_at = row.gave_up_at = None

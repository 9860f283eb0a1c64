"""E-mail to participants, sent through the task framework after the commit.

Every e-mail owed is a ``Notification`` row written in the same transaction as the
change it reports; the task sends it once the transaction has committed. A failing mail
server leaves the row unsent with its error, and ``manage.py send_notifications``
(run every few minutes) tries again when it is due: the pause after a failure is as
long as the failures have lasted (so it doubles), at least ``FIRST_PAUSE`` and at most
``LONGEST_PAUSE``. After ``RETRY_FOR`` of failures – long enough for a mail outage over
a weekend day – the portal gives up: it logs an error, the command fails, and the
organisers see the e-mail in Påmeldinger with a button to send it again.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from events import calendar
from events.loop_tokens import closes_at, opt_out_token, token
from events.models import (
    EmailKind,
    Notification,
    Participation,
    Registration,
    RegistrationStatus,
)
from events.models.gatherings import schedule_changed
from events.models.registrations import UNCONFIRMED_STATUSES, confirm_deadline
from portal import outbox

# How long and how often a failing e-mail is tried again.
FIRST_PAUSE, LONGEST_PAUSE, RETRY_FOR = (
    outbox.FIRST_PAUSE,
    outbox.LONGEST_PAUSE,
    outbox.RETRY_FOR,
)

# Translated when an e-mail is built, in the language active then.
SUBJECTS = {
    EmailKind.CONFIRM_ADDRESS: _("Bekreft påmeldingen din til {title}"),
    EmailKind.CONFIRMATION: _("Bekreftet: du er påmeldt {title}"),
    EmailKind.WAITING: _("Du står på venteliste til {title}"),
    EmailKind.PROMOTED: _("Du har fått plass på {title}"),
    EmailKind.CANCELLED: _("Avmeldingen din fra {title} er registrert"),
    EmailKind.REMINDER: _("Påminnelse: {title} nærmer seg"),
    EmailKind.LINK: _("Lenken til påmeldingen din til {title}"),
    EmailKind.EVALUATION: _("Hva syntes du om {title}?"),
    EmailKind.FOLLOWUP: _("Hva har dere prøvd hjemme siden {title}?"),
    EmailKind.UPDATED: _("Endret tid eller sted: {title}"),
}
CANCELLED_GATHERING_SUBJECT = _("Avlyst: {title}")
NEW_LINK_SUBJECT = _("Ny lenke til nettmøtet: {title}")
# The learning loop's e-mails: each links to its form and to «no more e-mail».
LOOP_KINDS = {EmailKind.EVALUATION: "evaluation", EmailKind.FOLLOWUP: "followup"}
SEATED = (RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED)
# The e-mails that put the gathering in the person's calendar, or move it there.
WITH_CALENDAR = {
    EmailKind.CONFIRMATION,
    EmailKind.PROMOTED,
    EmailKind.REMINDER,
    EmailKind.UPDATED,
}


def queue(registration, kind, **fields):
    """Record that ``registration`` is owed an e-mail; send it after the commit.

    ``fields`` are further fields of the ``Notification`` (an organiser's ``message``).
    """
    notification = Notification.objects.create(
        registration=registration, kind=kind, **fields
    )
    # robust: the registration is committed by now; if enqueueing fails, the row stays
    # unsent and ``send_notifications`` picks it up, rather than the participant
    # getting an error page for a booking that succeeded.
    transaction.on_commit(
        lambda: send_notification.enqueue(notification.pk), robust=True
    )
    return notification


def build_message(notification):
    """The e-mail ``notification`` is owed, in the written standard its person
    registered in: its texts, its calendar file and its links (below /nn/ for
    nynorsk)."""
    with translation.override(notification.registration.language):
        return _build_message(notification)


def _build_message(notification):
    registration = notification.registration
    gathering = registration.gathering
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/"
    context = {
        "registration": registration,
        "gathering": gathering,
        "kind": notification.kind,
        "own_page_url": urljoin(base_url, registration.get_absolute_url()),
        # Page.url is a full URL when there is more than one Site; urljoin keeps it.
        "gathering_url": urljoin(base_url, gathering.url or ""),
        "position": registration.waiting_position(),
        "waiting_reason": registration.waiting_reason(),
        "with_calendar": _with_calendar(notification),
        # The digital meeting's link: in the reminder and in news of a change, to
        # confirmed digital participants only.
        "meeting_link": registration.meeting_link()
        if notification.kind in (EmailKind.REMINDER, EmailKind.UPDATED)
        else "",
        # Nothing a visitor typed goes to an address whose owner has not confirmed:
        # the form would be a relay for anyone's text. Their name comes once they have.
        "greet_by_name": not registration.is_unconfirmed
        and notification.kind != EmailKind.CONFIRM_ADDRESS,
        # News of a change that was only the digital meeting's link.
        "new_link_only": notification.changes == "online_url",
    }
    if notification.kind in LOOP_KINDS:
        context.update(
            loop_links(registration, LOOP_KINDS[notification.kind], base_url)
        )
    subject = SUBJECTS.get(notification.kind, "")
    if notification.kind == EmailKind.UPDATED and gathering.cancelled:
        subject = CANCELLED_GATHERING_SUBJECT
    elif notification.kind == EmailKind.UPDATED and context["new_link_only"]:
        subject = NEW_LINK_SUBJECT
    subject = subject.format(title=gathering.title)
    template = "loop" if notification.kind in LOOP_KINDS else "notification"
    if notification.kind == EmailKind.MESSAGE:  # the organisers' own words
        context["message"] = notification.message
        subject, template = notification.message.subject, "message"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"events/email/{template}.txt", context),
        to=[registration.email],
    )
    message.attach_alternative(
        render_to_string(f"events/email/{template}.html", context), "text/html"
    )
    if context["with_calendar"]:
        content, method = calendar.participant_calendar(registration)
        # Django adds the charset itself; naming it here would repeat it.
        message.attach("samling.ics", content, f"text/calendar; method={method}")
    return message


def _with_calendar(notification):
    """A seat brings the calendar file, and a cancellation takes it back out again,
    for someone who had it (a waiting person never had one)."""
    if notification.kind == EmailKind.UPDATED:
        # Someone waiting never had the gathering in their calendar.
        return notification.registration.status in SEATED
    if notification.kind in WITH_CALENDAR:
        return True
    return (
        notification.kind == EmailKind.CANCELLED
        and notification.registration.notifications.filter(
            kind__in=[EmailKind.CONFIRMATION, EmailKind.PROMOTED]
        ).exists()
    )


@receiver(schedule_changed, dispatch_uid="events.notify_schedule_changed")
def notify_schedule_changed(sender, gathering, changes=(), **kwargs):
    """A published gathering moved, changed place or link, or was cancelled: everyone
    with a seat gets the news and the updated calendar file, and everyone waiting
    the news. A new link alone is news to the digital participants only."""
    if gathering.end < timezone.now():
        return
    told = gathering.registrations.filter(
        status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING],
        anonymised_at__isnull=True,
    )
    if list(changes) == ["online_url"]:
        told = told.filter(
            status=RegistrationStatus.CONFIRMED, participation=Participation.DIGITAL
        )
    for registration in told:
        queue(registration, EmailKind.UPDATED, changes=",".join(changes))


def loop_links(registration, kind, base_url):
    """The form's link and the «no more e-mail» link of an evaluation or follow-up."""
    invitation = registration.invitations.get(kind=kind)
    return {
        "form_url": urljoin(
            base_url, reverse(f"loop_{kind}", args=[token(invitation)])
        ),
        "opt_out_url": urljoin(
            base_url, reverse("loop_opt_out", args=[opt_out_token(registration)])
        ),
        "closes": closes_at(registration.gathering, kind),
    }


def deliver(notification):
    """Send one notification now; returns True when sent. Never raises.

    A failure schedules the next attempt, or gives up once the retries have lasted
    ``RETRY_FOR`` (``portal.outbox``).
    """
    if not notification.sent_at and notification.registration.anonymised_at:
        return False
    sent = outbox.deliver(
        notification,
        Notification.objects.filter(registration__anonymised_at__isnull=True),
        lambda: build_message(notification),
        failed=lambda row: _time_to_confirm_from(row, row.next_attempt_at),
    )
    if sent:
        _time_to_confirm_from(notification, notification.sent_at)
    return sent


def _time_to_confirm_from(notification, moment):
    """A hold's time to confirm runs from when its e-mail can be read, not from the
    form: a mail outage must not let holds expire before anyone could confirm. Only
    a hold still holding is extended, so no seat given away is taken back."""
    if notification.kind != EmailKind.CONFIRM_ADDRESS:
        return
    deadline = confirm_deadline(moment)
    Registration.objects.filter(
        pk=notification.registration_id,
        status__in=UNCONFIRMED_STATUSES,
        confirm_by__gt=timezone.now(),
        confirm_by__lt=deadline,
    ).update(confirm_by=deadline)


@task()
def send_notification(notification_id):
    notification = (
        Notification.objects.select_related("registration__gathering")
        .filter(pk=notification_id)
        .first()
    )
    if notification is not None:
        deliver(notification)


def pending(now=None):
    """Unsent notifications whose next attempt is due."""
    return outbox.due(Notification.objects.unsent(), now).select_related(
        "registration__gathering"
    )


def send_pending():
    """Try every due notification; returns (sent, failed, given_up).

    ``given_up`` counts the notifications given up in this run.
    """
    return outbox.send_due(pending(), deliver)


def retry_now(notifications):
    """Send the given unsent notifications now, as if they were new (an organiser's
    «Send på nytt»): the back-off starts over. Returns (sent, failed)."""
    sent = failed = 0
    for notification in notifications:
        if notification.sent_at:
            continue
        outbox.start_over(notification)
        if deliver(notification):
            sent += 1
        else:
            failed += 1
    return sent, failed

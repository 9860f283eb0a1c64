"""What organisers send to one gathering's participants from Påmeldinger.

The evaluation and the reminder are the ones the daily commands send
(``loop.invite_to_evaluation``, ``reminders.remind``), sent now: each person still gets
each of them at most once. A message is the organisers' own short text to everyone
with a seat. Everything goes through the outbox (``events.notifications``), so a mail
server that is down loses nothing and the organisers see what failed.
"""

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events import loop, notifications, reminders
from events.models import (
    EmailKind,
    GatheringState,
    InvitationKind,
    OrganiserMessage,
    RegistrationStatus,
)

SUBJECT_MAX = OrganiserMessage._meta.get_field("subject").max_length
BODY_MAX = OrganiserMessage._meta.get_field("body").max_length


class NotNow(Exception):
    """The e-mail cannot be sent for this gathering now; the text says why."""


def evaluation_refusal(gathering, now=None):
    """Why the evaluation cannot be sent now, or "" when it can."""
    now = now or timezone.now()
    if gathering.cancelled:
        return _("Samlingen er avlyst, så det er ingen evaluering å sende.")
    if now < gathering.start:
        return _("Evalueringen kan først sendes når samlingen har startet.")
    if now >= loop.closes_at(gathering, InvitationKind.EVALUATION):
        return _("Evalueringen er stengt for svar, så den sendes ikke lenger.")
    return ""


def reminder_refusal(gathering, now=None):
    """Why a reminder cannot be sent now, or "" when it can."""
    now = now or timezone.now()
    if gathering.cancelled:
        return _("Samlingen er avlyst, så det sendes ingen påminnelse.")
    if gathering.state(now) != GatheringState.UPCOMING:
        return _("Påminnelsen kan bare sendes før samlingen starter.")
    return ""


def send_evaluation(gathering, now=None):
    """Queue the evaluation for those not yet asked; returns how many."""
    refusal = evaluation_refusal(gathering, now)
    if refusal:
        raise NotNow(refusal)
    return loop.invite_to_evaluation(gathering)


def send_reminder(gathering, now=None):
    """Queue the reminder for those not yet reminded; returns how many."""
    refusal = reminder_refusal(gathering, now)
    if refusal:
        raise NotNow(refusal)
    return reminders.remind(gathering)


def message_recipients(gathering):
    """Everyone with a seat (confirmed, or marked as attended) who has not asked for
    no more e-mail."""
    return gathering.registrations.filter(
        status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED],
        anonymised_at__isnull=True,
        no_more_email_at__isnull=True,
    ).order_by("pk")


def send_message(gathering, subject, body, user=None):
    """Queue the organisers' message to everyone with a seat; returns how many."""
    with transaction.atomic():
        recipients = list(message_recipients(gathering))
        if not recipients:
            return 0
        message = OrganiserMessage.objects.create(
            gathering=gathering, subject=subject, body=body, sent_by=user
        )
        for registration in recipients:
            notifications.queue(registration, EmailKind.MESSAGE, message=message)
    return len(recipients)


def _single_line(value):
    if "\n" in value or "\r" in value:
        raise forms.ValidationError(_("Emnet må stå på én linje."))


class MessageForm(forms.Form):
    """A short plain-text message: a subject on one line and a text."""

    subject = forms.CharField(
        label=gettext_lazy("Emne"),
        max_length=SUBJECT_MAX,
        validators=[_single_line],
        strip=True,
        error_messages={
            "required": gettext_lazy("Skriv et emne."),
            "max_length": format_lazy(
                gettext_lazy("Emnet kan ha høyst {} tegn."), SUBJECT_MAX
            ),
        },
        help_text=gettext_lazy(
            "Vises som emnet i e-posten. Navnet på samlingen står i teksten."
        ),
    )
    body = forms.CharField(
        label=gettext_lazy("Tekst"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": gettext_lazy("Skriv en tekst."),
            "max_length": format_lazy(
                gettext_lazy("Teksten kan ha høyst {} tegn."), BODY_MAX
            ),
        },
        help_text=format_lazy(
            gettext_lazy(
                "Ren tekst, høyst {} tegn. E-posten begynner med «Hei» og navnet, og "
                "slutter med tid, sted og lenken til påmeldingen."
            ),
            BODY_MAX,
        ),
    )

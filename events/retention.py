"""Erasing participants' personal data once a gathering is over.

Two steps, both safe to repeat (``manage.py purge_registrations`` runs them daily):

1. Dietary needs are health data and go first, as soon as the gathering has ended.
2. ``REGISTRATION_RETENTION_DAYS`` after the end, name, e-mail, role, organisation and
   the token are replaced, so nothing identifies the person any more. The gathering,
   status (attended or not), municipality and times stay, so the counts per
   municipality and the attendance figures survive for statistics.

Participants from programme municipalities who will be asked for the three-month
follow-up (``events.loop``) are kept until it closes (or until they answer it or opt
out), then anonymised the same way. A follow-up's contact name and address, kept only
when the person allowed contact, are erased the same number of days after the answer.
A coordinator's group (their name and address) is deleted then too. So is the address
of whoever proposed a talk or a practice for a gathering's programme,
and the speaker's name of a proposal not taken into it (a name in the programme is the
programme's).

E-mails still owed to an anonymised registration are deleted: they could not be
delivered any more, and a failed attempt's error text may quote the address.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from events.models import (
    FollowUp,
    InvitationKind,
    Notification,
    Proposal,
    ProposalStatus,
    Registration,
    RegistrationGroup,
    RegistrationStatus,
)
from events.models.registrations import new_token

ANONYMOUS_NAME = "Slettet"
BATCH_SIZE = 500


@dataclass
class PurgeResult:
    dietary_erased: int = 0
    anonymised: int = 0
    notifications_dropped: int = 0
    followup_contacts_erased: int = 0
    proposals_erased: int = 0
    groups_deleted: int = 0


def anonymous_email(pk):
    """A per-row address, so the one-active-registration constraint still holds.

    ``.invalid`` is reserved (RFC 2606): nothing can ever be delivered there, and the
    address still passes Django's e-mail validation in forms and exports.
    """
    return f"slettet-{pk}@anonymisert.invalid"


ANONYMISED_FIELDS = [
    "name",
    "email",
    "role",
    "organisation",
    "dietary_needs",
    "token",
    "anonymised_at",
    "updated_at",
]


def scrub(registration, now):
    """Remove from ``registration`` (in memory) everything that points to a person.

    Status, municipality and times stay for statistics; the personal link stops working.
    """
    registration.name = ANONYMOUS_NAME
    registration.email = anonymous_email(registration.pk)
    registration.role = ""
    registration.organisation = ""
    registration.dietary_needs = ""
    registration.token = new_token()
    if registration.pk:
        # The answers to the organisers' questions are the person's too.
        registration.answers.all().delete()
    registration.anonymised_at = now


def dietary_needs_to_erase(now=None):
    """Registrations for gatherings that have ended and still hold dietary needs."""
    return Registration.objects.filter(
        gathering__end__lt=now or timezone.now()
    ).exclude(dietary_needs="")


def registrations_to_anonymise(now=None, days=None):
    """Registrations whose gathering ended more than ``days`` days ago, except those
    still to be asked for the follow-up (``events.loop``), kept until it closes."""
    if days is None:
        days = settings.REGISTRATION_RETENTION_DAYS
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=days)
    followup_cutoff = now - datetime.timedelta(
        days=settings.FOLLOWUP_AFTER_DAYS + settings.FOLLOWUP_OPEN_DAYS
    )
    awaiting_followup = (
        Registration.objects.filter(
            gathering__end__gte=followup_cutoff,
            gathering__cancelled=False,
            municipality__isnull=False,
            status__in=[RegistrationStatus.ATTENDED, RegistrationStatus.CONFIRMED],
            no_more_email_at__isnull=True,
        )
        .exclude(
            invitations__kind=InvitationKind.FOLLOWUP,
            invitations__answered_at__isnull=False,
        )
        .values("pk")
    )
    return Registration.objects.filter(
        gathering__end__lt=cutoff, anonymised_at__isnull=True
    ).exclude(pk__in=awaiting_followup)


def notifications_to_drop():
    """Unsent e-mails to registrations that are already anonymised."""
    return Notification.objects.filter(
        sent_at__isnull=True, registration__anonymised_at__isnull=False
    )


def erase_dietary_needs(now=None):
    return dietary_needs_to_erase(now).update(dietary_needs="")


def anonymise(now=None, days=None):
    """Anonymise every registration past its retention time; returns how many."""
    now = now or timezone.now()
    pks = list(registrations_to_anonymise(now, days).values_list("pk", flat=True))
    anonymised = 0
    for start in range(0, len(pks), BATCH_SIZE):
        with transaction.atomic():
            batch = list(
                Registration.objects.filter(
                    pk__in=pks[start : start + BATCH_SIZE], anonymised_at__isnull=True
                )
            )
            for registration in batch:
                scrub(registration, now)
                registration.updated_at = now  # bulk_update skips auto_now
            Registration.objects.bulk_update(batch, ANONYMISED_FIELDS)
            anonymised += len(batch)
    return anonymised


def followup_contacts_to_erase(now=None, days=None):
    """Follow-ups that still hold a contact's name or address after the retention
    period: what links a draft article to a person."""
    if days is None:
        days = settings.REGISTRATION_RETENTION_DAYS
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    return FollowUp.objects.filter(created_at__lt=cutoff).exclude(
        contact_name="", contact_email=""
    )


def proposals_to_erase(now=None, days=None):
    """Proposals for gatherings that ended more than the retention period ago that
    still hold the proposer's address, or a speaker's name not in the programme."""
    if days is None:
        days = settings.REGISTRATION_RETENTION_DAYS
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    ended = Proposal.objects.filter(gathering__end__lt=cutoff)
    outside = ended.exclude(status=ProposalStatus.ACCEPTED)
    return ended.exclude(email="") | outside.exclude(speaker_name="")


def groups_to_delete(now=None, days=None):
    """Coordinators' groups for gatherings that ended more than the retention period
    ago: the members' own registrations are anonymised on their own terms."""
    if days is None:
        days = settings.REGISTRATION_RETENTION_DAYS
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    return RegistrationGroup.objects.filter(gathering__end__lt=cutoff)


def erase_proposals(now=None, days=None):
    pks = list(proposals_to_erase(now, days).values_list("pk", flat=True))
    proposals = Proposal.objects.filter(pk__in=pks)
    with transaction.atomic():
        proposals.update(email="")
        proposals.exclude(status=ProposalStatus.ACCEPTED).update(speaker_name="")
    return len(pks)


def drop_undeliverable_notifications():
    deleted, _ = notifications_to_drop().delete()
    return deleted


def purge(now=None, days=None, dry_run=False):
    """Both steps in order; with ``dry_run`` only count what would change."""
    now = now or timezone.now()
    if dry_run:
        to_anonymise = registrations_to_anonymise(now, days)
        return PurgeResult(
            dietary_erased=dietary_needs_to_erase(now).count(),
            anonymised=to_anonymise.count(),
            notifications_dropped=notifications_to_drop().count()
            + Notification.objects.filter(
                sent_at__isnull=True, registration__in=to_anonymise
            ).count(),
            followup_contacts_erased=followup_contacts_to_erase(now, days).count(),
            proposals_erased=proposals_to_erase(now, days).count(),
            groups_deleted=groups_to_delete(now, days).count(),
        )
    result = PurgeResult(dietary_erased=erase_dietary_needs(now))
    result.anonymised = anonymise(now, days)
    result.notifications_dropped = drop_undeliverable_notifications()
    result.followup_contacts_erased = followup_contacts_to_erase(now, days).update(
        contact_name="", contact_email=""
    )
    result.proposals_erased = erase_proposals(now, days)
    result.groups_deleted, _ = groups_to_delete(now, days).delete()
    return result

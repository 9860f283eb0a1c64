"""Booking a seat: the one place that decides confirmed, waiting or refused.

Every change of seats happens inside one transaction that first locks the gathering's
row, so two people can never take the last seat at once: on PostgreSQL with
``SELECT … FOR UPDATE``, on SQLite because the connection opens write transactions
with ``BEGIN IMMEDIATE`` (see settings). E-mail is queued only after the commit.

A registration from the public form holds its seat (or its place in the queue) only
until ``confirm_by`` (``REGISTRATION_CONFIRM_MINUTES`` after it was made): it counts
once someone who reads the address's e-mail confirms it from the link (``confirm``).
Holds never confirmed expire – under the gathering's lock at the start of every
booking, confirmation and promotion, so no scheduler is needed for correctness, and
in ``manage.py expire_registrations`` for tidiness – and the seat goes to the first
confirmed person waiting. Unconfirmed places on the waiting list are never promoted.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from events import notifications, retention
from events.models import (
    EmailKind,
    GatheringPage,
    Proposal,
    ProposalStatus,
    Registration,
    RegistrationAnswer,
    RegistrationGroup,
    RegistrationQuestionKind,
    RegistrationState,
    RegistrationStatus,
)
from events.models.registrations import (
    ENDED_STATUSES,
    UNCONFIRMED_STATUSES,
    confirm_deadline,
    holds_seat,
)


class BookingError(Exception):
    """A registration that cannot be made; the message is for the participant, in the
    language active when it was raised."""


@dataclass
class Booking:
    registration: Registration
    created: bool


def _locked_gathering(gathering_id):
    return GatheringPage.objects.select_for_update(of=("self",)).get(pk=gathering_id)


# What decides a registration, read afresh once the gathering's row is locked.
SEAT_RULES = (
    "start",
    "cancelled",
    "registration_enabled",
    "registration_opens",
    "registration_closes",
    "attendance",
    "capacity",
    "digital_capacity",
    "waiting_list",
    "seats_per_municipality",
)


def _lock(gathering):
    """Lock the gathering's row and read its seat rules afresh onto ``gathering``.

    One statement on the gathering's own table: building the query for the whole
    page, with Wagtail's columns joined, took longer than running it.
    """
    rules = (
        GatheringPage.objects.select_for_update(of=("self",))
        .filter(pk=gathering.pk)
        .values(*SEAT_RULES)
        .get()
    )
    for field, value in rules.items():
        setattr(gathering, field, value)
    return gathering


def _tally(gathering, now, email, municipality, participation):
    """In one query: seats taken in ``participation``, holds past their time, the
    seats ``municipality`` takes in it, and the id of ``email``'s active registration
    (None without one)."""
    seated = holds_seat(now=now) & Q(participation=participation)
    return gathering.registrations.aggregate(
        seated=Count("pk", filter=seated),
        stale=Count(
            "pk", filter=Q(status__in=UNCONFIRMED_STATUSES, confirm_by__lte=now)
        ),
        municipality=Count("pk", filter=seated & Q(municipality=municipality)),
        existing=Max("pk", filter=Q(email=email) & ~Q(status__in=ENDED_STATUSES)),
    )


def _refuse_unless_open(state):
    """The gathering's state decides first, the same for every address: whether one is
    already registered is never revealed by a refusal."""
    if state == RegistrationState.CANCELLED:
        raise BookingError(_("Samlingen er avlyst, og påmeldingen er stengt."))
    if state == RegistrationState.NOT_YET_OPEN:
        raise BookingError(_("Påmeldingen til denne samlingen har ikke åpnet ennå."))
    if state == RegistrationState.NONE:
        raise BookingError(_("Denne samlingen har ikke påmelding på nettsiden."))
    if state == RegistrationState.CLOSED:
        raise BookingError(_("Påmeldingsfristen er ute."))
    if state == RegistrationState.FULL:
        raise BookingError(_("Samlingen er full, og den har ingen venteliste."))


def register(
    gathering,
    *,
    name,
    email,
    municipality=None,
    organisation="",
    role="",
    dietary_needs="",
    participation="",
    answers=None,
    group=None,
    consent=False,
    may_hold=True,
    language=None,
    now=None,
):
    """Hold a seat (or a place in the queue) for one person until they confirm.

    The new registration is unconfirmed, and the address is sent the link to confirm
    it (``confirm``) – the only e-mail, and it carries nothing the visitor typed.
    With ``may_hold=False`` (the client has made many holds lately) it holds no seat
    meanwhile: it is placed in the queue, and confirming still gives a seat if one
    is free then.

    Raises ``BookingError`` with a message in the active language when registration
    is not possible, the same whether or not the address is registered. When the
    address is already registered for this gathering, nothing changes: the link to
    that registration is e-mailed to the address, and the existing registration comes
    back with ``created=False``. It is not for showing: whoever typed the address may
    not be its owner.

    ``language`` is the written standard the person registered in (``nb`` or ``nn``;
    the default otherwise): every e-mail to them is written in it.

    ``participation`` is how the person takes part (on site, digitally): asked where
    the gathering is hybrid, else the one way it offers. Each way has its own seats
    and waiting list.

    ``answers`` are {question: answer} to the organisers' own questions; a workshop
    chosen must have a place left, counted under the same lock. ``group`` is the
    coordinator's group the person was registered in (``events.groups``).
    """
    email = email.strip().lower()
    now = now or timezone.now()
    # Only a real yes counts: a string such as "0" or "false" is not consent.
    if consent is not True:
        raise BookingError(_("Du må godta personvernerklæringen for å melde deg på."))
    try:
        with transaction.atomic():
            gathering = _lock(gathering)
            way = gathering.participation_for(participation)
            if way is None:
                raise BookingError(_("Velg om du deltar på stedet eller digitalt."))
            tally = _tally(gathering, now, email, municipality, way)
            if tally["stale"]:
                expire_stale(gathering, now)
                tally = _tally(gathering, now, email, municipality, way)
            state = gathering.registration_state(
                now, seated=tally["seated"], participation=way
            )
            _refuse_unless_open(state)
            if tally["existing"]:
                return _already_registered(
                    Registration.objects.get(pk=tally["existing"])
                )
            status = RegistrationStatus.UNCONFIRMED
            if state == RegistrationState.WAITING_LIST:
                status = RegistrationStatus.UNCONFIRMED_WAITING
            elif gathering.municipality_is_full(
                municipality, tally["municipality"], participation=way
            ):
                if not gathering.waiting_list:
                    used = gathering.municipality_used_its_seats_text(municipality)
                    raise BookingError(
                        _("%(used)s, og samlingen har ingen venteliste.")
                        % {"used": used}
                    )
                status = RegistrationStatus.UNCONFIRMED_WAITING
            elif not may_hold:
                status = RegistrationStatus.UNCONFIRMED_WAITING
            _refuse_full_workshops(answers or {})
            registration = Registration.objects.create(
                gathering=gathering,
                name=name.strip(),
                email=email,
                municipality=municipality,
                organisation="" if municipality else organisation.strip(),
                role=role.strip(),
                dietary_needs=dietary_needs.strip(),
                participation=way,
                group=group,
                consent=True,
                language=written_standard(language),
                status=status,
                confirm_by=confirm_deadline(now),
            )
            RegistrationAnswer.objects.bulk_create(
                RegistrationAnswer(
                    registration=registration, question=question, value=value
                )
                for question, value in (answers or {}).items()
            )
            notifications.queue(registration, EmailKind.CONFIRM_ADDRESS)
    except IntegrityError:
        # The same address registered in a parallel request: keep that one, and
        # answer as for any address already registered.
        with transaction.atomic():
            existing = Registration.objects.active().get(
                gathering=gathering, email=email
            )
            return _already_registered(existing)
    return Booking(registration, created=True)


def _refuse_full_workshops(answers):
    """A workshop chosen that has no place left stops the registration. The places
    are counted among all active registrations (those waiting too, so a promotion
    never overfills a workshop), under the gathering's lock: never overbooked."""
    for question, choice in answers.items():
        if question.kind != RegistrationQuestionKind.WORKSHOP:
            continue
        places = question.places().get(choice)
        taken = RegistrationAnswer.objects.filter(
            question=question,
            value=choice,
            registration__in=Registration.objects.active(),
        ).count()
        if places is not None and taken >= places:
            raise BookingError(
                _("Verkstedet «%(workshop)s» er fullt. Velg et annet.")
                % {"workshop": choice}
            )


def written_standard(language):
    """``language`` if the portal writes in it (``settings.LANGUAGES``), else the
    default (bokmål)."""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _already_registered(registration):
    """Send the owner of the address the link to their registration again."""
    notifications.queue(registration, EmailKind.LINK)
    return Booking(registration, created=False)


@dataclass
class Confirmation:
    registration: Registration
    outcome: str  # "seat", "waiting", "full", "already", "expired" or "cancelled"


def confirm(registration, now=None):
    """The owner of the address confirms from the link: the hold becomes theirs.

    A held seat becomes a confirmed one; an unconfirmed place in the queue joins the
    waiting list, or takes a seat at once if one is free (and nobody confirmed is
    waiting for it). On a gathering without a waiting list that filled up meanwhile,
    the registration ends as expired. Confirming again changes nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        gathering = _locked_gathering(registration.gathering_id)
        expire_stale(gathering, now)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.EXPIRED:
            return Confirmation(registration, "expired")
        if registration.status == RegistrationStatus.CANCELLED:
            return Confirmation(registration, "cancelled")
        if registration.status not in UNCONFIRMED_STATUSES:
            return Confirmation(registration, "already")
        if gathering.cancelled:
            raise BookingError(
                _("Samlingen er avlyst, så påmeldingen kan ikke bekreftes.")
            )
        if registration.status == RegistrationStatus.UNCONFIRMED:
            _set_status(registration, RegistrationStatus.CONFIRMED)
            notifications.queue(registration, EmailKind.CONFIRMATION)
            return Confirmation(registration, "seat")
        _set_status(registration, RegistrationStatus.WAITING)
        if registration in _fill_free_seats(gathering, now, confirming=registration):
            registration.status = RegistrationStatus.CONFIRMED
            return Confirmation(registration, "seat")
        if not gathering.waiting_list:
            _expire(registration, now)
            return Confirmation(registration, "full")
        notifications.queue(registration, EmailKind.WAITING)
        return Confirmation(registration, "waiting")


def _set_status(registration, status):
    registration.status = status
    registration.save(update_fields=["status", "updated_at"])


def _expire(registration, now):
    """End an unconfirmed registration and erase who it named: nobody showed that
    the address was theirs. The row stays (without a person) so its link can say
    that it has expired; e-mails still owed to it are dropped."""
    registration.status = RegistrationStatus.EXPIRED
    token = registration.token
    retention.scrub(registration, now)
    registration.token = token
    registration.save(update_fields=["status", *retention.ANONYMISED_FIELDS])
    registration.notifications.filter(sent_at__isnull=True).delete()


def expire_stale(gathering, now=None):
    """Expire the gathering's holds that were not confirmed in time; a freed seat
    goes to the first confirmed person waiting. The caller holds the gathering's
    lock. Returns how many expired."""
    now = now or timezone.now()
    stale = list(gathering.registrations.stale(now).select_for_update())
    freed = False
    for registration in stale:
        freed |= registration.status == RegistrationStatus.UNCONFIRMED
        _expire(registration, now)
    if freed and not gathering.cancelled:
        _fill_free_seats(gathering, now)
    return len(stale)


def expire_all(now=None):
    """Expire stale holds on every gathering that has any (``expire_registrations``).
    One gathering at a time, each under its own lock; returns how many expired."""
    now = now or timezone.now()
    gathering_ids = sorted(
        set(Registration.objects.stale(now).values_list("gathering_id", flat=True))
    )
    expired = 0
    for gathering_id in gathering_ids:
        with transaction.atomic():
            expired += expire_stale(_locked_gathering(gathering_id), now)
    return expired


def cancel(registration, now=None):
    """Cancel a registration; a freed seat goes to the first person waiting."""
    now = now or timezone.now()
    with transaction.atomic():
        gathering = _locked_gathering(registration.gathering_id)
        expire_stale(gathering, now)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status in (
            RegistrationStatus.CANCELLED,
            RegistrationStatus.EXPIRED,
        ):
            return registration
        freed = registration.status in (
            RegistrationStatus.CONFIRMED,
            RegistrationStatus.UNCONFIRMED,
        )
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        notifications.queue(registration, EmailKind.CANCELLED)
        # A cancelled gathering has no seats to give away.
        if freed and not gathering.cancelled:
            _fill_free_seats(gathering, now)
    return registration


class OverCapacity(BookingError):
    """Promoting would take the gathering over its capacity; the organiser must say so."""

    def __init__(self, seated, capacity):
        self.seated, self.capacity = seated, capacity
        super().__init__(
            f"Samlingen er full ({seated} av {capacity} plasser er tatt). "
            "Bekreft at du vil gå over kapasiteten."
        )


def promote(registration, *, over_capacity=False):
    """Give a waiting person a seat now (an organiser's decision).

    When every seat is taken, this raises ``OverCapacity`` unless the organiser has
    confirmed going over capacity (``over_capacity=True``); the check is made under
    the gathering's lock, so a seat taken meanwhile is not overbooked unasked.
    """
    with transaction.atomic():
        gathering = _locked_gathering(registration.gathering_id)
        expire_stale(gathering)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.WAITING:
            # An unconfirmed place is not on the list until its owner confirms it.
            raise BookingError(
                "Bare personer på ventelisten kan få plass, og bare når de har "
                "bekreftet påmeldingen."
            )
        if gathering.cancelled:
            raise BookingError("Samlingen er avlyst, så ingen kan få plass.")
        way = registration.participation
        seated = gathering.registrations.seated().filter(participation=way).count()
        capacity = gathering.capacity_for(way)
        if seated >= capacity and not over_capacity:
            raise OverCapacity(seated, capacity)
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        notifications.queue(registration, EmailKind.PROMOTED)
    return registration


def _refuse_before_start(gathering, now):
    """Attendance is marked from the gathering's start, not before."""
    if now < gathering.start:
        start = timezone.localtime(gathering.start)
        raise BookingError(
            "Oppmøte kan først markeres når samlingen har startet "
            f"({start:%d.%m.%Y} kl. {start:%H:%M})."
        )


def mark_attended(registration, now=None):
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .select_related("gathering")
            .get(pk=registration.pk)
        )
        if registration.status != RegistrationStatus.CONFIRMED:
            raise BookingError("Bare bekreftede deltakere kan markeres som møtt.")
        _refuse_before_start(registration.gathering, now or timezone.now())
        registration.status = RegistrationStatus.ATTENDED
        registration.save(update_fields=["status", "updated_at"])
    return registration


def unmark_attended(registration):
    """Undo «møtt»: the person is back to confirmed (the seat was theirs all along)."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.ATTENDED:
            raise BookingError("Bare deltakere som er markert som møtt, kan angres.")
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
    return registration


def _fill_free_seats(gathering, now=None, confirming=None):
    """Promote people from the waiting lists, in order of arrival, while seats are
    free: each way of taking part from its own list, to its own seats.

    Someone whose municipality already has all its seats is passed over, not removed.
    Only confirmed places are on the list. ``confirming`` is a person joining it right
    now by confirming: a seat they get is their confirmation, not a promotion.
    Returns the promoted registrations.
    """
    seated = gathering.registrations.seated(now)
    promoted = []
    for way in gathering.participations:
        seats = gathering.capacity_for(way) - seated.filter(participation=way).count()
        for waiting in gathering.registrations.waiting().filter(participation=way):
            if seats <= 0:
                break
            if gathering.municipality_is_full(waiting.municipality, participation=way):
                continue
            _set_status(waiting, RegistrationStatus.CONFIRMED)
            kind = (
                EmailKind.CONFIRMATION if waiting == confirming else EmailKind.PROMOTED
            )
            notifications.queue(waiting, kind)
            promoted.append(waiting)
            seats -= 1
    return promoted


def anonymise(registration, now=None):
    """Strip one registration of everything that points to a person.

    Status, municipality and times stay, so counts per municipality survive for
    statistics. Name and address become the same placeholders the retention purge
    uses, and the personal link stops working. The e-mails sent to the person go too.
    The caller holds the transaction.
    """
    retention.scrub(registration, now or timezone.now())
    registration.save(update_fields=retention.ANONYMISED_FIELDS)
    registration.notifications.all().delete()
    return registration


def erase_person(email, now=None):
    """Anonymise every registration held for one e-mail address (a request to erase),
    and erase the address from the proposals it sent.

    A seat held for a gathering that has not ended is given up first, so it goes to the
    first person waiting, as a cancellation would. Returns how many registrations were
    anonymised.
    """
    email = email.strip()
    now = now or timezone.now()
    held = Registration.objects.filter(email__iexact=email, anonymised_at__isnull=True)
    holding = (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITING,
        *UNCONFIRMED_STATUSES,
    )
    with transaction.atomic():
        gathering_ids = sorted(set(held.values_list("gathering_id", flat=True)))
        # Gatherings are locked in id order, so two erasures cannot deadlock.
        gatherings = [_locked_gathering(pk) for pk in gathering_ids]
        count = 0
        for gathering in gatherings:
            freed = False
            for registration in held.filter(gathering=gathering).select_for_update():
                if registration.status in holding and gathering.end >= now:
                    freed |= registration.status in (
                        RegistrationStatus.CONFIRMED,
                        RegistrationStatus.UNCONFIRMED,
                    )
                    registration.status = RegistrationStatus.CANCELLED
                    registration.cancelled_at = now
                    registration.save(
                        update_fields=["status", "cancelled_at", "updated_at"]
                    )
                anonymise(registration, now)
                count += 1
            if freed and not gathering.cancelled:
                _fill_free_seats(gathering, now)
        # Proposals for a programme: the address goes, and the speaker's name where
        # the proposal is not in the programme.
        proposals = Proposal.objects.filter(email__iexact=email)
        proposals.exclude(status=ProposalStatus.ACCEPTED).update(speaker_name="")
        proposals.update(email="")
        # A group the address coordinated: its name and address go with it.
        RegistrationGroup.objects.filter(coordinator_email__iexact=email).delete()
    return count

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from portal.models.outbox import OutboxMessage


def new_token():
    return secrets.token_urlsafe(32)


class RegistrationStatus(models.TextChoices):
    """Where a registration stands.

    A registration starts unconfirmed: it holds a seat (or a place in the queue) only
    until ``confirm_by``, and becomes a participant's when someone who reads the
    address's e-mail confirms it from the link (``events.booking.confirm``). One never
    confirmed expires, and its seat goes to the waiting list.
    """

    UNCONFIRMED = "unconfirmed", _("Ikke bekreftet ennå")
    UNCONFIRMED_WAITING = "unconfirmed_waiting", _("Ikke bekreftet ennå (venteliste)")
    CONFIRMED = "confirmed", _("Bekreftet")
    WAITING = "waiting", _("På venteliste")
    CANCELLED = "cancelled", _("Avmeldt")
    ATTENDED = "attended", _("Møtte")
    EXPIRED = "expired", _("Utløpt – ikke bekreftet")


ACTIVE_STATUSES = (
    RegistrationStatus.UNCONFIRMED,
    RegistrationStatus.UNCONFIRMED_WAITING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITING,
    RegistrationStatus.ATTENDED,
)
UNCONFIRMED_STATUSES = (
    RegistrationStatus.UNCONFIRMED,
    RegistrationStatus.UNCONFIRMED_WAITING,
)
# Statuses that no longer hold anything: another registration may use the address.
ENDED_STATUSES = (RegistrationStatus.CANCELLED, RegistrationStatus.EXPIRED)


def confirm_deadline(moment):
    """Until when a hold made (or e-mailed) at ``moment`` keeps its seat."""
    return moment + datetime.timedelta(minutes=settings.REGISTRATION_CONFIRM_MINUTES)


class Participation(models.TextChoices):
    """How one person takes part: each way has its own seats and waiting list."""

    ON_SITE = "on_site", _("på stedet")
    DIGITAL = "digital", _("digitalt")


def holds_seat(prefix="", now=None):
    """A ``Q`` for registrations that take a seat now: participants, and holds not
    yet past their time to confirm. ``prefix`` is the relation's path ("registrations__")."""
    now = now or timezone.now()
    return Q(
        **{
            f"{prefix}status__in": [
                RegistrationStatus.CONFIRMED,
                RegistrationStatus.ATTENDED,
            ]
        }
    ) | Q(
        **{
            f"{prefix}status": RegistrationStatus.UNCONFIRMED,
            f"{prefix}confirm_by__gt": now,
        }
    )


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status__in=ENDED_STATUSES)

    def seated(self, now=None):
        """Who takes a seat: participants and unexpired holds (see ``holds_seat``)."""
        return self.filter(holds_seat(now=now))

    def participants(self):
        """Confirmed or attended: those organisers plan for, export and ask."""
        return self.filter(
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED]
        )

    def unconfirmed(self):
        return self.filter(status__in=UNCONFIRMED_STATUSES)

    def stale(self, now=None):
        """Unconfirmed registrations past their time to confirm."""
        return self.unconfirmed().filter(confirm_by__lte=now or timezone.now())

    def waiting(self):
        """The waiting list in order of arrival: only confirmed places are on it."""
        return self.filter(status=RegistrationStatus.WAITING).order_by(
            "created_at", "pk"
        )


class RegistrationGroup(OutboxMessage):
    """Colleagues a municipal coordinator registered at once.

    Each colleague has a registration of their own, confirms it from their own
    address, gets their own e-mails and link, and may cancel alone; the seats, the
    limit per municipality and the waiting list count person by person. The
    coordinator's link (``token``) shows the group's names and where each stands,
    nothing more; the e-mail with it goes through the outbox (the group is its row).
    Erased with the registrations (``events.retention``).
    """

    gathering = models.ForeignKey(
        "events.GatheringPage",
        verbose_name=_("samling"),
        on_delete=models.CASCADE,
        related_name="registration_groups",
    )
    coordinator_name = models.CharField(_("koordinator"), max_length=120)
    coordinator_email = models.EmailField(_("koordinatorens e-post"), max_length=254)
    municipality = models.ForeignKey(
        "portal.MunicipalityPage",
        verbose_name=_("programkommune"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(
        _("målform"), max_length=2, choices=settings.LANGUAGES, default="nb"
    )
    token = models.CharField(
        max_length=64, unique=True, default=new_token, editable=False
    )
    created_at = models.DateTimeField(_("registrert"), auto_now_add=True)

    class Meta:
        verbose_name = _("gruppepåmelding")
        verbose_name_plural = _("gruppepåmeldinger")

    def __str__(self):
        return f"{self.coordinator_name} ({self.gathering})"

    def get_absolute_url(self):
        return reverse("registration_group", args=[self.token])


class Registration(models.Model):
    """One person's registration for a gathering (påmelding).

    Personal data is minimal and erased a set number of days after the gathering
    (``manage.py purge_registrations``); the status and municipality stay for statistics.
    """

    gathering = models.ForeignKey(
        "events.GatheringPage",
        verbose_name=_("samling"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    name = models.CharField(_("navn"), max_length=120)
    email = models.EmailField(_("e-post"), max_length=254)
    municipality = models.ForeignKey(
        "portal.MunicipalityPage",
        verbose_name=_("programkommune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.CharField(_("annen organisasjon"), max_length=160, blank=True)
    role = models.CharField(_("rolle eller stilling"), max_length=120, blank=True)
    dietary_needs = models.CharField(
        _("behov for spesialkost"), max_length=300, blank=True
    )
    participation = models.CharField(
        _("deltar"),
        max_length=10,
        choices=Participation.choices,
        default=Participation.ON_SITE,
    )
    group = models.ForeignKey(
        RegistrationGroup,
        verbose_name=_("gruppe"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    consent = models.BooleanField(
        _("samtykke til personvernerklæringen"), default=False
    )
    # The written standard the person registered in: every e-mail to them and every
    # link in it follows it (the language act's § 15).
    language = models.CharField(
        _("målform"),
        max_length=2,
        choices=settings.LANGUAGES,
        default="nb",
        help_text=_(
            "Skjemaet personen meldte seg på i. E-postene til personen "
            "skrives i samme målform."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RegistrationStatus.choices, db_index=True
    )
    token = models.CharField(
        max_length=64, unique=True, default=new_token, editable=False
    )
    confirm_by = models.DateTimeField(
        _("bekreftes innen"),
        null=True,
        blank=True,
        help_text=_(
            "Påmeldingen utløper hvis den ikke er bekreftet fra e-posten innen "
            "dette tidspunktet."
        ),
    )
    created_at = models.DateTimeField(_("registrert"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)
    cancelled_at = models.DateTimeField(_("avmeldt"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymisert"), null=True, blank=True)
    no_more_email_at = models.DateTimeField(
        _("vil ikke ha flere e-poster"),
        null=True,
        blank=True,
        help_text=_(
            "Personen har bedt om ingen evaluering eller oppfølging på e-post."
        ),
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("påmelding")
        verbose_name_plural = _("påmeldinger")
        ordering = ["created_at", "pk"]
        permissions = [("manage_registrations", "Kan se og håndtere påmeldinger")]
        constraints = [
            models.UniqueConstraint(
                fields=["gathering", "email"],
                condition=~Q(status__in=["cancelled", "expired"]),
                name="one_active_registration_per_email",
            )
        ]

    def __str__(self):
        return f"{self.name} – {self.gathering}"

    def get_absolute_url(self):
        return reverse("registration_detail", args=[self.token])

    @property
    def organisation_name(self):
        return self.municipality.title if self.municipality_id else self.organisation

    @property
    def is_unconfirmed(self):
        return self.status in UNCONFIRMED_STATUSES

    def is_expired(self, now=None):
        """Expired, or unconfirmed past its time (before the sweep has marked it)."""
        if self.status == RegistrationStatus.EXPIRED:
            return True
        return bool(
            self.is_unconfirmed
            and self.confirm_by
            and self.confirm_by <= (now or timezone.now())
        )

    def waiting_reason(self):
        """Why a waiting person waits when it is not for want of seats, or ""."""
        if self.status != RegistrationStatus.WAITING or not self.municipality_id:
            return ""
        gathering = self.gathering
        if not gathering.municipality_is_full(
            self.municipality, participation=self.participation
        ):
            return ""
        return gathering.municipality_used_its_seats_text(self.municipality)

    def answers_in_order(self):
        """The answers to the organisers' questions, in the questions' order (from
        what a list prefetched, where it did)."""
        return sorted(
            self.answers.all(),
            key=lambda answer: (answer.question.sort_order or 0, answer.question_id),
        )

    @property
    def answers_text(self):
        """«Spørsmål: svar» for each answer, on one line: for lists and exports."""
        return "; ".join(
            f"{answer.question.text}: {answer.value}"
            for answer in self.answers_in_order()
        )

    @property
    def participation_text(self):
        """«På stedet» or «Digitalt»: how the person takes part, for lists."""
        return capfirst(self.get_participation_display())

    def meeting_link(self):
        """The digital meeting's link, for a confirmed digital participant; "" for
        anyone else (it is never shown in public)."""
        if self.participation != Participation.DIGITAL:
            return ""
        if self.status not in (
            RegistrationStatus.CONFIRMED,
            RegistrationStatus.ATTENDED,
        ):
            return ""
        return self.gathering.online_url

    def waiting_position(self):
        """The place on the waiting list of the person's way of taking part."""
        if self.status != RegistrationStatus.WAITING:
            return None
        earlier = Registration.objects.filter(
            gathering_id=self.gathering_id, participation=self.participation
        ).waiting()
        return (
            earlier.filter(
                Q(created_at__lt=self.created_at)
                | Q(created_at=self.created_at, pk__lt=self.pk)
            ).count()
            + 1
        )


class EmailKind(models.TextChoices):
    CONFIRM_ADDRESS = "confirm_address", _("Bekreft påmeldingen")
    CONFIRMATION = "confirmation", _("Bekreftelse")
    WAITING = "waiting", _("Venteliste")
    PROMOTED = "promoted", _("Fått plass")
    CANCELLED = "cancelled", _("Avmelding")
    REMINDER = "reminder", _("Påminnelse")
    LINK = "link", _("Lenke til påmeldingen")
    EVALUATION = "evaluation", _("Evaluering")
    FOLLOWUP = "followup", _("Oppfølging")
    UPDATED = "updated", _("Endring i samlingen")
    MESSAGE = "message", _("Beskjed fra arrangørene")


class OrganiserMessage(models.Model):
    """A short message the organisers wrote to a gathering's participants in
    Påmeldinger; each participant's e-mail is a ``Notification`` pointing here."""

    gathering = models.ForeignKey(
        "events.GatheringPage",
        on_delete=models.CASCADE,
        related_name="organiser_messages",
    )
    subject = models.CharField(_("emne"), max_length=120)
    body = models.TextField(_("tekst"), max_length=3000)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("beskjed fra arrangørene")
        verbose_name_plural = _("beskjeder fra arrangørene")

    def __str__(self):
        return self.subject


class NotificationQuerySet(models.QuerySet):
    def unsent(self):
        """Owed and not sent (still being retried, or given up), for a live person."""
        return self.filter(
            sent_at__isnull=True, registration__anonymised_at__isnull=True
        )

    def failed(self):
        """Unsent after at least one failed attempt: what organisers are shown."""
        return self.unsent().exclude(last_error="")

    def given_up(self):
        return self.unsent().filter(gave_up_at__isnull=False)


class Notification(OutboxMessage):
    """An e-mail owed to a participant; kept until sent so a failing server loses nothing.

    A failed attempt is retried with a growing pause (``events.notifications``); after
    two days of failures the portal gives up, logs an error and shows the e-mail to
    the organisers, who can send it again.
    """

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=EmailKind.choices)
    message = models.ForeignKey(
        OrganiserMessage,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        help_text="The organisers' text, for an e-mail of the kind «message».",
    )
    changes = models.CharField(
        max_length=100,
        blank=True,
        help_text="For an e-mail of the kind «updated»: the gathering's fields that "
        "changed, separated by commas.",
    )
    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-postvarsel")
        verbose_name_plural = _("e-postvarsler")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "kind"],
                condition=Q(kind__in=["reminder", "evaluation", "followup"]),
                name="one_scheduled_email_per_kind",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – påmelding {self.registration_id}"

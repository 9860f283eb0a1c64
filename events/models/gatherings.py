import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.dispatch import Signal
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from rest_framework import serializers
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from events import serializers as api_serializers
from events import serving
from events.dates import gathering_dates
from events.models.page_forms import GatheringPageForm, GatheringReportPageForm
from events.models.registrations import Participation, Registration, holds_seat
from portal import content_version
from portal.blocks import BodyBlock
from portal.models import BasePage, Region

# Wagtail routes a sub-path with a trailing slash ("/kalender.ics/"), links are made
# without one; the request reaches Wagtail through events.views.page_calendar.
CALENDAR_ROUTE = r"^kalender\.ics/?$"

# What a participant's calendar holds of a gathering: a change to one of these in a
# published gathering moves the event in their calendars (``schedule_changed``).
SCHEDULE_FIELDS = ("start", "end", "venue", "address", "online_url", "cancelled")

# Sent after a published gathering was saved with a new time, place or cancellation;
# ``events.notifications`` tells the participants.
schedule_changed = Signal()


class GatheringKind(models.TextChoices):
    STARTUP = "oppstartsamling", _("Oppstartsamling")
    SEMINAR = "fagsamling", _("Fagsamling")
    CONFERENCE = "konferanse", _("Konferanse")
    NETWORK = "nettverkssamling", _("Nettverkssamling")
    WEBINAR = "webinar", _("Webinar")


class GatheringState(models.TextChoices):
    UPCOMING = "upcoming", _("Kommende")
    ONGOING = "ongoing", _("Pågår nå")
    PAST = "past", _("Avholdt")


class Attendance(models.TextChoices):
    """How a gathering is held."""

    ON_SITE = "on_site", _("på stedet")
    DIGITAL = "digital", _("digitalt")
    HYBRID = "hybrid", _("både på stedet og digitalt (hybrid)")


def _digital_seated(prefix=""):
    return holds_seat(prefix) & Q(**{f"{prefix}participation": Participation.DIGITAL})


class RegistrationState(models.TextChoices):
    NONE = "none", _("Ingen påmelding")
    NOT_YET_OPEN = "not_yet_open", _("Påmeldingen har ikke åpnet")
    OPEN = "open", _("Påmeldingen er åpen")
    WAITING_LIST = "waiting_list", _("Fullt – venteliste")
    FULL = "full", _("Fullt")
    CLOSED = "closed", _("Påmeldingen er stengt")
    CANCELLED = "cancelled", _("Avlyst")


class GatheringTag(TaggedItemBase):
    content_object = ParentalKey(
        "events.GatheringPage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        # A theme once a page: the lists count a page's themes without DISTINCT.
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="gathering_tag_once"
            )
        ]


class GatheringQuerySet(PageQuerySet):
    """Gatherings by time; ``now`` is a parameter so tests can freeze it."""

    def upcoming(self, now=None):
        return self.filter(end__gte=now or timezone.now()).order_by("start")

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now()).order_by("-start")

    def with_seat_counts(self):
        content_version.shows(content_version.SEATS)
        return self.annotate(
            # Unexpired holds take seats too (``holds_seat``).
            confirmed_count=Count(
                "registrations", filter=holds_seat("registrations__")
            ),
            digital_count=Count(
                "registrations", filter=_digital_seated("registrations__")
            ),
            waiting_count=Count(
                "registrations", filter=Q(registrations__status="waiting")
            ),
        )


class GatheringIndexPage(RoutablePageMixin, BasePage):
    """All gatherings: upcoming first (soonest first), then past ones (newest first)."""

    search_rank = 0.4  # a list ranks below the pages it lists

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["events.GatheringPage"]
    max_count = 1

    class Meta:
        verbose_name = _("oversikt over samlinger")
        verbose_name_plural = _("oversikter over samlinger")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(serving.views.index_context(request, self))
        return context

    @re_path(CALENDAR_ROUTE, name="calendar")
    def calendar_feed(self, request):
        """All upcoming gatherings as one calendar to subscribe to."""
        return serving.views.index_calendar(request, self)


class GatheringPage(RoutablePageMixin, BasePage):
    """A gathering (samling): when and where, the agenda, and registration.

    Registration state and seats left are computed from the fields and the
    registrations, never stored, so they cannot drift.
    """

    kind = models.CharField(
        _("type samling"), max_length=20, choices=GatheringKind.choices
    )
    start = models.DateTimeField(_("starter"))
    end = models.DateTimeField(_("slutter"))
    venue = models.CharField(
        _("sted"),
        max_length=200,
        blank=True,
        help_text=_("For eksempel «Husbanken, Bergen»."),
    )
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    attendance = models.CharField(
        _("deltakelse"),
        max_length=10,
        choices=Attendance.choices,
        default=Attendance.ON_SITE,
        help_text=_(
            "Hybrid: påmeldingen spør hvordan personen deltar, og hver måte har egne "
            "plasser og egen venteliste."
        ),
    )
    online_url = models.URLField(
        _("lenke til nettmøtet"),
        blank=True,
        help_text=_(
            "Vises bare for bekreftede digitale deltakere: på deres egen side og i "
            "påminnelsen. Aldri på den åpne siden."
        ),
    )
    region = models.CharField(
        _("Husbanken-region"), max_length=20, choices=Region.choices, blank=True
    )
    organiser = models.CharField(_("arrangør"), max_length=160, default="Husbanken")
    audience = models.TextField(
        _("for hvem"),
        max_length=600,
        blank=True,
        help_text=_("Hvem samlingen er for."),
    )
    tags = ClusterTaggableManager(
        through="events.GatheringTag", verbose_name=_("temaer"), blank=True
    )
    description = StreamField(BodyBlock(), verbose_name=_("beskrivelse"), blank=True)

    registration_enabled = models.BooleanField(
        _("påmelding på nettsiden"), default=True
    )
    registration_opens = models.DateTimeField(
        _("påmeldingen åpner"), null=True, blank=True
    )
    registration_closes = models.DateTimeField(
        _("påmeldingsfrist"),
        null=True,
        blank=True,
        help_text=_("Står feltet tomt, stenger påmeldingen når samlingen starter."),
    )
    capacity = models.PositiveIntegerField(
        _("antall plasser"),
        default=50,
        validators=[MinValueValidator(1)],
        help_text=_("På stedet."),
    )
    digital_capacity = models.PositiveIntegerField(
        _("plasser digitalt"),
        default=100,
        validators=[MinValueValidator(1)],
        help_text=_("For digitale og hybride samlinger."),
    )
    waiting_list = models.BooleanField(
        _("venteliste når det er fullt"),
        default=True,
        help_text=_("Den første på ventelisten får plassen når noen melder seg av."),
    )
    seats_per_municipality = models.PositiveSmallIntegerField(
        _("plasser per kommune"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Tomt betyr ingen grense."),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("påminnelse dager før"),
        default=3,
        validators=[MaxValueValidator(60)],
        help_text=_(
            "Hvor mange dager før start deltakerne får en påminnelse på e-post."
        ),
    )
    cancelled = models.BooleanField(
        _("avlyst"),
        default=False,
        help_text=_("Påmeldingen stenges, og siden viser at samlingen er avlyst."),
    )
    publish_evaluation = models.BooleanField(
        _("vis evalueringen på siden"),
        default=False,
        help_text=_(
            "Når samlingen er over, viser siden antall svar og snittet for hvert "
            "spørsmål med skala. Fritekstsvarene vises aldri."
        ),
    )
    accepts_proposals = models.BooleanField(
        _("ta imot forslag til programmet"),
        default=False,
        help_text=_(
            "Programkommunene kan foreslå et innlegg eller et godt eksempel fra siden "
            "om samlingen. Forslagene behandles under Påmeldinger."
        ),
    )
    proposals_close = models.DateTimeField(
        _("frist for forslag"),
        null=True,
        blank=True,
        help_text=_("Står feltet tomt, kan kommunene foreslå til samlingen starter."),
    )
    # RFC 5545 SEQUENCE of the gathering's calendar event: raised each time a published
    # gathering gets a new time, place or cancellation, so calendars take the update.
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("attendance"),
                FieldPanel("venue"),
                FieldPanel("address"),
                FieldPanel("online_url"),
                FieldPanel("region"),
                FieldPanel("organiser"),
                FieldPanel("audience"),
                FieldPanel("tags"),
            ],
            heading=_("Når og hvor"),
        ),
        FieldPanel("description"),
        InlinePanel("agenda_items", heading=_("Program"), label=_("Programpunkt")),
        MultiFieldPanel(
            [
                FieldPanel("registration_enabled"),
                FieldRowPanel(
                    [
                        FieldPanel("registration_opens"),
                        FieldPanel("registration_closes"),
                    ]
                ),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("digital_capacity")]),
                FieldPanel("waiting_list"),
                FieldPanel("seats_per_municipality"),
                FieldPanel("reminder_days"),
                FieldPanel("cancelled"),
                InlinePanel(
                    "registration_questions",
                    heading=_("Egne spørsmål i påmeldingen"),
                    label=_("Spørsmål"),
                    help_text=_(
                        "Svarene vises under Påmeldinger og i nedlastingene, og slettes "
                        "sammen med påmeldingen."
                    ),
                ),
            ],
            heading=_("Påmelding"),
        ),
        MultiFieldPanel(
            [
                InlinePanel(
                    "evaluation_questions",
                    label=_("Spørsmål"),
                    help_text=_(
                        "Deltakerne får evalueringen på e-post dagen etter "
                        "samlingen. Uten egne spørsmål brukes tre standardspørsmål om "
                        "nytte, det mest nyttige og hva som bør endres."
                    ),
                ),
                FieldPanel("publish_evaluation"),
            ],
            heading=_("Evaluering"),
        ),
        MultiFieldPanel(
            [FieldPanel("accepts_proposals"), FieldPanel("proposals_close")],
            heading=_("Forslag til programmet"),
        ),
    ]

    base_form_class = GatheringPageForm

    search_fields = BasePage.search_fields + [
        index.SearchField("description"),
        index.SearchField("venue"),
        index.FilterField("start"),
        index.FilterField("kind"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
    ]

    # Never ``online_url`` (given to those who register) nor anything of the
    # registrations but their number (``events.serializers``).
    api_fields = [
        APIField("intro"),
        APIField("kind"),
        APIField("start"),
        APIField("end"),
        APIField("venue"),
        APIField("address"),
        APIField("region"),
        APIField("organiser"),
        APIField("tags", serializer=api_serializers.TagNamesField()),
        APIField("attendance"),
        APIField("cancelled"),
        APIField("agenda", serializer=api_serializers.agenda()),
        APIField(
            "registration_state", serializer=serializers.CharField(read_only=True)
        ),
        APIField("seats_left", serializer=serializers.IntegerField(read_only=True)),
    ]

    parent_page_types = ["events.GatheringIndexPage"]
    subpage_types = ["events.GatheringReportPage"]

    objects = PageManager.from_queryset(GatheringQuerySet)()

    @classmethod
    def api_queryset(cls, queryset):
        """What the API lists reads its fields from (``portal.api``), in a fixed
        number of queries: the agenda and themes prefetched, the seats taken as a
        subquery (``holds_seat``).

        A subquery rather than ``with_seat_counts``: the API's filters (tags) join other
        tables, which would multiply a ``Count`` over a join.
        """
        content_version.shows(content_version.SEATS)

        def seated(condition):
            return Coalesce(
                Subquery(
                    Registration.objects.filter(condition, gathering=OuterRef("pk"))
                    .order_by()
                    .values("gathering")
                    .annotate(count=Count("pk"))
                    .values("count"),
                    output_field=IntegerField(),
                ),
                Value(0),
            )

        return queryset.annotate(
            confirmed_count=seated(holds_seat()),
            digital_count=seated(_digital_seated()),
        ).prefetch_related("agenda_items", "tags")

    class Meta:
        verbose_name = _("samling")
        verbose_name_plural = _("samlinger")

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = gettext("Slutten må være etter starten.")
        opens, closes = self.registration_opens, self.registration_closes
        if opens and closes and closes <= opens:
            errors["registration_closes"] = gettext(
                "Fristen må være etter at påmeldingen åpner."
            )
        if closes and self.end and closes > self.end:
            errors["registration_closes"] = gettext(
                "Fristen kan ikke være etter at samlingen er slutt."
            )
        if self.pk and self._registrations_left_out():
            errors["attendance"] = gettext(
                "Noen er påmeldt på en måte samlingen da ikke lenger har. Meld dem av "
                "eller flytt dem først."
            )
        if errors:
            raise ValidationError(errors)

    def _registrations_left_out(self):
        """Whether active registrations take part in a way the gathering no longer
        offers (a hybrid gathering made on-site only, say)."""
        return (
            Registration.objects.active()
            .filter(gathering_id=self.pk)
            .exclude(participation__in=self.participations)
            .exists()
        )

    def save(self, *args, **kwargs):
        """Raise the calendar sequence when a published gathering's schedule changes.

        The sequence is read from the database, never from the object: publishing a
        revision restores the value the revision was saved with, which may be older.
        """
        update_fields = kwargs.get("update_fields")
        tracked = update_fields is None or {
            "calendar_sequence",
            *SCHEDULE_FIELDS,
        } & set(update_fields)
        before = None
        if self.pk and tracked:
            before = (
                GatheringPage.objects.filter(pk=self.pk)
                .values("live", "calendar_sequence", *SCHEDULE_FIELDS)
                .first()
            )
        changes = [
            field
            for field in SCHEDULE_FIELDS
            if before and before["live"] and self.live
            if before[field] != getattr(self, field)
        ]
        changed = bool(changes)
        if before:
            self.calendar_sequence = before["calendar_sequence"] + changed
            if changed and update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "calendar_sequence"}
        super().save(*args, **kwargs)
        if changed:
            schedule_changed.send(sender=GatheringPage, gathering=self, changes=changes)

    # --- state ---

    def state(self, now=None):
        now = now or timezone.now()
        if now < self.start:
            return GatheringState.UPCOMING
        if now <= self.end:
            return GatheringState.ONGOING
        return GatheringState.PAST

    # --- ways of taking part, and their seats ---

    @property
    def participations(self):
        """The ways one may take part here, each with its own seats and waiting list;
        the first is the one the limit per municipality applies to."""
        if self.attendance == Attendance.HYBRID:
            return [Participation.ON_SITE, Participation.DIGITAL]
        if self.attendance == Attendance.DIGITAL:
            return [Participation.DIGITAL]
        return [Participation.ON_SITE]

    def participation_for(self, chosen):
        """The way a person takes part who chose ``chosen`` (blank where the
        gathering offers one way only), or None when that is no way offered here."""
        offered = self.participations
        if len(offered) == 1 and not chosen:
            return offered[0]
        return chosen if chosen in offered else None

    def capacity_for(self, participation):
        if participation == Participation.DIGITAL:
            return self.digital_capacity
        return self.capacity

    def seats_taken(self):
        """{way of taking part: seats taken}, in one query (or none, where the
        gathering was read with its counts)."""
        content_version.shows(content_version.SEATS)
        if hasattr(self, "confirmed_count"):
            total, digital = self.confirmed_count, self.digital_count
        else:
            counts = self.registrations.seated().aggregate(
                total=Count("pk"),
                digital=Count("pk", filter=Q(participation=Participation.DIGITAL)),
            )
            total, digital = counts["total"], counts["digital"]
        return {Participation.ON_SITE: total - digital, Participation.DIGITAL: digital}

    def confirmed_seats(self):
        return sum(self.seats_taken().values())

    def seats_left(self, seated=None, participation=None):
        """Free seats in one way of taking part, or in all together (None).
        ``seated`` is the seats taken in ``participation``, when the caller has just
        counted them (``events.booking``)."""
        if seated is not None:
            taken = {participation or self.participations[0]: seated}
        else:
            taken = self.seats_taken()
        ways = [participation] if participation else self.participations
        return sum(max(self.capacity_for(way) - taken.get(way, 0), 0) for way in ways)

    @property
    def capacity_text(self):
        """The seats it has: «30», or «på stedet: 30 · digitalt: 100» for a hybrid."""
        ways = self.participations
        if len(ways) == 1:
            return str(self.capacity_for(ways[0]))
        return " · ".join(f"{way.label}: {self.capacity_for(way)}" for way in ways)

    def seats_by_participation(self):
        """[(way of taking part, free seats)] for each way offered."""
        taken = self.seats_taken()
        return [
            (way, max(self.capacity_for(way) - taken[way], 0))
            for way in self.participations
        ]

    def registration_state(self, now=None, seated=None, participation=None):
        """Where registration stands, for one way of taking part or for any (None:
        open while any way has a seat). ``seated`` is the seats taken in it, when
        the caller has just counted them (``events.booking``)."""
        now = now or timezone.now()
        if self.cancelled:
            return RegistrationState.CANCELLED
        if not self.registration_enabled:
            return RegistrationState.NONE
        if self.registration_opens and now < self.registration_opens:
            return RegistrationState.NOT_YET_OPEN
        if now >= (self.registration_closes or self.start):
            return RegistrationState.CLOSED
        if self.seats_left(seated, participation) > 0:
            return RegistrationState.OPEN
        if self.waiting_list:
            return RegistrationState.WAITING_LIST
        return RegistrationState.FULL

    def accepts_registrations(self, now=None):
        return self.registration_state(now) in (
            RegistrationState.OPEN,
            RegistrationState.WAITING_LIST,
        )

    def takes_proposals(self, now=None):
        """Whether municipalities may propose a talk or a good practice now: until the
        deadline, or until the gathering starts, and never once it is cancelled."""
        now = now or timezone.now()
        if not self.accepts_proposals or self.cancelled:
            return False
        return now < min(self.proposals_close or self.start, self.start)

    def municipality_is_full(self, municipality, seated=None, participation=None):
        """Whether ``municipality`` holds all the seats it may have here; ``seated``
        is the seats it takes, when the caller has just counted them.

        The limit applies to the first way of taking part (on site, where there is
        one): a hybrid gathering's digital seats are not limited per municipality."""
        limited = self.participations[0]
        if not (municipality and self.seats_per_municipality):
            return False
        if (participation or limited) != limited:
            return False
        if seated is None:
            seated = self.registrations.seated().filter(
                municipality=municipality, participation=limited
            )
            seated = seated.count()
        return seated >= self.seats_per_municipality

    @property
    def municipality_limit_text(self):
        """«Høyst 2 plasser per kommune», or "" when there is no limit."""
        seats = self.seats_per_municipality
        if not seats:
            return ""
        return ngettext(
            "Høyst %(seats)d plass per kommune",
            "Høyst %(seats)d plasser per kommune",
            seats,
        ) % {"seats": seats}

    def municipality_used_its_seats_text(self, municipality):
        """«Karmøy kommune har allerede brukt sin plass» (or «sine 2 plasser»)."""
        seats = self.seats_per_municipality
        return ngettext(
            "%(municipality)s har allerede brukt sin plass",
            "%(municipality)s har allerede brukt sine %(seats)d plasser",
            seats,
        ) % {"municipality": municipality.title, "seats": seats}

    @property
    def time_span(self):
        """When, with weekdays and times: the text pages and e-mails show."""
        return gathering_dates(self.start, self.end)

    @property
    def date_span(self):
        """Which dates, for listings: «10.–11. mars 2027»."""
        return gathering_dates(self.start, self.end, times=False)

    @property
    def days(self):
        """The local dates the gathering spans."""
        first = timezone.localtime(self.start).date()
        last = timezone.localtime(self.end).date()
        return [
            first + datetime.timedelta(days=n) for n in range((last - first).days + 1)
        ]

    def get_context(self, request, *args, **kwargs):
        if self.pk is None:
            # A new gathering previewed before it is saved: nobody has a seat yet.
            self.confirmed_count = self.digital_count = 0
        context = super().get_context(request, *args, **kwargs)
        context.update(serving.views.gathering_context(request, self))
        return context

    @path("")
    def index_route(self, request, *args, **kwargs):
        """The page; a POST to it is a registration."""
        return serving.views.serve_gathering(
            self, request, super().index_route, *args, **kwargs
        )

    @re_path(CALENDAR_ROUTE, name="calendar")
    def calendar_file(self, request):
        return serving.views.gathering_calendar(request, self)


class AgendaItemKind(models.TextChoices):
    TALK = "talk", _("Innlegg")
    BREAK = "break", _("Pause")
    MEAL = "meal", _("Måltid")
    WORKSHOP = "workshop", _("Verksted")
    DISCUSSION = "discussion", _("Diskusjon")


class AgendaItem(Orderable, ClusterableModel):
    """One point on a gathering's programme: a talk, a break, a workshop …"""

    page = ParentalKey(
        GatheringPage, on_delete=models.CASCADE, related_name="agenda_items"
    )
    start = models.DateTimeField(_("starter"))
    end = models.DateTimeField(_("slutter"))
    title = models.CharField(_("tittel"), max_length=200)
    kind = models.CharField(
        _("type"),
        max_length=20,
        choices=AgendaItemKind.choices,
        default=AgendaItemKind.TALK,
    )
    speakers = ParentalManyToManyField(
        "portal.Person",
        verbose_name=_("innledere"),
        blank=True,
        related_name="agenda_items",
    )
    presentation = models.ForeignKey(
        "learning.PresentationPage",
        verbose_name=_("presentasjon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    good_practice = models.ForeignKey(
        "learning.GoodPracticePage",
        verbose_name=_("relatert godt eksempel"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )

    panels = [
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("speakers"),
        FieldPanel("presentation"),
        FieldPanel("good_practice"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("programpunkt")
        verbose_name_plural = _("programpunkter")

    def __str__(self):
        return self.title


class RecordingBlock(blocks.StructBlock):
    """A recording of a gathering, linked from its report. Universal design requires
    captions: a report with a recording without them cannot be published
    (``GatheringReportPageForm``), and the page shows only those with them."""

    title = blocks.CharBlock(label=_("tittel"), max_length=200)
    url = blocks.URLBlock(label=_("lenke til opptaket"), max_length=500)
    captioned = blocks.BooleanBlock(
        label=_("har teksting"),
        required=False,
        help_text=_("Teksting som kan slås på i avspilleren, kontrollert av deg."),
    )

    class Meta:
        label = _("opptak")
        icon = "media"


class GatheringReportPage(BasePage):
    """The editor's report from a gathering: text, photos with credit and quotes, and
    the recordings of a digital or hybrid one."""

    body = StreamField(BodyBlock(), verbose_name=_("innhold"))
    date = models.DateField(_("dato"), default=datetime.date.today)
    # In the page's own row, not a table of their own: a cold report stays within its
    # queries.
    recordings = StreamField(
        [("recording", RecordingBlock())],
        verbose_name=_("opptak"),
        blank=True,
        help_text=_(
            "Opptak fra en digital eller hybrid samling. Et opptak må ha teksting "
            "før rapporten publiseres (universell utforming)."
        ),
    )
    minutes = RichTextField(
        _("referat"),
        blank=True,
        features=["h3", "bold", "italic", "ol", "ul", "link"],
        help_text=_(
            "Vedtak, spørsmål som kom opp, og hvem som følger opp hva. Vises "
            "under rapporten og lenkes fra samlingen."
        ),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("date"),
        FieldPanel("body"),
        FieldPanel("minutes"),
        FieldPanel("recordings"),
    ]

    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["events.GatheringPage"]
    subpage_types = []
    base_form_class = GatheringReportPageForm

    class Meta:
        verbose_name = _("rapport fra samling")
        verbose_name_plural = _("rapporter fra samlinger")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the template's cached report is missing.
        context.update(
            gathering=SimpleLazyObject(lambda: self.gathering),
            speakers=SimpleLazyObject(
                lambda: sorted(
                    {person for item in self.agenda for person in item.speakers.all()},
                    key=lambda person: person.name,
                )
            ),
            presentations=SimpleLazyObject(
                lambda: [
                    item.presentation
                    for item in self.agenda
                    if item.presentation and item.presentation.live
                ]
            ),
        )
        return context

    @cached_property
    def gathering(self):
        """The gathering the report is from (its parent), read in its own type in one
        query."""
        return GatheringPage.objects.filter(path=self.path[: -self.steplen]).first()

    def ancestors_at_hand(self):
        return [self.gathering]

    def captioned_recordings(self):
        """The recordings readers may follow: those with captions only."""
        return [block.value for block in self.recordings if block.value["captioned"]]

    @cached_property
    def agenda(self):
        """The gathering's agenda items, with their presentations and speakers."""
        return list(
            AgendaItem.objects.filter(page_id=self.gathering.pk)
            .select_related("presentation__municipality")
            .prefetch_related("speakers")
        )

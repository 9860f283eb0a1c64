"""The organisers' side of registration, in the Wagtail admin (Påmeldinger).

Only users with ``events.manage_registrations`` (the «Arrangører» group) or superusers
see participants; anyone else gets 403 before any lookup, even with access to the
admin. One gathering's participants are Wagtail's generic listing (filters, search,
sorting, CSV and Excel export); every change of a registration goes through
``events.booking``, which locks and queues the e-mails, and every destructive or
over-capacity change asks first. Personal data is looked up by e-mail address in POST
bodies, never in URLs, so that addresses do not end up in access logs.
"""

import logging

import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import connection
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from events import (
    booking,
    documents,
    exports,
    loop,
    notifications,
    organiser_mail,
)
from events.models import (
    EvaluationAnswer,
    GatheringPage,
    GatheringState,
    Invitation,
    InvitationKind,
    Notification,
    Participation,
    Registration,
    RegistrationAnswer,
    RegistrationStatus,
    holds_seat,
)
from events.models.registrations import UNCONFIRMED_STATUSES

logger = logging.getLogger(__name__)

PERMISSION = "events.manage_registrations"
NO_MUNICIPALITY = "ingen"
NO_MUNICIPALITY_LABEL = _("Andre organisasjoner")


def can_manage_registrations(user):
    """Organisers and superusers (``has_perm`` is always true for an active superuser)."""
    return user.is_active and user.has_perm(PERMISSION)


def forbidden(request):
    # Wagtail turns a raised PermissionDenied into a redirect to the dashboard; a
    # participant list must answer with a plain 403 instead.
    return TemplateResponse(request, "events/admin/forbidden.html", status=403)


def get_or_404(queryset, pk):
    """``get_object_or_404`` for an id from the URL, which may not fit the column.

    An id beyond the primary key's range would make SQLite raise OverflowError and
    PostgreSQL a DataError: it is simply not found.
    """
    field = queryset.model._meta.pk
    while field.is_relation:  # a page's pk is its link to wagtailcore.Page
        field = field.target_field
    low, high = connection.ops.integer_field_range(field.get_internal_type())
    if not (low or 0) < pk <= (high or 2**63 - 1):
        raise Http404
    return get_object_or_404(queryset, pk=pk)


class OrganiserMixin:
    """Refuses everyone but organisers with a 403, before anything is looked up."""

    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not can_manage_registrations(request.user):
            return forbidden(request)
        self.load(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load(self, **kwargs):
        """Look up what the URL names (after the permission check)."""

    def index_breadcrumbs(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("events_admin:index"), "label": _("Påmeldinger")},
        ]


class OrganiserView(OrganiserMixin, WagtailAdminTemplateMixin, TemplateView):
    pass


def status_counts():
    """Counts per status, for ``annotate`` or ``aggregate`` on registrations."""
    return {
        "confirmed": Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        "attended": Count("pk", filter=Q(status=RegistrationStatus.ATTENDED)),
        "waiting": Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
        "cancelled": Count("pk", filter=Q(status=RegistrationStatus.CANCELLED)),
        # Not participants yet: nobody has shown that the address is theirs.
        "unconfirmed": Count("pk", filter=Q(status__in=UNCONFIRMED_STATUSES)),
        # Unconfirmed seats still held count against capacity, not as participants.
        "holding": Count("pk", filter=holds_seat()),
        "digital_holding": Count(
            "pk", filter=holds_seat() & Q(participation=Participation.DIGITAL)
        ),
    }


def seats(capacity, seated):
    """What the «Ledige plasser» cell says: free seats, or how far over capacity."""
    if seated > capacity:
        return gettext("%(count)s over kapasitet") % {"count": seated - capacity}
    return str(capacity - seated)


def seats_by_way(gathering, seated, digital):
    """The «Ledige plasser» cell for each way of taking part the gathering has, where
    ``seated`` seats are taken in all and ``digital`` of them digitally."""
    taken = {Participation.ON_SITE: seated - digital, Participation.DIGITAL: digital}
    ways = gathering.participations
    if len(ways) == 1:
        return seats(gathering.capacity_for(ways[0]), taken[ways[0]])
    return " · ".join(
        f"{way.label}: {seats(gathering.capacity_for(way), taken[way])}" for way in ways
    )


# --- the gatherings ---


class GatheringIndexView(OrganiserView):
    template_name = "events/admin/gathering_index.html"
    page_title = _("Påmeldinger")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Påmeldinger")}]

    def get_header_buttons(self):
        return [
            HeaderButton(
                gettext("Personopplysninger"),
                reverse("events_admin:personal_data"),
                icon_name="user",
            )
        ]

    def get_context_data(self, **kwargs):
        now = timezone.now()
        by_status = {
            f"{name}_count": Count(
                "registrations", filter=Q(registrations__status=status)
            )
            for name, status in (
                ("only_confirmed", RegistrationStatus.CONFIRMED),
                ("attended", RegistrationStatus.ATTENDED),
                ("waiting", RegistrationStatus.WAITING),
                ("cancelled", RegistrationStatus.CANCELLED),
            )
        }
        by_status["unconfirmed_count"] = Count(
            "registrations", filter=Q(registrations__status__in=UNCONFIRMED_STATUSES)
        )
        by_status["holding_count"] = Count(
            "registrations", filter=holds_seat("registrations__", now)
        )
        by_status["digital_holding_count"] = Count(
            "registrations",
            filter=holds_seat("registrations__", now)
            & Q(registrations__participation=Participation.DIGITAL),
        )
        unsent = (
            Notification.objects.failed()
            .filter(registration__gathering=OuterRef("pk"))
            .values("registration__gathering")
            .annotate(count=Count("pk"))
            .values("count")
        )
        gatherings = list(
            GatheringPage.objects.annotate(
                **by_status, unsent_count=Subquery(unsent)
            ).order_by("start", "pk")
        )
        for gathering in gatherings:
            gathering.seats_text = seats_by_way(
                gathering, gathering.holding_count, gathering.digital_holding_count
            )
        context = super().get_context_data(**kwargs)
        context["upcoming"] = [g for g in gatherings if g.end >= now]
        context["past"] = sorted(
            (g for g in gatherings if g.end < now), key=lambda g: g.start, reverse=True
        )
        return context


# --- one gathering's registrations ---


class RegistrationFilterSet(WagtailFilterSet):
    # Expired registrations name nobody and hold nothing: they are not listed.
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[
            choice
            for choice in RegistrationStatus.choices
            if choice[0] != RegistrationStatus.EXPIRED
        ],
        empty_label=_("Alle"),
    )
    municipality = django_filters.ChoiceFilter(
        label=_("Kommune"), method="filter_municipality", empty_label=_("Alle")
    )

    class Meta:
        model = Registration
        fields = []

    def __init__(self, *args, municipality_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["municipality"].extra["choices"] = list(municipality_choices)

    def filter_municipality(self, queryset, name, value):
        if value == NO_MUNICIPALITY:
            return queryset.filter(municipality__isnull=True)
        return queryset.filter(municipality_id=value)


def _name(registration):
    return gettext("Anonymisert") if registration.anonymised_at else registration.name


def _registered(registration):
    return timezone.localtime(registration.created_at).strftime("%d.%m.%Y %H:%M")


class TemplateColumn(Column):
    """A column whose cells are a template of their own.

    Wagtail renders a cell's template with a bare context: no request, so no context
    processors and no CSRF token. The token is passed on here, or every form in a
    cell would be refused by the CSRF check.
    """

    def __init__(self, name, template, **kwargs):
        super().__init__(name, **kwargs)
        self.cell_template_name = template

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = context.get("request")
        if request is not None:
            context["csrf_token"] = get_token(request)
        return context


class RegistrationListView(OrganiserMixin, exports.SpreadsheetMixin, IndexView):
    """One gathering's participants: counts, the filtered list and its export.

    Wagtail's generic listing rather than a whole ``ModelViewSet``: registrations are
    never added, edited or deleted through a form, only changed by ``booking``'s
    actions, so the viewset's other views would be ways around its rules.
    """

    model = Registration
    # Organisers hold no model permissions on registrations: OrganiserMixin decides
    # who sees the list, and nobody gets the generic add, edit or delete.
    any_permission_required = None

    def user_has_permission(self, permission):
        return permission == "view"

    def user_has_any_permission(self, permissions):
        return "view" in permissions

    template_name = "events/admin/registration_list.html"
    index_url_name = "events_admin:registrations"
    index_results_url_name = "events_admin:registrations_results"
    page_title = _("Påmeldinger")
    verbose_name_plural = _("påmeldinger")
    paginate_by = 100
    filterset_class = RegistrationFilterSet
    search_fields = ["name", "email", "organisation", "municipality__title"]
    list_export = [
        "name",
        "email",
        "organisation_name",
        "role",
        "dietary_needs",
        "participation_text",
        "answers_text",
        "get_status_display",
        "created_at",
    ]
    export_headings = dict(zip(list_export, exports.REGISTRATION_COLUMNS, strict=True))
    export_format = None  # set for the export URLs that name their format

    columns = [
        Column("name", label=_("Navn"), accessor=_name, sort_key="name"),
        TemplateColumn("email", "events/admin/_email_cell.html", label=_("E-post")),
        Column(
            "organisation",
            label=_("Kommune/organisasjon"),
            accessor="organisation_name",
        ),
        Column("role", label=_("Rolle")),
        Column("dietary_needs", label=_("Spesialkost")),
        Column("answers", label=_("Svar"), accessor="answers_text"),
        Column(
            "participation",
            label=_("Deltar"),
            accessor="participation_text",
            sort_key="participation",
        ),
        Column(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            sort_key="status",
        ),
        Column(
            "created_at",
            label=_("Registrert"),
            accessor=_registered,
            sort_key="created_at",
        ),
        TemplateColumn(
            "sent_email", "events/admin/_notifications_cell.html", label=_("E-post")
        ),
        TemplateColumn(
            "actions", "events/admin/_actions_cell.html", label=_("Handlinger")
        ),
    ]

    def load(self, gathering_id, **kwargs):
        self.gathering = get_or_404(GatheringPage.objects.all(), gathering_id)
        if self.export_format:
            self.is_export = True

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.gathering.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.gathering.pk])

    def get_page_subtitle(self):
        return self.gathering.title

    def get_breadcrumbs_items(self):
        return [*self.index_breadcrumbs(), {"url": "", "label": self.gathering.title}]

    @cached_property
    def header_buttons(self):
        # Only buttons that lead somewhere the user may go.
        buttons = [
            HeaderButton(
                gettext("Skriv til deltakerne"),
                reverse("events_admin:message", args=[self.gathering.pk]),
                icon_name="mail",
            ),
            HeaderButton(
                gettext("Evaluering"),
                reverse("events_admin:evaluation", args=[self.gathering.pk]),
                icon_name="list-ul",
            ),
        ]
        if self.gathering.permissions_for_user(self.request.user).can_edit():
            buttons.append(
                HeaderButton(
                    gettext("Rediger samlingen"),
                    reverse("wagtailadmin_pages:edit", args=[self.gathering.pk]),
                    icon_name="edit",
                )
            )
        return buttons

    def get_base_queryset(self):
        registrations = self.gathering.registrations.exclude(
            status=RegistrationStatus.EXPIRED
        )
        if self.is_export and self.request.GET.get("status") not in (
            UNCONFIRMED_STATUSES
        ):
            # A downloaded list is used to plan food and name tags: only those who
            # confirmed, unless the organiser filtered for the unconfirmed ones.
            registrations = registrations.exclude(status__in=UNCONFIRMED_STATUSES)
        return registrations.select_related("municipality").prefetch_related(
            Prefetch(
                "answers",
                queryset=RegistrationAnswer.objects.select_related("question"),
            ),
            Prefetch(
                "notifications",
                queryset=Notification.objects.select_related("message").order_by(
                    "created_at", "pk"
                ),
            ),
        )

    @cached_property
    def municipalities(self):
        rows = (
            self.gathering.registrations.exclude(status=RegistrationStatus.EXPIRED)
            .values("municipality", "municipality__title")
            .annotate(**status_counts())
            .order_by("municipality__title")
        )
        return [
            {
                **row,
                "id": row["municipality"] or NO_MUNICIPALITY,
                "title": row["municipality__title"] or NO_MUNICIPALITY_LABEL,
            }
            for row in rows
        ]

    def get_filterset_kwargs(self):
        choices = [(str(row["id"]), row["title"]) for row in self.municipalities]
        return {**super().get_filterset_kwargs(), "municipality_choices": choices}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.is_export or self.results_only:
            return context
        gathering = self.gathering
        now = timezone.now()
        for registration in context["object_list"]:
            registration.actions = row_actions(registration, gathering, now)
        totals = {
            key: sum(row[key] for row in self.municipalities)
            for key in (
                "confirmed",
                "attended",
                "waiting",
                "cancelled",
                "unconfirmed",
                "holding",
                "digital_holding",
            )
        }
        context.update(
            {
                "gathering": gathering,
                "totals": totals,
                "seats_text": seats_by_way(
                    gathering, totals["holding"], totals["digital_holding"]
                ),
                "confirm_minutes": settings.REGISTRATION_CONFIRM_MINUTES,
                "municipalities": self.municipalities,
                "ended": gathering.state(now) == GatheringState.PAST,
                "unsent": list(
                    Notification.objects.failed()
                    .filter(registration__gathering=gathering)
                    .select_related("registration")
                    .order_by("created_at", "pk")
                ),
                "next_url": self.request.get_full_path(),
                "evaluation_refusal": organiser_mail.evaluation_refusal(gathering, now),
                "reminder_refusal": organiser_mail.reminder_refusal(gathering, now),
            }
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        if self.export_format:
            return self.as_spreadsheet(context["object_list"], self.export_format)
        return super().render_to_response(context, **response_kwargs)

    def get_filename(self):
        return f"pameldinger-{self.gathering.slug}"

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        if item.anonymised_at:  # only a placeholder address is left
            row["email"] = ""
        return row


def row_actions(registration, gathering, now):
    """The buttons an organiser gets for one registration: only those that can work.

    Each is (action, label, style, method): a GET leads to a page that asks first.
    Once a gathering is over, seats no longer change hands; attendance is marked
    from its start.
    """
    if registration.anonymised_at:
        return []
    status = registration.status
    started = now >= gathering.start
    open_seats = gathering.state(now) != GatheringState.PAST
    actions = []
    if status == RegistrationStatus.CONFIRMED and started:
        actions.append(("attended", gettext("Møtt"), "button-secondary", "post"))
    if status == RegistrationStatus.ATTENDED:
        actions.append(
            ("unattended", gettext("Angre møtt"), "button-secondary", "post")
        )
    if status == RegistrationStatus.WAITING and open_seats and not gathering.cancelled:
        actions.append(("promote", gettext("Gi plass"), "button-secondary", "post"))
    if status in (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITING,
        *UNCONFIRMED_STATUSES,
    ) and (open_seats):
        actions.append(("cancel", gettext("Meld av …"), "button-secondary no", "get"))
    return actions


# --- actions on one registration ---


class RegistrationActionView(OrganiserView):
    """Change one registration; cancelling, and going over capacity, ask first."""

    template_name = "events/admin/registration_confirm.html"
    actions = ("attended", "unattended", "promote", "cancel")

    def load(self, pk, action, **kwargs):
        if action not in self.actions:
            raise Http404
        self.action = action
        self.registration = get_or_404(
            Registration.objects.select_related("gathering").filter(
                anonymised_at__isnull=True
            ),
            pk,
        )
        self.gathering = self.registration.gathering

    def get_page_title(self):
        return gettext("Meld av") if self.action == "cancel" else gettext("Gi plass")

    def get_page_subtitle(self):
        return self.registration.name

    def get_breadcrumbs_items(self):
        return [
            *self.index_breadcrumbs(),
            {"url": self.list_url(), "label": self.gathering.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def list_url(self):
        return reverse("events_admin:registrations", args=[self.gathering.pk])

    def next_url(self):
        return get_valid_next_url_from_request(self.request) or self.list_url()

    def get(self, request, *args, **kwargs):
        # Only cancelling is asked first by a link; going over capacity is asked
        # when a POST finds the gathering full.
        if self.action != "cancel":
            return self.http_method_not_allowed(request)
        return self.confirm()

    def confirm(self, over_capacity=None):
        # The seats of the person's own way of taking part (on site, digital).
        way = self.registration.participation
        seated = self.gathering.registrations.seated().filter(participation=way)
        return self.render_to_response(
            self.get_context_data(
                registration=self.registration,
                gathering=self.gathering,
                action=self.action,
                seated=seated.count(),
                capacity=self.gathering.capacity_for(way),
                over_capacity=over_capacity,
                next_url=self.next_url(),
                cancel_url=self.next_url(),
            )
        )

    def post(self, request, *args, **kwargs):
        registration, gathering = self.registration, self.gathering
        name = registration.name
        action = self.action
        confirmed = request.POST.get("confirm") == "ja"
        try:
            if action == "attended":
                booking.mark_attended(registration)
                messages.success(
                    request, gettext("%(name)s er markert som møtt.") % {"name": name}
                )
            elif action == "unattended":
                booking.unmark_attended(registration)
                messages.success(
                    request,
                    gettext("%(name)s er ikke lenger markert som møtt.")
                    % {"name": name},
                )
            elif gathering.state() == GatheringState.PAST:
                messages.error(
                    request,
                    gettext("Samlingen er over, så påmeldingen kan ikke endres."),
                )
            elif action == "cancel" and not confirmed:
                return self.confirm()
            elif action == "promote":
                booking.promote(registration, over_capacity=confirmed)
                messages.success(
                    request,
                    gettext("%(name)s har fått plass og får beskjed på e-post.")
                    % {"name": name},
                )
            else:
                waiting_before = gathering.registrations.waiting().count()
                booking.cancel(registration)
                promoted = waiting_before - gathering.registrations.waiting().count()
                text = gettext(
                    "%(name)s er meldt av og får en bekreftelse på e-post."
                ) % {"name": name}
                if promoted:
                    text += " " + gettext(
                        "%(count)s fra ventelisten fikk plass og får beskjed."
                    ) % {"count": promoted}
                messages.success(request, text)
        except booking.OverCapacity as error:
            return self.confirm(over_capacity=error.seated + 1 - error.capacity)
        except booking.BookingError as error:
            messages.error(request, str(error))
        return redirect(self.next_url())


class DocumentView(OrganiserMixin, View):
    """A gathering's PDF for the day itself (``events.documents``), built for this
    download and never stored."""

    http_method_names = ["get"]
    kind = ""  # «kursbevis», «deltakerliste», «navnelapper»: the file's name

    def load(self, gathering_id, **kwargs):
        self.gathering = get_or_404(GatheringPage.objects.all(), gathering_id)

    def build(self):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        response = HttpResponse(self.build(), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{documents.filename(self.kind, self.gathering)}"'
        )
        patch_cache_control(response, private=True, no_store=True)
        return response


class CertificatesView(DocumentView):
    """Every attendance certificate of the gathering: one page per person marked as
    attended."""

    kind = "kursbevis"

    def build(self):
        attended = self.gathering.registrations.filter(
            status=RegistrationStatus.ATTENDED
        ).select_related("municipality")
        return documents.certificates(attended.order_by("name"), self.gathering)


class ParticipantListView(DocumentView):
    kind = "deltakerliste"

    def build(self):
        return documents.participant_list(
            self.gathering, documents.on_the_day(self.gathering)
        )


class BadgesView(DocumentView):
    kind = "navnelapper"

    def build(self):
        return documents.badges(self.gathering, documents.on_the_day(self.gathering))


class ResendView(OrganiserView):
    """«Send på nytt»: the gathering's unsent e-mails now, with the back-off reset."""

    http_method_names = ["post"]

    def load(self, gathering_id, **kwargs):
        self.gathering = get_or_404(GatheringPage.objects.all(), gathering_id)

    def post(self, request, *args, **kwargs):
        unsent = (
            Notification.objects.failed()
            .filter(registration__gathering=self.gathering)
            .select_related("registration__gathering")
        )
        sent, failed = notifications.retry_now(unsent)
        if sent:
            messages.success(
                request,
                ngettext(
                    "%(count)s e-post er sendt.", "%(count)s e-poster er sendt.", sent
                )
                % {"count": sent},
            )
        if failed:
            messages.error(
                request,
                ngettext(
                    "%(count)s e-post kunne ikke sendes nå. "
                    "Portalen prøver igjen i to døgn.",
                    "%(count)s e-poster kunne ikke sendes nå. "
                    "Portalen prøver igjen i to døgn.",
                    failed,
                )
                % {"count": failed},
            )
        return redirect("events_admin:registrations", self.gathering.pk)


# --- e-mail to the participants ---


class SendView(OrganiserView):
    """«Send evalueringen nå» and «Send påminnelse nå» for one gathering."""

    http_method_names = ["post"]
    # What to send, what the organiser is told when it went to some, and when it
    # went to nobody.
    sends = {
        "evaluering": (
            organiser_mail.send_evaluation,
            lambda count: ngettext(
                "Evalueringen sendes til %(count)s deltaker.",
                "Evalueringen sendes til %(count)s deltakere.",
                count,
            ),
            _("Alle som skal ha evalueringen, har allerede fått den."),
        ),
        "paminnelse": (
            organiser_mail.send_reminder,
            lambda count: ngettext(
                "Påminnelsen sendes til %(count)s deltaker.",
                "Påminnelsen sendes til %(count)s deltakere.",
                count,
            ),
            _("Alle som skal ha påminnelsen, har allerede fått den."),
        ),
    }

    def load(self, gathering_id, what, **kwargs):
        if what not in self.sends:
            raise Http404
        self.what = what
        self.gathering = get_or_404(GatheringPage.objects.all(), gathering_id)

    def post(self, request, *args, **kwargs):
        send, sent_to, nobody = self.sends[self.what]
        try:
            queued = send(self.gathering)
        except organiser_mail.NotNow as refusal:
            messages.error(request, str(refusal))
        else:
            if queued:
                messages.success(request, sent_to(queued) % {"count": queued})
            else:
                messages.info(request, str(nobody))
        return redirect("events_admin:registrations", self.gathering.pk)


class MessageView(OrganiserView):
    """A short message from the organisers to everyone with a seat."""

    template_name = "events/admin/message.html"
    page_title = _("Skriv til deltakerne")
    header_icon = "mail"

    def load(self, gathering_id, **kwargs):
        self.gathering = get_or_404(GatheringPage.objects.all(), gathering_id)

    def get_page_subtitle(self):
        return self.gathering.title

    def list_url(self):
        return reverse("events_admin:registrations", args=[self.gathering.pk])

    def get_breadcrumbs_items(self):
        return [
            *self.index_breadcrumbs(),
            {"url": self.list_url(), "label": self.gathering.title},
            {"url": "", "label": gettext("Skriv til deltakerne")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            gathering=self.gathering,
            recipients=organiser_mail.message_recipients(self.gathering).count(),
            sent=self.gathering.organiser_messages.annotate(
                recipients=Count("notifications")
            ).order_by("-created_at", "-pk"),
            list_url=self.list_url(),
        )
        return context

    def get(self, request, *args, **kwargs):
        form = organiser_mail.MessageForm()
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = organiser_mail.MessageForm(request.POST)
        if not form.is_valid():
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 400
            return response
        queued = organiser_mail.send_message(
            self.gathering,
            form.cleaned_data["subject"],
            form.cleaned_data["body"],
            user=request.user,
        )
        if queued:
            messages.success(
                request,
                ngettext(
                    "Beskjeden «%(subject)s» sendes til %(count)s deltaker.",
                    "Beskjeden «%(subject)s» sendes til %(count)s deltakere.",
                    queued,
                )
                % {"subject": form.cleaned_data["subject"], "count": queued},
            )
        else:
            messages.warning(
                request,
                gettext("Ingen deltakere har plass, så beskjeden ble ikke sendt."),
            )
        return redirect(self.list_url())


# --- the evaluation ---

# The CSV's headings.
EVALUATION_COLUMNS = [
    _("svar"),
    _("dato"),
    _("programpunkt"),
    _("spørsmål"),
    _("skala 1–5"),
    _("tekst"),
]


class EvaluationView(OrganiserView):
    """A gathering's evaluation: answers per question (and agenda item), averages, the
    free texts, and all answers as CSV. Anonymous: no answer names anyone."""

    template_name = "events/admin/evaluation.html"
    page_title = _("Evaluering")

    def load(self, gathering_id, **kwargs):
        self.gathering = get_or_404(GatheringPage.objects.all(), gathering_id)

    def get_page_subtitle(self):
        return self.gathering.title

    def get_breadcrumbs_items(self):
        return [
            *self.index_breadcrumbs(),
            {
                "url": reverse("events_admin:registrations", args=[self.gathering.pk]),
                "label": self.gathering.title,
            },
            {"url": "", "label": gettext("Evaluering")},
        ]

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            answers = (
                EvaluationAnswer.objects.filter(response__gathering=self.gathering)
                .select_related("response", "question__agenda_item")
                .order_by("response_id", "question__sort_order")
            )
            rows = [
                [
                    answer.response_id,
                    answer.response.submitted_on.isoformat(),
                    answer.question.agenda_item.title
                    if answer.question.agenda_item
                    else "",
                    answer.question.text,
                    answer.score,
                    answer.text,
                ]
                for answer in answers
            ]
            return exports.csv_response(
                [str(column) for column in EVALUATION_COLUMNS],
                rows,
                f"evaluering-{self.gathering.slug}.csv",
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            gathering=self.gathering,
            summary=loop.summary(self.gathering),
            invited=Invitation.objects.filter(
                registration__gathering=self.gathering,
                kind=InvitationKind.EVALUATION,
            ).count(),
        )
        return context


# --- everything held about one e-mail address ---


class PersonForm(forms.Form):
    email = forms.EmailField(
        label=_("E-postadresse"),
        max_length=254,
        help_text=_(
            "Adressen personen meldte seg på med. Store og små bokstaver er likt."
        ),
    )


class PersonalDataView(OrganiserView):
    """Export or erase what is held about one person, found by e-mail address.

    Erasing anonymises rather than deletes: status and municipality stay so the counts
    per municipality still add up; see ``booking.erase_person``.
    """

    template_name = "events/admin/personal_data.html"
    page_title = _("Personopplysninger")
    header_icon = "user"
    actions = ("lookup", "export_json", "export_csv", "confirm", "erase")

    def get_breadcrumbs_items(self):
        return [
            *self.index_breadcrumbs(),
            {"url": "", "label": gettext("Personopplysninger")},
        ]

    def held(self, email):
        return (
            Registration.objects.filter(email__iexact=email, anonymised_at__isnull=True)
            .select_related("gathering", "municipality")
            .prefetch_related(
                Prefetch(
                    "notifications",
                    queryset=Notification.objects.order_by("created_at", "pk"),
                )
            )
            .order_by("created_at", "pk")
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=PersonForm()))

    def post(self, request, *args, **kwargs):
        form = PersonForm(request.POST)
        action = request.POST.get("action", "lookup")
        if action not in self.actions or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        email = form.cleaned_data["email"]
        if action == "export_json":
            return exports.person_json(
                email, self.held(email), "personopplysninger.json"
            )
        if action == "export_csv":
            return exports.person_csv(self.held(email), "personopplysninger.csv")
        if action == "erase":
            count = booking.erase_person(email)
            logger.info(
                "User %s erased the personal data of %d registrations",
                request.user.pk,
                count,
            )
            messages.success(
                request,
                ngettext(
                    "Opplysningene er slettet. %(count)s påmelding er anonymisert; "
                    "status og kommune er beholdt for statistikken.",
                    "Opplysningene er slettet. %(count)s påmeldinger er anonymisert; "
                    "status og kommune er beholdt for statistikken.",
                    count,
                )
                % {"count": count},
            )
            return redirect("events_admin:personal_data")
        context = self.get_context_data(
            form=form, email=email, registrations=list(self.held(email))
        )
        if action == "confirm":
            self.template_name = "events/admin/personal_data_confirm.html"
        return self.render_to_response(context)

    def render_to_response(self, context, status=200, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response.status_code = status
        return response


urlpatterns = [
    path("", GatheringIndexView.as_view(), name="index"),
    path("<int:gathering_id>/", RegistrationListView.as_view(), name="registrations"),
    path(
        "<int:gathering_id>/resultater/",
        RegistrationListView.as_view(results_only=True),
        name="registrations_results",
    ),
    path(
        "<int:gathering_id>/pameldinger.csv",
        RegistrationListView.as_view(export_format="csv"),
        name="export_csv",
    ),
    path(
        "<int:gathering_id>/pameldinger.xlsx",
        RegistrationListView.as_view(export_format="xlsx"),
        name="export_xlsx",
    ),
    path(
        "<int:gathering_id>/kursbevis.pdf",
        CertificatesView.as_view(),
        name="certificates",
    ),
    path(
        "<int:gathering_id>/deltakerliste.pdf",
        ParticipantListView.as_view(),
        name="participant_list",
    ),
    path("<int:gathering_id>/navnelapper.pdf", BadgesView.as_view(), name="badges"),
    path("<int:gathering_id>/send-pa-nytt/", ResendView.as_view(), name="resend"),
    path("<int:gathering_id>/evaluering/", EvaluationView.as_view(), name="evaluation"),
    path("<int:gathering_id>/send/<slug:what>/", SendView.as_view(), name="send"),
    path("<int:gathering_id>/beskjed/", MessageView.as_view(), name="message"),
    path(
        "pamelding/<int:pk>/<slug:action>/",
        RegistrationActionView.as_view(),
        name="registration_action",
    ),
    path("personopplysninger/", PersonalDataView.as_view(), name="personal_data"),
    # A gathering's proposals for its programme; included by name, as that module
    # builds on this one.
    path("", include("events.proposal_admin")),
]


def admin_urls():
    """For the ``register_admin_urls`` hook; Wagtail adds its own login check."""
    return [
        path(
            "pameldinger/",
            include((urlpatterns, "events_admin"), namespace="events_admin"),
        )
    ]

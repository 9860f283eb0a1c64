"""The organisers' side of registration, in the Wagtail admin (Påmeldinger).

Only users with ``events.manage_registrations`` (the «Arrangører» group) or superusers
see participants; anyone else gets 403, even with access to the admin. Every change of
a registration goes through ``events.booking``, which locks and queues the e-mails.
Personal data is looked up by e-mail address in POST bodies, never in URLs, so that
addresses do not end up in access logs.
"""

import logging

from django import forms
from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from events import booking, exports
from events.models import (
    GatheringPage,
    GatheringState,
    Notification,
    Registration,
    RegistrationStatus,
)

logger = logging.getLogger(__name__)

PERMISSION = "events.manage_registrations"
NO_MUNICIPALITY = "ingen"
NO_MUNICIPALITY_LABEL = "Andre organisasjoner"


def can_manage_registrations(user):
    """Organisers and superusers (``has_perm`` is always true for an active superuser)."""
    return user.is_active and user.has_perm(PERMISSION)


def forbidden(request):
    # Wagtail turns a raised PermissionDenied into a redirect to the dashboard; a
    # participant list must answer with a plain 403 instead.
    return TemplateResponse(request, "events/admin/forbidden.html", status=403)


def organisers_only(view):
    def wrapped(request, *args, **kwargs):
        if not can_manage_registrations(request.user):
            return forbidden(request)
        return view(request, *args, **kwargs)

    return wrapped


class OrganiserView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not can_manage_registrations(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def index_breadcrumbs(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("events_admin:index"), "label": "Påmeldinger"},
        ]


def status_counts():
    """Counts per status, for ``annotate`` or ``aggregate`` on registrations."""
    return {
        "confirmed": Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        "attended": Count("pk", filter=Q(status=RegistrationStatus.ATTENDED)),
        "waiting": Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
        "cancelled": Count("pk", filter=Q(status=RegistrationStatus.CANCELLED)),
    }


# --- the gatherings ---


class GatheringIndexView(OrganiserView):
    template_name = "events/admin/gathering_index.html"
    page_title = "Påmeldinger"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": "Påmeldinger"}]

    def get_header_buttons(self):
        return [
            HeaderButton(
                "Personopplysninger",
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
        gatherings = list(
            GatheringPage.objects.annotate(
                # The name GatheringPage.seats_left() reads, so it needs no query.
                confirmed_count=Count(
                    "registrations",
                    filter=Q(
                        registrations__status__in=[
                            RegistrationStatus.CONFIRMED,
                            RegistrationStatus.ATTENDED,
                        ]
                    ),
                ),
                **by_status,
            ).order_by("start", "pk")
        )
        context = super().get_context_data(**kwargs)
        context["upcoming"] = [g for g in gatherings if g.end >= now]
        context["past"] = sorted(
            (g for g in gatherings if g.end < now), key=lambda g: g.start, reverse=True
        )
        return context


# --- one gathering's registrations ---


class RegistrationFilterForm(forms.Form):
    q = forms.CharField(
        label="Søk",
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Navn, e-post eller organisasjon"}
        ),
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Alle")] + list(RegistrationStatus.choices),
    )
    municipality = forms.ChoiceField(label="Kommune", required=False)

    def __init__(self, *args, municipality_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", "Alle"), *municipality_choices]

    def filter(self, registrations):
        """Apply the valid filters; an invalid one is ignored, not an error page."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("status"):
            registrations = registrations.filter(status=data["status"])
        municipality = data.get("municipality")
        if municipality == NO_MUNICIPALITY:
            registrations = registrations.filter(municipality__isnull=True)
        elif municipality:
            registrations = registrations.filter(municipality_id=municipality)
        if query := (data.get("q") or "").strip():
            registrations = registrations.filter(
                Q(name__icontains=query)
                | Q(email__icontains=query)
                | Q(organisation__icontains=query)
                | Q(municipality__title__icontains=query)
            )
        return registrations

    @property
    def is_filtered(self):
        return any(self.cleaned_data.get(name) for name in self.fields)


class GatheringRegistrationsMixin:
    """The gathering from the URL and its registrations, filtered by the query string."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.gathering = get_object_or_404(GatheringPage, pk=kwargs["gathering_id"])

    def municipality_counts(self):
        rows = (
            self.gathering.registrations.values("municipality", "municipality__title")
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

    def filtered_registrations(self, municipalities):
        self.filter_form = RegistrationFilterForm(
            self.request.GET,
            municipality_choices=[(row["id"], row["title"]) for row in municipalities],
        )
        return self.filter_form.filter(
            self.gathering.registrations.select_related("municipality")
        )


class RegistrationListView(GatheringRegistrationsMixin, OrganiserView):
    template_name = "events/admin/registration_list.html"
    page_title = "Påmeldinger"

    def get_page_subtitle(self):
        return self.gathering.title

    def get_breadcrumbs_items(self):
        return [*self.index_breadcrumbs(), {"url": "", "label": self.gathering.title}]

    def get_header_buttons(self):
        query = self.request.GET.urlencode()
        suffix = f"?{query}" if query else ""
        return [
            HeaderButton(
                "Last ned CSV",
                reverse("events_admin:export_csv", args=[self.gathering.pk]) + suffix,
                icon_name="download",
            ),
            HeaderButton(
                "Last ned Excel",
                reverse("events_admin:export_xlsx", args=[self.gathering.pk]) + suffix,
                icon_name="download",
            ),
            HeaderButton(
                "Rediger samlingen",
                reverse("wagtailadmin_pages:edit", args=[self.gathering.pk]),
                icon_name="edit",
            ),
        ]

    def get_context_data(self, **kwargs):
        gathering = self.gathering
        municipalities = self.municipality_counts()
        totals = {
            key: sum(row[key] for row in municipalities)
            for key in ("confirmed", "attended", "waiting", "cancelled")
        }
        registrations = list(self.filtered_registrations(municipalities))
        ended = gathering.state() == GatheringState.PAST
        for registration in registrations:
            registration.actions = row_actions(registration, ended)
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "gathering": gathering,
                "totals": totals,
                "seats_left": max(
                    gathering.capacity - totals["confirmed"] - totals["attended"], 0
                ),
                "municipalities": municipalities,
                "filter_form": self.filter_form,
                "registrations": registrations,
                "ended": ended,
                "next_url": self.request.get_full_path(),
            }
        )
        return context


def row_actions(registration, ended):
    """The buttons an organiser gets for one registration: (action, label, style).

    Once a gathering is over, seats no longer change hands: only attendance is marked.
    """
    status = registration.status
    if registration.anonymised_at:
        return []
    actions = []
    if status == RegistrationStatus.CONFIRMED:
        actions.append(("attended", "Møtt", "button-secondary"))
    if status == RegistrationStatus.WAITING and not ended:
        actions.append(("promote", "Gi plass", "button-secondary"))
    if (
        status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)
        and not ended
    ):
        actions.append(("cancel", "Meld av", "button-secondary no"))
    return actions


class ExportView(GatheringRegistrationsMixin, OrganiserView):
    export = None

    def get(self, request, *args, **kwargs):
        registrations = self.filtered_registrations(self.municipality_counts())
        return self.export(self.gathering, registrations)


# --- actions on one registration ---


@require_POST
@organisers_only
def registration_action(request, pk, action):
    registration = get_object_or_404(
        Registration.objects.select_related("gathering"),
        pk=pk,
        anonymised_at__isnull=True,
    )
    gathering = registration.gathering
    name = registration.name
    try:
        if action == "attended":
            booking.mark_attended(registration)
            messages.success(request, f"{name} er markert som møtt.")
        elif action not in ("promote", "cancel"):
            raise Http404
        elif gathering.state() == GatheringState.PAST:
            messages.error(
                request, "Samlingen er over, så påmeldingen kan ikke endres."
            )
        elif action == "promote":
            booking.promote(registration)
            messages.success(
                request, f"{name} har fått plass og får beskjed på e-post."
            )
        else:
            waiting_before = gathering.registrations.waiting().count()
            booking.cancel(registration)
            promoted = waiting_before - gathering.registrations.waiting().count()
            text = f"{name} er meldt av og får en bekreftelse på e-post."
            if promoted:
                text += f" {promoted} fra ventelisten fikk plass og får beskjed."
            messages.success(request, text)
    except booking.BookingError as error:
        messages.error(request, str(error))
    return redirect(
        get_valid_next_url_from_request(request)
        or reverse("events_admin:registrations", args=[gathering.pk])
    )


# --- everything held about one e-mail address ---


class PersonForm(forms.Form):
    email = forms.EmailField(
        label="E-postadresse",
        max_length=254,
        help_text="Adressen personen meldte seg på med. Store og små bokstaver er likt.",
    )


class PersonalDataView(OrganiserView):
    """Export or erase what is held about one person, found by e-mail address.

    Erasing anonymises rather than deletes: status and municipality stay so the counts
    per municipality still add up; see ``booking.erase_person``.
    """

    template_name = "events/admin/personal_data.html"
    page_title = "Personopplysninger"
    header_icon = "user"
    actions = ("lookup", "export_json", "export_csv", "confirm", "erase")

    def get_breadcrumbs_items(self):
        return [*self.index_breadcrumbs(), {"url": "", "label": "Personopplysninger"}]

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
                f"Opplysningene er slettet. {count} "
                f"{'påmelding' if count == 1 else 'påmeldinger'} er anonymisert; "
                "status og kommune er beholdt for statistikken.",
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
        "<int:gathering_id>/pameldinger.csv",
        ExportView.as_view(export=exports.registrations_csv),
        name="export_csv",
    ),
    path(
        "<int:gathering_id>/pameldinger.xlsx",
        ExportView.as_view(export=exports.registrations_xlsx),
        name="export_xlsx",
    ),
    path(
        "pamelding/<int:pk>/<slug:action>/",
        registration_action,
        name="registration_action",
    ),
    path("personopplysninger/", PersonalDataView.as_view(), name="personal_data"),
]


def admin_urls():
    """For the ``register_admin_urls`` hook; Wagtail adds its own login check."""
    return [
        path(
            "pameldinger/",
            include((urlpatterns, "events_admin"), namespace="events_admin"),
        )
    ]

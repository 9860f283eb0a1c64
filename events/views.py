from django.conf import settings
from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)
from wagtail.views import serve as wagtail_serve

from events import booking, calendar, documents, limits, listing, loop, serving
from events.forms import RegistrationForm
from events.models import (
    Attendance,
    GatheringPage,
    GatheringReportPage,
    GatheringState,
    Registration,
    RegistrationState,
    RegistrationStatus,
)
from portal import public_pages, sharing, structured_data

TOKEN_MAX_LENGTH = 64


# The answer to every registration the form accepts, whether the address was new or
# already registered: whoever typed it may not own it, so nothing about a registration
# is shown; what there is to know goes to the address.
SENT = gettext_lazy(
    "Vi har sendt en e-post til {email}. Åpne lenken i den og bekreft påmeldingen "
    "innen {minutes} minutter – først da er du påmeldt."
)


def private(view):
    """The participant's own pages: never kept by a shared cache or the browser."""
    return cache_control(private=True, no_store=True)(view)


def agenda_by_day(gathering):
    items = gathering.agenda_items.all()
    if isinstance(items, QuerySet):
        # Not in a preview: there the items are modelcluster's in-memory list, whose
        # unsaved rows cannot be prefetched for.
        items = items.select_related(
            "presentation__document", "presentation__municipality", "good_practice"
        ).prefetch_related("speakers")
    items = items.order_by("start", "sort_order")
    days = {}
    for item in items:
        days.setdefault(timezone.localtime(item.start).date(), []).append(item)
    return sorted(days.items())


ATTENDANCE_MODES = {
    Attendance.ON_SITE: "https://schema.org/OfflineEventAttendanceMode",
    Attendance.DIGITAL: "https://schema.org/OnlineEventAttendanceMode",
    Attendance.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


def json_ld(gathering, request):
    """schema.org Event for search engines and calendars."""
    attendance = ATTENDANCE_MODES[gathering.attendance]
    online = gathering.attendance != Attendance.ON_SITE
    in_person = gathering.attendance != Attendance.DIGITAL and bool(
        gathering.venue or gathering.address
    )
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": gathering.title,
        "startDate": timezone.localtime(gathering.start).isoformat(),
        "endDate": timezone.localtime(gathering.end).isoformat(),
        "eventStatus": "https://schema.org/EventCancelled"
        if gathering.cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": attendance,
        "organizer": structured_data.organisation(gathering.organiser),
        "url": gathering.get_full_url(request),
        "inLanguage": "nb",
    }
    offer = _offer(gathering, request)
    if offer:
        data["offers"] = offer
    if gathering.intro:
        data["description"] = gathering.intro
    image = sharing.sharing_image(gathering, request)
    if image:
        data["image"] = image["url"]
    places = []
    if in_person:
        places.append(
            {
                "@type": "Place",
                "name": gathering.venue or gathering.address,
                "address": gathering.address or gathering.venue,
            }
        )
    if online:
        # The meeting's own link goes to confirmed participants only: the page's
        # address stands for it.
        places.append({"@type": "VirtualLocation", "url": data["url"]})
    if places:
        # A hybrid gathering has both; schema.org takes a list.
        data["location"] = places[0] if len(places) == 1 else places
    return structured_data.script_json(data)


# What schema.org's availability says of each state of registration.
AVAILABILITY = {
    RegistrationState.OPEN: "InStock",
    RegistrationState.NOT_YET_OPEN: "PreSale",
    RegistrationState.WAITING_LIST: "SoldOut",
    RegistrationState.FULL: "SoldOut",
    RegistrationState.CLOSED: "Discontinued",
    RegistrationState.CANCELLED: "Discontinued",
}


def _offer(gathering, request):
    """Free of charge, registered for on the page: none when it takes no registrations."""
    state = gathering.registration_state(timezone.now())
    if state not in AVAILABILITY:
        return None
    offer = {
        "@type": "Offer",
        "price": "0",
        "priceCurrency": "NOK",
        "url": f"{gathering.get_full_url(request)}#pamelding",
        "availability": f"https://schema.org/{AVAILABILITY[state]}",
    }
    if gathering.registration_opens:
        offer["validFrom"] = timezone.localtime(
            gathering.registration_opens
        ).isoformat()
    return offer


@serving.serves
def gathering_context(request, gathering, form=None):
    now = timezone.now()
    state = gathering.state(now)
    registration_state = gathering.registration_state(now)
    # The programme is read only when the template's cached one is missing.
    agenda = SimpleLazyObject(lambda: agenda_by_day(gathering))
    return {
        "state": state,
        "registration_state": registration_state,
        "accepts_registrations": registration_state
        in (RegistrationState.OPEN, RegistrationState.WAITING_LIST),
        "seats_left": SimpleLazyObject(gathering.seats_left),
        "agenda": agenda,
        "presentations": SimpleLazyObject(
            lambda: (
                [
                    item.presentation
                    for _day, items in agenda
                    for item in items
                    if item.presentation and item.presentation.live
                ]
                if state == GatheringState.PAST
                else []
            )
        ),
        # public() reads the view restrictions as soon as it is called.
        "reports": SimpleLazyObject(
            lambda: (
                GatheringReportPage.objects.child_of(gathering)
                .live()
                .filter(public_pages.public())
            )
        ),
        "form": form or RegistrationForm(gathering=gathering),
        "seats_by_way": SimpleLazyObject(gathering.seats_by_participation),
        "json_ld": json_ld(gathering, request),
        # What came out of it, once it is over (events.loop).
        "tried_at_home": SimpleLazyObject(
            lambda: (
                list(loop.articles_from(gathering))
                if state == GatheringState.PAST
                else []
            )
        ),
        "evaluation": SimpleLazyObject(
            lambda: (
                loop.summary(gathering)
                if state == GatheringState.PAST and gathering.publish_evaluation
                else None
            )
        ),
    }


@serving.serves
def serve_gathering(gathering, request, default_serve, *args, **kwargs):
    """GET shows the page; POST is a registration."""
    if request.method != "POST":
        return default_serve(request, *args, **kwargs)
    form = RegistrationForm(request.POST, gathering=gathering)
    if form.is_valid():
        data = form.cleaned_data
        costs = limits.email_costs(
            request, recipient=data["email"], gathering=gathering
        )
        wait = limits.take(costs)
        if wait:
            return limits.too_many_requests(request, wait)
        may_hold = limits.may_hold(request, gathering)
        try:
            result = booking.register(
                gathering,
                name=data["name"],
                email=data["email"],
                municipality=data["municipality"],
                organisation=data["organisation"],
                role=data["role"],
                dietary_needs=data["dietary_needs"],
                participation=data.get("participation", ""),
                answers=form.answers(),
                consent=data["consent"],
                may_hold=may_hold,
                language=translation.get_language(),
            )
        except booking.BookingError as error:
            limits.give_back(costs)  # no e-mail went out
            if may_hold:
                limits.give_back_hold(request, gathering)
            form.add_error(None, str(error))
        else:
            held = (
                result.created
                and result.registration.status == RegistrationStatus.UNCONFIRMED
            )
            if may_hold and not held:
                limits.give_back_hold(request, gathering)
            messages.success(
                request,
                SENT.format(
                    email=data["email"], minutes=settings.REGISTRATION_CONFIRM_MINUTES
                ),
            )
            response = redirect("registration_sent", gathering_id=gathering.pk)
            patch_cache_control(response, private=True, no_store=True)
            return response
    context = gathering.get_context(request, *args, **kwargs)
    context.update(gathering_context(request, gathering, form=form))
    response = TemplateResponse(
        request, gathering.get_template(request), context, status=400
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@private
@require_GET
def registration_sent(request, gathering_id):
    """«Sjekk e-posten din»: the same page for every address the form accepted."""
    gathering = get_object_or_404(
        GatheringPage.objects.live().filter(public_pages.public()), pk=gathering_id
    )
    return render(
        request,
        "events/registration_sent.html",
        {
            "gathering": gathering,
            "minutes": settings.REGISTRATION_CONFIRM_MINUTES,
            "breadcrumb_title": _("Sjekk e-posten din"),
        },
    )


def well_formed(token):
    """Whether ``token`` can be one of ours: URL-safe base64, not too long. Anything
    else (a NUL, which PostgreSQL refuses in a string, or letters from elsewhere)
    is looked up nowhere."""
    url_safe = token.isascii() and token.replace("-", "").replace("_", "").isalnum()
    return len(token) <= TOKEN_MAX_LENGTH and url_safe


def _registration(token):
    if not well_formed(token):
        raise Http404
    # An expired registration holds no person any more, but its link still says what
    # became of it.
    return get_object_or_404(
        Registration.objects.select_related("gathering", "municipality").filter(
            Q(anonymised_at__isnull=True) | Q(status=RegistrationStatus.EXPIRED)
        ),
        token=token,
    )


def _can_cancel(registration):
    return (
        registration.status
        in (
            RegistrationStatus.CONFIRMED,
            RegistrationStatus.WAITING,
            RegistrationStatus.UNCONFIRMED,
            RegistrationStatus.UNCONFIRMED_WAITING,
        )
        and not registration.is_expired()
        and registration.gathering.state() != GatheringState.PAST
    )


def _has_seat(registration):
    """Only a seat goes in a calendar: a place on the waiting list is not one."""
    return registration.status in (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.ATTENDED,
    )


def _expired(request, registration):
    """The link of a registration never confirmed: say so, and offer to start again
    while the gathering still takes registrations."""
    gathering = registration.gathering
    return render(
        request,
        "events/registration_expired.html",
        {
            "gathering": gathering,
            "accepts_registrations": gathering.accepts_registrations(),
            "minutes": settings.REGISTRATION_CONFIRM_MINUTES,
            "breadcrumb_title": _("Lenken er utløpt"),
        },
        status=410,
    )


@private
@require_GET
def registration_detail(request, token):
    """The participant's page, which the e-mail links to. An unconfirmed registration
    is confirmed here with a button (a POST): mail scanners follow links, and opening
    the page must not confirm anything."""
    registration = _registration(token)
    if registration.is_expired():
        return _expired(request, registration)
    gathering = registration.gathering
    return render(
        request,
        "events/registration_detail.html",
        {
            "registration": registration,
            "gathering": gathering,
            "position": registration.waiting_position(),
            "waiting_reason": registration.waiting_reason(),
            "has_seat": _has_seat(registration),
            "can_cancel": _can_cancel(registration),
            "breadcrumb_title": _("Din påmelding"),
            "retention_days": settings.REGISTRATION_RETENTION_DAYS,
            "followup_days": settings.FOLLOWUP_AFTER_DAYS + settings.FOLLOWUP_OPEN_DAYS,
        },
    )


CONFIRMED_MESSAGES = {
    "seat": gettext_lazy(
        "Takk! Påmeldingen er bekreftet, og du har fått plass. Vi sender en "
        "bekreftelse med kalenderfil på e-post."
    ),
    "waiting": gettext_lazy(
        "Takk! Påmeldingen er bekreftet, og du står på ventelisten. Du får "
        "e-post hvis du får plass."
    ),
    "already": gettext_lazy("Påmeldingen var allerede bekreftet. Ingenting er endret."),
    "cancelled": gettext_lazy(
        "Du har meldt deg av, så påmeldingen kan ikke bekreftes. Meld deg "
        "på igjen fra siden om samlingen."
    ),
}


@private
@require_POST
def registration_confirm(request, token):
    """The button on the participant's page: the address's owner confirms."""
    registration = _registration(token)
    try:
        result = booking.confirm(registration)
    except booking.BookingError as error:
        messages.error(request, str(error))
        return redirect("registration_detail", token=token)
    if result.outcome in ("expired", "full"):
        if result.outcome == "full":
            messages.error(
                request,
                _(
                    "Samlingen ble full før du bekreftet, og den har ingen venteliste. "
                    "Påmeldingen er slettet."
                ),
            )
        return _expired(request, result.registration)
    text = str(CONFIRMED_MESSAGES[result.outcome])
    reason = result.registration.waiting_reason()
    if result.outcome == "waiting" and reason:
        text = _(
            "Takk! Påmeldingen er bekreftet. %(reason)s – du står på venteliste. Du "
            "får e-post hvis du får plass."
        ) % {"reason": reason}
    level = messages.success if result.outcome in ("seat", "waiting") else messages.info
    level(request, text)
    return redirect("registration_detail", token=token)


@private
@require_http_methods(["GET", "POST"])
def registration_cancel(request, token):
    """GET asks «Er du sikker?» on a page of its own; POST cancels."""
    registration = _registration(token)
    if request.method == "GET":
        if not _can_cancel(registration):
            return redirect("registration_detail", token=token)
        return render(
            request,
            "events/registration_cancel.html",
            {
                "registration": registration,
                "gathering": registration.gathering,
                "breadcrumb_title": _("Meld av"),
            },
        )
    if registration.gathering.state() == GatheringState.PAST:
        messages.error(request, _("Samlingen er over, så påmeldingen kan ikke endres."))
    elif registration.status == RegistrationStatus.CANCELLED:
        messages.info(request, _("Du var allerede meldt av."))
    elif registration.is_expired():
        return _expired(request, registration)
    else:
        # Only the holder of the link can cancel, and only once, so the ceiling per
        # client is what may refuse it: a person is never kept from giving up a seat
        # because their address has had many e-mails. The e-mail still counts for the
        # address and the gathering, so registering and cancelling in a loop is caught
        # at the registration form.
        ceiling = limits.email_costs(request)
        wait = limits.take(ceiling)
        if wait:
            return limits.too_many_requests(request, wait)
        booking.cancel(registration)
        costs = limits.email_costs(
            request, recipient=registration.email, gathering=registration.gathering
        )
        limits.hit([cost for cost in costs if cost not in ceiling])
        messages.success(request, _("Du er meldt av. Takk for at du sa fra!"))
    return redirect("registration_detail", token=token)


@private
@require_GET
def registration_calendar(request, token):
    registration = _registration(token)
    if not _has_seat(registration):
        raise Http404
    content, _method = calendar.participant_calendar(registration, request=request)
    return ics_response(content, f"{registration.gathering.slug}.ics")


@private
@require_GET
def registration_certificate(request, token):
    """The participant's own attendance certificate (kursbevis), once an organiser
    has marked them as attended; in the written standard they registered in."""
    registration = _registration(token)
    if registration.status != RegistrationStatus.ATTENDED:
        raise Http404
    gathering = registration.gathering
    with translation.override(registration.language):
        content = documents.certificates([registration], gathering)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{documents.filename("kursbevis", gathering)}"'
    )
    return response


def page_calendar(request, page_path):
    """``<page url>kalender.ics``, answered by the page's ``calendar`` route.

    Wagtail's URL pattern takes no dot in a path, so without this the calendar links
    would never reach the page. Wagtail's serve still finds the page, checks that it is
    live and applies its privacy settings; a page without the route gives 404.
    """
    return wagtail_serve(request, f"{page_path}kalender.ics")


@serving.serves
def index_context(request, index_page):
    """The gatherings list of ``GatheringIndexPage``."""
    return listing.gathering_listing(request, index_page)


@serving.serves
def index_calendar(request, index_page):
    """All upcoming gatherings as one calendar to subscribe to."""
    upcoming = (
        GatheringPage.objects.live()
        .filter(public_pages.public())
        .descendant_of(index_page)
        .upcoming()
    )
    return ics_response(
        calendar.calendar(upcoming, request=request, name=index_page.title),
        "samlinger.ics",
    )


@serving.serves
def gathering_calendar(request, gathering):
    return ics_response(
        calendar.calendar([gathering], request=request), f"{gathering.slug}.ics"
    )


def ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def registration_url(registration):
    return reverse("registration_detail", args=[registration.token])

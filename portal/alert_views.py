"""The reader's side of alerts (``portal.alerts``): the form, the page the e-mails
link to (confirm, change, unsubscribe) and the one-click unsubscribe address.

The subscriber's pages are reached by its secret link only, and are never kept by a
shared cache or the browser; ``portal.access_log`` keeps the link out of the logs.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from taggit.models import Tag

from portal import alerts
from portal.alert_forms import FollowForm, SubscribeForm
from portal.clients import client_ip
from portal.limits import Limit, take_all, too_many_requests
from portal.models import Subscriber

TOKEN_MAX_LENGTH = 64


def private(view):
    return cache_control(private=True, no_store=True)(view)


def _subscriber(token):
    url_safe = token.isascii() and token.replace("-", "").replace("_", "").isalnum()
    if not (url_safe and len(token) <= TOKEN_MAX_LENGTH):
        raise Http404
    return get_object_or_404(
        Subscriber.objects.prefetch_related("subscriptions"), token=token
    )


def _costs(request, email):
    """One e-mail from the form counts against its recipient and its client."""
    return [
        (
            Limit.from_setting("alert-client", settings.ALERT_LIMIT_PER_CLIENT),
            client_ip(request),
        ),
        (
            Limit.from_setting("alert-recipient", settings.ALERT_LIMIT_PER_RECIPIENT),
            alerts.normalised(email),
        ),
    ]


def _prefilled(request):
    """What a link from a theme, a municipality or a list asks to follow:
    ``?tema=<slug>``, ``?kommune=<id>``, ``?samlinger=1``. Anything else is ignored."""
    initial = {}
    slug = request.GET.get("tema", "")[:100]
    if slug:
        theme = Tag.objects.filter(slug=slug).values_list("pk", flat=True).first()
        if theme:
            initial["themes"] = [theme]
    municipality = request.GET.get("kommune", "")
    if municipality.isdigit() and len(municipality) < 10:
        initial["municipalities"] = [int(municipality)]
    if request.GET.get("samlinger") == "1":
        initial["gatherings"] = True
    if not initial:
        initial["everything"] = True
    return initial


@private
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "GET":
        form = SubscribeForm(initial=_prefilled(request))
        return _form_page(request, form)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    wait = take_all(_costs(request, form.cleaned_data["email"]))
    if wait:
        return too_many_requests(request, wait)
    alerts.subscribe(
        form.cleaned_data["email"],
        form.choices(),
        form.cleaned_data["frequency"],
        translation.get_language() or settings.LANGUAGE_CODE,
    )
    # The same answer whether the address was known or not.
    return redirect("alert_sent")


def _form_page(request, form, status=200):
    return render(
        request,
        "portal/alerts/subscribe.html",
        {
            "form": form,
            "breadcrumb_title": _("Varsler på e-post"),
            "confirm_days": settings.ALERT_CONFIRM_DAYS,
        },
        status=status,
    )


@private
def sent(request):
    return render(
        request,
        "portal/alerts/sent.html",
        {
            "breadcrumb_title": _("Sjekk e-posten din"),
            "confirm_days": settings.ALERT_CONFIRM_DAYS,
        },
    )


@private
@require_http_methods(["GET", "POST"])
def manage(request, token):
    """The page every e-mail links to. An unconfirmed address is confirmed here with a
    button (a POST): mail scanners follow links, and opening the page confirms
    nothing. A confirmed one changes what it follows here."""
    subscriber = _subscriber(token)
    if request.method == "POST" and subscriber.confirmed_at:
        form = FollowForm(request.POST)
        if form.is_valid():
            alerts.change(subscriber, form.choices(), form.cleaned_data["frequency"])
            messages.success(request, _("Endringene er lagret."))
            return redirect("alert_manage", token=token)
        status = 400
    else:
        form = FollowForm(
            initial=FollowForm.initial_from(
                alerts.choices_of(subscriber), subscriber.frequency
            )
        )
        status = 200
    return render(
        request,
        "portal/alerts/manage.html",
        {
            "subscriber": subscriber,
            "form": form,
            "breadcrumb_title": _("Varslene dine"),
        },
        status=status,
    )


@private
@require_POST
def confirm(request, token):
    subscriber = _subscriber(token)
    if alerts.confirm(subscriber):
        messages.success(
            request,
            _("Takk! Du får nå varsler på e-post når noe nytt kommer."),
        )
    else:
        messages.info(request, _("Varslene var allerede bekreftet."))
    return redirect("alert_manage", token=token)


@private
@csrf_exempt  # mail programs post here without a form of ours (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks with one button; POST (that button, or a mail program's one-click
    ``List-Unsubscribe=One-Click``) deletes the address and all it follows. The secret
    in the address is what proves the right to it, not a CSRF token."""
    try:
        subscriber = _subscriber(token)
    except Http404:
        return _unsubscribed(request, status=404 if request.method == "GET" else 200)
    if request.method == "GET":
        return render(
            request,
            "portal/alerts/unsubscribe.html",
            {"subscriber": subscriber, "breadcrumb_title": _("Meld av varsler")},
        )
    alerts.unsubscribe(subscriber)
    return _unsubscribed(request)


def _unsubscribed(request, status=200):
    return render(
        request,
        "portal/alerts/unsubscribed.html",
        {"breadcrumb_title": _("Meld av varsler")},
        status=status,
    )

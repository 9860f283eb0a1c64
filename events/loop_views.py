"""The learning loop's public pages, reached by signed links from e-mail
(``events.loop``): the evaluation, the follow-up, and «no more e-mail»."""

import contextlib

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from events import loop
from events.forms import EvaluationForm, FollowUpForm
from events.models import InvitationKind
from events.views import private

CLOSED = {
    InvitationKind.EVALUATION: (
        gettext_lazy("Evalueringen er stengt"),
        gettext_lazy(
            "Evalueringen tar ikke imot svar lenger, eller lenken er ikke gyldig. Takk "
            "likevel for at du ville svare!"
        ),
    ),
    InvitationKind.FOLLOWUP: (
        gettext_lazy("Oppfølgingen er stengt"),
        gettext_lazy(
            "Skjemaet tar ikke imot svar lenger, eller lenken er ikke gyldig. Har dere "
            "noe å dele, kan kommunens redaktører skrive en erfaringsartikkel direkte."
        ),
    ),
}


def _closed(request, kind):
    heading, text = CLOSED[kind]
    return render(
        request,
        "events/loop_message.html",
        {"heading": heading, "text": text, "breadcrumb_title": heading},
        status=410,
    )


def _answered(request, invitation):
    return render(
        request,
        "events/loop_message.html",
        {
            "heading": _("Takk, du har svart"),
            "text": _("Vi har fått svaret ditt. Hver påmelding kan svare én gang."),
            "gathering": invitation.registration.gathering,
            "breadcrumb_title": _("Takk"),
        },
    )


@private
@require_http_methods(["GET", "POST"])
def evaluation(request, token):
    try:
        invitation = loop.invitation_for(token, InvitationKind.EVALUATION)
    except loop.Closed:
        return _closed(request, InvitationKind.EVALUATION)
    if invitation.answered_at:
        return _answered(request, invitation)
    gathering = invitation.registration.gathering
    questions = loop.questions(gathering)
    form = EvaluationForm(questions, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # A second submit (two tabs, a double click) is thanked like the first.
        with contextlib.suppress(loop.AlreadyAnswered):
            loop.save_evaluation(invitation, form.answers())
        return _answered(request, invitation)
    return render(
        request,
        "events/loop_evaluation.html",
        {
            "form": form,
            "gathering": gathering,
            "closes": loop.closes_at(gathering, InvitationKind.EVALUATION),
            "breadcrumb_title": _("Evaluering"),
        },
    )


@private
@require_http_methods(["GET", "POST"])
def followup(request, token):
    try:
        invitation = loop.invitation_for(token, InvitationKind.FOLLOWUP)
    except loop.Closed:
        return _closed(request, InvitationKind.FOLLOWUP)
    if invitation.answered_at:
        return _answered(request, invitation)
    registration = invitation.registration
    form = FollowUpForm(
        request.POST if request.method == "POST" else None,
        retention_days=settings.REGISTRATION_RETENTION_DAYS,
    )
    if request.method == "POST" and form.is_valid():
        try:
            loop.save_followup(invitation, form.cleaned_data)
        except loop.AlreadyAnswered:
            return _answered(request, invitation)
        return render(
            request,
            "events/loop_message.html",
            {
                "heading": _("Takk! Nå er det et utkast"),
                "text": _(
                    "Svaret ditt er et utkast til en erfaringsartikkel på "
                    "%(municipality)ss side. Kommunens redaktører gjør "
                    "den ferdig og sender den til Husbanken; ingenting publiseres før det."
                )
                % {"municipality": registration.municipality.title},
                "gathering": registration.gathering,
                "breadcrumb_title": _("Takk"),
            },
        )
    return render(
        request,
        "events/loop_followup.html",
        {
            "form": form,
            "gathering": registration.gathering,
            "municipality": registration.municipality,
            "closes": loop.closes_at(registration.gathering, InvitationKind.FOLLOWUP),
            "breadcrumb_title": _("Oppfølging"),
        },
    )


@private
@require_http_methods(["GET", "POST"])
def opt_out(request, token):
    """GET asks first (a mail scanner may follow the link); POST opts out."""
    try:
        registration = loop.registration_for_opt_out(token)
    except loop.Closed:
        return render(
            request,
            "events/loop_message.html",
            {
                "heading": _("Lenken er ikke gyldig"),
                "text": _(
                    "Vi har ingen påmelding for denne lenken lenger, så du får "
                    "ingen flere e-poster fra oss om den."
                ),
                "breadcrumb_title": _("Ingen flere e-poster"),
            },
            status=404,
        )
    if request.method == "POST":
        loop.opt_out(registration)
        return render(
            request,
            "events/loop_message.html",
            {
                "heading": _("Du får ingen flere e-poster"),
                "text": _(
                    "Du får ingen evaluering eller oppfølging på e-post fra denne "
                    "samlingen."
                ),
                "gathering": registration.gathering,
                "breadcrumb_title": _("Ingen flere e-poster"),
            },
        )
    return render(
        request,
        "events/loop_opt_out.html",
        {"registration": registration, "breadcrumb_title": _("Ingen flere e-poster")},
    )

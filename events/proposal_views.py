"""The public side of the call for contributions: the form a programme municipality
proposes a talk or a good practice with, and its thanks.

The pages are never kept by a cache (``private``): the form carries a CSRF token, and
whether it is open depends on the hour, not on what is published.
"""

from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from events.admin_views import get_or_404
from events.models import GatheringPage, Proposal
from events.proposal_forms import ProposalForm
from events.views import private
from portal import public_pages


def _gathering(gathering_id):
    """A published, public gathering that asks for proposals (else 404)."""
    return get_or_404(
        GatheringPage.objects.live()
        .filter(public_pages.public())
        .filter(accepts_proposals=True),
        gathering_id,
    )


def _closed(request, gathering):
    heading = _("Fristen for forslag er ute")
    return render(
        request,
        "events/proposal_message.html",
        {
            "heading": heading,
            "text": _(
                "Samlingen tar ikke imot forslag til programmet lenger. Har dere noe "
                "å dele, kan dere ta kontakt med arrangøren, %(organiser)s."
            )
            % {"organiser": gathering.organiser},
            "gathering": gathering,
            "breadcrumb_title": heading,
        },
        status=410,
    )


@private
@require_http_methods(["GET", "POST"])
def proposal_form(request, gathering_id):
    """GET shows the form while the gathering takes proposals; POST saves one."""
    gathering = _gathering(gathering_id)
    if not gathering.takes_proposals():
        return _closed(request, gathering)
    form = ProposalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        Proposal.objects.create(
            gathering=gathering,
            kind=data["kind"],
            title=data["title"],
            summary=data["summary"],
            municipality=data["municipality"],
            speaker_name=data["speaker_name"],
            email=data["email"],
            language=translation.get_language() or "nb",
        )
        return redirect("proposal_sent", gathering_id=gathering.pk)
    return render(
        request,
        "events/proposal_form.html",
        {
            "form": form,
            "gathering": gathering,
            "closes": min(
                gathering.proposals_close or gathering.start, gathering.start
            ),
            "breadcrumb_title": _("Foreslå et innlegg eller et eksempel"),
        },
        status=400 if form.is_bound else 200,
    )


@private
@require_GET
def proposal_sent(request, gathering_id):
    """«Takk»: the same page for every proposal, naming nothing that was sent."""
    gathering = _gathering(gathering_id)
    heading = _("Takk for forslaget!")
    return render(
        request,
        "events/proposal_message.html",
        {
            "heading": heading,
            "text": _(
                "Arrangøren går gjennom forslagene og svarer deg på e-post om forslaget "
                "blir tatt med i programmet."
            ),
            "gathering": gathering,
            "breadcrumb_title": _("Takk"),
        },
    )

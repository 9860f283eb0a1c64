"""The organisers' side of the call for contributions, in Påmeldinger: a gathering's
proposals, each accepted or declined with a button, and the answer to the proposer.

Accepting puts the proposal in the programme as an agenda item at the start of the
gathering, half an hour long; the organisers move it to its place in the page editor.
The item is a row of the live programme at once, and also goes into a new draft of the
page: the editor shows the draft, and publishing a draft without the item would delete
it. Whoever may see Påmeldinger decides (``OrganiserMixin``).
"""

import datetime
import logging
import smtplib
from urllib.parse import urljoin

from django.conf import settings
from django.contrib import messages
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.admin_views import OrganiserView, get_or_404
from events.models import AgendaItem, GatheringPage, Proposal, ProposalStatus
from events.models.proposals import AGENDA_KINDS
from portal import content_version

logger = logging.getLogger(__name__)

# How long the agenda item of an accepted proposal is until the organisers change it.
AGENDA_ITEM_LENGTH = datetime.timedelta(minutes=30)

# The answers, in the proposer's written standard (translated when they are built).
ACCEPTED_SUBJECT = _("Forslaget ditt er tatt med i programmet: {gathering}")
ACCEPTED_BODY = _("""Hei!

Takk for forslaget ditt til {gathering} ({when}). Det blir med i programmet:

«{title}»

Arrangøren setter det inn på riktig tid i programmet og tar kontakt om det som må \
avtales.

Har du lysark eller en presentasjon, send dem gjerne til arrangøren før samlingen, så \
kan de legges ut sammen med programmet.{reply}

Siden om samlingen: {url}

Vennlig hilsen
{organiser}
""")
DECLINED_SUBJECT = _("Svar på forslaget ditt til {gathering}")
DECLINED_BODY = _("""Hei!

Takk for forslaget ditt til {gathering}:

«{title}»

Vi har dessverre ikke plass til det i programmet denne gangen. Vi håper dere vil \
dele erfaringene på andre måter, for eksempel som et godt eksempel på kommunens side \
i portalen.

Vennlig hilsen
{organiser}
""")
REPLY = _(" Svar på denne e-posten, så kommer det fram til arrangøren.")


class AlreadyDecided(Exception):
    """The proposal was accepted or declined already (two tabs, a double click)."""


# --- deciding ---


def _claim(proposal, status):
    """Mark ``proposal`` decided, unless someone did first (a conditional UPDATE)."""
    now = timezone.now()
    claimed = Proposal.objects.filter(
        pk=proposal.pk, status=ProposalStatus.PROPOSED
    ).update(status=status, decided_at=now)
    if not claimed:
        raise AlreadyDecided
    proposal.status, proposal.decided_at = status, now


def _add_to_draft(gathering, item, user):
    """Put ``item`` into a new draft of the gathering, on top of the latest one."""
    draft = gathering.get_latest_revision_as_object()
    # A page without revisions is read from the database, where the item already is.
    if item.pk not in {existing.pk for existing in draft.agenda_items.all()}:
        draft.agenda_items.add(item)
    # Not validated: the draft is someone's work in progress, and the item is valid.
    draft.save_revision(user=user, clean=False, log_action=True)


@transaction.atomic
def accept(proposal, user=None):
    """Accept ``proposal``: it becomes an agenda item at the start of the gathering.
    Returns the item; raises ``AlreadyDecided``."""
    _claim(proposal, ProposalStatus.ACCEPTED)
    gathering = GatheringPage.objects.get(pk=proposal.gathering_id)
    last = gathering.agenda_items.aggregate(last=Max("sort_order"))["last"]
    item = AgendaItem.objects.create(
        page=gathering,
        title=proposal.title,
        kind=AGENDA_KINDS[proposal.kind],
        start=gathering.start,
        end=gathering.start + AGENDA_ITEM_LENGTH,
        sort_order=0 if last is None else last + 1,
    )
    _add_to_draft(gathering, item, user)
    proposal.agenda_item = item
    proposal.save(update_fields=["agenda_item"])
    # The programme is kept in the cache with the published content.
    content_version.raise_now_and_after_commit()
    return item


@transaction.atomic
def decline(proposal):
    """Decline ``proposal``; raises ``AlreadyDecided``."""
    _claim(proposal, ProposalStatus.DECLINED)


def answer(proposal, reply_to=""):
    """The e-mail that tells the proposer what became of the proposal, in the
    written standard they proposed in."""
    gathering = proposal.gathering
    accepted = proposal.status == ProposalStatus.ACCEPTED
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/"
    with translation.override(proposal.language):
        subject = ACCEPTED_SUBJECT if accepted else DECLINED_SUBJECT
        body = ACCEPTED_BODY if accepted else DECLINED_BODY
        subject = str(subject).format(gathering=gathering.title)
        body = str(body).format(
            gathering=gathering.title,
            when=gathering.date_span,
            title=proposal.title,
            reply=str(REPLY) if reply_to else "",
            # Page.url is a full URL when there is more than one Site; urljoin keeps it.
            url=urljoin(base_url, gathering.url or ""),
            organiser=gathering.organiser,
        )
    return EmailMessage(
        subject=subject,
        body=body,
        to=[proposal.email],
        reply_to=[reply_to] if reply_to else None,
    )


# --- the views ---


class ProposalListView(OrganiserView):
    """A gathering's proposals, newest last, with a button for each undecided one."""

    template_name = "events/admin/proposal_list.html"
    page_title = _("Forslag til programmet")
    header_icon = "list-ul"

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
            {"url": "", "label": gettext("Forslag til programmet")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        gathering = self.gathering
        context.update(
            gathering=gathering,
            proposals=gathering.proposals.select_related(
                "municipality", "agenda_item"
            ).order_by("created_at", "pk"),
            takes_proposals=gathering.takes_proposals(),
            form_url=reverse("proposal_form", args=[gathering.pk]),
            edit_url=reverse("wagtailadmin_pages:edit", args=[gathering.pk])
            if gathering.permissions_for_user(self.request.user).can_edit()
            else "",
        )
        return context


class ProposalActionView(OrganiserView):
    """«Ta med» or «Avslå» one proposal; the proposer gets the answer by e-mail."""

    http_method_names = ["post"]
    actions = ("ta-med", "avsla")

    def load(self, pk, action, **kwargs):
        if action not in self.actions:
            raise Http404
        self.action = action
        self.proposal = get_or_404(Proposal.objects.select_related("gathering"), pk)

    def list_url(self):
        return reverse("events_admin:proposals", args=[self.proposal.gathering_id])

    def post(self, request, *args, **kwargs):
        proposal = self.proposal
        try:
            if self.action == "ta-med":
                accept(proposal, user=request.user)
            else:
                decline(proposal)
        except AlreadyDecided:
            messages.info(
                request,
                gettext("«%(title)s» var allerede behandlet. Ingenting er endret.")
                % {"title": proposal.title},
            )
            return redirect(self.list_url())
        if proposal.status == ProposalStatus.ACCEPTED:
            text = gettext(
                "«%(title)s» er tatt med i programmet, foreløpig ved starten av "
                "samlingen. Flytt programpunktet til riktig tid når du redigerer "
                "samlingen, og publiser."
            )
        else:
            text = gettext("«%(title)s» er avslått.")
        messages.success(request, text % {"title": proposal.title})
        try:
            answer(proposal, reply_to=request.user.email).send()
        except (smtplib.SMTPException, OSError):
            logger.exception("The answer to proposal %s was not sent", proposal.pk)
            messages.error(
                request,
                gettext(
                    "E-posten til %(email)s kunne ikke sendes. Gi beskjed på annen "
                    "måte."
                )
                % {"email": proposal.email},
            )
        return redirect(self.list_url())


# Included in Påmeldinger's own (``events.admin_views.urlpatterns``) by name, so that
# the admin views need not import this module, which builds on them.
urlpatterns = [
    path("<int:gathering_id>/forslag/", ProposalListView.as_view(), name="proposals"),
    path(
        "forslag/<int:pk>/<slug:action>/",
        ProposalActionView.as_view(),
        name="proposal_action",
    ),
]

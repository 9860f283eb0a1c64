"""Proposals for a gathering's programme (innspill til programmet).

A gathering that asks for them lets the programme municipalities propose a talk or a
good practice (``GatheringPage.accepts_proposals``). The organisers accept or decline
each one in Påmeldinger (``events.proposal_admin``); an accepted proposal becomes an
agenda item, which the organisers place in the programme in the page editor.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models.gatherings import AgendaItemKind

TITLE_MAX_LENGTH = 200
SUMMARY_MAX_LENGTH = 2000
SPEAKER_MAX_LENGTH = 120


class ProposalKind(models.TextChoices):
    TALK = "talk", _("Innlegg")
    PRACTICE = "practice", _("God praksis")


# The agenda item an accepted proposal becomes: a good practice is presented as a talk
# too, and linked to its good-practice page in the editor when there is one.
AGENDA_KINDS = {
    ProposalKind.TALK: AgendaItemKind.TALK,
    ProposalKind.PRACTICE: AgendaItemKind.TALK,
}


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Foreslått")
    ACCEPTED = "accepted", _("Tatt med")
    DECLINED = "declined", _("Avslått")


class ProposalQuerySet(models.QuerySet):
    def proposed(self):
        return self.filter(status=ProposalStatus.PROPOSED)


class Proposal(models.Model):
    """A municipality's proposal of a talk or a good practice for one gathering.

    The address is the proposer's, for the answer only: it is never shown on the
    site, and the organisers see it in their list of the gathering's proposals.
    """

    gathering = models.ForeignKey(
        "events.GatheringPage",
        verbose_name=_("samling"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    kind = models.CharField(
        _("type forslag"), max_length=10, choices=ProposalKind.choices
    )
    title = models.CharField(_("tittel"), max_length=TITLE_MAX_LENGTH)
    summary = models.TextField(_("kort beskrivelse"), max_length=SUMMARY_MAX_LENGTH)
    municipality = models.ForeignKey(
        "portal.MunicipalityPage",
        verbose_name=_("programkommune"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    speaker_name = models.CharField(_("innleder"), max_length=SPEAKER_MAX_LENGTH)
    email = models.EmailField(_("e-post"), max_length=254)
    # The written standard of the form: the answer is written in it (the language
    # act's § 15), as the e-mails to participants are.
    language = models.CharField(
        _("målform"), max_length=2, choices=settings.LANGUAGES, default="nb"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED,
        db_index=True,
    )
    created_at = models.DateTimeField(_("sendt"), auto_now_add=True)
    decided_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    agenda_item = models.OneToOneField(
        "events.AgendaItem",
        verbose_name=_("programpunkt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal",
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("forslag til programmet")
        verbose_name_plural = _("forslag til programmet")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.title

"""The learning loop after a gathering: an anonymous evaluation, and a follow-up three
months on whose answers become draft experience articles (``events.loop``).

What links an answer to a person is kept apart from the answer: an ``Invitation``
belongs to a registration and only records that it was answered; an evaluation's
``EvaluationResponse`` belongs to the gathering alone, dated by day. A ``FollowUp``
keeps a contact address only while the person allows it and the retention period runs.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Skala 1–5")
    TEXT = "text", _("Fritekst")


# The questions a gathering is evaluated with when its organiser chose none.
DEFAULT_QUESTIONS = [
    (QuestionKind.SCALE, "Hvor nyttig var samlingen for arbeidet ditt?"),
    (QuestionKind.TEXT, "Hva var mest nyttig?"),
    (QuestionKind.TEXT, "Hva bør vi gjøre annerledes neste gang?"),
]


class EvaluationQuestion(Orderable):
    """A question of a gathering's evaluation, about the whole or one agenda item."""

    page = ParentalKey(
        "events.GatheringPage",
        on_delete=models.CASCADE,
        related_name="evaluation_questions",
    )
    kind = models.CharField(
        _("type"),
        max_length=10,
        choices=QuestionKind.choices,
        default=QuestionKind.SCALE,
    )
    text = models.CharField(_("spørsmål"), max_length=200)
    agenda_item = models.ForeignKey(
        "events.AgendaItem",
        verbose_name=_("punkt på programmet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Står tom når spørsmålet gjelder hele samlingen."),
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("text")]),
        FieldPanel("agenda_item"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("spørsmål i evalueringen")
        verbose_name_plural = _("spørsmål i evalueringen")

    def __str__(self):
        return self.text


class InvitationKind(models.TextChoices):
    EVALUATION = "evaluation", _("Evaluering")
    FOLLOWUP = "followup", _("Oppfølging")


class Invitation(models.Model):
    """A participant is asked once per kind; records only whether they answered."""

    registration = models.ForeignKey(
        "events.Registration", on_delete=models.CASCADE, related_name="invitations"
    )
    kind = models.CharField(max_length=12, choices=InvitationKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitasjon")
        verbose_name_plural = _("invitasjoner")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "kind"], name="one_invitation_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – påmelding {self.registration_id}"


class EvaluationResponse(models.Model):
    """One anonymous evaluation of a gathering: no person, no registration, a day."""

    gathering = models.ForeignKey(
        "events.GatheringPage",
        on_delete=models.CASCADE,
        related_name="evaluation_responses",
    )
    submitted_on = models.DateField()

    class Meta:
        verbose_name = _("svar på evaluering")
        verbose_name_plural = _("svar på evalueringer")

    def __str__(self):
        return f"Evaluering av {self.gathering_id}, {self.submitted_on}"


class EvaluationAnswer(models.Model):
    response = models.ForeignKey(
        EvaluationResponse, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        EvaluationQuestion, on_delete=models.CASCADE, related_name="answers"
    )
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(blank=True, max_length=2000)

    def __str__(self):
        return f"Svar på {self.question_id}"


class FollowUp(models.Model):
    """What a municipality tried after a gathering: the draft article it became."""

    gathering = models.ForeignKey(
        "events.GatheringPage", on_delete=models.CASCADE, related_name="followups"
    )
    municipality = models.ForeignKey(
        "portal.MunicipalityPage", on_delete=models.CASCADE, related_name="+"
    )
    article = models.ForeignKey(
        "learning.ExperienceArticlePage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Only when the person allowed contact, and only until the retention period ends.
    contact_name = models.CharField(max_length=120, blank=True)
    contact_email = models.EmailField(max_length=254, blank=True)

    class Meta:
        verbose_name = _("oppfølging")
        verbose_name_plural = _("oppfølginger")

    def __str__(self):
        return f"Oppfølging av {self.gathering} – {self.municipality}"

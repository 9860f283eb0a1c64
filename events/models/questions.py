"""The organisers' own questions on a gathering's registration form, and the answers.

A question is yes/no, free text, one choice among options, which of the gathering's
days, or a workshop: one choice whose options each have their own number of places,
kept exact under the gathering's lock (``events.booking``). Answers are personal data:
they go with the registration, are shown to the person and the organisers only, and
are erased when the registration is anonymised.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

ANSWER_MAX_LENGTH = 500
# «Verksted A: bolig først | 20»: an option, and for a workshop its places.
_PLACES = re.compile(r"^(?P<label>.+?)\s*\|\s*(?P<places>\d+)\s*$")


class QuestionKind(models.TextChoices):
    YES_NO = "yes_no", _("ja eller nei")
    TEXT = "text", _("fritekst")
    CHOICE = "choice", _("ett valg")
    DAYS = "days", _("hvilke dager")
    WORKSHOP = "workshop", _("verksted med egne plasser")


class RegistrationQuestion(Orderable):
    page = ParentalKey(
        "events.GatheringPage",
        on_delete=models.CASCADE,
        related_name="registration_questions",
    )
    text = models.CharField(_("spørsmål"), max_length=200)
    kind = models.CharField(
        _("type"),
        max_length=10,
        choices=QuestionKind.choices,
        default=QuestionKind.TEXT,
    )
    required = models.BooleanField(_("må besvares"), default=False)
    options = models.TextField(
        _("valg"),
        blank=True,
        help_text=_(
            "Ett valg per linje. For verksteder: navnet, en loddrett strek og antall "
            "plasser, for eksempel «Bolig først | 20»."
        ),
    )

    panels = [
        FieldPanel("text"),
        FieldPanel("kind"),
        FieldPanel("required"),
        FieldPanel("options"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("spørsmål i påmeldingen")
        verbose_name_plural = _("spørsmål i påmeldingen")

    def __str__(self):
        return self.text

    @property
    def field_name(self):
        return f"sporsmal_{self.pk}"

    def choices(self):
        """[(label, places or None)] of a choice or a workshop, in the given order."""
        choices = []
        for line in self.options.splitlines():
            line = line.strip()
            if not line:
                continue
            match = _PLACES.match(line) if self.kind == QuestionKind.WORKSHOP else None
            if match:
                choices.append((match["label"], int(match["places"])))
            else:
                choices.append((line, None))
        return choices

    def places(self):
        """{workshop: its places} of a workshop question."""
        return {label: places for label, places in self.choices() if places}

    def clean(self):
        choices = self.choices()
        if (
            self.kind in (QuestionKind.CHOICE, QuestionKind.WORKSHOP)
            and len(choices) < 2
        ):
            raise ValidationError(
                {"options": gettext("Skriv minst to valg, ett per linje.")}
            )
        unplaced = any(places is None for _label, places in choices)
        if self.kind == QuestionKind.WORKSHOP and unplaced:
            raise ValidationError(
                {
                    "options": gettext(
                        "Skriv antall plasser etter hvert verksted, for eksempel "
                        "«Bolig først | 20»."
                    )
                }
            )


class RegistrationAnswer(models.Model):
    registration = models.ForeignKey(
        "events.Registration", on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        RegistrationQuestion, on_delete=models.CASCADE, related_name="answers"
    )
    # A choice's or workshop's label, the days as dates (ISO, comma-separated),
    # «ja»/«nei», or the text.
    value = models.TextField(max_length=ANSWER_MAX_LENGTH)

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self):
        return self.value

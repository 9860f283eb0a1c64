"""The form a programme municipality proposes a talk or a good practice with."""

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from events.forms import MunicipalityChoiceField, PublicForm
from events.models.proposals import (
    SPEAKER_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    ProposalKind,
)
from portal.models import MunicipalityPage


class ProposalForm(PublicForm):
    """What the organisers need to decide on a proposal, and where to answer."""

    kind = forms.ChoiceField(
        label=_("Hva foreslår du?"),
        choices=ProposalKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Velg om du foreslår et innlegg eller et godt eksempel."),
            "invalid_choice": _(
                "Velg om du foreslår et innlegg eller et godt eksempel."
            ),
        },
    )
    title = forms.CharField(
        label=_("Tittel"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("For eksempel «Boveiledning for unge som flytter for seg selv»."),
        error_messages={
            "required": _("Skriv en tittel."),
            "max_length": _(
                "Tittelen kan ha høyst %(limit_value)d tegn (du skrev %(show_value)d)."
            ),
        },
    )
    summary = forms.CharField(
        label=_("Kort beskrivelse"),
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Hva handler det om, og hva kan andre kommuner lære av det? Skriv "
            "ingenting som gjør at enkeltpersoner kan kjennes igjen."
        ),
        error_messages={
            "required": _("Skriv kort hva innlegget eller eksempelet handler om."),
            "max_length": _(
                "Beskrivelsen kan ha høyst %(limit_value)d tegn (du skrev "
                "%(show_value)d)."
            ),
        },
    )
    municipality = MunicipalityChoiceField(
        label=_("Programkommune"),
        queryset=MunicipalityPage.objects.none(),
        empty_label=_("Velg kommune"),
        error_messages={
            "required": _("Velg programkommunen forslaget kommer fra."),
            "invalid_choice": _("Velg programkommunen forslaget kommer fra."),
        },
    )
    speaker_name = forms.CharField(
        label=_("Hvem skal holde innlegget?"),
        max_length=SPEAKER_MAX_LENGTH,
        help_text=_("Navnet på den eller dem som skal legge fram."),
        error_messages={
            "required": _("Skriv hvem som skal holde innlegget."),
            "max_length": _(
                "Navnet kan ha høyst %(limit_value)d tegn (du skrev %(show_value)d)."
            ),
        },
    )
    email = forms.EmailField(
        label=_("E-postadressen din"),
        max_length=254,
        help_text=_(
            "Vi bruker den bare til å svare deg på forslaget. Den vises ikke på "
            "nettsiden."
        ),
        error_messages={
            "required": _("Skriv e-postadressen din, så vi kan svare deg."),
            "invalid": _(
                "Skriv en gyldig e-postadresse, for eksempel navn@kommune.no."
            ),
            "max_length": _(
                "E-postadressen kan ha høyst %(limit_value)d tegn (du skrev "
                "%(show_value)d)."
            ),
        },
    )
    signer = signing.TimestampSigner(salt="events.proposal-form")
    spam_message = _(
        "Forslaget ble stoppet av spamfilteret. Ta kontakt med arrangøren."
    )

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean_speaker_name(self):
        return " ".join(self.cleaned_data["speaker_name"].split())

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

import re
import unicodedata

from django import forms
from django.core import signing
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from events.models.gatherings import Attendance
from events.models.loop import QuestionKind
from events.models.questions import ANSWER_MAX_LENGTH
from events.models.questions import QuestionKind as RegistrationQuestionKind
from events.models.registrations import Participation
from portal.models import MunicipalityPage
from portal.public_forms import TRAPS, PublicForm, storable_id

_signer = signing.TimestampSigner(salt="events.registration-form")

NAME_MAX_LENGTH = 80
# Words of letters (any alphabet, æøå and accents included), joined by a space, a
# hyphen or an apostrophe; a word may end in a full stop (an initial, «jr.»). Digits,
# symbols and a full stop inside a word («eksempel.no») are not part of a name.
_NAME = re.compile(r"[^\W\d_]+\.?(?:(?: |-|'|’)[^\W\d_]+\.?)*")
NAME_ERROR = _(
    "Navnet kan bare inneholde bokstaver, mellomrom, bindestrek (-), apostrof (') "
    "og punktum etter en forkortelse."
)


class ConsentCheckbox(forms.CheckboxInput):
    """Ticked only when the form sends the checkbox's own value, once.

    Django's ``CheckboxInput`` takes any value but "false" as ticked, "0" and "off"
    included; consent must not be read into whatever a client happens to send.
    """

    own_value = "on"  # what a browser sends for a ticked box without a value

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return values == [self.own_value]


class MunicipalityChoiceField(forms.ModelChoiceField):
    """A municipality by its page id: anything the database cannot hold is no choice.

    SQLite and PostgreSQL refuse a number beyond 64 bits in a query instead of finding
    nothing, so such a value is turned down here, as an unknown id would be.
    """

    def to_python(self, value):
        is_id = value not in self.empty_values and not isinstance(
            value, self.queryset.model
        )
        if is_id and not storable_id(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


def clean_name(value):
    """A person's name, its spaces tidied; a ``ValidationError`` for anything that
    cannot be a name (digits, markup, addresses)."""
    name = unicodedata.normalize("NFC", " ".join(value.split()))
    if not _NAME.fullmatch(name):
        raise forms.ValidationError(NAME_ERROR)
    return name


YES_NO = [("ja", _("Ja")), ("nei", _("Nei"))]


def question_field(question, gathering):
    """The form field that asks an organiser's ``question`` of this ``gathering``."""
    required = question.required
    messages = {"required": _("Svar på dette spørsmålet.")}
    label = question.text
    if question.kind == RegistrationQuestionKind.TEXT:
        return forms.CharField(
            label=label,
            required=required,
            max_length=ANSWER_MAX_LENGTH,
            error_messages={
                **messages,
                "max_length": _(
                    "Svaret kan ha høyst %(limit_value)d tegn (du skrev "
                    "%(show_value)d)."
                ),
            },
        )
    if question.kind == RegistrationQuestionKind.DAYS:
        days = [date_format(day, "l j. F") for day in gathering.days]
        return forms.MultipleChoiceField(
            label=label,
            required=required,
            choices=[(day, day) for day in days],
            widget=forms.CheckboxSelectMultiple,
            error_messages={**messages, "required": _("Velg minst én dag.")},
        )
    choices = YES_NO
    if question.kind != RegistrationQuestionKind.YES_NO:
        choices = [(option, option) for option, _places in question.choices()]
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={**messages, "invalid_choice": _("Velg et av valgene.")},
    )


class RegistrationForm(PublicForm):
    """Who is coming: as little as needed, each field explained."""

    name = forms.CharField(
        label=_("Navn"),
        max_length=NAME_MAX_LENGTH,
        error_messages={
            "required": _("Skriv navnet ditt."),
            "max_length": _(
                "Navnet kan ha høyst %(limit_value)d tegn (du skrev %(show_value)d)."
            ),
        },
    )
    email = forms.EmailField(
        label=_("E-post"),
        max_length=254,
        help_text=_(
            "Vi sender en lenke hit. Du er påmeldt først når du har åpnet den "
            "og bekreftet påmeldingen."
        ),
    )
    municipality = MunicipalityChoiceField(
        label=_("Programkommune"),
        queryset=MunicipalityPage.objects.none(),
        required=False,
        empty_label=_("Jeg kommer fra en annen organisasjon"),
    )
    organisation = forms.CharField(
        label=_("Annen organisasjon"),
        max_length=160,
        required=False,
        help_text=_("Fyll ut hvis du ikke kommer fra en programkommune."),
    )
    role = forms.CharField(
        label=_("Rolle eller stilling"), max_length=120, required=False
    )
    # Asked where the gathering is hybrid only (``__init__``).
    participation = forms.ChoiceField(
        label=_("Hvordan deltar du?"),
        choices=Participation.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Velg om du deltar på stedet eller digitalt."),
            "invalid_choice": _("Velg om du deltar på stedet eller digitalt."),
        },
    )
    dietary_needs = forms.CharField(
        label=_("Behov for spesialkost (valgfritt)"),
        max_length=300,
        required=False,
        help_text=_(
            "Vi spør for å kunne bestille riktig mat. Opplysningen slettes først av alt, "
            "senest dagen etter samlingen."
        ),
    )
    consent = forms.BooleanField(
        label=_("Jeg har lest personvernerklæringen og godtar at opplysningene lagres"),
        widget=ConsentCheckbox,
        error_messages={
            "required": _("Du må godta personvernerklæringen for å melde deg på.")
        },
    )
    signer = _signer
    spam_message = _(
        "Påmeldingen ble stoppet av spamfilteret. Ta kontakt med arrangøren."
    )

    def __init__(self, *args, gathering=None, **kwargs):
        super().__init__(*args, **kwargs)
        if gathering is None or gathering.attendance != Attendance.HYBRID:
            del self.fields["participation"]
        self.questions = (
            list(gathering.registration_questions.all()) if gathering else []
        )
        for question in self.questions:
            self.fields[question.field_name] = question_field(question, gathering)
        # The organisers' questions before the consent, the traps last.
        names = [name for name in self.fields if name not in ("consent", *TRAPS)]
        self.order_fields([*names, "consent"])

    def answers(self):
        """{question: the answer as stored} of the questions answered."""
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(question.field_name)
            if isinstance(value, list):
                value = ", ".join(value)
            if value:
                answers[question] = value
        return answers

    def clean_name(self):
        return clean_name(self.cleaned_data["name"])

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("municipality") and not cleaned_data.get(
            "organisation"
        ):
            self.add_error(
                "organisation",
                _(
                    "Velg en programkommune eller skriv hvilken organisasjon du "
                    "kommer fra."
                ),
            )
        return cleaned_data


SCORES = [(str(score), str(score)) for score in range(1, 6)]


class EvaluationForm(forms.Form):
    """A gathering's questions: a scale of 1–5 or a free text each, none required."""

    def __init__(self, questions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = {}
        for question in questions:
            name = f"sporsmal_{question.pk}"
            label = question.text
            if question.agenda_item_id:
                label = f"{question.agenda_item.title}: {label}"
            if question.kind == QuestionKind.SCALE:
                field = forms.TypedChoiceField(
                    label=label,
                    choices=SCORES,
                    coerce=int,
                    required=False,
                    widget=forms.RadioSelect,
                    help_text=_("1 er svært lite, 5 er svært mye."),
                    error_messages={"invalid_choice": _("Velg et tall fra 1 til 5.")},
                )
            else:
                field = forms.CharField(
                    label=label,
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    error_messages={
                        "max_length": _(
                            "Skriv høyst %(limit_value)d tegn "
                            "(du skrev %(show_value)d)."
                        )
                    },
                )
            self.fields[name] = field
            self.questions[name] = question

    def clean(self):
        data = super().clean()
        if not self.errors and not any(
            value not in (None, "") for value in data.values()
        ):
            raise forms.ValidationError(_("Svar på minst ett av spørsmålene."))
        return data

    def answers(self):
        return {
            self.questions[name]: value for name, value in self.cleaned_data.items()
        }


class FollowUpForm(forms.Form):
    """What a municipality tried at home after a gathering."""

    title = forms.CharField(
        label=_("Gi erfaringen en kort overskrift"),
        max_length=120,
        help_text=_("For eksempel «Fast kontaktperson for private utleiere»."),
        error_messages={
            "required": _("Skriv en overskrift."),
            "max_length": _("Overskriften kan ha høyst %(limit_value)d tegn."),
        },
    )
    tried = forms.CharField(
        label=_("Hva har dere prøvd?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Fortell om tiltaket, ikke om enkeltpersoner: skriv ingenting som "
            "gjør at noen kan kjennes igjen."
        ),
        error_messages={
            "required": _("Fortell hva dere har prøvd."),
            "max_length": _("Skriv høyst %(limit_value)d tegn."),
        },
    )
    happened = forms.CharField(
        label=_("Hva skjedde?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Hva ble bedre, hva ble ikke som dere trodde, hva ville dere gjort "
            "annerledes?"
        ),
        error_messages={
            "required": _("Fortell hva som skjedde."),
            "max_length": _("Skriv høyst %(limit_value)d tegn."),
        },
    )
    may_contact = forms.BooleanField(
        label=_("Kommunens redaktører kan kontakte meg om erfaringen"),
        required=False,
        help_text=_(
            "Da gir vi navnet og e-postadressen din til dem som gjør artikkelen "
            "ferdig. De slettes etter {days} dager."
        ),
    )

    def __init__(self, *args, retention_days=30, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["may_contact"]
        field.help_text = field.help_text.format(days=retention_days)

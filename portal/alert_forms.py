"""The forms readers choose their alerts with (``portal.alerts``)."""

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from portal.alerts import Choice
from portal.models import Follows, Frequency, MunicipalityPage, TargetGroup
from portal.public_forms import PublicForm, storable_id
from portal.views import themes_in_use


class IdsField(forms.ModelMultipleChoiceField):
    """Checkboxes of rows by id: a value no row can have is no choice, not an error
    from the database (SQLite and PostgreSQL refuse numbers beyond 64 bits)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, queryset, **kwargs):
        super().__init__(
            queryset,
            required=False,
            error_messages={
                "invalid_choice": _("Velg bare blant valgene som vises."),
                "invalid_pk_value": _("Velg bare blant valgene som vises."),
                "invalid_list": _("Velg bare blant valgene som vises."),
            },
            **kwargs,
        )

    def _check_values(self, value):
        for pk in value:
            if not storable_id(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                )
        return super()._check_values(value)


def themes():
    """The themes readers may follow: those in use and offered."""
    return themes_in_use().order_by("name")


class FollowForm(forms.Form):
    """What to follow and how often."""

    everything = forms.BooleanField(
        label=_("Alt nytt i programmet"),
        required=False,
        help_text=_("Nye erfaringer, gode eksempler og samlinger."),
    )
    gatherings = forms.BooleanField(label=_("Nye samlinger"), required=False)
    themes = IdsField(Tag.objects.none(), label=_("Temaer"))
    target_groups = IdsField(TargetGroup.objects.none(), label=_("Målgrupper"))
    municipalities = IdsField(MunicipalityPage.objects.none(), label=_("Kommuner"))
    frequency = forms.ChoiceField(
        label=_("Hvor ofte vil du ha e-post?"),
        choices=Frequency.choices,
        initial=Frequency.WEEKLY,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Velg hvor ofte du vil ha e-post."),
            "invalid_choice": _("Velg hvor ofte du vil ha e-post."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes()
        self.fields["target_groups"].queryset = TargetGroup.objects.order_by("name")
        self.fields[
            "municipalities"
        ].queryset = MunicipalityPage.objects.live().order_by("title")

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors and not self.choices():
            raise forms.ValidationError(
                _(
                    "Velg minst én ting å følge: alt nytt, nye samlinger, et tema, "
                    "en målgruppe eller en kommune."
                ),
                code="nothing",
            )
        return cleaned_data

    def choices(self):
        data = self.cleaned_data
        choices = []
        if data.get("everything"):
            choices.append(Choice(Follows.EVERYTHING))
        if data.get("gatherings"):
            choices.append(Choice(Follows.GATHERINGS))
        choices += [
            Choice(Follows.THEME, theme_id=t.pk) for t in data.get("themes") or ()
        ]
        choices += [
            Choice(Follows.TARGET_GROUP, target_group_id=g.pk)
            for g in data.get("target_groups") or ()
        ]
        choices += [
            Choice(Follows.MUNICIPALITY, municipality_id=m.pk)
            for m in data.get("municipalities") or ()
        ]
        return choices

    @staticmethod
    def initial_from(choices, frequency):
        """The form's initial values for ``choices`` (``Choice``s)."""
        return {
            "everything": any(c.follows == Follows.EVERYTHING for c in choices),
            "gatherings": any(c.follows == Follows.GATHERINGS for c in choices),
            "themes": [c.theme_id for c in choices if c.theme_id],
            "target_groups": [c.target_group_id for c in choices if c.target_group_id],
            "municipalities": [c.municipality_id for c in choices if c.municipality_id],
            "frequency": frequency,
        }


class SubscribeForm(PublicForm, FollowForm):
    """The public form: an address and what it follows."""

    signer = signing.TimestampSigner(salt="portal.alerts")
    spam_message = _("Vi kunne ikke ta imot skjemaet. Prøv igjen.")

    email = forms.EmailField(
        label=_("E-post"),
        max_length=254,
        help_text=_(
            "Vi sender en lenke hit. Du får varsler først når du har åpnet den og "
            "bekreftet."
        ),
        error_messages={
            "required": _("Skriv e-postadressen din."),
            "invalid": _("Skriv en gyldig e-postadresse, som navn@kommune.no."),
            "max_length": _("E-postadressen kan ha høyst 254 tegn."),
        },
    )

    field_order = ["email"]

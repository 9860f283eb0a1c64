from django import forms
from django.utils.translation import gettext_lazy as _

from learning.models import OutcomeType
from portal.models import Region


class ResultsFilterForm(forms.Form):
    """The filters of /resultater/: a region and an outcome type, both optional."""

    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=[("", _("Alle regioner")), *Region.choices],
        error_messages={"invalid_choice": _("Velg en region fra listen.")},
    )
    type = forms.ModelChoiceField(
        label=_("Resultattype"),
        required=False,
        queryset=OutcomeType.objects.all(),
        to_field_name="slug",
        empty_label=_("Alle resultattyper"),
        error_messages={"invalid_choice": _("Velg en resultattype fra listen.")},
    )

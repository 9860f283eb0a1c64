from django import forms

from learning.models import OutcomeType
from portal.models import Region


class ResultsFilterForm(forms.Form):
    """The filters of /resultater/: a region and an outcome type, both optional."""

    region = forms.ChoiceField(
        label="Region",
        required=False,
        choices=[("", "Alle regioner"), *Region.choices],
        error_messages={"invalid_choice": "Velg en region fra listen."},
    )
    type = forms.ModelChoiceField(
        label="Resultattype",
        required=False,
        queryset=OutcomeType.objects.all(),
        to_field_name="slug",
        empty_label="Alle resultattyper",
        error_messages={"invalid_choice": "Velg en resultattype fra listen."},
    )

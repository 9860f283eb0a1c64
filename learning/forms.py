from django import forms

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
        queryset=None,
        to_field_name="slug",
        empty_label="Alle resultattyper",
        error_messages={"invalid_choice": "Velg en resultattype fra listen."},
    )

    def __init__(self, *args, **kwargs):
        from learning.models import OutcomeType

        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = OutcomeType.objects.all()

from django import forms

from learning.models.base import IDENTIFIABLE_ERROR
from portal.models import Region
from portal.page_forms import PortalPageForm

# The admin's buttons that publish a page or send it into its workflow. Approving in
# the workflow publishes too; requesting changes does not, and stays open.
GATED_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow")


def publishes_or_submits(data):
    """Whether a POST to the page editor publishes the page or starts its workflow."""
    if any(action in data for action in GATED_ACTIONS):
        return True
    return (
        "action-workflow-action" in data
        and data.get("workflow-action-name") == "approve"
    )


class ConfirmedAnonymousPageForm(PortalPageForm):
    """Refuses to publish or submit until the author confirms no one can be recognised."""

    def clean(self):
        cleaned_data = super().clean()
        if publishes_or_submits(self.data) and not cleaned_data.get(
            "no_identifiable_persons"
        ):
            self.add_error("no_identifiable_persons", IDENTIFIABLE_ERROR)
        return cleaned_data


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

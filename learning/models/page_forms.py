"""The admin's form for the pages that must name no one (``base_form_class``)."""

from django.utils.translation import gettext

from portal.page_forms import PortalPageForm

from .base import IDENTIFIABLE_ERROR

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
            self.add_error("no_identifiable_persons", gettext(IDENTIFIABLE_ERROR))
        return cleaned_data

from wagtail.admin.forms import WagtailAdminPageForm

from learning.models.base import IDENTIFIABLE_ERROR

# The admin's buttons for publishing and for sending a page into its workflow.
GATED_ACTIONS = ("action-publish", "action-submit", "action-workflow-action")


class ConfirmedAnonymousPageForm(WagtailAdminPageForm):
    """Refuses to publish or submit until the author confirms no one can be recognised."""

    def clean(self):
        cleaned_data = super().clean()
        gated = any(action in self.data for action in GATED_ACTIONS)
        if gated and not cleaned_data.get("no_identifiable_persons"):
            self.add_error("no_identifiable_persons", IDENTIFIABLE_ERROR)
        return cleaned_data

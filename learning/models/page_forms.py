"""The admin's forms for the knowledge pages: the pages that must name no one
(``base_form_class``), and the themes field of every page type with themes."""

import json
import re

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from taggit.forms import TagField as TaggitTagField
from taggit.models import Tag
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.forms.tags import TagField, validate_tag_length
from wagtail.admin.widgets import AdminTagWidget

from portal.page_forms import PortalPageForm

from .base import IDENTIFIABLE_ERROR
from .themes import ThemeStatus

UNKNOWN_THEMES = gettext_lazy(
    "Disse temaene finnes ikke: %(names)s. Velg blant temaene som finnes, eller "
    "foreslå et nytt tema under «Foreslå nytt tema» i menyen."
)
RETIRED_THEMES = gettext_lazy(
    "Disse temaene er ikke lenger i bruk og kan ikke gis til flere sider: %(names)s."
)
THEMES_WIDGET_HELP = gettext_lazy(
    "Velg blant temaene som finnes: skriv begynnelsen av navnet og velg i listen."
)


class ThemeWidget(AdminTagWidget):
    """Wagtail's tag field, offering only the themes in use (the portal's own
    autocomplete) and taking nothing that is not offered."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        attrs = context["widget"]["attrs"]
        attrs["data-w-tag-url-value"] = reverse("learning_theme_autocomplete")
        options = json.loads(attrs["data-w-tag-options-value"])
        options["autocompleteOnly"] = True
        attrs["data-w-tag-options-value"] = json.dumps(options)
        context["widget"]["help_text"] = THEMES_WIDGET_HELP
        return context


class ThemeField(TagField):
    """A page's themes: only themes that exist and are in use, never a new one.

    A typed fragment is refused with the names it did not find (Wagtail's own field
    with ``free_tagging=False`` would drop them without a word). A retired theme the
    page already has may stay, so that older pages can still be saved; it cannot be
    given to a page that does not have it.
    """

    widget = ThemeWidget

    def __init__(self, *args, **kwargs):
        kwargs["free_tagging"] = False
        super().__init__(*args, **kwargs)
        self.had = set()

    def get_bound_field(self, form, field_name):
        # Each form has its own copy of the field: remember what the page has.
        initial = form.initial.get(field_name) or []
        if isinstance(initial, str):
            initial = TaggitTagField().clean(initial) if initial.strip() else []
        self.had = {str(getattr(tag, "name", tag)).lower() for tag in initial}
        return super().get_bound_field(form, field_name)

    def clean(self, value):
        names = TaggitTagField.clean(self, value)
        validate_tag_length(names, self.tag_model.name.field.max_length)
        if not names:
            return names
        # A regular expression: case-insensitive for æ, ø and å on SQLite too.
        found = {
            tag.name.lower(): tag
            for tag in self.tag_model.objects.filter(
                name__iregex=_any_of(names)
            ).select_related("theme_state")
        }
        unknown = [name for name in names if name.lower() not in found]
        if unknown:
            raise ValidationError(
                UNKNOWN_THEMES % {"names": _quoted(unknown)}, code="unknown_theme"
            )
        retired = [
            found[name.lower()].name
            for name in names
            if _retired(found[name.lower()]) and name.lower() not in self.had
        ]
        if retired:
            raise ValidationError(
                RETIRED_THEMES % {"names": _quoted(retired)}, code="retired_theme"
            )
        # The themes' own names, however they were typed.
        return list(dict.fromkeys(found[name.lower()].name for name in names))


def _retired(tag):
    state = getattr(tag, "theme_state", None)
    return state is not None and state.status == ThemeStatus.RETIRED


def _quoted(names):
    return ", ".join(f"«{name}»" for name in names)


def _any_of(names):
    return "^(" + "|".join(re.escape(name) for name in names) + ")$"


def _theme_field(db_field):
    if db_field.related_model is Tag:
        return {"form_class": ThemeField, "tag_model": Tag}
    return {"form_class": TagField, "tag_model": db_field.related_model}


# Every page type's themes (ClusterTaggableManager: the knowledge pages here, the
# gatherings in events), wherever its form is made; images and documents keep
# Wagtail's free tags (their TaggableManager).
register_form_field_override(ClusterTaggableManager, override=_theme_field)

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

"""StreamFields in admin forms refuse incomplete form data instead of failing with a 500.

A StreamField's form data is a tree of keys (``body-count``, ``body-0-type``,
``body-0-value-…``) that the editor's script writes. Wagtail reads them with ``data[…]``
and ``int(…)``, so a POST without one of them (a request cut short, a tool, an old tab)
raises ``KeyError`` or ``ValueError`` from deep in the form: the edit, revert and
preview views answer 500. Every StreamField in a Wagtail admin form (pages, their
inline panels, snippets, settings) gets ``GuardedBlockField`` instead (Wagtail's
``register_form_field_override``, which ``portal.apps`` loads): incomplete data is a
form error in bokmål, and the form shows what was saved. Inline panels need nothing:
a formset without its management form is already a form error in Django.
"""

from django.core.exceptions import ValidationError
from wagtail.admin.forms.models import register_form_field_override
from wagtail.blocks.base import BlockField, BlockWidget
from wagtail.fields import StreamField

INCOMPLETE_MESSAGE = (
    "Innholdet kom ikke fram i sin helhet, så det ble ikke lagret. Feltet viser det "
    "som var lagret: last siden på nytt og gjør endringene igjen."
)


class Incomplete:
    """What the widget reads from form data that lacks some of the field's keys."""

    def __repr__(self):
        return "<incomplete block data>"


INCOMPLETE = Incomplete()


class GuardedBlockWidget(BlockWidget):
    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (KeyError, ValueError, TypeError, IndexError):
            return INCOMPLETE


class GuardedBlockField(BlockField):
    """Wagtail's ``BlockField``, with incomplete data a validation error."""

    def __init__(self, block=None, **kwargs):
        if block is not None and "widget" not in kwargs:
            kwargs["widget"] = GuardedBlockWidget(block)
        super().__init__(block=block, **kwargs)

    def clean(self, value):
        if value is INCOMPLETE:
            raise ValidationError(INCOMPLETE_MESSAGE, code="incomplete")
        return super().clean(value)

    def bound_data(self, data, initial):
        # Shown again with the error: what was saved, as no content was sent.
        return initial if data is INCOMPLETE else super().bound_data(data, initial)

    def has_changed(self, initial_value, data_value):
        return data_value is INCOMPLETE or super().has_changed(
            initial_value, data_value
        )


def register():
    register_form_field_override(
        StreamField, override={"form_class": GuardedBlockField}
    )

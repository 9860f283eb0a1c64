"""The base of the forms anyone may send from the public site."""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from portal.models import MunicipalityPage


def storable_id(value):
    """``value`` as a row's id, or 0 when it cannot be one: SQLite and PostgreSQL
    refuse a number beyond 64 bits in a query instead of finding nothing."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 0
    return number if 0 < number < 2**63 else 0


# The fields that catch bots, last in every public form.
TRAPS = ("website", "started")


class PublicForm(forms.Form):
    """A form anyone may send from the public site, with traps for bots: a field no
    person sees or fills (``website``, last in the form), and the signed time the
    form was shown (``started``), at least ``REGISTRATION_MIN_FILL_SECONDS`` and at
    most a day before it is sent. A ``municipality`` field offers the live ones."""

    signer = None  # a ``TimestampSigner`` with the form's own salt
    spam_message = ""

    website = forms.CharField(label=_("Nettsted"), required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields([name for name in self.fields if name not in TRAPS])
        if "municipality" in self.fields:
            self.fields[
                "municipality"
            ].queryset = MunicipalityPage.objects.live().order_by("title")
        if not self.is_bound:
            self.initial["started"] = self.signer.sign(str(time.time()))

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("website"):
            raise forms.ValidationError(self.spam_message)
        try:
            shown = float(
                self.signer.unsign(cleaned_data.get("started", ""), max_age=86400)
            )
        except (signing.BadSignature, ValueError):
            raise forms.ValidationError(
                _("Skjemaet er utløpt. Last inn siden på nytt og prøv igjen.")
            ) from None
        if time.time() - shown < settings.REGISTRATION_MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("Skjemaet ble sendt for raskt. Vent noen sekunder og prøv igjen.")
            )
        return cleaned_data

"""The sign-in form with limits, and the forms that take a code."""

from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.forms.auth import LoginForm

from portal.two_factor import throttle


class ThrottledLoginForm(LoginForm):
    """Wagtail's sign-in form that refuses, unchecked, once too many attempts failed."""

    retry_after = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail's bokmål catalogue leaves this one label in English.
        self.fields["password"].label = "Passord"

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return super().clean()
        self.retry_after = throttle.wait(self.request, username)
        if self.retry_after:
            raise ValidationError(throttle.refusal(self.retry_after), code="throttled")
        try:
            return super().clean()
        except ValidationError:
            throttle.record_failure(self.request, username)
            raise


def code_input(**attrs):
    return forms.TextInput(
        attrs={
            "autocomplete": "one-time-code",
            "autocapitalize": "off",
            "spellcheck": "false",
            "autofocus": True,
            **attrs,
        }
    )


class SetupForm(forms.Form):
    """The first code from a newly added authenticator app."""

    code = forms.CharField(
        label="Kode fra appen",
        help_text="Seks siffer. Koden skifter hvert 30. sekund.",
        max_length=12,
        widget=code_input(inputmode="numeric"),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise ValidationError("Skriv de seks sifrene som appen viser.")
        return code


class VerifyForm(forms.Form):
    """A code from the app or one of the recovery codes."""

    code = forms.CharField(
        label="Kode",
        help_text=(
            "Seks siffer fra autentiseringsappen, eller en av gjenopprettingskodene "
            "hvis du ikke har telefonen."
        ),
        max_length=32,
        widget=code_input(),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower().replace("-", "")

    @property
    def is_app_code(self):
        code = self.cleaned_data["code"]
        return code.isdigit() and len(code) == 6

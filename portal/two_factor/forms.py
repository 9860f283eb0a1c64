"""The sign-in and password forms with limits, and the forms that take a code."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm, PasswordChangeForm

from portal.two_factor import throttle


class LimitedSignInMixin:
    """Says why a sign-in was refused, unchecked, once too many attempts failed.

    The limits themselves are held by the authentication backend; it tells the form
    through the request. ``retry_after`` is then the seconds to wait, for a 429.
    """

    retry_after = None

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            self.retry_after = throttle.refused(self.request)
            if self.retry_after:
                raise ValidationError(
                    throttle.refusal(self.retry_after), code="throttled"
                ) from None
            raise


class ThrottledLoginForm(LimitedSignInMixin, LoginForm):
    """Wagtail's admin sign-in form, held to the limits."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail's bokmål catalogue leaves this one label in English.
        self.fields["password"].label = gettext("Passord")


class FrontendLoginForm(LimitedSignInMixin, AuthenticationForm):
    """The sign-in for pages kept for signed-in users (``/_util/login/``)."""


class LimitedPasswordChangeForm(PasswordChangeForm):
    """The account page's password change: the old password counts like a sign-in."""

    request = None
    retry_after = None

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if throttle.check_password(self.request, self.user, old_password):
            self.retry_after = throttle.refused(self.request)
            if self.retry_after:
                raise ValidationError(throttle.refusal(self.retry_after), "throttled")
            raise ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class PasswordForm(forms.Form):
    """The password once more, before an authenticator app is set up."""

    password = forms.CharField(
        label=_("Passord"),
        strip=False,
        widget=forms.PasswordInput(
            attrs={"autocomplete": "current-password", "autofocus": True}
        ),
    )


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
        label=_("Kode fra appen"),
        help_text=_("Seks siffer. Koden skifter hvert 30. sekund."),
        max_length=12,
        widget=code_input(inputmode="numeric"),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise ValidationError(gettext("Skriv de seks sifrene som appen viser."))
        return code


class VerifyForm(forms.Form):
    """A code from the app or one of the recovery codes."""

    code = forms.CharField(
        label=_("Kode"),
        help_text=_(
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

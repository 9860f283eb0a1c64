"""Sign-in, the code step, setting up the app, and the user's own overview."""

from functools import wraps
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail.admin.localization import get_localized_response
from wagtail.admin.views import account
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.two_factor import devices, notices, throttle
from portal.two_factor.forms import (
    FrontendLoginForm,
    LimitedPasswordChangeForm,
    PasswordForm,
    SetupForm,
    ThrottledLoginForm,
    VerifyForm,
)
from portal.two_factor.policy import (
    SETUP,
    VERIFY,
    mark_fresh,
    pending_step,
    second_factor_required,
    signed_in_recently,
)

STEP_URL_NAMES = {VERIFY: "two_factor_verify", SETUP: "two_factor_setup"}


def step_url(step, next_url):
    return f"{reverse(STEP_URL_NAMES[step])}?{urlencode({'next': next_url})}"


def next_url(request):
    """Where to go after the step: the requested admin page, never another site."""
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("wagtailadmin_home")


def admin_user_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(
                request.get_full_path(), reverse("wagtailadmin_login")
            )
        if not request.user.has_perm("wagtailadmin.access_admin"):
            raise PermissionDenied
        # In the user's own admin language, as Wagtail's admin views are.
        return get_localized_response(view, request, *args, **kwargs)

    return never_cache(wrapper)


def too_many(response, seconds):
    response.status_code = 429
    response["Retry-After"] = str(seconds)
    return response


def verified_login(request, device):
    django_otp.login(request, device)
    # The session now carries more rights than before: give it a new key.
    request.session.cycle_key()


class LimitedLoginMixin:
    """A sign-in view that answers 429 when the limits refused the attempt."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.retry_after:
            return too_many(response, form.retry_after)
        return response


class LoginView(LimitedLoginMixin, account.LoginView):
    """Wagtail's sign-in, with limits on failures and the code step right after."""

    def get_form_class(self):
        return ThrottledLoginForm

    def form_valid(self, form):
        response = super().form_valid(form)
        # The password was just given here: the app may be set up without it again.
        mark_fresh(self.request)
        step = pending_step(form.get_user())
        if step:
            return redirect(step_url(step, self.get_success_url()))
        return response


class FrontendLoginView(LimitedLoginMixin, auth_views.LoginView):
    """The sign-in for pages kept for signed-in users, at Wagtail's address for it
    (``/_util/login/``), held to the same limits as the admin's."""

    form_class = FrontendLoginForm
    template_name = getattr(
        settings, "WAGTAIL_FRONTEND_LOGIN_TEMPLATE", "wagtailcore/login.html"
    )


class PasswordPanel(account.ChangePasswordPanel):
    form_class = LimitedPasswordChangeForm

    def get_form(self):
        # Wagtail builds the panels, and their forms, again to render the page: one
        # form per request, so that one typed password is checked, and counted, once.
        form = getattr(self.request, "_password_change_form", None)
        if form is None:
            form = super().get_form()
            form.request = self.request
            self.request._password_change_form = form
        return form


class AccountView(account.AccountView):
    """Wagtail's account settings, where the old password counts like a sign-in."""

    def get_panels(self):
        return [
            PasswordPanel(panel.request, panel.user, panel.profile)
            if type(panel) is account.ChangePasswordPanel
            else panel
            for panel in super().get_panels()
        ]

    def post(self, request):
        response = super().post(request)
        if hasattr(response, "render"):
            # Wagtail stops checking the forms at the first invalid one; the
            # password form may be checked only as the page is rendered.
            response.render()
        seconds = throttle.refused(request)
        return too_many(response, seconds) if seconds else response


def check_code(request, form, devices_to_check):
    """Whether the code may be checked now; adds the reason to ``form`` if not, and
    returns the seconds to wait (or 0). A code that may be checked is counted first,
    in one step with the check against the limits; ``right_code`` gives it back."""
    wait = throttle.reserve(request, request.user.get_username())
    if wait:
        form.add_error(None, throttle.refusal(wait))
        return wait
    locked = devices.seconds_locked(*devices_to_check)
    if locked:
        right_code(request)  # turned down unchecked: not a failure
        form.add_error(
            "code",
            ngettext(
                "Vent %(seconds)s sekund før du prøver igjen.",
                "Vent %(seconds)s sekunder før du prøver igjen.",
                locked,
            )
            % {"seconds": locked},
        )
    return 0


def right_code(request):
    throttle.give_back(request, request.user.get_username())


@admin_user_required
def verify(request):
    """The code from the app (or a recovery code) after the password."""
    user, target = request.user, next_url(request)
    step = pending_step(user)
    if step != VERIFY:
        return redirect(step_url(step, target) if step else target)
    form = VerifyForm(request.POST or None)
    wait = 0
    if request.method == "POST" and form.is_valid():
        code, app_code = form.cleaned_data["code"], form.is_app_code
        wait = check_code(request, form, devices.user_devices(user, app_code))
        if not form.errors:
            device = devices.verify(user, code, app_code)
            if device is not None:
                right_code(request)
                verified_login(request, device)
                if not app_code:
                    left = devices.recovery_codes_left(user)
                    messages.warning(
                        request,
                        gettext(
                            "Du brukte en gjenopprettingskode og har %(left)s igjen. "
                            "Lag nye koder under «Totrinnsinnlogging» på kontosiden."
                        )
                        % {"left": left},
                    )
                return redirect(target)
            form.add_error("code", gettext("Koden stemmer ikke. Prøv igjen."))
    response = render(
        request, "portal/two_factor/verify.html", {"form": form, "next": target}
    )
    return too_many(response, wait) if wait else response


@admin_user_required
def setup(request):
    """Add an authenticator app: scan or type the secret, confirm with a code."""
    user, target = request.user, next_url(request)
    if pending_step(user) == VERIFY:
        # Only the owner of the present device may replace it.
        return redirect(step_url(VERIFY, target))
    if not signed_in_recently(request):
        return confirm_password(request, target)
    device = devices.unconfirmed_app(user)
    form = SetupForm(request.POST or None)
    wait = 0
    if request.method == "POST" and form.is_valid():
        wait = check_code(request, form, [device])
        if not form.errors:
            if devices.confirm_app(user, device, form.cleaned_data["code"]):
                right_code(request)
                codes = devices.new_recovery_codes(user)
                verified_login(request, device)
                notices.announce_app_added(request, user)
                return recovery_codes(request, codes, target)
            form.add_error(
                "code",
                gettext(
                    "Koden stemmer ikke. Sjekk at klokka på telefonen er riktig, "
                    "og skriv inn koden appen viser nå."
                ),
            )
    response = render(
        request,
        "portal/two_factor/setup.html",
        {
            "form": form,
            "next": target,
            "qr_svg": devices.qr_svg(device),
            "secret": devices.secret_text(device),
            "required": second_factor_required(user),
        },
    )
    return too_many(response, wait) if wait else response


def confirm_password(request, target):
    """The password once more before an app is set up, unless the admin's sign-in
    was just now: a session that is older, or signed in at the front end, could
    otherwise add an app of someone else's choosing. Counts like a sign-in."""
    form = PasswordForm(request.POST or None)
    wait = 0
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["password"]
        reason = throttle.check_password(request, request.user, password)
        if reason is None:
            mark_fresh(request)
            return redirect(step_url(SETUP, target))
        wait = throttle.refused(request) or 0
        form.add_error(None, reason)
    response = render(
        request,
        "portal/two_factor/confirm_password.html",
        {"form": form, "next": target},
    )
    return too_many(response, wait) if wait else response


def recovery_codes(request, codes, target):
    """The new recovery codes, in this one response only."""
    return render(
        request,
        "portal/two_factor/recovery_codes.html",
        {"codes": codes, "next": target},
    )


class ManageView(WagtailAdminTemplateMixin, TemplateView):
    """The user's own overview: app set up or not, recovery codes left, new codes."""

    template_name = "portal/two_factor/manage.html"
    page_title = _("Totrinnsinnlogging")
    header_icon = "key"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            has_app=devices.has_app(user),
            codes_left=devices.recovery_codes_left(user),
            required=second_factor_required(user),
            **kwargs,
        )

    def post(self, request):
        user = request.user
        here = reverse("two_factor_manage")
        if not devices.has_app(user):
            return redirect(here)
        step = pending_step(user)
        if step:
            return redirect(step_url(step, here))
        return recovery_codes(request, devices.new_recovery_codes(user), here)


manage = admin_user_required(ManageView.as_view())

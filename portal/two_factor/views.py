"""Sign-in, the code step, setting up the app, and the user's own overview."""

from functools import wraps
from urllib.parse import urlencode

import django_otp
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail.admin.views import account
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.two_factor import devices, throttle
from portal.two_factor.forms import SetupForm, ThrottledLoginForm, VerifyForm
from portal.two_factor.policy import SETUP, VERIFY, pending_step, second_factor_required

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
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


def too_many(response, seconds):
    response.status_code = 429
    response["Retry-After"] = str(seconds)
    return response


def verified_login(request, device):
    django_otp.login(request, device)
    # The session now carries more rights than before: give it a new key.
    request.session.cycle_key()


class LoginView(account.LoginView):
    """Wagtail's sign-in, with limits on failures and the code step right after."""

    def get_form_class(self):
        return ThrottledLoginForm

    def form_valid(self, form):
        response = super().form_valid(form)
        step = pending_step(form.get_user())
        if step:
            return redirect(step_url(step, self.get_success_url()))
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.retry_after:
            return too_many(response, form.retry_after)
        return response


def check_code(request, form, devices_to_check):
    """Whether the code may be checked now; adds the reason to ``form`` if not, and
    returns the seconds to wait (or 0)."""
    wait = throttle.wait(request, request.user.get_username())
    if wait:
        form.add_error(None, throttle.refusal(wait))
        return wait
    locked = devices.seconds_locked(*devices_to_check)
    if locked:
        unit = "sekund" if locked == 1 else "sekunder"
        form.add_error("code", f"Vent {locked} {unit} før du prøver igjen.")
    return 0


def wrong_code(request, form, text):
    throttle.record_failure(request, request.user.get_username())
    form.add_error("code", text)


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
                verified_login(request, device)
                if not app_code:
                    left = devices.recovery_codes_left(user)
                    messages.warning(
                        request,
                        f"Du brukte en gjenopprettingskode og har {left} igjen. "
                        "Lag nye koder under «Totrinnsinnlogging» på kontosiden.",
                    )
                return redirect(target)
            wrong_code(request, form, "Koden stemmer ikke. Prøv igjen.")
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
    device = devices.unconfirmed_app(user)
    form = SetupForm(request.POST or None)
    wait = 0
    if request.method == "POST" and form.is_valid():
        wait = check_code(request, form, [device])
        if not form.errors:
            if devices.confirm_app(user, device, form.cleaned_data["code"]):
                codes = devices.new_recovery_codes(user)
                verified_login(request, device)
                return recovery_codes(request, codes, target)
            wrong_code(
                request,
                form,
                "Koden stemmer ikke. Sjekk at klokka på telefonen er riktig, "
                "og skriv inn koden appen viser nå.",
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
    page_title = "Totrinnsinnlogging"
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

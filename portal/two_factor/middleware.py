"""Send signed-in admin users to their second factor before any other admin page."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse

from portal.two_factor.policy import pending_step
from portal.two_factor.views import step_url

# Admin addresses that work before the second factor: signing in and out, resetting a
# password, the code step itself, and what the sign-in page loads (icons, translations).
OPEN_URL_NAMES = (
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "two_factor_verify",
    "two_factor_setup",
)
OPEN_PREFIX_NAMES = ("wagtailadmin_password_reset",)


class SecondFactorMiddleware:
    """Runs after django-otp's OTPMiddleware, which marks verified sessions.

    Outside the admin, a session that still owes its code counts as anonymous, so
    pages and documents kept for signed-in users stay closed until the code is given.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.ADMIN_REQUIRE_SECOND_FACTOR
            # Visitors without a session cookie cost nothing, and their responses
            # stay cacheable (no Vary: Cookie from reading the session).
            and settings.SESSION_COOKIE_NAME in request.COOKIES
            and request.user.is_authenticated
        ):
            response = self.hold_back(request)
            if response is not None:
                return response
        return self.get_response(request)

    def hold_back(self, request):
        path = request.path
        if not path.startswith(reverse("wagtailadmin_home")):
            if pending_step(request.user):
                request.user = AnonymousUser()
            return None
        if any(path == reverse(name) for name in OPEN_URL_NAMES) or any(
            path.startswith(reverse(name)) for name in OPEN_PREFIX_NAMES
        ):
            return None
        step = pending_step(request.user)
        if step:
            return redirect(step_url(step, request.get_full_path()))
        return None

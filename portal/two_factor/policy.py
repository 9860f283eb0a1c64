"""Who must use a second factor, and what a signed-in user still owes."""

import time

from django.conf import settings
from django_otp import user_has_device
from wagtail.models import GroupPagePermission

# Rights that reach personal data, publish to everyone, or hand out rights: an account
# with any of them is worth stealing, so its password alone is not enough.
SENSITIVE_PERMISSIONS = (
    "events.manage_registrations",
    "wagtailcore.publish_page",
    "auth.add_user",
    "auth.change_user",
    "auth.change_group",
)

VERIFY = "verify"
SETUP = "setup"


def second_factor_required(user):
    """Whether ``user`` may not use the admin without a second factor."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    if any(user.has_perm(permission) for permission in SENSITIVE_PERMISSIONS):
        return True
    return GroupPagePermission.objects.filter(
        group__user=user,
        permission__content_type__app_label="wagtailcore",
        permission__codename="publish_page",
    ).exists()


def pending_step(user):
    """What ``user`` must do before the admin opens: VERIFY, SETUP or nothing (None).

    A user with a device is asked for its code whether or not the device is required.
    """
    if not settings.ADMIN_REQUIRE_SECOND_FACTOR:
        return None
    if not user.is_authenticated:
        return None
    # OTPMiddleware gives request.user is_verified(); a user just authenticated by
    # the sign-in form has not been through it, and is not verified yet.
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return None
    if user_has_device(user):
        return VERIFY
    if second_factor_required(user):
        return SETUP
    return None


# Setting up an app needs a sign-in this recent (the admin's sign-in, or the password
# typed again): a session left open, or one from the front end's sign-in, cannot
# add an app of someone else's choosing.
FRESH_SIGN_IN_SECONDS = 10 * 60
_FRESH_SESSION_KEY = "portal_password_confirmed_at"


def mark_fresh(request):
    """The password was just given for this session."""
    request.session[_FRESH_SESSION_KEY] = time.time()


def signed_in_recently(request):
    moment = request.session.get(_FRESH_SESSION_KEY)
    return moment is not None and 0 <= time.time() - moment <= FRESH_SIGN_IN_SECONDS

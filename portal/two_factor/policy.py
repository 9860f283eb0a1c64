"""Who must use a second factor, and what a signed-in user still owes."""

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

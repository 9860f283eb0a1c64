"""A user's authenticator app and recovery codes, kept as django-otp devices."""

import base64
import math

import segno
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

# The devices' names, kept in the database.
APP_NAME = "Autentiseringsapp"
RECOVERY_NAME = "Gjenopprettingskoder"
RECOVERY_CODE_COUNT = 10


def unconfirmed_app(user):
    """The app being set up: the same secret until it is confirmed, so a reload
    does not invalidate a code that was already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)
    return device


def secret_text(device):
    """The secret as authenticator apps take it by hand: base32 in groups of four."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device):
    """The app's configuration address as an inline SVG QR code."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, light="#fff", title=gettext("QR-kode for autentiseringsappen")
    )


def confirm_app(user, device, code):
    """Confirm ``device`` with its first code; it replaces any earlier app."""
    if not device.verify_token(code):
        return False
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    return True


@transaction.atomic
def new_recovery_codes(user):
    """Replace the user's recovery codes; the returned codes are never shown again."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=code) for code in codes
    )
    return codes


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def has_app(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def seconds_locked(*devices):
    """Seconds until django-otp lets these devices check a code again after recent
    failures (it waits 1, 2, 4 … seconds), or 0. A code typed in that pause would be
    turned down unchecked, so it is not counted as a failure."""
    now = timezone.now()
    waits = [0]
    for device in devices:
        allowed, details = device.verify_is_allowed()
        if not allowed and details and details.get("locked_until"):
            waits.append(math.ceil((details["locked_until"] - now).total_seconds()))
    return max(waits)


def user_devices(user, app_code):
    model = TOTPDevice if app_code else StaticDevice
    return list(model.objects.devices_for_user(user, confirmed=True))


def verify(user, code, app_code):
    """The device that accepts ``code`` (an app code or a recovery code), or None."""
    for device in user_devices(user, app_code):
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    return None

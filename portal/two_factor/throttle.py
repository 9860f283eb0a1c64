"""Limits on failed sign-in attempts, per account and per client.

Failed passwords and failed codes count alike. Once a limit is reached, further
attempts are refused before the password or code is looked at, until the window ends.
"""

from django.conf import settings

from portal.clients import client_ip
from portal.limits import Limit, minutes_text, retry_after


def _checks(request, username):
    account = Limit.from_setting("login-account", settings.LOGIN_LIMIT_PER_ACCOUNT)
    client = Limit.from_setting("login-client", settings.LOGIN_LIMIT_PER_CLIENT)
    # The same person may type «Kari» or «kari»; the limit holds for both.
    return [(account, username.strip().casefold()), (client, client_ip(request))]


def wait(request, username):
    """Seconds until ``username`` may try again from this client, or None."""
    return retry_after(_checks(request, username))


def record_failure(request, username):
    for limit, key in _checks(request, username):
        limit.hit(key)


def refusal(seconds):
    return (
        "For mange mislykkede innloggingsforsøk. "
        f"Vent {minutes_text(seconds)} og prøv igjen."
    )

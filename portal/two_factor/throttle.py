"""Limits on sign-in attempts, per account and per client, for every door alike.

Every password check goes through ``authenticate()``: the admin's sign-in, the
front end's (``/_util/login/``), the old password in the account settings, the
password asked again before an app is set up, and the API's basic authentication.
The first authentication backend (``portal.two_factor.backends``) reserves an attempt
before the password is looked at, in one atomic step per limit (``Limit.take``), and
refuses with ``PermissionDenied`` once a limit is used up; a right password gives its
attempt back, so only failures count. Fifteen wrong passwords at once against a limit
of five get five checks, never seven.

Django reports every failure with ``user_login_failed``, the refused ones included.
The receiver here counts a failure that did not pass the backend (another backend, or
code that reports failures itself), and leaves alone the attempts the backend has
already counted or refused. Failed codes of the second factor count in the same limits
(``reserve`` and ``give_back`` in the code views).
"""

from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.utils.translation import gettext

from portal.clients import client_ip
from portal.limits import Limit, minutes_text, retry_after, take_all

# The attempt that authenticate() is handling in this thread: the account's key and
# whether the backend counted it ("counted") or refused it ("refused").
_attempt = ContextVar("sign_in_attempt", default=None)
# Where the backend leaves the seconds to wait for the view that called authenticate().
REQUEST_ATTRIBUTE = "sign_in_retry_after"


def account_key(username):
    # The same person may type «Kari» or «kari»; the limit holds for both.
    return str(username).strip().casefold()


def _checks(request, username):
    checks = []
    if username is not None:
        account = Limit.from_setting("login-account", settings.LOGIN_LIMIT_PER_ACCOUNT)
        checks.append((account, account_key(username)))
    if request is not None:
        client = Limit.from_setting("login-client", settings.LOGIN_LIMIT_PER_CLIENT)
        checks.append((client, client_ip(request)))
    return checks


def wait(request, username):
    """Seconds until ``username`` may try again from this client, or None."""
    return retry_after(_checks(request, username))


def reserve(request, username):
    """Count one attempt for ``username`` from this client before it is checked.

    Returns None when the attempt may go on (and is counted), else the seconds to wait
    (and nothing is counted).
    """
    return take_all(_checks(request, username))


def give_back(request, username):
    """Undo a reservation: the password or code was right, successes do not count."""
    for limit, key in _checks(request, username):
        limit.give_back(key)


def record_failure(request, username):
    for limit, key in _checks(request, username):
        limit.hit(key)


def begin(request, username, state):
    """Note how the backend handled this attempt, for the receiver and the view."""
    _attempt.set((account_key(username), state))
    if request is not None:
        setattr(request, REQUEST_ATTRIBUTE, None)


def refuse(request, username, seconds):
    begin(request, username, "refused")
    if request is not None:
        setattr(request, REQUEST_ATTRIBUTE, seconds)


def refused(request):
    """Seconds to wait when the last attempt in ``request`` was refused, else None."""
    return getattr(request, REQUEST_ATTRIBUTE, None)


def settle():
    """The password was right: nothing is left for the receiver to do."""
    _attempt.set(None)


@receiver(user_login_failed, dispatch_uid="portal_count_failed_sign_in")
def count_failure(sender, credentials, request=None, **kwargs):
    username = credentials.get(get_user_model().USERNAME_FIELD)
    username = credentials.get("username", username)
    attempt = _attempt.get()
    _attempt.set(None)
    if attempt is not None and username is not None:
        handled = attempt[0] == account_key(username)
        if handled:
            return  # counted when reserved, or refused unchecked
    record_failure(request, username)


def check_password(request, user, password):
    """None when ``password`` is ``user``'s, else the reason why not.

    Asks ``authenticate()``, not ``user.check_password()``, so the check counts in the
    same limits and a failure is reported with ``user_login_failed``.
    """
    signed_in = authenticate(request, username=user.get_username(), password=password)
    if signed_in is not None and signed_in.pk == user.pk:
        return None
    seconds = refused(request)
    return refusal(seconds) if seconds else gettext("Passordet stemmer ikke.")


def refusal(seconds):
    return gettext(
        "For mange mislykkede innloggingsforsøk. Vent %(wait)s og prøv igjen."
    ) % {"wait": minutes_text(seconds)}

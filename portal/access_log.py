"""Logs without the keys that some addresses carry.

A participant's registration, cancellation and calendar file (``/pamelding/<token>/``),
the evaluation and follow-up forms, the link that stops e-mails, and the admin's
password reset link each carry a token: whoever holds it acts as that person. Tokens
must not end up in logs that operations staff read and keep, so gunicorn's access log
(every field: the request line, the path, the query, headers such as Referer) and the
application's own log lines (Django's «Not Found: /pamelding/…») have them replaced.

``TOKENED_PATHS`` is the one list of such addresses, ``*`` standing for a secret path
segment; a test walks the URL configuration and fails when an address with a token
parameter is missing from it.
"""

import logging
import re
from urllib.parse import unquote

from gunicorn.glogging import Logger

TOKENED_PATHS = (
    "/pamelding/gruppe/*",  # a coordinator's group (before the one below)
    "/pamelding/*",  # registration page, /avmeld/, kalender.ics, kursbevis.pdf
    "/evaluering/*",
    "/oppfolging/*",
    "/ingen-flere-eposter/*",
    "/varsler/*",  # a subscriber's alerts, /bekreft/, /avmeld/
    "/admin/password_reset/confirm/*/*",  # <uidb64>/<token>/
)
HIDDEN = "[skjult]"

# A segment ends where a path, a query, a fragment, a log field or a quote does.
_SEGMENT = r"[^/?#&\s\"']+"
_TOKENS = re.compile(
    "|".join(
        "".join(
            f"({_SEGMENT})" if part == "*" else re.escape(part)
            for part in re.split(r"(\*)", tokened)
        )
        for tokened in TOKENED_PATHS
    )
)


def _hide(match):
    text, start = [], match.start()
    for index in range(1, (match.lastindex or 0) + 1):
        if match.group(index) is None:
            continue
        text.append(match.string[start : match.start(index)] + HIDDEN)
        start = match.end(index)
    return "".join(text) + match.string[start : match.end()]


def redact(value):
    """``value`` with every token of ``TOKENED_PATHS`` replaced; non-text as it is."""
    if not isinstance(value, str):
        return value
    if "%" in value and _TOKENS.search(unquote(value)):
        # An encoded address (/pameld%69ng/…) reaches the same view: log it decoded.
        value = unquote(value)
    return _TOKENS.sub(_hide, value)


class AccessLogger(Logger):
    """gunicorn's logger (``logger_class`` in ``config.gunicorn``), fields redacted."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {name: redact(value) for name, value in atoms.items()}


class RedactFilter(logging.Filter):
    """A logging filter (``LOGGING`` in the settings) that redacts each message."""

    def filter(self, record):
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True

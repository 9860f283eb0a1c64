"""What the public registration pages may cost: the e-mails they send.

Each e-mail counts against its recipient's address, its gathering and the client that
asked for it (``portal.clients.client_ip``), in the shared cache. A request is refused
before it books or sends anything when one of these is used up; it is counted only once
an e-mail is actually owed, so an invalid form or a refused booking costs nothing. The
ceiling per client is generous on purpose: a town hall's staff share one address.
"""

from django.conf import settings
from django.shortcuts import render

from portal.clients import client_ip
from portal.limits import Limit, minutes_text, retry_after


def _limit(name, setting):
    return Limit.from_setting(name, getattr(settings, setting))


def email_costs(request, *, recipient=None, gathering=None):
    """The ``(limit, key)`` pairs one e-mail from this request counts against."""
    costs = [
        (
            _limit("registration-client", "REGISTRATION_LIMIT_PER_CLIENT"),
            client_ip(request),
        )
    ]
    if recipient:
        costs.append(
            (
                _limit("registration-recipient", "REGISTRATION_LIMIT_PER_RECIPIENT"),
                recipient.strip().lower(),
            )
        )
    if gathering is not None:
        costs.append(
            (
                _limit("registration-gathering", "REGISTRATION_LIMIT_PER_GATHERING"),
                gathering.pk,
            )
        )
    return costs


def wait(costs):
    """Seconds until every limit in ``costs`` allows one more, or None for now."""
    return retry_after(costs)


def spend(costs):
    """Count one e-mail against every limit in ``costs``."""
    for limit, key in costs:
        limit.hit(key)


def too_many_requests(request, seconds):
    """429 with ``Retry-After`` and a bokmål page saying when to try again."""
    response = render(
        request,
        "events/too_many_requests.html",
        {"wait": minutes_text(seconds)},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "private, no-store"
    return response

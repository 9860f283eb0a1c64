"""What the public registration pages may cost: the e-mails they send and the seats
they hold.

Each e-mail counts against its recipient's address, its gathering and the client that
asked for it (``portal.clients.client_ip``), in the shared cache, in sliding windows.
A request takes one of each in one step before it books or sends anything
(``portal.limits.take_all``: all or none, so parallel requests never get past a limit),
and gives them back when no e-mail goes out after all (a refused booking); an invalid
form takes nothing. The ceiling per client is generous on purpose: a town hall's staff
share one address.

Seats held unconfirmed are limited per client and gathering (``may_hold``): past the
limit a registration waits for its confirmation without taking a seat meanwhile.
"""

from django.conf import settings

from portal.clients import client_ip
from portal.limits import Limit, take_all, too_many_requests  # noqa: F401


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


def take(costs):
    """Count one e-mail against every limit in ``costs``, or none of them.

    Returns None when counted, else the seconds to wait.
    """
    return take_all(costs)


def give_back(costs):
    """Undo ``take``: the e-mail was not sent after all."""
    for limit, key in costs:
        limit.give_back(key)


def hit(costs):
    """Count one e-mail against every limit in ``costs``, allowed or not."""
    for limit, key in costs:
        limit.hit(key)


def may_hold(request, gathering):
    """Whether this client may hold one more seat unconfirmed on ``gathering``; counts
    it if so. ``give_back_hold`` undoes it when no seat was held after all."""
    return _holds().take((client_ip(request), gathering.pk)) is None


def give_back_hold(request, gathering):
    _holds().give_back((client_ip(request), gathering.pk))


def _holds():
    return _limit("registration-holds", "REGISTRATION_LIMIT_HOLDS_PER_CLIENT")

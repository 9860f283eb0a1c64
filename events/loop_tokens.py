"""The learning loop's links and deadlines, which its e-mails (``events.notifications``)
and forms (``events.loop``) share."""

import datetime

from django.conf import settings
from django.core import signing

from events.models import InvitationKind

SALT = "events.loop"
OPT_OUT_SALT = "events.loop.no-more-email"


def setting_days(name):
    return datetime.timedelta(days=getattr(settings, name))


def closes_at(gathering, kind):
    """When answers to a gathering's evaluation or follow-up are no longer taken."""
    if kind == InvitationKind.EVALUATION:
        return gathering.end + setting_days("EVALUATION_OPEN_DAYS")
    return (
        gathering.end
        + setting_days("FOLLOWUP_AFTER_DAYS")
        + setting_days("FOLLOWUP_OPEN_DAYS")
    )


def token(invitation):
    return signing.dumps(invitation.pk, salt=f"{SALT}.{invitation.kind}")


def opt_out_token(registration):
    return signing.dumps(registration.pk, salt=OPT_OUT_SALT)

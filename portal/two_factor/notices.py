"""The e-mail that tells a person an authenticator app was added to their account.

Whoever knows a password can set up an app for an account that has none yet, and
would then hold both factors. The owner hears of it at once, at the account's own
address, with when and from which address it happened and what to do if it was not
them. The e-mail holds no secret (no key, no code); it goes through the task framework
and Django's e-mail backend, like the portal's other e-mail.
"""

import datetime
import logging
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from wagtail.users.models import UserProfile

from portal.clients import client_ip

logger = logging.getLogger(__name__)

SUBJECT = _("En autentiseringsapp er lagt til på kontoen din")
BODY = _("""Hei {name}!

En autentiseringsapp ble lagt til som andre trinn for innlogging på kontoen din \
«{username}» i {site} {moment}, fra adressen {client}.

Var det deg, trenger du ikke gjøre noe.

Var det ikke deg, kjenner noen andre passordet ditt. Bytt passordet straks
({reset_url}), og si fra til en administrator for portalen, som kan fjerne appen og
se over kontoen.

Denne e-posten sendes automatisk og kan ikke besvares.
""")


def announce_app_added(request, user):
    """Queue the e-mail about the app ``user`` has just added, from ``request``."""
    send_app_added.enqueue(user.pk, timezone.now().isoformat(), client_ip(request))


@task()
def send_app_added(user_id, moment, client):
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or not user.email:
        logger.warning("No address to tell user %s of a new authenticator", user_id)
        return
    local = timezone.localtime(datetime.datetime.fromisoformat(moment))
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/"
    # In the person's own admin language (bokmål unless they chose nynorsk).
    with translation.override(UserProfile.get_for_user(user).get_preferred_language()):
        subject = str(SUBJECT)
        body = str(BODY).format(
            name=user.get_full_name() or user.get_username(),
            username=user.get_username(),
            site=settings.WAGTAIL_SITE_NAME,
            moment=local.strftime("%d.%m.%Y kl. %H:%M"),
            client=client,
            reset_url=urljoin(base_url, reverse("wagtailadmin_password_reset")),
        )
    EmailMessage(subject=subject, body=body, to=[user.email]).send()

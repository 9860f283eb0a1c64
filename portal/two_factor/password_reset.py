"""Resetting a forgotten admin password: queued, and held to limits.

Django's reset view looks the address up and sends the e-mail while the person waits,
so a known address answered in a tenth of a second and an unknown one at once: the
time told who has an account. Here the view only queues the address; the task looks
it up and sends the link (the task framework's database queue in production), so
every address gets the same answer in the same time.

Limits per address (``PASSWORD_RESET_LIMIT_PER_ADDRESS``) keep anyone from filling a
colleague's inbox, and per client (``PASSWORD_RESET_LIMIT_PER_CLIENT``) from trying
address after address. An address over its limit gets the same page as any other,
and nothing is sent; only a client over its limit is told to wait.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext
from django_tasks import task
from wagtail.admin.views import account

from portal.clients import client_ip
from portal.limits import Limit, minutes_text


def _address_limit():
    return Limit.from_setting(
        "password-reset-address", settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
    )


def _client_limit():
    return Limit.from_setting(
        "password-reset-client", settings.PASSWORD_RESET_LIMIT_PER_CLIENT
    )


class PasswordResetView(account.PasswordResetView):
    """Wagtail's «forgotten password» page, at its own address."""

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        seconds = _client_limit().take(client_ip(self.request))
        if seconds:
            form.add_error(
                None,
                ValidationError(
                    gettext(
                        "For mange forespørsler om nytt passord fra denne adressen. "
                        "Vent %(wait)s og prøv igjen."
                    )
                    % {"wait": minutes_text(seconds)},
                    code="throttled",
                ),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            response["Retry-After"] = str(seconds)
            return response
        if _address_limit().take(email.strip().casefold()) is None:
            send_reset_link.enqueue(email)
        return HttpResponseRedirect(self.get_success_url())


@task()
def send_reset_link(email):
    """Send the reset link to each active account with ``email``, if any."""
    form = account.get_password_reset_form()({"email": email})
    if not form.is_valid():
        return
    # The address comes from the settings, never from the request's Host header.
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    form.save(
        domain_override=base.netloc,
        use_https=base.scheme == "https",
        subject_template_name=account.PasswordResetView.subject_template_name,
        email_template_name=account.PasswordResetView.email_template_name,
    )

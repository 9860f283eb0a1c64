"""Retry the e-mails to participants that have not been sent yet."""

from django.core.management.base import BaseCommand

from events import notifications
from events.models import Notification


class Command(BaseCommand):
    help = (
        "Sends every unsent e-mail to participants again (a mail server that was down, "
        f"a lost task), up to {notifications.MAX_ATTEMPTS} attempts per e-mail. "
        "Run it every few minutes (cron or a scheduler), e.g. "
        "'*/5 * * * * manage.py send_notifications'."
    )

    def handle(self, *args, **options):
        sent, failed = notifications.send_pending()
        given_up = Notification.objects.filter(
            sent_at__isnull=True,
            attempts__gte=notifications.MAX_ATTEMPTS,
            registration__anonymised_at__isnull=True,
        ).count()
        line = f"E-mails sent: {sent}; failed again: {failed}; given up: {given_up}"
        style = self.style.WARNING if failed or given_up else self.style.SUCCESS
        self.stdout.write(style(line))

"""Retry the e-mails to participants that have not been sent yet."""

from django.core.management.base import BaseCommand, CommandError

from events import groups, notifications


class Command(BaseCommand):
    help = (
        "Sends the unsent e-mails to participants, and the links to group "
        "coordinators, whose next attempt is due (a mail server that was down, a lost "
        "task). After a failure the pause grows from "
        f"{notifications.FIRST_PAUSE} up to {notifications.LONGEST_PAUSE}; after "
        f"{notifications.RETRY_FOR} of failures an e-mail is given up. "
        "Exits with an error (non-zero) when this run gave up an e-mail; every "
        "given-up e-mail is logged at ERROR level and stays listed for the organisers "
        "in Påmeldinger, with «Send på nytt». Run it every few minutes (cron or a "
        "scheduler), e.g. '*/5 * * * * manage.py send_notifications'."
    )

    def handle(self, *args, **options):
        sent, failed, given_up = (
            sum(counts)
            for counts in zip(
                notifications.send_pending(), groups.send_pending_links(), strict=True
            )
        )
        line = f"E-mails sent: {sent}; failed again: {failed}; given up: {given_up}"
        if given_up:
            raise CommandError(
                f"{line}. Gave up {given_up} e-mail(s) after "
                f"{notifications.RETRY_FOR} of failures; see the log and Påmeldinger."
            )
        style = self.style.WARNING if failed else self.style.SUCCESS
        self.stdout.write(style(line))

"""Alerts by e-mail: make the digests that are due and send what is owed."""

from django.core.management.base import BaseCommand, CommandError

from portal import alerts, outbox


class Command(BaseCommand):
    help = (
        "Makes the alert digests that are due (immediate subscribers whenever there is "
        "news, weekly ones seven days after their last digest), sends every alert "
        "e-mail whose next attempt is due, and deletes the addresses never confirmed "
        "within ALERT_CONFIRM_DAYS. After a failure an e-mail is tried again with a "
        f"growing pause, from {outbox.FIRST_PAUSE} up to {outbox.LONGEST_PAUSE}; after "
        f"{outbox.RETRY_FOR} of failures it is given up and logged at ERROR level, and "
        "the command exits non-zero. Safe to run at any time and in parallel; run it "
        "every few minutes, e.g. '*/10 * * * * manage.py send_alerts'."
    )

    def handle(self, *args, **options):
        purged = alerts.purge()
        digests = alerts.make_digests()
        sent, failed, given_up = alerts.send_pending()
        line = (
            f"Digests made: {digests}; e-mails sent: {sent}; failed again: {failed}; "
            f"given up: {given_up}; unconfirmed addresses deleted: {purged}"
        )
        if given_up:
            raise CommandError(f"{line}. See the log.")
        style = self.style.WARNING if failed else self.style.SUCCESS
        self.stdout.write(style(line))

"""Queue the follow-up e-mail three months after a gathering."""

from django.core.management.base import BaseCommand

from events import loop


class Command(BaseCommand):
    help = (
        "Asks the participants from programme municipalities what they have tried at "
        "home, FOLLOWUP_AFTER_DAYS after a gathering, once. Safe to run daily and "
        "twice."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Follow-ups queued: {loop.send_followups()}")

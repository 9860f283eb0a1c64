"""Queue the evaluation e-mail for gatherings that ended yesterday or earlier."""

from django.core.management.base import BaseCommand

from events import loop


class Command(BaseCommand):
    help = (
        "Asks every participant who attended a gathering that has ended (or, when "
        "attendance was not marked, who was confirmed) for a short anonymous "
        "evaluation, once, while it is open (EVALUATION_OPEN_DAYS). Safe to run daily "
        "and twice."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Evaluations queued: {loop.send_evaluations()}")

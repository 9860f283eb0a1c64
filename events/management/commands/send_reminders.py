"""Queue the reminder e-mail for gatherings that start within their reminder days."""

from django.core.management.base import BaseCommand

from events import reminders


class Command(BaseCommand):
    help = (
        "Queues one reminder e-mail (with the calendar file) for every confirmed "
        "participant of a gathering that starts within its 'reminder days' and is not "
        "cancelled. Idempotent: nobody is reminded twice. Run it daily or hourly "
        "(cron or a scheduler)."
    )

    def handle(self, *args, **options):
        queued = reminders.queue_reminders()
        self.stdout.write(f"Reminders queued: {queued}")

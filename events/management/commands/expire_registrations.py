"""Expire registrations not confirmed in time, so their seats go to those waiting."""

from django.core.management.base import BaseCommand

from events import booking


class Command(BaseCommand):
    help = (
        "Ends the registrations nobody confirmed from the e-mail within "
        "REGISTRATION_CONFIRM_MINUTES, erases who they named, and gives their seats to "
        "the first confirmed people on the waiting list. Bookings do this for their "
        "own gathering too; this keeps the lists and seat counts tidy in between. "
        "Safe to run at any time; run it every few minutes beside send_notifications."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Unconfirmed registrations expired: {booking.expire_all()}")

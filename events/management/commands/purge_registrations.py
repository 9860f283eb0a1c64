"""Erase participants' personal data after gatherings; safe to run daily.

Dietary needs go as soon as a gathering has ended; name, e-mail, role and organisation
``--days`` days after the end (``REGISTRATION_RETENTION_DAYS`` by default). Status,
municipality and attendance stay for statistics. See ``events.retention``.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from events import retention


class Command(BaseCommand):
    help = (
        "Erases dietary needs of registrations for gatherings that have ended, and "
        "anonymises registrations a set number of days after the gathering. "
        "Idempotent; run it daily (cron or a scheduler)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.REGISTRATION_RETENTION_DAYS,
            help=(
                "Anonymise registrations this many days after the gathering's end "
                "(default: REGISTRATION_RETENTION_DAYS, now %(default)s)."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count what would be erased; change nothing.",
        )

    def handle(self, *args, days, dry_run, **options):
        if days < 0:
            raise CommandError("--days cannot be negative.")
        result = retention.purge(days=days, dry_run=dry_run)
        prefix = "Dry run, nothing changed. Would have: " if dry_run else ""
        self.stdout.write(
            f"{prefix}dietary needs erased: {result.dietary_erased}; "
            f"registrations anonymised (ended more than {days} days ago): "
            f"{result.anonymised}; unsent e-mails dropped: "
            f"{result.notifications_dropped}; follow-up contacts erased: "
            f"{result.followup_contacts_erased}; proposals' contacts erased: "
            f"{result.proposals_erased}; groups deleted: {result.groups_deleted}"
        )

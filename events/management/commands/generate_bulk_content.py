from django.core.management.base import BaseCommand, CommandError

from events import bulk
from portal.management.commands.load_demo_content import _quieter


class Command(BaseCommand):
    help = (
        "Tops the site up to N generated knowledge items (experience articles and good "
        "practices) on top of the demo content, with all municipalities, people, "
        "presentations and gatherings; --clear removes what it generated. Runs again "
        "without adding anything."
    )

    def add_arguments(self, parser):
        parser.add_argument("n", type=int, nargs="?", default=0, help="items (N)")
        parser.add_argument(
            "--clear", action="store_true", help="remove the generated content"
        )

    def handle(self, *args, n, clear, **options):
        verbosity = options["verbosity"]
        report = self.stdout.write if verbosity >= 1 else _silent
        # Deleting pages logs each one at INFO; only -v 2 shows them.
        with _quieter("wagtail", "django_tasks", enabled=verbosity < 2):
            if clear:
                bulk.clear(report=report)
            else:
                self.generate(n, report)

    def generate(self, n, report):
        if n < 1:
            raise CommandError("Oppgi N, antall elementer, for eksempel 1000.")
        try:
            created, timings = bulk.generate(n, report=report)
        except bulk.MissingDemoContent as error:
            raise CommandError(str(error)) from error
        pages = sum(created.values())
        for model, count in created.items():
            report(f"  {model._meta.verbose_name_plural}: {count}")
        report(f"{pages} sider opprettet på {timings.total:.1f} s.")


def _silent(message):
    pass

from django.core.management.base import BaseCommand
from django.db import transaction

from demo.loader import DemoLoader, quieter


class Command(BaseCommand):
    help = (
        "Fills the site with demo content in bokmål (pages, programme municipalities, "
        "people, target groups, programme goals, images). Safe to run again."
    )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        loader = DemoLoader(report=self.stdout.write if verbosity >= 2 else None)
        # Wagtail and the task runner log every page and index update at INFO; that
        # is hundreds of lines on a fresh database, so only -v 2 shows them.
        quiet = verbosity < 2
        with quieter("wagtail", "django_tasks", enabled=quiet), transaction.atomic():
            loader.run()
        if verbosity >= 1:
            self.stdout.write(
                f"Demo content: {loader.created} created, "
                f"{loader.present} already present"
            )

"""``make run``: set up what is missing, then serve the portal for development.

Migrating, loading the demo content and making sure of an admin were three start-ups
of manage.py before runserver's own two, and loading Django and Wagtail takes seconds
each time. Here they share the server's start-up (``demo.devserver`` starts it), and
skip what is done: ``migrate`` runs only when a migration is unapplied (otherwise only
the site's address is brought up to date, as ``migrate`` would), and the demo loader,
which looks everything up by a stable key, creates only what is missing (a few tenths
of a second when nothing is). A server restarted after a code change skips the setup.
"""

import os

from django.contrib.staticfiles.management.commands.runserver import (
    Command as RunserverCommand,
)
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import autoreload

from demo.devserver import SET_UP_ENV
from portal.site_root import configure_site


def migrations_pending(database=DEFAULT_DB_ALIAS):
    """Whether ``migrate`` has anything to apply."""
    executor = MigrationExecutor(connections[database])
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


class Command(RunserverCommand):
    help = (
        "Migrates when needed, loads the demo content, makes sure of an admin and "
        "serves the portal for development."
    )

    def handle(self, *args, **options):
        # Run by hand, this is the autoreloader's parent, whose server process then
        # skips the setup; started by demo.devserver, the first server sets up.
        restarted = os.environ.get(autoreload.DJANGO_AUTORELOAD_ENV) == "true"
        if not restarted or os.environ.get(SET_UP_ENV):
            self.set_up()
        super().handle(*args, **options)

    def set_up(self):
        if migrations_pending():
            call_command("migrate", interactive=False)
        else:
            configure_site()
        call_command("load_demo_content")
        call_command("ensure_admin")
        call_command("ensure_demo_accounts")
        connections.close_all()  # the server may run in another process

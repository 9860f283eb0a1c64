"""The test databases: migrated once into a template, copied for each test process.

Migrating the project's 270 migrations takes 35–50 s, and every test process (each
pytest-xdist worker, each run) did it again. Now the first process to need the database
migrates it into a template, and every process copies the template: PostgreSQL with
``CREATE DATABASE … TEMPLATE``, SQLite into an in-memory database of the process's own,
as before. Each takes about a second.

The template is named after a digest of what a migrated database depends on: the
migration files (the project's and the installed packages') and the project's own code,
which data migrations and ``post_migrate`` handlers run. A change to either builds a new
template, and the old ones are dropped; an unchanged checkout reuses it from run to run.
Processes agree on who builds it through a lock file in ``tmp/``.
"""

import contextlib
import fcntl
import hashlib
import os
import sqlite3
import sys
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "tmp" / "test-databases"
PROJECT_CODE = ("config", "portal", "learning", "events", "demo")


def digest():
    """What the migrated database depends on, in twelve hexadecimal digits."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    files = {
        Path(sys.modules[migration.__module__].__file__)
        for migration in loader.disk_migrations.values()
    }
    for package in PROJECT_CODE:
        files.update((ROOT / package).rglob("*.py"))
    sha = hashlib.sha256()
    for path in sorted(files):
        sha.update(
            str(
                path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
            ).encode()
        )
        sha.update(path.read_bytes())
    return sha.hexdigest()[:12]


@contextlib.contextmanager
def exclusive(name="databases"):
    """One test process at a time on this machine, for ``name``."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    with open(FOLDER / f".{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def set_up(worker):
    """Give this process (``worker``: ``gw0``, ``main`` …) its copy of the migrated
    database, building the template first when there is none for this checkout;
    returns a function that removes the copy."""
    connection = connections["default"]
    key = digest()
    with exclusive():
        if connection.vendor == "postgresql":
            return _postgresql(connection, key, worker)
        return _sqlite(connection, key, worker)


def _point_at(connection, name):
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name


def _migrate_into(connection, name):
    """Migrate an empty database called ``name`` as Django's test runner does."""
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    connection.creation.create_test_db(
        verbosity=0, autoclobber=True, serialize=False, keepdb=False
    )
    connection.close()


def _sqlite(connection, key, worker):
    template = FOLDER / f"template-{key}.sqlite3"
    if not template.exists():
        for old in FOLDER.glob("template-*.sqlite3*"):
            old.unlink()
        building = FOLDER / f"building-{key}-{os.getpid()}.sqlite3"
        _migrate_into(connection, str(building))
        building.rename(template)
    # An in-memory database of this process's own, filled from the template.
    _point_at(connection, f"file:memorydb_{worker}?mode=memory&cache=shared")
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(template)) as source:
        source.backup(connection.connection)
    return connection.close


def _postgresql(connection, key, worker):
    base = connection.settings_dict["NAME"]
    template = f"test_{base}_template_{key}"
    copy = f"test_{base}_{worker}"
    creation = connection.creation
    with creation._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s",
            [f"test_{base}_template_%"],
        )
        templates = {name for (name,) in cursor.fetchall()}
    if template not in templates:
        with creation._nodb_cursor() as cursor:
            for old in templates:
                cursor.execute(f'DROP DATABASE IF EXISTS "{old}"')
        _migrate_into(connection, template)
    with creation._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        cursor.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{template}"')
    _point_at(connection, copy)

    def tear_down():
        connection.close()
        with creation._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{copy}"')

    return tear_down

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

The demo site (``manage.py load_demo_content``) takes seconds to build, and a dozen test
modules read it. It is built once into a second template, from the first, with its
images and documents in a folder beside it; a process that needs it switches to a copy
of its own (``use_demo``) and back (``use_main``). Its key adds the demo's data files
and the day it was built on, since the demo's gatherings are dated from that day.
"""

import contextlib
import fcntl
import hashlib
import os
import shutil
import sqlite3
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.test import override_settings
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "tmp" / "test-databases"
PROJECT_CODE = ("config", "portal", "learning", "events", "demo")


def demo_digest(key):
    """What the demo database depends on: the migrated one (``key``), the demo's
    data files and today's date."""
    sha = hashlib.sha256(key.encode())
    for path in sorted((ROOT / "demo").rglob("*")):
        if path.is_file() and path.suffix != ".pyc":
            sha.update(str(path.relative_to(ROOT)).encode())
            sha.update(path.read_bytes())
    sha.update(timezone.localdate().isoformat().encode())
    return sha.hexdigest()[:12]


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
def exclusive(name):
    """One test process at a time on this machine, for ``name``."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    with open(FOLDER / f".{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


# This process's databases: its copy of the migrated template, and of the demo's
# once it needed the demo.
_state = {}


def set_up(worker):
    """Give this process (``worker``: ``gw0``, ``main`` …) its copy of the migrated
    database, building the template first when there is none for this checkout;
    returns a function that removes its copies."""
    connection = connections["default"]
    key = digest()
    _state.update(worker=worker, key=key, base=connection.settings_dict["NAME"])
    with exclusive(connection.vendor):
        if connection.vendor == "postgresql":
            _state["template"] = _postgresql_template(connection, key)
            _state["main"] = _postgresql_copy(
                connection, _state["template"], f"test_{_state['base']}_{worker}"
            )
        else:
            _state["template"] = _sqlite_template(connection, key)
            _state["main"] = _sqlite_copy(_state["template"], f"memorydb_{worker}")
            _point_at(connection, _state["main"])
    return _tear_down


def prepare():
    """Build the migrated template for this checkout, if there is none yet."""
    connection = connections["default"]
    with exclusive(connection.vendor):
        if connection.vendor == "postgresql":
            _postgresql_template(connection, digest())
        else:
            _sqlite_template(connection, digest())


def use_demo():
    """Switch this process to its copy of the demo database, made (and the demo
    template built) on first use; returns the folder of the demo's media."""
    connection = connections["default"]
    if "demo" not in _state:
        with exclusive(connection.vendor):
            if connection.vendor == "postgresql":
                _state["demo"], _state["demo_media"] = _postgresql_demo(connection)
            else:
                _state["demo"], _state["demo_media"] = _sqlite_demo(connection)
    _point_at(connection, _state["demo"])
    return _state["demo_media"]


def use_main():
    """Switch this process back to its copy of the migrated database."""
    _point_at(connections["default"], _state["main"])


def use_fresh(label):
    """Switch this process to a fresh copy of the migrated database of its own, named
    after ``label``, for a module that builds its content once for all its tests."""
    connection = connections["default"]
    copies = _state.setdefault("copies", set())
    if connection.vendor == "postgresql":
        copies.add(
            _postgresql_copy(
                connection,
                _state["template"],
                f"test_{_state['base']}_{_state['worker']}_{label}",
            )
        )
    else:
        name = _sqlite_copy(_state["template"], f"memorydb_{_state['worker']}_{label}")
        _point_at(connection, name)


def _tear_down():
    connection = connections["default"]
    _close(connection)
    if connection.vendor == "postgresql":
        with connection.creation._nodb_cursor() as cursor:
            for name in (_state["main"], _state.get("demo"), *_state.get("copies", ())):
                if name:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    for keeper in _state.pop("keepers", {}).values():
        keeper.close()


def _close(connection):
    """Close the connection, in-memory SQLite too (whose close() Django ignores: the
    process keeps its in-memory databases open in ``_keep``)."""
    BaseDatabaseWrapper.close(connection)


def _point_at(connection, name):
    _close(connection)
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name


def _keep(name):
    """Keep an in-memory SQLite database alive while Django's connection is elsewhere."""
    keepers = _state.setdefault("keepers", {})
    if name not in keepers:
        keepers[name] = sqlite3.connect(name, uri=True)
    return keepers[name]


def _load_demo(connection, name, media):
    """Load the demo site into the database ``name``, its media into ``media``; the
    folder appears only once the demo is complete."""
    building = media.with_name(f"{media.name}.building-{os.getpid()}")
    shutil.rmtree(media, ignore_errors=True)
    _point_at(connection, name)
    try:
        with override_settings(MEDIA_ROOT=str(building)):
            call_command("load_demo_content", verbosity=0)
    finally:
        _close(connection)
    building.rename(media)


def _migrate_into(connection, name):
    """Migrate an empty database called ``name`` as Django's test runner does."""
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    connection.creation.create_test_db(
        verbosity=0, autoclobber=True, serialize=False, keepdb=False
    )
    connection.close()


def _sqlite_template(connection, key):
    template = FOLDER / f"template-{key}.sqlite3"
    if not template.exists():
        for old in FOLDER.glob("template-*.sqlite3*"):
            old.unlink()
        building = FOLDER / f"building-{key}-{os.getpid()}.sqlite3"
        _migrate_into(connection, str(building))
        building.rename(template)
    return template


def _sqlite_copy(template, name):
    """An in-memory database of this process's own called ``name``, filled from
    ``template``; returns the name to connect to it by."""
    name = f"file:{name}?mode=memory&cache=shared"
    with contextlib.closing(sqlite3.connect(template)) as source:
        source.backup(_keep(name))
    return name


def _sqlite_demo(connection):
    key = demo_digest(_state["key"])
    template = FOLDER / f"demo-sqlite-{key}.sqlite3"
    media = FOLDER / f"demo-sqlite-{key}-media"
    if not (template.exists() and media.is_dir()):
        for old in FOLDER.glob("demo-sqlite-*"):
            shutil.rmtree(old) if old.is_dir() else old.unlink()
        building = FOLDER / f"building-demo-{key}-{os.getpid()}.sqlite3"
        shutil.copyfile(FOLDER / f"template-{_state['key']}.sqlite3", building)
        _load_demo(connection, str(building), media)
        building.rename(template)
    return _sqlite_copy(template, f"memorydb_{_state['worker']}_demo"), media


def _postgresql_template(connection, key):
    template = f"test_{connection.settings_dict['NAME']}_template_{key}"
    prefix = f"test_{connection.settings_dict['NAME']}_template_"
    if _replace_templates(connection, prefix, template):
        building = f"test_{connection.settings_dict['NAME']}_building_{key}"
        _migrate_into(connection, building)
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
    return template


def _postgresql_demo(connection):
    base, key, worker = _state["base"], _state["key"], _state["worker"]
    demo_key = demo_digest(key)
    template = f"test_{base}_demo_{demo_key}"
    media = FOLDER / f"demo-{base}-{demo_key}-media"
    _close(connection)
    # The media folder is this checkout's; a template without it (another checkout's
    # on the same server) is built again.
    if _replace_templates(
        connection, f"test_{base}_demo_", template if media.is_dir() else None
    ):
        for old in FOLDER.glob(f"demo-{base}-*-media"):
            shutil.rmtree(old)
        # Built under another name and renamed when complete, so that a build that
        # fails leaves no template behind.
        building = f"test_{base}_building_demo_{demo_key}"
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{building}"')
            cursor.execute(
                f'CREATE DATABASE "{building}" TEMPLATE "test_{base}_template_{key}"'
            )
        _load_demo(connection, building, media)
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
    return _postgresql_copy(connection, template, f"test_{base}_{worker}_demo"), media


def _replace_templates(connection, prefix, template):
    """True when ``template`` is missing (or None): the templates named ``prefix…``
    are then outdated, and dropped."""
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{prefix}%"]
        )
        templates = {name for (name,) in cursor.fetchall()}
        if template in templates:
            return False
        for old in templates:
            cursor.execute(f'DROP DATABASE IF EXISTS "{old}"')
    return True


def _postgresql_copy(connection, template, copy):
    """A fresh copy of ``template`` called ``copy``, which the connection points at."""
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        cursor.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{template}"')
    _point_at(connection, copy)
    return copy


if __name__ == "__main__":
    # python -m tests.databases: build the migrated template for DATABASE_URL (or
    # SQLite) ahead of a run, so that CI builds both at once.
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    prepare()

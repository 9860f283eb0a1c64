import datetime
import os
import shutil
import socket
import uuid
import zoneinfo

import pytest
import time_machine
from django.test import override_settings

from portal.site_root import ensure_home_page
from tests.factories import MunicipalityIndexPageFactory

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def _clock_changes(after, until):
    """The moments (UTC) at which Oslo's clocks change between ``after`` and ``until``."""
    changes = []
    moment = after.replace(minute=0, second=0, microsecond=0)
    offset = moment.astimezone(OSLO).utcoffset()
    while moment < until:
        moment += datetime.timedelta(hours=1)
        new_offset = moment.astimezone(OSLO).utcoffset()
        if new_offset != offset:
            changes.append((moment, new_offset > offset))
            offset = new_offset
    return changes


def test_clock(value, now=None):
    """The moment a ``TEST_CLOCK`` value names, as an aware UTC datetime.

    ``night`` is the coming 02:30 in Oslo; ``spring-forward`` and ``fall-back`` are half
    an hour before the next change to and from summer time (so the suite runs across
    it); anything else is an ISO 8601 moment with its offset.
    """
    now = now or datetime.datetime.now(datetime.UTC)
    if value == "night":
        local = now.astimezone(OSLO)
        night = datetime.datetime.combine(
            local.date(), datetime.time(2, 30), tzinfo=OSLO
        )
        if night <= local:
            night = datetime.datetime.combine(
                local.date() + datetime.timedelta(days=1),
                datetime.time(2, 30),
                tzinfo=OSLO,
            )
        return night.astimezone(datetime.UTC)
    if value in ("spring-forward", "fall-back"):
        forward = value == "spring-forward"
        for moment, to_summer in _clock_changes(
            now, now + datetime.timedelta(days=400)
        ):
            if to_summer == forward:
                return moment - datetime.timedelta(minutes=30)
        raise ValueError(f"No change of clocks found for {value}")
    moment = datetime.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("TEST_CLOCK needs an offset, e.g. 2027-03-28T01:30+01:00")
    return moment.astimezone(datetime.UTC)


test_clock.__test__ = False  # a helper, not a test


@pytest.fixture(autouse=True, scope="session")
def session_clock():
    """Run the whole suite at the moment ``TEST_CLOCK`` names, the clock ticking on.

    CI runs the suite at night and across the changes to and from summer time, so a
    test that quietly depends on the hour of day fails there, not at 02:30 one night.
    Tests that need an exact moment still freeze it themselves.
    """
    value = os.environ.get("TEST_CLOCK")
    if not value:
        yield None
        return
    moment = test_clock(value)
    with time_machine.travel(moment, tick=True):
        yield moment


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker):
    """This process's test database: a copy of the migrated template
    (tests/databases.py), so that no process migrates when a template exists."""
    from tests import databases

    worker = getattr(request.config, "workerinput", {}).get("workerid", "main")
    with django_db_blocker.unblock():
        tear_down = databases.set_up(worker)
    yield
    with django_db_blocker.unblock():
        tear_down()


# Emptied after a live server's test, but left as they are: what ``post_migrate`` would
# only write again, row for row (all content types and their permissions).
KEPT_BY_FLUSH = {"django_content_type", "auth_permission"}


@pytest.fixture(autouse=True, scope="session")
def quick_flush(django_db_setup):
    """Empty the database quickly after a live server's test (Django's ``flush``).

    It leaves the content types and permissions in place, so ``post_migrate`` finds them
    and has nothing to write (0.4 s a test otherwise), and on PostgreSQL it deletes
    rather than truncates: truncating the 113 tables takes 0.6 s, deleting their few
    rows 15 ms. Django's foreign keys are deferred to the commit, so the order does not
    matter. The operations' class is patched, not one connection: once Playwright runs
    its event loop in this thread, Django gives the thread a new connection.
    """
    from django.db import connection

    operations = type(connection.ops)
    original = operations.sql_flush

    def sql_flush(ops, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences:
            return original(
                ops, style, tables, reset_sequences=True, allow_cascade=allow_cascade
            )
        tables = [table for table in tables if table not in KEPT_BY_FLUSH]
        if ops.connection.vendor != "postgresql":
            return original(ops, style, tables, allow_cascade=allow_cascade)
        return [f"DELETE FROM {ops.quote_name(table)};" for table in tables]

    operations.sql_flush = sql_flush
    yield
    operations.sql_flush = original


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in bokmål: Django's LocaleMiddleware activates a request's
    language (nynorsk below /nn/) and leaves it active in the thread afterwards, where
    the next test's addresses and texts would follow it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: limits count there (so no test inherits
    another's e-mails or failed sign-ins), and Wagtail keeps site roots there."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def media_root(tmp_path_factory):
    """Uploaded and generated images go to a temporary folder, not the project."""
    from django.conf import settings

    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
    return settings.MEDIA_ROOT


@pytest.fixture
def free_port():
    """A port on this machine where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def home_page(db):
    """The site's HomePage (rebuilt if a live server's flush removed it)."""
    return ensure_home_page()


@pytest.fixture
def municipality_index(home_page):
    return MunicipalityIndexPageFactory(parent=home_page)


@pytest.fixture(scope="session")
def demo_media(tmp_path_factory):
    """This process's copy of the demo's images and documents, made on first use."""
    return tmp_path_factory.mktemp("demo") / "media"


@pytest.fixture(scope="module")
def demo_site(request, django_db_setup, django_db_blocker, demo_media):
    """The demo site, as `make run` builds it, for a module's tests.

    The process switches to its copy of the demo database (tests/databases.py: built
    once, copied in a second) for the module and back after it. Each test still runs
    in a transaction of its own (``db``). Only for modules whose every database test
    uses ``demo_once``: a test without it would see the demo too. Yields the folder of
    its images and documents.
    """
    from tests import databases

    try:
        with django_db_blocker.unblock():
            source = databases.use_demo()
        if not demo_media.exists():
            shutil.copytree(source, demo_media)
        with override_settings(MEDIA_ROOT=str(demo_media)):
            yield demo_media
    finally:
        with django_db_blocker.unblock():
            databases.use_main()


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker):
    """A transaction around a module's tests, rolled back after the last of them.

    What a module-scoped fixture builds inside it is there for every test, and each
    test runs in a savepoint of its own (``db``), as with Django's ``setUpTestData``.
    Only for modules whose tests all use ``db`` and leave the shared objects as they
    found them (a live server's test would commit and empty the database).
    """
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo_once(demo_site, db, settings):
    """The demo site of the module (``demo_site``)."""
    settings.MEDIA_ROOT = str(demo_site)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgresql`` run only when the suite runs on PostgreSQL; with
    ``--dist loadgroup`` every test of an ``xdist_group`` carries its group.

    pytest-xdist groups by appending ``@group`` to a test's node id; where pytest
    ignores that (9.2), each process would build a module's shared content of its own,
    silently. Then the run stops instead.
    """
    from django.db import connection

    if getattr(config.option, "loadgroup", False):
        ungrouped = [
            item.nodeid
            for item in items
            if item.get_closest_marker("xdist_group") and "@" not in item.nodeid
        ]
        if ungrouped:
            raise pytest.UsageError(
                "--dist loadgroup did not group " + ungrouped[0] + " (pytest-xdist and"
                " pytest versions that do not work together; see pyproject.toml)"
            )
    # Groups are handed out before single tests, so a grouped test that empties the
    # database (a live server's, or one marked transaction=True) would leave the tests
    # after it in its process without what migrations made.
    for item in items:
        marker = item.get_closest_marker("django_db")
        fixtures = getattr(item, "fixturenames", ())
        if item.get_closest_marker("xdist_group") and (
            (marker and marker.kwargs.get("transaction"))
            or "transactional_db" in fixtures
            or "live_server" in fixtures
        ):
            raise pytest.UsageError(
                f"{item.nodeid} empties the database and may not be in an xdist_group"
            )
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://…)")
    for item in items:
        if "postgresql" in item.keywords:
            item.add_marker(skip)


# --- Hypothesis profiles -------------------------------------------------------------
# "ci" (the default) keeps the property-based tests to a few dozen examples each, the
# same ones every run, so both databases finish them in well under a minute. "dev"
# explores far more, with fresh examples each run: HYPOTHESIS_PROFILE=dev pytest …
# Neither keeps an example database on disk; a failure prints how to reproduce it.


def _register_hypothesis_profiles():
    from hypothesis import HealthCheck, settings

    common = {
        "deadline": None,
        "database": None,
        "print_blob": True,
        # The site is built once per module; the client and the test's transaction
        # are meant to be shared by a test's examples.
        "suppress_health_check": [
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
        ],
    }
    settings.register_profile("ci", max_examples=30, derandomize=True, **common)
    settings.register_profile("dev", max_examples=500, **common)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


_register_hypothesis_profiles()


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture
def redis_cache(settings):
    """Django's RedisCache on a database and key prefix of this test's own.

    Without the ``redis`` package or a server the test is skipped; with
    ``REQUIRE_REDIS=1`` it fails instead.
    """
    required = os.environ.get("REQUIRE_REDIS", "") not in ("", "0")
    give_up = pytest.fail if required else pytest.skip
    try:
        import redis
    except ImportError:
        give_up("needs the redis package (Django's RedisCache)")
    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
    except redis.ConnectionError:
        give_up(f"needs a Redis server at {REDIS_URL}")
    prefix = f"test-limits-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield server
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)

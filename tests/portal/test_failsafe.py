"""The portal fails safe: entry points never start in DEBUG by default, and a database
that is down or stuck gives visitors a bokmål 503 page with Retry-After, not a hung
request or a 500 page.

The outages run in a subprocess with its own settings from the environment, as a server
would read them; the test process keeps its own database connection.
"""

import json
import os
import socket
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection

from portal.middleware import server_error
from tests.portal.processes import database_url

SECRETS = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")
GOOD_ENV = {
    "SECRET_KEY": "k" * 20 + "-production-secret-with-enough-length-0123456789",
    "ALLOWED_HOSTS": "portal.example.no",
    "DATABASE_URL": "sqlite:///:memory:",
}


def run_python(*args, **env):
    """Run the project's Python without DJANGO_SETTINGS_MODULE or secrets, plus ``env``."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in (*SECRETS, "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
        and not key.startswith("DATABASE_")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


# Entry points -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["-c", "import config.wsgi"],
        ["-c", "import config.asgi"],
        ["manage.py", "check"],
    ],
    ids=["wsgi", "asgi", "manage.py"],
)
def test_entry_point_without_settings_module_refuses_to_start_without_secrets(
    command,
):
    result = run_python(*command)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Production settings need these environment variables" in result.stderr


@pytest.mark.parametrize("module", ["config.wsgi", "config.asgi"])
def test_entry_point_without_settings_module_starts_production(module):
    result = run_python(
        "-c",
        f"import {module}; from django.conf import settings; "
        "print(settings.SETTINGS_MODULE, settings.DEBUG)",
        **GOOD_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["config.settings.production", "False"]


# Database timeouts --------------------------------------------------------------------


def test_the_database_connection_has_its_timeouts(db):
    if connection.vendor == "postgresql":
        assert (
            connection.get_connection_params()["connect_timeout"]
            == settings.DATABASE_CONNECT_TIMEOUT
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setting FROM pg_settings WHERE name = 'statement_timeout'"
            )
            milliseconds = int(cursor.fetchone()[0])
        assert milliseconds == round(settings.DATABASE_STATEMENT_TIMEOUT * 1000)
        assert milliseconds > 0
    else:
        assert (
            connection.settings_dict["OPTIONS"]["timeout"]
            == settings.DATABASE_STATEMENT_TIMEOUT
        )


# A visit while the database is down or stuck ---------------------------------------

VISIT = """
import json, os, time
import django
django.setup()
from django.test import Client
started = time.monotonic()
response = Client(raise_request_exception=False).get(os.environ.get("VISIT_PATH", "/"))
print(json.dumps({
    "status": response.status_code,
    "retry_after": response.get("Retry-After"),
    "cache_control": response.get("Cache-Control", ""),
    "content": response.content.decode(),
    "seconds": round(time.monotonic() - started, 2),
}))
"""


def visit_home_page(**env):
    """GET / in a fresh process with the test settings and ``env``."""
    result = run_python(
        "-c", VISIT, DJANGO_SETTINGS_MODULE="config.settings.test", **env
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def assert_unavailable_page(visit):
    assert visit["status"] == 503
    assert int(visit["retry_after"]) > 0
    assert "no-store" in visit["cache_control"]
    content = visit["content"]
    assert '<html lang="nb"' in content
    assert "Portalen er midlertidig utilgjengelig" in content
    for leak in ("Error", "Traceback", "timeout", "statement", "127.0.0.1", "psycopg"):
        assert leak not in content


def test_database_refusing_connections_gives_503(free_port):
    visit = visit_home_page(
        DATABASE_URL=f"postgres://portal@127.0.0.1:{free_port}/portal"
    )
    assert_unavailable_page(visit)


def test_database_that_never_answers_gives_503_after_the_connect_timeout():
    """A server that accepts the connection and then says nothing (a hung database, a
    black-holed address): without a connect timeout the request would wait forever."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        visit = visit_home_page(
            DATABASE_URL=f"postgres://portal@127.0.0.1:{port}/portal",
            DATABASE_CONNECT_TIMEOUT="2",
        )
    assert_unavailable_page(visit)


@pytest.mark.postgresql
def test_statement_past_the_statement_timeout_gives_503(db, home_page):
    """The site table is locked (as by a long migration), so the page's first query
    waits; the statement timeout cancels it."""
    with connection.cursor() as cursor:
        cursor.execute("LOCK TABLE wagtailcore_site IN ACCESS EXCLUSIVE MODE")
    visit = visit_home_page(
        DATABASE_URL=database_url(), DATABASE_STATEMENT_TIMEOUT="0.5"
    )
    assert_unavailable_page(visit)


@pytest.mark.parametrize(
    ("error", "status"),
    [(OperationalError, 503), (InterfaceError, 503), (KeyError, 500)],
)
def test_an_error_outside_the_views_still_answers_in_bokmal(rf, error, status):
    # Django calls handler500 while the exception is being handled, e.g. when the
    # session middleware cannot save to a database that went away.
    try:
        raise error("connection lost")
    except error:
        response = server_error(rf.get("/"))

    assert response.status_code == status
    text = response.content.decode()
    assert "connection lost" not in text
    if status == 503:
        assert response["Retry-After"] == "60"
    else:
        assert "Noe gikk galt hos oss" in text


# The health endpoint for a load balancer --------------------------------------------


def test_health_is_ok_when_the_database_and_cache_answer(client, db):
    response = client.get("/helse/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_health_is_503_without_details_when_the_database_refuses(free_port):
    visit = visit_home_page(
        DATABASE_URL=f"postgres://portal@127.0.0.1:{free_port}/portal",
        VISIT_PATH="/helse/",
    )
    assert visit["status"] == 503
    assert json.loads(visit["content"]) == {"status": "unavailable"}


@pytest.fixture
def redis_away(settings, free_port):
    """The portal's Redis cache, pointed at a port where nothing answers."""
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port}/0",
        }
    }


def test_health_is_503_when_the_shared_cache_is_unreachable(client, db, redis_away):
    response = client.get("/helse/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def test_pages_are_built_from_the_database_while_the_cache_is_away(
    client, home_page, redis_away, caplog
):
    from tests.factories import StandardPageFactory

    StandardPageFactory(parent=home_page, title="Om programmet", slug="om")
    for path, heading in (("/", home_page.title), ("/om/", "Om programmet")):
        response = client.get(path)
        assert response.status_code == 200
        assert heading in response.content.decode()
    assert "Redis is unreachable" in caplog.text

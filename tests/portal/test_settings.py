"""The production settings fail fast without their secrets and pass Django's deploy check."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

GOOD_ENV = {
    "SECRET_KEY": "k" * 20 + "-production-secret-with-enough-length-0123456789",
    "ALLOWED_HOSTS": "portal.example.no",
    "DATABASE_URL": "sqlite:///:memory:",
}


def run_manage(*args, **env):
    return run_production(["manage.py", *args], **env)


def run_production(args, **env):
    """Python with ``args`` under the production settings and ``env``, in a process of
    its own."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings.production")
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without(missing):
    env = {key: value for key, value in GOOD_ENV.items() if key != missing}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


@pytest.mark.parametrize("weak", ["short", "dev-only-not-secret-0f4e8d7b2c" + "x" * 30])
def test_production_refuses_a_weak_secret_key(weak):
    result = run_manage("check", **{**GOOD_ENV, "SECRET_KEY": weak})
    assert result.returncode != 0
    assert "SECRET_KEY must be a long, random, real secret" in result.stderr


def test_production_passes_the_deploy_check_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **GOOD_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("proxies", "header"),
    [("0", "None"), ("1", "('HTTP_X_FORWARDED_PROTO', 'https')")],
)
def test_the_scheme_header_counts_only_behind_trusted_proxies(proxies, header):
    """Without a proxy, a visitor's own X-Forwarded-Proto would choose the scheme."""
    result = run_production(
        [
            "-c",
            "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)",
        ],
        **GOOD_ENV,
        TRUSTED_PROXY_COUNT=proxies,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == header


def test_locale_time_zone_and_tasks():
    assert settings.LANGUAGE_CODE == "nb"
    assert settings.TIME_ZONE == "Europe/Oslo"
    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
    assert settings.WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] == "norwegian"


def test_public_pages_send_security_headers(client, home_page):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_admin_pages_send_the_admin_policy(admin_client, home_page):
    csp = admin_client.get("/admin/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self' 'unsafe-inline'" in csp
    assert "script-src-attr 'none'" in csp
    assert "object-src 'none'" in csp
    assert "frame-ancestors 'self'" in csp  # the page preview panel frames admin pages


def test_the_login_page_sends_the_admin_policy(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]


def test_gunicorns_master_freezes_what_it_loaded_before_forking():
    """``when_ready`` (before the first fork) keeps the loaded application out of the
    collector's generations: full collections in the workers no longer scan it."""
    import gc

    from config import gunicorn as gunicorn_settings
    from config.wsgi import application

    def tracked(thing):
        return any(found is thing for found in gc.get_objects())

    assert tracked(application)
    try:
        gunicorn_settings.when_ready(server=None)
        assert gc.get_freeze_count() > 0
        assert not tracked(application)
    finally:
        gc.unfreeze()

"""Production: refuses to start without its secrets; HTTPS, whitenoise, database tasks.

Required environment: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL. Tasks (search-index updates,
e-mail) go to the database; run the worker beside the web servers:
``python manage.py db_worker``. The cache is Redis with REDIS_URL, else the database.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

_missing = [
    name
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")
    if not os.environ.get(name)
]
if _missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: " + ", ".join(_missing)
    )
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(("dev-", "test-", "django-insecure")):  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be a long, random, real secret.")

DEBUG = False
# The public address: PORTAL_BASE_URL, or https:// and the first allowed host name.
PORTAL_BASE_URL = PORTAL_BASE_URL or f"https://{ALLOWED_HOSTS[0].lstrip('.')}"  # noqa: F405
if not os.environ.get("WAGTAILADMIN_BASE_URL"):
    WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}
if not REDIS_URL:  # noqa: F405
    # Every worker and server must see the same limits and the same page-cache
    # generation; without Redis the database they share holds them. ``migrate``
    # creates the table (portal.apps).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,  # noqa: F405
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# The scheme a TLS proxy saw counts only when proxies are configured: without one, a
# visitor's own X-Forwarded-Proto would decide it (and what cached answers link to).
if TRUSTED_PROXY_COUNT > 0:  # noqa: F405
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
# A load balancer may probe the health endpoint over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^helse/$"]
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365))
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")  # noqa: F405

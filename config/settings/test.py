"""The test suite: fast hashing, mail kept in memory, tasks run at once."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret-7a1c9e3d5b"
# The demo site (manage.py load_demo_content), never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Serve static files straight from their sources; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
REGISTRATION_MIN_FILL_SECONDS = 0
# Each test process has its own cache, whatever REDIS_URL says (tests empty it), and
# pages are rendered every time; the page cache's own tests turn it on.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAGE_CACHE_SECONDS = 0
# Admin tests log in with force_login(); the second factor's own tests turn it on.
ADMIN_REQUIRE_SECOND_FACTOR = False
# Property tests send hundreds of API requests from one client; the limit's own test
# sets it low.
API_LIMIT_PER_CLIENT = (10**6, 60)
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    # A test database is thrown away: a commit need not wait for the disk (a third of
    # the time of each of the live server's and the builders' many small commits).
    _options = DATABASES["default"]["OPTIONS"]  # noqa: F405
    _options["options"] = f"{_options.get('options', '')} -c synchronous_commit=off"

"""Local development: debug on, e-mail to the console, tasks run at once."""

import os

from .base import *  # noqa: F403

DEBUG = True
# The demo site (manage.py load_demo_content), never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-0f4e8d7b2c")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"] + env_list("ALLOWED_HOSTS")  # noqa: F405
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# A changed template shows at once; PAGE_CACHE_SECONDS=120 tries the page cache here.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS") or 0)
# Serve static files straight from their sources; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Trying the portal out locally should not need an authenticator app; production always
# asks for the second factor. ADMIN_REQUIRE_SECOND_FACTOR=1 tries it here.
ADMIN_REQUIRE_SECOND_FACTOR = os.environ.get("ADMIN_REQUIRE_SECOND_FACTOR", "") == "1"

"""Settings shared by every environment.

Configuration comes from environment variables; ``DATABASE_URL`` picks the database and
its absence means the embedded SQLite file in the project directory.
"""

import os
from pathlib import Path

import dj_database_url

# The project root: config/settings/base.py is two folders below it.
BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    """A comma-separated environment variable as a list without blanks."""
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    # Editors' picks: a page pinned above the search results for a query.
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    # A second factor for the admin: an authenticator app and recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # The project's apps come last: their post_migrate work (groups, workflow) needs
    # the permissions that the apps above create in theirs.
    "portal",
    "learning",
    "events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Inside whitenoise (which sends its own compressed files), outside the page cache
    # (which keeps pages as they are, for every browser).
    "portal.middleware.TextGZipMiddleware",
    # Before the session: a kept page is answered without touching the database.
    "portal.content_version.RequestMiddleware",
    "portal.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After CommonMiddleware, which refuses hosts that are not allowed.
    "portal.middleware.SiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.two_factor.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "portal.middleware.PageCreatedTwiceMiddleware",
    # Last, so it sees the view's database errors first: a 503 page instead of a 500.
    "portal.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://… or sqlite:///…); the embedded SQLite file otherwise.
# A database that is down or stuck must not hold visitors' requests: connecting gives up
# after DATABASE_CONNECT_TIMEOUT seconds and one statement after DATABASE_STATEMENT_TIMEOUT
# seconds (PostgreSQL; 0 leaves it to the server, e.g. for a long migration); the visitor
# then gets a 503 page from portal.middleware.DatabaseUnavailableMiddleware.
DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
DATABASE_STATEMENT_TIMEOUT = float(os.environ.get("DATABASE_STATEMENT_TIMEOUT", "15"))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Write transactions take the lock at BEGIN, so two bookings cannot both read
    # "one seat left" (PostgreSQL locks the gathering's row instead). A statement waits
    # for another's write lock at most the statement timeout (SQLite needs some limit).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=DATABASE_STATEMENT_TIMEOUT or 20
    )
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Options given in DATABASE_URL (?connect_timeout=…&options=…) take precedence.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
    # A statement's values are sent apart from its text, so that psycopg prepares a
    # statement the second time a connection runs it and PostgreSQL plans it once, not
    # on every request: planning a list's facet counts took longer than running them.
    # DATABASE_PREPARED_STATEMENTS=0 for a pooler that cannot keep them (PgBouncer in
    # transaction mode before 1.21).
    if os.environ.get("DATABASE_PREPARED_STATEMENTS", "1") != "0":
        _options.setdefault("server_side_binding", True)
        _options.setdefault("prepare_threshold", 1)
    if DATABASE_STATEMENT_TIMEOUT > 0:
        # 0 sends nothing, so the role's or server's own statement_timeout applies
        # (PgBouncer refuses the options parameter unless told to ignore it).
        _options["options"] = (
            f"-c statement_timeout={round(DATABASE_STATEMENT_TIMEOUT * 1000)} "
            + _options.get("options", "")
        ).strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

# Language and time. The public site speaks bokmål at its own addresses and nynorsk
# below /nn/ (config.urls); its texts are written in bokmål and translated to nynorsk
# (locale/nn). The admin speaks bokmål unless a user chooses nynorsk in their account;
# what has no nynorsk yet falls back to bokmål, never to English.
LANGUAGE_CODE = "nb"
# The portal's own catalogues, before the apps' (compiled by make install): nynorsk for
# the portal's texts (locale, kept up to date by make messages), and bokmål and nynorsk
# for Wagtail's admin where Wagtail's catalogue has none, or a wrong one (locale/admin).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "admin"]
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk")]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
# One tree of pages: a page is not translated, it is written in one standard or the
# other, and the interface around it follows the reader's choice.
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("nb", "Norsk bokmål")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# Static files: Designsystemet and the font come from npm (node_modules) and are served,
# like the project's own files, by whitenoise.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/designsystemet", NODE_MODULES / "@digdir/designsystemet-css/dist"),
    ("vendor/inter", NODE_MODULES / "@fontsource/inter/files"),
]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
# Uploads: images (original_images/ and their renditions in images/) and documents
# (documents/). On local disk by default, where portal.media serves the images and never
# the documents; in an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set, whose
# policy must let the public read images/ and original_images/ only (README).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    # Credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (read by boto3).
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # A CDN or the bucket's public address, e.g. bilder.portal.example.no.
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            # Image addresses are plain and lasting (cached pages keep them); documents
            # are read with the credentials and served through /dokumenter/.
            "querystring_auth": False,
            "default_acl": None,
            "file_overwrite": False,
            # Every name is new (file_overwrite off), so a file never changes.
            "object_parameters": {
                "CacheControl": "public, max-age=31536000, immutable"
            },
        },
    }

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# E-mail: any Django backend; SMTP settings from the environment.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Boligsosialt velferdsprogram <ikke-svar@husbanken.no>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Tasks: Wagtail queues search-index updates as tasks. Immediate unless a setting module
# says otherwise (production uses the database backend and its worker).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Cache: Redis when REDIS_URL is set (shared by every server), local memory otherwise
# (one process; production shares the database instead). Limits and whole anonymous
# pages (portal.page_cache) are kept there. CACHE_KEY_PREFIX lets sites share a Redis.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }

# Wagtail
WAGTAIL_SITE_NAME = "Boligsosialt velferdsprogram"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The site's public address: the default Site's host name and port are set from it at
# every migrate (portal.site_root.configure_site), so canonical links, og:url, the
# sitemap, calendar files and the API point to the real address, not localhost.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "")
# The publisher's number in the Central Coordinating Register for Legal Entities
# (organisasjonsnummer, nine digits): the open-data catalogue names the publisher by it,
# as national data catalogues expect. Unset, it names the publisher by its name only.
ORGANISATION_NUMBER = os.environ.get("ORGANISATION_NUMBER", "").replace(" ", "")
WAGTAILIMAGES_IMAGE_MODEL = "portal.PortalImage"
WAGTAILIMAGES_IMAGE_FORM_BASE = "portal.media.PortalImageForm"
WAGTAILSEARCH_BACKENDS = {
    # The admin's search.
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # Used on PostgreSQL only: Norwegian stemming (bostedsløs finds bostedsløse).
        "SEARCH_CONFIG": "norwegian",
    },
    # The site's search: Norwegian analysis in Python, the same on every database
    # (portal/search). Wagtail keeps it up to date as it keeps its own.
    "norwegian": {"BACKEND": "portal.search.backend"},
}
# The bokmål Hunspell dictionary that splits compounds: npm's dictionary-nb, pinned in
# package-lock.json and installed by `make install` (the same words as Debian's hunspell-no).
NORWEGIAN_DICTIONARY = os.environ.get(
    "NORWEGIAN_DICTIONARY", str(NODE_MODULES / "dictionary-nb" / "index.dic")
)
# The nynorsk one beside it (npm's dictionary-nn): utleigebustader is utleige + bustader.
NYNORSK_DICTIONARY = os.environ.get(
    "NYNORSK_DICTIONARY", str(NODE_MODULES / "dictionary-nn" / "index.dic")
)
# How long the counts of what people searched for are kept (the editors' search report).
SEARCH_STATISTICS_DAYS = 365
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "key",
    "odp",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Documents always go through Wagtail's view, which checks collection privacy: a
# contributor's upload awaiting approval is never reachable by its file address, on
# local disk or object storage alike. The web server must not serve media/documents/.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# ASCII addresses (/kommuner/karmoy/): the admin transliterates æ, ø and å.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
WAGTAILEMBEDS_RESPONSIVE_HTML = True
TAGGIT_CASE_INSENSITIVE = True

# The API is JSON only: DRF's browsable pages would need inline scripts.
REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

# Security headers that hold everywhere; production adds HTTPS-only ones.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4): the public site loads nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# The Wagtail admin (everything under ADMIN_URL_PREFIX, page previews included) gets its
# own policy from portal.middleware.ContentSecurityPolicyMiddleware, as strict as Wagtail
# 8's admin allows (checked in Chromium by tests/browser/test_admin_csp.py):
# - script-src 'unsafe-inline': Wagtail's widgets and panels start from inline scripts
#   that carry the field's id and options (new ImageChooser(…), new InlinePanel(…),
#   initDateTimeChooser(…) on the page editor; the page explorer), and chooser modals
#   insert more with their HTML. They change with every form, so hashes cannot list
#   them, and Wagtail has no nonces for them. No 'unsafe-eval': nothing needs it.
# - script-src-attr 'none': the admin uses no inline event handlers (onclick=…), so an
#   injected one still does not run.
# - style-src 'unsafe-inline': the rich-text editor (Draftail) adds <style> elements for
#   its placeholders and list counters, and admin markup carries style="…" attributes.
# - img-src data:: the admin's stylesheet has a data: image; images are our own.
# - frame-ancestors and frame-src 'self': the preview panel frames the preview of the
#   page being edited (an admin address); other sites may not frame the admin.
# - Nothing from elsewhere: no Gravatar pictures (they would hand editors' hashed e-mail
#   addresses to a third party) and no check for new Wagtail releases (releases come
#   through the lock files).
ADMIN_URL_PREFIX = "/admin/"
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "script-src-attr": ["'none'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Whole pages for visitors without a session, for this many seconds (0: no page cache).
# Publishing, snippets, settings and registrations purge them (portal.page_cache).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS") or 120)
# Never kept whole: the admin, documents (their view checks privacy), the health probe,
# search (every query is a page of its own, rarely asked twice) and files.
PAGE_CACHE_EXCLUDED_PATHS = [
    ADMIN_URL_PREFIX,
    "/dokumenter/",
    "/helse/",
    "/sok/",
    MEDIA_URL,
    STATIC_URL,
]
# A CDN or Varnish in front: Wagtail purges a page's addresses there when it is published
# or unpublished (an HTTP PURGE to this address). Off when unset.
FRONTEND_CACHE_PURGE_URL = os.environ.get("FRONTEND_CACHE_PURGE_URL", "")
if FRONTEND_CACHE_PURGE_URL:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Tokens in addresses (a registration's, a password reset's) are never written.
    "filters": {"redact": {"()": "portal.access_log.RedactFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's own console handler (with DEBUG) would write them first, unfiltered.
    "loggers": {"django": {"handlers": [], "level": "INFO"}},
}

# The proxies in front of the application: how many, and the header they append the
# client's address to. 0 trusts no forwarded header (REMOTE_ADDR is the client).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
TRUSTED_PROXY_HEADER = os.environ.get("TRUSTED_PROXY_HEADER", "HTTP_X_FORWARDED_FOR")

# Registration for gatherings
# A person needs longer than this to fill in the form; a bot is quicker.
REGISTRATION_MIN_FILL_SECONDS = int(
    os.environ.get("REGISTRATION_MIN_FILL_SECONDS", "3")
)


def env_limit(name, default):
    """A limit as ``count/seconds`` ("5/3600") from the environment, else ``default``."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    from django.core.exceptions import ImproperlyConfigured

    try:
        count, seconds = (int(part) for part in value.split("/"))
    except ValueError:
        count = seconds = 0
    if count < 1 or seconds < 1:
        raise ImproperlyConfigured(
            f"{name} must be count/seconds with both at least 1, such as 5/3600"
        )
    return (count, seconds)


# Limits on the e-mails that registration and cancellation send, counted in the shared
# cache (Redis with REDIS_URL): per recipient address, per gathering, and a generous
# ceiling per client address, so colleagues behind one office address are not held back.
# Invalid forms and refused bookings send nothing and count nothing.
REGISTRATION_LIMIT_PER_RECIPIENT = env_limit(
    "REGISTRATION_LIMIT_PER_RECIPIENT", (5, 3600)
)
REGISTRATION_LIMIT_PER_GATHERING = env_limit(
    "REGISTRATION_LIMIT_PER_GATHERING", (300, 600)
)
# A town hall behind one address may sign up 200 people when a popular gathering opens.
REGISTRATION_LIMIT_PER_CLIENT = env_limit("REGISTRATION_LIMIT_PER_CLIENT", (300, 600))
# A registration counts once it is confirmed from the e-mail; until then it holds its
# seat this many minutes (events.booking). Holds per client and gathering are limited
# too: past the limit a registration waits unconfirmed without taking a seat, and gets
# one on confirming if any is free, so a script cannot keep every seat held.
REGISTRATION_CONFIRM_MINUTES = int(os.environ.get("REGISTRATION_CONFIRM_MINUTES", "30"))
REGISTRATION_LIMIT_HOLDS_PER_CLIENT = env_limit(
    "REGISTRATION_LIMIT_HOLDS_PER_CLIENT", (10, 1800)
)
REGISTRATION_RETENTION_DAYS = int(os.environ.get("REGISTRATION_RETENTION_DAYS", "30"))

# Alerts by e-mail (portal.alerts): an address not confirmed within this many days is
# deleted; the form's e-mails count per recipient and per client, like registration's.
ALERT_CONFIRM_DAYS = int(os.environ.get("ALERT_CONFIRM_DAYS", "7"))
ALERT_LIMIT_PER_RECIPIENT = env_limit("ALERT_LIMIT_PER_RECIPIENT", (3, 3600))
ALERT_LIMIT_PER_CLIENT = env_limit("ALERT_LIMIT_PER_CLIENT", (100, 600))
# A contact person's e-mail address is shown to a reader who asks (portal.views):
# this many times per client address, to keep harvesters slow.
CONTACT_EMAIL_LIMIT_PER_CLIENT = env_limit("CONTACT_EMAIL_LIMIT_PER_CLIENT", (20, 600))
# The learning loop (events.loop): the evaluation is open this many days after a
# gathering; the follow-up goes out FOLLOWUP_AFTER_DAYS after it and is open
# FOLLOWUP_OPEN_DAYS. Participants who will be asked are kept until it closes.
EVALUATION_OPEN_DAYS = int(os.environ.get("EVALUATION_OPEN_DAYS", "14"))
FOLLOWUP_AFTER_DAYS = int(os.environ.get("FOLLOWUP_AFTER_DAYS", "90"))
FOLLOWUP_OPEN_DAYS = int(os.environ.get("FOLLOWUP_OPEN_DAYS", "30"))

# Signing in to the admin: a second factor for those who see participants or publish,
# and limits on failed attempts (passwords and codes) per account and per client.
# Tests turn the second factor off so that force_login() keeps working.
ADMIN_REQUIRE_SECOND_FACTOR = True
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# Failed attempts per user name and per client address, as count/seconds, for every
# password check (both sign-in pages, the account page, the API) and every code. The
# backend reserves an attempt before the password is checked and refuses once a limit
# is used up; a right password gives it back (portal.two_factor.throttle).
LOGIN_LIMIT_PER_ACCOUNT = env_limit("LOGIN_LIMIT_PER_ACCOUNT", (5, 900))
LOGIN_LIMIT_PER_CLIENT = env_limit("LOGIN_LIMIT_PER_CLIENT", (50, 900))
AUTHENTICATION_BACKENDS = ["portal.two_factor.backends.LimitedModelBackend"]
# «Forgotten password» e-mails per address and per client, as count/seconds.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_limit(
    "PASSWORD_RESET_LIMIT_PER_ADDRESS", (3, 3600)
)
PASSWORD_RESET_LIMIT_PER_CLIENT = env_limit(
    "PASSWORD_RESET_LIMIT_PER_CLIENT", (20, 3600)
)
# Wrong answers to a page's shared password (Wagtail's password restriction), per
# client and per restriction, as count/seconds (portal.page_passwords).
PAGE_PASSWORD_LIMIT_PER_CLIENT = env_limit("PAGE_PASSWORD_LIMIT_PER_CLIENT", (10, 900))
PAGE_PASSWORD_LIMIT_PER_RESTRICTION = env_limit(
    "PAGE_PASSWORD_LIMIT_PER_RESTRICTION", (100, 900)
)
# The public API (portal.api): requests per client address, as count/seconds (enough to
# walk through every page of a type in a few minutes), and how long one of its
# statements may run on PostgreSQL, in seconds (0: DATABASE_STATEMENT_TIMEOUT applies).
API_LIMIT_PER_CLIENT = env_limit("API_LIMIT_PER_CLIENT", (120, 60))
API_STATEMENT_TIMEOUT = float(os.environ.get("API_STATEMENT_TIMEOUT", "1"))

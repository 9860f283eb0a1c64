"""Small hardening items from the penetration test.

- Tokens in addresses never reach the logs; the list of tokened addresses is checked
  against the URL configuration.
- Absolute links in sitemaps (and feeds: tests/learning/test_topics_feeds_api.py) come
  from ``PORTAL_BASE_URL``, never from the request's host or a forwarded scheme (which
  counts only behind proxies: tests/portal/test_settings.py).
- Malformed input is a 404 or a form error, not a 500: a file name too long for the
  file system, a page form without its StreamField's count (and a JSON file nested
  deep: tests/learning/test_ssb_import.py).
- Only a POST signs out of the admin; every response has a ``Permissions-Policy``.
"""

import datetime
import io
import logging
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from gunicorn.config import Config
from wagtail.rich_text import RichText

from portal import access_log
from portal.access_log import redact
from portal.site_root import configure_site
from tests.factories import (
    MunicipalityPageFactory,
    PersonFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db

SECRET = "Hemmelig-Token_123"
# Parameter names that carry a key to someone's data.
SECRET_PARAMETERS = re.compile(r"token|secret|signature|key|uidb64", re.IGNORECASE)


def _patterns(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from _patterns(pattern, inner)
        else:
            yield namespace, pattern


def tokened_addresses():
    """(URL name, address with SECRET in each secret parameter) of every pattern with
    a secret parameter in the URL configuration."""
    found = []
    for namespace, pattern in _patterns(get_resolver()):
        assert isinstance(pattern, URLPattern)
        names = list(pattern.pattern.regex.groupindex)
        if not any(SECRET_PARAMETERS.search(name) for name in names):
            continue
        assert pattern.name, f"A tokened address without a name: {pattern.pattern}"
        kwargs = {
            name: SECRET if SECRET_PARAMETERS.search(name) else "x" for name in names
        }
        found.append((pattern.name, reverse(namespace + pattern.name, kwargs=kwargs)))
    return found


def test_every_tokened_address_in_the_url_configuration_is_redacted():
    addresses = tokened_addresses()
    # The ones the penetration test named, and the admin's password reset, are found.
    assert {name for name, _ in addresses} >= {
        "registration_detail",
        "registration_cancel",
        "registration_calendar",
        "registration_group",
        "loop_evaluation",
        "loop_followup",
        "loop_opt_out",
        "wagtailadmin_password_reset_confirm",
    }
    for name, address in addresses:
        line = redact(f'GET {address}?utm_source=epost HTTP/1.1" 200')
        assert SECRET not in line, f"{name} ({address}) is missing from TOKENED_PATHS"
        assert "[skjult]" in line


@pytest.mark.parametrize(
    ("logged", "expected"),
    [
        ("/evaluering/abc123/", "/evaluering/[skjult]/"),
        ("/oppfolging/abc123/?svar=1", "/oppfolging/[skjult]/?svar=1"),
        ("/ingen-flere-eposter/abc123/", "/ingen-flere-eposter/[skjult]/"),
        ("/pamelding/abc123/avmeld/", "/pamelding/[skjult]/avmeld/"),
        ("/pamelding/abc123/kalender.ics", "/pamelding/[skjult]/kalender.ics"),
        (
            "https://portal.no/evaluering/abc123/",
            "https://portal.no/evaluering/[skjult]/",
        ),
        # Encoded, the address still reaches the view: it is logged decoded.
        ("/pameld%69ng/abc123/", "/pamelding/[skjult]/"),
        ("/sok/?q=pamelding", "/sok/?q=pamelding"),
    ],
)
def test_a_token_is_replaced_wherever_it_stands(logged, expected):
    assert redact(logged) == expected


def test_gunicorns_access_log_has_no_token(tmp_path):
    """gunicorn configured from ``config/gunicorn.py`` writes the line redacted."""
    from config import gunicorn as gunicorn_settings

    config = Config()
    for name in ("logger_class", "access_log_format"):
        config.set(name, getattr(gunicorn_settings, name))
    log_file = tmp_path / "access.log"
    config.set("accesslog", str(log_file))
    logger = config.logger_class(config)
    assert isinstance(logger, access_log.AccessLogger)

    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/evaluering/{SECRET}/?ref=epost",
        "PATH_INFO": f"/evaluering/{SECRET}/",
        "QUERY_STRING": "ref=epost",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.7",
        "HTTP_REFERER": f"https://portal.example.no/oppfolging/{SECRET}/",
    }
    request = type("Request", (), {"headers": [("REFERER", environ["HTTP_REFERER"])]})
    response = type("Response", (), {"status": "200 OK", "sent": 12, "headers": []})
    logger.access(response, request, environ, datetime.timedelta(milliseconds=5))
    logger.cfg.set("access_log_format", "%(r)s %(U)s %(f)s %({referer}i)s")
    logger.access(response, request, environ, datetime.timedelta(milliseconds=5))
    for handler in logger.access_log.handlers:
        handler.flush()

    written = log_file.read_text()
    assert 'GET /evaluering/[skjult]/?ref=epost HTTP/1.1" 200 12 5ms' in written
    assert "https://portal.example.no/oppfolging/[skjult]/" in written
    assert SECRET not in written


def test_the_applications_log_has_no_token(client):
    """Django logs each 404 with its path («Not Found: /pamelding/…»)."""
    console = next(
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler, logging.StreamHandler)
        and any(isinstance(f, access_log.RedactFilter) for f in handler.filters)
    )
    written = io.StringIO()
    stream = console.setStream(written)
    try:
        response = client.get(f"/pamelding/{SECRET}/")
    finally:
        console.setStream(stream)
    assert response.status_code == 404

    assert "Not Found: /pamelding/[skjult]/" in written.getvalue()
    assert SECRET not in written.getvalue()


# Absolute links from the configured address ---------------------------------------

BASE = "https://portal.example.no"
# A second allowed host, a forged scheme, and the real request (behind a trusted proxy).
ASKED = [
    {"HTTP_HOST": "www.portal.example.no"},
    {"HTTP_X_FORWARDED_PROTO": "http"},
    {"HTTP_X_FORWARDED_PROTO": "https"},
]


@pytest.fixture
def public_address(settings, home_page):
    settings.PORTAL_BASE_URL = BASE
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    configure_site()  # as every migrate does


def locations(response):
    assert response.status_code == 200
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def test_the_sitemap_is_on_the_configured_address_whatever_was_asked(
    client, public_address, home_page
):
    StandardPageFactory(parent=home_page, title="Om oss", slug="om-oss")
    PersonFactory(name="Kari Nordmann", slug="kari-nordmann")
    for headers in ASKED:  # the first answer is cached: the others must not differ
        files = locations(client.get("/sitemap.xml", **headers))
        assert f"{BASE}/sitemap-sider.xml" in files
        assert f"{BASE}/sitemap-personer.xml" in files
        urls = []
        for file in files:
            assert file.startswith(f"{BASE}/"), file
            urls += locations(client.get(file.removeprefix(BASE), **headers))
        assert f"{BASE}/om-oss/" in urls
        assert f"{BASE}/personer/kari-nordmann/" in urls
        assert all(url.startswith(f"{BASE}/") for url in urls), urls


def test_robots_txt_names_the_configured_sitemap(client, public_address):
    for headers in ASKED:
        content = client.get("/robots.txt", **headers).content.decode()
        assert f"Sitemap: {BASE}/sitemap.xml" in content


# Malformed input is a 404 or a form error, not a 500 ---------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "images/" + "a" * 300 + ".png",
        "original_images/" + "a" * 256 + ".jpg",
        "images/" + "/".join(["b" * 200] * 30) + ".png",  # each name fits, not the path
        "restricted/images/" + "a" * 300 + ".png",
    ],
)
def test_a_file_name_too_long_for_the_file_system_is_not_found(client, path):
    # The folders exist, as on a site with images: the long name itself is looked up.
    for folder in ("images", "original_images", "restricted/images"):
        (Path(settings.MEDIA_ROOT) / folder).mkdir(parents=True, exist_ok=True)
    assert client.get(f"/media/{path}").status_code == 404


@pytest.fixture
def about(home_page):
    page = StandardPageFactory(
        parent=home_page,
        title="Om oss",
        slug="om-oss",
        body=[("paragraph", RichText("<p>Lagret tekst</p>"))],
    )
    return page, page.save_revision()


@pytest.mark.parametrize(
    "body",
    [
        {},  # no body-count at all
        {"body-count": "tre"},
        {"body-count": "1"},  # a block announced, none sent
        {"body-count": "1", "body-0-deleted": "", "body-0-type": "paragraph"},
    ],
)
@pytest.mark.parametrize("view", ["edit", "revisions_revert"])
def test_an_incomplete_page_form_is_a_form_error(admin_client, about, view, body):
    page, revision = about
    args = [page.pk] if view == "edit" else [page.pk, revision.pk]
    response = admin_client.post(
        reverse(f"wagtailadmin_pages:{view}", args=args),
        {"title": "Endret tittel", "slug": "om-oss", "intro": "", **body},
    )
    assert response.status_code == 200
    assert "Innholdet kom ikke fram i sin helhet" in response.content.decode()
    assert "Lagret tekst" in response.content.decode()  # the field shows what was saved
    page.refresh_from_db()
    assert page.title == "Om oss"
    assert page.get_latest_revision().pk == revision.pk


def test_an_incomplete_preview_is_invalid(admin_client, about):
    page, _ = about
    response = admin_client.post(
        reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]),
        {"title": "Om oss", "slug": "om-oss", "intro": ""},
    )
    assert response.status_code == 200
    assert response.json()["is_valid"] is False


def test_an_inline_panel_without_its_counts_is_a_form_error(
    admin_client, municipality_index
):
    municipality = MunicipalityPageFactory(parent=municipality_index, title="Karmøy")
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[municipality.pk]),
        {"title": "Karmøy", "slug": municipality.slug},
    )
    assert response.status_code == 200
    assert "Siden kunne ikke lagres" in response.content.decode()


# Signing out, and the browser features every response turns off ---------------------


def test_a_get_from_anywhere_does_not_sign_out(admin_client, home_page):
    """An image on another site pointing at /admin/logout/ is a GET."""
    response = admin_client.get("/admin/logout/", HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 200
    assert "Vil du logge ut?" in response.content.decode()
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert admin_client.get("/admin/").status_code == 200


def test_the_confirmation_and_the_account_menu_post(admin_client, home_page):
    """Wagtail's account menu posts to the address; so does the confirmation."""
    menu = admin_client.get("/admin/").content.decode()
    assert re.search(
        r'"action": "/admin/logout/", "method": "POST"', menu.replace("&quot;", '"')
    )
    page = admin_client.get("/admin/logout/").content.decode()
    assert re.search(r'<form action="/admin/logout/" method="post">', page)

    response = admin_client.post("/admin/logout/")
    assert response.status_code == 302
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 0
    assert admin_client.get("/admin/").status_code == 302  # to the sign-in page


def test_a_signed_out_visitor_is_sent_to_sign_in(client, db):
    response = client.get("/admin/logout/")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_login")
    assert client.put("/admin/logout/").status_code == 405


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/finnes-ikke/",
        "/admin/login/",
        "/robots.txt",
        "/sitemap.xml",
        "/static/img/favicon.svg",
        "/media/images/finnes-ikke.png",
    ],
)
def test_every_response_turns_off_the_unused_browser_features(client, home_page, path):
    policy = client.get(path).headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy
    assert "fullscreen" not in policy  # the admin's preview may go full screen


def test_a_kept_page_turns_them_off_too(client, home_page, settings):
    settings.PAGE_CACHE_SECONDS = 60
    StandardPageFactory(parent=home_page, title="Om programmet", slug="om")
    client.get("/om/")
    kept = client.get("/om/")
    assert kept["X-Cache"] == "hit"
    assert "camera=()" in kept.headers["Permissions-Policy"]

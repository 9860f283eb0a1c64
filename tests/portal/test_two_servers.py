"""Two application servers at once, on one PostgreSQL database and one Redis.

Nothing a second server needs stays in one server's memory or disk: registrations and
sessions are in the database, limits and the page cache (with its generation) in Redis,
images in the shared media storage. Two real gunicorn servers with the production
settings, two workers each, serve the test's database (committed data, hence
``transaction=True``), and the test asks now one, now the other, as a load balancer
would send one person's requests.

Without a Redis server the tests are skipped; with ``REQUIRE_REDIS=1`` they fail.
``TEST_SERVER_PORTS`` chooses the servers' ports (tests/portal/processes.py).
"""

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
import uuid

import pytest
import requests
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.files.storage import default_storage
from wagtail.models import Collection, CollectionViewRestriction

from events.models import Registration, RegistrationStatus
from tests.databases import exclusive
from tests.events.factories import GatheringIndexPageFactory, GatheringPageFactory
from tests.factories import ImageFactory
from tests.learning.factories import DocumentFactory
from tests.portal.processes import clock_offset, database_url, server_ports

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
HOST = "portal.test"  # what the load balancer passes on to both servers
START_SECONDS = 60
PAGE_CACHE_SECONDS = 300


@pytest.fixture(scope="module")
def redis_prefix():
    """A key prefix of this module's own in the test Redis, emptied afterwards."""
    required = os.environ.get("REQUIRE_REDIS", "") not in ("", "0")
    give_up = pytest.fail if required else pytest.skip
    import redis

    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
    except redis.ConnectionError:
        give_up(f"needs a Redis server at {REDIS_URL}")
    prefix = f"test-two-servers-{uuid.uuid4().hex}"
    yield server, prefix
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


@pytest.fixture(autouse=True)
def shared_cache(settings, redis_prefix):
    """This process shares the servers' cache and page cache, so its publishes purge
    their pages; each test starts with it empty (no site roots or pages of an earlier
    test's tree)."""
    server, prefix = redis_prefix
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    settings.PAGE_CACHE_SECONDS = PAGE_CACHE_SECONDS


def wait_until_up(process, base, log):
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if requests.get(f"{base}/helse/", headers={"Host": HOST}, timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    pytest.fail(f"The server at {base} did not start:\n{log.read_text()[-3000:]}")


class Server(str):
    """A server's address, which also knows its log."""

    def __new__(cls, base, log):
        server = super().__new__(cls, base)
        server.log = log
        return server


@pytest.fixture(scope="module")
def servers(django_db_setup, redis_prefix, tmp_path_factory):
    """Two gunicorn servers, production settings, one database and one Redis."""
    _, prefix = redis_prefix
    shared = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "PORTAL_BASE_URL": f"http://{HOST}",
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP here, as behind a TLS proxy
        "PAGE_CACHE_SECONDS": str(PAGE_CACHE_SECONDS),
        "REGISTRATION_MIN_FILL_SECONDS": "0",
        # A day's window, so no window starts again while the test counts.
        "REGISTRATION_LIMIT_PER_RECIPIENT": "5/86400",
        "TEST_CLOCK_OFFSET": str(clock_offset()),
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "WARNING",
    }
    # The production settings serve static files from their manifest, as `make serve`
    # collects it. One test process at a time collects them and starts its servers:
    # collecting rewrites the hashed files, which a starting server's WhiteNoise lists.
    logs = tmp_path_factory.mktemp("servers")
    started = []
    try:
        with exclusive("collectstatic"):
            subprocess.run(
                [
                    sys.executable,
                    *("manage.py", "collectstatic", "--noinput", "--verbosity", "0"),
                ],
                cwd=settings.BASE_DIR,
                env={**os.environ, **shared},
                check=True,
            )
            for port in server_ports(2):
                log = logs / f"{port}.log"
                process = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "--config",
                        "python:tests.portal.two_servers_gunicorn",
                        "config.wsgi",
                    ],
                    cwd=settings.BASE_DIR,
                    env={**os.environ, **shared, "PORT": str(port)},
                    stdout=log.open("w"),
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its workers with it, to stop them all
                )
                started.append((process, f"http://127.0.0.1:{port}", log))
            for process, base, log in started:
                wait_until_up(process, base, log)
        yield [Server(base, log) for _, base, log in started]
    finally:
        for process, _, _ in started:
            # Nothing to finish gracefully: the data stays in the test's database. A
            # server that did not start has gone already.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def visit(base, path):
    """A visitor without cookies, through one server."""
    return requests.get(
        base + path, headers={"Host": HOST}, allow_redirects=False, timeout=30
    )


def text(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


class Person:
    """One person's browser, whichever server answers it. The CSRF cookie is kept by
    hand: the production settings mark it HTTPS-only, and these servers speak HTTP."""

    def __init__(self):
        self.cookies = {}

    def get(self, base, path):
        return self._keep(
            requests.get(
                base + path,
                headers={"Host": HOST},
                cookies=self.cookies,
                allow_redirects=False,
                timeout=30,
            )
        )

    def submit(self, base, page, form, **fields):
        """Send ``form`` of ``page`` (a response) with its own fields and ``fields``."""
        data = {
            field["name"]: field.get("value", "")
            for field in form.find_all("input", attrs={"name": True})
        }
        data.update(fields)
        return self._keep(
            requests.post(
                base + (form.get("action", "").split("#")[0] or page.request.path_url),
                data=data,
                headers={"Host": HOST},
                cookies=self.cookies,
                allow_redirects=False,
                timeout=30,
            )
        )

    def register(self, base, gathering, email):
        page = self.get(base, gathering.url)
        form = BeautifulSoup(page.content, "html.parser").find(
            "input", {"name": "started"}
        )
        return self.submit(
            base,
            page,
            form.find_parent("form"),
            name="Kari Nordmann",
            email=email,
            organisation="NAV Karmøy",
            consent="on",
        )

    def _keep(self, response):
        self.cookies.update(response.cookies.get_dict())
        return response


@pytest.fixture
def gathering(home_page):
    index = GatheringIndexPageFactory(parent=home_page)
    return GatheringPageFactory(parent=index, title="Fagsamling i Bergen", capacity=10)


def test_registered_through_one_server_and_cancelled_through_the_other(
    servers, gathering
):
    first, second = servers
    person = Person()
    registered = person.register(first, gathering, "kari@example.no")
    assert registered.status_code == 302
    assert "Sjekk e-posten din" in text(
        person.get(first, registered.headers["Location"])
    )
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.UNCONFIRMED
    # The link comes by e-mail, which the task worker (not running here) would send.
    link = registration.get_absolute_url()

    # She confirms through the second server, and the first shows her page.
    opened = person.get(second, link)
    confirm = BeautifulSoup(opened.content, "html.parser").find(
        "form", action=f"{link}bekreft/"
    )
    assert person.submit(second, opened, confirm).status_code == 302
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED
    own_page = person.get(first, link)
    assert "Påmeldingen er bekreftet" in text(own_page)  # the second server's message
    # «Meld meg av …» asks «Er du sikker?» on a page of its own, whose form cancels.
    asked = person.get(second, f"{link}avmeld/")
    assert "Er du sikker?" in text(asked)
    cancel = BeautifulSoup(asked.content, "html.parser").find(
        "form", action=f"{link}avmeld/"
    )
    cancelled = person.submit(second, asked, cancel)
    assert cancelled.status_code == 302

    assert Registration.objects.get().status == RegistrationStatus.CANCELLED
    assert "Du er meldt av" in text(person.get(first, link))

    # The servers logged every request, but not the key to her registration.
    token = link.split("/")[2]
    logs = "".join(server.log.read_text() for server in servers)
    assert "/pamelding/[skjult]/avmeld/" in logs
    assert token not in logs


def test_a_publish_reaches_both_servers_page_cache_at_once(servers, gathering):
    first, second = servers
    assert visit(first, "/samlinger/").headers["X-Cache"] == "miss"
    kept = visit(second, "/samlinger/")
    assert kept.headers["X-Cache"] == "hit"  # kept by the first, shared by the second
    assert "Fagsamling i Bergen" in text(kept)

    gathering.title = "Fagsamling om bostedsløshet"
    gathering.save_revision().publish()  # here, in a third process

    fresh = visit(second, "/samlinger/")
    assert fresh.headers["X-Cache"] == "miss"
    assert "Fagsamling om bostedsløshet" in text(fresh)
    assert "Fagsamling om bostedsløshet" in text(visit(first, "/samlinger/"))

    assert "10 ledige plasser" in text(visit(second, "/samlinger/"))
    Person().register(first, gathering, "ola@example.no")
    assert "9 ledige plasser" in text(visit(second, "/samlinger/"))


def test_the_limits_count_what_both_servers_send(servers, gathering):
    """The sixth e-mail to one address is refused, whichever server is asked."""
    first, second = servers
    answers = [
        Person().register(server, gathering, "kari@example.no")
        for server in (first, second) * 3
    ]
    # A booking, four answers alike that send the link again, then a refusal.
    assert [answer.status_code for answer in answers] == [302, 302, 302, 302, 302, 429]
    assert int(answers[-1].headers["Retry-After"]) > 0
    assert "For mange forsøk" in text(answers[-1])
    assert Registration.objects.count() == 1


def test_images_and_documents_with_the_production_settings(servers, home_page):
    first, second = servers
    home_page.hero_image = ImageFactory(title="Samling i Bergen")
    home_page.save_revision().publish()
    closed = Collection.get_first_root_node().add_child(name="Til godkjenning")
    CollectionViewRestriction.objects.create(
        collection=closed, restriction_type=CollectionViewRestriction.LOGIN
    )
    public = DocumentFactory(title="Årsrapport")
    private = DocumentFactory(title="Intern rapport", collection=closed)

    page = BeautifulSoup(visit(first, "/").content, "html.parser")
    address = page.select_one("figure img")["src"]
    image = visit(second, address)
    assert image.status_code == 200
    assert image.headers["Content-Type"].startswith("image/")
    with default_storage.open(address.removeprefix("/media/")) as stored:
        assert image.content == stored.read()
    assert "immutable" in image.headers["Cache-Control"]

    assert visit(first, f"/media/{public.file.name}").status_code == 404
    document = visit(second, public.url)
    assert document.status_code == 200
    assert document.content == b"%PDF-1.4 test"
    refused = visit(first, private.url)
    assert refused.status_code == 302  # to the sign-in
    assert b"%PDF" not in refused.content

"""Reusable browser checks: axe-core, a clean page load, and the page registry.

Add a page to the scans (axe-core and a clean load in Chromium, the Nu Html Checker) by
adding a ``PageToScan`` to ``PAGES_TO_SCAN``; the URL may come from a fixture::

    PageToScan("samling", fixture_url("gathering_page")),          # the fixture's URL
    PageToScan("sok-tema", "/sok/?q=bostedsløse"),                 # a fixed path
    PageToScan("kalender", lambda request: reverse("calendar")),  # anything else
    PageToScan("utgatt", "/gammel-side/", status=410),             # not a 200

The name is the test id (``-k kommuneside``). Every scan first builds the shared content
(the ``site_content`` fixture in ``tests/browser/conftest.py``), so the site has
navigation, footer links and search results; a fixture named in ``fixture_url`` (in
``tests/conftest.py`` or ``tests/browser/conftest.py``) may build more on top of it.

In a test of your own::

    def test_my_page(page, site_content):
        assert_accessible(page, "/min-side/")   # loads cleanly, no WCAG violations
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.utils import translation

from tests.markup import skip_or_fail

BASE_DIR = Path(__file__).resolve().parent.parent.parent
AXE_SCRIPT = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


# The registry -------------------------------------------------------------------------


@dataclass(frozen=True)
class PageToScan:
    """A page every scan visits: its name (the test id), its URL and its HTTP status.

    ``url`` is a path, or a callable that gets pytest's ``request`` and returns one.
    """

    name: str
    url: str | Callable[[pytest.FixtureRequest], str]
    status: int = 200

    def resolve(self, request):
        """The page's address in bokmål, whatever language the thread last served."""
        with translation.override(settings.LANGUAGE_CODE):
            return self.url(request) if callable(self.url) else self.url


def url_of(obj):
    """The URL, without scheme and host, of a Wagtail page, a model with
    get_absolute_url, or a string; the browser context's base_url supplies the host."""
    if isinstance(obj, str):
        url = obj
    elif hasattr(obj, "get_url"):
        url = obj.get_url()
    else:
        url = obj.get_absolute_url()
    parts = urlsplit(url)
    return urlunsplit(("", "", parts.path, parts.query, parts.fragment))


def fixture_url(fixture_name, query=""):
    """A URL builder: the URL of what the fixture ``fixture_name`` returns."""

    def build(request):
        url = url_of(request.getfixturevalue(fixture_name))
        return f"{url}?{query}" if query else url

    build.__name__ = f"url_of_{fixture_name}"
    return build


PAGES_TO_SCAN = [
    PageToScan("forside", fixture_url("home_page")),
    PageToScan("kommuneoversikt", fixture_url("municipality_index")),
    PageToScan(
        "kommuneoversikt-filtrert",
        fixture_url("municipality_index", "fylke=rogaland&region=vest"),
    ),
    PageToScan("kommuneside", fixture_url("municipality_page")),
    PageToScan("standardside", fixture_url("standard_page")),
    PageToScan("personside", fixture_url("contact_person")),
    PageToScan("sok", "/sok/?q=kommune"),
    PageToScan("sok-uten-ord", "/sok/"),
    PageToScan("sok-uten-treff", "/sok/?q=zzzyxxq"),
    PageToScan("sok-mente-du", "/sok/?q=kommnue"),  # "Mente du kommune?"
    PageToScan("personer", "/personer/"),
    PageToScan("sok-for-langt", "/sok/?q=" + "kommune+" * 1250),  # 10,000 characters
    PageToScan("ikke-funnet", "/finnes-ikke/", status=404),
    # learning
    PageToScan("erfaringer", fixture_url("experience_index")),
    PageToScan(
        "erfaringer-filtrert",
        fixture_url("experience_index", "tema=bostedslose&q=oppfolging"),
    ),
    PageToScan("gode-eksempler", fixture_url("good_practice_index")),
    PageToScan("temaer", "/tema/"),
    PageToScan("presentasjoner", fixture_url("presentation_index")),
    PageToScan(
        "kalkulator",
        lambda request: (request.getfixturevalue("calculator_rates"), "/kalkulator/")[
            1
        ],
    ),
    PageToScan("resultater-kommune", fixture_url("results_page")),
    PageToScan(
        "resultater",
        lambda request: (request.getfixturevalue("results_page"), "/resultater/")[1],
    ),
    PageToScan(
        "resultater-filtrert",
        lambda request: (
            request.getfixturevalue("results_page"),
            "/resultater/?region=vest&type=bostedslose-bosatt",
        )[1],
    ),
    PageToScan(
        "apne-data",
        lambda request: (request.getfixturevalue("results_page"), "/apne-data/")[1],
    ),
    PageToScan(
        "kalkulator-med-feil",
        lambda request: (
            request.getfixturevalue("calculator_rates"),
            "/kalkulator/?homes=-1&interest_rate=abc",
        )[1],
    ),
    PageToScan("erfaringsartikkel", fixture_url("experience_article")),
    PageToScan("godt-eksempel", fixture_url("good_practice")),
    PageToScan("presentasjon", fixture_url("presentation")),
    PageToScan(
        "tema",
        lambda request: (
            request.getfixturevalue("knowledge_content"),
            "/tema/bostedslose/",
        )[1],
    ),
    PageToScan(
        "sok-avgrenset",
        lambda request: (
            request.getfixturevalue("knowledge_content"),
            "/sok/?q=bostedsl%C3%B8se&type=erfaringer&tema=bostedslose",
        )[1],
    ),
    # events
    PageToScan("samlinger", fixture_url("gathering_index")),
    PageToScan("samling-med-pamelding", fixture_url("upcoming_gathering")),
    PageToScan("samling-avholdt", fixture_url("past_gathering")),
    PageToScan("rapport", fixture_url("gathering_report")),
    PageToScan("pamelding", fixture_url("registration")),
    PageToScan(
        "evaluering",
        lambda request: request.getfixturevalue("loop_links")["evaluation"],
    ),
    PageToScan(
        "oppfolging",
        lambda request: request.getfixturevalue("loop_links")["followup"],
    ),
    PageToScan(
        "ingen-flere-eposter",
        lambda request: request.getfixturevalue("loop_links")["opt_out"],
    ),
    PageToScan("evaluering-stengt", "/evaluering/ugyldig/", status=410),
    # alerts
    PageToScan("varsler", "/varsler/"),
    PageToScan(
        "varsler-tema",
        lambda request: (
            request.getfixturevalue("knowledge_content"),
            "/varsler/?tema=bostedslose",
        )[1],
    ),
    PageToScan("varsler-mine", lambda request: _subscriber_page(request)),
    PageToScan("varsler-avmeld", lambda request: _subscriber_page(request) + "avmeld/"),
]


def _subscriber_page(request):
    """A confirmed subscriber's own page, following everything."""
    from portal import alerts
    from portal.models import Follows, Subscriber

    request.getfixturevalue("knowledge_content")
    email = "lise@example.no"
    if not Subscriber.objects.filter(email=email).exists():
        alerts.subscribe(email, [alerts.Choice(Follows.EVERYTHING)], "weekly", "nb")
        alerts.confirm(Subscriber.objects.get(email=email))
    return f"/varsler/{Subscriber.objects.get(email=email).token}/"


def in_nynorsk(entry):
    """The same page below /nn/: its interface in nynorsk."""

    def build(request):
        return "/nn" + entry.resolve(request)

    return PageToScan(f"{entry.name}-nynorsk", build, entry.status)


# Every page's HTML is checked in both written standards; in the browser, the pages in
# nynorsk whose templates differ most (the rest share them).
NYNORSK_SCANNED = {
    "forside",
    "erfaringer-filtrert",
    "kommuneside",
    "sok-mente-du",
    "kalkulator-med-feil",
    "samling-med-pamelding",
    "pamelding",
    "evaluering",
    "ikke-funnet",
    "varsler",
}
PAGES_IN_NYNORSK = [in_nynorsk(entry) for entry in PAGES_TO_SCAN]
PAGES_TO_SCAN_IN_NYNORSK = [
    in_nynorsk(entry) for entry in PAGES_TO_SCAN if entry.name in NYNORSK_SCANNED
]


def scan_params(pages=None):
    """``pytest.mark.parametrize`` values: one test per registered page, by name."""
    pages = PAGES_TO_SCAN if pages is None else pages
    return [pytest.param(entry, id=entry.name) for entry in pages]


# axe-core -----------------------------------------------------------------------------


@functools.cache
def _axe_source():
    if not AXE_SCRIPT.is_file():
        skip_or_fail(f"axe-core not found at {AXE_SCRIPT}; run `npm ci`")
    return AXE_SCRIPT.read_text(encoding="utf-8")


def preload_axe(context):
    """Make axe-core part of every top-level document the context opens.

    Chromium evaluates an init script itself when a document starts, which costs next
    to nothing; evaluating the 650 kB source with ``page.evaluate`` took 0.4 s per page.
    Like ``inject_axe`` it goes through the DevTools protocol, which the portal's
    Content-Security-Policy (script-src 'self') does not govern. Frames are left out,
    as ``inject_axe`` leaves them: axe reports on the document it runs in.

    For contexts that are scanned page after page (``new_context(axe=True)``); others
    get axe-core when a scan needs it (``inject_axe``). In the admin, Wagtail's own
    axe-core (its accessibility checker) is the one that runs either way.
    """
    context.add_init_script(
        script="if (window.top === window) {\n" + _axe_source() + "\n}"
    )


def inject_axe(page):
    """Load axe-core into the page, unless its context preloads it (``preload_axe``).

    It is evaluated through the DevTools protocol, which the portal's
    Content-Security-Policy (script-src 'self') does not govern, so this works with and
    without ``bypass_csp``; ``page.add_script_tag`` would add an inline script, which
    the policy blocks unless the context bypasses it.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
        if not page.evaluate("() => typeof window.axe === 'object'"):
            raise RuntimeError(f"axe-core did not load from {AXE_SCRIPT}")


def axe_violations(
    page, *, tags=WCAG_TAGS, context=None, disabled_rules=(), frames=True
):
    """axe-core's violations on the page as it is now (a list of axe result dicts).

    ``tags`` default to WCAG 2.0 and 2.1, levels A and AA. ``context`` is an axe
    context (a selector, or ``{"exclude": [...]}``), the whole document by default;
    ``disabled_rules`` are axe rule ids to leave out; ``frames=False`` leaves the
    documents in frames out.
    """
    inject_axe(page)
    options = {
        "runOnly": {"type": "tag", "values": list(tags)},
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in disabled_rules},
        "iframes": frames,
    }
    return page.evaluate(
        "async ([context, options]) =>"
        " (await window.axe.run(context || document, options)).violations",
        [context, options],
    )


def format_violations(violations, url=""):
    """A readable report: rule id, impact, help, and each offending node."""
    where = f" on {url}" if url else ""
    lines = [f"axe found {len(violations)} WCAG violation(s){where}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" <{violation.get('helpUrl', '')}>"
        )
        for node in violation["nodes"]:
            target = " ".join(
                " >>> ".join(part) if isinstance(part, list) else part
                for part in node["target"]
            )
            lines.append(f"    at {target}: {node['html'][:300]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"      {line}" for line in summary.splitlines())
    return "\n".join(lines)


def assert_no_axe_violations(page, **options):
    violations = axe_violations(page, **options)
    if violations:
        pytest.fail(format_violations(violations, page.url), pytrace=False)


# A clean load -------------------------------------------------------------------------


class PageProblems:
    """What went wrong while a page loaded: console errors (CSP violations among them),
    uncaught script errors, failed requests and sub-resources answering 400 or more.

    Start watching before ``page.goto``::

        problems = PageProblems(page)
        page.goto(url)
        problems.assert_none()
    """

    def __init__(self, page):
        self.page = page
        self.problems = []
        self._listeners = {
            "console": self._on_console,
            "pageerror": self._on_page_error,
            "requestfailed": self._on_request_failed,
            "response": self._on_response,
        }
        for event, listener in self._listeners.items():
            page.on(event, listener)

    def stop(self):
        """Stop watching (a tab that goes on to other pages)."""
        for event, listener in self._listeners.items():
            self.page.remove_listener(event, listener)

    def _on_page_error(self, error):
        self.problems.append(f"page error: {error}")

    def _on_console(self, message):
        if message.type != "error":
            return
        if message.location.get("url") == self.page.url and (
            "Failed to load resource" in message.text
        ):
            return  # the document's own status (a 404 page); tests check that
        self.problems.append(f"console error: {message.text}")

    def _on_request_failed(self, request):
        # A request the browser itself cancelled (the page navigated away while fonts
        # were still loading) is not a broken resource; those answer 4xx or fail otherwise.
        if request.failure and "ERR_ABORTED" in request.failure:
            return
        self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _on_response(self, response):
        if response.status >= 400 and response.request.resource_type != "document":
            self.problems.append(f"{response.status} for {response.url}")

    def assert_none(self):
        assert not self.problems, "The page did not load cleanly:\n" + "\n".join(
            self.problems
        )


def broken_images(page):
    """The src of every image that does not load; lazy images are made to load first."""
    return page.evaluate(
        """() => Promise.all([...document.images].map(image => {
            image.loading = "eager";
            return image.decode().then(() => null, () => image.currentSrc || image.src);
        })).then(sources => sources.filter(Boolean))"""
    )


def assert_no_horizontal_scroll(page):
    """The page fits the viewport's width: no sideways scrolling."""
    width, viewport = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert width <= viewport, (
        f"The page is {width}px wide in a {viewport}px viewport (sideways scrolling)"
    )


def assert_accessible(page, url, *, status=200, reflow_width=320, **axe_options):
    """Open ``url`` and fail on anything a reader would meet: a wrong HTTP status,
    console errors (CSP violations among them), failed requests, broken images,
    axe-core's WCAG 2.1 A/AA violations, and sideways scrolling at ``reflow_width``
    CSS pixels (WCAG 1.4.10 Reflow, which axe does not test; None to leave out), all
    reported together.

    ``url`` is relative to the context's ``base_url`` (the live server).
    """
    problems = PageProblems(page)
    try:
        failures = _load_and_check(page, url, status, reflow_width, axe_options)
    finally:
        problems.stop()
    if problems.problems:  # checked last: console messages may arrive late
        failures.append(
            "The page did not load cleanly:\n" + "\n".join(problems.problems)
        )
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


def _load_and_check(page, url, status, reflow_width, axe_options):
    response = page.goto(url)
    failures = []
    if response is None or response.status != status:
        got = response.status if response else "no response"
        failures.append(f"{url} answered {got}, not {status}")
    images = broken_images(page)
    if images:
        failures.append("Images that do not load: " + ", ".join(images))
    violations = axe_violations(page, **axe_options)
    if violations:
        failures.append(format_violations(violations, page.url))
    if reflow_width:
        viewport = page.viewport_size
        page.set_viewport_size({"width": reflow_width, "height": 640})
        try:
            assert_no_horizontal_scroll(page)
        except AssertionError as error:
            failures.append(f"Reflow: {error}")
        finally:
            page.set_viewport_size(viewport)
    return failures

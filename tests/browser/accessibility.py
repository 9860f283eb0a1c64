"""Reusable checks for pages in a real browser: axe-core, console errors, page registry.

Add a page to the scans (axe in Chromium, Nu Html Checker, a calm load) by adding a
``PageToScan`` to ``PAGES_TO_SCAN``; the URL may come from a fixture::

    PageToScan("samling", fixture_url("gathering_page")),          # fixture's .url
    PageToScan("søk på tema", "/sok/?q=bostedsløse"),              # a fixed path
    PageToScan("kalender", lambda request: reverse("calendar")),  # anything else

Every scan first builds the shared content (the ``site_content`` fixture in
``tests/browser/conftest.py``), so the site has navigation, footer links and search
results; a fixture named in ``fixture_url`` may build more on top of it.

In a test of your own::

    def test_my_page(page, site_content):
        assert_accessible(page, "/min-side/")
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent.parent
AXE_SCRIPT = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


# The registry --------------------------------------------------------------------------


@dataclass(frozen=True)
class PageToScan:
    """A page every scan visits: its name (the test id), its URL and its HTTP status.

    ``url`` is a path, or a callable that gets pytest's ``request`` and returns one.
    """

    name: str
    url: str | Callable[[pytest.FixtureRequest], str]
    status: int = 200

    def resolve(self, request):
        return self.url(request) if callable(self.url) else self.url


def url_of(obj):
    """The relative URL of a Wagtail page, a model with get_absolute_url, or a string."""
    if isinstance(obj, str):
        return obj
    if hasattr(obj, "get_url"):
        return obj.get_url()
    return obj.get_absolute_url()


def fixture_url(fixture_name, query=""):
    """A URL builder: the URL of the object the fixture ``fixture_name`` returns."""

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
    PageToScan("ikke-funnet", "/finnes-ikke/", status=404),
]


def scan_params(pages=None):
    """``pytest.mark.parametrize`` arguments: one test per registered page, by name."""
    pages = PAGES_TO_SCAN if pages is None else pages
    return [pytest.param(entry, id=entry.name) for entry in pages]


# axe-core -------------------------------------------------------------------------------


def axe_violations(page, *, tags=WCAG_TAGS, context=None, disabled_rules=()):
    """axe-core's violations on the page as it is now (a list of axe result dicts).

    The context must be created with ``bypass_csp=True``: the portal's
    Content-Security-Policy (script-src 'self') blocks the injected script otherwise.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
        if not page.evaluate("() => typeof window.axe === 'object'"):
            raise RuntimeError(
                "axe-core did not load; create the browser context with bypass_csp=True"
            )
    options = {
        "runOnly": {"type": "tag", "values": list(tags)},
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in disabled_rules},
    }
    return page.evaluate(
        "async ([context, options]) =>"
        " (await window.axe.run(context || document, options)).violations",
        [context, options],
    )


def format_violations(violations, url=""):
    lines = [f"axe found {len(violations)} WCAG violation(s){f' on {url}' if url else ''}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" <{violation.get('helpUrl', '')}>"
        )
        for node in violation["nodes"]:
            target = " ".join(
                ", ".join(part) if isinstance(part, list) else part
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


def assert_accessible(page, url, *, status=200, **options):
    """Open ``url`` (relative to the context's base_url) and fail on any axe violation."""
    response = page.goto(url)
    assert response is not None, f"no response for {url}"
    assert response.status == status, f"{url} answered {response.status}, not {status}"
    assert_no_axe_violations(page, **options)
    return response


# Console errors and failed requests ----------------------------------------------------


class PageProblems:
    """What went wrong while a page loaded: console errors (CSP violations among them),
    uncaught script errors, failed requests and sub-resources that answered 400 or more.

    Start watching before ``page.goto``::

        problems = PageProblems(page)
        page.goto(url)
        problems.assert_none()
    """

    def __init__(self, page):
        self.page = page
        self.problems = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)

    def _on_console(self, message):
        if message.type == "error" and not self._is_main_document_status(message):
            self.problems.append(f"console error: {message.text} ({message.location})")

    def _is_main_document_status(self, message):
        # Chromium logs "Failed to load resource: ... 404" for a 404 page itself; the
        # test checks the document's status on its own.
        return message.location.get("url") == self.page.url and (
            "Failed to load resource" in message.text
        )

    def _on_request_failed(self, request):
        self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _on_response(self, response):
        if response.status >= 400 and response.request.resource_type != "document":
            self.problems.append(f"{response.status} for {response.url}")

    def assert_none(self):
        assert not self.problems, "The page did not load cleanly:\n" + "\n".join(
            self.problems
        )


def assert_no_horizontal_scroll(page):
    """The page fits the viewport's width (no sideways scrolling at 320 CSS px)."""
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert widths[0] <= widths[1], (
        f"The page is {widths[0]}px wide in a {widths[1]}px viewport (sideways scrolling)"
    )

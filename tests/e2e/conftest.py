"""Browser tests: the site on pytest-django's live_server, driven by Debian's Chromium.

One Chromium runs for the whole session; each test gets fresh browser contexts
(no shared cookies or cache) and a page that records what it requested and
logged. Tests are marked
`django_db(transaction=True, serialized_rollback=True)`: the live server
thread can only see committed data, and the rollback flag restores the rows
Wagtail's migrations create (root page, default site, locale), which the
flush after each transactional test would otherwise delete (see
`_restorable_database`).
"""

import os
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import ConsoleMessage, Page, Response, sync_playwright

from django.db import DEFAULT_DB_ALIAS, connections

from tests.e2e.pages import WIDE

CHROMIUM = shutil.which("chromium")
SKIP_REASON = (
    "Chromium not found on PATH: browser tests skipped; install it with apt-get install chromium"
)
# The Debian package, as .ci/run installs it; never a browser fetched by
# `playwright install`. The switches stop Chromium's own calls home (updates,
# sync, field trials), which would muddy the request log.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
E2E_DIR = Path(__file__).resolve().parent
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    },
    "resultTypes": ["violations"],
}
# Runs before any page script. CSP violations are also printed to the console,
# but the event names the directive and the blocked address.
CSP_VIOLATION_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || "(inline)"}` +
        ` at ${event.sourceFile || "?"}:${event.lineNumber}`
    );
});
"""

# axe-core itself, as the axe-playwright-python package ships it.
AXE_SCRIPT = Axe().axe_script


def pytest_collection_modifyitems(config, items):
    # One clear reason instead of an error per test; CI treats any skip as a failure.
    if CHROMIUM:
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if E2E_DIR in Path(item.path).resolve().parents:
            item.add_marker(skip)


@dataclass
class PageLog:
    """Everything a page asked for and complained about while a test used it."""

    page: Page
    requests: list[str] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    console_errors: list[ConsoleMessage] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def requests_elsewhere(self, site_url: str) -> list[str]:
        site = urlsplit(site_url).netloc
        return [url for url in self.requests if not _is_same_site(url, site)]

    def errors(self) -> list[str]:
        """Console errors and uncaught exceptions, except a page's own HTTP status.

        Chromium reports a 404 or 400 document as "Failed to load resource";
        tests that expect such a status assert it themselves.
        """
        documents = {r.url for r in self.responses if r.request.resource_type == "document"}
        messages = [
            f"console: {message.text} ({message.location.get('url')})"
            for message in self.console_errors
            if not (
                message.text.startswith("Failed to load resource")
                and message.location.get("url") in documents
            )
        ]
        return messages + [f"uncaught: {error}" for error in self.page_errors]

    def failed_responses(self) -> list[str]:
        """Files the page needed that did not load (the page's own status is the test's)."""
        return [
            f"{response.status} {response.url}"
            for response in self.responses
            if response.status >= 400 and response.request.resource_type != "document"
        ]

    def csp_violations(self) -> list[str]:
        """What the Content-Security-Policy blocked on the page shown now."""
        return self.page.evaluate("window.__cspViolations || []")


def _is_same_site(url: str, site_netloc: str) -> bool:
    parts = urlsplit(url)
    # data: URLs (allowed by img-src) carry their content inline: nothing is fetched.
    return parts.scheme == "data" or parts.netloc == site_netloc


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} axe violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} [{violation['impact']}]: {violation['help']}"
            f" ({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}: {summary}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM:
        pytest.skip(SKIP_REASON)
    # Playwright's sync API leaves an asyncio event loop registered as running on
    # the main thread, so Django's "async unsafe" guard would reject the tests'
    # own synchronous ORM calls (loading content, counting form submissions) as
    # if they came from a coroutine. No Django code runs inside that loop. Set
    # only while the loop exists, so tests that run earlier keep the guard.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session", autouse=True)
def _restorable_database(browser, django_db_setup, django_db_blocker):
    """Gives `serialized_rollback` a snapshot it can restore in every browser test.

    The transactional browser tests each end with a flush of every table,
    Wagtail's migrated rows (root page, default site, locale) included;
    `serialized_rollback` reloads a snapshot at the start of each. Django
    keeps that snapshot on the connection object, but while Playwright's
    event loop runs, Django gives this thread a different connection object
    (asgiref keeps separate storage for async contexts), which has none.
    Browser tests run after every rolled-back test, so the database now holds
    exactly what a fresh test database holds (migrations, plus the initial
    content if tests/conftest.py loaded it): snapshot that. Restoring it over
    the same rows before the first flush changes nothing.
    """
    with django_db_blocker.unblock():
        connection = connections[DEFAULT_DB_ALIAS]
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture
def open_page(browser, live_server, site_content):
    """Opens a page in a new browser context (its own cookies), recording what it does.

    Keyword arguments go to `browser.new_context` (viewport, reduced_motion...).
    Returns (page, log). Requesting it loads the initial content first.
    """
    contexts = []
    site_netloc = urlsplit(live_server.url).netloc

    def open_page(**context_options) -> tuple[Page, PageLog]:
        context = browser.new_context(
            base_url=live_server.url, **{"viewport": WIDE, **context_options}
        )
        contexts.append(context)
        # Failures should show up in seconds, not after Playwright's 30 s default.
        context.set_default_timeout(10_000)
        # The tests themselves never reach a third party: such requests are
        # logged (the request event fires first) and then stopped here.
        context.route(
            lambda url: (
                urlsplit(url).scheme in ("http", "https") and not _is_same_site(url, site_netloc)
            ),
            lambda route: route.abort(),
        )
        context.add_init_script(CSP_VIOLATION_RECORDER)
        page = context.new_page()
        log = PageLog(page)
        page.on("request", lambda request: log.requests.append(request.url))
        page.on("response", lambda response: log.responses.append(response))
        page.on(
            "console",
            lambda message: (
                log.console_errors.append(message) if message.type == "error" else None
            ),
        )
        page.on("pageerror", lambda error: log.page_errors.append(str(error)))
        return page, log

    yield open_page
    for context in contexts:
        context.close()
    _live_server_requests_wait()


def _live_server_requests_wait(timeout: float = 5.0) -> None:
    """Wait until the live server has finished the requests a closed page left running.

    The admin keeps talking to the server (preview refreshes, editing-session pings);
    a request still running when the next test empties the database would fail
    halfway, or write into the next test's data.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(
        thread.is_alive() and "process_request_thread" in thread.name
        for thread in threading.enumerate()
    ):
        time.sleep(0.02)


@pytest.fixture
def without_autosave(settings):
    """Wagtail's editor saves a draft a moment after each edit (WAGTAIL_AUTOSAVE_INTERVAL).
    On a new page, a click on Save draft or Submit while that first save is still on its
    way is refused ("the page could not be created": the autosave has just created it),
    which a busy test machine makes likely. Tests whose subject is not autosave, and the
    preview tests, which need the page unsaved, switch it off."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0


@pytest.fixture
def _default_page(open_page):
    return open_page()


@pytest.fixture
def page(_default_page) -> Page:
    """A wide-screen page for an anonymous visitor; the site content is loaded."""
    return _default_page[0]


@pytest.fixture
def page_log(_default_page) -> PageLog:
    """What `page` requested and logged."""
    return _default_page[1]


def axe_violations(page: Page) -> list[dict]:
    """axe-core's WCAG 2.0-2.2 A and AA violations on the page as it is now."""
    # A page reached by a click may still be fetching its stylesheet: axe measures what
    # the visitor sees once it has loaded (target sizes, contrast), not the bare HTML.
    page.wait_for_load_state("load")
    # axe-core is added once per document, so a test that changes the screen size or
    # theme of the page it has open checks it again without loading either again.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]


@pytest.fixture
def assert_accessible():
    """Runs axe-core on a page; fails listing each violation."""

    def check(page: Page) -> None:
        violations = axe_violations(page)
        if violations:
            # pytest.fail rather than assert: the readable list, not a repr of the raw results.
            pytest.fail(format_violations(page.url, violations), pytrace=False)

    return check

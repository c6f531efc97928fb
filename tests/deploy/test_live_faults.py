"""Faults and load on the live stack: PostgreSQL going away, and a burst of inquiries."""

import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest

from deploy import stack
from tests import databases
from tests.deploy.conftest import (
    POSTGRES_URL,
    Browser,
    form_token,
    free_port,
    get,
    poll,
    request,
)
from tests.deploy.test_readiness import set_connections_allowed
from tests.practice_site.test_contact_form import address_not_near_a_window_end

PUBLIC_PAGES = ["/", "/blog/treatment-resistant-depression/"]
CONTACT_PATH = "/contact/"
THANK_YOU_PATH = "/contact/thank-you/"
INQUIRIES = 100
# The form refuses anything sent sooner than CONTACT_FORM_MIN_SECONDS (3) after
# it was shown; a little more keeps clock rounding from turning a visitor away.
FORM_FILL_SECONDS = 3.2
# One visitor address for all of them (documentation range, RFC 5737).
VISITOR_ADDRESS = "192.0.2.10"


@pytest.fixture
def app_server_with_content_on_its_own_database(production_stack, tmp_path):
    """One more gunicorn, on a migrated database with the initial pages, all its own."""
    database_url = databases.postgres_migrated_database_create(
        f"practice_deploy_live_faults_{free_port()}", POSTGRES_URL
    )
    address = f"127.0.0.1:{free_port()}"
    env = {**production_stack.env, "DATABASE_URL": database_url, "WEB_CONCURRENCY": "1"}
    service = None
    try:
        # Static files are already collected by the session's stack; the database is a
        # migrated copy (tests/databases.py).
        stack.manage(env, "load_initial_data")
        service = stack.gunicorn_start(env, address, tmp_path / "gunicorn.log")
        stack.wait_until_ready(f"http://{address}/readyz", [service])
        yield f"http://{address}", database_url
    finally:
        if service:
            service.stop()
        stack.database_drop(database_url)


def test_public_pages_answer_a_friendly_503_while_postgresql_is_down_and_recover(
    app_server_with_content_on_its_own_database,
):
    app_url, database_url = app_server_with_content_on_its_own_database
    for path in PUBLIC_PAGES:
        assert get(app_url + path).status == 200, path

    set_connections_allowed(database_url, False)
    try:
        down, _ = poll(lambda: get(app_url + PUBLIC_PAGES[0]).status == 503, timeout=10)
        outage = {path: get(app_url + path) for path in PUBLIC_PAGES}
    finally:
        set_connections_allowed(database_url, True)

    assert down
    for path, response in outage.items():
        assert response.status == 503, (path, response.status, response.text[:500])
        assert "We will be back shortly" in response.text, path
        assert "988" in response.text, path
        assert response.header("Retry-After"), path
        assert "no-store" in response.header("Cache-Control"), path

    # The same process serves pages again once PostgreSQL takes connections: no restart.
    for path in PUBLIC_PAGES:
        recovered, seconds = poll(lambda path=path: get(app_url + path).status == 200, timeout=5)
        assert recovered, f"{path} still failing {seconds:.1f} s after the database returned"


@dataclass
class OpenForm:
    """The contact form as one visitor's browser got it."""

    browser: Browser
    html: str
    shown_at: float


def _inquiry_form_open(app_url: str) -> OpenForm:
    browser = Browser()
    page = browser.get(app_url + CONTACT_PATH)
    assert page.status == 200, page.status
    return OpenForm(browser, page.text, time.monotonic())


def _submit_inquiry(app_url: str, number: int, address: str = VISITOR_ADDRESS) -> tuple[int, str]:
    return _inquiry_send(app_url, _inquiry_form_open(app_url), number, address)


def _inquiry_send(
    app_url: str, form: OpenForm, number: int, address: str = VISITOR_ADDRESS
) -> tuple[int, str]:
    """Sends the form once the visitor has spent FORM_FILL_SECONDS on it; (status, Location)."""
    started = _hidden_value(form.html, "form_started")
    time.sleep(max(0.0, FORM_FILL_SECONDS - (time.monotonic() - form.shown_at)))
    response = request(
        "POST",
        app_url + CONTACT_PATH,
        headers=form.browser._headers(
            {
                "Content-Type": "application/x-www-form-urlencoded",
                # What nginx adds in front of gunicorn: production settings read the
                # visitor's address from it, and the rate limit cannot work without it.
                "X-Real-IP": address,
            }
        ),
        body=urlencode(
            {
                "csrfmiddlewaretoken": form_token(form.html),
                "form_started": started,
                "name": f"Load Test {number}",
                "contact_method": "phone",
                "phone": "(917) 555-0182",
                "consent": "on",
                "website": "",
            }
        ).encode(),
    )
    return response.status, response.header("Location")


def _hidden_value(html: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
    return re.search(r'value="([^"]*)"', tag).group(1)


def _submission_count(database_url: str) -> int:
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as connection:
        return connection.execute("SELECT count(*) FROM wagtailforms_formsubmission").fetchone()[0]


@pytest.fixture
def app_server_without_rate_limit(production_stack, tmp_path):
    """One more gunicorn on the stack's database, its per-address rate limits raised.

    All the test's visitors come from one address, which the usual 5 inquiries
    (and 30 attempts) an hour would turn away; the other app servers keep the
    production limits.
    """
    address = f"127.0.0.1:{free_port()}"
    env = {
        **production_stack.env,
        "CONTACT_FORM_RATE_LIMIT": "1000/m",
        "CONTACT_FORM_ATTEMPT_RATE_LIMIT": "1000/m",
        "WEB_CONCURRENCY": "2",
    }
    service = stack.gunicorn_start(env, address, tmp_path / "gunicorn.log")
    try:
        stack.wait_until_ready(f"http://{address}/readyz", [service])
        yield f"http://{address}"
    finally:
        service.stop()


def test_one_hundred_parallel_inquiries_store_exactly_one_hundred_rows(
    production_stack, app_server_without_rate_limit
):
    database_url = production_stack.env["DATABASE_URL"]
    before = _submission_count(database_url)

    with ThreadPoolExecutor(max_workers=20) as pool:
        # A hundred visitors open the form, and once they have filled it in (the form
        # refuses a faster one), all send it at about the same time.
        forms = list(
            pool.map(lambda _: _inquiry_form_open(app_server_without_rate_limit), range(INQUIRIES))
        )
        started = time.monotonic()
        results = list(
            pool.map(
                lambda number: _inquiry_send(app_server_without_rate_limit, forms[number], number),
                range(INQUIRIES),
            )
        )
    elapsed = time.monotonic() - started

    assert results == [(302, THANK_YOU_PATH)] * INQUIRIES, [
        result for result in results if result != (302, THANK_YOU_PATH)
    ][:5]
    assert _submission_count(database_url) - before == INQUIRIES
    assert elapsed < 60


def test_a_flood_from_one_address_is_refused_by_every_app_server_and_others_get_through(
    production_stack,
):
    """The attempts limit (30 an hour) is counted in Redis, so both app servers share it."""
    app_urls = production_stack.app_urls
    browser = Browser()
    page = browser.get(app_urls[0] + CONTACT_PATH)
    flooder = address_not_near_a_window_end("198.51.100.0/24")
    body = urlencode(
        {
            "csrfmiddlewaretoken": form_token(page.text),
            "form_started": _hidden_value(page.text, "form_started"),
            "name": "Flood Example",
            "contact_method": "phone",
            "phone": "(917) 555-0182",
            "consent": "on",
            "website": "http://spam.example",
        }
    ).encode()
    headers = browser._headers(
        {"Content-Type": "application/x-www-form-urlencoded", "X-Real-IP": flooder}
    )

    flood = [
        request("POST", app_urls[number % 2] + CONTACT_PATH, headers=headers, body=body)
        for number in range(100)
    ]

    assert [r.status for r in flood] == [400] * 30 + [429] * 70
    refused = flood[-1]
    assert 0 < int(refused.header("Retry-After")) <= 3600
    assert "Please try again later" in refused.text
    assert 'value="Flood Example"' in refused.text  # what was typed is still there
    other = "198.51.100.1" if flooder != "198.51.100.1" else "198.51.100.2"
    assert _submit_inquiry(app_urls[1], number=0, address=other) == (302, THANK_YOU_PATH)

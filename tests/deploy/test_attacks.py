"""Attacks on the production stack (nginx, gunicorn, Redis) and what stops them.

Visitors come from distinct loopback addresses (127.0.3.x and so on): the client
socket is bound to them, so nginx sees them as the TCP peer, as it would see
visitors on the internet. docs/reliability.md lists these attacks and results.
"""

import http.client
import time
from urllib.parse import urlencode, urlsplit

import pytest
import redis

from deploy import stack
from practice_site.caching.front_cache.url_registry import CACHED_URLS_KEY
from tests.deploy.conftest import (
    ADMIN_PASSWORD,
    ADMIN_USERNAME,
    PURGE_SECRET,
    REDIS_URL,
    SESSION_COOKIE,
    Response,
    form_token,
    free_port,
    get,
    request,
)
from tests.deploy.test_live_faults import FORM_FILL_SECONDS, _hidden_value
from tests.practice_site.test_contact_form import address_not_near_a_window_end

CONTACT_PATH = "/contact/"
THANK_YOU_PATH = "/contact/thank-you/"
LOGIN_PATH = "/admin/login/"


def request_from(
    source: str, method: str, url: str, *, headers=None, body: bytes | None = None
) -> Response:
    """One request from the loopback address `source`."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(
        parts.hostname, parts.port, timeout=30, source_address=(source, 0)
    )
    try:
        connection.request(method, parts.path or "/", body=body, headers=headers or {})
        response = connection.getresponse()
        return Response(
            response.status, response.headers, response.read().decode(errors="replace")
        )
    finally:
        connection.close()


class Visitor:
    """A browser at one address; cookies kept by hand (they are Secure)."""

    def __init__(self, source: str, forwarded_for: str | None = None):
        self.source = source
        self.forwarded_for = forwarded_for
        self.cookies: dict[str, str] = {}

    def _headers(self, extra=None):
        headers = dict(extra or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.forwarded_for:
            headers["X-Forwarded-For"] = self.forwarded_for
        return headers

    def get(self, url: str) -> Response:
        response = request_from(self.source, "GET", url, headers=self._headers())
        self.cookies.update(response.cookies())
        return response

    def post(self, url: str, data: dict) -> Response:
        response = request_from(
            self.source,
            "POST",
            url,
            headers=self._headers({"Content-Type": "application/x-www-form-urlencoded"}),
            body=urlencode(data).encode(),
        )
        self.cookies.update(response.cookies())
        return response


def send_inquiries(base_url: str, visitors: list[Visitor]) -> list[tuple[int, str]]:
    """Each visitor opens the contact form, takes a few seconds, and sends it."""
    forms = [visitor.get(base_url + CONTACT_PATH) for visitor in visitors]
    assert [form.status for form in forms] == [200] * len(visitors)
    time.sleep(FORM_FILL_SECONDS)
    results = []
    for number, (visitor, form) in enumerate(zip(visitors, forms, strict=True)):
        response = visitor.post(
            base_url + CONTACT_PATH,
            {
                "csrfmiddlewaretoken": form_token(form.text),
                "form_started": _hidden_value(form.text, "form_started"),
                "name": f"Visitor {number}",
                "contact_method": "phone",
                "phone": "(917) 555-0182",
                "consent": "on",
                "website": "",
            },
        )
        results.append((response.status, response.header("Location")))
    return results


@pytest.fixture(scope="module")
def trusted_front(production_stack, tmp_path_factory):
    """A second nginx in front of the same app servers, believing X-Forwarded-For
    from 127.0.0.1 only (TRUSTED_PROXIES=127.0.0.1), as behind a TLS front."""
    state_dir = tmp_path_factory.mktemp("trusted-front")
    stack.state_dir_prepare(state_dir)
    listen = f"127.0.0.1:{free_port()}"
    config_path = state_dir / "nginx.conf"
    config_path.write_text(
        stack.nginx_config_render(
            state_dir=state_dir,
            listen=listen,
            https_listen=f"127.0.0.1:{free_port()}",
            tls_certificate=production_stack.tls_certificate,
            app_addresses=[urlsplit(url).netloc for url in production_stack.app_urls],
            media_root=state_dir,
            access_log=str(state_dir / "access.log"),
            purge_secret=PURGE_SECRET,
            trusted_proxies=["127.0.0.1"],
        )
    )
    service = stack.nginx_start(config_path, state_dir / "nginx.log")
    try:
        stack.wait_until_ready(f"http://{listen}/readyz", [service])
        yield f"http://{listen}"
    finally:
        service.stop()


def test_visitors_at_distinct_addresses_each_get_their_own_contact_limit(production_stack):
    # The limit is five inquiries an hour per client; seven people send one each.
    visitors = [Visitor(f"127.0.3.{number}") for number in range(1, 8)]

    results = send_inquiries(production_stack.proxy_url, visitors)

    assert results == [(302, THANK_YOU_PATH)] * 7


def test_behind_a_trusted_front_the_forwarded_address_is_the_client(trusted_front):
    visitors = [
        Visitor("127.0.0.1", forwarded_for=f"198.51.100.7, 203.0.113.{number}")
        for number in range(1, 8)
    ]

    assert send_inquiries(trusted_front, visitors) == [(302, THANK_YOU_PATH)] * 7


def test_an_untrusted_peers_forwarded_address_is_ignored(trusted_front):
    # One machine (not a trusted front) claiming a new address on every request:
    # all of them count as its own, so the sixth inquiry is refused.
    source = address_not_near_a_window_end("127.0.4.0/28")
    visitors = [Visitor(source, forwarded_for=f"203.0.113.{100 + number}") for number in range(6)]

    results = send_inquiries(trusted_front, visitors)

    assert results[:5] == [(302, THANK_YOU_PATH)] * 5
    assert results[5][0] == 429


def _sign_in(visitor: Visitor, base_url: str, username: str, password: str) -> Response:
    page = visitor.get(base_url + LOGIN_PATH)
    return visitor.post(
        base_url + LOGIN_PATH,
        {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": form_token(page.text),
            "next": "/admin/",
        },
    )


def test_a_strangers_failed_sign_ins_do_not_lock_out_the_real_user(production_stack):
    stranger = Visitor("127.0.5.1")
    failures = [
        _sign_in(stranger, production_stack.proxy_url, ADMIN_USERNAME, "guess").status
        for _ in range(6)
    ]
    assert failures == [200] * 4 + [429] * 2  # the stranger is locked out

    signed_in = _sign_in(
        Visitor("127.0.5.2"), production_stack.proxy_url, ADMIN_USERNAME, ADMIN_PASSWORD
    )

    assert signed_in.status == 302, signed_in.text[:300]
    assert SESSION_COOKIE in signed_in.cookies()


def test_one_address_spraying_a_password_over_many_user_names_is_refused(production_stack):
    sprayer = Visitor(address_not_near_a_window_end("127.0.6.0/28"))
    page = sprayer.get(production_stack.proxy_url + LOGIN_PATH)
    token = form_token(page.text)

    statuses = [
        sprayer.post(
            production_stack.proxy_url + LOGIN_PATH,
            {
                "username": f"staff{number}",
                "password": "Winter2026!",
                "csrfmiddlewaretoken": token,
            },
        )
        for number in range(25)
    ]

    # SIGN_IN_FAILURE_RATE_LIMIT: 20 failures an hour per address.
    assert [response.status for response in statuses] == [200] * 20 + [429] * 5
    assert 0 < int(statuses[-1].header("Retry-After")) <= 3600
    assert "Too many attempts" in statuses[-1].text


def _cached_urls() -> set[str]:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        return {member.decode() for member in client.smembers(CACHED_URLS_KEY)}
    finally:
        client.close()


@pytest.mark.parametrize("host", ["127.0.0.1:6666", "evil.example", "127.0.0.1"])
def test_a_request_for_an_unconfigured_host_is_refused_and_the_cache_stays_clean(
    production_stack, host
):
    path = f"/blog/?poison={host}"  # a fresh cache entry per host
    page_path = "/treatments/"
    production_stack.purge(page_path)
    # What other tests' requests put in the registry (through the trusted front, say)
    # is not this test's subject.
    cached_before = _cached_urls()

    poisoned = get(production_stack.proxy_url + page_path, headers={"Host": host})
    also = get(production_stack.proxy_url + path, headers={"Host": host})
    normal = get(production_stack.proxy_url + page_path)

    assert poisoned.status == 421
    assert also.status == 421
    assert "does not serve the site" in poisoned.text
    assert normal.status == 200
    assert f'<link rel="canonical" href="{production_stack.proxy_url}{page_path}">' in normal.text
    assert "6666" not in normal.text
    added = _cached_urls() - cached_before
    assert [url for url in added if not url.startswith(production_stack.proxy_url + "/")] == []


def test_the_app_records_cached_urls_on_the_configured_address_whatever_the_host(
    production_stack,
):
    # Straight to gunicorn (nginx would refuse it): the Host's port never reaches the
    # list of URLs to purge.
    response = get(production_stack.app_urls[0] + "/team/", headers={"Host": "127.0.0.1:6666"})

    assert response.status == 200
    assert "s-maxage" in response.header("Cache-Control")
    urls = _cached_urls()
    assert production_stack.proxy_url + "/team/" in urls
    assert not [url for url in urls if "6666" in url]


def test_purge_needs_the_shared_secret(production_stack):
    path = "/treatments/"
    get(production_stack.proxy_url + path)
    assert get(production_stack.proxy_url + path).cache_status == "HIT"

    without = request("PURGE", production_stack.proxy_url + path)
    wrong = request("PURGE", production_stack.proxy_url + path, headers={"X-Purge-Secret": "x"})
    still_cached = get(production_stack.proxy_url + path).cache_status
    right = request(
        "PURGE", production_stack.proxy_url + path, headers={"X-Purge-Secret": PURGE_SECRET}
    )
    after = get(production_stack.proxy_url + path).cache_status

    assert (without.status, wrong.status) == (403, 403)
    assert still_cached == "HIT"
    assert right.status == 200
    assert after == "MISS"

"""Faults and load on the live stack: a hung Redis, slow clients, cache floods, search floods.

Each test repeats an attack on the production stack (real nginx, gunicorn, Redis and
PostgreSQL) and checks what a visitor would notice: how long pages take, the status,
the headers, whether another client is still served.
"""

import contextlib
import http.client
import ipaddress
import re
import selectors
import socket
import threading
import time
from urllib.parse import urlsplit

import pytest
from django_ratelimit.core import _get_window

from deploy import stack
from tests.deploy.conftest import Browser, form_token, free_port, get, request

ARTICLE = "/blog/treatment-resistant-depression/"
PAGES = ["/", ARTICLE, "/blog/", "/contact/", "/search/?q=depression"]
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
    "Permissions-Policy",
)
# A visitor-facing page must answer within this, whatever the cache does.
PAGE_SECONDS = 2.0
SLOW_CONNECTIONS = 2000


def request_from(source: str, method: str, url: str, *, headers=None, body=None, timeout=5):
    """One request from a given loopback address (127.0.0.0/8 is all this machine's)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(
        parts.hostname, parts.port, timeout=timeout, source_address=(source, 0)
    )
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, target, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode(errors="replace")
    finally:
        connection.close()


def raw_exchange(url: str, data: bytes) -> tuple[int, dict[str, str], str]:
    """Send bytes as they are (malformed requests http.client will not make)."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        sock.sendall(data)
        # Read the response itself, not until the connection closes: after a 413
        # nginx keeps it open a while for the body it refused (lingering close).
        response = http.client.HTTPResponse(sock)
        response.begin()
        body = response.read().decode(errors="replace")
        headers = {name.lower(): value for name, value in response.getheaders()}
        return response.status, headers, body


def assert_security_headers(what: str, headers) -> None:
    lowered = {name.lower(): value for name, value in headers.items()}
    missing = [name for name in SECURITY_HEADERS if not lowered.get(name.lower())]
    assert not missing, f"{what} lacks {missing}"
    assert "default-src" in lowered["content-security-policy"], what
    assert "unsafe-inline" not in lowered["content-security-policy"], what
    assert lowered["x-content-type-options"] == "nosniff", what
    assert lowered["x-frame-options"] == "DENY", what


def address_with_a_full_minute(network: str) -> str:
    """An address whose one-minute rate-limit window has 30+ seconds left."""
    for address in ipaddress.ip_network(network).hosts():
        if _get_window(str(address), 60) - time.time() > 30:
            return str(address)
    raise AssertionError(f"no address in {network} has time to spare")


# A hung Redis -------------------------------------------------------------------


class HungRedis:
    """A listener on a free loopback port that accepts connections and never answers."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(128)
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while not self.stopping.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            self.accepted.append(connection)  # held open, never read or answered

    def close(self):
        self.stopping.set()
        self.thread.join(timeout=2)
        for connection in self.accepted:
            connection.close()
        self.listener.close()


@pytest.fixture
def app_server_on_a_hung_redis(production_stack, tmp_path):
    # A page's first view makes its image renditions (CPU work, stored in the database):
    # done here, through the healthy stack, so the test times what a hung cache costs.
    for path in PAGES:
        get(production_stack.app_urls[0] + path)
    hung = HungRedis()
    address = f"127.0.0.1:{free_port()}"
    env = {
        **production_stack.env,
        "REDIS_URL": f"redis://127.0.0.1:{hung.port}/8",
        "WEB_CONCURRENCY": "2",
    }
    service = stack.gunicorn_start(env, address, tmp_path / "gunicorn.log")
    try:
        # /readyz rightly says 503 (the cache does not answer); /healthz is up.
        stack.wait_until_ready(f"http://{address}/healthz", [service])
        yield f"http://{address}", hung
    finally:
        service.stop()
        hung.close()


def test_every_page_is_served_quickly_while_redis_accepts_and_never_answers(
    app_server_on_a_hung_redis,
):
    app_url, hung = app_server_on_a_hung_redis
    timings = {}
    for round_number in range(2):
        for path in PAGES:
            started = time.monotonic()
            response = get(app_url + path)
            timings[(round_number, path)] = (response.status, time.monotonic() - started)

    browser = Browser()
    page = browser.get(app_url + "/contact/")
    started_field = re.search(r'name="form_started"[^>]*value="([^"]*)"', page.text)
    time.sleep(3.2)  # the form refuses anything sent sooner than 3 s after it was shown
    started = time.monotonic()
    posted = browser.post(
        app_url + "/contact/",
        {
            "csrfmiddlewaretoken": form_token(page.text),
            "form_started": started_field.group(1),
            "name": "Hung Cache Example",
            "contact_method": "phone",
            "phone": "(917) 555-0182",
            "consent": "on",
            "website": "",
        },
    )
    timings["POST /contact/"] = (posted.status, time.monotonic() - started)

    assert hung.accepted, "the app server never reached the hung Redis"
    slow_or_failed = {
        what: (status, round(seconds, 2))
        for what, (status, seconds) in timings.items()
        if status >= 500 or seconds >= PAGE_SECONDS
    }
    assert not slow_or_failed, slow_or_failed
    assert posted.status == 302, posted.status  # the inquiry was stored
    assert all(status == 200 for (status, _) in list(timings.values())[:-1]), timings


# Slow clients -----------------------------------------------------------------


# A whole header and the first bytes of a body that never comes. (nginx closes
# connections still waiting for their header itself when it runs short of them;
# one in the middle of a body it must keep until client_body_timeout.)
SLOW_REQUEST = (
    b"POST /contact/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nname="
)


def _open_slow_connections(host: str, port: int, count: int, deadline: float) -> list:
    """count sockets from 127.0.0.1, each with part of a request sent, then left waiting."""
    selector = selectors.DefaultSelector()
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket()
            sock.setblocking(False)
            sock.bind(("127.0.0.1", 0))
            sock.connect_ex((host, port))
            sockets.append(sock)
            selector.register(sock, selectors.EVENT_WRITE)
        pending = len(sockets)
        while pending and time.monotonic() < deadline:
            for key, _ in selector.select(timeout=0.1):
                with contextlib.suppress(OSError):
                    key.fileobj.send(SLOW_REQUEST)
                selector.unregister(key.fileobj)
                pending -= 1
    finally:
        selector.close()
    return sockets


def test_two_thousand_slow_connections_from_one_address_leave_the_site_to_others(
    production_stack,
):
    parts = urlsplit(production_stack.proxy_url)
    # Its image renditions made first (a first view's CPU work, not what is measured).
    get(production_stack.proxy_url + ARTICLE)
    sockets = _open_slow_connections(
        parts.hostname, parts.port, SLOW_CONNECTIONS, deadline=time.monotonic() + 10
    )
    try:
        time.sleep(1)  # let nginx accept what it can
        started = time.monotonic()
        status, _, text = request_from("127.0.0.2", "GET", production_stack.proxy_url + ARTICLE)
        seconds = time.monotonic() - started
    finally:
        for sock in sockets:
            sock.close()

    assert status == 200
    assert "988" in text
    assert seconds < PAGE_SECONDS, f"the article took {seconds:.1f} s"


def test_a_request_flood_from_one_address_gets_429_and_others_are_served(production_stack):
    flood = [
        request_from("127.0.0.4", "GET", production_stack.proxy_url + "/")[:2] for _ in range(80)
    ]
    other = request_from("127.0.0.5", "GET", production_stack.proxy_url + "/")

    statuses = [status for status, _ in flood]
    assert statuses[0] == 200
    assert 429 in statuses, statuses
    refused = next(headers for status, headers in flood if status == 429)
    assert int(refused["Retry-After"]) > 0
    assert_security_headers("nginx's 429", refused)
    assert other[0] == 200


# The static cache ---------------------------------------------------------------


def _cache_entries(production_stack) -> int:
    return sum(1 for path in (production_stack.state_dir / "cache").rglob("*") if path.is_file())


def test_query_strings_on_static_files_do_not_grow_the_proxy_cache(production_stack):
    proxy = production_stack.proxy_url
    stylesheet = re.search(
        r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', get(proxy + "/").text
    ).group(1)
    get(proxy + stylesheet)
    before = _cache_entries(production_stack)

    responses = [get(f"{proxy}{stylesheet}?n={number}") for number in range(1, 201)]

    assert {r.status for r in responses} == {200}
    assert {r.cache_status for r in responses} == {"HIT"}
    assert _cache_entries(production_stack) == before


# Search floods ------------------------------------------------------------------


def test_search_beyond_its_limit_answers_429_with_the_crisis_line_on_every_app_server(
    production_stack,
):
    """SEARCH_RATE_LIMIT (20 a minute per address) is counted in Redis: shared by both."""
    app_urls = production_stack.app_urls
    flooder = address_with_a_full_minute("198.18.0.0/24")

    searches = [
        request("GET", app_urls[number % 2] + "/search/?q=suicide", headers={"X-Real-IP": flooder})
        for number in range(25)
    ]
    other = request("GET", app_urls[0] + "/search/?q=suicide", headers={"X-Real-IP": "198.18.1.1"})

    assert [r.status for r in searches] == [200] * 20 + [429] * 5
    refused = searches[-1]
    assert 0 < int(refused.header("Retry-After")) <= 60
    assert "Please wait about" in refused.text
    assert "988" in refused.text  # the crisis line, on every page
    assert "crisis-help" in refused.text  # and the help for what was searched
    assert 'value="suicide"' in refused.text  # what was typed is still in the box
    assert_security_headers("the search 429", refused.headers)
    assert other.status == 200


def test_the_proxy_limits_search_per_client_with_a_friendly_429(production_stack):
    proxy = production_stack.proxy_url
    flood = [request_from("127.0.0.3", "GET", proxy + "/search/?q=depression") for _ in range(20)]
    other = request_from("127.0.0.6", "GET", proxy + "/search/?q=depression")

    statuses = [status for status, _, _ in flood]
    assert statuses[:11] == [200] * 11  # a burst of 10 beyond the first
    assert 429 in statuses[11:], statuses
    _, headers, text = next(response for response in flood if response[0] == 429)
    assert int(headers["Retry-After"]) > 0
    assert "988" in text and "911" in text
    assert_security_headers("nginx's search 429", headers)
    assert other[0] == 200


# Security headers on every error ----------------------------------------------


@pytest.fixture
def proxy_without_app(production_stack, tmp_path):
    """A second nginx from the same template, its app servers nowhere: every page is a 502."""
    stack.state_dir_prepare(tmp_path)
    listen = f"127.0.0.1:{free_port()}"
    config = tmp_path / "nginx.conf"
    config.write_text(
        stack.nginx_config_render(
            state_dir=tmp_path,
            listen=listen,
            https_listen=f"127.0.0.1:{free_port()}",
            tls_certificate=production_stack.tls_certificate,
            app_addresses=[f"127.0.0.1:{free_port()}"],
            media_root=tmp_path,
            access_log=str(tmp_path / "access.log"),
        )
    )
    service = stack.nginx_start(config, tmp_path / "nginx.log")
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(listen.split(":"), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, service.log_tail()
                time.sleep(0.1)
        yield f"http://{listen}"
    finally:
        service.stop()


def test_every_error_from_nginx_carries_the_security_headers(production_stack, proxy_without_app):
    proxy = production_stack.proxy_url
    host = urlsplit(proxy).netloc
    answers = {
        "400 bad request line": raw_exchange(proxy, b"NONSENSE\r\n\r\n"),
        "403 purge from elsewhere": request_from("127.0.0.7", "PURGE", proxy + "/"),
        "404 private media": request_from("127.0.0.7", "GET", proxy + "/media/documents/x.pdf"),
        "405 on media": request_from("127.0.0.7", "DELETE", proxy + "/media/images/x.jpg"),
        "414 address too long": raw_exchange(
            proxy, f"GET /{'a' * 20000} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
        ),
        "413 too large": raw_exchange(
            proxy,
            f"POST /contact/ HTTP/1.1\r\nHost: {host}\r\nContent-Length: 12000000\r\n"
            "Connection: close\r\n\r\n".encode(),
        ),
        "502 app down": request_from("127.0.0.7", "GET", proxy_without_app + "/"),
    }
    for what, (status, headers, text) in answers.items():
        assert status == int(what.split()[0]), (what, status, text[:300])
        assert_security_headers(what, headers)
        assert "988" in text, what
    assert answers["502 app down"][1]["Retry-After"]


def test_every_error_from_django_carries_the_security_headers(production_stack):
    app = production_stack.app_urls[0]
    answers = {
        400: request("GET", app + "/", headers={"Host": "evil.example"}),
        403: request(
            "POST",
            app + "/contact/",
            body=b"name=x",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ),
        404: get(app + "/no-such-page/"),
        405: request("PUT", app + "/"),
    }
    for status, response in answers.items():
        assert response.status == status, (status, response.text[:300])
        assert_security_headers(f"Django's {status}", response.headers)
        assert "988" in response.text, status

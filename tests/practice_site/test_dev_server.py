"""`DJANGO_DEBUG=false make run`: the development server shows the site's own styled 404."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.html import parse
from tests.manage_processes import MANAGE_PROCESSES_GROUP, PROJECT_DIR, manage_environment

pytestmark = pytest.mark.xdist_group(MANAGE_PROCESSES_GROUP)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url):
    """(status, content type, body) of a GET, error statuses included."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback URL
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


class Response:
    """Enough of a response for tests.html.parse."""

    def __init__(self, body):
        self.content = body.encode()


@pytest.fixture(scope="module")
def dev_server(tmp_path_factory, loaded_sqlite_database):
    """runserver with the development settings and DEBUG off, as `make run` starts it,
    on a database as `make load-data` leaves it."""
    database = loaded_sqlite_database(tmp_path_factory.mktemp("dev") / "dev.sqlite3")
    env = manage_environment(f"sqlite:///{database}", DJANGO_DEBUG="false")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the development server did not start") from None
                time.sleep(0.2)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_missing_page_shows_the_sites_styled_404(dev_server):
    status, content_type, body = fetch(f"{dev_server}/no-such-page/")

    assert status == 404
    assert content_type.startswith("text/html")
    soup = parse(Response(body))
    assert soup.h1.get_text(strip=True) == "Page not found"
    assert "988" in soup.get_text()  # the crisis line, as on every page
    assert "Using the URLconf" not in body  # Django's debug page
    stylesheets = [link["href"] for link in soup.select('link[rel="stylesheet"]')]
    assert stylesheets
    for href in stylesheets:
        css_status, css_type, css = fetch(f"{dev_server}{href}")
        assert css_status == 200, href
        assert css_type.startswith("text/css")
        assert css.strip()


def test_pages_and_their_static_files_are_served(dev_server):
    status, _, body = fetch(f"{dev_server}/")
    assert status == 200

    scripts = [script["src"] for script in parse(Response(body)).select("script[src]")]
    for src in scripts:
        assert fetch(f"{dev_server}{src}")[0] == 200, src

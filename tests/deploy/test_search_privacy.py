"""What visitors search for stays out of every log on the production stack.

Searches can be about someone's own crisis: the proxy and the app servers log
the path only, and a search that suggests risk is answered with the crisis line.
"""

import secrets
import time
from urllib.parse import urlsplit

from deploy import stack
from tests.deploy.conftest import free_port, get, poll


def lines_of(logs: str, request_id: str) -> list[str]:
    return [line for line in logs.splitlines() if request_id in line]


def test_a_search_for_suicide_shows_the_crisis_line_and_no_log_holds_the_query(
    production_stack,
):
    response = get(production_stack.proxy_url + "/search/?q=suicide")
    marker = secrets.token_hex(4)
    # Straight to each app server too, with a word found nowhere else in the logs.
    direct = [get(f"{url}/search/?q=kill+myself+{marker}") for url in production_stack.app_urls]
    time.sleep(1.1)  # nginx flushes its access log every second

    assert response.status == 200
    assert 'class="crisis-line crisis-line--inline crisis-help"' in response.text
    assert "988 Suicide &amp; Crisis Lifeline" in response.text
    assert [r.status for r in direct] == [200] * len(direct)
    assert all("crisis-help" in r.text for r in direct)

    logs = production_stack.logs()
    proxied = lines_of(logs, response.header("X-Request-ID"))
    # One line from nginx (it has the cache status), one from the app server behind it.
    assert len(proxied) == 2, proxied
    assert len([line for line in proxied if "cache=" in line]) == 1, proxied
    for line in proxied + [
        line for r in direct for line in lines_of(logs, r.header("X-Request-ID"))
    ]:
        assert '"GET /search/"' in line, line
        assert "q=" not in line and "suicide" not in line and "myself" not in line, line
    assert marker not in logs


def test_a_search_the_app_server_never_answers_leaves_no_query_in_the_proxys_logs(tmp_path):
    """nginx's error lines quote the request line; for searches it keeps them to itself."""
    stack.state_dir_prepare(tmp_path)
    proxy_url = f"http://127.0.0.1:{free_port()}"
    config = tmp_path / "nginx.conf"
    config.write_text(
        stack.nginx_config_render(
            state_dir=tmp_path,
            listen=urlsplit(proxy_url).netloc,
            https_listen=f"127.0.0.1:{free_port()}",
            tls_certificate=stack.tls_certificate_create_if_missing(tmp_path),
            app_addresses=[f"127.0.0.1:{free_port()}"],  # nothing listens there
            media_root=tmp_path,
            access_log=str(tmp_path / "access.log"),
        )
    )
    nginx = stack.nginx_start(config, tmp_path / "nginx.log")
    marker = secrets.token_hex(4)
    try:
        search, _ = poll(lambda: _answer(f"{proxy_url}/search/?q=suicide+{marker}"), timeout=10)
        page = get(f"{proxy_url}/blog/?tag={marker}-page")
        time.sleep(1.1)  # the access log is flushed every second
    finally:
        nginx.stop()

    assert search.status == 502
    assert page.status == 502
    error_log = (tmp_path / "nginx.log").read_text()
    access_log = (tmp_path / "access.log").read_text()
    # Other failures are still logged in full, so the proxy is not blind.
    assert f"{marker}-page" in error_log
    assert f"q=suicide+{marker}" not in error_log
    assert marker not in access_log
    assert '"GET /search/" 502' in access_log


def _answer(url):
    try:
        return get(url)
    except ConnectionError:
        return None  # nginx is still starting

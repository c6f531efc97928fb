"""HTTPS on the production stack: the proxy's TLS listener, its redirect from plain
HTTP, HSTS, __Host- cookies, and the Mozilla HTTP Observatory's score for every
public page type and the admin's sign-in page."""

import json
import socket
import ssl
import time
from urllib.parse import urlsplit

import pytest

from tests.deploy.conftest import CSRF_COOKIE, SESSION_COOKIE, Browser, admin_app_code, get
from tests.deploy.observatory import observatory_score
from tests.practice_site.test_security_headers import PAGE_TYPES


@pytest.fixture(scope="module")
def page_paths(production_stack) -> dict[str, str]:
    """One live page of each type, by its path."""
    code = (
        "import json; from django.apps import apps; from wagtail.models import Page; "
        f"print(json.dumps({{t: Page.objects.live().type(apps.get_model(t)).first().url "
        f"for t in {PAGE_TYPES!r}}}))"
    )
    return json.loads(production_stack.manage_shell(code))


def plain_http(https_url: str) -> str:
    """The same address with http://, as someone typing it without https would ask."""
    return "http://" + https_url.removeprefix("https://")


def test_plain_http_to_the_public_port_is_redirected_to_the_same_address_over_https(
    production_stack,
):
    url = f"{production_stack.https_url}/blog/?page=2"

    response = get(plain_http(url))

    assert response.status == 301
    assert response.header("Location") == url


def test_hsts_is_sent_over_https_also_for_pages_the_plain_origin_put_in_the_cache(
    production_stack, page_paths
):
    path = page_paths["practice_site.TreatmentIndexPage"]
    production_stack.purge(path)

    filled_over_plain_origin = get(production_stack.proxy_url + path)
    over_https = get(production_stack.https_url + path)

    assert filled_over_plain_origin.cache_status == "MISS"
    assert over_https.status == 200
    assert over_https.cache_status == "HIT"
    assert over_https.header("Strict-Transport-Security") == "max-age=31536000; includeSubDomains"


def test_cookies_are_secure_host_prefixed_and_signing_in_over_https_works(production_stack):
    browser = Browser()

    form = browser.get(production_stack.https_url + "/admin/login/")
    browser.admin_login(production_stack.https_url)
    dashboard = browser.get(production_stack.https_url + "/admin/")

    set_cookies = form.headers.get_all("Set-Cookie")
    assert [value.split("=")[0] for value in set_cookies] == [CSRF_COOKIE]
    flags = {flag.strip() for flag in set_cookies[0].split(";")[1:]}
    assert {"Secure", "HttpOnly", "SameSite=Lax", "Path=/"} <= flags
    assert not any(flag.startswith("Domain") for flag in flags)
    assert SESSION_COOKIE in browser.cookies
    assert dashboard.status == 200
    assert "Dashboard" in dashboard.text
    # Signed in, pages come from the app, never from the cache.
    home = browser.get(production_stack.https_url + "/")
    assert home.cache_status == "BYPASS"


def test_an_administrator_signs_in_with_a_code_from_the_authenticator_app_over_https(
    production_stack,
):
    wrong = Browser()
    wrong.admin_login_password_only(production_stack.https_url)
    not_the_code = f"{(int(admin_app_code()) + 1) % 1_000_000:06d}"
    refused = wrong.second_factor_send(production_stack.https_url, not_the_code)
    assert refused.status == 200
    assert "That code was not accepted" in refused.text
    assert wrong.get(production_stack.https_url + "/admin/").status == 302  # still not in
    time.sleep(1.1)  # django-otp waits a second after a wrong code before the next try

    browser = Browser()
    browser.admin_login(production_stack.https_url, with_app_code=True)
    dashboard = browser.get(production_stack.https_url + "/admin/")

    assert dashboard.status == 200
    assert "Dashboard" in dashboard.text


def _score(production_stack, path: str):
    url = production_stack.https_url + path
    response = get(url)
    redirect = get(plain_http(url))
    score = observatory_score(
        response,
        redirect_status=redirect.status,
        redirect_location=redirect.header("Location"),
        origin=production_stack.https_url,
        session_names={SESSION_COOKIE, CSRF_COOKIE},
    )
    return response, score


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_public_page_type_scores_100_or_more_on_the_http_observatory(
    production_stack, page_paths, page_type
):
    response, score = _score(production_stack, page_paths[page_type])

    assert response.status == 200
    assert score.total >= 100, score.results


def test_the_admin_sign_in_page_scores_100_or_more_on_the_http_observatory(production_stack):
    response, score = _score(production_stack, "/admin/login/")

    assert response.status == 200
    assert (
        "'unsafe-inline'"
        not in response.header("Content-Security-Policy").split("script-src")[1].split(";")[0]
    )
    assert score.total >= 100, score.results


def test_the_https_listener_offers_http2_and_tls_1_2_or_newer(production_stack):
    parts = urlsplit(production_stack.https_url)
    context = ssl.create_default_context(cafile=production_stack.tls_certificate.certificate)
    context.set_alpn_protocols(["h2", "http/1.1"])

    with (
        socket.create_connection((parts.hostname, parts.port), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname=parts.hostname) as tls,
    ):
        assert tls.selected_alpn_protocol() == "h2"
        assert tls.version() in ("TLSv1.2", "TLSv1.3")

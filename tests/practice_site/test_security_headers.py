"""Every kind of public response carries the security headers; cookies are locked down."""

import pytest

from django.apps import apps

from wagtail.models import Page

pytestmark = pytest.mark.django_db

PAGE_TYPES = [
    "practice_site.HomePage",
    "practice_site.StandardPage",
    "practice_site.ContactPage",
    "practice_site.TreatmentIndexPage",
    "practice_site.TreatmentPage",
    "practice_site.TeamIndexPage",
    "practice_site.ClinicianPage",
    "blog.BlogIndexPage",
    "blog.BlogPage",
]
OTHER_URLS = [
    "/blog/feed/",
    "/blog/feed/atom/",
    "/contact/thank-you/",
    "/search/?q=depression",
    "/sitemap.xml",
    "/robots.txt",
    "/no-such-page/",
]


def url_of_a_live(page_type: str) -> str:
    model = apps.get_model(page_type)
    return Page.objects.live().type(model).first().url


def listing_urls() -> list[str]:
    from taggit.models import Tag

    from blog.models import BlogCategory

    return [
        f"/blog/tag/{Tag.objects.filter(blog_blogpagetag_items__isnull=False).first().slug}/",
        f"/blog/category/{BlogCategory.objects.first().slug}/",
    ]


def assert_security_headers(response):
    csp = response["Content-Security-Policy"]
    directives = {}
    for part in csp.split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value
    for directive in ("script-src", "style-src"):
        assert directives[directive] == "'self'", csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert len(response["X-Request-ID"]) == 32


@pytest.fixture
def https_settings(settings):
    # As production sends them; Django adds HSTS only to https responses.
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    return settings


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_page_type_sends_the_security_headers(client, https_settings, page_type):
    response = client.get(url_of_a_live(page_type), secure=True)

    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.parametrize("url", OTHER_URLS)
def test_feeds_listings_search_and_errors_send_the_security_headers(client, https_settings, url):
    response = client.get(url, secure=True)

    assert response.status_code in (200, 404)
    assert_security_headers(response)


def test_tag_and_category_listings_send_the_security_headers(client, https_settings):
    for url in listing_urls():
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        assert_security_headers(response)


def test_the_admin_gets_its_own_policy_and_still_no_framing_by_others(admin_client):
    response = admin_client.get("/admin/")

    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in csp
    assert "script-src 'self' 'unsafe-inline'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/login/",
        "/admin/password_reset/",
        "/admin/password_reset/done/",
        "/admin/password_reset/complete/",
        "/admin/two-factor/verify/",
        "/admin/two-factor/set-up/",
    ],
)
def test_the_sign_in_and_password_pages_allow_no_inline_scripts(client, url):
    response = client.get(url)

    directives = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'self'"


def test_the_csrf_cookie_is_httponly_and_same_site(client):
    cookie = client.get("/contact/").cookies["csrftoken"]

    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_the_session_cookie_is_httponly_and_same_site(client, django_user_model):
    django_user_model.objects.create_user("editor", password="a long test password")
    page = client.get("/admin/login/")
    token = page.cookies["csrftoken"].value

    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": "a long test password", "csrfmiddlewaretoken": token},
    )

    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_hsts_is_sent_over_plain_http_too_so_a_cached_page_carries_it_over_https(
    client, https_settings
):
    # The proxy keeps one cache entry for its HTTPS and its plain listener.
    response = client.get("/")

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_no_hsts_where_it_is_off(client, settings):
    settings.SECURE_HSTS_SECONDS = 0

    assert "Strict-Transport-Security" not in client.get("/", secure=True)

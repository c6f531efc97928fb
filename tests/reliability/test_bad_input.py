"""Property-based tests: whatever a visitor (or a bot) sends, the answer is a clear 4xx
or a page, never a 500, and what they sent never comes back unescaped."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.core.cache import cache

from tests.practice_site.test_contact_form import valid_post

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text of every kind: unicode, control characters, query syntax, markup.
nasty_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=5000),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(1)>',
            "' OR 1=1 --",
            "\x00",
            'AND OR NOT ( ) " * ~ ^',
            "%00%0d%0a",
            "\u202e\u200b\ufeff",
            "../../etc/passwd",
        ]
    ),
)

MARKUP = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')


def assert_safe(response, sent: str):
    assert response.status_code < 500, response.status_code
    if sent in MARKUP:
        assert sent not in response.content.decode(errors="replace")


@EXAMPLES
@given(page=nasty_text)
def test_blog_page_numbers(client, site_content, page):
    response = client.get("/blog/", {"page": page})
    assert response.status_code in (200, 404)
    assert_safe(response, page)


@EXAMPLES
@given(query=nasty_text, page=st.one_of(st.none(), nasty_text))
def test_search_queries(client, site_content, query, page):
    params = {"q": query} if page is None else {"q": query, "page": page}
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert_safe(response, query)


@EXAMPLES
@given(slug=nasty_text)
def test_tag_and_category_slugs(client, site_content, slug):
    from urllib.parse import quote

    for prefix in ("/blog/tag/", "/blog/category/"):
        response = client.get(prefix + quote(slug, safe="") + "/")
        assert response.status_code in (200, 301, 404)
        assert_safe(response, slug)


@EXAMPLES
@given(
    field=st.sampled_from(
        ["name", "contact_method", "phone", "email", "best_time", "service", "consent"]
    ),
    value=nasty_text,
)
def test_contact_form_fields(client, site_content, field, value):
    cache.clear()  # Keep the rate limit out of the way of this test.
    response = client.post("/contact/", valid_post(**{field: value}))
    assert response.status_code in (302, 400)
    assert_safe(response, value)


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "TRACE", "PROPFIND", "OPTIONS"])
@pytest.mark.parametrize(
    "url", ["/", "/blog/", "/contact/", "/blog/treatment-resistant-depression/"]
)
def test_unknown_methods_get_405(client, site_content, method, url):
    response = client.generic(method, url)

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"
    assert "988" in response.content.decode()


def test_bad_host_header_gets_400(client, site_content):
    response = client.get("/", HTTP_HOST="evil.example.com")

    assert response.status_code == 400
    assert "Something was wrong with that request" in response.content.decode()


def test_oversized_body_gets_400(client, site_content, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    data = valid_post(name="x" * 20_000)

    response = client.post("/contact/", data)

    assert response.status_code == 400


def test_too_many_fields_gets_400(client, site_content, settings):
    data = valid_post()
    data.update({f"extra{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)})

    response = client.post("/contact/", data)

    assert response.status_code == 400


def test_csrf_failure_is_a_friendly_403(site_content):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/contact/", valid_post())

    assert response.status_code == 403
    assert "That form could not be sent" in response.content.decode()
    assert "988" in response.content.decode()

"""Error pages stay friendly and keep the crisis line, even when the database is down."""

import pytest

from tests.html import parse


def test_server_error_page_renders_without_the_database(rf):
    # No database access is allowed in this test: a query would fail it.
    from practice_site.edge.errors import server_error

    response = server_error(rf.get("/"))

    assert response.status_code == 500
    soup = parse(response)
    assert soup.h1.get_text(strip=True) == "Something went wrong"
    assert "988 Suicide & Crisis Lifeline" in soup.find("aside", class_="crisis-line").get_text()
    assert soup.find("main", id="main-content") is not None


@pytest.mark.django_db
def test_not_found_page_is_friendly_and_not_indexed(client, site_content):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    soup = parse(response)
    assert soup.h1.get_text(strip=True) == "Page not found"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert soup.find("a", href="/") is not None


@pytest.mark.django_db
def test_server_error_page_shows_how_to_reach_the_practice(rf, practice_settings):
    practice_settings.phone = "(312) 555-0199"
    practice_settings.save()
    # The database is out of reach while the page renders.
    from django.db import connections

    from practice_site.edge.errors import server_error

    with connections["default"].execute_wrapper(_refuse_queries):
        response = server_error(rf.get("/", HTTP_HOST="localhost"))

    soup = parse(response)
    assert soup.find("a", href="tel:+13125550199").get_text() == "(312) 555-0199"
    assert practice_settings.practice_name in soup.get_text()


def _refuse_queries(execute, sql, params, many, context):
    raise AssertionError(f"The error page queried the database: {sql}")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/blog/treatment-resistant-depression/", "/contact/"])
def test_database_outage_answers_a_friendly_503(client, site_content, url):
    from django.db import OperationalError, connections

    def database_down(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    with connections["default"].execute_wrapper(database_down):
        response = client.get(url)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    soup = parse(response)
    assert soup.h1.get_text(strip=True) == "We will be back shortly"
    assert "988" in soup.find("aside", class_="crisis-line").get_text()

    # The next request, with the database back, is served normally.
    assert client.get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "headers", "status"),
    [("put", {}, 405), ("get", {"HTTP_HOST": "evil.example"}, 400)],
)
def test_plain_error_responses_carry_the_security_headers(client, method, headers, status):
    response = getattr(client, method)("/", **headers)

    assert response.status_code == status
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]

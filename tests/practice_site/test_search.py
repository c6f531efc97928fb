"""Site search at /search/?q=."""

import pytest

from blog.models import BlogIndexPage
from tests.factories import BlogPageFactory
from tests.html import parse, visible_text

pytestmark = pytest.mark.django_db


def result_titles(response):
    return [a.get_text(strip=True) for a in parse(response).select(".search-results__title a")]


def test_finds_published_pages_by_their_words(client, site_content):
    response = client.get("/search/", {"q": "esketamine"})

    assert response.status_code == 200
    assert "Esketamine and Ketamine: What to Know" in result_titles(response)


def test_never_finds_drafts(client, site_content):
    BlogPageFactory(parent=BlogIndexPage.objects.get(), title="Zyxwv secret draft", live=False)

    assert result_titles(client.get("/search/", {"q": "Zyxwv"})) == []


def test_results_page_is_not_indexed(client, site_content):
    soup = parse(client.get("/search/", {"q": "depression"}))
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_empty_search_shows_the_form_only(client, site_content):
    response = client.get("/search/")
    assert response.status_code == 200
    assert parse(response).find("input", attrs={"name": "q"}) is not None
    assert result_titles(response) == []


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "depression AND OR NOT (",
        "*",
        "'; DROP TABLE wagtailcore_page; --",
        "\x00\x01\x1f",
        "ketamine\u202eevil",
        "漢字 とうきょう",
        "😀" * 50,
    ],
)
def test_odd_queries_get_a_page_not_an_error(client, site_content, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


def test_very_long_queries_are_shortened_and_said_so(client, site_content):
    response = client.get("/search/", {"q": "depression " * 100})

    assert response.status_code == 200
    assert "only its first 200 characters were used" in visible_text(response)
    assert len(parse(response).find("input", attrs={"name": "q"})["value"]) <= 200


def test_query_is_shown_escaped(client, site_content):
    response = client.get("/search/", {"q": "<script>alert(1)</script>"})

    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_results_are_paginated(client, site_content):
    blog = BlogIndexPage.objects.get()
    for n in range(12):
        BlogPageFactory(parent=blog, title=f"Quokka note {n}", intro="About quokkas.")

    first = client.get("/search/", {"q": "quokka"})
    second = client.get("/search/", {"q": "quokka", "page": 2})

    assert len(result_titles(first)) == 10
    assert len(result_titles(second)) == 2
    assert parse(first).find("a", rel="next")["href"] == "?q=quokka&page=2"

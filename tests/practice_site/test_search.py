"""Site search at /search/?q=."""

import logging

import pytest

from django.apps import apps
from django.db import DatabaseError, models
from django.db.models import Q

from wagtail.query import PageQuerySet

from tests.factories import BlogPageFactory, TreatmentPageFactory
from tests.html import parse, visible_text

pytestmark = pytest.mark.django_db


def result_titles(response):
    return [a.get_text(strip=True) for a in parse(response).select(".search-results__title a")]


def test_finds_published_pages_by_their_words(client, site_tree):
    post = BlogPageFactory(
        parent=site_tree.blog,
        title="What to know about nasal sprays",
        body=[{"type": "paragraph", "value": "<p>Esketamine is given in the clinic.</p>"}],
    )
    treatment = TreatmentPageFactory(
        parent=site_tree.treatment_index,
        title="Nasal spray treatment",
        summary="Esketamine, a nasal spray, taken under supervision.",
    )

    response = client.get("/search/", {"q": "esketamine"})

    assert response.status_code == 200
    # Only this site's pages: the initial content's esketamine pages are on no site here.
    assert sorted(result_titles(response)) == sorted([post.title, treatment.title])


def test_never_finds_drafts(client, site_tree):
    BlogPageFactory(parent=site_tree.blog, title="Zyxwv secret draft", live=False)

    assert result_titles(client.get("/search/", {"q": "Zyxwv"})) == []


def test_results_page_is_not_indexed(client, site_tree):
    soup = parse(client.get("/search/", {"q": "depression"}))
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_empty_search_shows_the_form_only(client, site_tree):
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
def test_odd_queries_get_a_page_not_an_error(client, site_tree, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


def test_very_long_queries_are_shortened_and_said_so(client, site_tree):
    response = client.get("/search/", {"q": "depression " * 100})

    assert response.status_code == 200
    assert "only its first 200 characters were used" in visible_text(response)
    assert len(parse(response).find("input", attrs={"name": "q"})["value"]) <= 200


def test_query_is_shown_escaped(client, site_tree):
    response = client.get("/search/", {"q": "<script>alert(1)</script>"})

    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_results_are_paginated(client, site_tree):
    for n in range(12):
        BlogPageFactory(parent=site_tree.blog, title=f"Quokka note {n}", intro="About quokkas.")

    first = client.get("/search/", {"q": "quokka"})
    second = client.get("/search/", {"q": "quokka", "page": 2})

    assert len(result_titles(first)) == 10
    assert len(result_titles(second)) == 2
    assert parse(first).find("a", rel="next")["href"] == "?q=quokka&page=2"


def crisis_help(response):
    return parse(response).find("section", class_="crisis-help")


def test_a_search_for_suicide_shows_the_crisis_line_above_the_results(client, site_tree):
    BlogPageFactory(
        parent=site_tree.blog, title="Talking about suicide", intro="Suicide and depression."
    )

    response = client.get("/search/", {"q": "suicide"})

    assert response.status_code == 200
    help_box = crisis_help(response)
    assert help_box is not None
    assert "988 Suicide & Crisis Lifeline" in help_box.get_text()
    assert help_box.find("a", href="tel:988") is not None
    assert help_box.find("a", href="https://988lifeline.org/") is not None
    assert help_box.find("a", href="tel:911") is not None
    assert "Talking about suicide" in result_titles(response)
    html = response.content.decode()
    assert html.index("crisis-help") < html.index("search-results")


def test_the_crisis_line_shows_when_nothing_matches_too(client, site_tree):
    response = client.get("/search/", {"q": "I want to kill myself"})

    assert crisis_help(response) is not None
    assert "No pages match" in visible_text(response)
    html = response.content.decode()
    assert html.index("crisis-help") < html.index("No pages match")


@pytest.mark.parametrize(
    "query",
    [
        "Suicide?",
        "SUICIDAL   thoughts",
        "i want to KILL   MYSELF!!",
        "how to end-my-life",
        "self harm",
        "Self-Harm help",
        "I don’t want to live",
        "dont want to live",
        "overdose.",
        "Suicídio",  # accents are ignored: a list in another language can come later
        "no reason\tto live",
    ],
)
def test_queries_that_suggest_risk_show_the_crisis_line(client, site_tree, query):
    if query == "Suicídio":
        practice = site_tree.settings
        practice.crisis_search_terms += "\nsuicidio"
        practice.save()

    assert crisis_help(client.get("/search/", {"q": query})) is not None


@pytest.mark.parametrize(
    "query", ["skills", "kill", "killer whale", "depression", "TMS", "myself", "end of life care"]
)
def test_other_queries_do_not(client, site_tree, query):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert crisis_help(response) is None


def test_the_terms_are_edited_in_practice_settings(client, site_tree):
    practice = site_tree.settings
    practice.crisis_search_terms = "Hopeless\n  can't go on  \n"
    practice.save()

    assert crisis_help(client.get("/search/", {"q": "feeling hopeless"})) is not None
    assert crisis_help(client.get("/search/", {"q": "I cant go on"})) is not None
    assert crisis_help(client.get("/search/", {"q": "suicide"})) is None


def test_a_term_matches_whole_words_only(client, site_tree):
    practice = site_tree.settings
    practice.crisis_search_terms = "kill"
    practice.save()

    assert crisis_help(client.get("/search/", {"q": "Kill!"})) is not None
    assert crisis_help(client.get("/search/", {"q": "coping skills"})) is None
    assert crisis_help(client.get("/search/", {"q": "killjoy"})) is None


def test_the_crisis_line_shows_even_when_search_fails_and_the_log_has_no_query(
    client, site_tree, monkeypatch, caplog
):
    def broken_index(self, query, *args, **kwargs):
        # As PostgreSQL does for a query it cannot parse: the message quotes it.
        raise DatabaseError(f'syntax error in tsquery: "{query}"')

    monkeypatch.setattr(PageQuerySet, "search", broken_index)

    response = client.get("/search/", {"q": "suicidal zqxvplum"})

    assert "Search is not working" in visible_text(response)
    assert crisis_help(response) is not None
    assert "Search failed: DatabaseError" in caplog.text
    assert "zqxvplum" not in caplog.text


def test_no_search_is_stored_or_logged(client, site_tree, caplog, settings):
    query = "want to die zqxvplum"

    with caplog.at_level(logging.DEBUG):
        response = client.get("/search/", {"q": query})

    assert crisis_help(response) is not None
    assert "zqxvplum" not in caplog.text
    # Wagtail's search promotions would keep every query with a hit count.
    assert "wagtail.contrib.search_promotions" not in settings.INSTALLED_APPS
    for model in apps.get_models():
        text_fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
            and not f.is_relation
        ]
        if text_fields:
            matches = Q()
            for name in text_fields:
                matches |= Q(**{f"{name}__icontains": "zqxvplum"})
            assert not model._default_manager.filter(matches).exists(), model


def test_searching_too_often_answers_429_with_the_crisis_help_and_the_query_kept(
    client, site_tree, settings
):
    settings.SEARCH_RATE_LIMIT = "3/m"
    allowed = [client.get("/search/", {"q": "suicide"}) for _ in range(3)]
    refused = client.get("/search/", {"q": "suicide"})
    other = client.get("/search/", {"q": "suicide"}, REMOTE_ADDR="192.0.2.99")

    assert [r.status_code for r in allowed] == [200, 200, 200]
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    soup = parse(refused)
    assert "Please wait about" in visible_text(refused)
    assert soup.select_one(".crisis-help")  # help for what was searched, limit or not
    assert soup.select_one("#search-query")["value"] == "suicide"
    assert soup.select(".search-results__title a") == []
    assert other.status_code == 200

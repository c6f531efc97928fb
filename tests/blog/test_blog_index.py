import datetime

import pytest

from django.utils import timezone

from tests.factories import BlogPageFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog(site_tree):
    return site_tree.blog


def post_titles(response):
    return [a.get_text(strip=True) for a in parse(response).select(".post-card__title a")]


def test_lists_published_posts_newest_first(client, site_tree):
    # Made last, dated first: the listing goes by post date, not by when a post was made.
    oldest = BlogPageFactory(
        parent=site_tree.blog, date=timezone.localdate() - datetime.timedelta(days=365)
    )

    titles = post_titles(client.get("/blog/"))

    assert titles == [post.title for post in site_tree.posts] + [oldest.title]


def test_leaves_out_drafts(client, blog):
    draft = BlogPageFactory(parent=blog, title="Unfinished draft", live=False)
    assert not draft.live

    assert "Unfinished draft" not in post_titles(client.get("/blog/"))


@pytest.mark.parametrize("page_param", ["abc", "0", "-1", "999", "1.5", "", "%00"])
def test_bad_page_numbers_show_a_real_page(client, blog, page_param):
    response = client.get("/blog/", {"page": page_param})

    assert response.status_code == 200
    assert post_titles(response)


def test_paginates_after_ten_posts(client, site_tree):
    for _ in range(12 - len(site_tree.posts)):
        BlogPageFactory(parent=site_tree.blog)

    first = client.get("/blog/")
    second = client.get("/blog/", {"page": 2})

    assert len(post_titles(first)) == 10
    assert len(post_titles(second)) == 2
    assert parse(first).find("a", rel="next")["href"] == "?page=2"

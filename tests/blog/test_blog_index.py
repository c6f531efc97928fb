import pytest

from blog.models import BlogIndexPage
from tests.factories import BlogPageFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog_index(site_content):
    return BlogIndexPage.objects.get()


def post_titles(response):
    return [a.get_text(strip=True) for a in parse(response).select(".post-card__title a")]


def test_lists_published_posts_newest_first(client, blog_index):
    response = client.get("/blog/")

    titles = post_titles(response)
    assert titles[0] == "Understanding Treatment-Resistant Depression: What You Need to Know"
    assert len(titles) == 4


def test_leaves_out_drafts(client, blog_index):
    draft = BlogPageFactory(parent=blog_index, title="Unfinished draft", live=False)
    assert not draft.live

    assert "Unfinished draft" not in post_titles(client.get("/blog/"))


@pytest.mark.parametrize("page_param", ["abc", "0", "-1", "999", "1.5", "", "%00"])
def test_bad_page_numbers_show_a_real_page(client, blog_index, page_param):
    response = client.get("/blog/", {"page": page_param})

    assert response.status_code == 200
    assert post_titles(response)


def test_paginates_after_ten_posts(client, blog_index):
    for _ in range(8):
        BlogPageFactory(parent=blog_index)

    first = client.get("/blog/")
    second = client.get("/blog/", {"page": 2})

    assert len(post_titles(first)) == 10
    assert len(post_titles(second)) == 2
    assert parse(first).find("a", rel="next")["href"] == "?page=2"

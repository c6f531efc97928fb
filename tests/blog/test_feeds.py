"""RSS and Atom feeds, as a feed reader parses them."""

import feedparser
import pytest

from blog.models import BlogIndexPage
from tests.factories import BlogPageFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog(site_content):
    return BlogIndexPage.objects.get()


@pytest.mark.parametrize(
    ("url", "content_type", "version"),
    [
        ("/blog/feed/", "application/rss+xml; charset=utf-8", "rss20"),
        ("/blog/feed/atom/", "application/atom+xml; charset=utf-8", "atom10"),
    ],
)
def test_feed_lists_the_newest_posts_with_absolute_links(client, blog, url, content_type, version):
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    feed = feedparser.parse(response.content)
    assert feed.version == version
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) == 4
    first = feed.entries[0]
    assert first.title == "Understanding Treatment-Resistant Depression: What You Need to Know"
    assert first.link == "http://testserver/blog/treatment-resistant-depression/"
    assert first.summary.startswith("Depression is one of the most common")
    assert feed.feed.link.startswith("http://testserver/blog/")


def test_feed_holds_the_newest_20_and_no_drafts(client, blog):
    for _ in range(25):
        BlogPageFactory(parent=blog)
    BlogPageFactory(parent=blog, title="A draft nobody should see", live=False)

    feed = feedparser.parse(client.get("/blog/feed/").content)

    assert len(feed.entries) == 20
    assert "A draft nobody should see" not in [entry.title for entry in feed.entries]
    dates = [entry.published_parsed for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("url", ["/", "/contact/", "/blog/treatment-resistant-depression/"])
def test_every_page_advertises_both_feeds(client, blog, url):
    soup = parse(client.get(url))
    alternates = {link["type"]: link["href"] for link in soup.find_all("link", rel="alternate")}
    assert alternates == {
        "application/rss+xml": "/blog/feed/",
        "application/atom+xml": "/blog/feed/atom/",
    }
